package render

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// postRowValues returns n linear values for gainRow's input: mostly in
// [0, 1], with the ends, negatives, zeros of both signs, values past 1
// and values whose index lands on a rounding boundary.
func postRowValues(r *rand.Rand, n int) []float32 {
	special := []float32{0, float32(math.Copysign(0, -1)), 1, -1, 2, 1e-9, -1e-9, 0.99999994, 1.0000001,
		0.5 / 65535, 1.5 / 65535, 65534.5 / 65535, 1e3, -1e3}
	v := make([]float32, n)
	for i := range v {
		switch r.IntN(5) {
		case 0:
			v[i] = special[r.IntN(len(special))]
		case 1:
			v[i] = float32(r.IntN(65536))/65535 + float32(r.IntN(3)-1)*1e-7
		default:
			v[i] = float32(r.Float64()*1.2 - 0.1)
		}
	}
	return v
}

// TestGainRowMatchesPixels checks gainRow (assembly on amd64) against
// gainPixels, its definition, byte for byte: random rows of every width
// from 0 to 23 and 640, with and without vignette and shot noise, with
// gains up to the largest exposure, and alpha left alone.
func TestGainRowMatchesPixels(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	enc := (*[encodeSize]uint8)(srgbEncode())
	widths := []int{640}
	for w := range 24 {
		widths = append(widths, w)
	}
	for _, w := range widths {
		for _, tc := range []struct {
			vig  float32
			shot float64
			gain [3]float32
		}{
			{0, 0, [3]float32{1, 1, 1}},
			{1e-6, 0, [3]float32{1.1, 0.9, 1.03}},
			{0, 0.0005, [3]float32{0.8, 1, 1.2}},
			{3e-6, 0.001, [3]float32{1.3, 1.1, 0.7}},
			{1e-5, 1, [3]float32{256, 300, 1}},
		} {
			name := fmt.Sprintf("w%d/vig%g/shot%g", w, tc.vig, tc.shot)
			g := gainArgs{gain: tc.gain, vig: tc.vig, shot: tc.shot, enc: enc}
			for i := range g.lanes {
				g.lanes[i] = g.gain[i%3]
			}
			trials := 20
			if w == 640 {
				trials = 200
			}
			for trial := range trials {
				in := postRowValues(r, 3*w)
				dx2 := make([]float32, w)
				for x := range dx2 {
					dx := float32(float64(x) + 0.5 - float64(w)/2)
					dx2[x] = dx * dx
				}
				dy := float32(r.Float64()*480 - 240)
				var z []float32
				if tc.shot > 0 {
					var n normals
					n.reset(uint64(trial), w, streamShot)
					z = make([]float32, 3*w)
					n.interleaved(z)
				}
				px := make([]uint8, 4*w)
				for i := range px {
					px[i] = uint8(r.Uint32())
				}
				want := bytes.Clone(px)
				gainPixels(want, in, dx2, z, &g, dy*dy, 0, w)
				gainRow(px, in, dx2, z, &g, dy*dy)
				if i := firstDiff(px, want); i >= 0 {
					x := i / 4
					t.Fatalf("%s trial %d: pixel %d byte %d = %d, gainPixels gives %d (in %v)",
						name, trial, x, i%4, px[i], want[i], in[3*x:3*x+3])
				}
			}
		}
	}
}

// TestDisplayRowMatchesPixels checks displayRow (assembly on amd64)
// against displayPixels, its definition, byte for byte: random rows of
// every width from 0 to 23 and 640, every combination of contrast,
// saturation and noise (up to the largest noise, so that values pass
// both ends of the clamp), and alpha left alone.
func TestDisplayRowMatchesPixels(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	widths := []int{640}
	for w := range 24 {
		widths = append(widths, w)
	}
	for _, w := range widths {
		for flags := range 8 {
			d := displayArgs{k: 1, s: 1, flags: flags}
			if flags&displayContrast != 0 {
				d.k = float32(1 + r.Float64()*3.9 - 0.9)
			}
			if flags&displaySaturation != 0 {
				d.s = float32(r.Float64() * 4)
			}
			if flags&displayNoise != 0 {
				d.sigma = float32(r.Float64() * 0.5 * 255)
			}
			trials := 20
			if w == 640 {
				trials = 400 // enough pixels that a one-ulp error in a weight shows
			}
			for trial := range trials {
				var z []float32
				if flags&displayNoise != 0 {
					var n normals
					n.reset(uint64(trial), w, streamSensor)
					z = make([]float32, 3*w)
					n.planar(z[:w], z[w:2*w], z[2*w:])
				}
				px := make([]uint8, 4*w)
				for i := range px {
					switch r.IntN(4) {
					case 0:
						px[i] = []uint8{0, 1, 127, 128, 254, 255}[r.IntN(6)]
					default:
						px[i] = uint8(r.Uint32())
					}
				}
				want := bytes.Clone(px)
				displayPixels(want, z, &d, 0, w)
				got := bytes.Clone(px)
				displayRow(got, z, &d)
				if i := firstDiff(got, want); i >= 0 {
					x := i / 4
					t.Fatalf("w %d flags %03b (k %g s %g sigma %g) trial %d: pixel %d byte %d = %d, displayPixels gives %d (input %v)",
						w, flags, d.k, d.s, d.sigma, trial, x, i%4, got[i], want[i], px[4*x:4*x+4])
				}
			}
		}
	}
}

// firstDiff returns the first index where a and b differ, or -1.
func firstDiff(a, b []uint8) int {
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return -1
}

// BenchmarkPostRows times stage 1's last pass and stage 2 on one
// 640-pixel row, as every shelves sample runs them (vignette, shot
// noise; contrast, saturation, noise).
func BenchmarkPostRows(b *testing.B) {
	const w = 640
	r := rand.New(rand.NewPCG(5, 6))
	in := make([]float32, 3*w)
	for i := range in {
		in[i] = float32(r.Float64())
	}
	dx2 := make([]float32, w)
	for x := range dx2 {
		dx := float32(float64(x) + 0.5 - w/2)
		dx2[x] = dx * dx
	}
	var n normals
	n.reset(1, 7, streamShot)
	z := make([]float32, 3*w)
	n.interleaved(z)
	px := make([]uint8, 4*w)
	g := gainArgs{gain: [3]float32{1.05, 1, 0.95}, vig: 8e-7, shot: 0.0003, enc: (*[encodeSize]uint8)(srgbEncode())}
	for i := range g.lanes {
		g.lanes[i] = g.gain[i%3]
	}
	b.Run("gain", func(b *testing.B) {
		for b.Loop() {
			gainRow(px, in, dx2, z, &g, 100)
		}
	})
	d := displayArgs{k: 1.05, s: 1.05, sigma: 2, flags: displayContrast | displaySaturation | displayNoise}
	zp := make([]float32, 3*w)
	n.planar(zp[:w], zp[w:2*w], zp[2*w:])
	src := in8(in)
	b.Run("display", func(b *testing.B) {
		for b.Loop() {
			copy(px, src)
			displayRow(px, zp, &d)
		}
	})
	b.Run("noise", func(b *testing.B) {
		for b.Loop() {
			n.interleaved(z)
		}
	})
}

// in8 returns linear values as bytes, a stand-in sRGB row.
func in8(in []float32) []uint8 {
	out := make([]uint8, len(in)/3*4)
	for i := range len(in) / 3 {
		out[4*i], out[4*i+1], out[4*i+2], out[4*i+3] = uint8(255*in[3*i]), uint8(255*in[3*i+1]), uint8(255*in[3*i+2]), 255
	}
	return out
}
