package gltf

import (
	"encoding/binary"
	"fmt"
	"math"

	qgltf "github.com/qmuntal/gltf"
)

// Accessor decoding. Validation has checked that every accessor fits its
// buffer view and every view its buffer; the decoder checks again against
// the actual bytes (a buffer may have no data) so that no input can index
// out of range, and it reads element by element into memory the caller has
// sized from the accessor's count, which validation has bounded.

// accessorView is the raw data of an accessor's elements.
type accessorView struct {
	data   []byte // from the first element to the end of the buffer view
	stride int
	count  int
	ct     qgltf.ComponentType
	comps  int
	norm   bool
}

// bufferViewBytes returns the bytes of buffer view v.
func (l *loader) bufferViewBytes(v int) ([]byte, error) {
	doc := l.doc
	if v < 0 || v >= len(doc.BufferViews) {
		return nil, assetErr(ErrInvalid, "", "bufferView %d does not exist", v)
	}
	bv := doc.BufferViews[v]
	if bv.Buffer < 0 || bv.Buffer >= len(l.buffers) {
		return nil, assetErr(ErrInvalid, "", "bufferView %d: buffer %d does not exist", v, bv.Buffer)
	}
	buf := l.buffers[bv.Buffer]
	if buf == nil {
		return nil, assetErr(ErrInvalid, "", "bufferView %d: buffer %d has no data (no uri, and not the GLB BIN chunk)", v, bv.Buffer)
	}
	if bv.ByteOffset < 0 || bv.ByteLength < 0 || bv.ByteOffset > len(buf) || bv.ByteLength > len(buf)-bv.ByteOffset {
		return nil, assetErr(ErrInvalid, "", "bufferView %d does not fit buffer %d", v, bv.Buffer)
	}
	return buf[bv.ByteOffset : bv.ByteOffset+bv.ByteLength], nil
}

// view returns the raw elements of accessor a in buffer view v, starting at
// offset, with the view's stride (or tightly packed).
func (l *loader) view(v, offset, count int, ct qgltf.ComponentType, t qgltf.AccessorType, norm bool) (accessorView, error) {
	b, err := l.bufferViewBytes(v)
	if err != nil {
		return accessorView{}, err
	}
	size := qgltf.SizeOfElement(ct, t)
	stride := l.doc.BufferViews[v].ByteStride
	if stride == 0 {
		stride = size
	}
	if !fits(offset, count, size, stride, len(b)) {
		return accessorView{}, assetErr(ErrInvalid, "", "%d elements do not fit bufferView %d", count, v)
	}
	return accessorView{data: b[offset:], stride: stride, count: count, ct: ct, comps: t.Components(), norm: norm}, nil
}

// component decodes component k of element i.
func (av *accessorView) component(i, k int) float32 {
	p := av.data[i*av.stride:]
	le := binary.LittleEndian
	switch av.ct {
	case qgltf.ComponentFloat:
		return math.Float32frombits(le.Uint32(p[4*k:]))
	case qgltf.ComponentByte:
		v := float32(int8(p[k]))
		if av.norm {
			return max(v/127, -1)
		}
		return v
	case qgltf.ComponentUbyte:
		v := float32(p[k])
		if av.norm {
			return v / 255
		}
		return v
	case qgltf.ComponentShort:
		v := float32(int16(le.Uint16(p[2*k:])))
		if av.norm {
			return max(v/32767, -1)
		}
		return v
	case qgltf.ComponentUshort:
		v := float32(le.Uint16(p[2*k:]))
		if av.norm {
			return v / 65535
		}
		return v
	case qgltf.ComponentUint:
		return float32(le.Uint32(p[4*k:]))
	}
	return 0
}

// index decodes element i as an unsigned integer (scalar accessors).
func (av *accessorView) index(i int) uint32 {
	p := av.data[i*av.stride:]
	switch av.ct {
	case qgltf.ComponentUbyte:
		return uint32(p[0])
	case qgltf.ComponentUshort:
		return uint32(binary.LittleEndian.Uint16(p))
	case qgltf.ComponentUint:
		return binary.LittleEndian.Uint32(p)
	}
	return 0
}

// readVectors decodes accessor ai (SCALAR or VEC2..VEC4), calling set for
// every element in order, then again for every sparse substitute. An
// accessor without buffer view reads as zeros. Components beyond the
// accessor's type are zero.
func (l *loader) readVectors(ai int, set func(i int, v [4]float32)) error {
	elem := fmt.Sprintf("accessor %d", ai)
	if ai < 0 || ai >= len(l.doc.Accessors) {
		return assetErr(ErrInvalid, elem, "does not exist")
	}
	a := l.doc.Accessors[ai]
	comps := a.Type.Components()
	if comps < 1 || comps > 4 || a.Type > qgltf.AccessorVec4 {
		return assetErr(ErrInvalid, elem, "type %s is not a scalar or vector", a.Type)
	}
	if a.BufferView == nil {
		for i := 0; i < a.Count; i++ {
			set(i, [4]float32{})
		}
	} else {
		av, err := l.view(*a.BufferView, a.ByteOffset, a.Count, a.ComponentType, a.Type, a.Normalized)
		if err != nil {
			return inElem(elem, err)
		}
		for i := 0; i < av.count; i++ {
			var v [4]float32
			for k := 0; k < comps; k++ {
				v[k] = av.component(i, k)
			}
			set(i, v)
		}
	}
	if a.Sparse == nil {
		return nil
	}
	idx, vals, err := l.sparseViews(a)
	if err != nil {
		return inElem(elem, err)
	}
	for j := 0; j < idx.count; j++ {
		var v [4]float32
		for k := 0; k < comps; k++ {
			v[k] = vals.component(j, k)
		}
		set(int(idx.index(j)), v)
	}
	return nil
}

// sparseViews returns the indices and values of a sparse accessor, after
// checking that the indices are strictly increasing and in range.
func (l *loader) sparseViews(a *qgltf.Accessor) (idx, vals accessorView, err error) {
	s := a.Sparse
	if s.Count < 1 || s.Count > a.Count {
		return idx, vals, assetErr(ErrInvalid, "", "sparse count %d out of range", s.Count)
	}
	idx, err = l.view(s.Indices.BufferView, s.Indices.ByteOffset, s.Count, s.Indices.ComponentType, qgltf.AccessorScalar, false)
	if err != nil {
		return idx, vals, fmt.Errorf("sparse indices: %w", err)
	}
	vals, err = l.view(s.Values.BufferView, s.Values.ByteOffset, s.Count, a.ComponentType, a.Type, a.Normalized)
	if err != nil {
		return idx, vals, fmt.Errorf("sparse values: %w", err)
	}
	prev := int64(-1)
	for j := 0; j < idx.count; j++ {
		v := int64(idx.index(j))
		if v <= prev || v >= int64(a.Count) {
			return idx, vals, assetErr(ErrInvalid, "", "sparse index %d at position %d is out of order or out of range (count %d)", v, j, a.Count)
		}
		prev = v
	}
	return idx, vals, nil
}

// readIndices decodes index accessor ai (SCALAR, unsigned byte, short or
// int, as validation checked) and checks every index against vertices.
func (l *loader) readIndices(ai, vertices int) ([]uint32, error) {
	elem := fmt.Sprintf("accessor %d", ai)
	if ai < 0 || ai >= len(l.doc.Accessors) {
		return nil, assetErr(ErrInvalid, elem, "does not exist")
	}
	a := l.doc.Accessors[ai]
	if ct := a.ComponentType; a.Type != qgltf.AccessorScalar || ct != qgltf.ComponentUbyte && ct != qgltf.ComponentUshort && ct != qgltf.ComponentUint {
		return nil, assetErr(ErrInvalid, elem, "indices must be SCALAR unsigned byte, short or int")
	}
	out := make([]uint32, a.Count)
	if a.BufferView != nil {
		av, err := l.view(*a.BufferView, a.ByteOffset, a.Count, a.ComponentType, a.Type, false)
		if err != nil {
			return nil, inElem(elem, err)
		}
		for i := range out {
			out[i] = av.index(i)
		}
	}
	if a.Sparse != nil {
		idx, vals, err := l.sparseViews(a)
		if err != nil {
			return nil, inElem(elem, err)
		}
		for j := 0; j < idx.count; j++ {
			out[idx.index(j)] = vals.index(j)
		}
	}
	for i, v := range out {
		if int64(v) >= int64(vertices) {
			return nil, assetErr(ErrInvalid, elem, "index %d at position %d is out of range (%d vertices)", v, i, vertices)
		}
	}
	return out, nil
}
