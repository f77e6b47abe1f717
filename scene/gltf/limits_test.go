package gltf

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
)

// pngHeader returns a PNG that declares w×h RGBA pixels but holds no image
// data: a few dozen bytes whose decoding would need w·h·4 bytes.
func pngHeader(w, h uint32) []byte {
	out := []byte("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
		body := append([]byte(typ), data...)
		out = append(out, body...)
		out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(body))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8-bit RGBA, no interlace
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return out
}

// chain returns a document whose nodes 0..n-1 form a parent→child chain
// with the quad on the last node.
func chain(n int) *docBuilder {
	b := newDoc()
	quad := b.mesh(b.quad())
	for i := 0; i < n; i++ {
		f := obj{}
		if i+1 < n {
			f["children"] = []int{i + 1}
		} else {
			f["mesh"] = quad
		}
		b.node(f)
	}
	b.scene(0)
	return b
}

func TestLoadLimits(t *testing.T) {
	tests := []struct {
		name string
		doc  func(t *testing.T) *docBuilder
		lim  Limits
		kind error
		msg  string
	}{
		{"huge accessor count", func(t *testing.T) *docBuilder {
			b := newDoc()
			pos := b.accessor(-1, ctFloat, "VEC3", 4_000_000_000, nil)
			b.scene(b.node(obj{"mesh": b.mesh(obj{"attributes": obj{"POSITION": pos}})}))
			return b
		}, Limits{}, ErrLimit, "accessor 0: count 4000000000 exceeds limit 10000000"},
		{"huge index count", func(t *testing.T) *docBuilder {
			b := newDoc()
			prim := b.quad()
			prim["indices"] = b.accessor(-1, ctUint, "SCALAR", 1<<40, nil)
			b.scene(b.node(obj{"mesh": b.mesh(prim)}))
			return b
		}, Limits{}, ErrLimit, "count 1099511627776 exceeds limit 30000002"},
		{"accessor beyond its buffer view", func(t *testing.T) *docBuilder {
			b := newDoc()
			pos := b.accessor(b.view(make([]byte, 36), 0), ctFloat, "VEC3", 1_000_000, nil)
			b.scene(b.node(obj{"mesh": b.mesh(obj{"attributes": obj{"POSITION": pos}})}))
			return b
		}, Limits{}, ErrInvalid, "1000000 elements of 12 bytes (stride 12) from byteOffset 0 do not fit bufferView 0 (byteLength 36)"},
		{"too many vertices", func(t *testing.T) *docBuilder {
			b := newDoc()
			b.scene(b.node(obj{"mesh": b.mesh(b.quad())}), b.node(obj{"mesh": b.mesh(b.quad())}))
			return b
		}, Limits{MaxVertices: 6}, ErrLimit, "vertex count of the model 8 exceeds limit 6"},
		{"too many triangles through instancing", func(t *testing.T) *docBuilder {
			b := newDoc()
			quad := b.mesh(b.quad())
			b.scene(b.node(obj{"mesh": quad}), b.node(obj{"mesh": quad}), b.node(obj{"mesh": quad}))
			return b
		}, Limits{MaxTriangles: 5}, ErrLimit, "node 2: triangle count of the model 6 exceeds limit 5"},
		{"deep node chain", func(t *testing.T) *docBuilder { return chain(100) }, Limits{}, ErrLimit, "depth 65 exceeds limit 64"},
		{"too many nodes", func(t *testing.T) *docBuilder { return chain(20) }, Limits{MaxNodes: 10}, ErrLimit, "nodes: count 20 exceeds limit 10"},
		{"too many parts", func(t *testing.T) *docBuilder {
			b := newDoc()
			b.scene(b.node(obj{"mesh": b.mesh(b.quad(), b.quad(), b.quad())}))
			return b
		}, Limits{MaxParts: 2}, ErrLimit, "part count 3 exceeds limit 2"},
		{"huge image header", func(t *testing.T) *docBuilder {
			return imageQuad(t, pngHeader(50_000, 50_000))
		}, Limits{}, ErrLimit, "size 50000x50000 exceeds limit 16384 per side"},
		{"image pixels", func(t *testing.T) *docBuilder {
			return imageQuad(t, pngHeader(16_000, 16_000))
		}, Limits{}, ErrLimit, "decoded pixels of the model 256000000 exceeds limit 67108864"},
		{"image bytes", func(t *testing.T) *docBuilder { return imageQuad(t, testPNG(t, 4, 3)) },
			Limits{MaxImageBytes: 10}, ErrLimit, "encoded size"},
		{"buffer bytes", func(t *testing.T) *docBuilder { return chain(1) }, Limits{MaxBufferBytes: 16}, ErrLimit, "total buffer byteLength"},
		{"file bytes", func(t *testing.T) *docBuilder { return chain(1) }, Limits{MaxFileBytes: 100}, ErrLimit, "file size"},
		{"JSON bytes", func(t *testing.T) *docBuilder { return chain(1) }, Limits{MaxJSONBytes: 100}, ErrLimit, "JSON: size"},
		{"JSON values", func(t *testing.T) *docBuilder { return chain(1) }, Limits{MaxJSONValues: 20}, ErrLimit, "JSON: more than 20 values"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadBytes("limits.glb", tc.doc(t).glb(t), tc.lim, nil)
			if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %v, want %v containing %q", err, tc.kind, tc.msg)
			}
		})
	}
}

// imageQuad returns a quad whose base colour texture is the PNG data.
func imageQuad(t *testing.T, data []byte) *docBuilder {
	b := newDoc()
	prim := b.quad()
	img := b.add("images", obj{"bufferView": b.view(data, 0), "mimeType": "image/png"})
	b.add("textures", obj{"source": img})
	prim["material"] = b.add("materials", obj{"pbrMetallicRoughness": obj{"baseColorTexture": obj{"index": 0}}})
	b.scene(b.node(obj{"mesh": b.mesh(prim)}))
	return b
}

func TestLoadHugeImageHeaderIsCheap(t *testing.T) {
	// A 50,000 × 50,000 PNG of a few dozen bytes, in an external file:
	// refused from its header, without allocating its 10 GB of pixels.
	b := newDoc()
	prim := b.quad()
	img := b.add("images", obj{"uri": "huge.png"})
	b.add("textures", obj{"source": img})
	prim["material"] = b.add("materials", obj{"pbrMetallicRoughness": obj{"baseColorTexture": obj{"index": 0}}})
	b.scene(b.node(obj{"mesh": b.mesh(prim)}))
	data := b.glb(t)
	huge := pngHeader(50_000, 50_000)
	if len(huge) > 100 {
		t.Fatalf("header is %d bytes", len(huge))
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := loadBytes("huge.glb", data, Limits{MaxImageSide: 1 << 20, MaxImagePixels: 1 << 20}, fstest.MapFS{"huge.png": {Data: huge}})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "decoded pixels of the model 2500000000 exceeds limit 1048576") {
		t.Fatalf("error %v, want the pixel limit", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 8<<20 {
		t.Errorf("refusing the image allocated %d bytes", n)
	}
}

func TestLoadNodeGraphErrors(t *testing.T) {
	tests := []struct {
		name     string
		children [][]int // children of each node
		roots    []int
		msg      string
	}{
		{"self loop", [][]int{{0}}, nil, "node 0: cycle: node 0 is its own child"},
		{"cycle", [][]int{{1}, {2}, {0}}, nil, "cycle: node 0 is its own ancestor"},
		{"cycle below a root", [][]int{{1}, {2}, {1}}, []int{0}, "has two parents"},
		{"two parents", [][]int{{2}, {2}, nil}, []int{0, 1}, "node 2: has two parents, nodes 0 and 1"},
		{"scene lists a child", [][]int{{1}, nil}, []int{1}, "scene 0: node 1 is not a root"},
		{"dangling child", [][]int{{5}}, []int{0}, "node 0: children: node 5 does not exist"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := newDoc()
			quad := b.mesh(b.quad())
			for _, c := range tc.children {
				f := obj{"mesh": quad}
				if c != nil {
					f["children"] = c
				}
				b.node(f)
			}
			if tc.roots != nil {
				b.scene(tc.roots...)
			}
			_, err := loadBytes("graph.glb", b.glb(t), Limits{}, nil)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %v, want one containing %q", err, tc.msg)
			}
		})
	}
}

func TestLoadDepthLimitBoundary(t *testing.T) {
	if _, err := loadBytes("deep.glb", chain(64).glb(t), Limits{}, nil); err != nil {
		t.Errorf("a chain of 64 nodes: %v", err)
	}
	if _, err := loadBytes("deep.glb", chain(65).glb(t), Limits{}, nil); !errors.Is(err, ErrLimit) {
		t.Errorf("a chain of 65 nodes: %v, want ErrLimit", err)
	}
}

func TestCountJSONValues(t *testing.T) {
	tests := []struct {
		json string
		want int
	}{
		{`{}`, 1},
		{`[]`, 1},
		{`{"a":1,"b":[true,false,null],"c":{"d":"e,f:[{"}}`, 8},
		{`{"k\"ey":"v\\"}`, 2},
		{`[-1.5e3, 2, "x", {"y": []}]`, 6},
	}
	for _, tc := range tests {
		if got := countJSONValues([]byte(tc.json), 100); got != tc.want {
			t.Errorf("countJSONValues(%s) = %d, want %d", tc.json, got, tc.want)
		}
	}
}
