package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/synthkit/synthkit/dataset"
)

// State is the state of one shard in a directory.
type State string

// Shard states.
const (
	// Complete: the sidecar exists and the shard file matches it.
	Complete State = "complete"
	// Missing: no sidecar (perhaps a shard file whose commit never ended).
	Missing State = "missing"
	// Corrupt: a sidecar exists but is unreadable, or the shard file is
	// missing, truncated or does not match its size or SHA-256.
	Corrupt State = "corrupt"
)

// ShardState is the state of one shard.
type ShardState struct {
	Shard   int
	State   State
	Sidecar dataset.Sidecar // when the sidecar could be read
	Problem string          // why the shard is Missing or Corrupt
}

// CorruptShard names a corrupt shard and what is wrong with it.
type CorruptShard struct {
	Shard   int
	File    string // the shard file's name
	Problem string
}

// String formats the shard as "data-00007-of-00016.arrow: 1024 bytes,
// sidecar says 2048 (truncated or replaced)".
func (c CorruptShard) String() string { return c.File + ": " + c.Problem }

// StatusReport is what Status found in a directory.
type StatusReport struct {
	Dir       string
	NumShards int
	SpecHash  string
	Complete  []int          // shards whose sidecar exists and whose file matches it
	Missing   []int          // shards without a sidecar
	Corrupt   []CorruptShard // shards with a sidecar and a file that does not match it
	Rows      int64          // rows in the complete shards
	Bytes     int64          // bytes of the complete shards
	Shards    []ShardState   // one per shard, 0..NumShards-1
	Temp      []string       // temporary files left by interrupted commits
}

// Status reports the state of every shard of the dataset at dir (a
// directory or a URL, see OpenStore), from its sidecars, hashing every
// shard file (SHA-256) to compare it with its sidecar. It returns an error
// when dir cannot be read, holds no sidecar, or holds sidecars of
// different jobs (spec hash or shard count).
func Status(dir string) (StatusReport, error) {
	ctx := context.Background()
	st, err := OpenStore(ctx, dir)
	if err != nil {
		return StatusReport{Dir: dir}, err
	}
	defer st.Close()
	return status(ctx, st, false)
}

// StatusOf is Status for the dataset in st.
func StatusOf(ctx context.Context, st Store) (StatusReport, error) { return status(ctx, st, false) }

// SizeStatus is StatusOf comparing only the sizes of the shard files with
// their sidecars, not their SHA-256: what Open checks.
func SizeStatus(ctx context.Context, st Store) (StatusReport, error) { return status(ctx, st, true) }

// status is Status, comparing only sizes when skipHash.
func status(ctx context.Context, st Store, skipHash bool) (StatusReport, error) {
	rep := StatusReport{Dir: st.String()}
	names, err := st.List(ctx)
	if err != nil {
		return rep, err
	}
	slices.Sort(names)
	type found struct {
		sidecar, arrow bool
	}
	byShard := map[int]*found{}
	n := -1
	for _, name := range names {
		if IsTempName(name) {
			rep.Temp = append(rep.Temp, name)
			continue
		}
		k, nn, ext, ok := dataset.ParseShardFileName(name)
		if !ok {
			continue
		}
		if ext == "json" {
			if n >= 0 && nn != n {
				return rep, fmt.Errorf("%s holds sidecars of %d and of %d shards: shards of different jobs", rep.Dir, n, nn)
			}
			n = nn
		}
		f := byShard[k]
		if f == nil {
			f = &found{}
			byShard[k] = f
		}
		if ext == "json" {
			f.sidecar = true
		} else {
			f.arrow = true
		}
	}
	if n < 0 {
		return rep, fmt.Errorf("%s holds no shard sidecars (data-*-of-*.json)", rep.Dir)
	}
	rep.NumShards = n
	rep.Shards = make([]ShardState, n)
	for k := range rep.Shards {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		s := &rep.Shards[k]
		s.Shard = k
		f := byShard[k]
		s.State, s.Problem = shardState(ctx, st, k, n, f != nil && f.sidecar, f != nil && f.arrow, skipHash, &s.Sidecar)
		if s.State == Complete {
			if rep.SpecHash == "" {
				rep.SpecHash = s.Sidecar.SpecHash
			} else if s.Sidecar.SpecHash != rep.SpecHash {
				return rep, fmt.Errorf("%s holds shards of different specs (%.12s… and %.12s…)", rep.Dir, rep.SpecHash, s.Sidecar.SpecHash)
			}
		}
		switch s.State {
		case Complete:
			rep.Complete = append(rep.Complete, k)
			rep.Rows += s.Sidecar.Rows
			rep.Bytes += s.Sidecar.Bytes
		case Missing:
			rep.Missing = append(rep.Missing, k)
		case Corrupt:
			rep.Corrupt = append(rep.Corrupt, CorruptShard{Shard: k, File: dataset.ShardFileName(k, n), Problem: s.Problem})
		}
	}
	return rep, nil
}

// shardState decides the state of shard k of n.
func shardState(ctx context.Context, st Store, k, n int, hasSidecar, hasArrow, skipHash bool, sc *dataset.Sidecar) (State, string) {
	switch {
	case !hasSidecar && hasArrow:
		return Missing, "shard file without sidecar (its commit did not finish)"
	case !hasSidecar:
		return Missing, "no sidecar"
	}
	var err error
	*sc, err = ReadSidecarFrom(ctx, st, dataset.SidecarFileName(k, n))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			// Removed since the listing: a commit in progress.
			return Missing, "no sidecar"
		}
		return Corrupt, err.Error()
	}
	if sum := sha256.Sum256(sc.Spec); hex.EncodeToString(sum[:]) != sc.SpecHash {
		return Corrupt, "sidecar's spec does not match its spec_hash"
	}
	if err := CheckShard(ctx, st, *sc, skipHash); err != nil {
		return Corrupt, strings.TrimPrefix(err.Error(), ErrIncomplete.Error()+": ")
	}
	return Complete, ""
}

// OK reports whether every shard is complete.
func (r StatusReport) OK() bool { return r.NumShards > 0 && len(r.Complete) == r.NumShards }

// Summary returns a one-line account such as "14 of 16 shards complete;
// missing: 3; corrupt: 7 (data-00007-of-00016.arrow: 1024 bytes, sidecar
// says 2048 (truncated or replaced))".
func (r StatusReport) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d shards complete", len(r.Complete), r.NumShards)
	if len(r.Missing) > 0 {
		fmt.Fprintf(&b, "; missing: %s", intList(r.Missing, 10))
	}
	if len(r.Corrupt) > 0 {
		ks := make([]int, len(r.Corrupt))
		for i, c := range r.Corrupt {
			ks[i] = c.Shard
		}
		fmt.Fprintf(&b, "; corrupt: %s (%s)", intList(ks, 10), r.Corrupt[0])
	}
	if len(r.Temp) > 0 {
		fmt.Fprintf(&b, "; %d temporary files of interrupted commits", len(r.Temp))
	}
	return b.String()
}

func intList(ks []int, limit int) string {
	var parts []string
	for i, k := range ks {
		if i == limit {
			parts = append(parts, fmt.Sprintf("… (%d more)", len(ks)-limit))
			break
		}
		parts = append(parts, fmt.Sprint(k))
	}
	return strings.Join(parts, ", ")
}
