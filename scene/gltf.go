package scene

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-gl/mathgl/mgl64"
	"github.com/qmuntal/gltf"
)

// Part is one drawable piece of a Model: a triangle mesh, its material and
// where it sits in the model's frame. Each glTF primitive drawn by a node of
// the default scene becomes one Part.
type Part struct {
	// Name is the node's name, or "node N" when it has none, with
	// "/primitive K" appended when its mesh has several primitives.
	Name     string
	Mesh     *Mesh
	Material *Material // never nil for loaded models
	// Transform maps mesh coordinates to the model's frame: the product of
	// the node's transform and those of all its ancestors.
	Transform mgl64.Mat4
}

// Model is a loaded glTF asset: its default scene flattened into parts.
// Meshes, materials and textures are shared between parts (a mesh drawn by
// several nodes is decoded once) and, once loaded, must not be modified: a
// Model from an AssetCache is shared by every goroutine that asks for it.
type Model struct {
	Name  string // the file name without directory and extension
	Parts []Part
	// Lo and Hi are the corners of the axis-aligned box bounding every
	// vertex the parts draw, in the model's frame (zero for an empty model).
	// LoadGLTF sets them; call ComputeBounds after changing Parts.
	Lo, Hi mgl64.Vec3
	// Warnings lists what the loader ignored because it does not affect
	// the rendered geometry and base colour, or approximated: animations,
	// cameras, normal and occlusion maps, alpha modes, unknown extensions.
	Warnings []string
}

// LoadGLTF loads the glTF 2.0 asset name (a .gltf or .glb file) from fsys
// and flattens its default scene into parts.
//
// Every file the asset references (buffers, images) is read through fsys,
// relative to the directory of name, and must stay inside that directory:
// absolute paths, ".." escapes, backslashes and URI schemes other than
// data: are refused, so nothing is ever fetched from the network. fsys
// decides what a path means: pass an os.Root's FS (see LoadGLTFFile) to
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
// without normals keeps Mesh.Normals empty, which means flat normals as the
// glTF specification requires. A primitive without a material gets the glTF
// default material (white, metallic 1, roughness 1). Point and line
// primitives and skinned meshes in the scene are refused with
// ErrAssetUnsupported rather than silently dropped.
//
// Every error is an *AssetError wrapping ErrAssetInvalid, ErrAssetLimit or
// ErrAssetUnsupported. Loading never panics and never allocates more than
// lim allows, whatever the input.
func LoadGLTF(fsys fs.FS, name string, lim AssetLimits) (*Model, error) {
	m, err := loadGLTF(fsys, name, lim.withDefaults())
	if err != nil {
		ae, ok := err.(*AssetError)
		if !ok {
			ae = &AssetError{Kind: ErrAssetInvalid, Err: err}
		}
		ae.File = name
		return nil, ae
	}
	return m, nil
}

// LoadGLTFFile loads the glTF file at filename from the operating system's
// file system, confined to the file's directory: references are resolved
// through an os.Root, so neither ".." nor symbolic links can reach outside
// it. See LoadGLTF.
func LoadGLTFFile(filename string, lim AssetLimits) (*Model, error) {
	root, err := os.OpenRoot(filepath.Dir(filename))
	if err != nil {
		return nil, &AssetError{File: filename, Kind: ErrAssetInvalid, Err: err}
	}
	defer root.Close()
	m, err := LoadGLTF(root.FS(), filepath.Base(filename), lim)
	if ae, ok := err.(*AssetError); ok {
		ae.File = filename
	}
	return m, err
}

// loader holds the state of one LoadGLTF call.
type loader struct {
	fsys    fs.FS
	dir     string // directory of the asset inside fsys, "." for the root
	lim     AssetLimits
	doc     *gltf.Document
	bin     []byte   // the GLB BIN chunk, nil for .gltf files
	buffers [][]byte // data of each buffer, nil where it has none
	isGLB   bool
	parent  []int // parent node of each node, -1 for roots

	// Usage computed by validation.
	quantized bool // KHR_mesh_quantization is used

	// Caches, so that shared elements are decoded once.
	meshes       map[meshKey]*Mesh
	meshesByData map[string]*Mesh
	materials    map[int]*Material
	textures     map[int]*Texture
	images       map[int]*imageResult

	defaultMat *Material
	vertices   int   // decoded so far
	triangles  int   // drawn so far (over parts)
	pixels     int64 // decoded so far
	warnings   []string
	warned     map[string]bool
	model      *Model
}

func loadGLTF(fsys fs.FS, name string, lim AssetLimits) (*Model, error) {
	l, err := openGLTF(fsys, name, lim)
	if err != nil {
		return nil, err
	}
	if err := l.buildScene(); err != nil {
		return nil, err
	}
	if len(l.model.Parts) == 0 {
		l.warn("the scene draws nothing")
	}
	l.model.Warnings = l.warnings
	l.model.ComputeBounds()
	if !finite3(l.model.Lo) || !finite3(l.model.Hi) {
		return nil, assetErr(ErrAssetInvalid, "", "bounds %v %v are not finite (vertices times transforms overflow)", l.model.Lo, l.model.Hi)
	}
	return l.model, nil
}

// openGLTF reads, validates and resolves the document name: everything but
// decoding what the scene draws.
func openGLTF(fsys fs.FS, name string, lim AssetLimits) (*loader, error) {
	if fsys == nil {
		return nil, assetErr(ErrAssetInvalid, "", "nil file system")
	}
	if !fs.ValidPath(name) || name == "." {
		return nil, assetErr(ErrAssetInvalid, "", "not a valid fs.FS path (want slash-separated, relative, without ..)")
	}
	l := &loader{
		fsys:         fsys,
		dir:          path.Dir(name),
		lim:          lim,
		meshes:       make(map[meshKey]*Mesh),
		meshesByData: make(map[string]*Mesh),
		materials:    make(map[int]*Material),
		textures:     make(map[int]*Texture),
		images:       make(map[int]*imageResult),
		warned:       make(map[string]bool),
	}
	base := path.Base(name)
	l.model = &Model{Name: strings.TrimSuffix(base, path.Ext(base))}
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

// maxWarnings caps Model.Warnings; a hostile file cannot grow it further.
const maxWarnings = 64

// warn records a warning once.
func (l *loader) warn(msg string) {
	if l.warned[msg] || len(l.warnings) >= maxWarnings {
		return
	}
	l.warned[msg] = true
	l.warnings = append(l.warnings, msg)
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
