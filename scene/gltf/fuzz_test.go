package gltf

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"testing"
	"testing/fstest"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// fuzzLimits keep each fuzz execution small and fast; the limits
// themselves are what is being exercised.
var fuzzLimits = Limits{
	MaxFileBytes:   1 << 20,
	MaxJSONBytes:   1 << 20,
	MaxJSONValues:  1 << 15,
	MaxBufferBytes: 1 << 20,
	MaxImageBytes:  1 << 18,
	MaxImageSide:   512,
	MaxImagePixels: 1 << 18,
	MaxVertices:    1 << 16,
	MaxTriangles:   1 << 16,
	MaxNodes:       1 << 10,
	MaxMeshes:      1 << 10,
	MaxPrimitives:  1 << 10,
	MaxParts:       1 << 10,
	MaxElements:    1 << 10,
}

// fuzzFS holds the fuzzed file and the files a fuzzed document may
// reference.
func fuzzFS(t testing.TB, name string, data []byte) fstest.MapFS {
	return fstest.MapFS{
		name:             {Data: data},
		"buffer.bin":     {Data: bytes.Repeat([]byte{0, 0, 128, 63}, 64)},
		"texture.png":    {Data: testPNG(t, 4, 4)},
		"sub/buffer.bin": {Data: make([]byte, 64)},
	}
}

// fuzzLoad loads name and checks the outcome: a valid model, or an
// *Error wrapping exactly one sentinel. A panic fails the fuzz test.
func fuzzLoad(t *testing.T, fsys fs.FS, name string) {
	m, err := LoadFS(fsys, name, fuzzLimits)
	if err != nil {
		checkError(t, err, name)
	} else {
		checkModel(t, m)
		if n := m.NumTriangles(); n > fuzzLimits.MaxTriangles {
			t.Errorf("%d triangles exceed the limit", n)
		}
	}
	decodeAll(fsys, name, fuzzLimits)
}

// seedFiles adds the files with extension ext under the directory named by
// env, when it is set.
func seedFiles(f *testing.F, env, ext string) {
	dir := os.Getenv(env)
	if dir == "" {
		return
	}
	_ = fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path.Ext(p) == ext {
			if data, err := fs.ReadFile(os.DirFS(dir), p); err == nil && len(data) <= 1<<20 {
				f.Add(data)
			}
		}
		return nil
	})
}

// seedDocs returns generated documents covering the decoders: a textured
// written model, strips, sparse and interleaved accessors, morph targets.
func seedDocs(f *testing.F) []*docBuilder {
	strip := newDoc()
	pos := strip.floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0)
	strip.scene(strip.node(obj{"mesh": strip.mesh(obj{"attributes": obj{"POSITION": pos}, "mode": 5, "indices": strip.indices(ctUbyte, 0, 1, 2, 3)})}))

	sparse := newDoc()
	idx := sparse.view([]byte{1, 0, 2, 0}, 0)
	vals := sparse.view(le32f(5, 5, 5, 7, 7, 7), 0)
	spos := sparse.accessor(-1, ctFloat, "VEC3", 3, obj{"sparse": obj{"count": 2, "indices": obj{"bufferView": idx, "componentType": ctUshort}, "values": obj{"bufferView": vals}}})
	morph := sparse.floats("VEC3", 0, 0, 1, 0, 0, 1, 0, 0, 1)
	mi := sparse.mesh(obj{"attributes": obj{"POSITION": spos}, "targets": []any{obj{"POSITION": morph}}})
	sparse.doc["meshes"].([]any)[mi].(obj)["weights"] = []float64{0.5}
	sparse.scene(sparse.node(obj{"mesh": mi, "rotation": []float64{0, 0, 1, 1}, "children": []int{1}}), sparse.node(obj{"mesh": mi, "matrix": []float64{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 2, 3, 1}}))
	sparse.doc["scenes"] = []any{obj{"nodes": []int{0}}}

	textured := texturedQuad(f, obj{"pbrMetallicRoughness": obj{"baseColorTexture": obj{"index": 0, "extensions": obj{"KHR_texture_transform": obj{"rotation": 1}}}}, "extensions": obj{"KHR_materials_unlit": obj{}}}, obj{"wrapS": 33071})
	external := newDoc()
	external.add("buffers", obj{"uri": "buffer.bin", "byteLength": 256})
	ev := external.add("bufferViews", obj{"buffer": 0, "byteLength": 36})
	ea := external.accessor(ev, ctFloat, "VEC3", 3, nil)
	euv := external.accessor(external.add("bufferViews", obj{"buffer": 0, "byteOffset": 36, "byteLength": 24}), ctFloat, "VEC2", 3, nil)
	eimg := external.add("images", obj{"uri": "texture.png"})
	external.add("textures", obj{"source": eimg})
	external.scene(external.node(obj{"mesh": external.mesh(obj{"attributes": obj{"POSITION": ea, "TEXCOORD_0": euv}, "material": external.add("materials", obj{"emissiveTexture": obj{"index": 0}, "emissiveFactor": []float64{1, 1, 1}})})}))
	return []*docBuilder{strip, sparse, textured, external}
}

func FuzzLoadGLB(f *testing.F) {
	var written bytes.Buffer
	m := &scene.Model{Name: "sku", Parts: []scene.Part{{Name: "box", Mesh: scene.Box(1, 2, 3), Transform: mgl64.Translate3D(1, 0, 0), Material: &scene.Material{
		Name: "print", BaseColor: scene.Color{R: 1, G: 0.5, B: 0.25, A: 1}, BaseColorTexture: &scene.Texture{Name: "t", Image: checkerNRGBA(3, 2, false)}}}}}
	if err := WriteGLB(&written, m); err != nil {
		f.Fatal(err)
	}
	f.Add(written.Bytes())
	for _, b := range seedDocs(f) {
		f.Add(b.glb(f))
	}
	seedFiles(f, "SYNTHKIT_GLTF_SAMPLES", ".glb")
	seedFiles(f, "SYNTHKIT_GLTF_CORPUS", ".glb")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzLoad(t, fuzzFS(t, "m.glb", data), "m.glb")
	})
}

func FuzzLoadGLTF(f *testing.F) {
	for _, b := range seedDocs(f) {
		f.Add(b.gltfJSON(f))
	}
	seedFiles(f, "SYNTHKIT_GLTF_SAMPLES", ".gltf")
	seedFiles(f, "SYNTHKIT_GLTF_CORPUS", ".gltf")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzLoad(t, fuzzFS(t, "m.gltf", data), "m.gltf")
	})
}
