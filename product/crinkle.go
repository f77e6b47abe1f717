package product

import (
	"hash/fnv"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
)

// crinkleWaves is how many creases a film's crinkle map sums.
const crinkleWaves = 7

// crinkle returns a w×h tangent-space normal map (glTF's encoding) of
// crumpled film: the height field Σ aₖ·sin(2π fₖ·(x, y) + φₖ) of
// crinkleWaves creases at random angles, 3 to 12 periods across the map,
// differentiated analytically. The creases come from a generator seeded
// by id alone (FNV-1a), so the map is a function of the SKU and draws
// nothing from the SKU's own random stream.
func crinkle(id string, w, h int) *image.NRGBA {
	hs := fnv.New64a()
	hs.Write([]byte(id))
	rng := rand.New(rand.NewPCG(hs.Sum64(), 0x6372696e6b6c65)) // "crinkle"
	type wave struct{ fx, fy, a, phase float64 }
	var waves [crinkleWaves]wave
	for k := range waves {
		angle := rng.Float64() * math.Pi
		periods := 3 + 9*rng.Float64()
		s, c := math.Sincos(angle)
		// Slopes of about 0.1 to 0.35 per crease: wrinkles, not folds.
		f := 2 * math.Pi * periods
		waves[k] = wave{fx: f * c, fy: f * s, a: (0.1 + 0.25*rng.Float64()) / f, phase: 2 * math.Pi * rng.Float64()}
	}
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	enc := func(v float64) uint8 { return uint8(math.Round((max(-1, min(1, v)) + 1) / 2 * 255)) }
	for j := range h {
		y := (float64(j) + 0.5) / float64(h)
		for i := range w {
			x := (float64(i) + 0.5) / float64(w)
			var hx, hy float64 // ∂h/∂x (right) and ∂h/∂y (down the image)
			for _, wv := range waves {
				d := wv.a * math.Cos(wv.fx*x+wv.fy*y+wv.phase)
				hx += d * wv.fx
				hy += d * wv.fy
			}
			// The surface's normal is (−∂h/∂x, −∂h/∂up, 1), and up = −y.
			nx, ny, nz := -hx, hy, 1.0
			l := math.Sqrt(nx*nx + ny*ny + nz*nz)
			img.SetNRGBA(i, j, color.NRGBA{enc(nx / l), enc(ny / l), enc(nz / l), 255})
		}
	}
	return img
}
