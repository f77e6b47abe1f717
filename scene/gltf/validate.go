package gltf

import (
	"fmt"
	"slices"
	"strings"

	qgltf "github.com/qmuntal/gltf"
)

// implementsExtension reports whether this loader implements the glTF
// extension; any other extension listed in extensionsRequired makes the
// asset unsupported.
func implementsExtension(name string) bool {
	switch name {
	case extUnlit, extTextureTransform, extEmissiveStrength, "KHR_mesh_quantization":
		return true
	}
	return false
}

// maxTexCoordSet bounds the TEXCOORD_n set a texture may name.
const maxTexCoordSet = 31

// validate checks the structure of the whole document before any data is
// read: every reference resolves, every accessor fits its buffer view and
// every buffer view its buffer, formats and alignments follow the
// specification, the node hierarchy is a forest of bounded depth. All of it
// is linear in the size of the document, and it is done for every element,
// used or not, so that a corrupt file is refused even when the corrupt part
// would not be drawn.
func (l *loader) validate() error {
	doc := l.doc
	if !strings.HasPrefix(doc.Asset.Version, "2.") {
		return assetErr(ErrUnsupported, "asset", "version %q, want 2.x", doc.Asset.Version)
	}
	if v := doc.Asset.MinVersion; v != "" && v != "2.0" {
		return assetErr(ErrUnsupported, "asset", "minVersion %q, want 2.0", v)
	}
	for _, e := range doc.ExtensionsRequired {
		if !implementsExtension(e) {
			return assetErr(ErrUnsupported, "extensionsRequired", "extension %s is not supported", e)
		}
	}
	l.quantized = slices.Contains(doc.ExtensionsUsed, "KHR_mesh_quantization")
	if err := l.checkCounts(); err != nil {
		return err
	}
	for _, step := range []func() error{
		l.validateBuffers, l.validateBufferViews, l.validateAccessors,
		l.validateImages, l.validateTextures, l.validateMaterials,
		l.validateMeshes, l.validateNodes, l.validateScenes,
		l.validateSkins, l.validateAnimations,
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) checkCounts() error {
	doc, lim := l.doc, l.lim
	check := func(what string, n, max int) error {
		if n > max {
			return limitErr(what, "count", int64(n), int64(max))
		}
		return nil
	}
	prims := 0
	for _, m := range doc.Meshes {
		if m != nil {
			prims += len(m.Primitives)
		}
	}
	for _, c := range []struct {
		what   string
		n, max int
	}{
		{"nodes", len(doc.Nodes), lim.MaxNodes},
		{"meshes", len(doc.Meshes), lim.MaxMeshes},
		{"primitives", prims, lim.MaxPrimitives},
		{"accessors", len(doc.Accessors), lim.MaxElements},
		{"bufferViews", len(doc.BufferViews), lim.MaxElements},
		{"buffers", len(doc.Buffers), lim.MaxElements},
		{"materials", len(doc.Materials), lim.MaxElements},
		{"textures", len(doc.Textures), lim.MaxElements},
		{"images", len(doc.Images), lim.MaxElements},
		{"samplers", len(doc.Samplers), lim.MaxElements},
		{"skins", len(doc.Skins), lim.MaxElements},
		{"animations", len(doc.Animations), lim.MaxElements},
		{"cameras", len(doc.Cameras), lim.MaxElements},
		{"scenes", len(doc.Scenes), lim.MaxElements},
	} {
		if err := check(c.what, c.n, c.max); err != nil {
			return err
		}
	}
	return nil
}

// refErr reports a dangling reference.
func refErr(elem, field string, idx, n int, what string) error {
	if field == what {
		return assetErr(ErrInvalid, elem, "%s %d does not exist (the document has %d)", what, idx, n)
	}
	return assetErr(ErrInvalid, elem, "%s: %s %d does not exist (the document has %d)", field, what, idx, n)
}

// checkRef returns an error unless 0 <= idx < n.
func checkRef(elem, field string, idx, n int, what string) error {
	if idx < 0 || idx >= n {
		return refErr(elem, field, idx, n, what)
	}
	return nil
}

// checkOptRef is checkRef for an optional (pointer) reference.
func checkOptRef(elem, field string, idx *int, n int, what string) error {
	if idx == nil {
		return nil
	}
	return checkRef(elem, field, *idx, n, what)
}

func notObject(elem string) error {
	return assetErr(ErrInvalid, elem, "not an object")
}

func (l *loader) validateBuffers() error {
	var total int64
	for i, b := range l.doc.Buffers {
		elem := fmt.Sprintf("buffer %d", i)
		if b == nil {
			return notObject(elem)
		}
		if b.ByteLength < 1 {
			return assetErr(ErrInvalid, elem, "byteLength %d, want at least 1", b.ByteLength)
		}
		if int64(b.ByteLength) > l.lim.MaxBufferBytes-total {
			return limitErr(elem, "total buffer byteLength", total+int64(b.ByteLength), l.lim.MaxBufferBytes)
		}
		total += int64(b.ByteLength)
		if b.URI != "" {
			if _, err := parseURI(b.URI); err != nil {
				return inElem(elem, err)
			}
		}
	}
	return nil
}

func (l *loader) validateBufferViews() error {
	doc := l.doc
	for i, bv := range doc.BufferViews {
		elem := fmt.Sprintf("bufferView %d", i)
		if bv == nil {
			return notObject(elem)
		}
		if err := checkRef(elem, "buffer", bv.Buffer, len(doc.Buffers), "buffer"); err != nil {
			return err
		}
		bl := doc.Buffers[bv.Buffer].ByteLength
		switch {
		case bv.ByteOffset < 0:
			return assetErr(ErrInvalid, elem, "negative byteOffset %d", bv.ByteOffset)
		case bv.ByteLength < 1:
			return assetErr(ErrInvalid, elem, "byteLength %d, want at least 1", bv.ByteLength)
		case bv.ByteOffset > bl || bv.ByteLength > bl-bv.ByteOffset:
			return assetErr(ErrInvalid, elem, "bytes [%d, %d+%d) do not fit buffer %d (byteLength %d)", bv.ByteOffset, bv.ByteOffset, bv.ByteLength, bv.Buffer, bl)
		case bv.ByteStride != 0 && (bv.ByteStride < 4 || bv.ByteStride > 252 || bv.ByteStride%4 != 0):
			return assetErr(ErrInvalid, elem, "byteStride %d, want a multiple of 4 in [4, 252]", bv.ByteStride)
		case bv.ByteStride > bv.ByteLength:
			return assetErr(ErrInvalid, elem, "byteStride %d exceeds byteLength %d", bv.ByteStride, bv.ByteLength)
		case bv.Target != qgltf.TargetNone && bv.Target != qgltf.TargetArrayBuffer && bv.Target != qgltf.TargetElementArrayBuffer:
			return assetErr(ErrInvalid, elem, "unknown target %d", bv.Target)
		case bv.ByteStride != 0 && bv.Target == qgltf.TargetElementArrayBuffer:
			return assetErr(ErrInvalid, elem, "byteStride on an index buffer view")
		}
	}
	return nil
}

// componentSize returns the size in bytes of one component, 0 if unknown.
func componentSize(c qgltf.ComponentType) int {
	switch c {
	case qgltf.ComponentByte, qgltf.ComponentUbyte:
		return 1
	case qgltf.ComponentShort, qgltf.ComponentUshort:
		return 2
	case qgltf.ComponentUint, qgltf.ComponentFloat:
		return 4
	}
	return 0
}

// maxAccessorCount bounds the count of any accessor: a vertex attribute
// holds at most MaxVertices elements, an index list at most three per
// triangle (plus two for strips and fans).
func (l *loader) maxAccessorCount() int {
	return max(l.lim.MaxVertices, 3*l.lim.MaxTriangles+2)
}

func (l *loader) validateAccessors() error {
	doc := l.doc
	// Vertex attributes hold at most MaxVertices elements, index lists
	// three per triangle; other accessors (animation, skins) either.
	maxCount := make([]int, len(doc.Accessors))
	for i := range maxCount {
		maxCount[i] = l.maxAccessorCount()
	}
	setMax := func(ai, n int) {
		if ai >= 0 && ai < len(maxCount) {
			maxCount[ai] = min(maxCount[ai], n)
		}
	}
	for _, m := range doc.Meshes {
		if m == nil {
			continue
		}
		for _, p := range m.Primitives {
			if p == nil {
				continue
			}
			for _, ai := range p.Attributes {
				setMax(ai, l.lim.MaxVertices)
			}
			for _, t := range p.Targets {
				for _, ai := range t {
					setMax(ai, l.lim.MaxVertices)
				}
			}
			if p.Indices != nil {
				setMax(*p.Indices, 3*l.lim.MaxTriangles+2)
			}
		}
	}
	for i, a := range doc.Accessors {
		elem := fmt.Sprintf("accessor %d", i)
		if a == nil {
			return notObject(elem)
		}
		if err := l.validateAccessor(elem, a, maxCount[i]); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) validateAccessor(elem string, a *qgltf.Accessor, maxCount int) error {
	doc := l.doc
	cs := componentSize(a.ComponentType)
	elemSize := qgltf.SizeOfElement(a.ComponentType, a.Type)
	if cs == 0 || elemSize == 0 {
		return assetErr(ErrInvalid, elem, "unknown component type or type")
	}
	if a.Count < 1 {
		return assetErr(ErrInvalid, elem, "count %d, want at least 1", a.Count)
	}
	if a.Count > maxCount {
		return limitErr(elem, "count", int64(a.Count), int64(maxCount))
	}
	if a.Normalized && (a.ComponentType == qgltf.ComponentFloat || a.ComponentType == qgltf.ComponentUint) {
		return assetErr(ErrInvalid, elem, "only byte and short accessors can be normalized")
	}
	if a.ByteOffset < 0 {
		return assetErr(ErrInvalid, elem, "negative byteOffset %d", a.ByteOffset)
	}
	if a.BufferView == nil {
		if a.ByteOffset != 0 {
			return assetErr(ErrInvalid, elem, "byteOffset without bufferView")
		}
		if a.Count > l.lim.MaxDatalessCount {
			return limitErr(elem, "count without a bufferView (zero-filled)", int64(a.Count), int64(l.lim.MaxDatalessCount))
		}
	} else {
		if err := checkRef(elem, "bufferView", *a.BufferView, len(doc.BufferViews), "bufferView"); err != nil {
			return err
		}
		bv := doc.BufferViews[*a.BufferView]
		isMatrix := a.Type == qgltf.AccessorMat2 || a.Type == qgltf.AccessorMat3 || a.Type == qgltf.AccessorMat4
		if a.ByteOffset%cs != 0 || (bv.ByteOffset+a.ByteOffset)%cs != 0 || (isMatrix && a.ByteOffset%4 != 0) {
			return assetErr(ErrInvalid, elem, "byteOffset %d (total %d) is not aligned to the component size", a.ByteOffset, bv.ByteOffset+a.ByteOffset)
		}
		stride := bv.ByteStride
		if stride != 0 && stride < elemSize {
			return assetErr(ErrInvalid, elem, "bufferView %d byteStride %d is less than the element size %d", *a.BufferView, stride, elemSize)
		}
		if stride == 0 {
			stride = elemSize
		}
		if !fits(a.ByteOffset, a.Count, elemSize, stride, bv.ByteLength) {
			return assetErr(ErrInvalid, elem, "%d elements of %d bytes (stride %d) from byteOffset %d do not fit bufferView %d (byteLength %d)",
				a.Count, elemSize, stride, a.ByteOffset, *a.BufferView, bv.ByteLength)
		}
	}
	if s := a.Sparse; s != nil {
		if s.Count < 1 || s.Count > a.Count {
			return assetErr(ErrInvalid, elem, "sparse count %d, want 1..%d", s.Count, a.Count)
		}
		ic := s.Indices.ComponentType
		if ic != qgltf.ComponentUbyte && ic != qgltf.ComponentUshort && ic != qgltf.ComponentUint {
			return assetErr(ErrInvalid, elem, "sparse indices must be unsigned byte, short or int")
		}
		for _, part := range []struct {
			name            string
			bv, offset      int
			size, alignment int
		}{
			{"sparse indices", s.Indices.BufferView, s.Indices.ByteOffset, componentSize(ic), componentSize(ic)},
			{"sparse values", s.Values.BufferView, s.Values.ByteOffset, elemSize, cs},
		} {
			if err := checkRef(elem, part.name, part.bv, len(doc.BufferViews), "bufferView"); err != nil {
				return err
			}
			bv := doc.BufferViews[part.bv]
			if bv.ByteStride != 0 {
				return assetErr(ErrInvalid, elem, "%s: bufferView %d has a byteStride", part.name, part.bv)
			}
			if part.offset < 0 || (bv.ByteOffset+part.offset)%part.alignment != 0 {
				return assetErr(ErrInvalid, elem, "%s: bad byteOffset %d", part.name, part.offset)
			}
			if !fits(part.offset, s.Count, part.size, part.size, bv.ByteLength) {
				return assetErr(ErrInvalid, elem, "%s: %d elements of %d bytes from byteOffset %d do not fit bufferView %d (byteLength %d)",
					part.name, s.Count, part.size, part.offset, part.bv, bv.ByteLength)
			}
		}
	}
	return nil
}

// fits reports whether count elements of size bytes, stride apart, starting
// at offset, fit in length bytes, without overflowing.
func fits(offset, count, size, stride, length int) bool {
	if offset < 0 || count < 1 || size < 1 || stride < size || offset > length || size > length-offset {
		return false
	}
	return count-1 <= (length-offset-size)/stride
}
