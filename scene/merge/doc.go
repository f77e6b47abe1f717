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
// # The atlases
//
// The base colour atlas is one sRGB image: a slot for every part drawn
// with textures, the part's textures reduced to at most
// Options.MaxTextureSide a side (the slot as large as the largest of
// them; a smaller one is resampled bilinearly to it), stacked vertically
// with a one-texel border copied from the edge (so bilinear sampling never
// bleeds into a neighbour), then rows of 4×4 swatches, one per distinct
// finish of the untextured parts. Texture coordinates are remapped into
// the slots (after the part's Material.UVTransform), and untextured parts
// sample the centre of their swatch. A textured part's base colour that
// is not white, and any vertex colours, go into vertex colours of the
// merged mesh. Texture coordinates outside [0, 1] (a tiled texture)
// cannot be atlased: such a part is drawn untextured, its base colour,
// metalness, roughness and emission times its textures' means (a tiled
// normal or occlusion map is dropped). Every atlas samples bilinearly
// with clamp-to-edge wrapping.
//
// Every part keeps its finish: the other maps share the base colour
// atlas's layout and hold each part's constants baked into its texels.
//
//   - Metallic-roughness: when the parts' metalness or roughness differ or
//     any has a metallic-roughness texture, an atlas (linear: G roughness,
//     B metalness, each the part's factor times its texture) with the
//     material's factors 1; otherwise the common factors and no texture.
//   - Occlusion: when any part has an occlusion map, the same atlas's R
//     channel holds 1 + strength·(occlusion − 1) (1 for the other parts),
//     as in glTF's packed occlusion-roughness-metallic textures.
//   - Normal: when any part has a normal map, an atlas of unit normals with
//     the part's NormalScale applied (flat for the other parts), the
//     material's scale 1.
//   - Emission: when the parts' emissive colours differ or any has an
//     emissive texture, an sRGB atlas of each part's emission divided by
//     the per-channel maximum, which becomes the material's Emissive.
//   - Alpha: the merged material blends (AlphaBlend) when any part does,
//     else masks (AlphaMask, cutoff 0.5) when any part does, else is
//     opaque. The base colour atlas's alpha is then the part's base colour
//     alpha times its texture's for a blended part, 0 or 255 by the part's
//     own cutoff for a masked one, and 255 for an opaque one. A model that
//     mixes masked and blended parts therefore turns its masked-out
//     texels into fully transparent ones, which its object owns in labels
//     (scene.AlphaMode's rules for BLEND). Renderers composite a blended
//     object's triangles in mesh order with depth writes (package
//     render/shading, "Alpha"), so put a blended model's inner parts (a
//     bottle's contents) before its shell.
//
// Unlit comes from the part of largest surface area (after its
// transform); the material is double-sided when any part is.
package merge
