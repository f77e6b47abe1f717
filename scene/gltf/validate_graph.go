package gltf

import (
	"fmt"
)

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
				return assetErr(ErrInvalid, elem, "%d weights for %d morph targets", len(node.Weights), len(m.Primitives[0].Targets))
			}
		}
		for _, c := range node.Children {
			if err := checkRef(elem, "children", c, n, "node"); err != nil {
				return err
			}
			if c == i {
				return assetErr(ErrInvalid, elem, "cycle: node %d is its own child", i)
			}
			if parent[c] >= 0 {
				return assetErr(ErrInvalid, fmt.Sprintf("node %d", c), "has two parents, nodes %d and %d", parent[c], i)
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
			return assetErr(ErrInvalid, fmt.Sprintf("node %d", j), "cycle: node %d is its own ancestor", j)
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
				return assetErr(ErrInvalid, elem, "node %d is not a root: its parent is node %d", r, l.parent[r])
			}
			if seen[r] == si+1 {
				return assetErr(ErrInvalid, elem, "node %d listed twice", r)
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
