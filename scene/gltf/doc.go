// Package gltf reads and writes glTF 2.0 assets as scene.Models: the one
// place in synthkit that knows the file format (and the only importer of
// github.com/qmuntal/gltf, whose document types mirror the specification).
//
// # Reading
//
// LoadFS reads a .gltf file (external or data: URI buffers and images) or
// a .glb file through an fs.FS and flattens its default scene into a
// scene.Model: one scene.Part per triangle primitive drawn, with its
// node's world transform, and the model's bounds. LoadFile does the same
// for a file on disk, through an os.Root. What it reads is what a
// rasterizer draws: every triangle mode, index and attribute encoding,
// sparse and quantized accessors, morph targets at their default weights,
// and the metallic-roughness material with its base colour texture (PNG or
// JPEG), sampler and the KHR_texture_transform, KHR_materials_unlit and
// KHR_materials_emissive_strength extensions. What it ignores it lists in
// Model.Warnings; what it cannot draw faithfully (points, lines, skins,
// unknown required extensions) it refuses.
//
// Assets come from strangers. Every size is checked against Limits before
// anything is allocated or read for it (file, JSON, buffers, each accessor
// against its view, vertices, triangles, image sides read from the header,
// node count and depth), the document is validated before it is decoded,
// and every URI must stay inside the asset's directory: no absolute paths,
// no "..", no schemes but data:, so nothing is ever fetched from the
// network. Every error is an *Error naming the file and the element at
// fault,
//
//	gltf "shelf.glb": accessor 3: count 4000000000 exceeds limit 10000000
//
// and wraps ErrInvalid, ErrLimit or ErrUnsupported; no input panics. The
// Khronos validator's own test files are all handled (docs/gltf-corpus.md,
// checked by TestValidatorCorpus when SYNTHKIT_GLTF_CORPUS is set), the
// Khronos sample models load (SYNTHKIT_GLTF_SAMPLES), and FuzzLoadGLB and
// FuzzLoadGLTF exercise the parser.
//
// # Caching
//
// A Cache loads each model of one file system once, however many
// goroutines ask for it: a catalogue of thousands of SKUs drawn into
// millions of samples decodes every mesh and texture once, and every
// instance shares them (see scene.Model.Instantiate).
//
// # Writing
//
// WriteGLB writes a scene.Model (a procedural SKU from package product,
// say) as a self-contained binary glTF file that the Khronos validator
// accepts and LoadFS reads back to the same geometry and materials.
//
// To merge a model's parts into one mesh and one texture atlas (one
// object, one instance label), see package scene/merge; it works on any
// scene.Model and needs nothing of this package.
package gltf
