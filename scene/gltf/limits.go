package gltf

// Limits bound what loading one asset (a glTF model and the files it
// references) may cost. Assets come from strangers, so every size is checked
// before anything is allocated or read for it: a file that exceeds a limit
// is refused with an error wrapping ErrLimit, never by running out of
// memory. A zero or negative field means "use the default" (see
// DefaultLimits), so Limits{MaxTriangles: 1e6} changes only that limit.
type Limits struct {
	// MaxFileBytes bounds the .gltf or .glb file itself.
	MaxFileBytes int64
	// MaxJSONBytes bounds the JSON document (the .gltf file, or the JSON
	// chunk of a .glb). Embedded data: URIs count towards it.
	MaxJSONBytes int64
	// MaxJSONValues bounds the number of JSON values (objects, arrays,
	// strings, numbers, literals; keys are not counted) in the document. It
	// is checked by a scan that allocates nothing, before the document is
	// decoded, and bounds the memory the decoded document takes.
	MaxJSONValues int
	// MaxBufferBytes bounds all buffers of a model together: the GLB BIN
	// chunk, data: URIs and external .bin files.
	MaxBufferBytes int64
	// MaxImageBytes bounds one encoded image (PNG or JPEG file, data: URI or
	// buffer view).
	MaxImageBytes int64
	// MaxImageSide bounds the width and the height of a decoded texture.
	MaxImageSide int
	// MaxImagePixels bounds the pixels of all textures a model decodes,
	// together (each costs 4 bytes as *image.NRGBA).
	MaxImagePixels int64
	// MaxVertices bounds the vertices decoded for a model, summed over its
	// distinct meshes. It also bounds the count of every accessor.
	MaxVertices int
	// MaxTriangles bounds the triangles a model draws, summed over its
	// parts (a mesh drawn by three nodes counts three times).
	MaxTriangles int
	// MaxNodes bounds the number of nodes in the document.
	MaxNodes int
	// MaxNodeDepth bounds the depth of the node hierarchy (a root node has
	// depth 1).
	MaxNodeDepth int
	// MaxMeshes bounds the number of meshes in the document.
	MaxMeshes int
	// MaxPrimitives bounds the number of primitives, summed over all meshes
	// of the document.
	MaxPrimitives int
	// MaxParts bounds the number of parts (drawn primitives) of a model.
	MaxParts int
	// MaxElements bounds every other top-level array of the document
	// (accessors, buffer views, buffers, materials, textures, images,
	// samplers, skins, animations, cameras, scenes).
	MaxElements int
	// MaxDatalessCount bounds the count of an accessor without a
	// bufferView (zeros, perhaps with sparse values): such an accessor
	// costs memory without costing file bytes, so a 288-byte file could
	// otherwise make the loader allocate for MaxVertices elements.
	MaxDatalessCount int
	// Budget is the memory budget the decoded pixels of the model's
	// images are reserved from while it loads (see Budget); nil means
	// ProcessBudget(). A model whose images need more than the whole
	// budget is refused with ErrLimit.
	Budget *Budget
}

// DefaultLimits returns limits that accept any reasonable product or
// scene asset and still keep a hostile file from exhausting a worker: about
// 2 GiB at the very worst (the file, its decoded JSON, 10 million vertices
// with every attribute and 64 Mi texture pixels), typically far less.
func DefaultLimits() Limits {
	return Limits{
		MaxFileBytes:   256 << 20,
		MaxJSONBytes:   64 << 20,
		MaxJSONValues:  2 << 20,
		MaxBufferBytes: 256 << 20,
		MaxImageBytes:  64 << 20,
		MaxImageSide:   16384,
		MaxImagePixels: 64 << 20,
		MaxVertices:    10_000_000,
		MaxTriangles:   10_000_000,
		MaxNodes:       1 << 16,
		MaxNodeDepth:   64,
		MaxMeshes:      1 << 16,
		MaxPrimitives:  1 << 16,
		MaxParts:       1 << 16,
		MaxElements:    1 << 18,

		MaxDatalessCount: 1 << 16,
	}
}

// withDefaults replaces every zero or negative field by its default.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	pick64 := func(v, def int64) int64 {
		if v <= 0 {
			return def
		}
		return v
	}
	pick := func(v, def int) int {
		if v <= 0 {
			return def
		}
		return v
	}
	return Limits{
		MaxFileBytes:   pick64(l.MaxFileBytes, d.MaxFileBytes),
		MaxJSONBytes:   pick64(l.MaxJSONBytes, d.MaxJSONBytes),
		MaxJSONValues:  pick(l.MaxJSONValues, d.MaxJSONValues),
		MaxBufferBytes: pick64(l.MaxBufferBytes, d.MaxBufferBytes),
		MaxImageBytes:  pick64(l.MaxImageBytes, d.MaxImageBytes),
		MaxImageSide:   pick(l.MaxImageSide, d.MaxImageSide),
		MaxImagePixels: pick64(l.MaxImagePixels, d.MaxImagePixels),
		MaxVertices:    pick(l.MaxVertices, d.MaxVertices),
		MaxTriangles:   pick(l.MaxTriangles, d.MaxTriangles),
		MaxNodes:       pick(l.MaxNodes, d.MaxNodes),
		MaxNodeDepth:   pick(l.MaxNodeDepth, d.MaxNodeDepth),
		MaxMeshes:      pick(l.MaxMeshes, d.MaxMeshes),
		MaxPrimitives:  pick(l.MaxPrimitives, d.MaxPrimitives),
		MaxParts:       pick(l.MaxParts, d.MaxParts),
		MaxElements:    pick(l.MaxElements, d.MaxElements),

		MaxDatalessCount: pick(l.MaxDatalessCount, d.MaxDatalessCount),
		Budget:           l.Budget,
	}
}
