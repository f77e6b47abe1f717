package gltf

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	qgltf "github.com/qmuntal/gltf"

	"github.com/synthkit/synthkit/scene"
)

// LoadFS loads the glTF 2.0 asset name (a .gltf or .glb file) from fsys
// and flattens its default scene into parts.
//
// Every file the asset references (buffers, images) is read through fsys,
// relative to the directory of name, and must stay inside that directory:
// absolute paths, ".." escapes, backslashes and URI schemes other than
// data: are refused, so nothing is ever fetched from the network. fsys
// decides what a path means: pass an os.Root's FS (see LoadFile) to
// confine symbolic links too; os.DirFS follows links that point outside its
// directory.
//
// The loader is complete for what a renderer draws: triangle lists, strips
// and fans (indexed or not, any index type), interleaved and sparse
// accessors, quantized and normalized attributes, POSITION, NORMAL,
// TEXCOORD_n (the set the base colour texture uses) and COLOR_0, morph
// targets at their default weights, node hierarchies with matrix or TRS
// transforms, and the metallic-roughness material with its base colour
// texture (PNG or JPEG), sampler, KHR_texture_transform,
// KHR_materials_unlit and KHR_materials_emissive_strength. A primitive
// without normals keeps scene.Mesh.Normals empty, which means flat
// normals as the glTF specification requires. A primitive without a
// material gets the glTF default material (white, metallic 1, roughness
// 1). Point and line primitives and skinned meshes in the scene are
// refused with ErrUnsupported rather than silently dropped.
//
// Every error is an *Error wrapping ErrInvalid, ErrLimit or
// ErrUnsupported. Loading never panics and never allocates more than
// lim allows, whatever the input.
func LoadFS(fsys fs.FS, name string, lim Limits) (*scene.Model, error) {
	m, err := load(fsys, name, lim.withDefaults())
	if err != nil {
		ae, ok := err.(*Error)
		if !ok {
			ae = &Error{Kind: ErrInvalid, Err: err}
		}
		ae.File = name
		return nil, ae
	}
	return m, nil
}

// LoadFile loads the glTF file at filename from the operating system's
// file system, confined to the file's directory: references are resolved
// through an os.Root, so neither ".." nor symbolic links can reach outside
// it. See LoadFS.
func LoadFile(filename string, lim Limits) (*scene.Model, error) {
	root, err := os.OpenRoot(filepath.Dir(filename))
	if err != nil {
		return nil, &Error{File: filename, Kind: ErrInvalid, Err: err}
	}
	defer root.Close()
	m, err := LoadFS(root.FS(), filepath.Base(filename), lim)
	if ae, ok := err.(*Error); ok {
		ae.File = filename
	}
	return m, err
}

// loader holds the state of one LoadFS call.
type loader struct {
	fsys    fs.FS
	dir     string // directory of the asset inside fsys, "." for the root
	lim     Limits
	doc     *qgltf.Document
	bin     []byte   // the GLB BIN chunk, nil for .gltf files
	buffers [][]byte // data of each buffer, nil where it has none
	isGLB   bool
	parent  []int // parent node of each node, -1 for roots

	// Usage computed by validation.
	quantized bool // KHR_mesh_quantization is used

	// Caches, so that shared elements are decoded once.
	meshes       map[meshKey]*scene.Mesh
	meshesByData map[string]*scene.Mesh
	materials    map[int]*scene.Material
	textures     map[int]*scene.Texture
	images       map[int]*imageResult

	defaultMat  *scene.Material
	decodeBytes int64   // peak memory of decoding every image (checkImages)
	budget      *Budget // what decodeBytes is reserved from, nil until reserved
	vertices    int     // decoded so far
	triangles   int     // drawn so far (over parts)
	pixels      int64   // decoded so far
	warnings    []string
	warned      map[string]bool
	model       *scene.Model
}

func load(fsys fs.FS, name string, lim Limits) (*scene.Model, error) {
	l, err := open(fsys, name, lim)
	if err != nil {
		return nil, err
	}
	if err := l.reserve(); err != nil {
		return nil, err
	}
	defer l.budget.Release(l.decodeBytes)
	if err := l.buildScene(); err != nil {
		return nil, err
	}
	if len(l.model.Parts) == 0 {
		l.warn("the scene draws nothing")
	}
	l.model.Warnings = l.warnings
	l.model.ComputeBounds()
	if !finite(l.model.Lo[:]...) || !finite(l.model.Hi[:]...) {
		return nil, assetErr(ErrInvalid, "", "bounds %v %v are not finite (vertices times transforms overflow)", l.model.Lo, l.model.Hi)
	}
	return l.model, nil
}

// open reads, validates and resolves the document name: everything but
// decoding what the scene draws.
func open(fsys fs.FS, name string, lim Limits) (*loader, error) {
	if fsys == nil {
		return nil, assetErr(ErrInvalid, "", "nil file system")
	}
	if !fs.ValidPath(name) || name == "." {
		return nil, assetErr(ErrInvalid, "", "not a valid fs.FS path (want slash-separated, relative, without ..)")
	}
	l := &loader{
		fsys:         fsys,
		dir:          path.Dir(name),
		lim:          lim,
		meshes:       make(map[meshKey]*scene.Mesh),
		meshesByData: make(map[string]*scene.Mesh),
		materials:    make(map[int]*scene.Material),
		textures:     make(map[int]*scene.Texture),
		images:       make(map[int]*imageResult),
		warned:       make(map[string]bool),
	}
	base := path.Base(name)
	l.model = &scene.Model{Name: strings.TrimSuffix(base, path.Ext(base))}
	for _, step := range []func() error{
		func() error { return l.readDocument(name) },
		l.validate, l.loadBuffers, l.checkImages,
	} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// reserve takes the memory decoding the model's images needs from the
// budget (waiting while other loads hold it); load releases it when done.
func (l *loader) reserve() error {
	b := l.lim.Budget
	if b == nil {
		b = ProcessBudget()
	}
	if err := b.Reserve(l.decodeBytes, "decoding its images"); err != nil {
		return assetErr(ErrLimit, "", "%v", err)
	}
	l.budget = b
	return nil
}

// maxWarnings caps scene.Model.Warnings; a hostile file cannot grow it
// further.
const maxWarnings = 64

// warn records a warning once.
func (l *loader) warn(msg string) {
	if l.warned[msg] || len(l.warnings) >= maxWarnings {
		return
	}
	l.warned[msg] = true
	l.warnings = append(l.warnings, msg)
}
