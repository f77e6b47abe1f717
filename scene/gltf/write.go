package gltf

import (
	"bytes"
	"fmt"
	"image/png"
	"io"
	"math"
	"slices"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"
	qgltf "github.com/qmuntal/gltf"
	"github.com/qmuntal/gltf/modeler"

	"github.com/synthkit/synthkit/scene"
)

// WriteGLB writes m as a binary glTF 2.0 file (GLB) that LoadFS reads
// back to the same parts: one node per part (its transform as a matrix),
// one mesh per distinct mesh and material pair, with positions, normals,
// UVs, vertex colours and indices written exactly; materials with their
// base colour, metallic, roughness, emissive (KHR_materials_emissive_strength
// above 1), doubleSided and unlit (KHR_materials_unlit) settings; base colour
// textures embedded as PNG with their wrap modes and UV transform
// (KHR_texture_transform). A part with a nil material gets DefaultMaterial,
// written out explicitly so that it does not turn into glTF's default.
//
// It returns an error, and writes nothing useful, for what glTF cannot
// hold: an empty or invalid mesh, colour factors outside [0, 1], a UV
// transform with shear, a projective part transform.
func WriteGLB(w io.Writer, m *scene.Model) error {
	if m == nil {
		return fmt.Errorf("write glb: nil model")
	}
	wr := &glbWriter{
		doc: &qgltf.Document{
			Asset:  qgltf.Asset{Version: "2.0", Generator: "synthkit"},
			Scene:  qgltf.Index(0),
			Scenes: []*qgltf.Scene{{Name: m.Name}},
		},
		meshAttrs: make(map[*scene.Mesh]meshAccessors),
		meshes:    make(map[meshMat]int),
		materials: make(map[*scene.Material]int),
		textures:  make(map[*scene.Texture]int),
	}
	for i := range m.Parts {
		if err := wr.addPart(&m.Parts[i]); err != nil {
			return fmt.Errorf("write glb %q: part %d (%q): %w", m.Name, i, m.Parts[i].Name, err)
		}
	}
	ew := &errWriter{w: w}
	if err := qgltf.NewEncoder(ew).Encode(wr.doc); err != nil {
		return fmt.Errorf("write glb %q: %w", m.Name, err)
	}
	if ew.err != nil {
		return fmt.Errorf("write glb %q: %w", m.Name, ew.err)
	}
	return nil
}

// errWriter remembers the first write error (qmuntal/gltf's encoder does
// not check all of them).
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

type meshMat struct {
	mesh *scene.Mesh
	mat  *scene.Material
}

type meshAccessors struct {
	attrs   qgltf.PrimitiveAttributes
	indices int
}

type glbWriter struct {
	doc       *qgltf.Document
	meshAttrs map[*scene.Mesh]meshAccessors
	meshes    map[meshMat]int
	materials map[*scene.Material]int
	textures  map[*scene.Texture]int
	defMat    *scene.Material
}

func (wr *glbWriter) addPart(p *scene.Part) error {
	t := p.Transform
	if t[3] != 0 || t[7] != 0 || t[11] != 0 || t[15] != 1 || !finite(t[:]...) {
		return fmt.Errorf("transform is not affine and finite")
	}
	if p.Mesh == nil {
		return fmt.Errorf("nil mesh")
	}
	mat := p.Material
	if mat == nil {
		if wr.defMat == nil {
			wr.defMat = scene.DefaultMaterial()
		}
		mat = wr.defMat
	}
	mi, err := wr.mesh(p.Mesh, mat)
	if err != nil {
		return err
	}
	node := &qgltf.Node{Name: p.Name, Mesh: qgltf.Index(mi), Matrix: qgltf.DefaultMatrix, Rotation: qgltf.DefaultRotation, Scale: qgltf.DefaultScale}
	if t != mgl64.Ident4() {
		node.Matrix = [16]float64(t)
	}
	wr.doc.Nodes = append(wr.doc.Nodes, node)
	wr.doc.Scenes[0].Nodes = append(wr.doc.Scenes[0].Nodes, len(wr.doc.Nodes)-1)
	return nil
}

// mesh returns the glTF mesh for a mesh and material pair, writing its
// vertex data once per mesh.
func (wr *glbWriter) mesh(m *scene.Mesh, mat *scene.Material) (int, error) {
	if i, ok := wr.meshes[meshMat{m, mat}]; ok {
		return i, nil
	}
	acc, ok := wr.meshAttrs[m]
	if !ok {
		var err error
		if acc, err = wr.writeMeshData(m); err != nil {
			return 0, fmt.Errorf("mesh %q: %w", m.Name, err)
		}
		wr.meshAttrs[m] = acc
	}
	matIdx, err := wr.material(mat)
	if err != nil {
		return 0, fmt.Errorf("material %q: %w", mat.Name, err)
	}
	wr.doc.Meshes = append(wr.doc.Meshes, &qgltf.Mesh{
		Name: m.Name,
		Primitives: []*qgltf.Primitive{{
			Attributes: acc.attrs,
			Indices:    qgltf.Index(acc.indices),
			Material:   qgltf.Index(matIdx),
			Mode:       qgltf.PrimitiveTriangles,
		}},
	})
	i := len(wr.doc.Meshes) - 1
	wr.meshes[meshMat{m, mat}] = i
	return i, nil
}

func (wr *glbWriter) writeMeshData(m *scene.Mesh) (meshAccessors, error) {
	if err := m.Validate(); err != nil {
		return meshAccessors{}, err
	}
	if len(m.Positions) == 0 || len(m.Indices) == 0 {
		return meshAccessors{}, fmt.Errorf("no triangles")
	}
	if len(m.Positions) >= math.MaxUint32 {
		return meshAccessors{}, fmt.Errorf("%d vertices are too many", len(m.Positions))
	}
	doc := wr.doc
	pos := make([][3]float32, len(m.Positions))
	for i, p := range m.Positions {
		pos[i] = p
	}
	attrs := qgltf.PrimitiveAttributes{qgltf.POSITION: modeler.WritePosition(doc, pos)}
	if len(m.Normals) > 0 {
		nrm := make([][3]float32, len(m.Normals))
		for i, n := range m.Normals {
			nrm[i] = n
		}
		attrs[qgltf.NORMAL] = modeler.WriteNormal(doc, nrm)
	}
	if len(m.UVs) > 0 {
		uv := make([][2]float32, len(m.UVs))
		for i, t := range m.UVs {
			uv[i] = t
		}
		attrs[qgltf.TEXCOORD_0] = modeler.WriteTextureCoord(doc, uv)
	}
	if len(m.Tangents) > 0 && len(m.Normals) > 0 {
		tan := make([][4]float32, len(m.Tangents))
		for i, t := range m.Tangents {
			tan[i] = t
		}
		attrs[qgltf.TANGENT] = modeler.WriteTangent(doc, tan)
	}
	if len(m.Colors) > 0 {
		col := make([][4]float32, len(m.Colors))
		for i, c := range m.Colors {
			col[i] = c
		}
		attrs[qgltf.COLOR_0] = modeler.WriteColor(doc, col)
	}
	var indices int
	// The largest value of an index type is reserved (primitive restart).
	if len(m.Positions) < math.MaxUint16 {
		idx := make([]uint16, len(m.Indices))
		for i, v := range m.Indices {
			idx[i] = uint16(v)
		}
		indices = modeler.WriteIndices(doc, idx)
	} else {
		indices = modeler.WriteIndices(doc, slices.Clone(m.Indices))
	}
	return meshAccessors{attrs: attrs, indices: indices}, nil
}

func (wr *glbWriter) material(mat *scene.Material) (int, error) {
	if i, ok := wr.materials[mat]; ok {
		return i, nil
	}
	unit := func(vs ...float32) bool {
		for _, v := range vs {
			if !(v >= 0 && v <= 1) {
				return false
			}
		}
		return true
	}
	c := mat.BaseColor
	if !unit(c.R, c.G, c.B, c.A, mat.Metallic, mat.Roughness) {
		return 0, fmt.Errorf("base colour, metallic or roughness outside [0, 1]")
	}
	gm := &qgltf.Material{
		Name: mat.Name,
		PBRMetallicRoughness: &qgltf.PBRMetallicRoughness{
			BaseColorFactor: &[4]float64{float64(c.R), float64(c.G), float64(c.B), float64(c.A)},
			MetallicFactor:  qgltf.Float(float64(mat.Metallic)),
			RoughnessFactor: qgltf.Float(float64(mat.Roughness)),
		},
		DoubleSided: mat.DoubleSided,
	}
	e := mat.Emissive
	if !(e.R >= 0 && e.G >= 0 && e.B >= 0) || !finite(float64(e.R+e.G+e.B)) {
		return 0, fmt.Errorf("emissive colour must be finite and non-negative")
	}
	if k := max(e.R, e.G, e.B); k > 1 {
		gm.EmissiveFactor = [3]float64{float64(e.R / k), float64(e.G / k), float64(e.B / k)}
		wr.extension(&gm.Extensions, extEmissiveStrength, map[string]any{"emissiveStrength": float64(k)})
	} else {
		gm.EmissiveFactor = [3]float64{float64(e.R), float64(e.G), float64(e.B)}
	}
	if mat.Unlit {
		wr.extension(&gm.Extensions, extUnlit, map[string]any{})
	}
	switch mat.AlphaMode {
	case scene.AlphaMask:
		gm.AlphaMode = qgltf.AlphaMask
		gm.AlphaCutoff = qgltf.Float(float64(mat.Cutoff()))
	case scene.AlphaBlend:
		gm.AlphaMode = qgltf.AlphaBlend
	}
	var uvExt qgltf.Extensions // every binding shares the material's UV transform
	if u := mat.UVTransform; u != (mgl32.Mat3{}) && u != mgl32.Ident3() {
		offset, rot, scale, ok := decomposeUVTransform(u)
		if !ok {
			return 0, fmt.Errorf("UV transform %v is not offset·rotation·scale", u)
		}
		wr.extension(&uvExt, extTextureTransform, map[string]any{"offset": offset, "rotation": rot, "scale": scale})
	}
	for k, t := range mat.Textures() {
		if t == nil {
			continue
		}
		ti, err := wr.texture(t)
		if err != nil {
			return 0, err
		}
		var ext qgltf.Extensions
		if uvExt != nil {
			ext = qgltf.Extensions{extTextureTransform: uvExt[extTextureTransform]}
		}
		info := &qgltf.TextureInfo{Index: ti, Extensions: ext}
		switch k {
		case 0:
			gm.PBRMetallicRoughness.BaseColorTexture = info
		case 1:
			gm.PBRMetallicRoughness.MetallicRoughnessTexture = info
		case 2:
			gm.NormalTexture = &qgltf.NormalTexture{Index: qgltf.Index(ti), Extensions: ext}
			if s := mat.NormalStrength(); s != 1 {
				gm.NormalTexture.Scale = qgltf.Float(float64(s))
			}
		case 3:
			gm.OcclusionTexture = &qgltf.OcclusionTexture{Index: qgltf.Index(ti), Extensions: ext}
			if s := mat.Occlusion(); s != 1 {
				gm.OcclusionTexture.Strength = qgltf.Float(float64(s))
			}
		case 4:
			gm.EmissiveTexture = info
		}
	}
	wr.doc.Materials = append(wr.doc.Materials, gm)
	i := len(wr.doc.Materials) - 1
	wr.materials[mat] = i
	return i, nil
}

// extension sets an extension object and lists it in extensionsUsed.
func (wr *glbWriter) extension(ext *qgltf.Extensions, name string, v any) {
	if *ext == nil {
		*ext = qgltf.Extensions{}
	}
	(*ext)[name] = v
	if !slices.Contains(wr.doc.ExtensionsUsed, name) {
		wr.doc.ExtensionsUsed = append(wr.doc.ExtensionsUsed, name)
	}
}

func (wr *glbWriter) texture(t *scene.Texture) (int, error) {
	if i, ok := wr.textures[t]; ok {
		return i, nil
	}
	if t.Image == nil || t.Image.Rect.Empty() {
		return 0, fmt.Errorf("texture %q has no image", t.Name)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, t.Image); err != nil {
		return 0, fmt.Errorf("texture %q: %w", t.Name, err)
	}
	doc := wr.doc
	img, err := modeler.WriteImage(doc, t.Name, formatPNG, &buf)
	if err != nil {
		return 0, fmt.Errorf("texture %q: %w", t.Name, err)
	}
	wrap := map[scene.Wrap]qgltf.WrappingMode{scene.Repeat: qgltf.WrapRepeat, scene.ClampToEdge: qgltf.WrapClampToEdge, scene.MirroredRepeat: qgltf.WrapMirroredRepeat}
	s := &qgltf.Sampler{WrapS: wrap[t.WrapS], WrapT: wrap[t.WrapT], MagFilter: qgltf.MagLinear, MinFilter: qgltf.MinLinear}
	if t.Nearest {
		s.MagFilter, s.MinFilter = qgltf.MagNearest, qgltf.MinNearest
	}
	doc.Samplers = append(doc.Samplers, s)
	doc.Textures = append(doc.Textures, &qgltf.Texture{Name: t.Name, Sampler: qgltf.Index(len(doc.Samplers) - 1), Source: qgltf.Index(img)})
	i := len(doc.Textures) - 1
	wr.textures[t] = i
	return i, nil
}

// decomposeUVTransform inverts textureTransformMatrix, reporting false for
// matrices with shear or a projective part.
func decomposeUVTransform(m mgl32.Mat3) (offset [2]float64, rotation float64, scale [2]float64, ok bool) {
	if m[2] != 0 || m[5] != 0 || m[8] != 1 {
		return offset, 0, scale, false
	}
	m0, m1, m3, m4 := float64(m[0]), float64(m[1]), float64(m[3]), float64(m[4])
	sx := math.Hypot(m0, m1)
	if sx == 0 {
		return offset, 0, scale, false
	}
	c, s := m0/sx, -m1/sx
	sy := m3*s + m4*c
	tol := 1e-6 * (1 + math.Abs(sy))
	if math.Abs(m3-sy*s) > tol || math.Abs(m4-sy*c) > tol {
		return offset, 0, scale, false
	}
	return [2]float64{float64(m[6]), float64(m[7])}, math.Atan2(s, c), [2]float64{sx, sy}, true
}
