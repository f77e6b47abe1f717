//go:build gl

package gl

import (
	"image"
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// TestFacingQuad renders one camera-facing rectangle at a known depth whose
// image-space edges are known exactly, and checks every buffer against the
// analytic answer: the covered pixels are those whose centre (x+0.5, y+0.5)
// lies in [u0, u1)×[v0, v1) (top-left rule), depth is z, the normal is
// (0, 0, −1), the unlit colour is the material's sRGB code.
func TestFacingQuad(t *testing.T) {
	r := sharedRenderer(t)
	tests := []struct {
		name           string
		w, h           int
		fx, fy, cx, cy float64
		u0, v0, u1, v1 float64 // image rectangle
		z              float64
		tie            bool // edges pass through pixel centres
	}{
		{"edges on pixel centres", 64, 48, 64, 64, 32, 24, 10.5, 7.5, 41.5, 30.5, 2, true},
		{"edges on pixel borders", 64, 48, 50, 50, 32, 24, 8, 4, 40, 44, 3.5, false},
		{"fractional edges", 80, 60, 70, 90, 37.3, 28.9, 11.3, 5.6, 66.7, 52.2, 1.7, false},
		{"far and small", 64, 48, 64, 64, 32, 24, 30.25, 20.75, 33.75, 26.25, 40, false},
		{"partly outside the image", 64, 48, 64, 64, 32, 24, -20.5, -10.5, 20.5, 10.5, 5, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.tie && !r.Info().FillRuleExact {
				t.Skipf("%s: calibration found no orientation with the exact tie rule", r.Info().Renderer)
			}
			cam := scene.Camera{Fx: tc.fx, Fy: tc.fy, Cx: tc.cx, Cy: tc.cy, Width: tc.w, Height: tc.h, Near: 0.1, Far: 100, Pose: mgl64.Ident4()}
			// Back-project the rectangle to depth z.
			x0, x1 := (tc.u0-tc.cx)*tc.z/tc.fx, (tc.u1-tc.cx)*tc.z/tc.fx
			y0, y1 := (tc.v0-tc.cy)*tc.z/tc.fy, (tc.v1-tc.cy)*tc.z/tc.fy
			base := scene.SRGB8(200, 100, 50)
			s := &scene.Scene{
				Camera:     cam,
				Background: scene.SRGB8(10, 20, 30),
				Objects: []scene.Object{{
					Mesh:      scene.Quad(x1-x0, y1-y0),
					Material:  &scene.Material{BaseColor: base, Unlit: true},
					Transform: facing((x0+x1)/2, (y0+y1)/2, tc.z),
				}},
			}
			f := mustRender(t, r, s)
			want := map[image.Point]bool{}
			for y := range tc.h {
				for x := range tc.w {
					u, v := float64(x)+0.5, float64(y)+0.5
					if u >= tc.u0 && u < tc.u1 && v >= tc.v0 && v < tc.v1 {
						want[image.Pt(x, y)] = true
					}
				}
			}
			got := covered(f, 1)
			if d := setDiff(got, want); d != 0 {
				t.Errorf("covered pixels differ from the analytic set in %d pixels (got %d, want %d)", d, len(got), len(want))
			}
			if d := setDiff(silhouetteSet(f.Silhouettes[0]), want); d != 0 {
				t.Errorf("silhouette differs from the analytic set in %d pixels", d)
			}
			if sil := f.Silhouettes[0]; sil.Pixels != len(want) {
				t.Errorf("silhouette has %d pixels, want %d", sil.Pixels, len(want))
			}
			for p := range got {
				i := p.Y*tc.w + p.X
				// Depth is 1/(interpolated 1/w) in float32: a few ulps.
				if d := f.Depth[i]; math.Abs(float64(d)-tc.z) > 1e-6*tc.z {
					t.Fatalf("depth at %v = %.9g, want %g", p, d, tc.z)
				}
				if n := f.Normals[i]; n.Sub(mgl32.Vec3{0, 0, -1}).Len() > 1e-6 {
					t.Fatalf("normal at %v = %v, want (0, 0, -1)", p, n)
				}
				if c := f.Color.RGBAAt(p.X, p.Y); c.R != 200 || c.G != 100 || c.B != 50 || c.A != 255 {
					t.Fatalf("colour at %v = %v, want (200, 100, 50, 255)", p, c)
				}
			}
			for i, id := range f.IDs {
				if id != 0 {
					continue
				}
				x, y := i%tc.w, i/tc.w
				if f.Depth[i] != 0 || f.Normals[i] != (mgl32.Vec3{}) {
					t.Fatalf("background pixel (%d, %d) has depth %g normal %v", x, y, f.Depth[i], f.Normals[i])
				}
				if c := f.Color.RGBAAt(x, y); c.R != 10 || c.G != 20 || c.B != 30 || c.A != 255 {
					t.Fatalf("background colour at (%d, %d) = %v, want (10, 20, 30, 255)", x, y, c)
				}
			}
		})
	}
}

// TestSlantedPlaneDepth checks depth and normals on a plane seen at an
// angle against the ray–plane intersection at each pixel centre.
func TestSlantedPlaneDepth(t *testing.T) {
	r := sharedRenderer(t)
	cam := pinhole(96, 72, 80, 48, 36)
	// A 3 m square through (0, 0, 4), turned 50° about y and 20° about x.
	tr := mgl64.Translate3D(0, 0, 4).Mul4(mgl64.HomogRotate3DY(0.87)).Mul4(mgl64.HomogRotate3DX(0.35)).Mul4(mgl64.Scale3D(-1, 1, -1))
	s := &scene.Scene{Camera: cam, Objects: []scene.Object{{Mesh: scene.Quad(3, 3), Transform: tr,
		Material: &scene.Material{BaseColor: scene.RGB(1, 1, 1), DoubleSided: true}}}}
	f := mustRender(t, r, s)
	n := tr.Mat3().Mul3x1(mgl64.Vec3{0, 0, 1}).Normalize() // plane normal (camera frame)
	d := n.Dot(mgl64.Vec3{0, 0, 4})
	wantN := n
	if d > 0 {
		wantN = n.Mul(-1)
	}
	maxRel, maxN, count := 0.0, 0.0, 0
	for i, id := range f.IDs {
		if id != 1 {
			continue
		}
		count++
		x, y := i%cam.Width, i/cam.Width
		ray := mgl64.Vec3{(float64(x) + 0.5 - cam.Cx) / cam.Fx, (float64(y) + 0.5 - cam.Cy) / cam.Fy, 1}
		z := d / n.Dot(ray)
		maxRel = math.Max(maxRel, math.Abs(float64(f.Depth[i])-z)/z)
		g := f.Normals[i]
		maxN = math.Max(maxN, mgl64.Vec3{float64(g[0]), float64(g[1]), float64(g[2])}.Sub(wantN).Len())
	}
	if count < 1000 {
		t.Fatalf("plane covers %d pixels, want over 1000", count)
	}
	t.Logf("%d pixels: max relative depth error %.3g, max normal error %.3g", count, maxRel, maxN)
	// float32 vertex transform and 1/w interpolation: relative error of a
	// few 1e-7 (see the package documentation, "Depth").
	if maxRel > 2e-6 {
		t.Errorf("max relative depth error %.3g, want <= 2e-6", maxRel)
	}
	if maxN > 1e-5 {
		t.Errorf("max normal error %.3g, want <= 1e-5", maxN)
	}
}

// TestOcclusionAndSilhouettes checks that ids follow depth and silhouettes
// stay amodal, including when many full-image objects need several
// silhouette atlas rounds (the atlas is shrunk to hold one layer).
func TestOcclusionAndSilhouettes(t *testing.T) {
	r := newTestRenderer(t, Options{})
	if err := r.thread.do(func() error { r.atlasSide = 256; return nil }); err != nil {
		t.Fatal(err)
	}
	cam := pinhole(320, 240, 240, 160, 120)
	full := rectSet(image.Rect(0, 0, 320, 240))
	s := &scene.Scene{Camera: cam}
	const layers = 12 // each covers the whole image, so each takes a round
	for i := range layers {
		z := 2 + 0.1*float64(i)
		s.Objects = append(s.Objects, scene.Object{Mesh: scene.Quad(4*z, 3*z), Transform: facing(0, 0, z)})
	}
	// A small square in front of everything, and one hidden behind all.
	s.Objects = append(s.Objects,
		scene.Object{Mesh: scene.Quad(0.5, 0.5), Transform: facing(0, 0, 1)},
		scene.Object{Mesh: scene.Quad(0.5, 0.5), Transform: facing(0, 0, 50)})
	f := mustRender(t, r, s)
	front := covered(f, layers+1)
	if len(front) == 0 {
		t.Fatal("front square not visible")
	}
	if n := len(covered(f, 1)); n+len(front) != 320*240 {
		t.Errorf("nearest layer covers %d pixels, want %d", n, 320*240-len(front))
	}
	for i := 2; i <= layers; i++ {
		if n := len(covered(f, uint32(i))); n != 0 {
			t.Errorf("occluded layer %d shows %d pixels", i, n)
		}
	}
	if n := len(covered(f, layers+2)); n != 0 {
		t.Errorf("hidden square shows %d pixels", n)
	}
	for i := range layers {
		if d := setDiff(silhouetteSet(f.Silhouettes[i]), full); d != 0 {
			t.Errorf("layer %d: silhouette differs from the full image in %d pixels", i+1, d)
		}
	}
	if d := setDiff(silhouetteSet(f.Silhouettes[layers]), front); d != 0 {
		t.Errorf("front square: silhouette differs from its visible pixels in %d pixels", d)
	}
	// The hidden square spans u, v = centre ± 1.2 px: a 2×2 block.
	if d := setDiff(silhouetteSet(f.Silhouettes[layers+1]), rectSet(image.Rect(159, 119, 161, 121))); d != 0 {
		t.Errorf("hidden square: amodal silhouette %v (%d px) differs from the 2×2 block at (159, 119) in %d pixels",
			f.Silhouettes[layers+1].Bounds, f.Silhouettes[layers+1].Pixels, d)
	}
	for _, p := range []image.Point{{5, 5}, {300, 200}} {
		if d := f.Depth[p.Y*320+p.X]; math.Abs(float64(d)-2) > 2e-6 {
			t.Errorf("depth at %v = %g, want 2", p, d)
		}
	}
}

// TestCullingAndDoubleSided: a single-sided quad seen from behind is
// invisible (and has no silhouette); a double-sided one is drawn, with its
// normal flipped towards the camera and shaded as its front.
func TestCullingAndDoubleSided(t *testing.T) {
	r := sharedRenderer(t)
	cam := pinhole(64, 48, 64, 32, 24)
	light := []scene.Light{{Kind: scene.Directional, Color: scene.RGB(1, 1, 1), Intensity: 1, Direction: mgl64.Vec3{0, 0, 1}}}
	away := mgl64.Translate3D(0, 0, 2) // scene.Quad faces +z: away from the camera
	for _, double := range []bool{false, true} {
		mat := &scene.Material{BaseColor: scene.RGB(0.5, 0.5, 0.5), Roughness: 1, DoubleSided: double}
		s := &scene.Scene{Camera: cam, Lights: light,
			Objects: []scene.Object{{Mesh: scene.Quad(1, 1), Material: mat, Transform: away}}}
		f := mustRender(t, r, s)
		n := len(covered(f, 1))
		if !double {
			if n != 0 || f.Silhouettes[0].Pixels != 0 {
				t.Errorf("single-sided back face: %d pixels, silhouette %d, want none", n, f.Silhouettes[0].Pixels)
			}
			continue
		}
		if n != 32*32 || f.Silhouettes[0].Pixels != n {
			t.Fatalf("double-sided back face: %d pixels, silhouette %d, want %d", n, f.Silhouettes[0].Pixels, 32*32)
		}
		i := 24*64 + 32
		if g := f.Normals[i]; g.Sub(mgl32.Vec3{0, 0, -1}).Len() > 1e-6 {
			t.Errorf("back-face normal %v, want (0, 0, -1)", g)
		}
		// Lambert 0.5 + specular F0 0.04 (roughness 1: flat lobe) = 0.54.
		want := uint8(math.Round(255 * float64(scene.LinearToSRGB(0.54))))
		if c := f.Color.RGBAAt(32, 24); absDiff(c.R, want) > 1 {
			t.Errorf("back face lit colour %d, want %d±1", c.R, want)
		}
	}
}

// TestMirroredTransform: a mirroring transform flips the winding (glTF), so
// a mirrored box must look like the box itself.
func TestMirroredTransform(t *testing.T) {
	r := sharedRenderer(t)
	cam := pinhole(96, 72, 80, 48, 36)
	cam, err := cam.WithLookAt(mgl64.Vec3{1.2, -0.9, -2}, mgl64.Vec3{}, mgl64.Vec3{0, 1, 0})
	if err != nil {
		t.Fatal(err)
	}
	box := scene.Box(0.6, 0.8, 1)
	plain := mustRender(t, r, &scene.Scene{Camera: cam, Objects: []scene.Object{{Mesh: box, Transform: mgl64.Ident4()}}})
	mirrored := mustRender(t, r, &scene.Scene{Camera: cam, Objects: []scene.Object{{Mesh: box, Transform: mgl64.Scale3D(-1, 1, 1)}}})
	a, b := len(covered(plain, 1)), len(covered(mirrored, 1))
	if a == 0 || b == 0 {
		t.Fatalf("plain box covers %d pixels, mirrored %d: a mirrored object must not be culled", a, b)
	}
	for i, id := range mirrored.IDs {
		if id == 1 && mirrored.Normals[i].Dot(mgl32.Vec3{0, 0, 1}) > 0 {
			t.Fatalf("mirrored box: normal %v faces away from the camera", mirrored.Normals[i])
		}
	}
	// Symmetric placement: mirroring in x of a box centred on the origin
	// gives the same solid, hence the same pixels.
	if d := setDiff(covered(plain, 1), covered(mirrored, 1)); d != 0 {
		t.Errorf("mirrored box differs from the box in %d pixels", d)
	}
}

// TestShadingAnalytic checks the shading model of package render/shading on
// a quad facing the camera, pixel centre values against hand-computed
// radiance.
func TestShadingAnalytic(t *testing.T) {
	r := sharedRenderer(t)
	cam := pinhole(32, 32, 32, 16, 16)
	toward := mgl64.Vec3{0, 0, 1} // light travels along +z: hits the quad head on
	tests := []struct {
		name   string
		mat    scene.Material
		lights []scene.Light
		want   [3]float64 // linear radiance
	}{
		{"ambient only", scene.Material{BaseColor: scene.RGB(0.8, 0.4, 0.2), Roughness: 1},
			// Ambient reaches the diffuse albedo and the specular F0 = 0.04.
			[]scene.Light{{Kind: scene.Ambient, Color: scene.RGB(1, 1, 1), Intensity: 0.5}},
			[3]float64{0.5 * 0.84, 0.5 * 0.44, 0.5 * 0.24}},
		{"ambient on a metal", scene.Material{BaseColor: scene.RGB(0.8, 0.4, 0.2), Metallic: 1, Roughness: 0.2},
			[]scene.Light{{Kind: scene.Ambient, Color: scene.RGB(1, 1, 1), Intensity: 0.5}},
			[3]float64{0.4, 0.2, 0.1}},
		{"lambert plus flat specular", scene.Material{BaseColor: scene.RGB(0.8, 0.4, 0.2), Roughness: 1},
			[]scene.Light{{Kind: scene.Directional, Color: scene.RGB(1, 1, 1), Intensity: 0.5, Direction: toward}},
			[3]float64{0.5 * (0.8 + 0.04), 0.5 * (0.4 + 0.04), 0.5 * (0.2 + 0.04)}},
		{"metal, glossy lobe at normal incidence", scene.Material{BaseColor: scene.RGB(0.5, 0.25, 0.1), Metallic: 1, Roughness: 0.5},
			// α = 0.25, exponent 2/α²−2 = 30, normalisation (30+8)/8 = 4.75; n·h = 1.
			[]scene.Light{{Kind: scene.Directional, Color: scene.RGB(1, 1, 1), Intensity: 0.1, Direction: toward}},
			[3]float64{0.1 * 0.5 * 4.75, 0.1 * 0.25 * 4.75, 0.1 * 0.1 * 4.75}},
		{"point light falls off with distance squared", scene.Material{BaseColor: scene.RGB(0.5, 0.5, 0.5), Roughness: 1},
			// The light sits at the camera, 2 m from the quad centre.
			[]scene.Light{{Kind: scene.Point, Color: scene.RGB(1, 1, 1), Intensity: 2}},
			[3]float64{0.5 * 0.54, 0.5 * 0.54, 0.5 * 0.54}},
		{"emissive", scene.Material{BaseColor: scene.RGB(0.3, 0.2, 0.1), Emissive: scene.RGB(0.1, 0.1, 0.1), Roughness: 1},
			nil, [3]float64{0.1, 0.1, 0.1}},
		{"unlit ignores lights", scene.Material{BaseColor: scene.RGB(0.3, 0.2, 0.1), Unlit: true},
			[]scene.Light{{Kind: scene.Ambient, Color: scene.RGB(1, 1, 1), Intensity: 5}},
			[3]float64{0.3, 0.2, 0.1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mat := tc.mat
			s := &scene.Scene{Camera: cam, Lights: tc.lights,
				Objects: []scene.Object{{Mesh: scene.Quad(0.25, 0.25), Material: &mat, Transform: facing(0, 0, 2)}}}
			f := mustRender(t, r, s)
			// Pixel (15, 15) has its centre 0.5 px off the axis: the point
			// light's cosine and distance change by under 1e-4 there.
			c := f.Color.RGBAAt(15, 15)
			for k, got := range []uint8{c.R, c.G, c.B} {
				want := uint8(math.Round(255 * float64(scene.LinearToSRGB(float32(tc.want[k])))))
				if absDiff(got, want) > 1 {
					t.Errorf("channel %d = %d, want %d±1 (linear %.4f)", k, got, want, tc.want[k])
				}
			}
		})
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}
