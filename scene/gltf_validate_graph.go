package scene

import (
	"fmt"
	"slices"

	"github.com/qmuntal/gltf"
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
	bufferView []*gltf.BufferView
}

func (u *viewUse) mark(elem string, a *gltf.Accessor, ai int, role uint8) error {
	if a.BufferView == nil {
		return nil
	}
	v := *a.BufferView
	bv := u.bufferView[v]
	if r := u.role[v]; r != 0 && r != role {
		return assetErr(ErrAssetInvalid, elem, "bufferView %d is used for both vertex attributes and indices", v)
	}
	u.role[v] = role
	if role == roleIndex {
		if bv.Target == gltf.TargetArrayBuffer {
			return assetErr(ErrAssetInvalid, elem, "indices in bufferView %d whose target is ARRAY_BUFFER", v)
		}
		if bv.ByteStride != 0 {
			return assetErr(ErrAssetInvalid, elem, "indices in bufferView %d that has a byteStride", v)
		}
		return nil
	}
	if bv.Target == gltf.TargetElementArrayBuffer {
		return assetErr(ErrAssetInvalid, elem, "vertex attribute in bufferView %d whose target is ELEMENT_ARRAY_BUFFER", v)
	}
	if first := u.firstAttr[v]; first < 0 {
		u.firstAttr[v] = ai
	} else if first != ai && bv.ByteStride == 0 {
		return assetErr(ErrAssetInvalid, elem, "accessors %d and %d share bufferView %d, which has no byteStride", first, ai, v)
	}
	if a.ByteOffset%4 != 0 || (bv.ByteOffset+a.ByteOffset)%4 != 0 {
		return assetErr(ErrAssetInvalid, elem, "vertex attribute accessor %d is not aligned to 4 bytes", ai)
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
			return assetErr(ErrAssetInvalid, elem, "no primitives")
		}
		targets := -1
		for pi, p := range m.Primitives {
			pelem := fmt.Sprintf("%s primitive %d", elem, pi)
			if p == nil {
				return notObject(pelem)
			}
			if targets >= 0 && len(p.Targets) != targets {
				return assetErr(ErrAssetInvalid, pelem, "%d morph targets, other primitives of the mesh have %d", len(p.Targets), targets)
			}
			targets = len(p.Targets)
			if err := l.validatePrimitive(pelem, p, use); err != nil {
				return err
			}
		}
		if len(m.Weights) != 0 && len(m.Weights) != targets {
			return assetErr(ErrAssetInvalid, elem, "%d weights for %d morph targets", len(m.Weights), targets)
		}
	}
	return nil
}

func (l *loader) validatePrimitive(elem string, p *gltf.Primitive, use *viewUse) error {
	doc := l.doc
	if len(p.Attributes) == 0 {
		return assetErr(ErrAssetInvalid, elem, "no attributes")
	}
	if p.Mode > gltf.PrimitiveTriangleFan {
		return assetErr(ErrAssetInvalid, elem, "unknown mode")
	}
	count := -1
	sets := map[string]int{} // semantic → number of sets
	maxSet := map[string]int{}
	for _, name := range sortedKeys(p.Attributes) {
		ai := p.Attributes[name]
		aelem := elem + ": attribute " + name
		sem, set, ok := parseSemantic(name)
		if !ok {
			return assetErr(ErrAssetInvalid, aelem, "invalid attribute name")
		}
		if err := checkRef(aelem, "accessor", ai, len(doc.Accessors), "accessor"); err != nil {
			return err
		}
		a := doc.Accessors[ai]
		if !attributeFormatOK(sem, a, l.quantized, false) {
			return assetErr(ErrAssetInvalid, aelem, "accessor %d has invalid format %s/%s normalized=%v", ai, a.Type, a.ComponentType, a.Normalized)
		}
		if count >= 0 && a.Count != count {
			return assetErr(ErrAssetInvalid, aelem, "accessor %d has count %d, other attributes have %d", ai, a.Count, count)
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
			return assetErr(ErrAssetInvalid, elem, "%s_n sets are not numbered 0..%d", sem, n-1)
		}
	}
	if sets["JOINTS"] != sets["WEIGHTS"] {
		return assetErr(ErrAssetInvalid, elem, "%d JOINTS_n sets but %d WEIGHTS_n sets", sets["JOINTS"], sets["WEIGHTS"])
	}
	if p.Indices != nil {
		ielem := elem + ": indices"
		if err := checkRef(ielem, "accessor", *p.Indices, len(doc.Accessors), "accessor"); err != nil {
			return err
		}
		a := doc.Accessors[*p.Indices]
		ct := a.ComponentType
		if a.Type != gltf.AccessorScalar || a.Normalized || ct != gltf.ComponentUbyte && ct != gltf.ComponentUshort && ct != gltf.ComponentUint {
			return assetErr(ErrAssetInvalid, ielem, "accessor %d is not SCALAR unsigned byte, short or int", *p.Indices)
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
				return assetErr(ErrAssetInvalid, elem, "material %d %s needs TEXCOORD_%d", *p.Material, t.field, t.texCoord)
			}
		}
	}
	for ti, t := range p.Targets {
		for _, name := range sortedKeys(t) {
			ai := t[name]
			telem := fmt.Sprintf("%s: target %d attribute %s", elem, ti, name)
			sem, _, ok := parseSemantic(name)
			if !ok || sem == "JOINTS" || sem == "WEIGHTS" {
				return assetErr(ErrAssetInvalid, telem, "invalid morph target attribute")
			}
			if _, ok := p.Attributes[name]; !ok {
				return assetErr(ErrAssetInvalid, telem, "the primitive has no %s attribute", name)
			}
			if err := checkRef(telem, "accessor", ai, len(doc.Accessors), "accessor"); err != nil {
				return err
			}
			a := doc.Accessors[ai]
			if a.Count != count {
				return assetErr(ErrAssetInvalid, telem, "accessor %d has count %d, the attributes have %d", ai, a.Count, count)
			}
			if !targetFormatOK(sem, a, l.quantized) {
				return assetErr(ErrAssetInvalid, telem, "accessor %d has invalid format %s/%s", ai, a.Type, a.ComponentType)
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
func targetFormatOK(sem string, a *gltf.Accessor, quantized bool) bool {
	ct := a.ComponentType
	signed := ct == gltf.ComponentByte || ct == gltf.ComponentShort
	switch sem {
	case "POSITION":
		return a.Type == gltf.AccessorVec3 && (ct == gltf.ComponentFloat || quantized && signed)
	case "NORMAL":
		return a.Type == gltf.AccessorVec3 && (ct == gltf.ComponentFloat || quantized && signed && a.Normalized)
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

// validateNodes checks references, that every node has at most one parent,
// that no node is its own ancestor and that the hierarchy is at most
// MaxNodeDepth deep. It fills l.parent for the traversal.
func (l *loader) validateNodes() error {
	doc := l.doc
	n := len(doc.Nodes)
	parent := make([]int, n)
	for i := range parent {
		parent[i] = -1
	}
	for i, node := range doc.Nodes {
		elem := fmt.Sprintf("node %d", i)
		if node == nil {
			return notObject(elem)
		}
		if err := checkOptRef(elem, "mesh", node.Mesh, len(doc.Meshes), "mesh"); err != nil {
			return err
		}
		if err := checkOptRef(elem, "camera", node.Camera, len(doc.Cameras), "camera"); err != nil {
			return err
		}
		if err := checkOptRef(elem, "skin", node.Skin, len(doc.Skins), "skin"); err != nil {
			return err
		}
		if node.Mesh != nil && len(node.Weights) != 0 {
			if m := doc.Meshes[*node.Mesh]; len(node.Weights) != len(m.Primitives[0].Targets) {
				return assetErr(ErrAssetInvalid, elem, "%d weights for %d morph targets", len(node.Weights), len(m.Primitives[0].Targets))
			}
		}
		for _, c := range node.Children {
			if err := checkRef(elem, "children", c, n, "node"); err != nil {
				return err
			}
			if c == i {
				return assetErr(ErrAssetInvalid, elem, "cycle: node %d is its own child", i)
			}
			if parent[c] >= 0 {
				return assetErr(ErrAssetInvalid, fmt.Sprintf("node %d", c), "has two parents, nodes %d and %d", parent[c], i)
			}
			parent[c] = i
		}
	}
	// Depth of each node, following parent links; a link back into the
	// chain being walked is a cycle. Each node is walked once.
	const (
		unseen = iota
		walking
		done
	)
	state := make([]uint8, n)
	depth := make([]int, n)
	var chain []int
	for i := range doc.Nodes {
		chain = chain[:0]
		j := i
		for j >= 0 && state[j] == unseen {
			state[j] = walking
			chain = append(chain, j)
			j = parent[j]
		}
		if j >= 0 && state[j] == walking {
			return assetErr(ErrAssetInvalid, fmt.Sprintf("node %d", j), "cycle: node %d is its own ancestor", j)
		}
		d := 0
		if j >= 0 {
			d = depth[j]
		}
		for k := len(chain) - 1; k >= 0; k-- {
			d++
			depth[chain[k]] = d
			state[chain[k]] = done
			if d > l.lim.MaxNodeDepth {
				return limitErr(fmt.Sprintf("node %d", chain[k]), "depth", int64(d), int64(l.lim.MaxNodeDepth))
			}
		}
	}
	l.parent = parent
	return nil
}

func (l *loader) validateScenes() error {
	doc := l.doc
	if err := checkOptRef("document", "scene", doc.Scene, len(doc.Scenes), "scene"); err != nil {
		return err
	}
	seen := make([]int, len(doc.Nodes)) // scene index + 1 that last listed the node
	for si, s := range doc.Scenes {
		elem := fmt.Sprintf("scene %d", si)
		if s == nil {
			return notObject(elem)
		}
		for _, r := range s.Nodes {
			if err := checkRef(elem, "nodes", r, len(doc.Nodes), "node"); err != nil {
				return err
			}
			if l.parent[r] >= 0 {
				return assetErr(ErrAssetInvalid, elem, "node %d is not a root: its parent is node %d", r, l.parent[r])
			}
			if seen[r] == si+1 {
				return assetErr(ErrAssetInvalid, elem, "node %d listed twice", r)
			}
			seen[r] = si + 1
		}
	}
	return nil
}

func (l *loader) validateSkins() error {
	doc := l.doc
	for i, s := range doc.Skins {
		elem := fmt.Sprintf("skin %d", i)
		if s == nil {
			return notObject(elem)
		}
		if err := checkOptRef(elem, "inverseBindMatrices", s.InverseBindMatrices, len(doc.Accessors), "accessor"); err != nil {
			return err
		}
		if err := checkOptRef(elem, "skeleton", s.Skeleton, len(doc.Nodes), "node"); err != nil {
			return err
		}
		for _, j := range s.Joints {
			if err := checkRef(elem, "joints", j, len(doc.Nodes), "node"); err != nil {
				return err
			}
		}
	}
	for i, c := range doc.Cameras {
		if c == nil {
			return notObject(fmt.Sprintf("camera %d", i))
		}
	}
	return nil
}

func (l *loader) validateAnimations() error {
	doc := l.doc
	for i, a := range doc.Animations {
		elem := fmt.Sprintf("animation %d", i)
		if a == nil {
			return notObject(elem)
		}
		for si, s := range a.Samplers {
			if s == nil {
				return notObject(fmt.Sprintf("%s sampler %d", elem, si))
			}
			if err := checkRef(elem, "input", s.Input, len(doc.Accessors), "accessor"); err != nil {
				return err
			}
			if err := checkRef(elem, "output", s.Output, len(doc.Accessors), "accessor"); err != nil {
				return err
			}
		}
		for ci, c := range a.Channels {
			if c == nil {
				return notObject(fmt.Sprintf("%s channel %d", elem, ci))
			}
			if err := checkRef(elem, "channel sampler", c.Sampler, len(a.Samplers), "sampler"); err != nil {
				return err
			}
			if err := checkOptRef(elem, "channel target node", c.Target.Node, len(doc.Nodes), "node"); err != nil {
				return err
			}
		}
	}
	return nil
}
