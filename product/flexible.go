package product

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// Bags and blister packs: smooth patches built with meshBuilder.grid.

func errShape(kind string, dims mgl64.Vec3) error {
	return fmt.Errorf("%s: dimensions %.3f×%.3f×%.3f m leave no room for the shape", kind, dims[0], dims[1], dims[2])
}

// bagRows returns the row parameters t (0 at the top seal's edge, 1 at the
// bottom's) of a bag: ns rows across each seal of relative height st, nb
// (even) rows across the body.
func bagRows(st float64, ns, nb int) []float64 {
	t := make([]float64, 0, 2*ns+nb+1)
	for j := 0; j < ns; j++ {
		t = append(t, st*float64(j)/float64(ns))
	}
	for j := 0; j < nb; j++ {
		t = append(t, st+(1-2*st)*float64(j)/float64(nb))
	}
	for j := 0; j <= ns; j++ {
		t = append(t, 1-st+st*float64(j)/float64(ns))
	}
	return t
}

// buildBag makes a pillow bag: two sheets joined at the side edges and at
// the crimped seals, bulging to the full depth in the middle. The cross-
// section is a lens (the sheets meet at an angle), and the middle of the
// bag draws in slightly where the film is taken up by the bulge.
func buildBag(b *build) ([]scene.Part, error) {
	W, H, D := b.dims[0], b.dims[1], b.dims[2]
	seal := max(0.012, min(0.03, 0.07*H))
	st := seal / H
	if st >= 0.3 {
		return nil, errShape("bag", b.dims)
	}
	const ns = 3
	nx, nb := b.opts.bagGrid(D)
	rows := bagRows(st, ns, nb)
	bulge := func(t float64) float64 { // 0 in the seals, 1 in the middle
		if t <= st || t >= 1-st {
			return 0
		}
		return math.Pow(math.Sin(math.Pi*(t-st)/(1-2*st)), 0.6)
	}
	thick := func(t float64) float64 { // relative half-depth along the bag
		const sealThick = 0.03
		switch {
		case t <= st:
			return sealThick * t / st
		case t >= 1-st:
			return sealThick * (1 - t) / st
		}
		return sealThick + (1-sealThick)*bulge(t)
	}
	point := func(xs, t, side float64) mgl64.Vec3 {
		w := W / 2 * (1 - 0.06*bulge(t))
		return mgl64.Vec3{xs * w, H * (1 - t), side * D / 2 * (1 - xs*xs) * thick(t)}
	}
	mb := newMesh(b.prefix + "bag")
	ny := len(rows) - 1
	mb.grid(nx, ny, func(i, j int) mgl64.Vec3 { return point(-1+2*float64(i)/float64(nx), rows[j], 1) },
		func(i, j int) mgl32.Vec2 { return mgl32.Vec2{0.5 * float32(i) / float32(nx), float32(rows[j])} })
	mb.grid(nx, ny, func(i, j int) mgl64.Vec3 { return point(1-2*float64(i)/float64(nx), rows[j], -1) },
		func(i, j int) mgl32.Vec2 { return mgl32.Vec2{0.5 + 0.5*float32(i)/float32(nx), float32(rows[j])} })
	res := b.opts.Resolution
	th := texSide(float64(res)*H/W, res)
	img := b.art.bagArt(2*res, th, st*float64(th))
	mat := texturedMaterial(b.prefix+"bag", img, 0.3, 0.15, scene.ClampToEdge)
	if b.v.name == "chips" {
		// Metallised film: the unprinted ground shows the metal layer.
		foilFinish(mat, b.prefix+"bag", img, b.art.ground(), finish{metallic: 0.75, roughness: 0.28}, finish{metallic: 0, roughness: 0.35})
	}
	// The film's crinkles: a normal map over both sheets, at most a
	// quarter of the label's resolution (they are smooth).
	mat.NormalTexture = &scene.Texture{Name: b.prefix + "crinkle", Image: crinkle(b.id, max(16, res/2), max(16, th/4)), WrapS: scene.ClampToEdge, WrapT: scene.ClampToEdge}
	mat.NormalScale = bagCrinkle
	return []scene.Part{{Name: "bag", Mesh: mb.m, Transform: mgl64.Ident4(), Material: mat}}, nil
}

// bagCrinkle is the normal scale of a bag's crinkle map.
const bagCrinkle = 0.8

// bagGrid returns a bag's columns across its width and rows across its
// body (between the seals) for a bag of depth D: 24 and 40, or
// with a Tolerance as few (even, at least 8 and 12) as keep each sheet
// within about Tolerance of its smooth shape. A sheet's depth across the
// width is a parabola of height D/2, which n chords miss by D/(2n²);
// along the body it is a steep-sided bump of height D/2, taken as twice
// as curved as a half sine, π²D/(16n²) for n chords, so doubled.
func (o *Options) bagGrid(D float64) (nx, nb int) {
	nx, nb = 24, 40
	if o.Tolerance <= 0 {
		return nx, nb
	}
	even := func(x float64, lo, hi int) int { return max(lo, min(hi, 2*int(math.Ceil(x/2)))) }
	nx = even(math.Sqrt(D/(2*o.Tolerance)), 8, nx)
	nb = even(2*math.Pi*math.Sqrt(D/(16*o.Tolerance)), 12, nb)
	return nx, nb
}

// blisterAlpha is the coverage alpha of a blister's clear bubble.
const blisterAlpha = 0.1

// Blister layout: the bubble's footprint on the card, as fractions of the
// card's front face measured from its top-left corner.
var blisterWindow = rect{0.14, 0.28, 0.86, 0.82}

// buildBlister makes a blister pack standing on its bottom edge: a thin
// printed card at the back and a clear bubble (a closed rounded dome on
// the card's front) holding the product.
func buildBlister(b *build) ([]scene.Part, error) {
	W, H, D := b.dims[0], b.dims[1], b.dims[2]
	const card = 0.0012
	bd := D - card
	if bd <= 0.002 {
		return nil, errShape("blister", b.dims)
	}
	a := newAtlas(W, H, card, card, b.opts.Resolution)
	d := b.art
	cardImg := d.blisterArt(a, blisterWindow)
	cardMesh := atlasBox(b.prefix+"card", W, H, card, a)

	win := blisterWindow
	bw, bh := win.w()*W, win.h()*H
	cx, cy := (win.cx()-0.5)*W, (1-win.cy())*H
	z0 := -D/2 + card
	const n, p = 16, 4.0
	xs := make([]float64, n+1)
	for i := range xs {
		xs[i] = -math.Cos(math.Pi * float64(i) / n)
	}
	prof := func(s float64) float64 { return math.Pow(max(0, 1-math.Pow(math.Abs(s), p)), 1/p) }
	mb := newMesh(b.prefix + "bubble")
	mb.grid(n, n, func(i, j int) mgl64.Vec3 {
		x, y := xs[i], xs[n-j]
		return mgl64.Vec3{cx + x*bw/2, cy + y*bh/2, z0 + bd*prof(x)*prof(y)}
	}, func(i, j int) mgl32.Vec2 {
		return mgl32.Vec2{float32(xs[i]+1) / 2, float32(1-xs[n-j]) / 2}
	})
	mb.grid(n, n, func(i, j int) mgl64.Vec3 { // the flat back, facing the card
		return mgl64.Vec3{cx + xs[n-i]*bw/2, cy + xs[n-j]*bh/2, z0}
	}, func(i, j int) mgl32.Vec2 {
		return mgl32.Vec2{float32(xs[n-i]+1) / 2, float32(1-xs[n-j]) / 2}
	})
	res := b.opts.Resolution
	bubImg := d.bubbleArt(res/2, texSide(float64(res/2)*bh/bw, res), b.v.name)
	// What the bubble holds, a thin printed slab on the card, comes before
	// the bubble in part order, so that it is seen through the clear
	// plastic (package render/shading, "Alpha").
	if b.opts.Opaque {
		return []scene.Part{
			{Name: "card", Mesh: cardMesh, Material: texturedMaterial(b.prefix+"card", cardImg, 0.6, 0, scene.ClampToEdge), Transform: mgl64.Translate3D(0, 0, -D/2+card/2)},
			{Name: "bubble", Mesh: mb.m, Material: texturedMaterial(b.prefix+"bubble", bubImg, 0.08, 0, scene.ClampToEdge), Transform: mgl64.Ident4()},
		}, nil
	}
	const slab = 0.0004
	held := scene.Box(bw*0.96, bh*0.96, slab)
	held.Name = b.prefix + contentsPart
	bubMat := plainMaterial(b.prefix+"bubble", petTint, 0.04, 0)
	bubMat.BaseColor.A = blisterAlpha
	bubMat.AlphaMode = scene.AlphaBlend
	return []scene.Part{
		{Name: "card", Mesh: cardMesh, Material: texturedMaterial(b.prefix+"card", cardImg, 0.6, 0, scene.ClampToEdge), Transform: mgl64.Translate3D(0, 0, -D/2+card/2)},
		{Name: contentsPart, Mesh: held, Material: texturedMaterial(b.prefix+"held", bubImg, 0.5, 0, scene.ClampToEdge), Transform: mgl64.Translate3D(cx, cy, z0+slab/2+0.0001)},
		{Name: "bubble", Mesh: mb.m, Material: bubMat, Transform: mgl64.Ident4()},
	}, nil
}

// bubbleArt paints what a blister's bubble holds: the product on the pale
// card panel (the clear bubble's sheen comes from the renderer's lights).
func (d *design) bubbleArt(w, h int, variant string) *image.NRGBA {
	panel := lighten(d.pal.Secondary, 0.75)
	c := newCanvas(w, h, panel)
	W, H := float64(w), float64(h)
	fl := d.flavour.col
	if variant == "batteries" {
		n := 4
		if f := strings.Fields(d.size); len(f) > 0 {
			if k, err := strconv.Atoi(f[0]); err == nil && k > 0 && k <= 12 {
				n = k
			}
		}
		perRow := min(n, 4)
		nrows := (n + perRow - 1) / perRow
		cw, rh := W/float64(perRow), H/float64(nrows)
		for k := 0; k < n; k++ {
			x0, y0 := float64(k%perRow)*cw, float64(k/perRow)*rh
			body := rect{x0 + cw*0.15, y0 + rh*0.1, x0 + cw*0.85, y0 + rh*0.92}
			c.roundRect(body, body.w()*0.12, fl)
			c.fillRect(rect{body.x0, body.y0 + body.h()*0.06, body.x1, body.y0 + body.h()*0.28}, rgb(196, 128, 60))
			c.fillRect(rect{body.cx() - body.w()*0.18, body.y0 - rh*0.04, body.cx() + body.w()*0.18, body.y0 + 1}, rgb(200, 200, 205))
			c.fillRect(rect{body.x0 + body.w()*0.08, body.y0 + body.h()*0.45, body.x0 + body.w()*0.22, body.y1 - body.h()*0.1}, lighten(fl, 0.35))
		}
	} else {
		switch strings.ToLower(d.flavour.name) {
		case "usb cable":
			for k := 0; k < 5; k++ {
				c.ring(W/2, H*0.45, W*(0.12+0.05*float64(k)), W*(0.12+0.05*float64(k))+W*0.025, fl)
			}
			c.roundRect(rect{W * 0.42, H * 0.72, W * 0.58, H * 0.92}, W*0.02, rgb(180, 182, 186))
		case "earbuds":
			c.ellipse(W*0.35, H*0.35, W*0.13, W*0.13, fl)
			c.ellipse(W*0.65, H*0.35, W*0.13, W*0.13, fl)
			c.fillRect(rect{W * 0.33, H * 0.35, W * 0.37, H * 0.85}, darken(fl, 0.15))
			c.fillRect(rect{W * 0.63, H * 0.35, W * 0.67, H * 0.85}, darken(fl, 0.15))
		default:
			dev := rect{W * 0.25, H * 0.15, W * 0.75, H * 0.85}
			c.roundRect(dev, W*0.05, fl)
			c.roundRect(dev.frac(0.15, 0.1, 0.85, 0.55), W*0.02, lighten(fl, 0.4))
			for k := 0; k < 6; k++ {
				x := dev.x0 + dev.w()*(0.15+0.12*float64(k))
				c.fillRect(rect{x, dev.y1 - dev.h()*0.15, x + dev.w()*0.07, dev.y1 - dev.h()*0.04}, rgb(212, 175, 55))
			}
		}
	}
	return c.img
}

// gingham returns a small tileable check pattern in col and white, for
// cloth-look jar lids.
func gingham(col color.NRGBA) *image.NRGBA {
	const size, check = 64, 8
	c := newCanvas(size, size, rgb(250, 250, 248))
	for k := 0; k < size; k += 2 * check {
		c.fillRect(rect{float64(k), 0, float64(k + check), size}, withAlpha(col, 128))
		c.fillRect(rect{0, float64(k), size, float64(k + check)}, withAlpha(col, 128))
	}
	return c.img
}
