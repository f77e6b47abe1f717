package shading

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestPow4MatchesPow checks that each lane of Pow4 is Pow bit for bit: on
// the edges of Log2's and Exp2's domains (0, subnormals, 1, above 1,
// negative, infinite and NaN bases; zero, huge, infinite and NaN powers;
// results at the underflow to 0) and on random bases and powers, both
// the values the lighting meets and arbitrary bit patterns.
func TestPow4MatchesPow(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	edges := []float32{0, math.SmallestNonzeroFloat32, 1e-39, 1e-38, 1e-30, 0.01, 0.5, 0.70710677, 0.70710683,
		0.999, 0.9999999, 1, 1.0000001, 1.5, 2, 1e30, math.MaxFloat32, inf, -0.5, -1, -inf, nan,
		float32(math.Copysign(0, -1))}
	powers := []float32{0, 1e-30, 0.5, 1, 6.3, 30, 131, 2220, 1e6, 1e30, inf, nan, -1, -131}
	mismatches := 0
	check := func(x [4]float32, p float32) {
		t.Helper()
		var got [4]float32
		got[0], got[1], got[2], got[3] = Pow4(x[0], x[1], x[2], x[3], p)
		for i := range x {
			if want := Pow(x[i], p); math.Float32bits(got[i]) != math.Float32bits(want) {
				if mismatches++; mismatches <= 10 {
					t.Errorf("Pow4 lane %d: Pow(%g, %g) = %g (%#08x), want %g (%#08x)", i, x[i], p,
						got[i], math.Float32bits(got[i]), want, math.Float32bits(want))
				}
			}
		}
	}
	for _, p := range powers {
		for i := 0; i < len(edges); i += 4 {
			var x [4]float32
			for j := range x {
				x[j] = edges[(i+j)%len(edges)]
			}
			check(x, p)
		}
	}
	// At the underflow: p·Log2(x) just above and below -126.
	for _, p := range []float32{131, 2220} {
		x0 := float32(math.Exp2(-126 / float64(p)))
		for k := -64; k < 64; k += 4 {
			var x [4]float32
			for j := range x {
				x[j] = math.Float32frombits(uint32(int32(math.Float32bits(x0)) + int32(k+j)))
			}
			check(x, p)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	n := 500000
	if testing.Short() {
		n = 50000
	}
	for range n {
		var x [4]float32
		for j := range x {
			if x[j] = r.Float32(); r.IntN(8) == 0 {
				x[j] = math.Float32frombits(r.Uint32())
			}
		}
		p := float32(math.Exp(r.Float64() * 9))
		if r.IntN(16) == 0 {
			p = math.Float32frombits(r.Uint32())
		}
		check(x, p)
	}
	if mismatches > 0 {
		t.Errorf("%d lanes differ from Pow", mismatches)
	}
}

// BenchmarkPow4 compares 1,024 powers by Pow and by Pow4 four at a time,
// on the bases and exponent of a shelf's specular lobe.
func BenchmarkPow4(b *testing.B) {
	x := make([]float32, 1024)
	for i := range x {
		x[i] = 0.5 + 0.5*float32(i)/float32(len(x))
	}
	const p = 131
	var sink float32
	b.Run("impl=pow", func(b *testing.B) {
		for b.Loop() {
			var s float32
			for i := 0; i < len(x); i += 4 {
				s += Pow(x[i], p) + Pow(x[i+1], p) + Pow(x[i+2], p) + Pow(x[i+3], p)
			}
			sink += s
		}
	})
	b.Run("impl=pow4", func(b *testing.B) {
		for b.Loop() {
			var s float32
			for i := 0; i < len(x); i += 4 {
				r0, r1, r2, r3 := Pow4(x[i], x[i+1], x[i+2], x[i+3], p)
				s += r0 + r1 + r2 + r3
			}
			sink += s
		}
	})
	_ = sink
}
