package export

import (
	"fmt"
	"image"
)

// Outlines returns the outer boundary of every 8-connected part of a
// row-major w×h mask (index y*w+x; non-zero is foreground) as a closed
// polygon, one per part, in the raster order of each part's first pixel.
//
// Vertices lie on pixel boundaries: pixel (x, y) covers [x, x+1)×[y, y+1),
// so a vertex (X, Y) is the corner shared by pixels (X-1, Y-1) .. (X, Y),
// and an axis-aligned rectangle of pixels x0..x1, y0..y1 has exactly the
// four vertices (x0, y0), (x1+1, y0), (x1+1, y1+1), (x0, y1+1). Only the
// corners where the outline turns are vertices. Each polygon starts at the
// top-left corner of the part's first pixel and runs clockwise on screen
// (x right, y down), with the part on its right-hand side.
//
// The outline follows pixel edges (crack following): at each corner it
// turns left when the pixel ahead on the left is foreground (so parts that
// touch only diagonally are one part, and their outline touches itself at
// the shared corner), goes straight when only the pixel ahead on the right
// is, and turns right otherwise. Holes are not traced: filling an outline
// gives its part with the holes filled. Filling the outline with the
// even-odd or non-zero rule at pixel centres (see Fill) gives back exactly
// the part's pixels when it has no holes.
//
// It returns an error when len(mask) != w*h.
func Outlines[T ~bool | ~uint8](mask []T, w, h int) ([][]image.Point, error) {
	if w < 0 || h < 0 || len(mask) != w*h {
		return nil, fmt.Errorf("outlines: mask has %d entries for %d×%d pixels", len(mask), w, h)
	}
	var zero T
	comp := make([]int32, len(mask)) // 0 = unlabelled or background, else part number
	var stack []int
	var out [][]image.Point
	n := int32(0)
	for start, v := range mask {
		if v == zero || comp[start] != 0 {
			continue
		}
		n++
		comp[start] = n
		stack = append(stack[:0], start)
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			px, py := p%w, p/w
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					x, y := px+dx, py+dy
					if x < 0 || y < 0 || x >= w || y >= h {
						continue
					}
					if q := y*w + x; mask[q] != zero && comp[q] == 0 {
						comp[q] = n
						stack = append(stack, q)
					}
				}
			}
		}
		poly, err := traceOutline(comp, w, h, n, start%w, start/w)
		if err != nil {
			return nil, err
		}
		out = append(out, poly)
	}
	return out, nil
}

// Directions in clockwise order on screen (y down): turning right is +1.
var dirs = [4]image.Point{{1, 0}, {0, 1}, {-1, 0}, {0, -1}} // E, S, W, N

// ahead holds, for each direction, the offsets from a corner to the pixels
// ahead on the left and ahead on the right of it. The pixels around corner
// (X, Y) are (X-1, Y-1), (X, Y-1), (X-1, Y) and (X, Y).
var ahead = [4][2]image.Point{
	{{0, -1}, {0, 0}},   // E: left is north
	{{0, 0}, {-1, 0}},   // S: left is east
	{{-1, 0}, {-1, -1}}, // W: left is south
	{{-1, -1}, {0, -1}}, // N: left is west
}

// traceOutline follows the outer boundary of part n of comp, starting at
// the top-left corner of its first pixel (x0, y0) in raster order.
func traceOutline(comp []int32, w, h int, n int32, x0, y0 int) ([]image.Point, error) {
	fg := func(p image.Point) bool {
		return p.X >= 0 && p.Y >= 0 && p.X < w && p.Y < h && comp[p.Y*w+p.X] == n
	}
	start := image.Pt(x0, y0)
	poly := []image.Point{start}
	d := 0 // the top edge of the first pixel is on the outline, heading east
	p := start.Add(dirs[d])
	// Each pixel edge is walked at most once, so the loop ends within
	// 4·w·h steps; the bound guards against a broken invariant.
	for steps := 0; p != start; steps++ {
		if steps > 4*w*h {
			return nil, fmt.Errorf("outlines: outline of the part at (%d, %d) does not close", x0, y0)
		}
		nd := d
		switch {
		case fg(p.Add(ahead[d][0])):
			nd = (d + 3) % 4 // left
		case fg(p.Add(ahead[d][1])):
			// straight
		default:
			nd = (d + 1) % 4 // right
		}
		if nd != d {
			poly = append(poly, p)
			d = nd
		}
		p = p.Add(dirs[d])
	}
	return poly, nil
}
