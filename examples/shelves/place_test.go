package shelves

import (
	"math"
	"slices"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// These tests check placement from the scene alone, independently of how
// the generator reasons: every object's bounding box is taken from its
// mesh and transform.

// solid is an object's mesh bounding box placed in the world: its eight
// corners and the axis-aligned box around them.
type solid struct {
	name    string
	corners [8]mgl64.Vec3
	lo, hi  mgl64.Vec3
}

func solidOf(o scene.Object) solid {
	lo, hi := o.Mesh.Bounds()
	s := solid{name: o.Name, lo: mgl64.Vec3{math.Inf(1), math.Inf(1), math.Inf(1)}, hi: mgl64.Vec3{math.Inf(-1), math.Inf(-1), math.Inf(-1)}}
	for i := range 8 {
		p := lo
		for k := range 3 {
			if i>>k&1 != 0 {
				p[k] = hi[k]
			}
		}
		w := mgl64.TransformCoordinate(p, o.Transform)
		s.corners[i] = w
		for k := range 3 {
			s.lo[k], s.hi[k] = math.Min(s.lo[k], w[k]), math.Max(s.hi[k], w[k])
		}
	}
	return s
}

// overlapTol is how far two solids may share a boundary: touching is
// allowed, penetrating by more than this is not.
const overlapTol = 1e-6

// boxesOverlap reports whether the axis-aligned boxes of a and b overlap
// by more than overlapTol on every axis.
func boxesOverlap(a, b solid) bool {
	for k := range 3 {
		if a.lo[k] >= b.hi[k]-overlapTol || b.lo[k] >= a.hi[k]-overlapTol {
			return false
		}
	}
	return true
}

// footprint returns the convex hull, counter-clockwise in the (x, z)
// plane, of the solid's corners seen from above (its oriented footprint).
func footprint(s solid) [][2]float64 {
	pts := make([][2]float64, 0, 8)
	for _, c := range s.corners {
		pts = append(pts, [2]float64{c[0], c[2]})
	}
	slices.SortFunc(pts, func(a, b [2]float64) int {
		if a[0] != b[0] {
			return cmpF(a[0], b[0])
		}
		return cmpF(a[1], b[1])
	})
	cross := func(o, a, b [2]float64) float64 { return (a[0]-o[0])*(b[1]-o[1]) - (a[1]-o[1])*(b[0]-o[0]) }
	var hull [][2]float64
	for pass := 0; pass < 2; pass++ {
		start := len(hull)
		for _, p := range pts {
			for len(hull) >= start+2 && cross(hull[len(hull)-2], hull[len(hull)-1], p) <= 1e-12 {
				hull = hull[:len(hull)-1]
			}
			hull = append(hull, p)
		}
		hull = hull[:len(hull)-1]
		slices.Reverse(pts)
	}
	return hull
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// footprintsOverlap reports whether two convex polygons overlap by more
// than overlapTol, by the separating axis theorem.
func footprintsOverlap(a, b [][2]float64) bool {
	for _, poly := range [][][2]float64{a, b} {
		for i := range poly {
			p, q := poly[i], poly[(i+1)%len(poly)]
			n := [2]float64{q[1] - p[1], p[0] - q[0]}
			l := math.Hypot(n[0], n[1])
			if l == 0 {
				continue
			}
			n[0], n[1] = n[0]/l, n[1]/l
			amin, amax := project(a, n)
			bmin, bmax := project(b, n)
			if amax <= bmin+overlapTol || bmax <= amin+overlapTol {
				return false
			}
		}
	}
	return true
}

func project(poly [][2]float64, n [2]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range poly {
		d := p[0]*n[0] + p[1]*n[1]
		lo, hi = math.Min(lo, d), math.Max(hi, d)
	}
	return lo, hi
}

// supportOf returns "board" when product p stands on the top of a board
// whose outline holds the centre of p's footprint, "hook" when it hangs
// just below a hook that runs through its width, and "" otherwise.
func supportOf(p solid, fixtures []solid) string {
	cx, cz := (p.lo[0]+p.hi[0])/2, (p.lo[2]+p.hi[2])/2
	for _, f := range fixtures {
		switch f.name {
		case "board", "base-deck":
			if math.Abs(p.lo[1]-f.hi[1]) < 1e-9 && cx > f.lo[0] && cx < f.hi[0] && cz > f.lo[2] && cz < f.hi[2] {
				return "board"
			}
		case "hook":
			if math.Abs(p.hi[1]-(f.lo[1]-hookDrop)) < 1e-9 && f.lo[0] > p.lo[0] && f.hi[0] < p.hi[0] && p.hi[2] <= f.hi[2] {
				return "hook"
			}
		}
	}
	return ""
}

func TestNoInterpenetration(t *testing.T) {
	tests := []struct {
		name, params string
		samples      int64
	}{
		{"defaults", "", 10},
		// Rare events made common, deep rows, tight slots and big yaw.
		{"chaos", `{"fallen_prob": 0.5, "turned_prob": 0.5, "misplaced_prob": 0.4, "gap_prob": 0.2, "depleted_prob": 0.5,
			"peg_bay_prob": 0.6, "facing_gap": {"min": 0, "max": 0.002}, "yaw_jitter_deg": 25, "overhang": 0.45,
			"rows_deep": {"min": 3, "max": 12}, "facings": {"min": 1, "max": 12}}`, 10},
		{"one board", `{"boards": {"min": 1, "max": 1}, "bay_height": {"min": 0.8, "max": 0.9}}`, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := shared(t)
			if tt.params != "" {
				g = small(t, tt.params)
			}
			stats := map[string]int{}
			for i := range tt.samples {
				s := sample(t, g, 21, i, 640, 480)
				objs, context := products(s)
				ps := make([]solid, len(objs))
				fps := make([][][2]float64, len(objs))
				for k, o := range objs {
					ps[k] = solidOf(o)
					fps[k] = footprint(ps[k])
					stats[o.Meta["pose"]]++
					if o.Meta["misplaced"] != "" {
						stats["misplaced"]++
					}
				}
				var fixtures []solid
				for _, o := range context {
					fixtures = append(fixtures, solidOf(o))
				}
				for a := range ps {
					for b := range a {
						if boxesOverlap(ps[a], ps[b]) && footprintsOverlap(fps[a], fps[b]) {
							t.Fatalf("sample %d: products %d %q and %d %q interpenetrate:\n%v %v\n%v %v",
								i, a, ps[a].name, b, ps[b].name, ps[a].lo, ps[a].hi, ps[b].lo, ps[b].hi)
						}
					}
					for _, f := range fixtures {
						if boxesOverlap(ps[a], f) {
							t.Fatalf("sample %d: product %q [%v %v] crosses fixture %q [%v %v]", i, ps[a].name, ps[a].lo, ps[a].hi, f.name, f.lo, f.hi)
						}
					}
					sup := supportOf(ps[a], fixtures)
					stats["on "+sup]++
					if sup == "" {
						t.Fatalf("sample %d: product %q [%v %v] stands on no board and hangs from no hook", i, ps[a].name, ps[a].lo, ps[a].hi)
					}
				}
			}
			t.Logf("poses: %v", stats)
			if tt.name == "chaos" && (stats[poseFallen] == 0 || stats[poseTurned] == 0 || stats["misplaced"] == 0 || stats["on hook"] == 0) {
				t.Errorf("chaos params made no fallen, turned, misplaced or hanging product: %v", stats)
			}
		})
	}
}

// TestOverlapHelpers checks the test's own geometry on known cases.
func TestOverlapHelpers(t *testing.T) {
	sq := func(x, z, half, yaw float64) [][2]float64 {
		o := scene.Object{Mesh: scene.Box(2*half, 1, 2*half), Transform: mgl64.Translate3D(x, 0, z).Mul4(mgl64.HomogRotate3DY(yaw))}
		return footprint(solidOf(o))
	}
	tests := []struct {
		a, b [][2]float64
		want bool
	}{
		{sq(0, 0, 1, 0), sq(2, 0, 1, 0), false},                       // touching edges
		{sq(0, 0, 1, 0), sq(1.9, 0, 1, 0), true},                      // overlapping
		{sq(0, 0, 1, math.Pi/4), sq(2.3, 0, 1, 0), true},              // corner of a turned square pokes in
		{sq(0, 0, 1, math.Pi/4), sq(2.3, 2.3, 1, 0), false},           // diagonal neighbours, separated
		{sq(0, 0, 1, math.Pi/4), sq(0, math.Sqrt2+1.01, 1, 0), false}, // the turned corner stops short
	}
	for i, tt := range tests {
		if got := footprintsOverlap(tt.a, tt.b); got != tt.want {
			t.Errorf("case %d: overlap = %v, want %v", i, got, tt.want)
		}
	}
}
