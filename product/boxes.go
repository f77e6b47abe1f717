package product

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// Box-like products: folding boxes and gable-top cartons, built from flat
// faces whose UVs come from an atlas (see newAtlas).

// boxCorners names the corner coordinates of a W×H×D box standing on y = 0,
// centred on x and z.
type boxCorners struct{ x0, x1, z0, z1, h float64 }

func corners(W, H, D float64) boxCorners { return boxCorners{-W / 2, W / 2, -D / 2, D / 2, H} }

// sides adds the front, right, back and left faces (and the bottom) of a
// box, each mapped to its atlas cell.
func (mb *meshBuilder) sides(c boxCorners, a atlas) {
	v := func(x, y, z float64) mgl64.Vec3 { return mgl64.Vec3{x, y, z} }
	x0, x1, z0, z1, h := c.x0, c.x1, c.z0, c.z1, c.h
	mb.quad(v(x0, h, z1), v(x1, h, z1), v(x1, 0, z1), v(x0, 0, z1), a.uv(a.front))
	mb.quad(v(x1, h, z1), v(x1, h, z0), v(x1, 0, z0), v(x1, 0, z1), a.uv(a.right))
	mb.quad(v(x1, h, z0), v(x0, h, z0), v(x0, 0, z0), v(x1, 0, z0), a.uv(a.back))
	mb.quad(v(x0, h, z0), v(x0, h, z1), v(x0, 0, z1), v(x0, 0, z0), a.uv(a.left))
	mb.quad(v(x0, 0, z1), v(x1, 0, z1), v(x1, 0, z0), v(x0, 0, z0), a.uv(a.bottom))
}

// atlasBox returns a closed box mesh with atlas UVs.
func atlasBox(name string, W, H, D float64, a atlas) *scene.Mesh {
	mb := newMesh(name)
	c := corners(W, H, D)
	mb.sides(c, a)
	mb.quad(mgl64.Vec3{c.x0, H, c.z0}, mgl64.Vec3{c.x1, H, c.z0}, mgl64.Vec3{c.x1, H, c.z1}, mgl64.Vec3{c.x0, H, c.z1}, a.uv(a.top))
	return mb.m
}

func buildBox(b *build) ([]scene.Part, error) {
	W, H, D := b.dims[0], b.dims[1], b.dims[2]
	a := newAtlas(W, H, D, D, b.opts.Resolution)
	img := b.art.boxArt(a)
	return []scene.Part{{
		Name:      "box",
		Mesh:      atlasBox(b.prefix+"box", W, H, D, a),
		Material:  texturedMaterial(b.prefix+"box", img, 0.55, 0, scene.ClampToEdge),
		Transform: mgl64.Ident4(),
	}}, nil
}

func buildCarton(b *build) ([]scene.Part, error) {
	W, H, D := b.dims[0], b.dims[1], b.dims[2]
	k := W / 0.07
	g := 0.43 * D // rise of the gable roof
	finH, finT := 0.010*k, 0.004*k
	hb := H - g - finH // height of the vertical walls
	if hb <= 0 {
		return nil, errShape("carton", b.dims)
	}
	sl := math.Hypot(g, D/2) // slope length
	a := newAtlas(W, hb, D, sl, b.opts.Resolution)
	img := b.art.cartonArt(a)
	mb := newMesh(b.prefix + "carton")
	c := corners(W, hb, D)
	mb.sides(c, a)
	ridge := hb + g
	v := func(x, y, z float64) mgl64.Vec3 { return mgl64.Vec3{x, y, z} }
	mb.quad(v(c.x0, ridge, 0), v(c.x1, ridge, 0), v(c.x1, hb, c.z1), v(c.x0, hb, c.z1), a.uv(a.top))
	mb.quad(v(c.x1, ridge, 0), v(c.x0, ridge, 0), v(c.x0, hb, c.z0), v(c.x1, hb, c.z0), a.uv(a.topBack))
	ear := func(r rect, p0, p1, apex mgl64.Vec3) {
		u := a.uv(r)
		top := float32(r.y1-r.h()*g/sl) / float32(a.h)
		mb.tri(p0, p1, apex, mgl32.Vec2{u.u0, u.v1}, mgl32.Vec2{u.u1, u.v1}, mgl32.Vec2{(u.u0 + u.u1) / 2, top})
	}
	ear(a.topRight, v(c.x1, hb, c.z1), v(c.x1, hb, c.z0), v(c.x1, ridge, 0))
	ear(a.topLeft, v(c.x0, hb, c.z0), v(c.x0, hb, c.z1), v(c.x0, ridge, 0))
	// The sealed fin on the ridge, sunk 2 mm into the roof.
	fin := scene.Box(W, finH+0.002, finT)
	fin.Name = b.prefix + "fin"
	finY := ridge - 0.002 + (finH+0.002)/2
	return []scene.Part{
		{Name: "carton", Mesh: mb.m, Material: texturedMaterial(b.prefix+"carton", img, 0.45, 0, scene.ClampToEdge), Transform: mgl64.Ident4()},
		{Name: "fin", Mesh: fin, Material: plainMaterial(b.prefix+"fin", b.art.ground(), 0.5, 0), Transform: translateY(finY)},
	}, nil
}
