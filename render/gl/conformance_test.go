//go:build gl

package gl

import (
	"math"
	"sort"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"
	"github.com/synthkit/synthkit/scene"
)

// Conformance with render/soft, the reference. Both renderers snap vertices
// to 1/256 pixel and apply the top-left rule at pixel centres, so coverage
// can differ only where GL's float32 vertex transform and soft's float64 one
// round a vertex to different sub-pixel positions, or where two surfaces'
// depths are within float32 rounding of each other. On llvmpipe (Mesa
// 22.3) the eight scenes below give: no id and no silhouette pixel
// different, depth within 4.1e-6 relative, normals within 1e-3 except one
// pixel at 0.014 (a sphere's silhouette, where soft clamps barycentrics to
// the triangle and GL extrapolates slightly), colour MAD under 0.1 levels
// and no channel off by more than one level. The tolerances leave room for
// other drivers' rounding:
//
//   - ids: per-object IoU >= 0.99 for objects with at least 50 pixels, and
//     at most 0.05% of all pixels different;
//   - silhouettes: per-object IoU >= 0.99 (50+ pixels), at most 0.05% of
//     the summed silhouette pixels different;
//   - depth, where ids agree: relative error <= 2e-5 (GL interpolates 1/w
//     in float32 from float32 camera-space vertices, soft evaluates the
//     float64 plane);
//   - normals, where ids agree: 99.9% within 1e-3, all within 0.05;
//   - colour: mean absolute difference <= 0.5 levels per channel and 99.5%
//     of channels within 2 levels (GL's sRGB encoding vs soft's exact
//     rounding, float32 lighting, sampler weight precision).

type conformance struct {
	pixels, idDiff       int
	minIoU               float64
	minIoUObj            int
	silPixels, silDiff   int
	minSilIoU            float64
	depthMax             float64
	normalMax            float64
	normalOver           int // matching pixels with normal error > 1e-3
	matching             int
	colourMAD            float64
	colourOver2, colours int
	colourMax            int
}

func compareFrames(g, f *render.Frame) conformance {
	c := conformance{pixels: len(g.IDs), minIoU: 1, minSilIoU: 1, minIoUObj: -1}
	n := len(g.Silhouettes)
	inter := make([]int, n+1)
	areaG := make([]int, n+1)
	areaF := make([]int, n+1)
	for i := range g.IDs {
		a, b := g.IDs[i], f.IDs[i]
		areaG[a]++
		areaF[b]++
		if a != b {
			c.idDiff++
			continue
		}
		inter[a]++
		if a == 0 {
			continue
		}
		c.matching++
		c.depthMax = math.Max(c.depthMax, math.Abs(float64(g.Depth[i]-f.Depth[i]))/float64(f.Depth[i]))
		d := float64(g.Normals[i].Sub(f.Normals[i]).Len())
		c.normalMax = math.Max(c.normalMax, d)
		if d > 1e-3 {
			c.normalOver++
		}
	}
	for id := 1; id <= n; id++ {
		if areaF[id] < 50 {
			continue
		}
		iou := float64(inter[id]) / float64(areaG[id]+areaF[id]-inter[id])
		if iou < c.minIoU {
			c.minIoU, c.minIoUObj = iou, id
		}
	}
	for i := range g.Silhouettes {
		a, b := silhouetteSet(g.Silhouettes[i]), silhouetteSet(f.Silhouettes[i])
		d := setDiff(a, b)
		c.silPixels += len(b)
		c.silDiff += d
		if len(b) >= 50 {
			union := (len(a) + len(b) + d) / 2
			c.minSilIoU = math.Min(c.minSilIoU, float64(union-d)/float64(union))
		}
	}
	sum := 0
	for i := range g.Color.Pix {
		if i%4 == 3 {
			continue
		}
		d := absDiff(g.Color.Pix[i], f.Color.Pix[i])
		sum += d
		c.colours++
		c.colourMax = max(c.colourMax, d)
		if d > 2 {
			c.colourOver2++
		}
	}
	c.colourMAD = float64(sum) / float64(c.colours)
	return c
}

func (c conformance) check(t *testing.T) {
	t.Helper()
	t.Logf("ids: %d of %d pixels differ, min IoU %.5f; silhouettes: %d of %d pixels differ, min IoU %.5f",
		c.idDiff, c.pixels, c.minIoU, c.silDiff, c.silPixels, c.minSilIoU)
	t.Logf("depth: max relative error %.3g; normals: max error %.3g, %d of %d over 1e-3; colour: MAD %.4f levels, max %d, %d of %d channels over 2",
		c.depthMax, c.normalMax, c.normalOver, c.matching, c.colourMAD, c.colourMax, c.colourOver2, c.colours)
	if c.minIoU < 0.99 {
		t.Errorf("id IoU %.5f for object %d, want >= 0.99", c.minIoU, c.minIoUObj)
	}
	if float64(c.idDiff) > 0.0005*float64(c.pixels) {
		t.Errorf("%d id pixels differ, want <= 0.05%% of %d", c.idDiff, c.pixels)
	}
	if c.minSilIoU < 0.99 {
		t.Errorf("silhouette IoU %.5f, want >= 0.99", c.minSilIoU)
	}
	if float64(c.silDiff) > 0.0005*float64(max(c.silPixels, 1)) {
		t.Errorf("%d silhouette pixels differ, want <= 0.05%% of %d", c.silDiff, c.silPixels)
	}
	if c.depthMax > 2e-5 {
		t.Errorf("depth relative error %.3g, want <= 2e-5", c.depthMax)
	}
	if c.normalMax > 0.05 || float64(c.normalOver) > 0.001*float64(max(c.matching, 1)) {
		t.Errorf("normals: max error %.3g (want <= 0.05), %d over 1e-3 (want <= 0.1%% of %d)", c.normalMax, c.normalOver, c.matching)
	}
	if c.colourMAD > 0.5 || float64(c.colourOver2) > 0.005*float64(c.colours) {
		t.Errorf("colour: MAD %.4f (want <= 0.5), %d channels over 2 levels (want <= 0.5%% of %d)", c.colourMAD, c.colourOver2, c.colours)
	}
}

// conformanceScenes are the scenes rendered by both backends.
func conformanceScenes() map[string]*scene.Scene {
	return map[string]*scene.Scene{
		"shelf 640x480":        testscenes.Shelf(640, 480),
		"shelf 333x251":        testscenes.Shelf(333, 251),
		"small2k 640x480":      testscenes.Small2k(640, 480),
		"off-centre intrinsic": offCentre(),
		"near-plane crossing":  nearCrossing(),
		"texture wrap modes":   wrapModes(),
		"boxes, many views":    boxField(),
		"facing quad at 2 m":   facingQuad(),
	}
}

// shadowScenes are conformance scenes with a shadowed directional light.
func shadowScenes() map[string]*scene.Scene {
	return map[string]*scene.Scene{
		"shadow: box on plane":  boxOnPlane(),
		"shadow: shelf 640x480": withShadows(testscenes.Shelf(640, 480)),
		"shadow: small2k":       withShadows(testscenes.Small2k(640, 480)),
	}
}

// withShadows sets CastShadows on the directional lights of s.
func withShadows(s *scene.Scene) *scene.Scene {
	for i := range s.Lights {
		if s.Lights[i].Kind == scene.Directional {
			s.Lights[i].CastShadows = true
		}
	}
	return s
}

// boxOnPlane is a box standing on a plane under a shadowed sun from the
// upper left, its shadow falling to the right on the plane.
func boxOnPlane() *scene.Scene {
	cam := scene.NewCameraFOV(320, 240, 50)
	cam, err := cam.WithLookAt(mgl64.Vec3{0.5, 2, 3}, mgl64.Vec3{0.3, 0, 0}, mgl64.Vec3{0, 1, 0})
	if err != nil {
		panic(err)
	}
	return &scene.Scene{Camera: cam, Background: scene.RGB(0.2, 0.2, 0.25),
		Lights: []scene.Light{
			{Kind: scene.Ambient, Color: scene.RGB(1, 1, 1), Intensity: 0.2},
			{Kind: scene.Directional, Color: scene.RGB(1, 1, 1), Intensity: 1.5, Direction: mgl64.Vec3{1, -1.2, -0.3}, CastShadows: true},
		},
		Objects: []scene.Object{
			{Mesh: scene.Plane(3, 3), Material: &scene.Material{BaseColor: scene.RGB(0.35, 0.35, 0.35), Roughness: 1}, Transform: mgl64.Ident4()},
			{Mesh: scene.Box(0.5, 0.5, 0.5), Material: &scene.Material{BaseColor: scene.RGB(0.7, 0.2, 0.1), Roughness: 0.5},
				Transform: mgl64.Translate3D(0, 0.25, 0).Mul4(mgl64.HomogRotate3DY(0.4))},
		}}
}

// TestShadowConformanceWithSoft renders scenes with shadowed lights with
// both backends at the same shadow-map size, under the same tolerances as
// the unshadowed scenes: a texel that flips on a shadow edge changes one
// pixel by 1/9 of the light (about 10–25 levels), and the 0.5% budget of
// channels over 2 levels leaves room for thousands of such pixels. On
// llvmpipe (Mesa) with 1024-texel maps: ids and silhouettes identical,
// depth and normals as without shadows, colour MAD <= 0.08 levels; the
// shelf has 6 of 921600 channels over 2 levels (max 27: two shadow-edge
// pixels where a texel flips), the other scenes none over 1.
func TestShadowConformanceWithSoft(t *testing.T) {
	r := sharedRenderer(t)
	ref := soft.New(soft.Options{})
	defer ref.Close()
	scenes := shadowScenes()
	names := make([]string, 0, len(scenes))
	for name := range scenes {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			s := scenes[name]
			g := mustRender(t, r, s)
			f := mustRender(t, ref, s)
			compareFrames(g, f).check(t)
		})
	}
}

// facingQuad is a lit quad facing the camera at 2 m whose left and right
// edges pass through pixel centres (u = 9.5 and 40.5) and whose top and
// bottom edges lie on pixel borders (v = 6 and 29): 31×23 pixels.
func facingQuad() *scene.Scene {
	cam := pinhole(64, 48, 64, 32, 24)
	return &scene.Scene{Camera: cam,
		Lights: []scene.Light{{Kind: scene.Directional, Color: scene.RGB(1, 1, 1), Intensity: 1, Direction: mgl64.Vec3{0.2, 0.1, 1}}},
		Objects: []scene.Object{{Mesh: scene.Quad(0.96875, 0.71875), Transform: facing(-0.21875, -0.203125, 2),
			Material: &scene.Material{BaseColor: scene.RGB(0.6, 0.5, 0.4), Roughness: 0.4}}}}
}

func TestConformanceWithSoft(t *testing.T) {
	r := sharedRenderer(t)
	ref := soft.New(soft.Options{})
	defer ref.Close()
	names := make([]string, 0)
	scenes := conformanceScenes()
	for name := range scenes {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			s := scenes[name]
			g := mustRender(t, r, s)
			f := mustRender(t, ref, s)
			compareFrames(g, f).check(t)
		})
	}
}

// TestMSAAKeepsLabels: multisampling changes colour at edges only; ids,
// depth, normals and silhouettes come from the single-sample pass and are
// bit-identical.
func TestMSAAKeepsLabels(t *testing.T) {
	r := sharedRenderer(t)
	ms := newTestRenderer(t, Options{MSAA: 4})
	s := testscenes.Shelf(320, 240)
	a, b := mustRender(t, r, s), mustRender(t, ms, s)
	for i := range a.IDs {
		if a.IDs[i] != b.IDs[i] || a.Depth[i] != b.Depth[i] || a.Normals[i] != b.Normals[i] {
			t.Fatalf("pixel %d: labels differ with MSAA: id %d/%d depth %g/%g normal %v/%v",
				i, a.IDs[i], b.IDs[i], a.Depth[i], b.Depth[i], a.Normals[i], b.Normals[i])
		}
	}
	for i := range a.Silhouettes {
		if d := setDiff(silhouetteSet(a.Silhouettes[i]), silhouetteSet(b.Silhouettes[i])); d != 0 {
			t.Fatalf("object %d: silhouette differs in %d pixels with MSAA", i, d)
		}
	}
	// Colour changes mostly at edges. Implementations may also shade per
	// sample (llvmpipe does), which anti-aliases texture detail inside
	// objects too, so only the overall change is bounded.
	w, h := a.Width, a.Height
	sum, edgeChanged := 0, 0
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			id := a.IDs[y*w+x]
			edge := false
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					edge = edge || a.IDs[(y+dy)*w+x+dx] != id
				}
			}
			ca, cb := a.Color.RGBAAt(x, y), b.Color.RGBAAt(x, y)
			d := max(absDiff(ca.R, cb.R), absDiff(ca.G, cb.G), absDiff(ca.B, cb.B))
			sum += absDiff(ca.R, cb.R) + absDiff(ca.G, cb.G) + absDiff(ca.B, cb.B)
			if edge && d > 2 {
				edgeChanged++
			}
		}
	}
	mad := float64(sum) / float64(3*(w-2)*(h-2))
	t.Logf("MSAA x4: colour MAD %.3f levels against single-sample; %d edge pixels change by more than 2 levels", mad, edgeChanged)
	if mad > 3 {
		t.Errorf("MSAA colour MAD %.3f levels, want <= 3", mad)
	}
	if edgeChanged == 0 {
		t.Error("MSAA changed no edge pixel: is it on?")
	}
}

// offCentre has fx != fy and a principal point far from the image centre.
func offCentre() *scene.Scene {
	s := testscenes.Small2k(400, 300)
	s.Camera.Fx *= 1.3
	s.Camera.Cx, s.Camera.Cy = 151.7, 190.2
	return s
}

// nearCrossing puts the camera low over a large floor and into a box, so
// that triangles are clipped by the near plane.
func nearCrossing() *scene.Scene {
	s := testscenes.Small2k(320, 240)
	cam, err := s.Camera.WithLookAt(mgl64.Vec3{-0.8, 0.05, 0.6}, mgl64.Vec3{0.5, 0.2, -1}, mgl64.Vec3{0, 1, 0})
	if err != nil {
		panic(err)
	}
	cam.Near = 0.2
	s.Camera = cam
	return s
}

// wrapModes shows three quads with a checker texture magnified and tiled
// through a UV transform, in each wrap mode, with and without filtering.
func wrapModes() *scene.Scene {
	cam := pinhole(300, 200, 260, 150, 100)
	s := &scene.Scene{Camera: cam, Background: scene.RGB(0.1, 0.1, 0.1),
		Lights: []scene.Light{{Kind: scene.Ambient, Color: scene.RGB(1, 1, 1), Intensity: 1}}}
	uv := mgl32.Mat3{2.5, 0, 0, 0, 2.5, 0, -0.75, -0.75, 1} // u' = 2.5u − 0.75
	for i, w := range []scene.Wrap{scene.Repeat, scene.ClampToEdge, scene.MirroredRepeat} {
		for j, nearest := range []bool{false, true} {
			tex := testscenes.Checker(4, scene.SRGB8(230, 40, 40), scene.SRGB8(30, 60, 220))
			tex.WrapS, tex.WrapT, tex.Nearest = w, w, nearest
			mat := &scene.Material{BaseColor: scene.RGB(1, 1, 1), BaseColorTexture: tex, UVTransform: uv, Unlit: true}
			s.Objects = append(s.Objects, scene.Object{Mesh: scene.Quad(0.5, 0.5), Material: mat,
				Transform: facing(-0.6+0.6*float64(i), -0.3+0.6*float64(j), 2).Mul4(mgl64.HomogRotate3DZ(0.2))})
		}
	}
	return s
}

// boxField is a grid of boxes seen from a tilted camera with a non-square
// image.
func boxField() *scene.Scene {
	cam := scene.NewCameraFOV(500, 220, 40)
	cam, err := cam.WithLookAt(mgl64.Vec3{2, 3, 5}, mgl64.Vec3{0, 0, 0}, mgl64.Vec3{0, 1, 0})
	if err != nil {
		panic(err)
	}
	s := &scene.Scene{Camera: cam, Background: scene.RGB(0.3, 0.3, 0.3),
		Lights: []scene.Light{
			{Kind: scene.Ambient, Color: scene.RGB(1, 1, 1), Intensity: 0.3},
			{Kind: scene.Point, Color: scene.RGB(1, 1, 1), Intensity: 6, Position: mgl64.Vec3{1, 3, 2}},
		}}
	box := scene.Box(0.3, 0.3, 0.3)
	for i := range 7 {
		for j := range 7 {
			c := scene.RGB(float32(i)/7, float32(j)/7, 0.5)
			s.Objects = append(s.Objects, scene.Object{Mesh: box,
				Material:  &scene.Material{BaseColor: c, Roughness: 0.2 + 0.1*float32(i)},
				Transform: mgl64.Translate3D(float64(i)*0.45-1.35, 0.15, float64(j)*0.45-1.35).Mul4(mgl64.HomogRotate3DY(0.3 * float64(i+j)))})
		}
	}
	return s
}
