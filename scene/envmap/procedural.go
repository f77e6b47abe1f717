package envmap

import (
	"math"

	"github.com/synthkit/synthkit/scene"
)

// DefaultHeight is the height of a procedural map when the caller asks
// for one below scene.MinEnvironmentHeight: a 256×128 map, plenty for
// lighting (renderers filter it further). Heights above
// scene.MaxEnvironmentHeight are clamped to it.
const DefaultHeight = 128

// supersample is the number of samples along each side of a texel that a
// procedural map averages, so its edges are anti-aliased.
const supersample = 4

func procHeight(h int) int {
	if h < scene.MinEnvironmentHeight {
		return DefaultHeight
	}
	return min(h, scene.MaxEnvironmentHeight)
}

// render fills a 2h×h map with the mean of f over a supersample² grid of
// directions in each texel, evaluated in float64 in a fixed order.
func render(name string, h int, f func(d [3]float64) [3]float64) *scene.Environment {
	w := 2 * h
	pix := make([]float32, 3*w*h)
	const n = supersample
	for j := range h {
		for i := range w {
			var s [3]float64
			for b := range n {
				v := (float64(j) + (float64(b)+0.5)/n) / float64(h)
				for a := range n {
					u := (float64(i) + (float64(a)+0.5)/n) / float64(w)
					c := f(scene.EnvironmentDirection(u, v))
					s[0], s[1], s[2] = s[0]+c[0], s[1]+c[1], s[2]+c[2]
				}
			}
			o := 3 * (j*w + i)
			for k := range 3 {
				pix[o+k] = float32(s[k] / (n * n))
			}
		}
	}
	return &scene.Environment{Name: name, Width: w, Height: h, Radiance: pix, Intensity: 1}
}

// Irradiance returns E(n)/π for the environment e: the radiance a white
// Lambertian surface with unit world normal n reflects under e, in the
// units of an Ambient light (1 is what an Ambient light of colour 1
// gives), per channel. It sums L·max(0, n·ω) over the texels, ω the
// direction of a texel's centre and each term weighted by the texel's
// exact solid angle, with e's Intensity and Rotation applied. A uniform
// map of colour c gives c for every n, to within 1% from 16 rows up.
func Irradiance(e *scene.Environment, n [3]float64) [3]float64 {
	if e == nil || e.Width <= 0 || e.Height <= 0 || len(e.Radiance) != 3*e.Width*e.Height {
		return [3]float64{}
	}
	// A world normal in the map's frame: R_y(−Rotation)·n.
	s, c := math.Sincos(e.Rotation)
	m := [3]float64{c*n[0] - s*n[2], n[1], s*n[0] + c*n[2]}
	dphi := 2 * math.Pi / float64(e.Width)
	var sum [3]float64
	for j := range e.Height {
		v := (float64(j) + 0.5) / float64(e.Height)
		var row [3]float64
		for i := range e.Width {
			d := scene.EnvironmentDirection((float64(i)+0.5)/float64(e.Width), v)
			cos := m[0]*d[0] + m[1]*d[1] + m[2]*d[2]
			if cos <= 0 {
				continue
			}
			o := 3 * (j*e.Width + i)
			row[0] += cos * float64(e.Radiance[o])
			row[1] += cos * float64(e.Radiance[o+1])
			row[2] += cos * float64(e.Radiance[o+2])
		}
		// The exact solid angle of a texel in this row.
		dA := (math.Cos(math.Pi*float64(j)/float64(e.Height)) - math.Cos(math.Pi*float64(j+1)/float64(e.Height))) * dphi
		for k := range 3 {
			sum[k] += row[k] * dA
		}
	}
	for k := range 3 {
		sum[k] *= e.Intensity / math.Pi
	}
	return sum
}

// luminance is the Rec. 709 luminance of a linear RGB triple.
func luminance(c [3]float64) float64 {
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}

// scale multiplies every radiance of e by k.
func scale(e *scene.Environment, k float64) {
	for i, v := range e.Radiance {
		e.Radiance[i] = float32(float64(v) * k)
	}
}

// Uniform returns a map of colour c in every direction, height rows tall
// (see DefaultHeight). Negative or non-finite components of c count as 0;
// alpha is ignored. Its Irradiance is c for every normal, so it lights
// like an Ambient light of colour c.
func Uniform(c scene.Color, height int) *scene.Environment {
	clean := func(v float32) float32 {
		if !(v > 0) || math.IsInf(float64(v), 0) {
			return 0
		}
		return v
	}
	r, g, b := clean(c.R), clean(c.G), clean(c.B)
	h := procHeight(height)
	pix := make([]float32, 3*2*h*h)
	for i := 0; i < len(pix); i += 3 {
		pix[i], pix[i+1], pix[i+2] = r, g, b
	}
	return &scene.Environment{Name: "uniform", Width: 2 * h, Height: h, Radiance: pix, Intensity: 1}
}
