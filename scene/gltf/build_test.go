package gltf

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"
	"testing/fstest"

	"github.com/synthkit/synthkit/scene"
)

// Component types and targets of the glTF JSON encoding, for hand-built
// test documents.
const (
	ctByte   = 5120
	ctUbyte  = 5121
	ctShort  = 5122
	ctUshort = 5123
	ctUint   = 5125
	ctFloat  = 5126
)

// docBuilder assembles glTF documents by hand, independently of the code
// under test, so that tests can express valid and broken files alike.
type docBuilder struct {
	doc     map[string]any
	bin     []byte
	buffer0 obj // buffer 0 once declared
}

type obj = map[string]any

func newDoc() *docBuilder {
	return &docBuilder{doc: obj{"asset": obj{"version": "2.0"}}}
}

// add appends v to the top-level array key and returns its index.
func (b *docBuilder) add(key string, v any) int {
	arr, _ := b.doc[key].([]any)
	b.doc[key] = append(arr, v)
	return len(arr)
}

// view appends data to the binary buffer (4-byte aligned) and adds a
// buffer view over it.
func (b *docBuilder) view(data []byte, stride int) int {
	for len(b.bin)%4 != 0 {
		b.bin = append(b.bin, 0)
	}
	v := obj{"buffer": 0, "byteOffset": len(b.bin), "byteLength": len(data)}
	if stride != 0 {
		v["byteStride"] = stride
	}
	b.bin = append(b.bin, data...)
	return b.add("bufferViews", v)
}

// accessor adds an accessor; extra fields override the defaults.
func (b *docBuilder) accessor(view int, ct int, typ string, count int, extra obj) int {
	a := obj{"componentType": ct, "type": typ, "count": count}
	if view >= 0 {
		a["bufferView"] = view
	}
	for k, v := range extra {
		a[k] = v
	}
	return b.add("accessors", a)
}

// floats adds a tightly packed float accessor of the given type.
func (b *docBuilder) floats(typ string, vals ...float32) int {
	comps := map[string]int{"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4}[typ]
	data := make([]byte, 4*len(vals))
	for i, v := range vals {
		binary.LittleEndian.PutUint32(data[4*i:], math.Float32bits(v))
	}
	extra := obj{}
	if typ == "VEC3" {
		lo, hi := []float32{vals[0], vals[1], vals[2]}, []float32{vals[0], vals[1], vals[2]}
		for i := 0; i < len(vals); i += 3 {
			for k := 0; k < 3; k++ {
				lo[k], hi[k] = min(lo[k], vals[i+k]), max(hi[k], vals[i+k])
			}
		}
		extra["min"], extra["max"] = lo, hi
	}
	return b.accessor(b.view(data, 0), ctFloat, typ, len(vals)/comps, extra)
}

// indices adds a SCALAR index accessor of component type ct.
func (b *docBuilder) indices(ct int, vals ...uint32) int {
	size := map[int]int{ctUbyte: 1, ctUshort: 2, ctUint: 4}[ct]
	data := make([]byte, size*len(vals))
	for i, v := range vals {
		switch size {
		case 1:
			data[i] = byte(v)
		case 2:
			binary.LittleEndian.PutUint16(data[2*i:], uint16(v))
		default:
			binary.LittleEndian.PutUint32(data[4*i:], v)
		}
	}
	return b.accessor(b.view(data, 0), ct, "SCALAR", len(vals), nil)
}

// mesh adds a mesh with the given primitives and returns its index.
func (b *docBuilder) mesh(prims ...obj) int {
	ps := make([]any, len(prims))
	for i, p := range prims {
		ps[i] = p
	}
	return b.add("meshes", obj{"primitives": ps})
}

// node adds a node; fields may be nil.
func (b *docBuilder) node(fields obj) int {
	if fields == nil {
		fields = obj{}
	}
	return b.add("nodes", fields)
}

// scene adds a scene with the given root nodes and makes it the default.
func (b *docBuilder) scene(roots ...int) {
	b.doc["scenes"] = []any{obj{"nodes": roots}}
	b.doc["scene"] = 0
}

// quad returns the primitive of a unit square in the xy plane facing +z,
// drawn as two indexed triangles, with UVs.
func (b *docBuilder) quad() obj {
	pos := b.floats("VEC3", 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0)
	uv := b.floats("VEC2", 0, 1, 1, 1, 1, 0, 0, 0)
	idx := b.indices(ctUshort, 0, 1, 2, 0, 2, 3)
	return obj{"attributes": obj{"POSITION": pos, "TEXCOORD_0": uv}, "indices": idx}
}

// finishBuffer declares the binary buffer (if any) as buffer 0 with the
// given uri ("" for the GLB BIN chunk), before buffers the test added.
func (b *docBuilder) finishBuffer(uri string) {
	if len(b.bin) == 0 {
		return
	}
	if b.buffer0 == nil {
		b.buffer0 = obj{"byteLength": len(b.bin)}
		extra, _ := b.doc["buffers"].([]any)
		b.doc["buffers"] = append([]any{b.buffer0}, extra...)
	}
	delete(b.buffer0, "uri")
	if uri != "" {
		b.buffer0["uri"] = uri
	}
}

// gltfJSON returns the document as .gltf JSON, its buffer embedded as a
// base64 data URI.
func (b *docBuilder) gltfJSON(t testing.TB) []byte {
	b.finishBuffer("data:application/octet-stream;base64," + base64.StdEncoding.EncodeToString(b.bin))
	data, err := json.Marshal(b.doc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// glb returns the document as a GLB file with a BIN chunk.
func (b *docBuilder) glb(t testing.TB) []byte {
	b.finishBuffer("")
	js, err := json.Marshal(b.doc)
	if err != nil {
		t.Fatal(err)
	}
	return makeGLB(js, b.bin)
}

// makeGLB wraps a JSON chunk and an optional BIN chunk in a GLB container.
func makeGLB(js, bin []byte) []byte {
	for len(js)%4 != 0 {
		js = append(js, ' ')
	}
	bin = append([]byte(nil), bin...)
	for len(bin)%4 != 0 {
		bin = append(bin, 0)
	}
	var out bytes.Buffer
	total := 12 + 8 + len(js)
	if len(bin) > 0 {
		total += 8 + len(bin)
	}
	le := binary.LittleEndian
	out.Write(le.AppendUint32(nil, glbMagic))
	out.Write(le.AppendUint32(nil, 2))
	out.Write(le.AppendUint32(nil, uint32(total)))
	out.Write(le.AppendUint32(nil, uint32(len(js))))
	out.Write(le.AppendUint32(nil, glbChunkJSON))
	out.Write(js)
	if len(bin) > 0 {
		out.Write(le.AppendUint32(nil, uint32(len(bin))))
		out.Write(le.AppendUint32(nil, glbChunkBIN))
		out.Write(bin)
	}
	return out.Bytes()
}

// loadBytes loads data as name from an in-memory file system with extra
// files.
func loadBytes(name string, data []byte, lim Limits, extra fstest.MapFS) (*scene.Model, error) {
	fsys := fstest.MapFS{name: {Data: data}}
	for k, v := range extra {
		fsys[k] = v
	}
	return LoadFS(fsys, name, lim)
}

// mustLoadGLB loads b as a GLB and fails the test on error.
func mustLoadGLB(t *testing.T, b *docBuilder) *scene.Model {
	t.Helper()
	m, err := loadBytes("test.glb", b.glb(t), Limits{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// testPNG encodes a w×h image whose pixel (x, y) is (x*40, y*40, 100, 255).
func testPNG(t testing.TB, w, h int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x * 40), uint8(y * 40), 100, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
