// Package product is a procedural SKU kit: it makes supermarket products
// (bottles, cans, cartons, boxes, bags, jars and blister packs) with
// realistic dimensions and printed labels, for labs that have no scanned
// meshes of their products.
//
// # Making products
//
// New builds one product from a Spec (a kind, optionally a variant,
// flavour, size, brand and barcode, and a seed that draws everything left
// open). Plan lays out a whole catalogue: brands with their own names,
// palettes and logos, each making a family of products (a brewery makes
// bottled and canned beer, a breakfast brand cereal, tea and jam), and
// Generate builds it. The same seed always gives the same products, to
// the pixel.
//
// A SKU is pure data: scene.Parts (mesh, material, transform) in the
// product's frame, which is metres with +y up, the front label facing +z,
// and the origin at the bottom centre of the bounding box, so that a
// product stands on a shelf at y = 0 when placed by a translation. Dims is
// the bounding box (width x, height y, depth z). SKU.Objects places the
// parts in a scene, labelled with the SKU's ID.
//
// # Labels
//
// Every label is painted procedurally into an image.NRGBA: the brand
// colours and bands, a logo, the brand name and flavour in a built-in
// 5×7 dot-matrix font, an illustration of the category (a bowl of cereal,
// fruit, crisps), rows of small print, a nutrition table and an EAN-13
// barcode with a correct check digit. Lathed products (bottles, cans,
// jars) wrap one texture around once, its middle (u = 0.5) on the front
// and its seam at the back; boxes and cartons use an unfolded atlas (left,
// front, right, back in a strip, top and bottom above and below the
// front); bags print the front on the left half of the texture and the
// back on the right.
//
// # Files
//
// WriteSKU writes one product as a binary glTF (GLB) file through
// gltf.WriteGLB, and Export writes a whole catalogue: one GLB per SKU and
// a catalogue.json listing id, kind, brand, category, dimensions and file
// (see Catalogue). ReadCatalogue reads that file back with bounds on its
// size and contents, rejecting unknown fields and any file path that
// would leave the catalogue's directory; LoadSKU loads an entry's model
// through gltf.LoadFS.
//
// The command `synth assets skus -n 50 -o DIR` runs Export.
package product
