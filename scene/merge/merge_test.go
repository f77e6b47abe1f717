package merge

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// texelAt returns the atlas texel a texture coordinate falls in.
func texelAt(img *image.NRGBA, uv mgl32.Vec2) color.NRGBA {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	x := min(w-1, max(0, int(uv[0]*float32(w))))
	y := min(h-1, max(0, int(uv[1]*float32(h))))
	return img.NRGBAAt(x, y)
}

// checker returns a w×h texture whose texel (x, y) is (40x, 40y, 200).
func checker(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, color.NRGBA{uint8(40 * x), uint8(40 * y), 200, 255})
		}
	}
	return img
}

// testModel has four parts: a textured quad, a mirrored red box (the
// largest part, metallic), a flat-shaded green triangle without normals
// and a quad whose texture is tiled 3×3.
func testModel() (*scene.Model, *image.NRGBA, scene.Color, scene.Color) {
	tex := checker(4, 2)
	red := scene.SRGB8(200, 10, 10)
	green := scene.SRGB8(10, 200, 10)
	flat := &scene.Mesh{Name: "flat", Positions: []mgl32.Vec3{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}, Indices: []uint32{0, 1, 2}}
	tiled := scene.Quad(1, 1)
	m := &scene.Model{Parts: []scene.Part{
		{Name: "label", Mesh: scene.Quad(1, 1), Transform: mgl64.Translate3D(0, 0.5, 0),
			Material: &scene.Material{BaseColor: scene.RGB(1, 1, 1), BaseColorTexture: &scene.Texture{Image: tex}}},
		{Name: "mirrored", Mesh: scene.Box(1, 1, 1), Transform: mgl64.Translate3D(2, 0.5, 0).Mul4(mgl64.Scale3D(-1, 1, 1)),
			Material: &scene.Material{BaseColor: red, Metallic: 1, Roughness: 0.2}},
		{Name: "flat", Mesh: flat, Transform: mgl64.Translate3D(-2, 0, 0), Material: &scene.Material{BaseColor: green}},
		{Name: "tiled", Mesh: tiled, Transform: mgl64.Translate3D(0, 2, 0),
			Material: &scene.Material{BaseColor: scene.RGB(1, 1, 1), BaseColorTexture: &scene.Texture{Image: tex}, UVTransform: mgl32.Mat3{3, 0, 0, 0, 3, 0, 0, 0, 1}}},
	}}
	return m, tex, red, green
}

func TestModel(t *testing.T) {
	m, tex, red, green := testModel()
	out, mat, err := Model(m, Options{Name: "test", MaxTextureSide: 64})
	if err != nil {
		t.Fatal(err)
	}
	if out.Name != "test" || mat.Name != "test" || mat.BaseColorTexture.Name != "test" {
		t.Errorf("names %q %q %q, want test", out.Name, mat.Name, mat.BaseColorTexture.Name)
	}
	if err := out.Validate(); err != nil {
		t.Fatal(err)
	}
	if got, want := out.NumTriangles(), 2+12+1+2; got != want {
		t.Fatalf("%d triangles, want %d", got, want)
	}
	// The mesh stays in the model's frame.
	lo, hi := out.Bounds()
	if wantLo, wantHi := (mgl64.Vec3{-2, 0, -0.5}), (mgl64.Vec3{2.5, 2.5, 0.5}); lo.Sub(wantLo).Len() > 1e-6 || hi.Sub(wantHi).Len() > 1e-6 {
		t.Errorf("bounds %v %v, want %v %v", lo, hi, wantLo, wantHi)
	}
	// The parts' metalness and roughness differ: they are in the
	// metallic-roughness atlas, the factors 1.
	if mat.Metallic != 1 || mat.Roughness != 1 || mat.BaseColorTexture == nil || mat.MetallicRoughnessTexture == nil {
		t.Fatalf("material %+v", mat)
	}
	if mat.NormalTexture != nil || mat.OcclusionTexture != nil || mat.EmissiveTexture != nil || mat.AlphaMode != scene.AlphaOpaque {
		t.Errorf("material %+v has maps or an alpha mode no part asks for", mat)
	}
	if len(out.Colors) != 0 {
		t.Errorf("%d vertex colours, want none (swatches hold the base colours)", len(out.Colors))
	}
	img := mat.BaseColorTexture.Image
	avg := toNRGBA(averageColour(tex))
	// Vertices come part by part: 4 label, 24 box, 3 flat, 4 tiled.
	parts := []struct {
		name   string
		n      int
		colour func(i int) color.NRGBA
	}{
		{"label", 4, func(i int) color.NRGBA {
			// Quad UVs: (0,1) (1,1) (1,0) (0,0): corners of the texture.
			uv := scene.Quad(1, 1).UVs[i]
			return tex.NRGBAAt(min(3, int(uv[0]*4)), min(1, int(uv[1]*2)))
		}},
		{"mirrored", 24, func(int) color.NRGBA { return toNRGBA(red) }},
		{"flat", 3, func(int) color.NRGBA { return toNRGBA(green) }},
		{"tiled", 4, func(int) color.NRGBA { return avg }},
	}
	mr := map[string]color.NRGBA{"label": {255, 0, 0, 255}, "mirrored": {255, 51, 255, 255}, "flat": {255, 0, 0, 255}, "tiled": {255, 0, 0, 255}}
	v := 0
	for _, p := range parts {
		for i := range p.n {
			if got, want := texelAt(img, out.UVs[v]), p.colour(i); got != want {
				t.Errorf("%s vertex %d: atlas texel %v at %v, want %v", p.name, i, got, out.UVs[v], want)
			}
			if got, want := texelAt(mat.MetallicRoughnessTexture.Image, out.UVs[v]), mr[p.name]; got != want {
				t.Errorf("%s vertex %d: metallic-roughness texel %v at %v, want %v", p.name, i, got, out.UVs[v], want)
			}
			v++
		}
	}
	// Every triangle winds counter-clockwise around its outward normal,
	// the mirrored box's included.
	for k := 0; k < len(out.Indices); k += 3 {
		a, b, c := out.Positions[out.Indices[k]], out.Positions[out.Indices[k+1]], out.Positions[out.Indices[k+2]]
		face := b.Sub(a).Cross(c.Sub(a))
		if n := out.Normals[out.Indices[k]]; face.Dot(n) <= 0 {
			t.Errorf("triangle %d: winding normal %v disagrees with vertex normal %v", k/3, face, n)
		}
	}
}

func TestModelErrors(t *testing.T) {
	tests := []struct {
		name string
		m    *scene.Model
		max  int
	}{
		{"nil", nil, 64},
		{"no parts", &scene.Model{}, 64},
		{"empty mesh", &scene.Model{Parts: []scene.Part{{Mesh: &scene.Mesh{}}}}, 64},
		{"bad index", &scene.Model{Parts: []scene.Part{{Mesh: &scene.Mesh{Positions: make([]mgl32.Vec3, 3), Indices: []uint32{0, 1, 7}}}}}, 64},
		{"negative texture side", &scene.Model{Parts: []scene.Part{{Mesh: scene.Box(1, 1, 1), Transform: mgl64.Ident4()}}}, -1},
		// The atlas size is checked before any texel is read, so the
		// texture needs no pixels.
		{"atlas too large", &scene.Model{Parts: []scene.Part{{Mesh: scene.Quad(1, 1), Transform: mgl64.Ident4(),
			Material: &scene.Material{BaseColor: scene.RGB(1, 1, 1), BaseColorTexture: &scene.Texture{Image: &image.NRGBA{Rect: image.Rect(0, 0, 8200, 8200)}}}}}}, 0},
		// 36 Mi texels fit alone, not with the normal atlas beside them.
		{"atlases too large together", &scene.Model{Parts: []scene.Part{{Mesh: scene.Quad(1, 1), Transform: mgl64.Ident4(),
			Material: &scene.Material{BaseColor: scene.RGB(1, 1, 1), BaseColorTexture: &scene.Texture{Image: &image.NRGBA{Rect: image.Rect(0, 0, 6000, 6000)}},
				NormalTexture: &scene.Texture{Image: &image.NRGBA{Rect: image.Rect(0, 0, 6000, 6000)}}}}}}, 0},
	}
	for _, tt := range tests {
		_, _, err := Model(tt.m, Options{Name: tt.name, MaxTextureSide: tt.max})
		if err == nil {
			t.Errorf("%s: Model succeeded", tt.name)
		} else if !strings.HasPrefix(err.Error(), "merge: ") {
			t.Errorf("%s: error %q does not start with \"merge: \"", tt.name, err)
		}
	}
}

func TestShrink(t *testing.T) {
	tests := []struct{ w, h, max, wantW, wantH int }{
		{64, 32, 64, 64, 32},
		{512, 256, 128, 128, 64},
		{100, 400, 50, 13, 50},
		{3000, 20, 0, 3000, 20}, // 0: no limit
	}
	for _, tt := range tests {
		got := shrink(image.NewNRGBA(image.Rect(0, 0, tt.w, tt.h)), tt.max, true).Rect
		if s := shrunkSize(tt.w, tt.h, tt.max); s != got.Size() {
			t.Errorf("shrunkSize %dx%d to %d: %v, shrink gives %v", tt.w, tt.h, tt.max, s, got.Size())
		}
		if got.Dx() != tt.wantW || got.Dy() != tt.wantH {
			t.Errorf("shrink %dx%d to %d: %v, want %dx%d", tt.w, tt.h, tt.max, got, tt.wantW, tt.wantH)
		}
	}
}
