package soft

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// TestEmptyScene renders no objects: every pixel is background.
func TestEmptyScene(t *testing.T) {
	bg := scene.SRGB8(10, 120, 250)
	s := &scene.Scene{Camera: scene.NewCameraFOV(33, 17, 45), Background: bg}
	f := renderScene(t, s)
	if f.Width != 33 || f.Height != 17 || len(f.Silhouettes) != 0 {
		t.Fatalf("frame %dx%d with %d silhouettes", f.Width, f.Height, len(f.Silhouettes))
	}
	for i := range f.IDs {
		if f.IDs[i] != 0 || f.Depth[i] != 0 || f.Normals[i] != (mgl32.Vec3{}) {
			t.Fatalf("pixel %d is not background", i)
		}
	}
	for i := 0; i < len(f.Color.Pix); i += 4 {
		if p := f.Color.Pix[i : i+4]; p[0] != 10 || p[1] != 120 || p[2] != 250 || p[3] != 255 {
			t.Fatalf("pixel %d colour %v, want [10 120 250 255]", i/4, p)
		}
	}
}

// TestInvalidScenes checks that scenes Validate rejects, and bad options,
// are errors (never panics) that say what is wrong.
func TestInvalidScenes(t *testing.T) {
	good := func() *scene.Scene {
		return &scene.Scene{Camera: scene.NewCameraFOV(16, 16, 60), Objects: []scene.Object{
			{Name: "box", Mesh: scene.Box(1, 1, 1), Transform: mgl64.Translate3D(0, 0, 3)},
		}}
	}
	nanT := mgl64.Translate3D(0, 0, 3)
	nanT[13] = math.NaN()
	cases := []struct {
		name    string
		scene   func() *scene.Scene
		opts    Options
		invalid bool   // wraps scene.ErrInvalid
		mention string // text the error must contain
	}{
		{"nil scene", func() *scene.Scene { return nil }, Options{}, true, "nil scene"},
		{"zero width", func() *scene.Scene { s := good(); s.Camera.Width = 0; return s }, Options{}, true, "image size"},
		{"negative height", func() *scene.Scene { s := good(); s.Camera.Height = -4; return s }, Options{}, true, "image size"},
		{"NaN transform", func() *scene.Scene {
			s := good()
			s.Objects[0].Name = "crate-7"
			s.Objects[0].Transform = nanT
			return s
		}, Options{}, true, "crate-7"},
		{"nil mesh", func() *scene.Scene { s := good(); s.Objects[0].Mesh = nil; return s }, Options{}, true, "nil mesh"},
		{"index out of range", func() *scene.Scene {
			s := good()
			s.Objects[0].Mesh = &scene.Mesh{Name: "broken", Positions: []mgl32.Vec3{{0, 0, 0}}, Indices: []uint32{0, 0, 5}}
			return s
		}, Options{}, true, "out of range"},
		{"too many samples", good, Options{SSAA: 5}, false, "SSAA"},
		{"negative samples", good, Options{SSAA: -1}, false, "SSAA"},
		{"negative workers", good, Options{Workers: -2}, false, "Workers"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := New(c.opts)
			defer r.Close()
			f, err := r.Render(context.Background(), c.scene())
			if err == nil || f != nil {
				t.Fatalf("Render = %v, %v; want an error", f, err)
			}
			if errors.Is(err, scene.ErrInvalid) != c.invalid {
				t.Errorf("error %q: wraps ErrInvalid = %v, want %v", err, !c.invalid, c.invalid)
			}
			if !strings.Contains(err.Error(), c.mention) {
				t.Errorf("error %q does not mention %q", err, c.mention)
			}
		})
	}
}

// TestCancelAndClose checks context cancellation and use after Close.
func TestCancelAndClose(t *testing.T) {
	r := New(Options{})
	s := &scene.Scene{Camera: scene.NewCameraFOV(64, 64, 60), Objects: []scene.Object{
		{Name: "box", Mesh: scene.Box(1, 1, 1), Transform: mgl64.Translate3D(0, 0, 3)},
	}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.Render(ctx, s); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled render: %v, want context.Canceled", err)
	}
	mustRender(t, r, s) // still usable
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := r.Render(context.Background(), s); !errors.Is(err, ErrClosed) {
		t.Errorf("render after Close: %v, want ErrClosed", err)
	}
}

// TestDegenerateInput feeds geometry Validate accepts but that draws
// nothing or is numerically nasty: zero-area triangles, collinear and
// repeated vertices, NaN and huge attributes, zero scale, a singular
// projective transform, extreme intrinsics. Nothing may panic, and
// degenerate triangles cover no pixel.
func TestDegenerateInput(t *testing.T) {
	nan := float32(math.NaN())
	inf := float32(math.Inf(1))
	degenerate := &scene.Mesh{
		Name: "degenerate",
		Positions: []mgl32.Vec3{
			{0, 0, 3}, {0, 0, 3}, {0, 0, 3}, // one point
			{-1, 0, 3}, {0, 0, 3}, {1, 0, 3}, // collinear
			{1e-30, 0, 3}, {0, 1e-30, 3}, {0, 0, 3}, // subnormal-size
		},
		Indices: []uint32{0, 1, 2, 3, 4, 5, 6, 7, 8, 3, 3, 5},
	}
	bad := scene.Quad(1, 1)
	bad.Normals = []mgl32.Vec3{{nan, 0, 0}, {0, 0, 0}, {inf, 1, 0}, {0, 0, 1}}
	bad.UVs = []mgl32.Vec2{{nan, 0}, {1e30, -1e30}, {inf, 0}, {0, nan}}
	bad.Colors = []mgl32.Vec4{{nan, 1, 1, 1}, {inf, 0, 0, 1}, {-1, 2, 0, 1}, {1, 1, 1, 1}}
	tex := &scene.Material{BaseColor: scene.RGB(1, 1, 1), Roughness: float32(math.NaN()), Metallic: 7, DoubleSided: true,
		BaseColorTexture: &scene.Texture{Image: checker2x2(), WrapS: scene.MirroredRepeat, WrapT: 99}}
	proj := mgl64.Translate3D(0, 0, 3)
	proj[3] = 1 // w = x + 1: zero on the plane x = -1
	cams := map[string]scene.Camera{
		"normal": scene.NewCameraFOV(48, 32, 60),
		"tiny f": {Fx: 1e-300, Fy: 1e-300, Cx: 24, Cy: 16, Width: 48, Height: 32, Near: 1e-300, Far: 1e300, Pose: mgl64.Ident4()},
		"huge f": {Fx: 1e300, Fy: 1e300, Cx: -1e300, Cy: 1e300, Width: 48, Height: 32, Near: 0.5, Far: 1e6, Pose: mgl64.Ident4()},
	}
	for name, cam := range cams {
		for _, samples := range []int{1, 2} {
			s := &scene.Scene{Camera: cam, Lights: []scene.Light{
				{Kind: scene.Point, Color: scene.RGB(1, 1, 1), Intensity: 1}, // at the camera
				{Kind: scene.Directional, Color: scene.RGB(nan, 1, 1), Intensity: 1, Direction: mgl64.Vec3{0, 0, 1}},
			}, Objects: []scene.Object{
				{Name: "degenerate", Mesh: degenerate, Material: doubleSided, Transform: mgl64.Ident4()},
				{Name: "bad attributes", Mesh: bad, Material: tex, Transform: mgl64.Translate3D(0, 0, 2)},
				{Name: "flattened", Mesh: scene.Box(1, 1, 1), Transform: mgl64.Translate3D(0, 0, 4).Mul4(mgl64.Scale3D(1, 0, 1))},
				{Name: "zero", Mesh: scene.Box(1, 1, 1), Transform: mgl64.Scale3D(0, 0, 0)},
				{Name: "projective", Mesh: scene.Box(4, 4, 4), Material: doubleSided, Transform: proj},
				{Name: "empty mesh", Mesh: &scene.Mesh{}, Transform: mgl64.Ident4()},
			}}
			r := New(Options{SSAA: samples})
			f := mustRender(t, r, s)
			r.Close()
			if sil := f.Silhouettes[0]; sil.Pixels != 0 {
				t.Errorf("%s: degenerate triangles cover %d pixels", name, sil.Pixels)
			}
			for i, d := range f.Depth {
				if d != 0 && !(d > 0 && d < float32(math.Inf(1))) {
					t.Fatalf("%s: pixel %d has depth %g", name, i, d)
				}
				n := f.Normals[i]
				if l := n.Len(); d != 0 && math.Abs(float64(l)-1) > 1e-5 {
					t.Fatalf("%s: pixel %d has normal %v", name, i, n)
				}
			}
			checkSilhouetteInvariants(t, f)
		}
	}
}

// TestManyObjects renders 70000 objects, one pixel each, so that instance
// ids exceed 16 bits.
func TestManyObjects(t *testing.T) {
	if testing.Short() {
		t.Skip("large scene")
	}
	const W, H, N = 320, 240, 70000
	q := triMesh([2]float64{-0.25, -0.25}, [2]float64{0.25, -0.25}, [2]float64{0.25, 0.25}, [2]float64{-0.25, -0.25}, [2]float64{0.25, 0.25}, [2]float64{-0.25, 0.25})
	q.Positions = q.Positions[:6]
	for i := range q.Positions {
		q.Positions[i][2] = 0
	}
	s := &scene.Scene{Camera: pixelCamera(W, H)}
	s.Objects = make([]scene.Object, N)
	for i := range s.Objects {
		x, y := i%W, i/W
		s.Objects[i] = scene.Object{Name: "dot", Mesh: q, Material: doubleSided, Transform: mgl64.Translate3D(float64(x)+0.5, float64(y)+0.5, pixelZ)}
	}
	f := renderScene(t, s)
	for i := range N {
		if got := f.IDs[i]; got != uint32(i+1) {
			t.Fatalf("pixel %d: id %d, want %d", i, got, i+1)
		}
		if sil := f.Silhouettes[i]; sil.Pixels != 1 || sil.Bounds.Min.X != i%W || sil.Bounds.Min.Y != i/W {
			t.Fatalf("object %d: silhouette %+v", i, sil)
		}
	}
	for i := N; i < W*H; i++ {
		if f.IDs[i] != 0 {
			t.Fatalf("pixel %d: id %d, want background", i, f.IDs[i])
		}
	}
}
