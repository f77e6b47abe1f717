package gltf

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// triangleNormals returns the unit normal of every triangle of m.
func triangleNormals(m *scene.Mesh) []mgl32.Vec3 {
	var ns []mgl32.Vec3
	for i := 0; i+2 < len(m.Indices); i += 3 {
		a, b, c := m.Positions[m.Indices[i]], m.Positions[m.Indices[i+1]], m.Positions[m.Indices[i+2]]
		n := b.Sub(a).Cross(c.Sub(a))
		if n.Len() > 0 {
			n = n.Normalize()
		}
		ns = append(ns, n)
	}
	return ns
}

func TestLoadPrimitiveModes(t *testing.T) {
	// Four vertices of a zig-zag strip in the xy plane, and a fan around
	// vertex 0; every triangle faces +z when wound as glTF specifies.
	strip := []float32{0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0}
	fan := []float32{0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0}
	tests := []struct {
		name    string
		mode    int
		pos     []float32
		indexCT int // 0: not indexed
		indices []uint32
		want    []uint32
	}{
		{"triangles u8", 4, fan, ctUbyte, []uint32{0, 1, 2, 0, 2, 3}, []uint32{0, 1, 2, 0, 2, 3}},
		{"triangles u16", 4, fan, ctUshort, []uint32{0, 1, 2, 0, 2, 3}, []uint32{0, 1, 2, 0, 2, 3}},
		{"triangles u32", 4, fan, ctUint, []uint32{0, 1, 2, 0, 2, 3}, []uint32{0, 1, 2, 0, 2, 3}},
		{"triangles default mode", -1, fan, ctUshort, []uint32{0, 1, 2}, []uint32{0, 1, 2}},
		{"triangles trailing index ignored", 4, fan, ctUshort, []uint32{0, 1, 2, 3}, []uint32{0, 1, 2}},
		{"triangles not indexed", 4, []float32{0, 0, 0, 1, 0, 0, 0, 1, 0}, 0, nil, []uint32{0, 1, 2}},
		{"strip not indexed", 5, strip, 0, nil, []uint32{0, 1, 2, 1, 3, 2}},
		{"strip indexed", 5, strip, ctUbyte, []uint32{0, 1, 2, 3}, []uint32{0, 1, 2, 1, 3, 2}},
		{"fan not indexed", 6, fan, 0, nil, []uint32{1, 2, 0, 2, 3, 0}},
		{"fan indexed", 6, fan, ctUint, []uint32{0, 1, 2, 3}, []uint32{1, 2, 0, 2, 3, 0}},
		{"strip of two vertices", 5, []float32{0, 0, 0, 1, 0, 0}, 0, nil, []uint32{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := newDoc()
			prim := obj{"attributes": obj{"POSITION": b.floats("VEC3", tc.pos...)}}
			if tc.mode >= 0 {
				prim["mode"] = tc.mode
			}
			if tc.indexCT != 0 {
				prim["indices"] = b.indices(tc.indexCT, tc.indices...)
			}
			b.scene(b.node(obj{"mesh": b.mesh(prim)}))
			m := mustLoadGLB(t, b)
			if len(m.Parts) != 1 {
				t.Fatalf("%d parts, want 1", len(m.Parts))
			}
			mesh := m.Parts[0].Mesh
			if !slices.Equal(mesh.Indices, tc.want) {
				t.Errorf("indices %v, want %v", mesh.Indices, tc.want)
			}
			for i, n := range triangleNormals(mesh) {
				if n.Sub(mgl32.Vec3{0, 0, 1}).Len() > 1e-6 {
					t.Errorf("triangle %d faces %v, want +z (winding)", i, n)
				}
			}
			if len(mesh.Normals) != 0 {
				t.Errorf("normals %v, want none (flat)", mesh.Normals)
			}
		})
	}
}

func TestLoadUnsupportedModes(t *testing.T) {
	for mode, name := range map[int]string{0: "POINTS", 1: "LINES", 2: "LINE_LOOP", 3: "LINE_STRIP"} {
		t.Run(name, func(t *testing.T) {
			b := newDoc()
			pos := b.floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0)
			b.scene(b.node(obj{"mesh": b.mesh(obj{"attributes": obj{"POSITION": pos}, "mode": mode})}))
			_, err := loadBytes("lines.glb", b.glb(t), Limits{}, nil)
			if !errors.Is(err, ErrUnsupported) {
				t.Fatalf("error %v, want ErrUnsupported", err)
			}
			want := `gltf "lines.glb": node 0: mesh 0 primitive 0: primitive mode ` + name + ` unsupported`
			if !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error %q, want prefix %q", err, want)
			}
		})
	}
}

func TestLoadInterleavedAndNormalized(t *testing.T) {
	// One buffer view holding, per vertex: position (3 floats), normal
	// (3 bytes normalized, 1 pad), UV (2 unsigned shorts normalized) and
	// colour (4 unsigned bytes normalized): 12+4+4+4 = 24 bytes.
	const stride = 24
	type vert struct {
		pos   [3]float32
		nrm   [3]int8
		uv    [2]uint16
		color [4]uint8
	}
	verts := []vert{
		{[3]float32{0, 0, 0}, [3]int8{0, 0, 127}, [2]uint16{0, 65535}, [4]uint8{255, 0, 0, 255}},
		{[3]float32{1, 0, 0}, [3]int8{0, 0, 127}, [2]uint16{65535, 65535}, [4]uint8{0, 255, 0, 128}},
		{[3]float32{0, 1, 0}, [3]int8{0, -128, 0}, [2]uint16{0, 0}, [4]uint8{0, 0, 255, 0}},
	}
	data := make([]byte, stride*len(verts))
	le := binary.LittleEndian
	for i, v := range verts {
		p := data[i*stride:]
		for k := 0; k < 3; k++ {
			le.PutUint32(p[4*k:], math.Float32bits(v.pos[k]))
			p[12+k] = byte(v.nrm[k])
		}
		le.PutUint16(p[16:], v.uv[0])
		le.PutUint16(p[18:], v.uv[1])
		copy(p[20:], v.color[:])
	}
	b := newDoc()
	view := b.view(data, stride)
	pos := b.accessor(view, ctFloat, "VEC3", 3, obj{"min": []float32{0, 0, 0}, "max": []float32{1, 1, 0}})
	nrm := b.accessor(view, ctByte, "VEC3", 3, obj{"byteOffset": 12, "normalized": true})
	uv := b.accessor(view, ctUshort, "VEC2", 3, obj{"byteOffset": 16, "normalized": true})
	col := b.accessor(view, ctUbyte, "VEC4", 3, obj{"byteOffset": 20, "normalized": true})
	b.doc["extensionsUsed"] = []string{"KHR_mesh_quantization"}
	b.scene(b.node(obj{"mesh": b.mesh(obj{"attributes": obj{"POSITION": pos, "NORMAL": nrm, "TEXCOORD_0": uv, "COLOR_0": col}})}))
	mesh := mustLoadGLB(t, b).Parts[0].Mesh
	wantPos := []mgl32.Vec3{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}
	wantNrm := []mgl32.Vec3{{0, 0, 1}, {0, 0, 1}, {0, -1, 0}}
	wantUV := []mgl32.Vec2{{0, 1}, {1, 1}, {0, 0}}
	wantCol := []mgl32.Vec4{{1, 0, 0, 1}, {0, 1, 0, 128.0 / 255}, {0, 0, 1, 0}}
	if !slices.Equal(mesh.Positions, wantPos) || !slices.Equal(mesh.Normals, wantNrm) || !slices.Equal(mesh.UVs, wantUV) || !slices.Equal(mesh.Colors, wantCol) {
		t.Errorf("got\n%v\n%v\n%v\n%v", mesh.Positions, mesh.Normals, mesh.UVs, mesh.Colors)
	}
}

func TestLoadColorFormats(t *testing.T) {
	tests := []struct {
		name string
		ct   int
		typ  string
		data []byte
		want mgl32.Vec4
	}{
		{"vec3 float", ctFloat, "VEC3", le32f(0.25, 0.5, 1), mgl32.Vec4{0.25, 0.5, 1, 1}},
		{"vec4 float", ctFloat, "VEC4", le32f(0.25, 0.5, 1, 0.5), mgl32.Vec4{0.25, 0.5, 1, 0.5}},
		{"vec3 ubyte", ctUbyte, "VEC3", []byte{255, 0, 51, 0}, mgl32.Vec4{1, 0, 0.2, 1}},
		{"vec4 ushort", ctUshort, "VEC4", []byte{0xff, 0xff, 0, 0, 0, 0, 0xff, 0xff}, mgl32.Vec4{1, 0, 0, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := newDoc()
			pos := b.floats("VEC3", 0, 0, 0)
			// A single vertex; stride padded to 4 bytes for the vec3 ubyte.
			stride := 0
			if tc.typ == "VEC3" && tc.ct == ctUbyte {
				stride = 4
			}
			col := b.accessor(b.view(tc.data, stride), tc.ct, tc.typ, 1, obj{"normalized": tc.ct != ctFloat})
			b.scene(b.node(obj{"mesh": b.mesh(obj{"attributes": obj{"POSITION": pos, "COLOR_0": col}})}))
			got := mustLoadGLB(t, b).Parts[0].Mesh.Colors
			if len(got) != 1 || got[0].Sub(tc.want).Len() > 1e-6 {
				t.Errorf("colours %v, want [%v]", got, tc.want)
			}
		})
	}
}

func le32f(vs ...float32) []byte {
	out := make([]byte, 4*len(vs))
	for i, v := range vs {
		binary.LittleEndian.PutUint32(out[4*i:], math.Float32bits(v))
	}
	return out
}

func TestLoadSparse(t *testing.T) {
	tests := []struct {
		name     string
		withBase bool
		want     []mgl32.Vec3
	}{
		{"over a buffer view", true, []mgl32.Vec3{{0, 0, 0}, {5, 5, 5}, {0, 1, 0}, {7, 7, 7}}},
		{"over zeros", false, []mgl32.Vec3{{0, 0, 0}, {5, 5, 5}, {0, 0, 0}, {7, 7, 7}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := newDoc()
			base := -1
			if tc.withBase {
				base = b.view(le32f(0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0), 0)
			}
			idx := b.view([]byte{1, 0, 3, 0}, 0)
			vals := b.view(le32f(5, 5, 5, 7, 7, 7), 0)
			pos := b.accessor(base, ctFloat, "VEC3", 4, obj{
				"min": []float32{0, 0, 0}, "max": []float32{7, 7, 7},
				"sparse": obj{"count": 2, "indices": obj{"bufferView": idx, "componentType": ctUshort}, "values": obj{"bufferView": vals}},
			})
			b.scene(b.node(obj{"mesh": b.mesh(obj{"attributes": obj{"POSITION": pos}, "mode": 0})}))
			// Mode POINTS is refused; draw as triangles instead.
			b.doc["meshes"].([]any)[0].(obj)["primitives"].([]any)[0].(obj)["mode"] = 4
			got := mustLoadGLB(t, b).Parts[0].Mesh.Positions
			if !slices.Equal(got, tc.want) {
				t.Errorf("positions %v, want %v", got, tc.want)
			}
		})
	}
}

func TestLoadSparseIndicesOutOfOrder(t *testing.T) {
	b := newDoc()
	idx := b.view([]byte{3, 0, 1, 0}, 0)
	vals := b.view(le32f(5, 5, 5, 7, 7, 7), 0)
	pos := b.accessor(-1, ctFloat, "VEC3", 4, obj{
		"sparse": obj{"count": 2, "indices": obj{"bufferView": idx, "componentType": ctUshort}, "values": obj{"bufferView": vals}},
	})
	b.scene(b.node(obj{"mesh": b.mesh(obj{"attributes": obj{"POSITION": pos}})}))
	_, err := loadBytes("s.glb", b.glb(t), Limits{}, nil)
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "sparse index") {
		t.Fatalf("error %v, want an invalid sparse index", err)
	}
}

func TestLoadTransforms(t *testing.T) {
	b := newDoc()
	quad := b.mesh(b.quad())
	s2 := math.Sqrt2 / 2
	// root: translate (1,2,3), rotate 90° about z, scale 2;
	// child: matrix translating by (1,0,0); grandchild draws the quad.
	grandchild := b.node(obj{"mesh": quad, "name": "leaf"})
	child := b.node(obj{"matrix": []float64{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1}, "children": []int{grandchild}})
	root := b.node(obj{"translation": []float64{1, 2, 3}, "rotation": []float64{0, 0, s2, s2}, "scale": []float64{2, 2, 2}, "children": []int{child}, "mesh": quad})
	b.scene(root)
	m := mustLoadGLB(t, b)
	if len(m.Parts) != 2 {
		t.Fatalf("%d parts, want 2", len(m.Parts))
	}
	if m.Parts[0].Mesh != m.Parts[1].Mesh {
		t.Error("a mesh drawn by two nodes was decoded twice")
	}
	rootT := mgl64.Translate3D(1, 2, 3).Mul4(mgl64.HomogRotate3DZ(math.Pi / 2)).Mul4(mgl64.Scale3D(2, 2, 2))
	leafT := rootT.Mul4(mgl64.Translate3D(1, 0, 0))
	for i, want := range []mgl64.Mat4{rootT, leafT} {
		if !matClose(m.Parts[i].Transform, want, 1e-12) {
			t.Errorf("part %d transform\n%v\nwant\n%v", i, m.Parts[i].Transform, want)
		}
	}
	if m.Parts[1].Name != "leaf" || m.Parts[0].Name != "node 2" {
		t.Errorf("part names %q, %q", m.Parts[0].Name, m.Parts[1].Name)
	}
	// The root's quad covers x in [-1, 1], y in [2, 4]; the leaf's y in [4, 6].
	wantLo, wantHi := mgl64.Vec3{-1, 2, 3}, mgl64.Vec3{1, 6, 3}
	if m.Lo.Sub(wantLo).Len() > 1e-12 || m.Hi.Sub(wantHi).Len() > 1e-12 {
		t.Errorf("bounds %v %v, want %v %v", m.Lo, m.Hi, wantLo, wantHi)
	}
}

func TestLoadSceneSelection(t *testing.T) {
	b := newDoc()
	quad := b.mesh(b.quad())
	n0 := b.node(obj{"mesh": quad})
	n1 := b.node(obj{"mesh": quad, "translation": []float64{5, 0, 0}})
	tests := []struct {
		name   string
		scenes any
		scene  any
		want   int // parts
	}{
		{"scene property", []any{obj{"nodes": []int{n0}}, obj{"nodes": []int{n0, n1}}}, 1, 2},
		{"first scene by default", []any{obj{"nodes": []int{n1}}, obj{"nodes": []int{n0, n1}}}, nil, 1},
		{"no scene: all roots", nil, nil, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			delete(b.doc, "scenes")
			delete(b.doc, "scene")
			if tc.scenes != nil {
				b.doc["scenes"] = tc.scenes
			}
			if tc.scene != nil {
				b.doc["scene"] = tc.scene
			}
			if m := mustLoadGLB(t, b); len(m.Parts) != tc.want {
				t.Errorf("%d parts, want %d", len(m.Parts), tc.want)
			}
		})
	}
}

func TestLoadMorphTargets(t *testing.T) {
	b := newDoc()
	pos := b.floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0)
	d0 := b.floats("VEC3", 0, 0, 1, 0, 0, 1, 0, 0, 1)
	d1 := b.floats("VEC3", 1, 0, 0, 0, 0, 0, 0, 0, 0)
	mi := b.mesh(obj{"attributes": obj{"POSITION": pos}, "targets": []any{obj{"POSITION": d0}, obj{"POSITION": d1}}})
	b.doc["meshes"].([]any)[mi].(obj)["weights"] = []float64{0.5, 0}
	n0 := b.node(obj{"mesh": mi})
	n1 := b.node(obj{"mesh": mi, "weights": []float64{0, 2}})
	b.scene(n0, n1)
	m := mustLoadGLB(t, b)
	want0 := []mgl32.Vec3{{0, 0, 0.5}, {1, 0, 0.5}, {0, 1, 0.5}}
	want1 := []mgl32.Vec3{{2, 0, 0}, {1, 0, 0}, {0, 1, 0}}
	if got := m.Parts[0].Mesh.Positions; !slices.Equal(got, want0) {
		t.Errorf("mesh weights: %v, want %v", got, want0)
	}
	if got := m.Parts[1].Mesh.Positions; !slices.Equal(got, want1) {
		t.Errorf("node weights: %v, want %v", got, want1)
	}
}

func TestLoadExternalFiles(t *testing.T) {
	b := newDoc()
	prim := b.quad()
	img := b.add("images", obj{"uri": "tex/label%20front.png"})
	tex := b.add("textures", obj{"source": img})
	prim["material"] = b.add("materials", obj{"pbrMetallicRoughness": obj{"baseColorTexture": obj{"index": tex}}})
	b.scene(b.node(obj{"mesh": b.mesh(prim)}))
	bin := append([]byte(nil), b.bin...)
	b.finishBuffer("data/quad mesh.bin")
	js := []byte(mustJSON(t, b.doc))
	fsys := fstest.MapFS{
		"sku/42/model.gltf":              {Data: js},
		"sku/42/data/quad mesh.bin":      {Data: bin},
		"sku/42/tex/label front.png":     {Data: testPNG(t, 3, 2)},
		"sku/42/unrelated/ignored.bin":   {Data: []byte("x")},
		"sku/41/tex/label front.png":     {Data: []byte("wrong directory")},
		"sku/42/tex/label%20front.png":   {Data: []byte("not percent-decoded")},
		"sku/42/data/quad%20mesh.bin":    {Data: []byte("not percent-decoded")},
		"sku/42/data/quad mesh.bin.orig": {Data: []byte("x")},
	}
	m, err := LoadFS(fsys, "sku/42/model.gltf", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	tx := m.Parts[0].Material.BaseColorTexture
	if tx == nil || tx.Image.Rect.Dx() != 3 || tx.Image.Rect.Dy() != 2 {
		t.Fatalf("texture %+v, want a 3x2 image", tx)
	}
	if m.Name != "model" {
		t.Errorf("model name %q", m.Name)
	}
}

func TestErrorFormat(t *testing.T) {
	b := newDoc()
	b.floats("VEC3", 0, 0, 0)
	pos := b.accessor(-1, ctFloat, "VEC3", 4_000_000_000, nil)
	b.scene(b.node(obj{"mesh": b.mesh(obj{"attributes": obj{"POSITION": pos}})}))
	_, err := loadBytes("shelf.glb", b.glb(t), Limits{}, nil)
	want := `gltf "shelf.glb": accessor 1: count 4000000000 exceeds limit 10000000`
	if err == nil || err.Error() != want {
		t.Fatalf("error %q, want %q", err, want)
	}
	var ae *Error
	if !errors.As(err, &ae) || ae.File != "shelf.glb" || ae.Elem != "accessor 1" || !errors.Is(err, ErrLimit) || errors.Is(err, ErrInvalid) {
		t.Errorf("error %#v does not unwrap as expected", err)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// matClose reports whether a and b differ by at most tol in every element.
func matClose(a, b mgl64.Mat4, tol float64) bool {
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol {
			return false
		}
	}
	return true
}

func TestLoadRefusals(t *testing.T) {
	tests := []struct {
		name string
		doc  func() *docBuilder
		kind error
		msg  string
	}{
		{"NaN position", func() *docBuilder {
			b := newDoc()
			pos := b.accessor(b.view(le32f(0, 0, 0, 1, 0, 0, 0, float32(math.NaN()), 0), 0), ctFloat, "VEC3", 3, nil)
			b.scene(b.node(obj{"mesh": b.mesh(obj{"attributes": obj{"POSITION": pos}})}))
			return b
		}, ErrInvalid, "POSITION: vertex 2 is not finite"},
		{"overflowing transform", func() *docBuilder {
			b := newDoc()
			b.scene(b.node(obj{"mesh": b.mesh(b.quad()), "scale": []float64{1e200, 1, 1}, "children": []int{1}}), b.node(obj{"scale": []float64{1e200, 1, 1}}))
			b.doc["scenes"] = []any{obj{"nodes": []int{0}}}
			return b
		}, ErrInvalid, "node 1: transform is not finite"},
		{"zero quaternion", func() *docBuilder {
			b := newDoc()
			b.scene(b.node(obj{"mesh": b.mesh(b.quad()), "rotation": []float64{0, 0, 0, 0}}))
			return b
		}, ErrInvalid, "not a unit quaternion"},
		{"skinned mesh", func() *docBuilder {
			b := newDoc()
			quad := b.mesh(b.quad())
			b.add("skins", obj{"joints": []int{1}})
			b.scene(b.node(obj{"mesh": quad, "skin": 0}), b.node(nil))
			return b
		}, ErrUnsupported, "node 0: skinned meshes are not supported"},
		{"index out of range", func() *docBuilder {
			b := newDoc()
			prim := b.quad()
			prim["indices"] = b.indices(ctUbyte, 0, 1, 4)
			b.scene(b.node(obj{"mesh": b.mesh(prim)}))
			return b
		}, ErrInvalid, "index 4 at position 2 is out of range (4 vertices)"},
		{"glTF 1.0", func() *docBuilder {
			b := newDoc()
			b.doc["asset"] = obj{"version": "1.0"}
			return b
		}, ErrUnsupported, `version "1.0"`},
		{"uri-less buffer in .gltf", func() *docBuilder {
			b := newDoc()
			b.scene(b.node(obj{"mesh": b.mesh(b.quad())}))
			b.finishBuffer("")
			return b
		}, ErrInvalid, "buffer 0 has no data"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.doc()
			var err error
			if tc.name == "uri-less buffer in .gltf" {
				_, err = loadBytes("m.gltf", []byte(mustJSON(t, b.doc)), Limits{}, nil)
			} else {
				_, err = loadBytes("m.glb", b.glb(t), Limits{}, nil)
			}
			if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %v, want %v containing %q", err, tc.kind, tc.msg)
			}
		})
	}
}

func TestLoadEmptyScene(t *testing.T) {
	b := newDoc()
	b.mesh(b.quad())
	b.scene(b.node(nil))
	m := mustLoadGLB(t, b)
	if len(m.Parts) != 0 || !slices.Contains(m.Warnings, "the scene draws nothing") {
		t.Errorf("parts %d, warnings %q", len(m.Parts), m.Warnings)
	}
}

// TestLoadTangents checks TANGENT: read as given beside NORMAL (a w that
// is not ±1 taken by its sign, with a warning), ignored without NORMAL
// (glTF 2.0 §3.7.2.1), and a non-finite one refused.
func TestLoadTangents(t *testing.T) {
	build := func(normals bool, tangents ...float32) *docBuilder {
		b := newDoc()
		attrs := obj{"POSITION": b.floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0),
			"TANGENT": b.floats("VEC4", tangents...)}
		if normals {
			attrs["NORMAL"] = b.floats("VEC3", 0, 0, 1, 0, 0, 1, 0, 0, 1)
		}
		b.scene(b.node(obj{"mesh": b.mesh(obj{"attributes": attrs})}))
		return b
	}
	m := mustLoadGLB(t, build(true, 1, 0, 0, 1, 0, 1, 0, -1, 0.6, 0.8, 0, 0.5))
	want := []mgl32.Vec4{{1, 0, 0, 1}, {0, 1, 0, -1}, {0.6, 0.8, 0, 1}}
	if got := m.Parts[0].Mesh.Tangents; !slices.Equal(got, want) {
		t.Errorf("tangents %v, want %v", got, want)
	}
	if !slices.ContainsFunc(m.Warnings, func(w string) bool { return strings.Contains(w, "1 TANGENT w values are not ±1") }) {
		t.Errorf("warnings %q lack the w warning", m.Warnings)
	}
	if got := mustLoadGLB(t, build(false, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1)).Parts[0].Mesh.Tangents; len(got) != 0 {
		t.Errorf("tangents without normals: %v, want none", got)
	}
	inf := float32(math.Inf(1))
	_, err := loadBytes("test.glb", build(true, 1, 0, 0, 1, inf, 0, 0, 1, 1, 0, 0, 1).glb(t), Limits{}, nil)
	if err == nil || !strings.Contains(err.Error(), "TANGENT") {
		t.Errorf("infinite tangent: %v, want an error naming TANGENT", err)
	}
}
