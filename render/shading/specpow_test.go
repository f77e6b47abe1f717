package shading

import (
	"math"
	"testing"
)

// TestPow01 checks the polynomial power Pow(x, y) = Exp2(y·Log2(x)) used for
// the specular lobe against math.Pow.
func TestPow01(t *testing.T) {
	pow01 := func(x, y float32) float32 { return Pow(x, y) }
	for _, y := range []float32{0.5, 1, 1.05, 6.3, 30, 131, 2220} {
		for i := 1; i <= 1000; i++ {
			x := float32(i) / 1000
			want := math.Pow(float64(x), float64(y))
			got := float64(pow01(x, y))
			// Relative 1e-6, plus the exponent error y·2e-7 (relative),
			// plus 1e-37 absolute near the float32 underflow.
			if tol := want*(2e-6+float64(y)*4e-7) + 1e-37; math.Abs(got-want) > tol {
				t.Fatalf("pow01(%g, %g) = %g, want %g", x, y, got, want)
			}
		}
	}
	for _, t0 := range []float32{-126, -1000, float32(math.NaN()), float32(math.Inf(-1))} {
		if got := Exp2(t0); got != 0 {
			t.Errorf("Exp2(%g) = %g, want 0", t0, got)
		}
	}
}
