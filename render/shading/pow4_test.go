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

// TestPowNMatchesPow checks PowN against Pow bit for bit, each element
// with its own exponent: every pairing of the edge bases and powers of
// TestPow4MatchesPow, random bases and powers, and every length 0–13 (the
// assembly takes four at a time, the rest one by one) at every offset in
// a longer slice, so that each element lands in every lane and the tail.
func TestPowNMatchesPow(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	edges := []float32{0, math.SmallestNonzeroFloat32, 1e-39, 1e-30, 0.01, 0.5, 0.70710677, 0.999, 1,
		1.0000001, 2, math.MaxFloat32, inf, -0.5, -inf, nan, float32(math.Copysign(0, -1))}
	powers := []float32{0, 1e-30, 0.5, 1, 6.3, 131, 2220, 1e30, inf, nan, -1}
	var x, p []float32
	for _, b := range edges {
		for _, e := range powers {
			x, p = append(x, b), append(p, e)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		b := r.Float32()
		if r.IntN(8) == 0 {
			b = math.Float32frombits(r.Uint32())
		}
		x, p = append(x, b), append(p, float32(math.Exp(r.Float64()*9)))
	}
	check := func(name string, dst, x, p []float32) {
		t.Helper()
		for i := range dst {
			dst[i] = 42 // not a power of anything here
		}
		PowN(dst, x, p)
		for i := range dst {
			if want := Pow(x[i], p[i]); math.Float32bits(dst[i]) != math.Float32bits(want) {
				t.Fatalf("%s: PowN element %d: Pow(%g, %g) = %g (%#08x), want %g (%#08x)", name, i, x[i], p[i],
					dst[i], math.Float32bits(dst[i]), want, math.Float32bits(want))
			}
		}
	}
	check("all", make([]float32, len(x)), x, p)
	for n := range 14 {
		for off := range 8 {
			dst := make([]float32, n+1)
			check("short", dst[:n], x[off:off+n], p[off:off+n])
			if dst[n] != 0 {
				t.Fatalf("PowN of %d elements wrote past them", n)
			}
		}
	}
	// Longer inputs than dst are allowed; shorter ones are a bug.
	check("longer inputs", make([]float32, 5), x[:9], p[:7])
	defer func() {
		if recover() == nil {
			t.Error("PowN with x shorter than dst did not panic")
		}
	}()
	PowN(make([]float32, 8), x[:4], p[:8])
}

// TestExp2NMatchesExp2 checks Exp2N against Exp2 bit for bit: the edge
// arguments (the −126 cut-off and the values around it, ±0, positive
// values, which Exp2 clamps to 0, infinities, NaN), random arguments over
// EnvBRDF's range and beyond, random bit patterns, and every length 0–13
// at every offset in a longer slice (the assembly takes four at a time,
// the rest one by one), with no write past dst and a panic on short input.
// EnvBRDF, split around its exponential, must equal EnvBRDFExp of Exp2N's
// result too.
func TestExp2NMatchesExp2(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	t126 := float32(-126)
	x := []float32{0, float32(math.Copysign(0, -1)), -0.5, 0.5, -1.5, -9.28, -125.99999, t126,
		math.Nextafter32(t126, 0), math.Nextafter32(t126, -200), -127, -1e30, 1e-30, 3, 1e30,
		inf, -inf, nan, -math.SmallestNonzeroFloat32, -0.49999997, -0.50000006}
	r := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		v := -r.Float32() * 10
		switch r.IntN(8) {
		case 0:
			v = math.Float32frombits(r.Uint32())
		case 1:
			v = -r.Float32() * 140
		}
		x = append(x, v)
	}
	check := func(name string, dst, x []float32) {
		t.Helper()
		for i := range dst {
			dst[i] = 42
		}
		Exp2N(dst, x)
		for i := range dst {
			if want := Exp2(x[i]); math.Float32bits(dst[i]) != math.Float32bits(want) {
				t.Fatalf("%s: Exp2N element %d: Exp2(%g) = %g (%#08x), want %g (%#08x)", name, i, x[i],
					dst[i], math.Float32bits(dst[i]), want, math.Float32bits(want))
			}
		}
	}
	all := make([]float32, len(x))
	check("all", all, x)
	for i := range 2000 {
		rough, nv := r.Float32()*1.2-0.1, r.Float32()*1.2-0.1
		e := []float32{0}
		Exp2N(e, []float32{EnvBRDFArg(nv)})
		a, b := EnvBRDF(rough, nv)
		if a2, b2 := EnvBRDFExp(rough, e[0]); a2 != a || b2 != b {
			t.Fatalf("pair %d: EnvBRDF(%g, %g) = (%g, %g), EnvBRDFExp of Exp2N (%g, %g)", i, rough, nv, a, b, a2, b2)
		}
	}
	for n := range 14 {
		for off := range 8 {
			dst := make([]float32, n+1)
			check("short", dst[:n], x[off:off+n])
			if dst[n] != 0 {
				t.Fatalf("Exp2N of %d elements wrote past them", n)
			}
		}
	}
	check("longer input", make([]float32, 5), x[:9])
	defer func() {
		if recover() == nil {
			t.Error("Exp2N with t shorter than dst did not panic")
		}
	}()
	Exp2N(make([]float32, 8), x[:4])
}

// BenchmarkExp2N compares 1,024 exponentials by Exp2 in a loop and by
// Exp2N in one call, over EnvBRDF's arguments.
func BenchmarkExp2N(b *testing.B) {
	x := make([]float32, 1024)
	for i := range x {
		x[i] = EnvBRDFArg(float32(i) / float32(len(x)))
	}
	dst := make([]float32, len(x))
	b.Run("impl=exp2", func(b *testing.B) {
		for b.Loop() {
			for i := range dst {
				dst[i] = Exp2(x[i])
			}
		}
	})
	b.Run("impl=exp2n", func(b *testing.B) {
		for b.Loop() {
			Exp2N(dst, x)
		}
	})
}

// BenchmarkPowN compares 1,024 powers by Pow in a loop, by Pow4 four at a
// time, and by PowN in one call, on the bases and exponents of shelves'
// specular lobes (each element its own exponent, as PowN takes them;
// Pow4 shares one).
func BenchmarkPowN(b *testing.B) {
	x, p := make([]float32, 1024), make([]float32, 1024)
	for i := range x {
		x[i] = 0.5 + 0.5*float32(i)/float32(len(x))
		p[i] = 30 + float32(i%7)*20
	}
	dst := make([]float32, len(x))
	b.Run("impl=pow", func(b *testing.B) {
		for b.Loop() {
			for i := range dst {
				dst[i] = Pow(x[i], p[i])
			}
		}
	})
	b.Run("impl=pow4", func(b *testing.B) {
		for b.Loop() {
			for i := 0; i < len(x); i += 4 {
				dst[i], dst[i+1], dst[i+2], dst[i+3] = Pow4(x[i], x[i+1], x[i+2], x[i+3], p[i])
			}
		}
	})
	b.Run("impl=pown", func(b *testing.B) {
		for b.Loop() {
			PowN(dst, x, p)
		}
	})
}
