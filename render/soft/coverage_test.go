package soft

import (
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// TestSquareCoverage renders an axis-aligned square facing the camera and
// checks the covered pixels against the fill rule computed from the
// intrinsics: pixel (x, y) is covered when u0 <= x+0.5 < u1 and
// v0 <= y+0.5 < v1 (left and top edges inclusive, right and bottom
// exclusive), with depth exactly the square's z and normal (0, 0, -1).
func TestSquareCoverage(t *testing.T) {
	cases := []struct {
		name       string
		cx, cy     float64 // principal point
		z          float64 // depth of the square
		x0, x1     float64 // camera-frame extent in x
		y0, y1     float64 // ... and in y
		wantPixels int
	}{
		// fx = 32: u = 32·X/z + cx.
		{"edges between centres", 32, 24, 2, -0.5, 0.5, -0.25, 0.25, 16 * 8},
		{"edges on centres", 32, 24, 2, -17.0 / 32, 15.0 / 32, -7.0 / 32, 9.0 / 32, 16 * 8},
		{"principal point offset", 31.5, 23.25, 4, -1.03125, 0.96875, -0.5, 0.5, 0},
		{"partly outside", 32, 24, 2, 0.6, 2.5, -2, -0.4, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cam := scene.Camera{Fx: 32, Fy: 32, Cx: c.cx, Cy: c.cy, Width: 64, Height: 48, Near: 0.1, Far: 10, Pose: mgl64.Ident4()}
			w, h := c.x1-c.x0, c.y1-c.y0
			tr := mgl64.Translate3D((c.x0+c.x1)/2, (c.y0+c.y1)/2, c.z).Mul4(facing)
			s := &scene.Scene{Camera: cam, Objects: []scene.Object{{Name: "square", Mesh: scene.Quad(w, h), Transform: tr}}}
			f := renderScene(t, s)
			u0, u1 := 32*c.x0/c.z+c.cx, 32*c.x1/c.z+c.cx
			v0, v1 := 32*c.y0/c.z+c.cy, 32*c.y1/c.z+c.cy
			n := 0
			for y := range 48 {
				for x := range 64 {
					px, py := float64(x)+0.5, float64(y)+0.5
					want := u0 <= px && px < u1 && v0 <= py && py < v1
					i := y*64 + x
					if got := f.IDs[i] == 1; got != want {
						t.Fatalf("pixel (%d,%d): covered %v, want %v (u %g..%g, v %g..%g)", x, y, got, want, u0, u1, v0, v1)
					}
					if !want {
						if f.Depth[i] != 0 || f.Normals[i] != (mgl32.Vec3{}) {
							t.Fatalf("background pixel (%d,%d): depth %g normal %v", x, y, f.Depth[i], f.Normals[i])
						}
						continue
					}
					n++
					if f.Depth[i] != float32(c.z) {
						t.Fatalf("pixel (%d,%d): depth %v, want %v", x, y, f.Depth[i], c.z)
					}
					if f.Normals[i] != (mgl32.Vec3{0, 0, -1}) {
						t.Fatalf("pixel (%d,%d): normal %v, want (0,0,-1)", x, y, f.Normals[i])
					}
				}
			}
			if c.wantPixels != 0 && n != c.wantPixels {
				t.Errorf("covered %d pixels, want %d", n, c.wantPixels)
			}
			if n == 0 {
				t.Fatal("square covers no pixel")
			}
			sil := f.Silhouettes[0]
			if sil.Pixels != n {
				t.Errorf("silhouette has %d pixels, want %d", sil.Pixels, n)
			}
		})
	}
}

// TestSharedEdges splits random convex polygons into triangles (random
// diagonals, fans from a vertex, fans around an inner point), renders
// each triangle as its own object and checks that the silhouettes are
// disjoint and that their union is exactly the polygon's coverage under
// the fill rule. Vertices lie on the half-pixel grid half of the time, so
// many edges pass exactly through pixel centres, and on the 1/256 grid
// otherwise; polygons may reach beyond the image.
func TestSharedEdges(t *testing.T) {
	const W, H = 24, 20
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := range 400 {
		grid := 2.0
		if iter%2 == 1 {
			grid = 256
		}
		poly := randomConvex(rng, 3+rng.IntN(6), grid, -3, W+3, -3, H+3)
		if len(poly) < 3 {
			continue
		}
		var tris [][3][2]float64
		mode := iter % 3
		switch mode {
		case 0: // fan from a random vertex
			k := rng.IntN(len(poly))
			for i := 1; i+1 < len(poly); i++ {
				tris = append(tris, [3][2]float64{poly[k], poly[(k+i)%len(poly)], poly[(k+i+1)%len(poly)]})
			}
		case 1: // fan around an inner point (the vertex average, snapped)
			var c [2]float64
			for _, p := range poly {
				c[0] += p[0] / float64(len(poly))
				c[1] += p[1] / float64(len(poly))
			}
			c = [2]float64{math.Round(c[0]*grid) / grid, math.Round(c[1]*grid) / grid}
			for i := range poly {
				tris = append(tris, [3][2]float64{c, poly[i], poly[(i+1)%len(poly)]})
			}
		case 2: // zig-zag strip from a random start
			k := rng.IntN(len(poly))
			p := append(slices.Clone(poly[k:]), poly[:k]...)
			for i, j := 0, len(p)-1; i+1 < j; {
				tris = append(tris, [3][2]float64{p[i], p[i+1], p[j]})
				i++
				if i+1 < j {
					tris = append(tris, [3][2]float64{p[i], p[j-1], p[j]})
					j--
				}
			}
		}
		s := &scene.Scene{Camera: pixelCamera(W, H)}
		for i, tr := range tris {
			// Random winding: double-sided material draws both.
			if rng.IntN(2) == 0 {
				tr[1], tr[2] = tr[2], tr[1]
			}
			s.Objects = append(s.Objects, scene.Object{Name: fmt.Sprint(i), Mesh: triMesh(tr[0], tr[1], tr[2]), Material: doubleSided, Transform: mgl64.Ident4()})
		}
		f := renderScene(t, s)

		fp := make([][2]int64, len(poly))
		for i, p := range poly {
			fp[i] = [2]int64{fixed(p[0]), fixed(p[1])}
		}
		if area2(fp) < 0 {
			slices.Reverse(fp)
		}
		for y := range H {
			for x := range W {
				owners := 0
				for i := range f.Silhouettes {
					if f.Silhouettes[i].At(x, y) {
						owners++
					}
				}
				want := 0
				if refInside(fp, int64(x)*256+128, int64(y)*256+128) {
					want = 1
				}
				if owners != want {
					t.Fatalf("iteration %d (mode %d): pixel (%d,%d) owned by %d triangles, want %d\npolygon %v\ntriangles %v", iter, mode, x, y, owners, want, poly, tris)
				}
				if (f.IDs[y*W+x] != 0) != (want == 1) {
					t.Fatalf("iteration %d: pixel (%d,%d): id %d, coverage %d", iter, x, y, f.IDs[y*W+x], want)
				}
			}
		}
	}
}

// randomConvex returns the convex hull (in order) of n random points on
// the 1/grid lattice within the box.
func randomConvex(rng *rand.Rand, n int, grid, x0, x1, y0, y1 float64) [][2]float64 {
	pts := make([][2]float64, n)
	for i := range pts {
		pts[i] = [2]float64{
			math.Round((x0+(x1-x0)*rng.Float64())*grid) / grid,
			math.Round((y0+(y1-y0)*rng.Float64())*grid) / grid,
		}
	}
	slices.SortFunc(pts, func(a, b [2]float64) int {
		if a[0] != b[0] {
			return cmpF(a[0], b[0])
		}
		return cmpF(a[1], b[1])
	})
	pts = slices.Compact(pts)
	cross := func(o, a, b [2]float64) float64 {
		return (a[0]-o[0])*(b[1]-o[1]) - (a[1]-o[1])*(b[0]-o[0])
	}
	var hull [][2]float64
	for pass := 0; pass < 2; pass++ {
		start := len(hull)
		for _, p := range pts {
			for len(hull) >= start+2 && cross(hull[len(hull)-2], hull[len(hull)-1], p) <= 0 {
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

// TestSilhouetteLayout checks the documented Silhouette layout on a known
// shape: tight bounds, row-major mask over the bounds, pixel count.
func TestSilhouetteLayout(t *testing.T) {
	// A right triangle with legs along the top and left edges of the box
	// [4, 10) × [2, 8) and its hypotenuse on x + y = 12.
	s := &scene.Scene{Camera: pixelCamera(16, 12), Objects: []scene.Object{
		{Name: "empty", Mesh: triMesh([2]float64{1, 1}, [2]float64{1, 1}, [2]float64{2, 2}), Transform: mgl64.Ident4()},
		{Name: "tri", Mesh: triMesh([2]float64{4, 2}, [2]float64{10, 2}, [2]float64{4, 8}), Material: doubleSided, Transform: mgl64.Ident4()},
	}}
	f := renderScene(t, s)
	if sil := f.Silhouettes[0]; sil.Pixels != 0 || !sil.Bounds.Empty() || len(sil.Mask) != 0 {
		t.Errorf("degenerate triangle silhouette = %+v, want empty", sil)
	}
	sil := f.Silhouettes[1]
	// Centres strictly below the hypotenuse (exclusive: it is a
	// bottom-right edge); the legs are a top and a left edge (inclusive).
	want := 0
	for y := 2; y < 8; y++ {
		for x := 4; x < 10; x++ {
			in := float64(x)+0.5+float64(y)+0.5 < 12
			if in {
				want++
			}
			if sil.At(x, y) != in {
				t.Errorf("At(%d,%d) = %v, want %v", x, y, sil.At(x, y), in)
			}
		}
	}
	// Rows 2..6 and columns 4..8 hold the 5+4+3+2+1 covered centres.
	if sil.Pixels != 15 || want != 15 || sil.Bounds != imageRect(4, 2, 9, 7) || len(sil.Mask) != 25 {
		t.Errorf("silhouette bounds %v pixels %d mask %d, want %v 15 25", sil.Bounds, sil.Pixels, len(sil.Mask), imageRect(4, 2, 9, 7))
	}
	checkSilhouetteInvariants(t, f)
}

func imageRect(x0, y0, x1, y1 int) image.Rectangle { return image.Rect(x0, y0, x1, y1) }

// checkSilhouetteInvariants checks what render.Silhouette documents:
// tight bounds inside the image, a mask of Bounds.Dx()·Bounds.Dy() bytes
// and Pixels equal to its non-zero count.
func checkSilhouetteInvariants(t *testing.T, f *render.Frame) {
	t.Helper()
	img := imageRect(0, 0, f.Width, f.Height)
	for i, s := range f.Silhouettes {
		if s.Pixels == 0 {
			if !s.Bounds.Empty() || len(s.Mask) != 0 {
				t.Errorf("silhouette %d: empty with bounds %v and %d mask bytes", i, s.Bounds, len(s.Mask))
			}
			continue
		}
		if !s.Bounds.In(img) || len(s.Mask) != s.Bounds.Dx()*s.Bounds.Dy() {
			t.Errorf("silhouette %d: bounds %v, mask %d bytes", i, s.Bounds, len(s.Mask))
			continue
		}
		n := 0
		rowHit := make([]bool, s.Bounds.Dy())
		colHit := make([]bool, s.Bounds.Dx())
		for k, v := range s.Mask {
			if v != 0 {
				n++
				rowHit[k/s.Bounds.Dx()] = true
				colHit[k%s.Bounds.Dx()] = true
			}
		}
		if n != s.Pixels {
			t.Errorf("silhouette %d: %d mask pixels, Pixels = %d", i, n, s.Pixels)
		}
		if !rowHit[0] || !rowHit[len(rowHit)-1] || !colHit[0] || !colHit[len(colHit)-1] {
			t.Errorf("silhouette %d: bounds %v are not tight", i, s.Bounds)
		}
	}
}
