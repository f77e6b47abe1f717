package scene

import "github.com/go-gl/mathgl/mgl64"

// Part is one drawable piece of a Model: a triangle mesh, its material and
// where it sits in the model's frame. Package scene/gltf turns each glTF
// primitive drawn by a node of the default scene into one Part.
type Part struct {
	// Name names the part; for a loaded glTF model it is the node's name,
	// or "node N" when it has none, with "/primitive K" appended when its
	// mesh has several primitives.
	Name     string
	Mesh     *Mesh
	Material *Material // never nil for loaded models
	// Transform maps mesh coordinates to the model's frame: the product of
	// the node's transform and those of all its ancestors.
	Transform mgl64.Mat4
}

// Model is an asset as a renderer sees it: parts placed in the model's own
// frame, ready to be put into scenes with Instantiate. Models come from
// package scene/gltf (a glTF file's default scene flattened into parts, or
// written back as GLB) or are built in code (package product's SKUs).
// Meshes, materials and textures are shared between parts (a mesh drawn by
// several nodes is decoded once) and, once built, must not be modified: a
// Model from a gltf.Cache is shared by every goroutine that asks for it.
type Model struct {
	Name  string // for a loaded model, the file name without directory and extension
	Parts []Part
	// Lo and Hi are the corners of the axis-aligned box bounding every
	// vertex the parts draw, in the model's frame (zero for an empty model).
	// gltf.LoadFS sets them; call ComputeBounds after changing Parts.
	Lo, Hi mgl64.Vec3
	// Warnings lists what the loader ignored or approximated: animations,
	// cameras, textures that read another UV set or transform than the
	// material's first, unknown extensions. (Vertex TANGENTs are ignored
	// without a warning: renderers derive the frame per triangle.)
	Warnings []string
}

// ComputeBounds sets m.Lo and m.Hi to the box bounding every vertex the
// parts draw, each transformed into the model's frame. Its cost is linear in
// the triangles drawn, however many vertices the meshes leave unused.
func (m *Model) ComputeBounds() {
	first := true
	var lo, hi mgl64.Vec3
	used := make(map[*Mesh][]uint32)
	for i := range m.Parts {
		p := &m.Parts[i]
		if p.Mesh == nil {
			continue
		}
		verts, ok := used[p.Mesh]
		if !ok {
			verts = referenced(p.Mesh)
			used[p.Mesh] = verts
		}
		for _, v := range verts {
			q := p.Mesh.Positions[v]
			w := mgl64.TransformCoordinate(mgl64.Vec3{float64(q[0]), float64(q[1]), float64(q[2])}, p.Transform)
			if first {
				lo, hi, first = w, w, false
				continue
			}
			for k := 0; k < 3; k++ {
				lo[k] = min(lo[k], w[k])
				hi[k] = max(hi[k], w[k])
			}
		}
	}
	m.Lo, m.Hi = lo, hi
}

// referenced returns the vertices of m that some triangle uses, each once.
func referenced(m *Mesh) []uint32 {
	seen := make([]bool, len(m.Positions))
	var out []uint32
	n := len(m.Indices) / 3 * 3
	for _, i := range m.Indices[:n] {
		if int(i) < len(seen) && !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	return out
}

// NumTriangles returns the number of triangles the model draws, summed over
// its parts.
func (m *Model) NumTriangles() int {
	n := 0
	for _, p := range m.Parts {
		if p.Mesh != nil {
			n += p.Mesh.NumTriangles()
		}
	}
	return n
}

// Instantiate returns one Object per part, placed by transform (model frame
// to world) and labelled with category. The objects share the model's
// meshes and materials; nothing is copied.
func (m *Model) Instantiate(transform mgl64.Mat4, category string) []Object {
	return m.AppendInstance(make([]Object, 0, len(m.Parts)), transform, category)
}

// AppendInstance is Instantiate appending to dst, for generators that build
// a scene's object list without extra allocations.
func (m *Model) AppendInstance(dst []Object, transform mgl64.Mat4, category string) []Object {
	for _, p := range m.Parts {
		dst = append(dst, Object{
			Name:      p.Name,
			Mesh:      p.Mesh,
			Material:  p.Material,
			Transform: transform.Mul4(p.Transform),
			Category:  category,
		})
	}
	return dst
}
