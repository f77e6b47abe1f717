package merge

import (
	"errors"
	"fmt"
	"image"
	"math"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// Options control Model.
type Options struct {
	// Name names the merged mesh, its material and the atlas textures.
	Name string
	// MaxTextureSide bounds the width and the height of every texture in
	// the atlas: a larger one is reduced by the smallest integer factor that
	// fits (each texel the mean of a block, in linear light). 0 keeps
	// textures at their full size.
	MaxTextureSide int
}

// Model merges the parts of m into one mesh and one material, so that a
// multi-part asset (a bottle and its cap) can be one scene.Object and so
// one instance label. The mesh is in m's frame (part transforms baked in,
// the winding of mirrored parts flipped back), each part's triangles in
// part order; the material's textures are atlases of the parts' textures
// and constants (see the package documentation), so that every part keeps
// its own colour, alpha, metalness, roughness, normal map, occlusion and
// emission; unlit comes from the part of largest surface area, and it is
// double-sided when any part is. Parts without triangles are skipped; a
// part whose mesh fails scene.Mesh.Validate is an error, as are a model
// that draws nothing and atlases of more than 64 Mi texels in all (lower
// MaxTextureSide).
//
// m is only read: the result shares nothing with it, and the same m and
// opt always give the same mesh, material and texels.
func Model(m *scene.Model, opt Options) (*scene.Mesh, *scene.Material, error) {
	if opt.MaxTextureSide < 0 {
		return nil, nil, fmt.Errorf("merge: MaxTextureSide %d is negative", opt.MaxTextureSide)
	}
	mesh, mat, err := merge(m, opt.Name, opt.MaxTextureSide)
	if err != nil {
		return nil, nil, fmt.Errorf("merge: %w", err)
	}
	return mesh, mat, nil
}

// swatch is the side in texels of a swatch in the atlas.
const swatch = 4

// uvSlack is how far outside [0, 1] texture coordinates may stray and still
// be atlased (clamped).
const uvSlack = 1e-3

// finish is what a part bakes into the atlases besides its textures: the
// material's constants, with alpha as the merged alpha mode needs it.
type finish struct {
	colour              scene.Color // base colour; A is the part's alpha factor
	metallic, roughness float32
	emissive            [3]float32
	normalScale         float32
	occlusion           float32 // occlusion strength
	alphaMode           scene.AlphaMode
	cutoff              float32
}

// slotKey identifies an atlas slot: the part's images and the constants
// baked into the slot's texels (the base colour's RGB is not baked; it
// goes into vertex colours).
type slotKey struct {
	imgs [5]*image.NRGBA // base colour, metallic-roughness, normal, occlusion, emissive
	f    finish
}

// partInfo is what merging needs to know of one part.
type partInfo struct {
	p        *scene.Part
	mat      *scene.Material
	f        finish
	textured bool // drawn through a slot (its texture coordinates lie in [0, 1])
	area     float64
	swatchAt int // index of the swatch, -1 when textured
	slot     int // index of the atlas slot, -1 when untextured
	// normalMapped: its normal texture goes into the atlas.
	normalMapped bool
}

// merge is Model; maxTex 0 keeps textures at full size.
func merge(m *scene.Model, name string, maxTex int) (*scene.Mesh, *scene.Material, error) {
	if m == nil || len(m.Parts) == 0 {
		return nil, nil, errors.New("model has no parts")
	}
	infos := make([]partInfo, 0, len(m.Parts))
	var slots []slotKey
	var swatches []finish
	slotOf := make(map[slotKey]int)
	swatchOf := make(map[finish]int)
	hasColors := false
	for i := range m.Parts {
		p := &m.Parts[i]
		if p.Mesh == nil || p.Mesh.NumTriangles() == 0 {
			continue
		}
		if err := p.Mesh.Validate(); err != nil {
			return nil, nil, fmt.Errorf("part %d (%q): %w", i, p.Name, err)
		}
		mat := p.Material
		if mat == nil {
			mat = scene.DefaultMaterial()
		}
		in := partInfo{p: p, mat: mat, f: finishOf(mat), area: surfaceArea(p.Mesh, p.Transform), swatchAt: -1, slot: -1}
		var key slotKey
		key.f = in.f
		hasUV := len(p.Mesh.UVs) == len(p.Mesh.Positions)
		inUnit := hasUV && uvsInUnit(p.Mesh, mat.UVTransform)
		for k, t := range mat.Textures() {
			if t == nil || t.Image == nil || t.Image.Rect.Empty() || !hasUV {
				continue
			}
			if inUnit {
				key.imgs[k] = t.Image
				in.textured = true
				in.normalMapped = in.normalMapped || k == 2
				continue
			}
			// A tiled texture cannot be atlased: its mean goes into the
			// constants (normal and occlusion maps are dropped).
			switch k {
			case 0:
				in.f.colour = mulColor(in.f.colour, averageColour(t.Image))
			case 1:
				g, b := averageLinear(t.Image)
				in.f.roughness *= g
				in.f.metallic *= b
			case 4:
				e := averageColour(t.Image)
				in.f.emissive = [3]float32{in.f.emissive[0] * e.R, in.f.emissive[1] * e.G, in.f.emissive[2] * e.B}
			}
		}
		if in.textured {
			key.f = in.f
			key.f.colour = scene.Color{R: 1, G: 1, B: 1, A: in.f.colour.A}
			s, ok := slotOf[key]
			if !ok {
				s = len(slots)
				slotOf[key] = s
				slots = append(slots, key)
			}
			in.slot = s
			// A textured part's base colour multiplies its texture: it goes
			// into vertex colours unless it is white.
			if !isWhite(in.f.colour) {
				hasColors = true
			}
		} else {
			s, ok := swatchOf[in.f]
			if !ok {
				s = len(swatches)
				swatchOf[in.f] = s
				swatches = append(swatches, in.f)
			}
			in.swatchAt = s
		}
		if len(p.Mesh.Colors) > 0 {
			hasColors = true
		}
		infos = append(infos, in)
	}
	if len(infos) == 0 {
		return nil, nil, errors.New("model draws no triangles")
	}
	maps := plan(infos, slots)
	at, err := buildAtlas(slots, swatches, maps, maxTex)
	if err != nil {
		return nil, nil, err
	}
	out := &scene.Mesh{Name: name}
	main := &infos[0]
	withTangents := keepsTangents(infos)
	for k := range infos {
		in := &infos[k]
		if in.area > main.area {
			main = in
		}
		appendPart(out, in, at, hasColors, withTangents)
	}
	mat := &scene.Material{
		Name:             name,
		BaseColor:        scene.RGB(1, 1, 1),
		BaseColorTexture: &scene.Texture{Name: name, Image: at.img, WrapS: scene.ClampToEdge, WrapT: scene.ClampToEdge},
		Metallic:         maps.metallic,
		Roughness:        maps.roughness,
		Emissive:         scene.RGB(maps.emissive[0], maps.emissive[1], maps.emissive[2]),
		Unlit:            main.mat.Unlit,
		AlphaMode:        maps.alphaMode,
	}
	var orm *scene.Texture
	if at.orm != nil {
		orm = &scene.Texture{Name: name + " ORM", Image: at.orm, WrapS: scene.ClampToEdge, WrapT: scene.ClampToEdge}
	}
	if maps.mr {
		mat.MetallicRoughnessTexture = orm
	}
	if maps.occlusion {
		mat.OcclusionTexture = orm
	}
	if at.nrm != nil {
		mat.NormalTexture = &scene.Texture{Name: name + " normal", Image: at.nrm, WrapS: scene.ClampToEdge, WrapT: scene.ClampToEdge}
	}
	if at.emi != nil {
		mat.EmissiveTexture = &scene.Texture{Name: name + " emissive", Image: at.emi, WrapS: scene.ClampToEdge, WrapT: scene.ClampToEdge}
	}
	for _, in := range infos {
		if in.mat.DoubleSided {
			mat.DoubleSided = true
		}
	}
	return out, mat, nil
}

// finishOf returns the constants of m that merging bakes.
func finishOf(m *scene.Material) finish {
	f := finish{
		colour:      m.BaseColor,
		metallic:    m.Metallic,
		roughness:   m.Roughness,
		emissive:    [3]float32{m.Emissive.R, m.Emissive.G, m.Emissive.B},
		normalScale: m.NormalStrength(),
		occlusion:   m.Occlusion(),
		alphaMode:   m.AlphaMode,
	}
	switch m.AlphaMode {
	case scene.AlphaMask:
		f.cutoff = m.Cutoff()
	case scene.AlphaBlend:
	default:
		f.colour.A = 1
	}
	return f
}

// mapPlan says which atlases the merged material needs and the constants
// of those it does without.
type mapPlan struct {
	alphaMode           scene.AlphaMode
	mr, occlusion       bool // an ORM atlas: its G and B for metallic-roughness, its R for occlusion
	normal, emission    bool
	metallic, roughness float32    // the material's factors: 1 with an MR atlas, else the parts' common values
	emissive            [3]float32 // the factor: the per-channel maximum with an emissive atlas, else the common value
}

// plan decides which atlases the parts need: metallic-roughness when a
// slot has such a texture or the parts' factors differ, occlusion and
// normal maps when a slot has one, emission when a slot has an emissive
// texture or the parts' emission differs; the alpha mode is BLEND when
// any part blends, else MASK when any part masks, else OPAQUE.
func plan(infos []partInfo, slots []slotKey) mapPlan {
	pl := mapPlan{metallic: infos[0].f.metallic, roughness: infos[0].f.roughness, emissive: infos[0].f.emissive}
	for _, in := range infos {
		f := in.f
		if f.metallic != pl.metallic || f.roughness != pl.roughness {
			pl.mr = true
		}
		if f.emissive != infos[0].f.emissive {
			pl.emission = true
		}
		for c := range 3 {
			pl.emissive[c] = max(pl.emissive[c], f.emissive[c])
		}
		switch {
		case f.alphaMode == scene.AlphaBlend:
			pl.alphaMode = scene.AlphaBlend
		case f.alphaMode == scene.AlphaMask && pl.alphaMode == scene.AlphaOpaque:
			pl.alphaMode = scene.AlphaMask
		}
	}
	for _, s := range slots {
		pl.mr = pl.mr || s.imgs[1] != nil
		pl.normal = pl.normal || s.imgs[2] != nil
		pl.occlusion = pl.occlusion || s.imgs[3] != nil
		pl.emission = pl.emission || s.imgs[4] != nil
	}
	if pl.mr {
		pl.metallic, pl.roughness = 1, 1
	}
	if !pl.emission {
		pl.emissive = infos[0].f.emissive
	}
	return pl
}

// keepsTangents reports whether the merged mesh carries vertex tangents:
// when some normal-mapped part has them and every normal-mapped part does
// (with vertex normals). Otherwise every frame is derived from the UVs.
func keepsTangents(infos []partInfo) bool {
	some := false
	for _, in := range infos {
		if !in.normalMapped {
			continue
		}
		m := in.p.Mesh
		if len(m.Tangents) == 0 || len(m.Normals) == 0 {
			return false
		}
		some = true
	}
	return some
}

// appendPart appends one part's triangles to out, baking its transform,
// remapping its UVs into the atlas and, when the merged mesh has vertex
// colours, its base colour into them. With withTangents it appends a
// tangent per vertex: the part's own, turned by its transform (the
// handedness negated when it mirrors), or for a part without a normal map
// (whose atlas texels are flat) any direction across its normal.
func appendPart(out *scene.Mesh, in *partInfo, at *atlas, withColors, withTangents bool) {
	m := in.p.Mesh
	t := in.p.Transform
	lin := t.Mat3()
	nm := lin.Inv().Transpose()
	flip := lin.Det() < 0
	var uvt mgl32.Mat3
	var tex image.Rectangle
	if in.textured {
		uvt = uvTransformOf(in.mat)
		tex = at.slots[in.slot]
	}
	var swUV mgl32.Vec2
	if in.swatchAt >= 0 {
		p := at.sw[in.swatchAt]
		swUV = mgl32.Vec2{(float32(p.X) + swatch/2) / at.wf, (float32(p.Y) + swatch/2) / at.hf}
	}
	flat := len(m.Normals) != len(m.Positions)
	var remap []int32 // output index of each input vertex, -1 until emitted
	if !flat {
		remap = make([]int32, len(m.Positions))
		for i := range remap {
			remap[i] = -1
		}
	}
	vertex := func(i uint32, faceN mgl32.Vec3) uint32 {
		if !flat && remap[i] >= 0 {
			return uint32(remap[i])
		}
		j := uint32(len(out.Positions))
		p := m.Positions[i]
		w := mgl64.TransformCoordinate(mgl64.Vec3{float64(p[0]), float64(p[1]), float64(p[2])}, t)
		out.Positions = append(out.Positions, mgl32.Vec3{float32(w[0]), float32(w[1]), float32(w[2])})
		n := faceN
		if !flat {
			q := m.Normals[i]
			v := nm.Mul3x1(mgl64.Vec3{float64(q[0]), float64(q[1]), float64(q[2])})
			if l := v.Len(); l > 0 {
				v = v.Mul(1 / l)
			}
			n = mgl32.Vec3{float32(v[0]), float32(v[1]), float32(v[2])}
		}
		out.Normals = append(out.Normals, n)
		if withTangents {
			out.Tangents = append(out.Tangents, tangentOf(m, i, lin, flip, n))
		}
		uv := swUV
		if in.textured {
			src := m.UVs[i]
			u := uvt[0]*src[0] + uvt[3]*src[1] + uvt[6]
			v := uvt[1]*src[0] + uvt[4]*src[1] + uvt[7]
			u, v = clamp32(u, 0, 1), clamp32(v, 0, 1)
			uv = mgl32.Vec2{(float32(tex.Min.X) + u*float32(tex.Dx())) / at.wf, (float32(tex.Min.Y) + v*float32(tex.Dy())) / at.hf}
		}
		out.UVs = append(out.UVs, uv)
		if withColors {
			c := in.f.colour
			if !in.textured {
				c = scene.RGB(1, 1, 1) // the swatch holds it
			}
			if len(m.Colors) == len(m.Positions) {
				c = mulColor(c, vec4Color(m.Colors[i]))
			}
			a := float32(1) // the part's alpha factor is in the atlas
			if in.f.alphaMode == scene.AlphaBlend && len(m.Colors) == len(m.Positions) {
				a = m.Colors[i][3]
			}
			out.Colors = append(out.Colors, mgl32.Vec4{c.R, c.G, c.B, a})
		}
		if !flat {
			remap[i] = int32(j)
		}
		return j
	}
	for k := 0; k+2 < len(m.Indices); k += 3 {
		a, b, c := m.Indices[k], m.Indices[k+1], m.Indices[k+2]
		var fn mgl32.Vec3
		if flat {
			pa, pb, pc := tp(m.Positions[a], t), tp(m.Positions[b], t), tp(m.Positions[c], t)
			n := pb.Sub(pa).Cross(pc.Sub(pa))
			if flip {
				n = n.Mul(-1)
			}
			if l := n.Len(); l > 0 {
				n = n.Mul(1 / l)
			}
			fn = mgl32.Vec3{float32(n[0]), float32(n[1]), float32(n[2])}
		}
		ia, ib, ic := vertex(a, fn), vertex(b, fn), vertex(c, fn)
		if flip {
			ib, ic = ic, ib
		}
		out.Indices = append(out.Indices, ia, ib, ic)
	}
}

// uvTransformOf returns the material's UV transform, the identity for the
// zero matrix.
func uvTransformOf(m *scene.Material) mgl32.Mat3 {
	if m == nil || m.UVTransform == (mgl32.Mat3{}) {
		return mgl32.Ident3()
	}
	return m.UVTransform
}

// tp transforms a mesh position by t.
func tp(p mgl32.Vec3, t mgl64.Mat4) mgl64.Vec3 {
	return mgl64.TransformCoordinate(mgl64.Vec3{float64(p[0]), float64(p[1]), float64(p[2])}, t)
}

// surfaceArea returns the area of m's triangles placed by t.
func surfaceArea(m *scene.Mesh, t mgl64.Mat4) float64 {
	a := 0.0
	for k := 0; k+2 < len(m.Indices); k += 3 {
		p0, p1, p2 := tp(m.Positions[m.Indices[k]], t), tp(m.Positions[m.Indices[k+1]], t), tp(m.Positions[m.Indices[k+2]], t)
		a += p1.Sub(p0).Cross(p2.Sub(p0)).Len() / 2
	}
	return a
}

// uvsInUnit reports whether every UV of m, after the material's transform,
// lies in [0, 1] (within uvSlack), so that the texture can be atlased.
func uvsInUnit(m *scene.Mesh, t mgl32.Mat3) bool {
	if t == (mgl32.Mat3{}) {
		t = mgl32.Ident3()
	}
	for _, i := range m.Indices {
		src := m.UVs[i]
		u := t[0]*src[0] + t[3]*src[1] + t[6]
		v := t[1]*src[0] + t[4]*src[1] + t[7]
		if !(u >= -uvSlack && u <= 1+uvSlack && v >= -uvSlack && v <= 1+uvSlack) {
			return false
		}
	}
	return true
}

// tangentOf returns the merged tangent of vertex i of part mesh m under
// linear transform lin (flip: it mirrors), whose merged normal is n: m's
// tangent turned by lin, or, when m has none, a unit vector across n.
func tangentOf(m *scene.Mesh, i uint32, lin mgl64.Mat3, flip bool, n mgl32.Vec3) mgl32.Vec4 {
	if len(m.Tangents) == len(m.Positions) && len(m.Normals) == len(m.Positions) {
		q := m.Tangents[i]
		v := lin.Mul3x1(mgl64.Vec3{float64(q[0]), float64(q[1]), float64(q[2])})
		if l := v.Len(); l > 0 {
			v = v.Mul(1 / l)
		}
		w := q[3]
		if flip {
			w = -w
		}
		return mgl32.Vec4{float32(v[0]), float32(v[1]), float32(v[2]), w}
	}
	axis := mgl32.Vec3{1, 0, 0}
	if math.Abs(float64(n[0])) > 0.5 {
		axis = mgl32.Vec3{0, 1, 0}
	}
	c := n.Cross(axis)
	if l := c.Len(); l > 0 {
		c = c.Mul(1 / l)
	} else {
		c = mgl32.Vec3{0, 0, 1}
	}
	return mgl32.Vec4{c[0], c[1], c[2], 1}
}
