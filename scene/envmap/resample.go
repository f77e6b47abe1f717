package envmap

import (
	"fmt"

	"github.com/synthkit/synthkit/scene"
)

// Downsample returns a copy of e reduced to the given height (and twice
// that width) by a box filter: each new texel is the mean of the old
// texels its rectangle covers in map coordinates, each weighted by the
// area it shares with the rectangle. When e.Height is a multiple of
// height that is the plain average of whole k×k blocks. Other fields are
// kept. It fails when e is not valid or height is not between
// scene.MinEnvironmentHeight and e.Height.
func Downsample(e *scene.Environment, height int) (*scene.Environment, error) {
	if err := e.Validate(); err != nil {
		return nil, fmt.Errorf("envmap: downsample: %w", err)
	}
	if height < scene.MinEnvironmentHeight || height > e.Height {
		return nil, fmt.Errorf("envmap: downsample %q: height %d outside [%d, %d]", e.Name, height, scene.MinEnvironmentHeight, e.Height)
	}
	out := *e
	out.Width, out.Height = 2*height, height
	if height == e.Height {
		out.Radiance = append([]float32(nil), e.Radiance...)
	} else {
		out.Radiance = downsample(e.Radiance, e.Width, e.Height, height)
	}
	return &out, nil
}

// span is one source texel's share of a destination texel: its index
// and the length of their overlap, in integer units.
type span struct {
	src, weight int
}

// boxWeights returns, for each of m destination texels along an axis of
// n source texels (m ≤ n), the source texels it overlaps and by how
// much, and the total weight of each destination texel. In units of
// 1/(n·m) of the axis, with the common factor g = gcd(n, m) taken out,
// destination texel i covers [i·n/g, (i+1)·n/g) and source texel s covers
// [s·m/g, (s+1)·m/g): all integers, so the weights are exact and, when m
// divides n, every one is 1.
func boxWeights(n, m int) ([][]span, int) {
	g := gcd(n, m)
	dn, sm := n/g, m/g
	ws := make([][]span, m)
	for i := range m {
		lo, hi := i*dn, (i+1)*dn
		for s := lo / sm; s*sm < hi; s++ {
			a, b := max(lo, s*sm), min(hi, (s+1)*sm)
			if b > a {
				ws[i] = append(ws[i], span{s, b - a})
			}
		}
	}
	return ws, dn
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// downsample box-filters a w×h map of RGB triples to 2·height × height,
// rows first, in float64.
func downsample(pix []float32, w, h, height int) []float32 {
	nw := 2 * height
	rows, rtot := boxWeights(h, height)
	cols, ctot := boxWeights(w, nw)
	tmp := make([]float64, 3*w*height)
	for j, ss := range rows {
		dst := tmp[3*w*j : 3*w*(j+1)]
		for _, s := range ss {
			src := pix[3*w*s.src : 3*w*(s.src+1)]
			for k, v := range src {
				dst[k] += float64(s.weight) * float64(v)
			}
		}
	}
	out := make([]float32, 3*nw*height)
	norm := float64(rtot) * float64(ctot)
	for j := range height {
		row := tmp[3*w*j : 3*w*(j+1)]
		for i, ss := range cols {
			var r, g, b float64
			for _, s := range ss {
				wt := float64(s.weight)
				r += wt * row[3*s.src]
				g += wt * row[3*s.src+1]
				b += wt * row[3*s.src+2]
			}
			o := 3 * (j*nw + i)
			out[o], out[o+1], out[o+2] = float32(r/norm), float32(g/norm), float32(b/norm)
		}
	}
	return out
}
