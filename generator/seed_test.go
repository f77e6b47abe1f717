package generator

import (
	"testing"
)

// Golden vectors: changing them changes every dataset ever generated.
// SampleSeed(0, 0) and SampleSeed(1234567, 0) are the published first
// outputs of Vigna's splitmix64.c for seeds 0 and 1234567.
func TestSampleSeedGolden(t *testing.T) {
	tests := []struct {
		jobSeed uint64
		index   int64
		want    uint64
	}{
		{0, 0, 0xe220a8397b1dcdaf},
		{0, 1, 0x6e789e6aa1b965f4},
		{42, 0, 0xbdd732262feb6e95},
		{42, 7, 0xccf635ee9e9e2fa4},
		{1234567, 0, 0x599ed017fb08fc85}, // 6457827717110365317
		{^uint64(0), 1 << 40, 0x68c83d31fa6f683f},
		{7, -1, 0x12ae30237b17df14}, // = Mix64(7)
	}
	for _, tt := range tests {
		if got := SampleSeed(tt.jobSeed, tt.index); got != tt.want {
			t.Errorf("SampleSeed(%d, %d) = %#x, want %#x", tt.jobSeed, tt.index, got, tt.want)
		}
	}
}

func TestNewContextGolden(t *testing.T) {
	c := NewContext(42, 7, 640, 480, nil)
	if c.Index != 7 || c.Seed != 0xccf635ee9e9e2fa4 || c.Width != 640 || c.Height != 480 || c.Assets != nil {
		t.Fatalf("NewContext(42, 7, 640, 480, nil) = %+v", c)
	}
	// Checked against an independent implementation of PCG-DXSM seeded
	// with (Seed, Mix64(Seed+0x9E3779B97F4A7C15)).
	for i, want := range []uint64{0x60c99f41ba38c091, 0xfe6c7b8b8ea14e76, 0x4f25500963b15e47} {
		if got := c.Rand.Uint64(); got != want {
			t.Errorf("draw %d = %#x, want %#x", i, got, want)
		}
	}
}

func TestContextStreams(t *testing.T) {
	const n = 2000
	seeds := make(map[uint64]int64, n)
	firsts := make(map[uint64]int64, n)
	for _, job := range []uint64{0, 1, 42} {
		clear(seeds)
		clear(firsts)
		for i := range int64(n) {
			a, b := NewContext(job, i, 8, 8, nil), NewContext(job, i, 8, 8, nil)
			for k := range 4 {
				if x, y := a.Rand.Uint64(), b.Rand.Uint64(); x != y {
					t.Fatalf("job %d index %d draw %d: %#x then %#x for the same inputs", job, i, k, x, y)
				}
			}
			if j, dup := seeds[a.Seed]; dup {
				t.Fatalf("job %d: indices %d and %d share seed %#x", job, j, i, a.Seed)
			}
			seeds[a.Seed] = i
			first := NewContext(job, i, 8, 8, nil).Rand.Uint64()
			if j, dup := firsts[first]; dup {
				t.Fatalf("job %d: indices %d and %d start with the same draw %#x", job, j, i, first)
			}
			firsts[first] = i
		}
	}
	if SampleSeed(1, 0) == SampleSeed(2, 0) {
		t.Error("job seeds 1 and 2 give sample 0 the same seed")
	}
}

func TestMix64Bijective(t *testing.T) {
	// Mix64 is invertible; spot-check that small inputs do not collide.
	seen := make(map[uint64]bool)
	for z := range uint64(1 << 14) {
		m := Mix64(z)
		if seen[m] {
			t.Fatalf("Mix64 collision at %d", z)
		}
		seen[m] = true
	}
}

func BenchmarkNewContext(b *testing.B) {
	for i := range int64(b.N) {
		c := NewContext(42, i, 640, 480, nil)
		_ = c.Rand.Uint64()
	}
}
