package job

import "testing"
import (
	"github.com/synthkit/synthkit/dataset"
)

func TestPlan(t *testing.T) {
	tests := []struct {
		n, per int64
		shards int
		last   [2]int64
	}{
		{12, 4, 3, [2]int64{8, 12}},
		{13, 4, 4, [2]int64{12, 13}},
		{3, 256, 1, [2]int64{0, 3}},
		{1, 1, 1, [2]int64{0, 1}},
		{1_000_000_000, 256, 3906250, [2]int64{999_999_744, 1_000_000_000}},
		{1_000_000_000, 1, 1_000_000_000, [2]int64{999_999_999, 1_000_000_000}},
	}
	for _, tt := range tests {
		p := Plan{Samples: tt.n, SamplesPerShard: tt.per}
		if got := p.NumShards(); got != tt.shards {
			t.Errorf("%+v: NumShards = %d, want %d", p, got, tt.shards)
			continue
		}
		lo, hi, err := p.ShardRange(tt.shards - 1)
		if err != nil || lo != tt.last[0] || hi != tt.last[1] {
			t.Errorf("%+v: last shard [%d, %d) %v, want %v", p, lo, hi, err, tt.last)
		}
		if tt.shards <= 100 { // the ranges tile [0, n) exactly
			var next int64
			for k := 0; k < tt.shards; k++ {
				lo, hi, err := p.ShardRange(k)
				if err != nil || lo != next || hi <= lo || hi-lo > tt.per {
					t.Fatalf("%+v: shard %d = [%d, %d) %v after %d", p, k, lo, hi, err, next)
				}
				for i := lo; i < hi; i++ {
					if p.ShardOf(i) != k {
						t.Fatalf("%+v: ShardOf(%d) = %d, want %d", p, i, p.ShardOf(i), k)
					}
				}
				next = hi
			}
			if next != tt.n {
				t.Errorf("%+v: shards end at %d", p, next)
			}
		}
		for _, k := range []int{-1, tt.shards} {
			if _, _, err := p.ShardRange(k); err == nil {
				t.Errorf("%+v: ShardRange(%d) succeeded", p, k)
			}
		}
	}
	if n := (Plan{Samples: 0, SamplesPerShard: 4}).NumShards(); n != 0 {
		t.Errorf("empty plan has %d shards", n)
	}
}

func TestShardFileNames(t *testing.T) {
	tests := []struct {
		k, n        int
		arrow, side string
	}{
		{3, 16, "data-00003-of-00016.arrow", "data-00003-of-00016.json"},
		{0, 1, "data-00000-of-00001.arrow", "data-00000-of-00001.json"},
		{123456, 200000, "data-123456-of-200000.arrow", "data-123456-of-200000.json"},
	}
	for _, tt := range tests {
		if got := dataset.ShardFileName(tt.k, tt.n); got != tt.arrow {
			t.Errorf("ShardFileName(%d, %d) = %q, want %q", tt.k, tt.n, got, tt.arrow)
		}
		if got := dataset.SidecarFileName(tt.k, tt.n); got != tt.side {
			t.Errorf("SidecarFileName(%d, %d) = %q, want %q", tt.k, tt.n, got, tt.side)
		}
		for _, name := range []string{tt.arrow, tt.side} {
			k, n, _, ok := dataset.ParseShardFileName(name)
			if !ok || k != tt.k || n != tt.n {
				t.Errorf("ParseShardFileName(%q) = %d, %d, %v", name, k, n, ok)
			}
		}
	}
	for _, bad := range []string{
		"data-3-of-16.arrow", "data-00016-of-00016.arrow", "data-00000-of-00000.json",
		".data-00003-of-00016.arrow.123.tmp", "data-00003-of-00016.parquet", "data-000003-of-00016.arrow",
		"manifest.json", "data-00003-of-00016.arrow.tmp",
	} {
		if _, _, _, ok := dataset.ParseShardFileName(bad); ok {
			t.Errorf("ParseShardFileName(%q) accepted", bad)
		}
	}
}
