package product

import (
	"image/color"
	"math"
)

// hero draws the front-panel illustration of the design's category into
// r: a bowl of cereal, a cup of tea, a pile of crisps, fruit, and so on.
// Shapes only; they read as "a picture of the product" at shelf distance.
func (d *design) hero(c *canvas, r rect) {
	if r.w() <= 2 || r.h() <= 2 {
		return
	}
	fl, sec, acc := d.flavour.col, d.pal.Secondary, d.pal.Accent
	cx, cy := r.cx(), r.cy()
	s := min(r.w(), r.h()) / 2 // half-size of the largest centred square
	g := d.g
	switch d.category {
	case "water":
		c.polygon([]pt{{r.x0, r.y1}, {cx - s*0.3, cy - s*0.6}, {cx + s*0.2, r.y1}}, lighten(sec, 0.2))
		c.polygon([]pt{{cx - s*0.3, cy - s*0.6}, {cx - s*0.48, cy - s*0.2}, {cx - s*0.12, cy - s*0.2}}, rgb(250, 250, 252))
		c.polygon([]pt{{cx - s*0.2, r.y1}, {cx + s*0.45, cy - s*0.3}, {r.x1, r.y1}}, sec)
		c.wave(r, cy+s*0.45, s*0.08, s, 0, s*0.6, fl)
	case "soft-drink", "juice":
		c.ellipse(cx, cy, s*0.85, s*0.85, fl)
		if d.category == "juice" { // a fruit slice
			c.ellipse(cx, cy, s*0.72, s*0.72, lighten(fl, 0.35))
			for k := 0; k < 8; k++ {
				a := float64(k)*math.Pi/4 + math.Pi/8
				c.polygon([]pt{{cx, cy}, {cx + s*0.68*math.Cos(a-0.33), cy + s*0.68*math.Sin(a-0.33)}, {cx + s*0.68*math.Cos(a+0.33), cy + s*0.68*math.Sin(a+0.33)}}, fl)
			}
			c.ellipse(cx, cy, s*0.08, s*0.08, lighten(fl, 0.6))
			break
		}
		for k := 0; k < 9; k++ { // bubbles
			bx, by, br := cx+g.between(-0.6, 0.6)*s, cy+g.between(-0.6, 0.6)*s, g.between(0.05, 0.14)*s
			c.ring(bx, by, br*0.7, br, lighten(fl, 0.6))
		}
		c.ellipse(cx-s*0.35, cy-s*0.4, s*0.16, s*0.1, lighten(fl, 0.5))
	case "beer":
		c.fillRect(rect{cx - s*0.03, cy - s*0.7, cx + s*0.03, cy + s*0.9}, darken(fl, 0.3))
		for k := 0; k < 6; k++ { // ears of barley
			y := cy - s*0.55 + float64(k)*s*0.22
			c.rotEllipse(cx-s*0.14, y, s*0.16, s*0.07, -0.6, fl)
			c.rotEllipse(cx+s*0.14, y, s*0.16, s*0.07, 0.6, fl)
		}
		c.rotEllipse(cx, cy-s*0.78, s*0.08, s*0.16, 0, fl)
	case "canned-food", "jam", "pickles":
		leaf := rgb(60, 140, 50)
		c.rotEllipse(cx+s*0.3, cy-s*0.55, s*0.35, s*0.12, -0.5, leaf)
		n := 3
		if d.category == "pickles" {
			for k := 0; k < 3; k++ {
				x := cx + (float64(k)-1)*s*0.45
				c.rotEllipse(x, cy+s*0.1, s*0.22, s*0.62, (float64(k)-1)*0.25, fl)
				c.rotEllipse(x-s*0.05, cy, s*0.06, s*0.4, (float64(k)-1)*0.25, lighten(fl, 0.3))
			}
			break
		}
		for k := 0; k < n; k++ {
			a := float64(k) * 2 * math.Pi / float64(n)
			x, y := cx+s*0.35*math.Cos(a+0.5), cy+s*0.3*math.Sin(a+0.5)+s*0.1
			c.ellipse(x, y, s*0.42, s*0.4, fl)
			c.ellipse(x-s*0.14, y-s*0.14, s*0.1, s*0.07, lighten(fl, 0.55))
		}
	case "milk":
		c.wave(r, cy+s*0.1, s*0.12, s*1.2, 0.1, s, rgb(250, 250, 252))
		c.roundRect(rect{cx - s*0.32, cy - s*0.7, cx + s*0.32, cy + s*0.75}, s*0.06, lighten(sec, 0.6))
		c.roundRect(rect{cx - s*0.27, cy - s*0.45, cx + s*0.27, cy + s*0.7}, s*0.04, rgb(252, 252, 255))
		c.fillRect(rect{cx - s*0.27, cy - s*0.45, cx + s*0.27, cy - s*0.35}, fl)
	case "cereal":
		for k := 0; k < 26; k++ { // flakes piled above the bowl
			a := g.between(math.Pi, 2*math.Pi)
			rr := g.between(0, 1)
			x, y := cx+math.Cos(a)*rr*s*0.8, cy+math.Sin(a)*rr*s*0.45
			c.rotEllipse(x, y, s*0.14, s*0.09, g.between(0, math.Pi), mix(fl, darken(fl, 0.4), g.between(0, 1)))
		}
		c.fillFunc(rect{cx - s, cy, cx + s, cy + s*0.8}, func(x, y float64) bool {
			u, v := (x-cx)/(s*0.95), (y-cy)/(s*0.75)
			return u*u+v*v <= 1
		}, sec)
		c.ellipse(cx, cy, s*0.95, s*0.12, darken(sec, 0.25))
		c.rotEllipse(cx+s*0.5, cy+s*0.4, s*0.45, s*0.06, -0.5, rgb(210, 210, 215))
	case "tea":
		c.ellipse(cx, cy+s*0.62, s*0.85, s*0.16, lighten(sec, 0.3))
		c.ring(cx+s*0.45, cy+s*0.12, s*0.14, s*0.24, sec)
		c.polygon([]pt{{cx - s*0.55, cy - s*0.2}, {cx + s*0.5, cy - s*0.2}, {cx + s*0.38, cy + s*0.58}, {cx - s*0.43, cy + s*0.58}}, sec)
		c.ellipse(cx-s*0.02, cy-s*0.2, s*0.52, s*0.1, fl)
		for k := 0; k < 3; k++ {
			x := cx + (float64(k)-1)*s*0.22
			c.fillFunc(rect{x - s*0.08, cy - s*0.9, x + s*0.08, cy - s*0.35}, func(px, py float64) bool {
				return math.Abs(px-x-s*0.05*math.Sin((py-cy)/(s*0.12))) < s*0.025
			}, lighten(sec, 0.5))
		}
	case "pasta":
		for k := 0; k < 14; k++ {
			x, y := cx+g.between(-0.7, 0.7)*s, cy+g.between(-0.6, 0.6)*s
			a := g.between(0, math.Pi)
			c.rotEllipse(x, y, s*0.22, s*0.07, a, rgb(240, 200, 110))
			c.rotEllipse(x, y, s*0.18, s*0.02, a, rgb(210, 160, 70))
		}
	case "crisps":
		for k := 0; k < 16; k++ {
			x, y := cx+g.between(-0.75, 0.75)*s, cy+g.between(-0.55, 0.65)*s
			a, rx := g.between(0, math.Pi), g.between(0.2, 0.3)*s
			c.rotEllipse(x, y, rx, rx*0.75, a, rgb(200, 140, 40))
			c.rotEllipse(x-rx*0.05, y-rx*0.05, rx*0.9, rx*0.65, a, rgb(245, 200, 90))
		}
	case "sweets":
		cols := []color.NRGBA{fl, acc, sec, rgb(240, 60, 60), rgb(80, 200, 90), rgb(250, 210, 40)}
		for k := 0; k < 10; k++ {
			x, y := cx+g.between(-0.7, 0.7)*s, cy+g.between(-0.6, 0.6)*s
			col := cols[g.intn(len(cols))]
			c.polygon([]pt{{x - s*0.3, y - s*0.1}, {x - s*0.1, y}, {x - s*0.3, y + s*0.1}}, lighten(col, 0.3))
			c.polygon([]pt{{x + s*0.3, y - s*0.1}, {x + s*0.1, y}, {x + s*0.3, y + s*0.1}}, lighten(col, 0.3))
			c.ellipse(x, y, s*0.15, s*0.12, col)
		}
	case "honey":
		for j := -2; j <= 2; j++ {
			for i := -2; i <= 2; i++ {
				x := cx + float64(i)*s*0.36 + float64(j&1)*s*0.18
				y := cy + float64(j)*s*0.31
				if (x-cx)*(x-cx)+(y-cy)*(y-cy) > s*s*0.7 {
					continue
				}
				c.polygon(hexagon(x, y, s*0.19), darken(fl, 0.2))
				c.polygon(hexagon(x, y, s*0.15), fl)
			}
		}
	case "spread":
		for k := 0; k < 7; k++ {
			x, y := cx+g.between(-0.6, 0.6)*s, cy+g.between(-0.5, 0.5)*s
			a := g.between(0, math.Pi)
			c.rotEllipse(x, y, s*0.26, s*0.17, a, darken(fl, 0.2))
			c.rotEllipse(x, y, s*0.2, s*0.12, a, fl)
		}
	case "batteries":
		c.polygon([]pt{{cx + s*0.15, cy - s*0.9}, {cx - s*0.45, cy + s*0.1}, {cx - s*0.02, cy + s*0.1}, {cx - s*0.2, cy + s*0.9}, {cx + s*0.45, cy - s*0.15}, {cx + s*0.02, cy - s*0.15}}, acc)
	default:
		c.roundRect(rect{cx - s*0.4, cy - s*0.7, cx + s*0.4, cy + s*0.7}, s*0.15, fl)
		c.roundRect(rect{cx - s*0.3, cy - s*0.55, cx + s*0.3, cy + s*0.3}, s*0.05, lighten(fl, 0.4))
	}
}

func hexagon(cx, cy, r float64) []pt {
	p := make([]pt, 6)
	for k := range p {
		a := float64(k) * math.Pi / 3
		p[k] = pt{cx + r*math.Cos(a), cy + r*math.Sin(a)}
	}
	return p
}
