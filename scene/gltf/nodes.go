package gltf

import (
	"fmt"
	"math"

	"github.com/go-gl/mathgl/mgl64"
	qgltf "github.com/qmuntal/gltf"

	"github.com/synthkit/synthkit/scene"
)

// buildScene flattens the default scene (the document's scene, else scene
// 0, else every root node) into the model's parts.
func (l *loader) buildScene() error {
	doc := l.doc
	var roots []int
	switch {
	case doc.Scene != nil:
		roots = doc.Scenes[*doc.Scene].Nodes
	case len(doc.Scenes) > 0:
		roots = doc.Scenes[0].Nodes
	default:
		for i, p := range l.parent {
			if p < 0 {
				roots = append(roots, i)
			}
		}
		if len(roots) > 0 {
			l.warn("no scene: drawing every root node")
		}
	}
	if len(doc.Animations) > 0 {
		l.warn("animations ignored: the model is drawn in its rest pose")
	}
	for _, r := range roots {
		if err := l.visit(r, mgl64.Ident4(), 1); err != nil {
			return err
		}
	}
	return nil
}

// visit adds the parts of node ni and its descendants; parent maps the
// node's parent frame to the model frame. Validation guarantees a forest
// of bounded depth, so every node is visited once.
func (l *loader) visit(ni int, parent mgl64.Mat4, depth int) error {
	elem := fmt.Sprintf("node %d", ni)
	if depth > l.lim.MaxNodeDepth {
		return limitErr(elem, "depth", int64(depth), int64(l.lim.MaxNodeDepth))
	}
	node := l.doc.Nodes[ni]
	local, err := nodeTransform(node)
	if err != nil {
		return inElem(elem, err)
	}
	world := parent.Mul4(local)
	if !finite(world[:]...) {
		return assetErr(ErrInvalid, elem, "transform is not finite")
	}
	if node.Camera != nil {
		l.warn("cameras ignored")
	}
	if _, ok := node.Extensions["KHR_lights_punctual"]; ok {
		l.warn("KHR_lights_punctual lights ignored")
	}
	if node.Mesh != nil {
		if err := l.addParts(ni, node, world); err != nil {
			return err
		}
	}
	for _, c := range node.Children {
		if err := l.visit(c, world, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// addParts adds one part per primitive of the node's mesh.
func (l *loader) addParts(ni int, node *qgltf.Node, world mgl64.Mat4) error {
	elem := fmt.Sprintf("node %d", ni)
	if node.Skin != nil {
		return assetErr(ErrUnsupported, elem, "skinned meshes are not supported")
	}
	gm := l.doc.Meshes[*node.Mesh]
	weights, weightsNode := gm.Weights, -1
	if len(node.Weights) > 0 {
		weights, weightsNode = node.Weights, ni
	}
	name := node.Name
	if name == "" {
		name = elem
	}
	for pi, p := range gm.Primitives {
		if len(l.model.Parts) >= l.lim.MaxParts {
			return limitErr(elem, "part count", int64(len(l.model.Parts))+1, int64(l.lim.MaxParts))
		}
		mesh, err := l.primitiveMesh(meshKey{*node.Mesh, pi, weightsNode}, weights)
		if err != nil {
			return inElem(elem, err)
		}
		if mesh == nil {
			continue
		}
		t := mesh.NumTriangles()
		if t > l.lim.MaxTriangles-l.triangles {
			return limitErr(elem, "triangle count of the model", int64(l.triangles)+int64(t), int64(l.lim.MaxTriangles))
		}
		l.triangles += t
		mat, err := l.material(p.Material)
		if err != nil {
			return inElem(elem, err)
		}
		pname := name
		if len(gm.Primitives) > 1 {
			pname = fmt.Sprintf("%s/primitive %d", name, pi)
		}
		l.model.Parts = append(l.model.Parts, scene.Part{Name: pname, Mesh: mesh, Material: mat, Transform: world})
	}
	return nil
}

// nodeTransform returns a node's local transform: its matrix, or
// T·R·S from its translation, rotation (normalized) and scale.
func nodeTransform(n *qgltf.Node) (mgl64.Mat4, error) {
	if n.Matrix != qgltf.DefaultMatrix {
		m := mgl64.Mat4(n.Matrix)
		if !finite(m[:]...) {
			return mgl64.Mat4{}, assetErr(ErrInvalid, "", "matrix is not finite")
		}
		return m, nil
	}
	q := n.Rotation
	ql := math.Sqrt(q[0]*q[0] + q[1]*q[1] + q[2]*q[2] + q[3]*q[3])
	if !(ql > 0) || math.IsInf(ql, 0) {
		return mgl64.Mat4{}, assetErr(ErrInvalid, "", "rotation %v is not a unit quaternion", q)
	}
	r := mgl64.Quat{W: q[3] / ql, V: mgl64.Vec3{q[0] / ql, q[1] / ql, q[2] / ql}}.Mat4()
	t, s := n.Translation, n.Scale
	return mgl64.Translate3D(t[0], t[1], t[2]).Mul4(r).Mul4(mgl64.Scale3D(s[0], s[1], s[2])), nil
}
