package product

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// Mesh building helpers shared by the product kinds. Faces are emitted in
// "print order": a quad's corners are given as its printed artwork is seen
// from outside (top-left, top-right, bottom-right, bottom-left), which fixes
// both the counter-clockwise winding and the UV layout.

// meshBuilder accumulates an indexed mesh.
type meshBuilder struct{ m *scene.Mesh }

func newMesh(name string) *meshBuilder { return &meshBuilder{&scene.Mesh{Name: name}} }

func f32(v mgl64.Vec3) mgl32.Vec3 { return mgl32.Vec3{float32(v[0]), float32(v[1]), float32(v[2])} }

// uvRect is a rectangle of texture space: (u0, v0) top-left, (u1, v1)
// bottom-right.
type uvRect struct{ u0, v0, u1, v1 float32 }

func (b *meshBuilder) vertex(p, n mgl64.Vec3, uv mgl32.Vec2) uint32 {
	m := b.m
	m.Positions = append(m.Positions, f32(p))
	m.Normals = append(m.Normals, f32(n))
	m.UVs = append(m.UVs, uv)
	return uint32(len(m.Positions) - 1)
}

// quad adds a planar quad given in print order, with a flat normal.
func (b *meshBuilder) quad(tl, tr, br, bl mgl64.Vec3, uv uvRect) {
	n := bl.Sub(tl).Cross(tr.Sub(tl)).Normalize()
	i0 := b.vertex(tl, n, mgl32.Vec2{uv.u0, uv.v0})
	i1 := b.vertex(tr, n, mgl32.Vec2{uv.u1, uv.v0})
	i2 := b.vertex(br, n, mgl32.Vec2{uv.u1, uv.v1})
	i3 := b.vertex(bl, n, mgl32.Vec2{uv.u0, uv.v1})
	b.m.Indices = append(b.m.Indices, i0, i3, i2, i0, i2, i1)
}

// tri adds a flat triangle, counter-clockwise seen from outside.
func (b *meshBuilder) tri(p0, p1, p2 mgl64.Vec3, t0, t1, t2 mgl32.Vec2) {
	n := p1.Sub(p0).Cross(p2.Sub(p0)).Normalize()
	i0, i1, i2 := b.vertex(p0, n, t0), b.vertex(p1, n, t1), b.vertex(p2, n, t2)
	b.m.Indices = append(b.m.Indices, i0, i1, i2)
}

// grid adds a smooth patch of (nu+1)×(nv+1) vertices: i runs along the
// texture's x (rightwards as printed), j along its y (downwards), and the
// outside is the side from which that layout reads correctly. Normals are
// area-weighted averages of the patch's own faces.
func (b *meshBuilder) grid(nu, nv int, pos func(i, j int) mgl64.Vec3, uv func(i, j int) mgl32.Vec2) {
	m := b.m
	base := uint32(len(m.Positions))
	first := len(m.Indices)
	for j := 0; j <= nv; j++ {
		for i := 0; i <= nu; i++ {
			b.vertex(pos(i, j), mgl64.Vec3{}, uv(i, j))
		}
	}
	stride := uint32(nu + 1)
	for j := uint32(0); j < uint32(nv); j++ {
		for i := uint32(0); i < uint32(nu); i++ {
			tl := base + j*stride + i
			tr, bl := tl+1, tl+stride
			br := bl + 1
			m.Indices = append(m.Indices, tl, bl, br, tl, br, tr)
		}
	}
	smoothNormals(m, int(base), first)
}

// smoothNormals sets the normals of vertices from vertex first on to the
// area-weighted average of the faces (from index firstIndex on) that use
// them.
func smoothNormals(m *scene.Mesh, first, firstIndex int) {
	acc := make([]mgl64.Vec3, len(m.Positions)-first)
	at := func(i uint32) mgl64.Vec3 {
		p := m.Positions[i]
		return mgl64.Vec3{float64(p[0]), float64(p[1]), float64(p[2])}
	}
	for k := firstIndex; k+2 < len(m.Indices); k += 3 {
		a, b, c := m.Indices[k], m.Indices[k+1], m.Indices[k+2]
		n := at(b).Sub(at(a)).Cross(at(c).Sub(at(a))) // length = 2·area
		for _, i := range []uint32{a, b, c} {
			if int(i) >= first {
				acc[int(i)-first] = acc[int(i)-first].Add(n)
			}
		}
	}
	for i, n := range acc {
		if l := n.Len(); l > 0 {
			m.Normals[first+i] = f32(n.Mul(1 / l))
		} else {
			m.Normals[first+i] = mgl32.Vec3{0, 1, 0}
		}
	}
}

// lathe revolves profile with scene.Lathe and turns the result half a turn
// about y, so that the texture's seam (u = 0 = 1) faces -z and the middle
// of a wrap-around label (u = 0.5) faces +z, the product's front, with u
// increasing towards +x as seen from the front. V is remapped linearly to
// height, v = 0 at y = yTop and v = 1 at y = yBottom, clamped to [0, 1], so
// that a label painted in rows maps to a band of heights (end discs get
// the colour of the first or last row); with yTop == yBottom the UVs of
// scene.Lathe are kept.
func lathe(name string, profile []mgl64.Vec2, segments int, capBottom, capTop bool, yTop, yBottom float64) (*scene.Mesh, error) {
	m, err := scene.Lathe(profile, segments, capBottom, capTop)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	m.Name = name
	for i, p := range m.Positions {
		m.Positions[i] = mgl32.Vec3{-p[0], p[1], -p[2]}
		n := m.Normals[i]
		m.Normals[i] = mgl32.Vec3{-n[0], n[1], -n[2]}
		if yTop != yBottom {
			v := (yTop - float64(p[1])) / (yTop - yBottom)
			m.UVs[i][1] = float32(max(0, min(1, v)))
		}
	}
	return m, nil
}

// texturedMaterial returns a dielectric or metallic material whose base
// colour is the texture img (the base colour factor is white).
func texturedMaterial(name string, img *image.NRGBA, roughness, metallic float32, wrapS scene.Wrap) *scene.Material {
	return &scene.Material{
		Name:             name,
		BaseColor:        scene.RGB(1, 1, 1),
		BaseColorTexture: &scene.Texture{Name: name, Image: img, WrapS: wrapS, WrapT: scene.ClampToEdge},
		Roughness:        roughness,
		Metallic:         metallic,
	}
}

// plainMaterial returns an untextured material of an sRGB colour.
func plainMaterial(name string, c color.NRGBA, roughness, metallic float32) *scene.Material {
	return &scene.Material{Name: name, BaseColor: scene.SRGB8(c.R, c.G, c.B), Roughness: roughness, Metallic: metallic}
}

// translateY is the transform of a part lifted by y.
func translateY(y float64) mgl64.Mat4 { return mgl64.Translate3D(0, y, 0) }

// finish is a surface's metalness and roughness.
type finish struct{ metallic, roughness float32 }

// foilTolerance is how far, in 8-bit levels per channel, a texel may be
// from a design's ground colour and still count as unprinted ground.
const foilTolerance = 6

// foilFinish gives mat a metallic-roughness texture drawn from its base
// colour image img: texels within foilTolerance of ground (the unprinted
// film or metal) get the foil finish, the others (ink) the ink finish.
// The material's factors become 1, so the texture holds the values.
func foilFinish(mat *scene.Material, name string, img *image.NRGBA, ground color.NRGBA, foil, ink finish) {
	mr := image.NewNRGBA(img.Rect)
	near := func(a, b uint8) bool { return int(a)-int(b) <= foilTolerance && int(b)-int(a) <= foilTolerance }
	enc := func(v float32) uint8 { return uint8(math.Round(float64(v) * 255)) }
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			c := img.NRGBAAt(x, y)
			f := ink
			if near(c.R, ground.R) && near(c.G, ground.G) && near(c.B, ground.B) {
				f = foil
			}
			mr.SetNRGBA(x, y, color.NRGBA{255, enc(f.roughness), enc(f.metallic), 255})
		}
	}
	mat.Metallic, mat.Roughness = 1, 1
	mat.MetallicRoughnessTexture = &scene.Texture{Name: name + " metal-rough", Image: mr, WrapS: mat.BaseColorTexture.WrapS, WrapT: scene.ClampToEdge}
}
