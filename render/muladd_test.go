package render

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestMulAddMatchesLoop checks mulAdd against the Go loop bit for bit:
// every length 0–41 at every offset (the assembly's steps of 8 and the
// Go tail), random and edge values (zeros of both signs, subnormals,
// infinities, NaN), and that nothing past len(dst) is written. A NaN
// matches any NaN: which operand's payload an operation passes on
// depends on the operand order the compiler picks, which Go does not
// specify, and no output byte depends on it.
func TestMulAddMatchesLoop(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	edges := []float32{0, float32(math.Copysign(0, -1)), 1e-45, -1e-40, 1, -1, 3e38, inf, -inf, nan}
	val := func() float32 {
		if r.IntN(8) == 0 {
			return edges[r.IntN(len(edges))]
		}
		return float32(r.NormFloat64() * 100)
	}
	for n := range 42 {
		for off := range 3 {
			for _, k := range []float32{0.25, -0.125, 0, 1e-30, float32(r.NormFloat64()), inf} {
				dst := make([]float32, off+n+5)
				src := make([]float32, off+n+2)
				for i := range dst {
					dst[i] = val()
				}
				for i := range src {
					src[i] = val()
				}
				want := append([]float32(nil), dst...)
				for j := range n {
					want[off+j] += k * src[off+j]
				}
				mulAdd(dst[off:off+n], src[off:], k)
				for i := range dst {
					if !sameFloat(dst[i], want[i]) {
						t.Fatalf("n=%d off=%d k=%g: element %d = %g (%#08x), want %g (%#08x)", n, off, k, i,
							dst[i], math.Float32bits(dst[i]), want[i], math.Float32bits(want[i]))
					}
				}
			}
		}
	}
}

// sameFloat reports whether a and b have the same bits or are both NaN.
func sameFloat(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || a != a && b != b
}

// blurRowsPixel and blurColsPixel are the blurs one pixel (one element)
// at a time, as they were before mulAdd, for TestBlurMatchesPixelLoop.
func blurRowsPixel(dst, src []float32, w, y0, y1 int, k []float32) {
	r := len(k) / 2
	for y := y0; y < y1; y++ {
		in, out := src[3*w*y:3*w*(y+1)], dst[3*w*y:3*w*(y+1)]
		for x := range w {
			var s0, s1, s2 float32
			for i, kv := range k {
				xx := min(w-1, max(0, x+i-r))
				s0 += kv * in[3*xx]
				s1 += kv * in[3*xx+1]
				s2 += kv * in[3*xx+2]
			}
			out[3*x], out[3*x+1], out[3*x+2] = s0, s1, s2
		}
	}
}

func blurColsPixel(dst, src []float32, w, h, y0, y1 int, k []float32) {
	r := len(k) / 2
	n := 3 * w
	for y := y0; y < y1; y++ {
		for j := range n {
			var s float32
			for i, kv := range k {
				yy := min(h-1, max(0, y+i-r))
				s += kv * src[n*yy+j]
			}
			dst[n*y+j] = s
		}
	}
}

// TestBlurMatchesPixelLoop checks that blurRows and blurCols give, bit
// for bit, what a pixel at a time gives: images narrower than the
// kernel, as wide as it, and wider, kernels of radius 2 to 9, and a
// band of rows in the middle.
func TestBlurMatchesPixelLoop(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, sigma := range []float64{0.5, 1, 1.7, 3} {
		k := gaussianKernel(sigma)
		for _, w := range []int{1, 2, 3, len(k) - 1, len(k), len(k) + 1, 2 * len(k), 37, 640} {
			h := 7
			src := make([]float32, 3*w*h)
			for i := range src {
				src[i] = r.Float32() * 4
			}
			for _, band := range [][2]int{{0, h}, {2, 5}} {
				got, want := make([]float32, len(src)), make([]float32, len(src))
				blurRows(got, src, w, band[0], band[1], k)
				blurRowsPixel(want, src, w, band[0], band[1], k)
				for i := range got {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
						t.Fatalf("blurRows sigma %g w %d rows %v: element %d = %g, want %g", sigma, w, band, i, got[i], want[i])
					}
				}
				blurCols(got, src, w, h, band[0], band[1], k)
				blurColsPixel(want, src, w, h, band[0], band[1], k)
				for i := range got {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
						t.Fatalf("blurCols sigma %g w %d rows %v: element %d = %g, want %g", sigma, w, band, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// BenchmarkMulAdd compares mulAdd with the Go loop on a 640-pixel RGB
// row (1,920 elements), a blur tap's work.
func BenchmarkMulAdd(b *testing.B) {
	dst, src := make([]float32, 1920), make([]float32, 1920)
	for i := range src {
		src[i] = float32(i%255) / 255
	}
	b.Run("impl=loop", func(b *testing.B) {
		for b.Loop() {
			for j := range dst {
				dst[j] += 0.1 * src[j]
			}
		}
	})
	b.Run("impl=muladd", func(b *testing.B) {
		for b.Loop() {
			mulAdd(dst, src, 0.1)
		}
	})
}
