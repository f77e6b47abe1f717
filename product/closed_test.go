package product

import (
	"fmt"
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// TestEveryMeshClosedAndOutward checks every part of every kit product
// (all kinds, variants and sizes, several seeds and segment counts), each
// part on its own:
//
//   - closed: after welding positions at 10 µm, every edge of a
//     non-degenerate triangle is used exactly once in each direction, by
//     two triangles of opposite orientation;
//   - outward: the signed volume is positive, and every triangle faces
//     out: the generalised winding number of the part is 0 at a point
//     20 µm in front of the triangle, and 1 just behind it (or 0 where the
//     part has no thickness: a bag's crimped seal). Triangles that are
//     copies of one another under rotation about the y axis (the rings of
//     a lathed body) are checked once; a part without that symmetry has
//     200 of its triangles checked, evenly spread.
//
// Parts that share welded edges (a can's wall and its two ends) are
// checked as one surface.
//
// An inward-facing band on a closed surface (a lathed profile that runs
// back down over itself, as the water bottles' upper label groove once
// did) keeps every edge matched and the total volume positive; only the
// per-triangle winding check sees it.
func TestEveryMeshClosedAndOutward(t *testing.T) {
	for _, k := range Kinds() {
		for _, v := range variantsOf(k) {
			for _, sz := range v.sizes {
				for _, segs := range []int{16, 48} {
					if segs != 16 && k != Bottle && k != Can && k != Jar {
						continue // only lathed kinds depend on Segments
					}
					for seed := uint64(0); seed < 3; seed++ {
						name := fmt.Sprintf("%s/%s/%s/seg%d/seed%d", k, v.name, sz.label, segs, seed)
						s, err := New(Spec{Kind: k, Variant: v.name, Size: sz.label, Seed: seed}, Options{Resolution: 32, Segments: segs})
						if err != nil {
							t.Fatalf("%s: %v", name, err)
						}
						for _, g := range surfaces(s.Parts) {
							if err := closedOutward(triangles(&SKU{Parts: g.parts})); err != nil {
								t.Errorf("%s parts %v: %v", name, g.names, err)
							}
						}
					}
				}
			}
		}
	}
}

// surface is a set of parts that together bound one solid.
type surface struct {
	parts []scene.Part
	names []string
}

// surfaces groups parts that share a welded edge (a can's wall and its
// two ends), in part order: each group must be closed on its own.
func surfaces(parts []scene.Part) []surface {
	group := make([]int, len(parts))
	edges := make(map[[2]weldKey]int) // undirected edge → first part using it
	for i, p := range parts {
		group[i] = i
		for _, t := range triangles(&SKU{Parts: []scene.Part{p}}) {
			for c := 0; c < 3; c++ {
				a, b := weld(t[c]), weld(t[(c+1)%3])
				if b[0] < a[0] || (b[0] == a[0] && (b[1] < a[1] || (b[1] == a[1] && b[2] < a[2]))) {
					a, b = b, a
				}
				j, ok := edges[[2]weldKey{a, b}]
				if !ok {
					edges[[2]weldKey{a, b}] = i
					continue
				}
				if gi, gj := group[i], group[j]; gi != gj {
					for k := range group {
						if group[k] == gi {
							group[k] = gj
						}
					}
				}
			}
		}
	}
	var out []surface
	index := make(map[int]int)
	for i, p := range parts {
		k, ok := index[group[i]]
		if !ok {
			k = len(out)
			index[group[i]] = k
			out = append(out, surface{})
		}
		out[k].parts = append(out[k].parts, p)
		out[k].names = append(out[k].names, p.Name)
	}
	return out
}

// weldKey is a position rounded to 10 µm.
type weldKey [3]int64

func weld(p mgl64.Vec3) weldKey {
	return weldKey{int64(math.Round(p[0] * 1e5)), int64(math.Round(p[1] * 1e5)), int64(math.Round(p[2] * 1e5))}
}

// closedOutward returns an error describing the first way tris fail to
// be a closed, outward-facing surface.
func closedOutward(tris []worldTri) error {
	directed := make(map[[2]weldKey]int)
	var solid []worldTri // the non-degenerate triangles
	for _, t := range tris {
		a, b, c := weld(t[0]), weld(t[1]), weld(t[2])
		if a == b || b == c || c == a {
			continue // collapsed by welding: no edges of its own
		}
		solid = append(solid, t)
		for _, e := range [][2]weldKey{{a, b}, {b, c}, {c, a}} {
			directed[e]++
		}
	}
	if len(solid) == 0 {
		return fmt.Errorf("no non-degenerate triangles")
	}
	for e, n := range directed {
		if back := directed[[2]weldKey{e[1], e[0]}]; n != 1 || back != 1 {
			return fmt.Errorf("edge %v→%v used %d times forward and %d backward, want 1 and 1", e[0], e[1], n, back)
		}
	}
	if vol := signedVolume(solid); !(vol > 0) {
		return fmt.Errorf("signed volume %.3g m³, want > 0", vol)
	}
	// One representative per class of triangles equal under rotation
	// about y: centroid radius and height, the normal's radial and
	// axial components. A flipped triangle has its own class.
	type probe struct {
		i    int
		c, n mgl64.Vec3
	}
	var probes []probe
	seen := make(map[[4]int64]bool)
	for i, t := range solid {
		g := t[1].Sub(t[0]).Cross(t[2].Sub(t[0]))
		if g.Len() < 1e-12 {
			continue
		}
		n := g.Normalize()
		c := t[0].Add(t[1]).Add(t[2]).Mul(1.0 / 3)
		r := math.Hypot(c[0], c[2])
		nr := 0.0
		if r > 0 {
			nr = (n[0]*c[0] + n[2]*c[2]) / r
		}
		key := [4]int64{int64(math.Round(r * 1e5)), int64(math.Round(c[1] * 1e5)), int64(math.Round(nr * 1e2)), int64(math.Round(n[1] * 1e2))}
		if !seen[key] {
			seen[key] = true
			probes = append(probes, probe{i, c, n})
		}
	}
	// A lathed part has a few hundred classes at most and all are
	// checked; a part without that symmetry (a bag's pillow) is sampled
	// evenly, maxProbes triangles, to keep the test's cost linear.
	const maxProbes = 200
	stride := (len(probes) + maxProbes - 1) / maxProbes
	const eps = 2e-5 // 20 µm off the surface
	for k := 0; k < len(probes); k += stride {
		i, c, n := probes[k].i, probes[k].c, probes[k].n
		front, back := winding(solid, c.Add(n.Mul(eps))), winding(solid, c.Sub(n.Mul(eps)))
		// Behind may read 0 where the part has no thickness (a bag's
		// crimped seal, a blister bubble's rim lying on its back).
		if math.Abs(front) > 0.5 || (math.Abs(back-1) > 0.5 && math.Abs(back) > 0.5) {
			return fmt.Errorf("triangle %d at %.5f (normal %.3f) faces inward: winding number %.2f in front, %.2f behind, want 0 and 1 (or 0 where the part is flat)", i, c, n, front, back)
		}
	}
	return nil
}

// winding is the generalised winding number of the triangles at p: the
// sum of their signed solid angles over 4π (Van Oosterom and Strackee).
func winding(tris []worldTri, p mgl64.Vec3) float64 {
	w := 0.0
	for _, t := range tris {
		a, b, c := t[0].Sub(p), t[1].Sub(p), t[2].Sub(p)
		la, lb, lc := a.Len(), b.Len(), c.Len()
		num := a.Dot(b.Cross(c))
		den := la*lb*lc + a.Dot(b)*lc + b.Dot(c)*la + c.Dot(a)*lb
		w += 2 * math.Atan2(num, den)
	}
	return w / (4 * math.Pi)
}
