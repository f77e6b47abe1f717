package export

import (
	"fmt"
	"image"
	"slices"
	"testing"
)

// shape is an analytic mask: a predicate on pixel centres.
type shape struct {
	name  string
	w, h  int
	in    func(x, y float64) bool // at the pixel centre
	parts int
	holes bool
}

func (s shape) mask() []uint8 {
	m := make([]uint8, s.w*s.h)
	for y := 0; y < s.h; y++ {
		for x := 0; x < s.w; x++ {
			if s.in(float64(x)+0.5, float64(y)+0.5) {
				m[y*s.w+x] = 1
			}
		}
	}
	return m
}

func disc(cx, cy, r float64) func(x, y float64) bool {
	return func(x, y float64) bool { return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r }
}

func rect(x0, y0, x1, y1 float64) func(x, y float64) bool {
	return func(x, y float64) bool { return x >= x0 && x < x1 && y >= y0 && y < y1 }
}

func union(fs ...func(x, y float64) bool) func(x, y float64) bool {
	return func(x, y float64) bool {
		for _, f := range fs {
			if f(x, y) {
				return true
			}
		}
		return false
	}
}

var shapes = []shape{
	{name: "rectangle", w: 40, h: 30, in: rect(5, 7, 25, 19), parts: 1},
	{name: "L", w: 40, h: 40, in: union(rect(4, 4, 12, 36), rect(4, 28, 34, 36)), parts: 1},
	{name: "disc", w: 64, h: 64, in: disc(31.3, 30.8, 20), parts: 1},
	{name: "small disc", w: 16, h: 16, in: disc(8, 8, 4.2), parts: 1},
	{name: "two blobs", w: 80, h: 50, in: union(disc(18, 20, 12), disc(58, 28, 15)), parts: 2},
	{name: "ellipse", w: 90, h: 40, in: func(x, y float64) bool { return (x-45)*(x-45)/1600+(y-20)*(y-20)/225 <= 1 }, parts: 1},
	{name: "diagonal pixels", w: 4, h: 4, in: func(x, y float64) bool { return int(x) == int(y) }, parts: 1},
	{name: "single pixel", w: 3, h: 3, in: rect(1, 1, 2, 2), parts: 1},
	{name: "full frame", w: 7, h: 5, in: rect(0, 0, 7, 5), parts: 1},
	{name: "thin slanted line", w: 60, h: 20, in: func(x, y float64) bool { d := y - 2 - x/4; return d >= 0 && d < 1 }, parts: 1},
	{name: "ring", w: 40, h: 40, in: func(x, y float64) bool { return disc(20, 20, 15)(x, y) && !disc(20, 20, 8)(x, y) }, parts: 1, holes: true},
	{name: "empty", w: 5, h: 5, in: func(x, y float64) bool { return false }, parts: 0},
}

func TestOutlinesRectangleCorners(t *testing.T) {
	s := shapes[0]
	polys, err := Outlines(s.mask(), s.w, s.h)
	if err != nil {
		t.Fatal(err)
	}
	want := []image.Point{{5, 7}, {25, 7}, {25, 19}, {5, 19}}
	if len(polys) != 1 || !slices.Equal(polys[0], want) {
		t.Fatalf("outline of pixels x 5..24, y 7..18 = %v, want %v", polys, want)
	}
	if got := Simplify(polys[0], DefaultTolerance); !slices.Equal(got, want) {
		t.Errorf("simplified rectangle = %v, want %v", got, want)
	}
}

func TestOutlinesFillBack(t *testing.T) {
	for _, s := range shapes {
		t.Run(s.name, func(t *testing.T) {
			m := s.mask()
			polys, err := Outlines(m, s.w, s.h)
			if err != nil {
				t.Fatal(err)
			}
			if len(polys) != s.parts {
				t.Fatalf("%d parts, want %d", len(polys), s.parts)
			}
			for i, p := range polys {
				if len(p) < 4 {
					t.Errorf("part %d: %d vertices, want >= 4", i, len(p))
				}
				if a := area2(p); a <= 0 {
					t.Errorf("part %d: signed area×2 %d, want > 0 (clockwise on screen)", i, a)
				}
			}
			got := Fill(polys, s.w, s.h)
			if !s.holes {
				if i := firstDiff(got, m); i >= 0 {
					t.Fatalf("filled outline differs from the mask at (%d, %d)", i%s.w, i/s.w)
				}
			} else if iou := maskIoU(got, m); iou >= 1 {
				t.Errorf("ring: holes must be filled, IoU %v", iou)
			}
		})
	}
}

// TestSimplifyIoU checks that simplified outlines, filled back, cover the
// analytic mask with IoU >= 0.9, keep >= 3 vertices, and keep corners.
func TestSimplifyIoU(t *testing.T) {
	for _, s := range shapes {
		if s.parts == 0 {
			continue
		}
		t.Run(s.name, func(t *testing.T) {
			m := s.mask()
			polys, err := Outlines(m, s.w, s.h)
			if err != nil {
				t.Fatal(err)
			}
			var simple [][]image.Point
			nv, sv := 0, 0
			for _, p := range polys {
				q := SimplifyMask(p, s.w, s.h, DefaultTolerance)
				if len(q) < 3 {
					t.Fatalf("simplified to %d vertices", len(q))
				}
				for _, v := range q {
					if !slices.Contains(p, v) {
						t.Fatalf("vertex %v is not one of the outline's", v)
					}
				}
				nv, sv = nv+len(p), sv+len(q)
				simple = append(simple, q)
			}
			ref := m
			if s.holes {
				ref = Fill(polys, s.w, s.h) // outlines fill holes: compare with the filled part
			}
			iou := maskIoU(Fill(simple, s.w, s.h), ref)
			t.Logf("%d → %d vertices, IoU %.4f", nv, sv, iou)
			if iou < 0.9 {
				t.Errorf("IoU %.4f < 0.9", iou)
			}
		})
	}
}

func TestOutlinesBadInput(t *testing.T) {
	for _, tt := range []struct {
		n, w, h int
	}{{5, 2, 3}, {0, -1, 0}, {6, 3, -2}} {
		if _, err := Outlines(make([]uint8, tt.n), tt.w, tt.h); err == nil {
			t.Errorf("Outlines(%d values, %d×%d): no error", tt.n, tt.w, tt.h)
		}
	}
}

// area2 returns twice the signed area (positive for clockwise on screen).
func area2(p []image.Point) int {
	a := 0
	for i, u := range p {
		v := p[(i+1)%len(p)]
		a += u.X*v.Y - v.X*u.Y
	}
	return a
}

func firstDiff(a, b []uint8) int {
	for i := range a {
		if (a[i] != 0) != (b[i] != 0) {
			return i
		}
	}
	return -1
}

func ExampleOutlines() {
	// An L of pixels: a column x = 1, y = 1..3 and a foot x = 2..3, y = 3.
	const w, h = 5, 5
	mask := []uint8{
		0, 0, 0, 0, 0,
		0, 1, 0, 0, 0,
		0, 1, 0, 0, 0,
		0, 1, 1, 1, 0,
		0, 0, 0, 0, 0,
	}
	polys, _ := Outlines(mask, w, h)
	fmt.Println(polys)
	// Output: [[(1,1) (2,1) (2,3) (4,3) (4,4) (1,4)]]
}
