package soft

import (
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// TestBackFaceCulling renders scene.Quad facing the camera and facing
// away, single- and double-sided: only the front face of a single-sided
// material draws; a double-sided back face draws with the flipped normal,
// which faces the camera. Under a mirroring transform (negative
// determinant) the winding of front faces flips, as in glTF, so the front
// stays on the side the transformed normals point to.
func TestBackFaceCulling(t *testing.T) {
	cam := scene.Camera{Fx: 32, Fy: 32, Cx: 32, Cy: 24, Width: 64, Height: 48, Near: 0.1, Far: 10, Pose: mgl64.Ident4()}
	single := &scene.Material{BaseColor: scene.RGB(1, 1, 1), Roughness: 1}
	at := mgl64.Translate3D(0, 0, 2)
	cases := []struct {
		name      string
		transform mgl64.Mat4
		mat       *scene.Material
		want      int // covered pixels
	}{
		{"front single-sided", at.Mul4(facing), single, 256},
		{"back single-sided", at, single, 0},
		{"back double-sided", at, doubleSided, 256},
		{"front double-sided", at.Mul4(facing), doubleSided, 256},
		{"mirrored, facing away", at.Mul4(mgl64.Scale3D(-1, 1, 1)), single, 0},
		{"mirrored, facing the camera", at.Mul4(facing).Mul4(mgl64.Scale3D(-1, 1, 1)), single, 256},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := &scene.Scene{Camera: cam, Objects: []scene.Object{{Name: "quad", Mesh: scene.Quad(1, 1), Material: c.mat, Transform: c.transform}}}
			f := renderScene(t, s)
			if n := covered(f); n != c.want {
				t.Fatalf("covered %d pixels, want %d", n, c.want)
			}
			if c.want == 0 {
				return
			}
			i := 24*64 + 32
			if f.Normals[i] != (mgl32.Vec3{0, 0, -1}) {
				t.Errorf("normal %v, want (0,0,-1)", f.Normals[i])
			}
			if f.Silhouettes[0].Pixels != c.want {
				t.Errorf("silhouette %d pixels, want %d", f.Silhouettes[0].Pixels, c.want)
			}
		})
	}
}

// TestNearPlaneClipping renders a floor that starts behind the camera and
// crosses z = Near inside the image: exactly the pixels whose ray meets
// the floor between the near plane and the floor's far edge are covered,
// at the analytic depth, and nothing from behind the camera shows up.
func TestNearPlaneClipping(t *testing.T) {
	// Camera frame: y down, so a floor 1 m below the camera is the plane
	// y = 1. A pixel row with ry = (y+0.5−cy)/fy > 0 sees it at z = 1/ry;
	// with fy = 20 the bottom rows have ry up to 1.5, z down to 0.67, so
	// the near plane z = 1 cuts at ry = 1 (row 50).
	cam := scene.Camera{Fx: 20, Fy: 20, Cx: 40, Cy: 30, Width: 80, Height: 60, Near: 1, Far: 100, Pose: mgl64.Ident4()}
	const halfW, z0, z1 = 3.0, -4.0, 6.0
	// scene.Plane faces +y (up in a y-up world, i.e. away from a camera
	// above it in this y-down frame); double-sided makes that irrelevant.
	tr := mgl64.Translate3D(0, 1, (z0+z1)/2)
	for _, samples := range []int{1, 3} {
		s := &scene.Scene{Camera: cam, Objects: []scene.Object{{Name: "floor", Mesh: scene.Plane(2*halfW, z1-z0), Material: doubleSided, Transform: tr}}}
		r := New(Options{SSAA: samples})
		f := mustRender(t, r, s)
		r.Close()
		cut, kept := 0, 0
		for y := range cam.Height {
			for x := range cam.Width {
				rx, ry := (float64(x)+0.5-cam.Cx)/cam.Fx, (float64(y)+0.5-cam.Cy)/cam.Fy
				if ry <= 0 {
					if f.IDs[y*cam.Width+x] != 0 {
						t.Fatalf("pixel (%d,%d) above the horizon is covered", x, y)
					}
					continue
				}
				z := 1 / ry
				if math.Abs(math.Abs(rx*z)-halfW) < 1e-3 || math.Abs(z-z1) < 1e-3 || math.Abs(z-cam.Near) < 1e-3 {
					continue // on an edge: snapping decides
				}
				want := 0.0
				if z >= cam.Near && z <= z1 && math.Abs(rx*z) <= halfW {
					want = z
				}
				if z < cam.Near && math.Abs(rx*z) <= halfW {
					cut++
				}
				got := float64(f.Depth[y*cam.Width+x])
				if (got == 0) != (want == 0) || math.Abs(got-want) > 1e-6*want {
					t.Fatalf("samples %d: pixel (%d,%d): depth %g, want %g", samples, x, y, got, want)
				}
				if got != 0 {
					kept++
				}
			}
		}
		if cut == 0 || kept == 0 {
			t.Fatalf("test does not exercise the near plane: %d pixels cut, %d kept", cut, kept)
		}
	}
}

// TestNearPlaneCut clips a quad that faces the camera but is tilted so
// that its top lies behind the near plane: the visible part ends exactly
// where the quad crosses z = Near.
func TestNearPlaneCut(t *testing.T) {
	cam := scene.Camera{Fx: 20, Fy: 20, Cx: 40, Cy: 40, Width: 80, Height: 80, Near: 1, Far: 100, Pose: mgl64.Ident4()}
	// Triangle pair in the plane z = 1 + y (camera frame), x in [-1, 1],
	// y in [-2, 2]: z from -1 to 3; visible where y >= 0 (z >= 1).
	m := &scene.Mesh{
		Positions: []mgl32.Vec3{{-1, -2, -1}, {1, -2, -1}, {1, 2, 3}, {-1, 2, 3}},
		Indices:   []uint32{0, 1, 2, 0, 2, 3},
	}
	s := &scene.Scene{Camera: cam, Objects: []scene.Object{{Name: "cut", Mesh: m, Material: doubleSided, Transform: mgl64.Ident4()}}}
	f := renderScene(t, s)
	for y := range 80 {
		for x := range 80 {
			i := y*80 + x
			rx, ry := (float64(x)+0.5-40)/20, (float64(y)+0.5-40)/20
			// Ray (rx, ry, 1)·z meets z = 1 + y at z = 1/(1−ry).
			want := 0.0
			if ry < 1 {
				z := 1 / (1 - ry)
				if yy := ry * z; z >= 1 && yy <= 2 && math.Abs(rx*z) <= 1 {
					want = z
				}
			}
			got := float64(f.Depth[i])
			if (got == 0) != (want == 0) {
				// Tolerate the boundary rows and columns.
				z := 1 / (1 - ry)
				if math.Abs(ry) < 0.06 || math.Abs(math.Abs(rx*z)-1) < 0.06 || math.Abs(ry*z-2) < 0.06 {
					continue
				}
				t.Fatalf("pixel (%d,%d): depth %g, want %g", x, y, got, want)
			}
			if want != 0 && got != 0 && math.Abs(got-want) > 1e-6*want {
				t.Fatalf("pixel (%d,%d): depth %g, want %g", x, y, got, want)
			}
		}
	}
	if lo, _ := frameDepthRange(f); lo < 1-1e-6 {
		t.Errorf("nearest depth %g is in front of the near plane", lo)
	}
}

// TestBehindCamera draws objects entirely behind the camera or beyond the
// far plane: nothing may show up.
func TestBehindCamera(t *testing.T) {
	cam := scene.NewCameraFOV(64, 48, 60)
	cam.Near, cam.Far = 0.1, 50
	q := scene.Quad(4, 4)
	s := &scene.Scene{Camera: cam, Objects: []scene.Object{
		{Name: "behind", Mesh: q, Material: doubleSided, Transform: mgl64.Translate3D(0, 0, -2)},
		{Name: "at eye", Mesh: q, Material: doubleSided, Transform: mgl64.Translate3D(0, 0, 0.05)},
		{Name: "beyond far", Mesh: q, Material: doubleSided, Transform: mgl64.Translate3D(0, 0, 60)},
		{Name: "huge behind", Mesh: scene.Quad(1e6, 1e6), Material: doubleSided, Transform: mgl64.Translate3D(0, 0, -1e-3)},
	}}
	f := renderScene(t, s)
	if n := covered(f); n != 0 {
		t.Fatalf("%d pixels covered by objects behind the camera or beyond the far plane", n)
	}
	for i, sil := range f.Silhouettes {
		if sil.Pixels != 0 {
			t.Errorf("object %d has a silhouette of %d pixels", i, sil.Pixels)
		}
	}
}

// TestFarPlane checks the per-pixel far test: a plane tilted through
// z = Far keeps exactly the samples with z <= Far.
func TestFarPlane(t *testing.T) {
	cam := scene.Camera{Fx: 40, Fy: 40, Cx: 40, Cy: 30, Width: 80, Height: 60, Near: 0.1, Far: 5, Pose: mgl64.Ident4()}
	// Floor y = 1 from z = 1 to z = 20: visible rows have z = 1/ry <= 5.
	tr := mgl64.Translate3D(0, 1, 10.5).Mul4(mgl64.Diag4(mgl64.Vec4{-1, -1, 1, 1}))
	s := &scene.Scene{Camera: cam, Objects: []scene.Object{{Name: "floor", Mesh: scene.Plane(100, 19), Material: doubleSided, Transform: tr}}}
	f := renderScene(t, s)
	for y := range 60 {
		ry := (float64(y) + 0.5 - 30) / 40
		want := ry > 0 && 1/ry <= 5 && 1/ry >= 1
		if got := f.IDs[y*80+40] != 0; got != want {
			t.Errorf("row %d (z = %g): covered %v, want %v", y, 1/ry, got, want)
		}
	}
}

// TestHugeTriangles renders triangles far larger than the guard band,
// crossing the near plane, and a camera inside a double-sided box: the
// frame is full, at the right depth, without panics.
func TestHugeTriangles(t *testing.T) {
	cam := scene.NewCameraFOV(64, 48, 90)
	t.Run("floor", func(t *testing.T) {
		m := &scene.Mesh{
			Positions: []mgl32.Vec3{{-1e7, 1, -1e7}, {1e7, 1, -1e7}, {0, 1, 1e7}},
			Indices:   []uint32{0, 1, 2},
		}
		s := &scene.Scene{Camera: cam, Objects: []scene.Object{{Name: "floor", Mesh: m, Material: doubleSided, Transform: mgl64.Ident4()}}}
		f := renderScene(t, s)
		for y := range cam.Height {
			for x := range cam.Width {
				ry := (float64(y) + 0.5 - cam.Cy) / cam.Fy
				want := 0.0
				if ry > 0 && 1/ry <= cam.Far {
					want = 1 / ry
				}
				got := float64(f.Depth[y*cam.Width+x])
				if math.Abs(got-want) > 1e-6*want || (want == 0) != (got == 0) {
					t.Fatalf("pixel (%d,%d): depth %g, want %g", x, y, got, want)
				}
			}
		}
	})
	t.Run("inside box", func(t *testing.T) {
		s := &scene.Scene{Camera: cam, Objects: []scene.Object{{Name: "room", Mesh: scene.Box(4, 4, 4), Material: doubleSided, Transform: mgl64.Ident4()}}}
		f := renderScene(t, s)
		if n := covered(f); n != cam.Width*cam.Height {
			t.Fatalf("covered %d of %d pixels", n, cam.Width*cam.Height)
		}
		// The centre pixels look at the face z = 2 head-on.
		c := (cam.Height/2)*cam.Width + cam.Width/2
		if d := f.Depth[c]; math.Abs(float64(d)-2) > 1e-6 {
			t.Errorf("centre depth %g, want 2", d)
		}
		if n := f.Normals[c]; !normalNear(n, mgl64.Vec3{0, 0, -1}, 1e-3) {
			t.Errorf("centre normal %v, want about (0,0,-1)", n)
		}
		lo, hi := frameDepthRange(f)
		if lo < 2-1e-6 || hi > 2+1e-5 {
			// With a 90° field of view every visible wall point has z in
			// [2, 2] for the front face and z < 2 for the side walls seen
			// at the border; all depths lie in [1, 2].
			if lo < 1-1e-6 || hi > 2+1e-6 {
				t.Errorf("depth range [%g, %g], want within [1, 2]", lo, hi)
			}
		}
		checkSilhouetteInvariants(t, f)
	})
}
