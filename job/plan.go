package job

import (
	"fmt"
)

// Plan splits a job's samples into shards: shard k of N holds the samples
// [k·S, min((k+1)·S, n)) where S is the samples per shard and n the number
// of samples. It depends only on the two counts.
type Plan struct {
	Samples         int64 // samples in the job, > 0
	SamplesPerShard int64 // samples per shard, > 0
}

// Plan returns the shard plan of a normalized spec.
func (s *Spec) Plan() Plan {
	return Plan{Samples: s.Samples, SamplesPerShard: s.SamplesPerShard}
}

// NumShards returns N = ⌈Samples / SamplesPerShard⌉ (0 for an invalid plan).
func (p Plan) NumShards() int {
	if p.Samples <= 0 || p.SamplesPerShard <= 0 {
		return 0
	}
	return int((p.Samples + p.SamplesPerShard - 1) / p.SamplesPerShard)
}

// ShardRange returns the half-open sample range [lo, hi) of shard k, or an
// error when k is not in 0..N-1.
func (p Plan) ShardRange(k int) (lo, hi int64, err error) {
	n := p.NumShards()
	if k < 0 || k >= n {
		return 0, 0, fmt.Errorf("shard %d out of range 0..%d", k, n-1)
	}
	lo = int64(k) * p.SamplesPerShard
	return lo, min(lo+p.SamplesPerShard, p.Samples), nil
}

// ShardOf returns the shard that holds sample index i.
func (p Plan) ShardOf(i int64) int { return int(i / p.SamplesPerShard) }

// SetNumShards sets SamplesPerShard to ⌈Samples / n⌉, the plan of n shards
// as even as the plan's shape allows (every shard but the last full). Some
// counts have no such plan: 10 samples make 4 shards of 3, 3, 3 and 1, or
// 5 of 2, never 6. Then it returns an error naming the nearest counts that
// work, and leaves s unchanged. s must be normalized.
func (s *Spec) SetNumShards(n int) error {
	if n <= 0 {
		return fmt.Errorf("%w: number of shards %d must be positive", ErrSpec, n)
	}
	if int64(n) > s.Samples {
		return fmt.Errorf("%w: %d shards for %d samples: at most one shard per sample", ErrSpec, n, s.Samples)
	}
	per := (s.Samples + int64(n) - 1) / int64(n)
	if got := (Plan{Samples: s.Samples, SamplesPerShard: per}).NumShards(); got != n {
		lo, hi := n, n
		for lo > 1 && (Plan{s.Samples, (s.Samples + int64(lo) - 1) / int64(lo)}).NumShards() != lo {
			lo--
		}
		for int64(hi) < s.Samples && (Plan{s.Samples, (s.Samples + int64(hi) - 1) / int64(hi)}).NumShards() != hi {
			hi++
		}
		return fmt.Errorf("%w: %d samples cannot be split into %d shards of equal size but the last (%d per shard makes %d shards); %d or %d shards can", ErrSpec, s.Samples, n, per, got, lo, hi)
	}
	s.SamplesPerShard = per
	return s.Validate()
}
