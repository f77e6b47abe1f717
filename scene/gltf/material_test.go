package gltf

import (
	"bytes"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	pngpkg "image/png"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"

	"github.com/synthkit/synthkit/scene"
)

// texturedQuad returns a document drawing a quad with material mat, whose
// base colour texture (if mat names texture 0) is a 4×3 PNG.
func texturedQuad(t testing.TB, mat obj, sampler obj) *docBuilder {
	b := newDoc()
	prim := b.quad()
	img := b.add("images", obj{"bufferView": b.view(testPNG(t, 4, 3), 0), "mimeType": "image/png"})
	tex := obj{"source": img}
	if sampler != nil {
		tex["sampler"] = b.add("samplers", sampler)
	}
	b.add("textures", tex)
	prim["material"] = b.add("materials", mat)
	b.scene(b.node(obj{"mesh": b.mesh(prim)}))
	return b
}

func TestLoadMaterialFactors(t *testing.T) {
	tests := []struct {
		name string
		mat  obj
		want scene.Material
	}{
		{"defaults", obj{}, scene.Material{Name: "material 0", BaseColor: scene.Color{R: 1, G: 1, B: 1, A: 1}, Metallic: 1, Roughness: 1, Emissive: scene.Color{R: 0, G: 0, B: 0, A: 1}}},
		{"factors", obj{
			"name":                 "label",
			"pbrMetallicRoughness": obj{"baseColorFactor": []float64{0.5, 0.25, 0.125, 0.75}, "metallicFactor": 0.2, "roughnessFactor": 0.7},
			"emissiveFactor":       []float64{0.1, 0.2, 0.3},
			"doubleSided":          true,
		}, scene.Material{Name: "label", BaseColor: scene.Color{R: 0.5, G: 0.25, B: 0.125, A: 0.75}, Metallic: 0.2, Roughness: 0.7, Emissive: scene.Color{R: 0.1, G: 0.2, B: 0.3, A: 1}, DoubleSided: true}},
		{"unlit", obj{"extensions": obj{"KHR_materials_unlit": obj{}}},
			scene.Material{Name: "material 0", BaseColor: scene.Color{R: 1, G: 1, B: 1, A: 1}, Metallic: 1, Roughness: 1, Emissive: scene.Color{R: 0, G: 0, B: 0, A: 1}, Unlit: true}},
		{"emissive strength", obj{"emissiveFactor": []float64{1, 0.5, 0}, "extensions": obj{"KHR_materials_emissive_strength": obj{"emissiveStrength": 4}}},
			scene.Material{Name: "material 0", BaseColor: scene.Color{R: 1, G: 1, B: 1, A: 1}, Metallic: 1, Roughness: 1, Emissive: scene.Color{R: 4, G: 2, B: 0, A: 1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := mustLoadGLB(t, texturedQuad(t, tc.mat, nil))
			if got := *m.Parts[0].Material; got != tc.want {
				t.Errorf("material\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
}

func TestLoadDefaultMaterial(t *testing.T) {
	b := newDoc()
	b.scene(b.node(obj{"mesh": b.mesh(b.quad(), b.quad())}))
	m := mustLoadGLB(t, b)
	want := scene.Material{Name: "glTF default", BaseColor: scene.Color{R: 1, G: 1, B: 1, A: 1}, Metallic: 1, Roughness: 1}
	if got := m.Parts[0].Material; got == nil || *got != want || m.Parts[1].Material != got {
		t.Errorf("material %+v, want one shared %+v", got, want)
	}
}

func TestLoadBaseColorTexture(t *testing.T) {
	tests := []struct {
		name         string
		sampler      obj
		wrapS, wrapT scene.Wrap
		nearest      bool
	}{
		{"no sampler", nil, scene.Repeat, scene.Repeat, false},
		{"clamp and mirror", obj{"wrapS": 33071, "wrapT": 33648}, scene.ClampToEdge, scene.MirroredRepeat, false},
		{"nearest", obj{"magFilter": 9728, "minFilter": 9728}, scene.Repeat, scene.Repeat, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mat := obj{"pbrMetallicRoughness": obj{"baseColorTexture": obj{"index": 0}}}
			m := mustLoadGLB(t, texturedQuad(t, mat, tc.sampler))
			tex := m.Parts[0].Material.BaseColorTexture
			if tex == nil {
				t.Fatal("no texture")
			}
			if tex.WrapS != tc.wrapS || tex.WrapT != tc.wrapT || tex.Nearest != tc.nearest {
				t.Errorf("sampler %v %v %v, want %v %v %v", tex.WrapS, tex.WrapT, tex.Nearest, tc.wrapS, tc.wrapT, tc.nearest)
			}
			if got := tex.Image.NRGBAAt(3, 2); got != (color.NRGBA{120, 80, 100, 255}) {
				t.Errorf("pixel (3, 2) = %v", got)
			}
			if m.Parts[0].Material.UVTransform != (mgl32.Mat3{}) {
				t.Errorf("UV transform %v, want zero (identity)", m.Parts[0].Material.UVTransform)
			}
		})
	}
}

func TestLoadJPEGTexture(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 16, 8))
	for i := range img.Pix {
		img.Pix[i] = []uint8{200, 100, 50, 255}[i%4]
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	b := newDoc()
	prim := b.quad()
	im := b.add("images", obj{"uri": "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())})
	b.add("textures", obj{"source": im})
	prim["material"] = b.add("materials", obj{"pbrMetallicRoughness": obj{"baseColorTexture": obj{"index": 0}}})
	b.scene(b.node(obj{"mesh": b.mesh(prim)}))
	m := mustLoadGLB(t, b)
	got := m.Parts[0].Material.BaseColorTexture.Image
	if got.Rect.Dx() != 16 || got.Rect.Dy() != 8 {
		t.Fatalf("size %v", got.Rect)
	}
	c := got.NRGBAAt(5, 5)
	if absDiff(c.R, 200) > 3 || absDiff(c.G, 100) > 3 || absDiff(c.B, 50) > 3 || c.A != 255 {
		t.Errorf("pixel %v, want about (200, 100, 50, 255)", c)
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

func TestLoadTextureTransform(t *testing.T) {
	// The example of the KHR_texture_transform specification: the lower
	// left quadrant of the image, rotated clockwise 90°.
	mat := obj{"pbrMetallicRoughness": obj{"baseColorTexture": obj{"index": 0, "extensions": obj{
		"KHR_texture_transform": obj{"offset": []float64{0, 1}, "rotation": math.Pi / 2, "scale": []float64{0.5, 0.5}},
	}}}}
	b := texturedQuad(t, mat, nil)
	b.doc["extensionsUsed"] = []string{"KHR_texture_transform"}
	b.doc["extensionsRequired"] = []string{"KHR_texture_transform"}
	m := mustLoadGLB(t, b)
	u := m.Parts[0].Material.UVTransform
	for _, c := range []struct{ in, want mgl32.Vec2 }{
		{mgl32.Vec2{0, 0}, mgl32.Vec2{0, 1}},
		{mgl32.Vec2{1, 0}, mgl32.Vec2{0, 0.5}},
		{mgl32.Vec2{0, 1}, mgl32.Vec2{0.5, 1}},
		{mgl32.Vec2{1, 1}, mgl32.Vec2{0.5, 0.5}},
	} {
		got := u.Mul3x1(mgl32.Vec3{c.in[0], c.in[1], 1}).Vec2()
		if got.Sub(c.want).Len() > 1e-6 {
			t.Errorf("uv %v → %v, want %v", c.in, got, c.want)
		}
	}
}

func TestLoadTexCoordSet(t *testing.T) {
	tests := []struct {
		name string
		info obj
	}{
		{"texCoord", obj{"index": 0, "texCoord": 1}},
		{"transform texCoord", obj{"index": 0, "extensions": obj{"KHR_texture_transform": obj{"texCoord": 1}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := newDoc()
			prim := b.quad()
			prim["attributes"].(obj)["TEXCOORD_1"] = b.floats("VEC2", 9, 9, 8, 8, 7, 7, 6, 6)
			img := b.add("images", obj{"bufferView": b.view(testPNG(t, 2, 2), 0), "mimeType": "image/png"})
			b.add("textures", obj{"source": img})
			prim["material"] = b.add("materials", obj{"pbrMetallicRoughness": obj{"baseColorTexture": tc.info}})
			b.scene(b.node(obj{"mesh": b.mesh(prim)}))
			m := mustLoadGLB(t, b)
			want := []mgl32.Vec2{{9, 9}, {8, 8}, {7, 7}, {6, 6}}
			if got := m.Parts[0].Mesh.UVs; !slices.Equal(got, want) {
				t.Errorf("UVs %v, want TEXCOORD_1 %v", got, want)
			}
		})
	}
}

// TestLoadPBRTextures checks that every texture slot of glTF's
// metallic-roughness material lands in its scene.Material slot with its
// scale or strength, and that a binding reading other texture
// coordinates than the first is left out with a warning.
func TestLoadPBRTextures(t *testing.T) {
	pbr := func(mr obj) obj { return obj{"baseColorTexture": obj{"index": 0}, "metallicRoughnessTexture": mr} }
	tests := []struct {
		name    string
		mat     obj
		check   func(m *scene.Material) bool
		warning string
	}{
		{"metallic-roughness", obj{"pbrMetallicRoughness": pbr(obj{"index": 0})},
			func(m *scene.Material) bool { return m.MetallicRoughnessTexture != nil && m.BaseColorTexture != nil }, ""},
		{"normal", obj{"normalTexture": obj{"index": 0, "scale": 0.5}},
			func(m *scene.Material) bool {
				return m.NormalTexture != nil && m.NormalScale == 0.5 && m.NormalStrength() == 0.5
			}, ""},
		{"normal default scale", obj{"normalTexture": obj{"index": 0}},
			func(m *scene.Material) bool { return m.NormalTexture != nil && m.NormalStrength() == 1 }, ""},
		{"normal scale 0", obj{"normalTexture": obj{"index": 0, "scale": 0}},
			func(m *scene.Material) bool { return m.NormalStrength() == math.SmallestNonzeroFloat32 }, ""},
		{"occlusion", obj{"occlusionTexture": obj{"index": 0, "strength": 0.25}},
			func(m *scene.Material) bool { return m.OcclusionTexture != nil && m.Occlusion() == 0.25 }, ""},
		{"emissive", obj{"emissiveFactor": []float64{1, 0.5, 0}, "emissiveTexture": obj{"index": 0}},
			func(m *scene.Material) bool {
				return m.EmissiveTexture != nil && m.Emissive == scene.Color{R: 1, G: 0.5, B: 0, A: 1}
			}, ""},
		{"other texCoord", obj{"pbrMetallicRoughness": pbr(obj{"index": 0, "texCoord": 1})},
			func(m *scene.Material) bool { return m.BaseColorTexture != nil && m.MetallicRoughnessTexture == nil },
			"metallicRoughnessTexture ignored: it reads TEXCOORD_1"},
		{"other transform", obj{"pbrMetallicRoughness": pbr(obj{"index": 0, "extensions": obj{"KHR_texture_transform": obj{"scale": []float64{2, 2}}}})},
			func(m *scene.Material) bool { return m.BaseColorTexture != nil && m.MetallicRoughnessTexture == nil },
			"metallicRoughnessTexture ignored"},
		{"first binding sets the transform", obj{"normalTexture": obj{"index": 0, "extensions": obj{"KHR_texture_transform": obj{"offset": []float64{0.5, 0}}}}},
			func(m *scene.Material) bool { return m.NormalTexture != nil && m.UVTransform[6] == 0.5 }, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := texturedQuad(t, tc.mat, nil)
			if strings.Contains(tc.name, "texCoord") {
				b.doc["meshes"].([]any)[0].(obj)["primitives"].([]any)[0].(obj)["attributes"].(obj)["TEXCOORD_1"] = b.floats("VEC2", 0, 0, 1, 0, 1, 1, 0, 1)
			}
			m := mustLoadGLB(t, b)
			mat := m.Parts[0].Material
			if !tc.check(mat) {
				t.Errorf("material %+v", mat)
			}
			warned := slices.ContainsFunc(m.Warnings, func(w string) bool { return tc.warning != "" && strings.Contains(w, tc.warning) })
			if (tc.warning != "") != warned || (tc.warning == "" && len(m.Warnings) != 0) {
				t.Errorf("warnings %q, want %q", m.Warnings, tc.warning)
			}
		})
	}
}

func TestLoadPBRTextureErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		mat  obj
		msg  string
	}{
		{"normal scale", obj{"normalTexture": obj{"index": 0, "scale": 1e9}}, "normalTexture: scale 1e+09"},
		{"occlusion strength", obj{"occlusionTexture": obj{"index": 0, "strength": 2}}, "occlusionTexture: strength 2 outside [0, 1]"},
		{"missing texture", obj{"emissiveTexture": obj{"index": 3}}, "emissiveTexture"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadBytes("pbr.glb", texturedQuad(t, tc.mat, nil).glb(t), Limits{}, nil)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %v, want ErrInvalid containing %q", err, tc.msg)
			}
		})
	}
}

func TestLoadMaterialWarnings(t *testing.T) {
	mat := obj{"normalTexture": obj{"index": 0}, "extensions": obj{"KHR_materials_clearcoat": obj{}}}
	m := mustLoadGLB(t, texturedQuad(t, mat, nil))
	for _, want := range []string{"material extension KHR_materials_clearcoat ignored"} {
		if !slices.Contains(m.Warnings, want) {
			t.Errorf("warnings %q lack %q", m.Warnings, want)
		}
	}
}

func TestLoadTextureErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(b *docBuilder)
		kind error
		msg  string
	}{
		{"no source", func(b *docBuilder) { delete(b.doc["textures"].([]any)[0].(obj), "source") }, ErrUnsupported, "no source image"},
		{"mime mismatch", func(b *docBuilder) { b.doc["images"].([]any)[0].(obj)["mimeType"] = "image/jpeg" }, ErrInvalid, "data is image/png but declared as image/jpeg"},
		{"webp", func(b *docBuilder) {
			b.doc["images"].([]any)[0] = obj{"uri": "data:image/webp;base64,UklGRg=="}
		}, ErrUnsupported, `media type "image/webp"`},
		{"required extension", func(b *docBuilder) { b.doc["extensionsRequired"] = []string{"KHR_texture_basisu"} }, ErrUnsupported, "KHR_texture_basisu"},
		{"corrupt png", func(b *docBuilder) {
			b.doc["images"].([]any)[0] = obj{"uri": "data:image/png;base64," + base64.StdEncoding.EncodeToString([]byte("\x89PNG\r\n\x1a\nxx"))}
		}, ErrInvalid, "png header"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := texturedQuad(t, obj{"pbrMetallicRoughness": obj{"baseColorTexture": obj{"index": 0}}}, nil)
			tc.edit(b)
			_, err := loadBytes("tex.glb", b.glb(t), Limits{}, nil)
			if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %v, want %v containing %q", err, tc.kind, tc.msg)
			}
		})
	}
}

func TestLoadAlphaMode(t *testing.T) {
	tests := []struct {
		name       string
		mat        obj
		wantMode   scene.AlphaMode
		wantCutoff float32 // Material.Cutoff()
	}{
		{"absent", obj{}, scene.AlphaOpaque, 0.5},
		{"opaque", obj{"alphaMode": "OPAQUE"}, scene.AlphaOpaque, 0.5},
		{"opaque ignores cutoff", obj{"alphaMode": "OPAQUE", "alphaCutoff": 0.7}, scene.AlphaOpaque, 0.5},
		{"mask default cutoff", obj{"alphaMode": "MASK"}, scene.AlphaMask, 0.5},
		{"mask cutoff", obj{"alphaMode": "MASK", "alphaCutoff": 0.25}, scene.AlphaMask, 0.25},
		{"mask cutoff 1", obj{"alphaMode": "MASK", "alphaCutoff": 1}, scene.AlphaMask, 1},
		{"mask cutoff 0", obj{"alphaMode": "MASK", "alphaCutoff": 0}, scene.AlphaMask, math.SmallestNonzeroFloat32},
		{"blend", obj{"alphaMode": "BLEND"}, scene.AlphaBlend, 0.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.mat["name"] = "leaf"
			m := mustLoadGLB(t, texturedQuad(t, tc.mat, nil))
			mat := m.Parts[0].Material
			if mat.AlphaMode != tc.wantMode || mat.Cutoff() != tc.wantCutoff {
				t.Errorf("alpha mode %v cutoff %g, want %v %g", mat.AlphaMode, mat.Cutoff(), tc.wantMode, tc.wantCutoff)
			}
			for _, w := range m.Warnings {
				if strings.Contains(w, "alpha") {
					t.Errorf("unexpected warning %q", w)
				}
			}
		})
	}
}

// TestLoadAlphaTexture checks that the texture keeps its alpha channel,
// which MASK and BLEND read, and that the base colour factor's alpha
// arrives unchanged.
func TestLoadAlphaTexture(t *testing.T) {
	b := newDoc()
	prim := b.quad()
	img := image.NewNRGBA(image.Rect(0, 0, 2, 1))
	copy(img.Pix, []uint8{255, 0, 0, 0, 0, 255, 0, 200})
	var png bytes.Buffer
	if err := pngpkg.Encode(&png, img); err != nil {
		t.Fatal(err)
	}
	b.add("images", obj{"bufferView": b.view(png.Bytes(), 0), "mimeType": "image/png"})
	b.add("textures", obj{"source": 0})
	prim["material"] = b.add("materials", obj{"alphaMode": "BLEND", "pbrMetallicRoughness": obj{"baseColorFactor": []float64{1, 1, 1, 0.5}, "baseColorTexture": obj{"index": 0}}})
	b.scene(b.node(obj{"mesh": b.mesh(prim)}))
	m := mustLoadGLB(t, b)
	mat := m.Parts[0].Material
	if mat.BaseColor.A != 0.5 {
		t.Errorf("base colour alpha %g, want 0.5", mat.BaseColor.A)
	}
	got := mat.BaseColorTexture.Image.Pix
	if got[3] != 0 || got[7] != 200 {
		t.Errorf("texel alphas %d, %d, want 0, 200", got[3], got[7])
	}
}

func TestLoadAlphaModeErrors(t *testing.T) {
	tests := []struct {
		name string
		mat  obj
		msg  string
	}{
		{"cutoff above 1", obj{"name": "leaf", "alphaMode": "MASK", "alphaCutoff": 1.5}, `material 0 "leaf": alphaCutoff 1.5 outside [0, 1]`},
		{"negative cutoff", obj{"name": "leaf", "alphaMode": "MASK", "alphaCutoff": -0.25}, `material 0 "leaf": alphaCutoff -0.25 outside [0, 1]`},
		{"unnamed", obj{"alphaMode": "MASK", "alphaCutoff": 2}, `material 0 "": alphaCutoff 2 outside [0, 1]`},
		{"unknown mode", obj{"alphaMode": "GLASS"}, "GLASS"},
		{"cutoff without mode", obj{"alphaCutoff": 0.3}, "alphaCutoff requires alphaMode"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadBytes("leaf.glb", texturedQuad(t, tc.mat, nil).glb(t), Limits{}, nil)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.msg) || !strings.HasPrefix(err.Error(), `gltf "leaf.glb": `) {
				t.Errorf("error %v, want ErrInvalid from leaf.glb containing %q", err, tc.msg)
			}
		})
	}
}
