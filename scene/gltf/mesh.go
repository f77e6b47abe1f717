package gltf

import (
	"fmt"
	"math"
	"strings"

	"github.com/go-gl/mathgl/mgl32"
	qgltf "github.com/qmuntal/gltf"

	"github.com/synthkit/synthkit/scene"
)

// meshKey identifies a decoded primitive: morph weights given on a node
// (rather than on the mesh) make that node's geometry its own.
type meshKey struct {
	mesh, prim  int
	weightsNode int // -1 when the mesh's own weights apply
}

// primitiveMesh decodes the primitive key names into a triangle mesh, once
// per key and once per distinct data. It returns nil (and records a
// warning) for a primitive without positions, which the glTF specification
// says to skip.
func (l *loader) primitiveMesh(key meshKey, weights []float64) (*scene.Mesh, error) {
	if m, ok := l.meshes[key]; ok {
		return m, nil
	}
	elem := fmt.Sprintf("mesh %d primitive %d", key.mesh, key.prim)
	// Primitives of different meshes that read the same accessors (the same
	// geometry with another material) share one Mesh.
	sig, err := l.primitiveSignature(key, weights)
	if err != nil {
		return nil, inElem(elem, err)
	}
	m, ok := l.meshesByData[sig]
	if !ok {
		if m, err = l.decodePrimitive(key, weights); err != nil {
			return nil, inElem(elem, err)
		}
		l.meshesByData[sig] = m
	}
	l.meshes[key] = m
	return m, nil
}

// primitiveSignature identifies the data a primitive decodes to: its mode,
// the accessors it reads and the morph weights applied to them.
func (l *loader) primitiveSignature(key meshKey, weights []float64) (string, error) {
	p := l.doc.Meshes[key.mesh].Primitives[key.prim]
	uvSet, err := l.materialUVSet(p.Material)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "mode %d uv %d", p.Mode, uvSet)
	if p.Indices != nil {
		fmt.Fprintf(&sb, " indices %d", *p.Indices)
	}
	for _, name := range []string{qgltf.POSITION, qgltf.NORMAL, fmt.Sprintf("TEXCOORD_%d", uvSet), qgltf.COLOR_0} {
		if ai, ok := p.Attributes[name]; ok {
			fmt.Fprintf(&sb, " %s %d", name, ai)
		}
	}
	for t, target := range p.Targets {
		if t < len(weights) && weights[t] != 0 {
			fmt.Fprintf(&sb, " target %d weight %v", t, weights[t])
			for _, name := range sortedKeys(target) {
				fmt.Fprintf(&sb, " %s %d", name, target[name])
			}
		}
	}
	return sb.String(), nil
}

func (l *loader) decodePrimitive(key meshKey, weights []float64) (*scene.Mesh, error) {
	doc := l.doc
	gm := doc.Meshes[key.mesh]
	p := gm.Primitives[key.prim]
	switch p.Mode {
	case qgltf.PrimitiveTriangles, qgltf.PrimitiveTriangleStrip, qgltf.PrimitiveTriangleFan:
	default:
		return nil, assetErr(ErrUnsupported, "", "primitive mode %s unsupported (only triangles, strips and fans are drawn)", p.Mode)
	}
	posAcc, ok := p.Attributes[qgltf.POSITION]
	if !ok {
		l.warn(fmt.Sprintf("mesh %d primitive %d has no POSITION and is skipped", key.mesh, key.prim))
		return nil, nil
	}
	n := doc.Accessors[posAcc].Count
	if n > l.lim.MaxVertices-l.vertices {
		return nil, limitErr("", "vertex count of the model", int64(l.vertices)+int64(n), int64(l.lim.MaxVertices))
	}
	indexCount := n
	if p.Indices != nil {
		indexCount = doc.Accessors[*p.Indices].Count
	}
	tris := indexCount / 3
	if p.Mode != qgltf.PrimitiveTriangles {
		tris = max(indexCount-2, 0)
	} else if indexCount%3 != 0 {
		l.warn(fmt.Sprintf("mesh %d primitive %d: %d indices is not a multiple of 3; the last are ignored", key.mesh, key.prim, indexCount))
	}
	if tris > l.lim.MaxTriangles-l.triangles {
		return nil, limitErr("", "triangle count of the model", int64(l.triangles)+int64(tris), int64(l.lim.MaxTriangles))
	}
	l.vertices += n

	name := gm.Name
	if name == "" {
		name = fmt.Sprintf("mesh %d", key.mesh)
	}
	if len(gm.Primitives) > 1 {
		name = fmt.Sprintf("%s/primitive %d", name, key.prim)
	}
	m := &scene.Mesh{Name: name}
	var err error
	if m.Positions, err = l.readVec3(posAcc, "POSITION"); err != nil {
		return nil, err
	}
	if ai, ok := p.Attributes[qgltf.NORMAL]; ok {
		if m.Normals, err = l.readVec3(ai, "NORMAL"); err != nil {
			return nil, err
		}
	}
	uvSet, err := l.materialUVSet(p.Material)
	if err != nil {
		return nil, err
	}
	uvName := fmt.Sprintf("TEXCOORD_%d", uvSet)
	if ai, ok := p.Attributes[uvName]; ok {
		if m.UVs, err = l.readVec2(ai, uvName); err != nil {
			return nil, err
		}
	} else if uvSet != 0 {
		return nil, assetErr(ErrInvalid, "", "the base colour texture uses %s, which the primitive lacks", uvName)
	}
	if ai, ok := p.Attributes[qgltf.COLOR_0]; ok {
		if m.Colors, err = l.readColors(ai); err != nil {
			return nil, err
		}
	}
	// Tangents without normals are ignored, as glTF 2.0 §3.7.2.1 says.
	if ai, ok := p.Attributes[qgltf.TANGENT]; ok && len(m.Normals) != 0 {
		if m.Tangents, err = l.readTangents(ai, key); err != nil {
			return nil, err
		}
	}
	if err := l.applyMorphTargets(m, p, weights); err != nil {
		return nil, err
	}
	for i, v := range m.Normals {
		// Normalize quantized or morphed normals; leave unit ones exact.
		if n := v.Len(); n > 0 && math.Abs(float64(n)-1) > 1e-6 {
			m.Normals[i] = v.Mul(1 / n)
		}
	}
	var idx []uint32
	if p.Indices != nil {
		if idx, err = l.readIndices(*p.Indices, n); err != nil {
			return nil, inElem("indices", err)
		}
	}
	m.Indices = triangulate(p.Mode, idx, indexCount)
	if err := checkFinite(m); err != nil {
		return nil, err
	}
	return m, nil
}

// triangulate turns a primitive's index list (nil for non-indexed
// primitives, which use 0..count-1) into a triangle list with glTF's
// counter-clockwise winding (glTF 2.0 §3.7.2.1).
func triangulate(mode qgltf.PrimitiveMode, idx []uint32, count int) []uint32 {
	at := func(i int) uint32 {
		if idx == nil {
			return uint32(i)
		}
		return idx[i]
	}
	switch mode {
	case qgltf.PrimitiveTriangleStrip, qgltf.PrimitiveTriangleFan:
		if count < 3 {
			return []uint32{}
		}
		out := make([]uint32, 0, 3*(count-2))
		for i := 0; i+2 < count; i++ {
			switch {
			case mode == qgltf.PrimitiveTriangleFan:
				out = append(out, at(i+1), at(i+2), at(0))
			case i%2 == 0:
				out = append(out, at(i), at(i+1), at(i+2))
			default:
				out = append(out, at(i), at(i+2), at(i+1))
			}
		}
		return out
	}
	n := count / 3 * 3
	if idx != nil {
		return idx[:n:n]
	}
	out := make([]uint32, n)
	for i := range out {
		out[i] = uint32(i)
	}
	return out
}

// applyMorphTargets adds the weighted POSITION and NORMAL displacements of
// p's morph targets to m (glTF 2.0 §3.7.2.2), at the default weights:
// the node's, else the mesh's, else zero.
func (l *loader) applyMorphTargets(m *scene.Mesh, p *qgltf.Primitive, weights []float64) error {
	for t, target := range p.Targets {
		if t >= len(weights) || weights[t] == 0 {
			continue
		}
		w := float32(weights[t])
		for _, name := range sortedKeys(target) {
			ai := target[name]
			var dst []mgl32.Vec3
			switch name {
			case qgltf.POSITION:
				dst = m.Positions
			case qgltf.NORMAL:
				dst = m.Normals
			default:
				l.warn(fmt.Sprintf("morph target attribute %s ignored", name))
				continue
			}
			if len(dst) == 0 {
				continue
			}
			err := l.readVectors(ai, func(i int, v [4]float32) {
				if i < len(dst) {
					dst[i] = dst[i].Add(mgl32.Vec3{v[0], v[1], v[2]}.Mul(w))
				}
			})
			if err != nil {
				return inElem(fmt.Sprintf("target %d %s", t, name), err)
			}
		}
	}
	return nil
}

// attributeCount returns the count of accessor ai, checked against
// MaxVertices before anything is allocated for it.
func (l *loader) attributeCount(ai int) (int, error) {
	if ai < 0 || ai >= len(l.doc.Accessors) {
		return 0, assetErr(ErrInvalid, "", "accessor %d does not exist", ai)
	}
	n := l.doc.Accessors[ai].Count
	if n < 0 || n > l.lim.MaxVertices {
		return 0, limitErr(fmt.Sprintf("accessor %d", ai), "count", int64(n), int64(l.lim.MaxVertices))
	}
	return n, nil
}

func (l *loader) readVec3(ai int, what string) ([]mgl32.Vec3, error) {
	n, err := l.attributeCount(ai)
	if err != nil {
		return nil, inElem(what, err)
	}
	out := make([]mgl32.Vec3, n)
	err = l.readVectors(ai, func(i int, v [4]float32) { out[i] = mgl32.Vec3{v[0], v[1], v[2]} })
	return out, inElem(what, err)
}

func (l *loader) readVec2(ai int, what string) ([]mgl32.Vec2, error) {
	n, err := l.attributeCount(ai)
	if err != nil {
		return nil, inElem(what, err)
	}
	out := make([]mgl32.Vec2, n)
	err = l.readVectors(ai, func(i int, v [4]float32) { out[i] = mgl32.Vec2{v[0], v[1]} })
	return out, inElem(what, err)
}

// readColors reads COLOR_0 as linear RGBA; RGB colours get alpha 1.
func (l *loader) readColors(ai int) ([]mgl32.Vec4, error) {
	n, err := l.attributeCount(ai)
	if err != nil {
		return nil, inElem("COLOR_0", err)
	}
	rgb := l.doc.Accessors[ai].Type == qgltf.AccessorVec3
	out := make([]mgl32.Vec4, n)
	err = l.readVectors(ai, func(i int, v [4]float32) {
		if rgb {
			v[3] = 1
		}
		out[i] = mgl32.Vec4(v)
	})
	return out, inElem("COLOR_0", err)
}

// readTangents reads TANGENT. glTF requires w = ±1; any other w is taken
// by its sign (a warning says so).
func (l *loader) readTangents(ai int, key meshKey) ([]mgl32.Vec4, error) {
	n, err := l.attributeCount(ai)
	if err != nil {
		return nil, inElem("TANGENT", err)
	}
	out := make([]mgl32.Vec4, n)
	bad := 0
	err = l.readVectors(ai, func(i int, v [4]float32) {
		if v[3] != 1 && v[3] != -1 {
			bad++
			v[3] = float32(math.Copysign(1, float64(v[3])))
		}
		out[i] = mgl32.Vec4(v)
	})
	if bad > 0 {
		l.warn(fmt.Sprintf("mesh %d primitive %d: %d TANGENT w values are not ±1; their sign is used", key.mesh, key.prim, bad))
	}
	return out, inElem("TANGENT", err)
}

// checkFinite refuses NaN and infinite vertex data, which would poison
// rasterization and bounds.
func checkFinite(m *scene.Mesh) error {
	bad := func(xs ...float32) bool {
		for _, x := range xs {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				return true
			}
		}
		return false
	}
	for i, p := range m.Positions {
		if bad(p[:]...) {
			return assetErr(ErrInvalid, "POSITION", "vertex %d is not finite", i)
		}
	}
	for i, p := range m.Normals {
		if bad(p[:]...) {
			return assetErr(ErrInvalid, "NORMAL", "vertex %d is not finite", i)
		}
	}
	for i, p := range m.UVs {
		if bad(p[:]...) {
			return assetErr(ErrInvalid, "TEXCOORD", "vertex %d is not finite", i)
		}
	}
	for i, p := range m.Colors {
		if bad(p[:]...) {
			return assetErr(ErrInvalid, "COLOR_0", "vertex %d is not finite", i)
		}
	}
	for i, p := range m.Tangents {
		if bad(p[:3]...) {
			return assetErr(ErrInvalid, "TANGENT", "vertex %d is not finite", i)
		}
	}
	return nil
}
