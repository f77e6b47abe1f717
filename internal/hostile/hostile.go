// Package hostile builds the hostile assets of the reliability tests
// (issue 17): small files that are valid, within every size limit, and
// expensive to decode. It is for tests only.
package hostile

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// ZeroPNG16 returns an all-zero 16-bit RGBA PNG of side² pixels: a few
// hundred kilobytes that decode to 12·side² bytes (the 16-bit image plus
// its 8-bit copy).
func ZeroPNG16(side int) []byte {
	chunk := func(out *bytes.Buffer, typ string, data []byte) {
		binary.Write(out, binary.BigEndian, uint32(len(data)))
		out.WriteString(typ)
		out.Write(data)
		binary.Write(out, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	var idat bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&idat, zlib.BestCompression)
	row := make([]byte, 1+8*side) // filter byte 0, then zeros
	for range side {
		zw.Write(row)
	}
	zw.Close()
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, uint32(side)), uint32(side))
	chunk(&out, "IHDR", append(ihdr, 16, 6, 0, 0, 0))
	chunk(&out, "IDAT", idat.Bytes())
	chunk(&out, "IEND", nil)
	return out.Bytes()
}

// TexturedBoxGLB returns a GLB of two quads (a 10×20×5 cm slab, front and
// back) whose base colour texture is png.
func TexturedBoxGLB(png []byte) []byte {
	f32 := func(v ...float32) []byte {
		b := make([]byte, 0, 4*len(v))
		for _, x := range v {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
		}
		return b
	}
	pos := f32(-0.05, 0, 0.05, 0.05, 0, 0.05, 0.05, 0.2, 0.05, -0.05, 0.2, 0.05, 0.05, 0, 0, -0.05, 0, 0, -0.05, 0.2, 0, 0.05, 0.2, 0)
	nrm := f32(0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, -1)
	uv := f32(0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0)
	var idx []byte
	for _, i := range []uint16{0, 1, 2, 0, 2, 3, 4, 5, 6, 4, 6, 7} {
		idx = binary.LittleEndian.AppendUint16(idx, i)
	}
	var bin []byte
	var views []map[string]int
	for _, b := range [][]byte{pos, nrm, uv, idx, png} {
		views = append(views, map[string]int{"buffer": 0, "byteOffset": len(bin), "byteLength": len(b)})
		bin = append(bin, b...)
		for len(bin)%4 != 0 {
			bin = append(bin, 0)
		}
	}
	doc := map[string]any{
		"asset": map[string]any{"version": "2.0"}, "scene": 0,
		"scenes": []any{map[string]any{"nodes": []int{0}}}, "nodes": []any{map[string]any{"mesh": 0}},
		"meshes": []any{map[string]any{"primitives": []any{map[string]any{
			"attributes": map[string]int{"POSITION": 0, "NORMAL": 1, "TEXCOORD_0": 2}, "indices": 3, "material": 0}}}},
		"materials": []any{map[string]any{"pbrMetallicRoughness": map[string]any{"baseColorTexture": map[string]int{"index": 0}}}},
		"textures":  []any{map[string]int{"source": 0}},
		"images":    []any{map[string]any{"bufferView": 4, "mimeType": "image/png"}},
		"accessors": []any{
			map[string]any{"bufferView": 0, "componentType": 5126, "count": 8, "type": "VEC3", "min": []float64{-0.05, 0, 0}, "max": []float64{0.05, 0.2, 0.05}},
			map[string]any{"bufferView": 1, "componentType": 5126, "count": 8, "type": "VEC3"},
			map[string]any{"bufferView": 2, "componentType": 5126, "count": 8, "type": "VEC2"},
			map[string]any{"bufferView": 3, "componentType": 5123, "count": 12, "type": "SCALAR"},
		},
		"bufferViews": views, "buffers": []any{map[string]int{"byteLength": len(bin)}},
	}
	js, err := json.Marshal(doc)
	if err != nil {
		panic(err) // maps of ints and strings always marshal
	}
	for len(js)%4 != 0 {
		js = append(js, ' ')
	}
	var out bytes.Buffer
	le := func(v uint32) { binary.Write(&out, binary.LittleEndian, v) }
	le(0x46546C67)
	le(2)
	le(uint32(12 + 8 + len(js) + 8 + len(bin)))
	le(uint32(len(js)))
	le(0x4E4F534A)
	out.Write(js)
	le(uint32(len(bin)))
	le(0x004E4942)
	out.Write(bin)
	return out.Bytes()
}

// Catalogue writes n GLBs, each a TexturedBoxGLB with an all-zero 16-bit
// side² texture, and their catalogue.json (package product's format) into
// dir.
func Catalogue(dir string, n, side int) error {
	glb := TexturedBoxGLB(ZeroPNG16(side))
	var skus []string
	for i := range n {
		id := fmt.Sprintf("hostile-%02d", i)
		if err := os.WriteFile(filepath.Join(dir, id+".glb"), glb, 0o644); err != nil {
			return err
		}
		skus = append(skus, fmt.Sprintf(`{"id": %q, "kind": "box", "brand": "Hostile", "category": "trap", "dims_m": [0.1, 0.2, 0.05], "file": %q}`, id, id+".glb"))
	}
	cat := `{"version": 1, "seed": 1, "skus": [` + strings.Join(skus, ",") + "]}"
	return os.WriteFile(filepath.Join(dir, "catalogue.json"), []byte(cat), 0o644)
}
