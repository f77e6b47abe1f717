package export

import (
	"image"
	"math"
	"slices"
)

// DefaultTolerance is the Douglas–Peucker tolerance, in pixels, that
// polygons are simplified with unless told otherwise: it removes the
// one-pixel staircase of slanted and curved outlines while keeping
// axis-aligned runs and every corner that sticks out more than a pixel.
const DefaultTolerance = 1.0

// MinPolygonIoU is the least intersection over union, at pixel centres,
// between a simplified outline and the exact one that SimplifyMask
// accepts; below it the tolerance is halved.
const MinPolygonIoU = 0.95

// Simplify returns the closed polygon poly with vertices dropped by the
// Douglas–Peucker algorithm: every dropped vertex lies within tol of the
// segment between the kept vertices around it. The kept vertices are a
// subset of poly in its order, the first vertex always among them. The
// closed outline is split at the first vertex and the vertex farthest from
// it, and each half is simplified as a polyline. A result with fewer than
// 3 vertices gets back the vertex farthest from the others, so a polygon
// of at least 3 vertices keeps at least 3. tol <= 0 returns a copy.
func Simplify(poly []image.Point, tol float64) []image.Point {
	n := len(poly)
	if n <= 3 || !(tol > 0) {
		return slices.Clone(poly)
	}
	far := 0
	best := -1.0
	for i, p := range poly {
		if d := dist2(p, poly[0]); d > best {
			far, best = i, d
		}
	}
	keep := make([]bool, n)
	keep[0], keep[far] = true, true
	dp(poly, 0, far, tol, keep)
	dp(poly, far, n, tol, keep) // index n is vertex 0 again
	out := make([]image.Point, 0, 16)
	for i, k := range keep {
		if k {
			out = append(out, poly[i])
		}
	}
	for len(out) < 3 {
		// Every vertex was within tol of the chord: add back the farthest.
		bi, bd := -1, -1.0
		for i, p := range poly {
			if keep[i] {
				continue
			}
			if d := segDist(p, poly[0], poly[far]); d > bd {
				bi, bd = i, d
			}
		}
		keep[bi] = true
		out = out[:0]
		for i, k := range keep {
			if k {
				out = append(out, poly[i])
			}
		}
	}
	return out
}

// dp marks the vertices to keep between poly[i] and poly[j%len] (both kept),
// iteratively to bound the stack on long outlines.
func dp(poly []image.Point, i, j int, tol float64, keep []bool) {
	n := len(poly)
	type span struct{ i, j int }
	stack := []span{{i, j}}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		a, b := poly[s.i%n], poly[s.j%n]
		best, bk := -1.0, -1
		for k := s.i + 1; k < s.j; k++ {
			if d := segDist(poly[k%n], a, b); d > best {
				best, bk = d, k
			}
		}
		if bk < 0 || best <= tol {
			continue
		}
		keep[bk%n] = true
		stack = append(stack, span{s.i, bk}, span{bk, s.j})
	}
}

func dist2(a, b image.Point) float64 {
	dx, dy := float64(a.X-b.X), float64(a.Y-b.Y)
	return dx*dx + dy*dy
}

// segDist returns the distance from p to the segment ab.
func segDist(p, a, b image.Point) float64 {
	ax, ay := float64(a.X), float64(a.Y)
	dx, dy := float64(b.X)-ax, float64(b.Y)-ay
	px, py := float64(p.X)-ax, float64(p.Y)-ay
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return math.Hypot(px, py)
	}
	t := min(max((px*dx+py*dy)/l2, 0), 1)
	return math.Hypot(px-t*dx, py-t*dy)
}

// Fill rasterises closed polygons with vertices in pixel coordinates into
// a row-major w×h mask: pixel (x, y) is set when its centre (x+0.5, y+0.5)
// is inside an odd number of times (the even-odd rule over all polygons).
// A centre exactly on a vertical edge counts as inside the pixel to its
// right, as the top-left fill rule does. Vertices may lie outside the mask.
func Fill(polys [][]image.Point, w, h int) []uint8 {
	if w <= 0 || h <= 0 {
		return nil
	}
	out := make([]uint8, w*h)
	var xs []float64
	for y := 0; y < h; y++ {
		yc := float64(y) + 0.5
		xs = xs[:0]
		for _, poly := range polys {
			for i, a := range poly {
				b := poly[(i+1)%len(poly)]
				ay, by := float64(a.Y), float64(b.Y)
				if (ay <= yc) == (by <= yc) {
					continue
				}
				t := (yc - ay) / (by - ay)
				xs = append(xs, float64(a.X)+t*float64(b.X-a.X))
			}
		}
		slices.Sort(xs)
		row := out[y*w : (y+1)*w]
		for k := 0; k+1 < len(xs); k += 2 {
			// Centres x+0.5 in [xs[k], xs[k+1]).
			x0 := max(int(math.Ceil(xs[k]-0.5)), 0)
			x1 := min(int(math.Ceil(xs[k+1]-0.5)), w)
			for x := x0; x < x1; x++ {
				row[x] ^= 1
			}
		}
	}
	return out
}

// SimplifyMask simplifies the outline poly of a part that lies inside a
// w×h mask with tolerance tol and checks the result: when the simplified
// polygon, filled at pixel centres, has an IoU below MinPolygonIoU with
// the filled exact outline (thin or tiny parts), it halves the tolerance
// and tries again, down to 1/8 px, then returns poly unchanged.
func SimplifyMask(poly []image.Point, w, h int, tol float64) []image.Point {
	if !(tol > 0) || len(poly) <= 4 {
		return slices.Clone(poly)
	}
	exact := Fill([][]image.Point{poly}, w, h)
	for ; tol >= 0.125; tol /= 2 {
		s := Simplify(poly, tol)
		if maskIoU(exact, Fill([][]image.Point{s}, w, h)) >= MinPolygonIoU {
			return s
		}
	}
	return slices.Clone(poly)
}

// maskIoU returns the intersection over union of two masks of one size; 1
// when both are empty.
func maskIoU(a, b []uint8) float64 {
	inter, union := 0, 0
	for i := range a {
		if a[i] != 0 && b[i] != 0 {
			inter++
		}
		if a[i] != 0 || b[i] != 0 {
			union++
		}
	}
	if union == 0 {
		return 1
	}
	return float64(inter) / float64(union)
}
