package soft

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/")

// goldenPrimitives is a lit scene of the procedural primitives on a
// textured floor: a rotated box, a glossy cylinder, a metallic sphere, an
// ellipsoid, a textured box, lit by ambient light, a sun from the upper
// left behind the camera and a warm point light on the right.
func goldenPrimitives(w, h int) *scene.Scene {
	cam, _ := scene.NewCameraFOV(w, h, 50).WithLookAt(mgl64.Vec3{0.6, 1.6, 3.4}, mgl64.Vec3{0, 0.3, 0}, mgl64.Vec3{0, 1, 0})
	s := &scene.Scene{
		Camera:     cam,
		Background: scene.RGB(0.05, 0.07, 0.1),
		Lights: []scene.Light{
			{Kind: scene.Ambient, Color: scene.RGB(1, 1, 1), Intensity: 0.15},
			{Kind: scene.Directional, Color: scene.RGB(1, 1, 1), Intensity: 2, Direction: mgl64.Vec3{1, -1.5, -0.8}},
			{Kind: scene.Point, Color: scene.Kelvin(3000), Intensity: 1.5, Position: mgl64.Vec3{1.5, 1, 1}},
		},
	}
	add := func(name string, m *scene.Mesh, mat *scene.Material, t mgl64.Mat4) {
		s.Objects = append(s.Objects, scene.Object{Name: name, Mesh: m, Material: mat, Transform: t})
	}
	floor := &scene.Material{BaseColor: scene.RGB(1, 1, 1), Roughness: 1,
		BaseColorTexture: testscenes.Checker(2, scene.SRGB8(70, 70, 80), scene.SRGB8(190, 190, 200)),
		UVTransform:      mgl32.Mat3{6, 0, 0, 0, 6, 0, 0, 0, 1}}
	add("floor", scene.Plane(6, 6), floor, mgl64.Ident4())
	add("box", scene.Box(0.6, 0.6, 0.6), &scene.Material{BaseColor: scene.SRGB8(210, 40, 30), Roughness: 0.6},
		mgl64.Translate3D(-1, 0.3, 0).Mul4(mgl64.HomogRotate3DY(0.6)))
	cyl, _ := scene.Cylinder(0.25, 0.8, 32)
	add("cylinder", cyl, &scene.Material{BaseColor: scene.SRGB8(40, 170, 70), Roughness: 0.35}, mgl64.Translate3D(0, 0.4, -0.3))
	sph, _ := scene.Sphere(0.35, 32, 16)
	add("sphere", sph, &scene.Material{BaseColor: scene.SRGB8(200, 190, 120), Roughness: 0.3, Metallic: 1}, mgl64.Translate3D(1, 0.35, 0.1))
	ell, _ := scene.Ellipsoid(0.3, 0.15, 0.2, 24, 12)
	add("ellipsoid", ell, &scene.Material{BaseColor: scene.SRGB8(60, 90, 220), Roughness: 0.8}, mgl64.Translate3D(0.2, 0.15, 0.8).Mul4(mgl64.HomogRotate3DY(-0.5)))
	add("label box", scene.Box(0.4, 0.25, 0.3), &scene.Material{BaseColor: scene.RGB(1, 1, 1), Roughness: 0.9, BaseColorTexture: testscenes.Label()},
		mgl64.Translate3D(-0.45, 0.125, 0.9).Mul4(mgl64.HomogRotate3DY(-0.3)))
	return s
}

// goldenTextures shows texture sampling and vertex colours, unlit: the
// 2×2 texture bilinear with mirrored repeat (×3), nearest with repeat
// (×3), clamped with an offset, and a vertex-coloured quad seen from its
// back (double-sided).
func goldenTextures(w, h int) *scene.Scene {
	cam, _ := scene.NewCameraFOV(w, h, 40).WithLookAt(mgl64.Vec3{0, 0, 6}, mgl64.Vec3{}, mgl64.Vec3{0, 1, 0})
	s := &scene.Scene{Camera: cam, Background: scene.RGB(0.5, 0.5, 0.5)}
	tex := func(wrap scene.Wrap, nearest bool) *scene.Texture {
		return &scene.Texture{Image: checker2x2(), WrapS: wrap, WrapT: wrap, Nearest: nearest}
	}
	x3 := mgl32.Mat3{3, 0, 0, 0, 3, 0, 0, 0, 1}
	quads := []struct {
		name string
		mat  *scene.Material
		at   mgl64.Vec3
		rot  float64
	}{
		{"mirrored", &scene.Material{BaseColor: scene.RGB(1, 1, 1), Unlit: true, BaseColorTexture: tex(scene.MirroredRepeat, false), UVTransform: x3}, mgl64.Vec3{-1.1, 0.9, 0}, 0},
		{"nearest", &scene.Material{BaseColor: scene.RGB(1, 1, 1), Unlit: true, BaseColorTexture: tex(scene.Repeat, true), UVTransform: x3}, mgl64.Vec3{1.1, 0.9, 0}, 0},
		{"clamped", &scene.Material{BaseColor: scene.RGB(1, 1, 1), Unlit: true, BaseColorTexture: tex(scene.ClampToEdge, false), UVTransform: mgl32.Mat3{2, 0, 0, 0, 2, 0, -0.5, -0.5, 1}}, mgl64.Vec3{-1.1, -0.9, 0}, 0.5},
	}
	for _, q := range quads {
		s.Objects = append(s.Objects, scene.Object{Name: q.name, Mesh: scene.Quad(1.8, 1.6), Material: q.mat,
			Transform: mgl64.Translate3D(q.at[0], q.at[1], q.at[2]).Mul4(mgl64.HomogRotate3DY(q.rot))})
	}
	vc := scene.Quad(1.8, 1.6)
	vc.Colors = []mgl32.Vec4{{1, 0, 0, 1}, {0, 1, 0, 1}, {0, 0, 1, 1}, {1, 1, 1, 1}}
	s.Objects = append(s.Objects, scene.Object{Name: "vertex colours (back)", Mesh: vc,
		Material:  &scene.Material{BaseColor: scene.RGB(1, 1, 1), Unlit: true, DoubleSided: true},
		Transform: mgl64.Translate3D(1.1, -0.9, 0).Mul4(mgl64.HomogRotate3DY(math.Pi))})
	return s
}

// TestGolden compares rendered images with testdata/*.png byte for byte.
// Run with -update to rewrite them after an intended change (and look at
// them).
func TestGolden(t *testing.T) {
	const w, h = 160, 120
	cases := []struct {
		name  string
		scene *scene.Scene
		opts  Options
		out   func(*render.Frame) image.Image
	}{
		{"primitives", goldenPrimitives(w, h), Options{}, colour},
		{"primitives-ssaa3", goldenPrimitives(w, h), Options{SSAA: 3}, colour},
		{"primitives-ids", goldenPrimitives(w, h), Options{}, idImage},
		{"primitives-normals", goldenPrimitives(w, h), Options{}, normalImage},
		{"primitives-depth", goldenPrimitives(w, h), Options{}, depthImage},
		{"textures", goldenTextures(w, h), Options{}, colour},
		{"shelf", testscenes.Shelf(w, h), Options{SSAA: 2}, colour},
		{"primitives-shadows", shadowed(goldenPrimitives(w, h)), Options{}, colour},
		{"shelf-shadows", shadowed(testscenes.Shelf(w, h)), Options{SSAA: 2}, colour},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := New(c.opts)
			defer r.Close()
			img := c.out(mustRender(t, r, c.scene))
			path := filepath.Join("testdata", c.name+".png")
			if *update {
				var buf bytes.Buffer
				if err := png.Encode(&buf, img); err != nil {
					t.Fatal(err)
				}
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatalf("%v (run go test ./render/soft -run Golden -update)", err)
			}
			defer f.Close()
			want, err := png.Decode(f)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if !sameImage(img, want) {
				t.Errorf("%s differs from the rendered image (if the change is intended, rerun with -update and look at the images)", path)
			}
		})
	}
}

// shadowed returns s with CastShadows set on its directional lights.
func shadowed(s *scene.Scene) *scene.Scene {
	c := *s
	c.Lights = append([]scene.Light(nil), s.Lights...)
	for i := range c.Lights {
		if c.Lights[i].Kind == scene.Directional {
			c.Lights[i].CastShadows = true
		}
	}
	return &c
}

func colour(f *render.Frame) image.Image { return f.Color }

// idImage maps instance ids to distinct grey levels (0 stays black).
func idImage(f *render.Frame) image.Image {
	img := image.NewGray(image.Rect(0, 0, f.Width, f.Height))
	for i, id := range f.IDs {
		if id != 0 {
			img.Pix[i] = uint8(40 + 31*id)
		}
	}
	return img
}

// normalImage maps camera-frame normals to RGB as (n+1)/2.
func normalImage(f *render.Frame) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, f.Width, f.Height))
	for i, n := range f.Normals {
		p := img.Pix[4*i : 4*i+4]
		if n == (mgl32.Vec3{}) {
			p[3] = 255
			continue
		}
		for k := range 3 {
			p[k] = uint8(math.Round(float64(n[k]+1) / 2 * 255))
		}
		p[3] = 255
	}
	return img
}

// depthImage stores depth in units of 0.1 mm as 16-bit grey (clamped at
// 6.5535 m), bright enough to look at.
func depthImage(f *render.Frame) image.Image {
	img := image.NewGray16(image.Rect(0, 0, f.Width, f.Height))
	for i, d := range f.Depth {
		img.SetGray16(i%f.Width, i/f.Width, color.Gray16{Y: uint16(math.Min(65535, math.Round(float64(d)*1e4)))})
	}
	return img
}

func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false
			}
		}
	}
	return true
}
