package gltf

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"

	"github.com/go-gl/mathgl/mgl32"
	qgltf "github.com/qmuntal/gltf"

	"github.com/synthkit/synthkit/scene"
)

// Material extensions this loader implements.
const (
	extUnlit            = "KHR_materials_unlit"
	extTextureTransform = "KHR_texture_transform"
	extEmissiveStrength = "KHR_materials_emissive_strength"
)

// defaultMaterial is the material of a primitive without one (glTF 2.0
// §3.9.6): white, fully metallic, fully rough, single-sided.
func defaultMaterial() *scene.Material {
	return &scene.Material{Name: "glTF default", BaseColor: scene.Color{R: 1, G: 1, B: 1, A: 1}, Metallic: 1, Roughness: 1}
}

// extension decodes the extension name of ext into v, whether qmuntal/gltf
// decoded it into its own type (when its ext package is linked in) or kept
// it as raw JSON. It reports whether the extension is present.
func extension(ext qgltf.Extensions, name string, v any) (bool, error) {
	raw, ok := ext[name]
	if !ok {
		return false, nil
	}
	b, isRaw := raw.(json.RawMessage)
	if !isRaw {
		var err error
		if b, err = json.Marshal(raw); err != nil {
			return true, assetErr(ErrInvalid, name, "%v", err)
		}
	}
	if err := json.Unmarshal(b, v); err != nil {
		return true, assetErr(ErrInvalid, name, "%v", err)
	}
	return true, nil
}

// textureTransform is the KHR_texture_transform extension object.
type textureTransform struct {
	Offset   [2]float64 `json:"offset"`
	Rotation float64    `json:"rotation"`
	Scale    [2]float64 `json:"scale"`
	TexCoord *int       `json:"texCoord"`
}

// uvTransform returns the transform of a texture binding (the zero matrix,
// meaning identity, without KHR_texture_transform) and the TEXCOORD set it
// reads.
func uvTransform(t textureRef) (mgl32.Mat3, int, error) {
	tt := textureTransform{Scale: [2]float64{1, 1}}
	ok, err := extension(t.ext, extTextureTransform, &tt)
	if err != nil || !ok {
		return mgl32.Mat3{}, t.texCoord, err
	}
	set := t.texCoord
	if tt.TexCoord != nil {
		set = *tt.TexCoord
	}
	if set < 0 || set > maxTexCoordSet {
		return mgl32.Mat3{}, 0, assetErr(ErrInvalid, extTextureTransform, "texCoord %d out of range", set)
	}
	return textureTransformMatrix(tt.Offset, tt.Rotation, tt.Scale), set, nil
}

// textureTransformMatrix returns T·R·S of KHR_texture_transform as a
// column-major matrix acting on (u, v, 1): u' = sx·cos·u + sy·sin·v + ox,
// v' = −sx·sin·u + sy·cos·v + oy. (Rotating by r turns the UVs
// counter-clockwise, the image clockwise.)
func textureTransformMatrix(offset [2]float64, rotation float64, scale [2]float64) mgl32.Mat3 {
	s, c := math.Sincos(rotation)
	return mgl32.Mat3{
		float32(scale[0] * c), float32(-scale[0] * s), 0,
		float32(scale[1] * s), float32(scale[1] * c), 0,
		float32(offset[0]), float32(offset[1]), 1,
	}
}

// materialUVSet returns the TEXCOORD set the textures of material mi
// read: that of its first texture binding (the base colour's when it has
// one; see convertMaterial), 0 without a material or textures.
func (l *loader) materialUVSet(mi *int) (int, error) {
	if mi == nil {
		return 0, nil
	}
	refs := materialTextures(l.doc.Materials[*mi])
	if len(refs) == 0 {
		return 0, nil
	}
	_, set, err := uvTransform(refs[0])
	return set, inElem(fmt.Sprintf("material %d %s", *mi, refs[0].field), err)
}

// material converts material mi (nil: the glTF default), once.
func (l *loader) material(mi *int) (*scene.Material, error) {
	if mi == nil {
		if l.defaultMat == nil {
			l.defaultMat = defaultMaterial()
		}
		return l.defaultMat, nil
	}
	if m, ok := l.materials[*mi]; ok {
		return m, nil
	}
	elem := fmt.Sprintf("material %d", *mi)
	m, err := l.convertMaterial(*mi, l.doc.Materials[*mi])
	if err != nil {
		return nil, inElem(elem, err)
	}
	l.materials[*mi] = m
	return m, nil
}

func (l *loader) convertMaterial(mi int, gm *qgltf.Material) (*scene.Material, error) {
	m := defaultMaterial()
	m.Name = gm.Name
	if m.Name == "" {
		m.Name = fmt.Sprintf("material %d", mi)
	}
	if p := gm.PBRMetallicRoughness; p != nil {
		f := p.BaseColorFactorOrDefault()
		m.BaseColor = scene.Color{R: float32(f[0]), G: float32(f[1]), B: float32(f[2]), A: float32(f[3])}
		m.Metallic = float32(p.MetallicFactorOrDefault())
		m.Roughness = float32(p.RoughnessFactorOrDefault())
	}
	e := gm.EmissiveFactor
	var strength struct {
		EmissiveStrength *float64 `json:"emissiveStrength"`
	}
	if ok, err := extension(gm.Extensions, extEmissiveStrength, &strength); err != nil {
		return nil, err
	} else if ok && strength.EmissiveStrength != nil {
		k := *strength.EmissiveStrength
		if !(k >= 0) || math.IsInf(k, 0) {
			return nil, assetErr(ErrInvalid, extEmissiveStrength, "emissiveStrength %g, want a finite value >= 0", k)
		}
		e = [3]float64{e[0] * k, e[1] * k, e[2] * k}
	}
	m.Emissive = scene.Color{R: float32(e[0]), G: float32(e[1]), B: float32(e[2]), A: 1}
	m.DoubleSided = gm.DoubleSided
	_, m.Unlit = gm.Extensions[extUnlit]
	if t := gm.NormalTexture; t != nil {
		k := t.ScaleOrDefault()
		if !(math.Abs(k) <= maxNormalScale) {
			return nil, assetErr(ErrInvalid, "normalTexture", "scale %g, want a finite value within ±%d", k, maxNormalScale)
		}
		if m.NormalScale = float32(k); m.NormalScale == 0 {
			// scene.Material reads 0 as the default 1: the smallest
			// float32 keeps the map (practically) flat instead.
			m.NormalScale = math.SmallestNonzeroFloat32
		}
	}
	if t := gm.OcclusionTexture; t != nil {
		k := t.StrengthOrDefault()
		if !(k >= 0 && k <= 1) {
			return nil, assetErr(ErrInvalid, "occlusionTexture", "strength %g outside [0, 1]", k)
		}
		if m.OcclusionStrength = float32(k); m.OcclusionStrength == 0 {
			m.OcclusionStrength = math.SmallestNonzeroFloat32
		}
	}
	if err := l.materialTextures(m, gm); err != nil {
		return nil, err
	}
	m.AlphaMode, m.AlphaCutoff = alphaMode(gm)
	names := make([]string, 0, len(gm.Extensions))
	for name := range gm.Extensions {
		if name != extUnlit && name != extEmissiveStrength {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		l.warn(fmt.Sprintf("material extension %s ignored", name))
	}
	return m, nil
}

// maxNormalScale bounds |normalTexture.scale| (scene.Material's limit).
const maxNormalScale = 100

// materialTextures loads the texture bindings of gm into m's slots. They
// all read one set of texture coordinates through one transform (a
// scene.Material has one UVTransform): those of the first binding, the
// base colour's when there is one. A binding that reads another TEXCOORD
// set or has another KHR_texture_transform is left out with a warning.
func (l *loader) materialTextures(m *scene.Material, gm *qgltf.Material) error {
	refs := materialTextures(gm)
	var set int
	for k, ref := range refs {
		uvt, s, err := uvTransform(ref)
		if err != nil {
			return inElem(ref.field, err)
		}
		if k == 0 {
			m.UVTransform, set = uvt, s
		} else if s != set || uvt != m.UVTransform {
			l.warn(fmt.Sprintf("%s ignored: it reads TEXCOORD_%d through a transform other than %s's (one set and transform per material)", ref.field, s, refs[0].field))
			continue
		}
		tex, err := l.texture(ref.index)
		if err != nil {
			return inElem(ref.field, err)
		}
		switch ref.field {
		case "baseColorTexture":
			m.BaseColorTexture = tex
		case "metallicRoughnessTexture":
			m.MetallicRoughnessTexture = tex
		case "normalTexture":
			m.NormalTexture = tex
		case "occlusionTexture":
			m.OcclusionTexture = tex
		case "emissiveTexture":
			m.EmissiveTexture = tex
		}
	}
	return nil
}

// checkAlphaCutoff refuses an alphaCutoff outside [0, 1] (glTF requires
// it to be >= 0; above 1 no alpha could pass) or not finite. The loader's
// validation calls it for every material.
func checkAlphaCutoff(gm *qgltf.Material) error {
	if gm.AlphaCutoff == nil {
		return nil
	}
	if c := *gm.AlphaCutoff; !(c >= 0 && c <= 1) {
		return assetErr(ErrInvalid, "", "alphaCutoff %g outside [0, 1]", c)
	}
	return nil
}

// alphaMode maps glTF's alphaMode and alphaCutoff (checked by
// checkAlphaCutoff) to the scene's. The coverage alpha a renderer tests or
// blends with is baseColorFactor alpha × base colour texture alpha ×
// COLOR_0 alpha, as glTF specifies. A glTF cutoff of exactly 0 (every
// sample passes) cannot be expressed in scene.Material, where 0 means the
// default 0.5: it becomes the smallest positive float32, which differs only
// for samples of alpha exactly 0.
func alphaMode(gm *qgltf.Material) (scene.AlphaMode, float32) {
	switch gm.AlphaMode {
	case qgltf.AlphaMask:
		c := float32(gm.AlphaCutoffOrDefault())
		if c == 0 {
			c = math.SmallestNonzeroFloat32
		}
		return scene.AlphaMask, c
	case qgltf.AlphaBlend:
		return scene.AlphaBlend, 0
	}
	return scene.AlphaOpaque, 0
}

// texture converts texture ti with its sampler, once. A texture without a
// PNG or JPEG source (one given only by an extension such as
// KHR_texture_basisu) is unsupported.
func (l *loader) texture(ti int) (*scene.Texture, error) {
	if t, ok := l.textures[ti]; ok {
		return t, nil
	}
	elem := fmt.Sprintf("texture %d", ti)
	if ti < 0 || ti >= len(l.doc.Textures) {
		return nil, assetErr(ErrInvalid, elem, "does not exist")
	}
	gt := l.doc.Textures[ti]
	if gt.Source == nil {
		return nil, assetErr(ErrUnsupported, elem, "no source image (only PNG and JPEG sources are supported)")
	}
	img, err := l.decodeImage(*gt.Source)
	if err != nil {
		return nil, inElem(elem, err)
	}
	t := &scene.Texture{Name: gt.Name, Image: img}
	if t.Name == "" {
		t.Name = fmt.Sprintf("texture %d", ti)
	}
	if gt.Sampler != nil {
		s := l.doc.Samplers[*gt.Sampler]
		t.WrapS, t.WrapT = wrapMode(s.WrapS), wrapMode(s.WrapT)
		t.Nearest = s.MagFilter == qgltf.MagNearest
	}
	l.textures[ti] = t
	return t, nil
}

func wrapMode(w qgltf.WrappingMode) scene.Wrap {
	switch w {
	case qgltf.WrapClampToEdge:
		return scene.ClampToEdge
	case qgltf.WrapMirroredRepeat:
		return scene.MirroredRepeat
	}
	return scene.Repeat
}
