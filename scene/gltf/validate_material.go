package gltf

import (
	"fmt"

	qgltf "github.com/qmuntal/gltf"
)

func (l *loader) validateImages() error {
	doc := l.doc
	for i, img := range doc.Images {
		elem := fmt.Sprintf("image %d", i)
		if img == nil {
			return notObject(elem)
		}
		hasURI, hasBV := img.URI != "", img.BufferView != nil
		if hasURI == hasBV {
			return assetErr(ErrInvalid, elem, "exactly one of uri and bufferView must be defined")
		}
		if hasURI {
			if _, err := parseURI(img.URI); err != nil {
				return inElem(elem, err)
			}
			continue
		}
		if err := checkRef(elem, "bufferView", *img.BufferView, len(doc.BufferViews), "bufferView"); err != nil {
			return err
		}
		if img.MimeType == "" {
			return assetErr(ErrInvalid, elem, "mimeType is required with bufferView")
		}
		if doc.BufferViews[*img.BufferView].ByteStride != 0 {
			return assetErr(ErrInvalid, elem, "bufferView %d has a byteStride", *img.BufferView)
		}
	}
	return nil
}

func (l *loader) validateTextures() error {
	doc := l.doc
	for i, s := range doc.Samplers {
		if s == nil {
			return notObject(fmt.Sprintf("sampler %d", i))
		}
	}
	for i, t := range doc.Textures {
		elem := fmt.Sprintf("texture %d", i)
		if t == nil {
			return notObject(elem)
		}
		if err := checkOptRef(elem, "sampler", t.Sampler, len(doc.Samplers), "sampler"); err != nil {
			return err
		}
		if err := checkOptRef(elem, "source", t.Source, len(doc.Images), "image"); err != nil {
			return err
		}
	}
	return nil
}

// textureRef is one texture binding of a material.
type textureRef struct {
	field    string
	index    int
	texCoord int
	// ext holds the binding's extensions (KHR_texture_transform).
	ext qgltf.Extensions
}

// materialTextures lists the texture bindings of m, in the order of
// scene.Material.Textures (base colour, metallic-roughness, normal,
// occlusion, emissive), skipping empty slots.
func materialTextures(m *qgltf.Material) []textureRef {
	var refs []textureRef
	if p := m.PBRMetallicRoughness; p != nil {
		if t := p.BaseColorTexture; t != nil {
			refs = append(refs, textureRef{"baseColorTexture", t.Index, t.TexCoord, t.Extensions})
		}
		if t := p.MetallicRoughnessTexture; t != nil {
			refs = append(refs, textureRef{"metallicRoughnessTexture", t.Index, t.TexCoord, t.Extensions})
		}
	}
	if t := m.NormalTexture; t != nil && t.Index != nil {
		refs = append(refs, textureRef{"normalTexture", *t.Index, t.TexCoord, t.Extensions})
	}
	if t := m.OcclusionTexture; t != nil && t.Index != nil {
		refs = append(refs, textureRef{"occlusionTexture", *t.Index, t.TexCoord, t.Extensions})
	}
	if t := m.EmissiveTexture; t != nil {
		refs = append(refs, textureRef{"emissiveTexture", t.Index, t.TexCoord, t.Extensions})
	}
	return refs
}

func (l *loader) validateMaterials() error {
	doc := l.doc
	unit := func(v float64) bool { return v >= 0 && v <= 1 }
	for i, m := range doc.Materials {
		elem := fmt.Sprintf("material %d", i)
		if m == nil {
			return notObject(elem)
		}
		for _, t := range materialTextures(m) {
			if err := checkRef(elem, t.field, t.index, len(doc.Textures), "texture"); err != nil {
				return err
			}
			if t.texCoord < 0 || t.texCoord > maxTexCoordSet {
				return assetErr(ErrInvalid, elem, "%s: texCoord %d out of range", t.field, t.texCoord)
			}
		}
		if p := m.PBRMetallicRoughness; p != nil {
			f := p.BaseColorFactorOrDefault()
			if !unit(f[0]) || !unit(f[1]) || !unit(f[2]) || !unit(f[3]) || !unit(p.MetallicFactorOrDefault()) || !unit(p.RoughnessFactorOrDefault()) {
				return assetErr(ErrInvalid, elem, "pbrMetallicRoughness factor outside [0, 1]")
			}
		}
		if e := m.EmissiveFactor; !unit(e[0]) || !unit(e[1]) || !unit(e[2]) {
			return assetErr(ErrInvalid, elem, "emissiveFactor outside [0, 1]")
		}
		if err := checkAlphaCutoff(m); err != nil {
			return inElem(fmt.Sprintf("%s %q", elem, m.Name), err)
		}
	}
	return nil
}
