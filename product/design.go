package product

import (
	"fmt"
	"image/color"
	"math"
	"strings"
)

// design is everything a label painter needs about one SKU: the brand and
// its shared style, the product line, the printed texts, and a random
// source for the artwork's small variations.
type design struct {
	brand    Brand
	st       style
	pal      Palette
	flavour  flavour
	category string
	size     string // printed pack size, e.g. "330 ML"
	barcode  string // 13 digits
	res      int    // base texture resolution (Options.Resolution)
	g        *rng
}

func newDesign(b Brand, f flavour, v *variant, sz size, barcode string, seed uint64, res int) *design {
	return &design{
		brand: b, st: b.style(), pal: b.Palette, flavour: f, category: v.category,
		size: sz.label, barcode: barcode, res: res, g: newRNG(seed, streamArt),
	}
}

// ground is the colour a label is printed on.
func (d *design) ground() color.NRGBA {
	if d.st.dark {
		return d.pal.Primary
	}
	return d.pal.Paper
}

// logo draws the brand's mark, of diameter s, centred at (cx, cy).
func (d *design) logo(c *canvas, cx, cy, s float64) {
	r := s / 2
	fg, bg := d.pal.Accent, d.pal.Secondary
	if g := d.ground(); math.Abs(luma(bg)-luma(g)) < 0.2 {
		bg = inkOn(g) // the mark must stand out from the label
	}
	if math.Abs(luma(fg)-luma(bg)) < 0.2 {
		fg = inkOn(bg)
	}
	switch d.st.logo {
	case 0: // badge: disc with a ring
		c.ellipse(cx, cy, r, r, bg)
		c.ring(cx, cy, r*0.72, r*0.86, fg)
		c.ellipse(cx, cy, r*0.4, r*0.4, fg)
	case 1: // five-pointed star on a disc
		c.ellipse(cx, cy, r, r, bg)
		c.polygon(star(cx, cy, r*0.85, r*0.36, 5, -math.Pi/2), fg)
	case 2: // diamond
		c.polygon([]pt{{cx, cy - r}, {cx + r*0.8, cy}, {cx, cy + r}, {cx - r*0.8, cy}}, bg)
		c.polygon([]pt{{cx, cy - r*0.55}, {cx + r*0.44, cy}, {cx, cy + r*0.55}, {cx - r*0.44, cy}}, fg)
	case 3: // leaf: two overlapping circles' lens
		c.fillFunc(rect{cx - r, cy - r, cx + r, cy + r}, func(x, y float64) bool {
			a := (x-cx+r*0.5)*(x-cx+r*0.5) + (y-cy-r*0.5)*(y-cy-r*0.5)
			b := (x-cx-r*0.5)*(x-cx-r*0.5) + (y-cy+r*0.5)*(y-cy+r*0.5)
			return a < r*r*1.2 && b < r*r*1.2
		}, bg)
		c.polygon([]pt{{cx - r*0.55, cy + r*0.55}, {cx + r*0.6, cy - r*0.6}, {cx + r*0.52, cy - r*0.66}, {cx - r*0.62, cy + r*0.48}}, fg)
	case 4: // shield
		c.polygon([]pt{{cx - r*0.8, cy - r}, {cx + r*0.8, cy - r}, {cx + r*0.8, cy}, {cx, cy + r}, {cx - r*0.8, cy}}, bg)
		c.fillRect(rect{cx - r*0.8, cy - r*0.35, cx + r*0.8, cy - r*0.1}, fg)
	case 5: // crescent swoosh
		c.fillFunc(rect{cx - r, cy - r, cx + r, cy + r}, func(x, y float64) bool {
			a := (x-cx)*(x-cx) + (y-cy)*(y-cy)
			b := (x-cx-r*0.35)*(x-cx-r*0.35) + (y-cy+r*0.3)*(y-cy+r*0.3)
			return a <= r*r && b > r*r*0.55
		}, bg)
		c.ellipse(cx+r*0.35, cy-r*0.3, r*0.22, r*0.22, fg)
	default: // sun: disc with rays
		for k := 0; k < 12; k++ {
			a := float64(k) * math.Pi / 6
			c.polygon([]pt{{cx + r*0.5*math.Cos(a-0.2), cy + r*0.5*math.Sin(a-0.2)}, {cx + r*math.Cos(a), cy + r*math.Sin(a)}, {cx + r*0.5*math.Cos(a+0.2), cy + r*0.5*math.Sin(a+0.2)}}, bg)
		}
		c.ellipse(cx, cy, r*0.55, r*0.55, bg)
		c.ellipse(cx, cy, r*0.38, r*0.38, fg)
	}
}

// star returns the polygon of an n-pointed star.
func star(cx, cy, ro, ri float64, n int, phase float64) []pt {
	p := make([]pt, 0, 2*n)
	for k := 0; k < 2*n; k++ {
		r := ro
		if k%2 == 1 {
			r = ri
		}
		a := phase + float64(k)*math.Pi/float64(n)
		p = append(p, pt{cx + r*math.Cos(a), cy + r*math.Sin(a)})
	}
	return p
}

// brandName prints the brand name as large as fits r, on a banner when the
// brand's style says so.
func (d *design) brandName(c *canvas, r rect, ground color.NRGBA) {
	ink := d.pal.Accent
	if math.Abs(luma(ink)-luma(ground)) < 0.3 {
		ink = inkOn(ground)
	}
	if d.st.banner {
		c.roundRect(r, r.h()*0.25, d.pal.Secondary)
		ink = inkOn(d.pal.Secondary)
		r = r.inset(r.h() * 0.14)
	}
	// A darker drop shadow gives the lettering weight.
	px := min(r.h()/glyphHeight, r.w()/(textWidth(d.brand.Name, 1)+d.st.slant*glyphHeight))
	sh := max(0.6, px*0.18)
	c.fitText(d.brand.Name, rect{r.x0 + sh, r.y0 + sh, r.x1 + sh, r.y1 + sh}, px, d.st.slant, darken(ground, 0.45))
	c.fitText(d.brand.Name, r, px, d.st.slant, ink)
}

// ribbon prints text on a band of colour bg across r.
func (d *design) ribbon(c *canvas, r rect, text string, bg color.NRGBA) {
	c.fillRect(r, bg)
	c.fitText(text, r.frac(0.05, 0.18, 0.95, 0.82), r.h(), 0, inkOn(bg))
}

// greek fills r with rows of word-like blocks mimicking small print.
func (d *design) greek(c *canvas, r rect, lineH float64, col color.NRGBA) {
	if lineH <= 0 {
		return
	}
	cw := lineH * 0.45 // width of one "character"
	for y := r.y0; y+lineH*0.6 <= r.y1; y += lineH {
		if d.g.chance(0.12) { // paragraph break
			continue
		}
		end := r.x1
		if d.g.chance(0.25) {
			end = r.x0 + r.w()*d.g.between(0.3, 0.8)
		}
		for x := r.x0; x < end; {
			w := cw * float64(2+d.g.intn(8))
			c.fillRect(rect{x, y, min(x+w, end), y + lineH*0.55}, col)
			x += w + cw
		}
	}
}

// nutrition draws a nutrition-facts table into r.
func (d *design) nutrition(c *canvas, r rect) {
	paper, ink := rgb(252, 252, 250), rgb(18, 18, 22)
	c.fillRect(r, ink)
	in := r.inset(max(1, r.w()*0.015))
	c.fillRect(in, paper)
	in = in.inset(max(1, r.w()*0.03))
	c.fitText("NUTRITION", rect{in.x0, in.y0, in.x1, in.y0 + in.h()*0.12}, in.h(), 0, ink)
	y := in.y0 + in.h()*0.15
	c.fillRect(rect{in.x0, y, in.x1, y + max(1.5, in.h()*0.025)}, ink)
	rows := []string{"ENERGY", "FAT", "SATURATES", "CARBS", "SUGARS", "FIBRE", "PROTEIN", "SALT"}
	rh := (in.y1 - y) / float64(len(rows))
	px := max(0.5, min(rh*0.5/glyphHeight, in.w()*0.55/textWidth("SATURATES", 1)))
	for i, name := range rows {
		ry := y + rh*float64(i) + rh*0.3
		c.text(name, in.x0, ry, px, 0, ink)
		v := fmt.Sprintf("%d.%dG", d.g.intn(40), d.g.intn(10))
		if i == 0 {
			v = fmt.Sprintf("%dKJ", 200+d.g.intn(1800))
		}
		c.text(v, in.x1-textWidth(v, px), ry, px, 0, ink)
		c.fillRect(rect{in.x0, y + rh*float64(i+1) - 0.5, in.x1, y + rh*float64(i+1) + 0.5}, mix(ink, paper, 0.5))
	}
}

// sizeText prints the pack size in the bottom-right corner of r.
func (d *design) sizeText(c *canvas, r rect, ink color.NRGBA) {
	px := min(r.h()/glyphHeight, r.w()/textWidth(d.size, 1))
	c.text(d.size, r.x1-textWidth(d.size, px), r.y0, px, 0, ink)
}

// decorate paints the brand's band layout over the label ground in r.
func (d *design) decorate(c *canvas, r rect) {
	sec, fl := d.pal.Secondary, d.flavour.col
	switch d.st.bands {
	case 0: // stripes at top and bottom
		c.fillRect(rect{r.x0, r.y0, r.x1, r.y0 + r.h()*0.07}, sec)
		c.fillRect(rect{r.x0, r.y0 + r.h()*0.085, r.x1, r.y0 + r.h()*0.1}, fl)
		c.fillRect(rect{r.x0, r.y1 - r.h()*0.1, r.x1, r.y1 - r.h()*0.085}, fl)
		c.fillRect(rect{r.x0, r.y1 - r.h()*0.07, r.x1, r.y1}, sec)
	case 1: // a wave across the lower half
		c.wave(r, r.y0+r.h()*0.62, r.h()*0.05, r.w()/2, 0.25, r.h()*0.5, sec)
		c.wave(r, r.y0+r.h()*0.58, r.h()*0.05, r.w()/2, 0.25, r.h()*0.04, fl)
	case 2: // bottom block with a flavour line
		c.fillRect(rect{r.x0, r.y1 - r.h()*0.28, r.x1, r.y1}, sec)
		c.fillRect(rect{r.x0, r.y1 - r.h()*0.31, r.x1, r.y1 - r.h()*0.28}, fl)
	default: // vertical pinstripes in a lighter tone
		g := d.ground()
		stripe := mix(g, sec, 0.25)
		n := max(6, int(r.w()/(r.h()*0.12)))
		for k := 0; k < n; k += 2 {
			x := r.x0 + r.w()*float64(k)/float64(n)
			c.fillRect(rect{x, r.y0, x + r.w()/float64(n), r.y1}, stripe)
		}
	}
}

// front paints the front panel of a package into r: logo and brand name,
// the category's illustration, a flavour ribbon and the pack size; side by
// side when r is landscape, stacked otherwise.
func (d *design) front(c *canvas, r rect) {
	ground := d.ground()
	flavour := strings.ToUpper(d.flavour.name)
	c.withClip(r, func() {
		if r.w() > 1.25*r.h() {
			l := r.frac(0.04, 0.06, 0.58, 0.94)
			ls := l.h() * 0.22
			d.logo(c, l.x0+ls/2, l.y0+ls/2, ls)
			d.brandName(c, rect{l.x0, l.y0 + ls*1.1, l.x1, l.y0 + ls*1.1 + l.h()*0.32}, ground)
			d.ribbon(c, rect{r.x0, l.y0 + l.h()*0.66, l.x1, l.y0 + l.h()*0.82}, flavour, d.flavour.col)
			d.sizeText(c, rect{l.x0 + l.w()*0.5, l.y0 + l.h()*0.88, l.x1, l.y1}, inkOn(ground))
			d.hero(c, r.frac(0.6, 0.08, 0.97, 0.92))
			return
		}
		ls := min(r.w()*0.22, r.h()*0.16)
		d.logo(c, r.cx(), r.y0+r.h()*0.04+ls/2, ls)
		nameTop := r.y0 + r.h()*0.06 + ls
		nameH := min(r.h()*0.17, r.w()*0.3)
		d.brandName(c, rect{r.x0 + r.w()*0.06, nameTop, r.x1 - r.w()*0.06, nameTop + nameH}, ground)
		d.hero(c, rect{r.x0 + r.w()*0.06, nameTop + nameH + r.h()*0.02, r.x1 - r.w()*0.06, r.y0 + r.h()*0.76})
		d.ribbon(c, rect{r.x0, r.y0 + r.h()*0.77, r.x1, r.y0 + r.h()*0.87}, flavour, d.flavour.col)
		d.sizeText(c, rect{r.x0 + r.w()*0.45, r.y0 + r.h()*0.895, r.x1 - r.w()*0.06, r.y0 + r.h()*0.965}, inkOn(ground))
	})
}

// back paints a back panel: small print, a nutrition table and the
// barcode, arranged for r's aspect ratio.
func (d *design) back(c *canvas, r rect) {
	ink := inkOn(d.pal.Paper)
	c.withClip(r, func() {
		c.fillRect(r, d.pal.Paper)
		in := r.inset(min(r.w(), r.h()) * 0.06)
		lineH := max(2, min(in.h(), in.w())*0.035)
		if in.w() > in.h()*0.9 { // wide: three columns
			d.greek(c, in.frac(0, 0, 0.3, 1), lineH, mix(ink, d.pal.Paper, 0.3))
			d.nutrition(c, in.frac(0.35, 0, 0.65, 0.95))
			bw := min(in.w()*0.3, in.h()*0.45/0.7)
			c.barcode(rect{in.x1 - bw, in.y1 - bw*0.7, in.x1, in.y1}, d.barcode)
			d.greek(c, rect{in.x1 - in.w()*0.3, in.y0, in.x1, in.y1 - bw*0.75}, lineH, mix(ink, d.pal.Paper, 0.3))
			return
		}
		d.greek(c, in.frac(0, 0, 1, 0.3), lineH, mix(ink, d.pal.Paper, 0.3))
		d.nutrition(c, in.frac(0, 0.33, 0.6, 0.8))
		d.greek(c, in.frac(0.65, 0.33, 1, 0.8), lineH, mix(ink, d.pal.Paper, 0.3))
		bw := min(in.w()*0.5, in.h()*0.18/0.7)
		c.barcode(rect{in.x1 - bw, in.y1 - bw*0.7, in.x1, in.y1}, d.barcode)
		d.logo(c, in.x0+in.h()*0.08, in.y1-in.h()*0.08, in.h()*0.14)
	})
}

// side paints a narrow side panel: the brand name and small print.
func (d *design) side(c *canvas, r rect) {
	ground := d.ground()
	c.withClip(r, func() {
		c.fillRect(r, ground)
		ink := inkOn(ground)
		in := r.inset(min(r.w(), r.h()) * 0.08)
		d.brandName(c, in.frac(0, 0, 1, min(0.12, in.w()/in.h()*0.3)), ground)
		d.greek(c, in.frac(0, 0.2, 1, 0.9), max(2, in.w()*0.06), mix(ink, ground, 0.35))
	})
}
