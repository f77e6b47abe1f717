package gltf

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"io"
	"math"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// roundTrip writes m as GLB and loads it back.
func roundTrip(t *testing.T, m *scene.Model) *scene.Model {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteGLB(&buf, m); err != nil {
		t.Fatal(err)
	}
	got, err := LoadFS(fstest.MapFS{"sku.glb": {Data: buf.Bytes()}}, "sku.glb", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// checkerNRGBA returns a w×h image with varied colours and alpha.
func checkerNRGBA(w, h int, opaque bool) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			a := uint8(255)
			if !opaque {
				a = uint8(50 * (x + y))
			}
			img.SetNRGBA(x, y, color.NRGBA{uint8(60 * x), uint8(70 * y), uint8(17 * (x ^ y)), a})
		}
	}
	return img
}

func TestWriteGLBRoundTrip(t *testing.T) {
	box := scene.Box(0.1, 0.2, 0.3)
	cyl, err := scene.Cylinder(0.05, 0.12, 24)
	if err != nil {
		t.Fatal(err)
	}
	cyl.Colors = make([]mgl32.Vec4, len(cyl.Positions))
	for i := range cyl.Colors {
		cyl.Colors[i] = mgl32.Vec4{float32(i%7) / 7, 0.5, 1, float32(i%3) / 2}
	}
	label := &scene.Material{
		Name:             "label",
		BaseColor:        scene.Color{R: 0.8, G: 0.5, B: 0.25, A: 1},
		BaseColorTexture: &scene.Texture{Name: "label.png", Image: checkerNRGBA(5, 4, false), WrapS: scene.ClampToEdge, WrapT: scene.MirroredRepeat, Nearest: true},
		UVTransform:      textureTransformMatrix([2]float64{0.25, 0.5}, 0.3, [2]float64{0.5, -2}),
		Metallic:         0.25,
		Roughness:        0.625,
		Emissive:         scene.Color{R: 2, G: 1, B: 0, A: 1},
		DoubleSided:      true,
		Unlit:            true,
		AlphaMode:        scene.AlphaMask,
		AlphaCutoff:      0.25,
	}
	plain := &scene.Material{Name: "cardboard", BaseColor: scene.SRGB8(180, 140, 90), Roughness: 0.9, AlphaMode: scene.AlphaBlend,
		BaseColorTexture: &scene.Texture{Name: "opaque.png", Image: checkerNRGBA(3, 3, true)},
		// Every other slot, sharing one texture (and the base colour's
		// UV transform, the identity here).
		MetallicRoughnessTexture: &scene.Texture{Name: "mr.png", Image: checkerNRGBA(2, 2, true)},
		NormalTexture:            &scene.Texture{Name: "normal.png", Image: checkerNRGBA(4, 2, true), Nearest: true},
		NormalScale:              0.5,
		OcclusionTexture:         &scene.Texture{Name: "ao.png", Image: checkerNRGBA(2, 3, true)},
		OcclusionStrength:        0.75,
		EmissiveTexture:          &scene.Texture{Name: "glow.png", Image: checkerNRGBA(3, 2, true), WrapS: scene.ClampToEdge},
		Emissive:                 scene.Color{R: 0.5, G: 0.25, A: 1},
	}
	// The label's transform must carry over to its other textures.
	label.NormalTexture = plain.NormalTexture
	in := &scene.Model{Name: "sku", Parts: []scene.Part{
		{Name: "box", Mesh: box, Material: label, Transform: mgl64.Translate3D(1, 2, 3).Mul4(mgl64.HomogRotate3DY(0.7))},
		{Name: "can", Mesh: cyl, Transform: mgl64.Ident4()},
		{Name: "box again", Mesh: box, Material: plain, Transform: mgl64.Scale3D(2, 2, 2)},
	}}
	in.ComputeBounds()
	out := roundTrip(t, in)

	if len(out.Parts) != len(in.Parts) {
		t.Fatalf("%d parts, want %d", len(out.Parts), len(in.Parts))
	}
	for i, want := range in.Parts {
		got := out.Parts[i]
		if got.Name != want.Name || got.Transform != want.Transform {
			t.Errorf("part %d: %q %v, want %q %v", i, got.Name, got.Transform, want.Name, want.Transform)
		}
		gm, wm := got.Mesh, want.Mesh
		if gm.Name != wm.Name || !slices.Equal(gm.Positions, wm.Positions) || !slices.Equal(gm.Normals, wm.Normals) ||
			!slices.Equal(gm.UVs, wm.UVs) || !slices.Equal(gm.Colors, wm.Colors) || !slices.Equal(gm.Indices, wm.Indices) {
			t.Errorf("part %d: mesh %q differs after the round trip", i, wm.Name)
		}
		wantMat := want.Material
		if wantMat == nil {
			wantMat = scene.DefaultMaterial()
		}
		checkMaterial(t, i, got.Material, wantMat)
	}
	if out.Parts[0].Mesh != out.Parts[2].Mesh {
		t.Error("the box drawn with two materials was loaded as two meshes")
	}
	if out.Lo != in.Lo || out.Hi != in.Hi {
		t.Errorf("bounds %v %v, want %v %v", out.Lo, out.Hi, in.Lo, in.Hi)
	}
}

func checkMaterial(t *testing.T, part int, got, want *scene.Material) {
	t.Helper()
	if got.Name != want.Name || got.BaseColor != want.BaseColor || got.Metallic != want.Metallic || got.Roughness != want.Roughness ||
		got.DoubleSided != want.DoubleSided || got.Unlit != want.Unlit || got.AlphaMode != want.AlphaMode || got.Cutoff() != want.Cutoff() {
		t.Errorf("part %d: material\n%+v\nwant\n%+v", part, got, want)
	}
	if e, w := got.Emissive, want.Emissive; e.R != w.R || e.G != w.G || e.B != w.B {
		t.Errorf("part %d: emissive %v, want %v", part, e, w)
	}
	for k := range got.UVTransform {
		w := want.UVTransform
		if w == (mgl32.Mat3{}) {
			w = mgl32.Ident3()
		}
		g := got.UVTransform
		if g == (mgl32.Mat3{}) {
			g = mgl32.Ident3()
		}
		if math.Abs(float64(g[k]-w[k])) > 1e-6 {
			t.Errorf("part %d: UV transform %v, want %v", part, got.UVTransform, want.UVTransform)
			break
		}
	}
	if got.NormalStrength() != want.NormalStrength() || got.Occlusion() != want.Occlusion() {
		t.Errorf("part %d: normal scale %v, occlusion strength %v; want %v, %v", part, got.NormalStrength(), got.Occlusion(), want.NormalStrength(), want.Occlusion())
	}
	gts, wts := got.Textures(), want.Textures()
	for k := range gts {
		gt, wt := gts[k], wts[k]
		if (gt == nil) != (wt == nil) {
			t.Fatalf("part %d: texture slot %d: %v, want %v", part, k, gt, wt)
		}
		if gt == nil {
			continue
		}
		if gt.Name != wt.Name || gt.WrapS != wt.WrapS || gt.WrapT != wt.WrapT || gt.Nearest != wt.Nearest {
			t.Errorf("part %d: texture slot %d: %q %v %v %v, want %q %v %v %v", part, k, gt.Name, gt.WrapS, gt.WrapT, gt.Nearest, wt.Name, wt.WrapS, wt.WrapT, wt.Nearest)
		}
		if gt.Image.Rect != wt.Image.Rect || !bytes.Equal(gt.Image.Pix, wt.Image.Pix) {
			t.Errorf("part %d: texture slot %d: pixels differ", part, k)
		}
	}
}

func TestWriteGLBErrors(t *testing.T) {
	box := scene.Box(1, 1, 1)
	sheared := mgl32.Ident3()
	sheared[3] = 0.5
	tests := []struct {
		name string
		m    *scene.Model
		msg  string
	}{
		{"nil model", nil, "nil model"},
		{"nil mesh", &scene.Model{Parts: []scene.Part{{Transform: mgl64.Ident4()}}}, "nil mesh"},
		{"empty mesh", &scene.Model{Parts: []scene.Part{{Mesh: &scene.Mesh{}, Transform: mgl64.Ident4()}}}, "no triangles"},
		{"bad index", &scene.Model{Parts: []scene.Part{{Mesh: &scene.Mesh{Positions: make([]mgl32.Vec3, 3), Indices: []uint32{0, 1, 3}}, Transform: mgl64.Ident4()}}}, "out of range"},
		{"projective transform", &scene.Model{Parts: []scene.Part{{Mesh: box, Transform: mgl64.Perspective(1, 1, 1, 10)}}}, "not affine"},
		{"colour above 1", &scene.Model{Parts: []scene.Part{{Mesh: box, Material: &scene.Material{BaseColor: scene.Color{R: 1.5, G: 0, B: 0, A: 1}}, Transform: mgl64.Ident4()}}}, "outside [0, 1]"},
		{"sheared UV transform", &scene.Model{Parts: []scene.Part{{Mesh: box, Transform: mgl64.Ident4(), Material: &scene.Material{
			BaseColor: scene.Color{R: 1, G: 1, B: 1, A: 1}, BaseColorTexture: &scene.Texture{Image: checkerNRGBA(2, 2, true)}, UVTransform: sheared}}}}, "UV transform"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := WriteGLB(io.Discard, tc.m)
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %v, want one containing %q", err, tc.msg)
			}
		})
	}
}

type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.n += len(p); w.n > 100 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestWriteGLBWriterError(t *testing.T) {
	m := &scene.Model{Parts: []scene.Part{{Mesh: scene.Box(1, 1, 1), Transform: mgl64.Ident4()}}}
	if err := WriteGLB(&failingWriter{}, m); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("error %v, want the writer's", err)
	}
}

func TestDecomposeUVTransform(t *testing.T) {
	for _, c := range []struct {
		offset [2]float64
		rot    float64
		scale  [2]float64
	}{
		{[2]float64{0, 0}, 0, [2]float64{1, 1}},
		{[2]float64{0, 1}, 0, [2]float64{1, -1}},
		{[2]float64{0.3, -0.2}, 2.5, [2]float64{0.25, 3}},
		{[2]float64{1, 1}, -1, [2]float64{-2, 0.5}},
	} {
		m := textureTransformMatrix(c.offset, c.rot, c.scale)
		o, r, s, ok := decomposeUVTransform(m)
		if !ok {
			t.Errorf("%v: not decomposable", c)
			continue
		}
		if back := textureTransformMatrix(o, r, s); !back.ApproxEqualThreshold(m, 1e-6) {
			t.Errorf("%v: decomposed to %v %v %v, which rebuilds %v, not %v", c, o, r, s, back, m)
		}
	}
}
