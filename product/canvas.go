package product

import (
	"image"
	"image/color"
	"math"

	"github.com/synthkit/synthkit/scene"
)

// canvas is a small anti-aliased 2D painter over an opaque NRGBA image, in
// continuous pixel coordinates (pixel (x, y) covers [x, x+1)×[y, y+1), origin
// top-left). Every operation is clipped to clip.
type canvas struct {
	img  *image.NRGBA
	clip image.Rectangle
}

// rect is an axis-aligned rectangle in continuous pixel coordinates.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) w() float64  { return r.x1 - r.x0 }
func (r rect) h() float64  { return r.y1 - r.y0 }
func (r rect) cx() float64 { return (r.x0 + r.x1) / 2 }
func (r rect) cy() float64 { return (r.y0 + r.y1) / 2 }

// inset shrinks r by d on every side.
func (r rect) inset(d float64) rect { return rect{r.x0 + d, r.y0 + d, r.x1 - d, r.y1 - d} }

// frac returns the sub-rectangle given by fractions of r's width and height.
func (r rect) frac(fx0, fy0, fx1, fy1 float64) rect {
	return rect{r.x0 + fx0*r.w(), r.y0 + fy0*r.h(), r.x0 + fx1*r.w(), r.y0 + fy1*r.h()}
}

func newCanvas(w, h int, bg color.NRGBA) *canvas {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	bg.A = 255
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = bg.R, bg.G, bg.B, 255
	}
	return &canvas{img: img, clip: img.Rect}
}

// withClip runs fn with the clip narrowed to r (intersected with the
// current clip) and restores it afterwards.
func (c *canvas) withClip(r rect, fn func()) {
	old := c.clip
	c.clip = old.Intersect(image.Rect(int(math.Floor(r.x0)), int(math.Floor(r.y0)), int(math.Ceil(r.x1)), int(math.Ceil(r.y1))))
	fn()
	c.clip = old
}

// blend composites col over pixel (x, y) with the given coverage in [0, 1].
func (c *canvas) blend(x, y int, col color.NRGBA, cov float64) {
	if !(image.Point{x, y}.In(c.clip)) || cov <= 0 {
		return
	}
	a := min(cov, 1) * float64(col.A) / 255
	i := c.img.PixOffset(x, y)
	p := c.img.Pix[i : i+3 : i+3]
	p[0] = uint8(float64(p[0])*(1-a) + float64(col.R)*a + 0.5)
	p[1] = uint8(float64(p[1])*(1-a) + float64(col.G)*a + 0.5)
	p[2] = uint8(float64(p[2])*(1-a) + float64(col.B)*a + 0.5)
}

// span returns the pixel range [lo, hi) touched by [a, b) clipped to
// [clo, chi).
func span(a, b float64, clo, chi int) (int, int) {
	lo := max(int(math.Floor(a)), clo)
	hi := min(int(math.Ceil(b)), chi)
	return lo, hi
}

// fillRect fills r with exact area coverage at its edges.
func (c *canvas) fillRect(r rect, col color.NRGBA) {
	x0, x1 := span(r.x0, r.x1, c.clip.Min.X, c.clip.Max.X)
	y0, y1 := span(r.y0, r.y1, c.clip.Min.Y, c.clip.Max.Y)
	for y := y0; y < y1; y++ {
		cy := min(r.y1, float64(y+1)) - max(r.y0, float64(y))
		for x := x0; x < x1; x++ {
			cx := min(r.x1, float64(x+1)) - max(r.x0, float64(x))
			c.blend(x, y, col, cx*cy)
		}
	}
}

// ss is the supersampling factor per axis of fillFunc.
const ss = 4

// fillFunc fills the points of bounds for which inside reports true,
// estimating coverage from ss×ss samples per pixel.
func (c *canvas) fillFunc(bounds rect, inside func(x, y float64) bool, col color.NRGBA) {
	x0, x1 := span(bounds.x0, bounds.x1, c.clip.Min.X, c.clip.Max.X)
	y0, y1 := span(bounds.y0, bounds.y1, c.clip.Min.Y, c.clip.Max.Y)
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			n := 0
			for j := 0; j < ss; j++ {
				sy := float64(y) + (float64(j)+0.5)/ss
				for i := 0; i < ss; i++ {
					if inside(float64(x)+(float64(i)+0.5)/ss, sy) {
						n++
					}
				}
			}
			c.blend(x, y, col, float64(n)/(ss*ss))
		}
	}
}

// ellipse fills an axis-aligned ellipse.
func (c *canvas) ellipse(cx, cy, rx, ry float64, col color.NRGBA) {
	c.rotEllipse(cx, cy, rx, ry, 0, col)
}

// rotEllipse fills an ellipse rotated by angle radians (clockwise on
// screen, as image y points down).
func (c *canvas) rotEllipse(cx, cy, rx, ry, angle float64, col color.NRGBA) {
	if rx <= 0 || ry <= 0 {
		return
	}
	s, k := math.Sincos(angle)
	r := max(rx, ry)
	c.fillFunc(rect{cx - r, cy - r, cx + r, cy + r}, func(x, y float64) bool {
		dx, dy := x-cx, y-cy
		u, v := (dx*k+dy*s)/rx, (-dx*s+dy*k)/ry
		return u*u+v*v <= 1
	}, col)
}

// ring fills the annulus between radii r0 < r1.
func (c *canvas) ring(cx, cy, r0, r1 float64, col color.NRGBA) {
	c.fillFunc(rect{cx - r1, cy - r1, cx + r1, cy + r1}, func(x, y float64) bool {
		d := (x-cx)*(x-cx) + (y-cy)*(y-cy)
		return d <= r1*r1 && d >= r0*r0
	}, col)
}

// roundRect fills r with corners rounded to radius rad.
func (c *canvas) roundRect(r rect, rad float64, col color.NRGBA) {
	rad = max(0, min(rad, r.w()/2, r.h()/2))
	c.fillFunc(r, func(x, y float64) bool {
		dx := max(r.x0+rad-x, x-(r.x1-rad), 0)
		dy := max(r.y0+rad-y, y-(r.y1-rad), 0)
		return x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1 && dx*dx+dy*dy <= rad*rad
	}, col)
}

// pt is a point in pixel coordinates.
type pt struct{ x, y float64 }

// polygon fills a simple or self-intersecting polygon (even-odd rule).
func (c *canvas) polygon(p []pt, col color.NRGBA) {
	if len(p) < 3 {
		return
	}
	b := rect{p[0].x, p[0].y, p[0].x, p[0].y}
	for _, q := range p {
		b = rect{min(b.x0, q.x), min(b.y0, q.y), max(b.x1, q.x), max(b.y1, q.y)}
	}
	c.fillFunc(b, func(x, y float64) bool { return insidePolygon(p, x, y) }, col)
}

func insidePolygon(p []pt, x, y float64) bool {
	in := false
	for i, j := 0, len(p)-1; i < len(p); j, i = i, i+1 {
		a, b := p[i], p[j]
		if (a.y > y) != (b.y > y) && x < (b.x-a.x)*(y-a.y)/(b.y-a.y)+a.x {
			in = !in
		}
	}
	return in
}

// gradientV fills r with a vertical gradient from top to bottom.
func (c *canvas) gradientV(r rect, top, bottom color.NRGBA) {
	y0, y1 := span(r.y0, r.y1, c.clip.Min.Y, c.clip.Max.Y)
	for y := y0; y < y1; y++ {
		t := (float64(y) + 0.5 - r.y0) / max(r.h(), 1e-9)
		c.fillRect(rect{r.x0, float64(y), r.x1, float64(y + 1)}, mix(top, bottom, max(0, min(1, t))))
	}
}

// wave fills the band between two horizontal sine waves: the points with
// y0(x) <= y <= y0(x)+thick, where y0(x) = y + amp·sin(2π(x/period + phase)).
func (c *canvas) wave(b rect, y, amp, period, phase, thick float64, col color.NRGBA) {
	c.fillFunc(rect{b.x0, y - amp, b.x1, y + amp + thick}, func(px, py float64) bool {
		w := y + amp*math.Sin(2*math.Pi*(px/period+phase))
		return py >= w && py <= w+thick
	}, col)
}

// Colour helpers, all in sRGB-encoded 8-bit space.

func mix(a, b color.NRGBA, t float64) color.NRGBA {
	l := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t + 0.5) }
	return color.NRGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), 255}
}

func lighten(c color.NRGBA, t float64) color.NRGBA { return mix(c, color.NRGBA{255, 255, 255, 255}, t) }
func darken(c color.NRGBA, t float64) color.NRGBA  { return mix(c, color.NRGBA{0, 0, 0, 255}, t) }

// withAlpha returns c with alpha a (used for translucent overlays).
func withAlpha(c color.NRGBA, a uint8) color.NRGBA { c.A = a; return c }

// luma is the Rec. 601 luma of c in [0, 1].
func luma(c color.NRGBA) float64 {
	return (0.299*float64(c.R) + 0.587*float64(c.G) + 0.114*float64(c.B)) / 255
}

// inkOn returns a near-black or near-white ink that reads on bg.
func inkOn(bg color.NRGBA) color.NRGBA {
	if luma(bg) > 0.55 {
		return color.NRGBA{20, 20, 24, 255}
	}
	return color.NRGBA{250, 250, 248, 255}
}

// hsv converts hue (degrees), saturation and value in [0, 1] to a colour.
func hsv(h, s, v float64) color.NRGBA {
	r, g, b := scene.HSVToSRGB(h, s, v)
	u := func(v float64) uint8 { return uint8(max(0, min(255, v*255+0.5))) }
	return color.NRGBA{u(r), u(g), u(b), 255}
}

// rgb is shorthand for an opaque colour.
func rgb(r, g, b uint8) color.NRGBA { return color.NRGBA{r, g, b, 255} }
