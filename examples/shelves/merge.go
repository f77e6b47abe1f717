package shelves

import (
	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
	"github.com/synthkit/synthkit/scene/merge"
)

// A product is labelled as one instance, and an instance is one scene
// object, so a model of several parts (a bottle and its cap, a can's body
// and its metal ends) is merged into one mesh with one material and one
// texture atlas by package scene/merge, then moved into the product frame.

// flatModel is a product model merged into one mesh, in the product frame:
// origin at the bottom centre of its bounding box, front facing +z.
type flatModel struct {
	mesh *scene.Mesh
	mat  *scene.Material
	dims mgl64.Vec3 // bounding box: width (x), height (y), depth (z)
	// shaded[k] is mat with its base colour scaled by shadeLevels[k], for
	// products deep in a shelf (see shadeFor).
	shaded [len(shadeLevels)]*scene.Material
}

// shadeLevels are the brightness factors of a product's material by how
// deep it stands under the board above. The scene's lights (point lights
// for the nearest ceiling strips, one directional light standing for the
// rest) are unshadowed, so the generator darkens products the board above
// would shade.
var shadeLevels = [...]float32{1, 0.86, 0.73, 0.6}

// flatten merges m's parts (merge.Model, textures at most maxTex texels a
// side) and moves the result to the product frame. name names the mesh and
// material.
func flatten(m *scene.Model, name string, maxTex int) (*flatModel, error) {
	out, mat, err := merge.Model(m, merge.Options{Name: name, MaxTextureSide: maxTex})
	if err != nil {
		return nil, err
	}
	lo, hi := out.Bounds()
	// Re-centre: origin at the bottom centre of the bounding box.
	off := mgl32.Vec3{float32(-(lo[0] + hi[0]) / 2), float32(-lo[1]), float32(-(lo[2] + hi[2]) / 2)}
	for i := range out.Positions {
		out.Positions[i] = out.Positions[i].Add(off)
	}
	lo, hi = out.Bounds()
	fm := &flatModel{mesh: out, mat: mat, dims: hi.Sub(lo)}
	for k, f := range shadeLevels {
		m := *mat
		m.BaseColor = mat.BaseColor.Scale(f)
		fm.shaded[k] = &m
	}
	fm.shaded[0] = mat
	return fm, nil
}
