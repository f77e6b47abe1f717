// Package merge turns a multi-part scene.Model into one mesh with one
// material and one texture atlas.
//
// Labels are per object: an instance id, a mask and a box for every
// scene.Object. A product modelled in several parts (a bottle and its cap,
// a can's body and its metal ends, a box and its window) instantiates as
// several objects and so several instances, which a detector must not be
// taught. Model merges the parts so that the product is one object again,
// and it is cheaper to draw: one mesh, one material, one texture.
//
// Data enters as a scene.Model, from package scene/gltf or built in code
// (package product), and leaves as a *scene.Mesh and *scene.Material to
// put in a scene.Object, usually once per asset when a generator builds its
// library, not per sample. The package depends on package scene alone, so
// generators that never read files can use it; it is not glTF-specific.
//
// # The merged mesh
//
// Part transforms are baked into the vertices (normals by the inverse
// transpose; a mirroring transform has its triangles' winding flipped back
// so they still face outward). A part without normals keeps flat shading:
// its triangles get their face normals and share no vertices. The mesh
// stays in the model's frame; a generator that wants another origin (the
// bottom centre of the box, say) moves the positions afterwards.
//
// # The atlas
//
// The atlas is one sRGB image: every distinct base colour texture of the
// parts, each reduced to at most Options.MaxTextureSide a side, stacked
// vertically with a one-texel border copied from its edge (so bilinear
// sampling never bleeds into a neighbour), then rows of 4×4 swatches, one
// per distinct base colour of the untextured parts. Texture coordinates
// are remapped into the slots (after the part's Material.UVTransform), and
// untextured parts sample the centre of their swatch. A textured part's
// base colour that is not white, and any vertex colours, go into vertex
// colours of the merged mesh. Texture coordinates outside [0, 1] (a tiled
// texture) cannot be atlased: such a part is drawn untextured in its base
// colour times its texture's average colour. The atlas samples with
// clamp-to-edge wrapping.
//
// The material takes metallic, roughness, emissive and unlit from the part
// of largest surface area (after its transform). Transparency is not
// merged: base colour alpha is ignored, as the renderers ignore it.
package merge
