package gltf

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	qgltf "github.com/qmuntal/gltf"
)

// bufferView roles, to catch a view used both for vertices and indices.
const (
	roleVertex = 1
	roleIndex  = 2
)

// viewUse records how mesh data uses buffer views.
type viewUse struct {
	role       []uint8
	firstAttr  []int // first vertex accessor seen on each view, -1 if none
	bufferView []*qgltf.BufferView
}

func (u *viewUse) mark(elem string, a *qgltf.Accessor, ai int, role uint8) error {
	if a.BufferView == nil {
		return nil
	}
	v := *a.BufferView
	bv := u.bufferView[v]
	if r := u.role[v]; r != 0 && r != role {
		return assetErr(ErrInvalid, elem, "bufferView %d is used for both vertex attributes and indices", v)
	}
	u.role[v] = role
	if role == roleIndex {
		if bv.Target == qgltf.TargetArrayBuffer {
			return assetErr(ErrInvalid, elem, "indices in bufferView %d whose target is ARRAY_BUFFER", v)
		}
		if bv.ByteStride != 0 {
			return assetErr(ErrInvalid, elem, "indices in bufferView %d that has a byteStride", v)
		}
		return nil
	}
	if bv.Target == qgltf.TargetElementArrayBuffer {
		return assetErr(ErrInvalid, elem, "vertex attribute in bufferView %d whose target is ELEMENT_ARRAY_BUFFER", v)
	}
	if first := u.firstAttr[v]; first < 0 {
		u.firstAttr[v] = ai
	} else if first != ai && bv.ByteStride == 0 {
		return assetErr(ErrInvalid, elem, "accessors %d and %d share bufferView %d, which has no byteStride", first, ai, v)
	}
	if a.ByteOffset%4 != 0 || (bv.ByteOffset+a.ByteOffset)%4 != 0 {
		return assetErr(ErrInvalid, elem, "vertex attribute accessor %d is not aligned to 4 bytes", ai)
	}
	return nil
}

func (l *loader) validateMeshes() error {
	doc := l.doc
	use := &viewUse{
		role:       make([]uint8, len(doc.BufferViews)),
		firstAttr:  make([]int, len(doc.BufferViews)),
		bufferView: doc.BufferViews,
	}
	for i := range use.firstAttr {
		use.firstAttr[i] = -1
	}
	for mi, m := range doc.Meshes {
		elem := fmt.Sprintf("mesh %d", mi)
		if m == nil {
			return notObject(elem)
		}
		if len(m.Primitives) == 0 {
			return assetErr(ErrInvalid, elem, "no primitives")
		}
		targets := -1
		for pi, p := range m.Primitives {
			pelem := fmt.Sprintf("%s primitive %d", elem, pi)
			if p == nil {
				return notObject(pelem)
			}
			if targets >= 0 && len(p.Targets) != targets {
				return assetErr(ErrInvalid, pelem, "%d morph targets, other primitives of the mesh have %d", len(p.Targets), targets)
			}
			targets = len(p.Targets)
			if err := l.validatePrimitive(pelem, p, use); err != nil {
				return err
			}
		}
		if len(m.Weights) != 0 && len(m.Weights) != targets {
			return assetErr(ErrInvalid, elem, "%d weights for %d morph targets", len(m.Weights), targets)
		}
	}
	return nil
}

func (l *loader) validatePrimitive(elem string, p *qgltf.Primitive, use *viewUse) error {
	doc := l.doc
	if len(p.Attributes) == 0 {
		return assetErr(ErrInvalid, elem, "no attributes")
	}
	if p.Mode > qgltf.PrimitiveTriangleFan {
		return assetErr(ErrInvalid, elem, "unknown mode")
	}
	count := -1
	sets := map[string]int{} // semantic → number of sets
	maxSet := map[string]int{}
	for _, name := range sortedKeys(p.Attributes) {
		ai := p.Attributes[name]
		aelem := elem + ": attribute " + name
		sem, set, ok := parseSemantic(name)
		if !ok {
			return assetErr(ErrInvalid, aelem, "invalid attribute name")
		}
		if err := checkRef(aelem, "accessor", ai, len(doc.Accessors), "accessor"); err != nil {
			return err
		}
		a := doc.Accessors[ai]
		if !attributeFormatOK(sem, a, l.quantized, false) {
			return assetErr(ErrInvalid, aelem, "accessor %d has invalid format %s/%s normalized=%v", ai, a.Type, a.ComponentType, a.Normalized)
		}
		if count >= 0 && a.Count != count {
			return assetErr(ErrInvalid, aelem, "accessor %d has count %d, other attributes have %d", ai, a.Count, count)
		}
		count = a.Count
		if err := use.mark(aelem, a, ai, roleVertex); err != nil {
			return err
		}
		if set >= 0 {
			sets[sem]++
			maxSet[sem] = max(maxSet[sem], set)
		}
	}
	for sem, n := range sets {
		if maxSet[sem] != n-1 {
			return assetErr(ErrInvalid, elem, "%s_n sets are not numbered 0..%d", sem, n-1)
		}
	}
	if sets["JOINTS"] != sets["WEIGHTS"] {
		return assetErr(ErrInvalid, elem, "%d JOINTS_n sets but %d WEIGHTS_n sets", sets["JOINTS"], sets["WEIGHTS"])
	}
	if p.Indices != nil {
		ielem := elem + ": indices"
		if err := checkRef(ielem, "accessor", *p.Indices, len(doc.Accessors), "accessor"); err != nil {
			return err
		}
		a := doc.Accessors[*p.Indices]
		ct := a.ComponentType
		if a.Type != qgltf.AccessorScalar || a.Normalized || ct != qgltf.ComponentUbyte && ct != qgltf.ComponentUshort && ct != qgltf.ComponentUint {
			return assetErr(ErrInvalid, ielem, "accessor %d is not SCALAR unsigned byte, short or int", *p.Indices)
		}
		if err := use.mark(ielem, a, *p.Indices, roleIndex); err != nil {
			return err
		}
	}
	if p.Material != nil {
		if err := checkRef(elem, "material", *p.Material, len(doc.Materials), "material"); err != nil {
			return err
		}
		for _, t := range materialTextures(doc.Materials[*p.Material]) {
			if _, ok := p.Attributes[fmt.Sprintf("TEXCOORD_%d", t.texCoord)]; !ok {
				return assetErr(ErrInvalid, elem, "material %d %s needs TEXCOORD_%d", *p.Material, t.field, t.texCoord)
			}
		}
	}
	for ti, t := range p.Targets {
		for _, name := range sortedKeys(t) {
			ai := t[name]
			telem := fmt.Sprintf("%s: target %d attribute %s", elem, ti, name)
			sem, _, ok := parseSemantic(name)
			if !ok || sem == "JOINTS" || sem == "WEIGHTS" {
				return assetErr(ErrInvalid, telem, "invalid morph target attribute")
			}
			if _, ok := p.Attributes[name]; !ok {
				return assetErr(ErrInvalid, telem, "the primitive has no %s attribute", name)
			}
			if err := checkRef(telem, "accessor", ai, len(doc.Accessors), "accessor"); err != nil {
				return err
			}
			a := doc.Accessors[ai]
			if a.Count != count {
				return assetErr(ErrInvalid, telem, "accessor %d has count %d, the attributes have %d", ai, a.Count, count)
			}
			if !targetFormatOK(sem, a, l.quantized) {
				return assetErr(ErrInvalid, telem, "accessor %d has invalid format %s/%s", ai, a.Type, a.ComponentType)
			}
			if err := use.mark(telem, a, ai, roleVertex); err != nil {
				return err
			}
		}
	}
	return nil
}

// targetFormatOK reports whether accessor a may hold the morph target
// displacement of semantic sem.
func targetFormatOK(sem string, a *qgltf.Accessor, quantized bool) bool {
	ct := a.ComponentType
	signed := ct == qgltf.ComponentByte || ct == qgltf.ComponentShort
	switch sem {
	case "POSITION":
		return a.Type == qgltf.AccessorVec3 && (ct == qgltf.ComponentFloat || quantized && signed)
	case "NORMAL":
		return a.Type == qgltf.AccessorVec3 && (ct == qgltf.ComponentFloat || quantized && signed && a.Normalized)
	}
	return attributeFormatOK(sem, a, quantized, true)
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// parseSemantic splits an attribute name into its semantic and set index
// ("TEXCOORD_1" → "TEXCOORD", 1); set is -1 for unindexed semantics and
// application-specific ones (starting with "_"). ok is false for names the
// specification does not allow.
func parseSemantic(name string) (sem string, set int, ok bool) {
	switch name {
	case "POSITION", "NORMAL", "TANGENT":
		return name, -1, true
	}
	if strings.HasPrefix(name, "_") {
		return "_", -1, true
	}
	for _, p := range []string{"TEXCOORD", "COLOR", "JOINTS", "WEIGHTS"} {
		rest, found := strings.CutPrefix(name, p+"_")
		if !found {
			continue
		}
		if rest == "" || len(rest) > 1 && rest[0] == '0' || len(rest) > 4 {
			return "", 0, false
		}
		n, err := strconv.Atoi(rest)
		if err != nil || n < 0 || strings.ContainsAny(rest, "+-") {
			return "", 0, false
		}
		return p, n, true
	}
	return "", 0, false
}

// attributeFormatOK reports whether accessor a may hold semantic sem, with
// or without KHR_mesh_quantization.
func attributeFormatOK(sem string, a *qgltf.Accessor, quantized, target bool) bool {
	ct, t, norm := a.ComponentType, a.Type, a.Normalized
	float := ct == qgltf.ComponentFloat
	small := ct == qgltf.ComponentByte || ct == qgltf.ComponentUbyte || ct == qgltf.ComponentShort || ct == qgltf.ComponentUshort
	signedNorm := (ct == qgltf.ComponentByte || ct == qgltf.ComponentShort) && norm
	unsignedNorm := (ct == qgltf.ComponentUbyte || ct == qgltf.ComponentUshort) && norm
	switch sem {
	case "POSITION":
		return t == qgltf.AccessorVec3 && (float || quantized && small)
	case "NORMAL":
		return t == qgltf.AccessorVec3 && (float || quantized && signedNorm)
	case "TANGENT":
		want := qgltf.AccessorVec4
		if target {
			want = qgltf.AccessorVec3
		}
		return t == want && (float || quantized && signedNorm)
	case "TEXCOORD":
		return t == qgltf.AccessorVec2 && (float || unsignedNorm || quantized && small)
	case "COLOR":
		return (t == qgltf.AccessorVec3 || t == qgltf.AccessorVec4) && (float || unsignedNorm)
	case "JOINTS":
		return t == qgltf.AccessorVec4 && (ct == qgltf.ComponentUbyte || ct == qgltf.ComponentUshort) && !norm
	case "WEIGHTS":
		return t == qgltf.AccessorVec4 && (float || unsignedNorm)
	case "_":
		return ct != qgltf.ComponentUint
	}
	return false
}
