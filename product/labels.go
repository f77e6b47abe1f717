package product

import (
	"image"
	"math"
	"strings"
)

// Texture layouts: how the artwork of design.go is arranged on the
// texture of each kind of package.

// texSide clamps a texture side length in pixels.
func texSide(px float64, res int) int {
	return max(16, min(4*res, int(math.Round(px))))
}

// wrap paints a wrap-around texture of w×h pixels whose u runs once around
// the container (u = 0.5 faces the front). base paints the container's
// bare look over the whole image first; then the printed label fills the
// rows of band (when it is not empty): its front panel centred at u = 0.5,
// small print and the barcode to the left of the seam at u = 0, the
// nutrition table to the right of it.
func (d *design) wrap(w, h int, band rect, base func(c *canvas)) *image.NRGBA {
	c := newCanvas(w, h, d.pal.Paper)
	if base != nil {
		base(c)
	}
	if band.h() < 1 {
		return c.img
	}
	c.withClip(band, func() {
		ground := d.ground()
		c.fillRect(band, ground)
		d.decorate(c, band)
		fw := min(band.w()*0.36, band.h()*1.3)
		d.front(c, rect{band.cx() - fw/2, band.y0, band.cx() + fw/2, band.y1})
		bh := band.h()
		left := rect{band.x0 + band.w()*0.04, band.y0 + bh*0.12, band.x0 + band.w()*0.28, band.y1 - bh*0.12}
		ink := inkOn(ground)
		bw := min(left.w(), left.h()*0.55/0.7)
		c.barcode(rect{left.x1 - bw, left.y1 - bw*0.7, left.x1, left.y1}, d.barcode)
		d.greek(c, rect{left.x0, left.y0, left.x1, left.y1 - bw*0.75}, max(2, bh*0.05), mix(ink, ground, 0.3))
		right := rect{band.x1 - band.w()*0.26, band.y0 + bh*0.12, band.x1 - band.w()*0.06, band.y1 - bh*0.12}
		nw := min(right.w(), right.h()*0.8)
		d.nutrition(c, rect{right.cx() - nw/2, right.y0, right.cx() + nw/2, right.y1})
	})
	return c.img
}

// atlas is the texture layout of a box-like package: the faces unfolded
// in a strip left | front | right | back, with the top (or gable) above
// and the bottom below the front, so that edges shared by neighbouring
// faces are neighbours in the texture too.
type atlas struct {
	w, h                 int
	front, right, back   rect
	left, top, bottom    rect
	topRight, topBack    rect // above right and back: gable ends and slope
	topLeft, bottomRight rect
}

// newAtlas lays out a W×H×D package whose top row is topH metres tall, at
// a scale that makes the strip about 2·res pixels wide.
func newAtlas(W, H, D, topH float64, res int) atlas {
	totalW, totalH := 2*W+2*D, topH+H+D
	s := 2 * float64(res) / totalW
	if totalH*s > 4*float64(res) {
		s = 4 * float64(res) / totalH
	}
	a := atlas{w: texSide(totalW*s, res), h: texSide(totalH*s, res)}
	sx, sy := float64(a.w)/totalW, float64(a.h)/totalH
	xs := []float64{0, D * sx, (D + W) * sx, (2*D + W) * sx, float64(a.w)}
	ys := []float64{0, topH * sy, (topH + H) * sy, float64(a.h)}
	cell := func(i, j int) rect { return rect{xs[i], ys[j], xs[i+1], ys[j+1]} }
	a.left, a.front, a.right, a.back = cell(0, 1), cell(1, 1), cell(2, 1), cell(3, 1)
	a.topLeft, a.top, a.topRight, a.topBack = cell(0, 0), cell(1, 0), cell(2, 0), cell(3, 0)
	a.bottom, a.bottomRight = cell(1, 2), cell(2, 2)
	return a
}

// uv returns the texture-space rectangle of a pixel rectangle.
func (a atlas) uv(r rect) uvRect {
	return uvRect{float32(r.x0 / float64(a.w)), float32(r.y0 / float64(a.h)), float32(r.x1 / float64(a.w)), float32(r.y1 / float64(a.h))}
}

// boxArt paints the texture of a folding box: front, back with nutrition
// and barcode, printed sides, top and bottom.
func (d *design) boxArt(a atlas) *image.NRGBA {
	ground := d.ground()
	c := newCanvas(a.w, a.h, ground)
	c.withClip(a.front, func() { d.decorate(c, a.front) })
	d.front(c, a.front)
	d.back(c, a.back)
	d.side(c, a.left)
	if a.right.h() > a.right.w()*1.6 {
		c.withClip(a.right, func() {
			c.fillRect(a.right, ground)
			in := a.right.inset(a.right.w() * 0.1)
			d.brandName(c, in.frac(0, 0, 1, min(0.1, in.w()/in.h()*0.3)), ground)
			nh := min(in.h()*0.6, in.w()*1.4)
			d.nutrition(c, rect{in.x0, in.y0 + in.h()*0.15, in.x1, in.y0 + in.h()*0.15 + nh})
		})
	} else {
		d.side(c, a.right)
	}
	for _, r := range []rect{a.top, a.bottom} {
		c.withClip(r, func() {
			c.fillRect(r, d.pal.Secondary)
			c.fitText(d.brand.Name, r.inset(r.h()*0.2), r.h(), d.st.slant, inkOn(d.pal.Secondary))
		})
	}
	return c.img
}

// cartonArt paints a gable-top carton: the box faces, and in the top row
// the two roof slopes (above front and back) and the triangular ends.
func (d *design) cartonArt(a atlas) *image.NRGBA {
	img := d.boxArt(a)
	c := &canvas{img: img, clip: img.Rect}
	ground := d.ground()
	for _, r := range []rect{a.topLeft, a.top, a.topRight, a.topBack} {
		c.fillRect(r, ground)
	}
	c.withClip(a.top, func() {
		in := a.top.inset(a.top.h() * 0.12)
		ls := in.h() * 0.8
		d.logo(c, in.x0+ls/2, in.cy(), ls)
		d.brandName(c, rect{in.x0 + ls*1.15, in.y0 + in.h()*0.15, in.x1, in.y1 - in.h()*0.15}, ground)
	})
	c.withClip(a.topBack, func() {
		c.fillRect(a.topBack.frac(0, 0.75, 1, 1), d.flavour.col)
		c.fitText("OPEN HERE", a.topBack.frac(0.15, 0.3, 0.85, 0.6), a.topBack.h(), 0, inkOn(ground))
	})
	return img
}

// bagArt paints a pillow bag: the left half of the texture is the front,
// the right half the back; sealH is the height in pixels of each crimped
// seal at the top and bottom.
func (d *design) bagArt(w, h int, sealH float64) *image.NRGBA {
	ground := d.ground()
	c := newCanvas(w, h, ground)
	half := float64(w) / 2
	front := rect{0, 0, half, float64(h)}
	back := rect{half, 0, float64(w), float64(h)}
	body := rect{0, sealH, half, float64(h) - sealH}
	c.withClip(front, func() { d.decorate(c, body) })
	// A glossy window on the product picture.
	win := body.frac(0.08, 0.42, 0.92, 0.8)
	c.roundRect(win, win.h()*0.3, lighten(d.flavour.col, 0.55))
	d.front(c, body.frac(0.02, 0.03, 0.98, 0.98))
	bb := rect{half, sealH, float64(w), float64(h) - sealH}
	c.withClip(back, func() { c.fillRect(back, ground) })
	d.back(c, bb.inset(bb.w()*0.05))
	// Crimped seals: fine horizontal ridges.
	for _, s := range []rect{{0, 0, float64(w), sealH}, {0, float64(h) - sealH, float64(w), float64(h)}} {
		c.fillRect(s, d.pal.Secondary)
		n := max(3, int(s.h()/3))
		for k := 0; k < n; k += 2 {
			y := s.y0 + s.h()*float64(k)/float64(n)
			c.fillRect(rect{s.x0, y, s.x1, y + s.h()/float64(n)}, darken(d.pal.Secondary, 0.2))
		}
	}
	return c.img
}

// blisterArt paints a blister card: a header with the hanging slot and the
// brand, a pale panel behind the bubble (window, in front-face fractions),
// the flavour ribbon and pack size below it; the back as for boxes.
func (d *design) blisterArt(a atlas, window rect) *image.NRGBA {
	ground := d.ground()
	c := newCanvas(a.w, a.h, ground)
	f := a.front
	c.withClip(f, func() {
		d.decorate(c, f)
		slot := f.frac(0.38, 0.035, 0.62, 0.075)
		c.roundRect(slot, slot.h()/2, darken(ground, 0.6))
		d.brandName(c, f.frac(0.08, 0.1, 0.92, 0.1+min(0.12, (window.y0-0.12)*0.8)), ground)
		w := f.frac(window.x0, window.y0, window.x1, window.y1)
		c.roundRect(w.inset(-w.w()*0.04), w.w()*0.1, lighten(d.pal.Secondary, 0.75))
		d.hero(c, rect{w.x1, w.y0, f.x1, w.y0 + w.h()*0.3})
		rb := f.frac(0, window.y1+0.02, 1, window.y1+0.09)
		d.ribbon(c, rb, strings.ToUpper(d.flavour.name), d.flavour.col)
		d.sizeText(c, rect{f.x0 + f.w()*0.4, rb.y1 + f.h()*0.015, f.x1 - f.w()*0.06, rb.y1 + f.h()*0.06}, inkOn(ground))
	})
	d.back(c, a.back)
	return c.img
}
