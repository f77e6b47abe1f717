package scene

import (
	"errors"
	"fmt"
	"strings"
)

// AssetLimits bound what loading one asset (a glTF model and the files it
// references) may cost. Assets come from strangers, so every size is checked
// before anything is allocated or read for it: a file that exceeds a limit
// is refused with an error wrapping ErrAssetLimit, never by running out of
// memory. A zero or negative field means "use the default" (see
// DefaultAssetLimits), so AssetLimits{MaxTriangles: 1e6} changes only that
// limit.
type AssetLimits struct {
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
}

// DefaultAssetLimits returns limits that accept any reasonable product or
// scene asset and still keep a hostile file from exhausting a worker: about
// 2 GiB at the very worst (the file, its decoded JSON, 10 million vertices
// with every attribute and 64 Mi texture pixels), typically far less.
func DefaultAssetLimits() AssetLimits {
	return AssetLimits{
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
	}
}

// withDefaults replaces every zero or negative field by its default.
func (l AssetLimits) withDefaults() AssetLimits {
	d := DefaultAssetLimits()
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
	return AssetLimits{
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
	}
}

// Sentinel errors for asset loading. Every error LoadGLTF returns is an
// *AssetError that wraps exactly one of them; test with errors.Is.
var (
	// ErrAssetInvalid marks a file that breaks the glTF specification in a
	// way that matters: a dangling reference, data out of bounds, a corrupt
	// container or image, a URI that escapes the asset's directory.
	ErrAssetInvalid = errors.New("invalid asset")
	// ErrAssetLimit marks a file that exceeds one of the AssetLimits.
	ErrAssetLimit = errors.New("asset limit exceeded")
	// ErrAssetUnsupported marks a valid file that uses something this
	// package deliberately does not render: point and line primitives,
	// skinned meshes, required extensions it does not implement, texture
	// formats other than PNG and JPEG.
	ErrAssetUnsupported = errors.New("unsupported asset feature")
)

// AssetError describes why an asset failed to load. Its message names the
// file and the element, for example
//
//	gltf "shelf.glb": accessor 3: count 4000000000 exceeds limit 10000000
type AssetError struct {
	File string // the name passed to LoadGLTF
	Elem string // the element at fault ("accessor 3", "mesh 0 primitive 1: POSITION"), or "" for the file itself
	Kind error  // ErrAssetInvalid, ErrAssetLimit or ErrAssetUnsupported
	Err  error  // the detail, possibly wrapping an fs or decoder error
}

// Error formats the error as `gltf "file": element: detail`.
func (e *AssetError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "gltf %q: ", e.File)
	if e.Elem != "" {
		b.WriteString(e.Elem)
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString(e.Kind.Error())
	}
	return b.String()
}

// Unwrap returns the sentinel kind and the detail, so that errors.Is finds
// both (for example ErrAssetInvalid and fs.ErrNotExist).
func (e *AssetError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// assetErr builds an AssetError of the given kind for elem; the file name is
// filled in by LoadGLTF.
func assetErr(kind error, elem string, format string, args ...any) *AssetError {
	return &AssetError{Elem: elem, Kind: kind, Err: fmt.Errorf(format, args...)}
}

// inElem prefixes the element of an AssetError with an outer context
// ("mesh 2 primitive 0"); other errors are wrapped as invalid.
func inElem(ctx string, err error) error {
	if err == nil {
		return nil
	}
	var ae *AssetError
	if errors.As(err, &ae) {
		if ae.Elem == "" {
			ae.Elem = ctx
		} else {
			ae.Elem = ctx + ": " + ae.Elem
		}
		return ae
	}
	return &AssetError{Elem: ctx, Kind: ErrAssetInvalid, Err: err}
}

// limitErr reports that what exceeds limit.
func limitErr(elem, what string, got, limit int64) *AssetError {
	return assetErr(ErrAssetLimit, elem, "%s %d exceeds limit %d", what, got, limit)
}

// errDetail returns the message of err without the file name, for
// warnings.
func errDetail(err error) string {
	var ae *AssetError
	if errors.As(err, &ae) && ae.Err != nil {
		if ae.Elem != "" {
			return ae.Elem + ": " + ae.Err.Error()
		}
		return ae.Err.Error()
	}
	return err.Error()
}
