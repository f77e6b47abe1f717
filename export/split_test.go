package export

import (
	"errors"
	"math"
	"slices"
	"testing"
)

func TestParseSplits(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Splits
		err  bool
	}{
		{in: "", want: nil},
		{in: "train=0.9,val=0.1", want: Splits{{"train", 0.9}, {"val", 0.1}}},
		{in: " train = 8 , val=1,test=1 ", want: Splits{{"train", 8}, {"val", 1}, {"test", 1}}},
		{in: "all=1", want: Splits{{"all", 1}}},
		{in: "train", err: true},
		{in: "train=x", err: true},
		{in: "train=0", err: true},
		{in: "train=-1,val=2", err: true},
		{in: "train=Inf", err: true},
		{in: "train=NaN", err: true},
		{in: "train=1,train=2", err: true},
		{in: "=1", err: true},
		{in: "a/b=1", err: true},
		{in: "train=1,", err: true},
	} {
		got, err := ParseSplits(tt.in)
		if tt.err {
			if err == nil || !errors.Is(err, ErrSplits) {
				t.Errorf("ParseSplits(%q) = %v, %v; want an ErrSplits error", tt.in, got, err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ParseSplits(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if back, err := ParseSplits(got.String()); err != nil || !slices.Equal(back, got) {
			t.Errorf("ParseSplits(%q.String()) = %v, %v", tt.in, back, err)
		}
	}
}

// TestSplitsOf checks that assignment is a pure function of the index and
// that the shares are close to the weights over many indices.
func TestSplitsOf(t *testing.T) {
	for _, tt := range []struct {
		splits string
	}{{"train=0.9,val=0.1"}, {"train=8,val=1,test=1"}, {"a=1,b=1"}, {"only=3"}} {
		ss, err := ParseSplits(tt.splits)
		if err != nil {
			t.Fatal(err)
		}
		const n = 100_000
		counts := make([]int, len(ss))
		var total float64
		for _, s := range ss {
			total += s.Weight
		}
		for i := int64(0); i < n; i++ {
			k := ss.Of(i)
			if k != ss.Of(i) {
				t.Fatalf("%s: Of(%d) is not deterministic", tt.splits, i)
			}
			counts[k]++
		}
		for k, s := range ss {
			want := s.Weight / total
			got := float64(counts[k]) / n
			// 5 standard deviations of a binomial share.
			if tol := 5 * math.Sqrt(want*(1-want)/n); math.Abs(got-want) > tol+1e-12 {
				t.Errorf("%s: split %s has share %.4f, want %.4f ± %.4f", tt.splits, s.Name, got, want, tol)
			}
		}
	}
	if got := Splits(nil).Of(3); got != -1 {
		t.Errorf("Of on no splits = %d, want -1", got)
	}
}

// TestSplitUnit pins the hash so that a change to it (which would move
// samples between splits) is noticed; the values are SplitMix64's first
// outputs for seeds 0, 1 and 2 (Vigna's splitmix64.c), scaled.
func TestSplitUnit(t *testing.T) {
	for _, tt := range []struct {
		index int64
		z     uint64
	}{{0, 0xe220a8397b1dcdaf}, {1, 0x910a2dec89025cc1}, {2, 0x975835de1c9756ce}} {
		want := float64(tt.z>>11) / (1 << 53)
		if got := SplitUnit(tt.index); got != want {
			t.Errorf("SplitUnit(%d) = %v, want %v", tt.index, got, want)
		}
	}
}
