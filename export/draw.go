package export

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Drawing helpers of the contact sheet: solid rectangles, outlines, text
// in basicfont's 7×13 face, the instance palette and the depth colormap.

// Text metrics of basicfont.Face7x13.
const (
	glyphW     = 7
	lineH      = 13
	lineAscent = 11
)

// textWidth returns the width in pixels of s in the 7×13 face.
func textWidth(s string) int { return font.MeasureString(basicfont.Face7x13, s).Ceil() }

// drawText draws s with its top-left corner at (x, y), clipped to dst's
// bounds.
func drawText(dst draw.Image, x, y int, c color.Color, s string) {
	d := font.Drawer{
		Dst:  dst,
		Src:  image.NewUniform(c),
		Face: basicfont.Face7x13,
		Dot:  fixed.P(x, y+lineAscent),
	}
	d.DrawString(s)
}

// labelH is the height of a label box.
const labelH = lineH + 1

// labelRect returns the box of a label reading s with its top-left corner
// at (x, y), moved inside clip where it would stick out.
func labelRect(clip image.Rectangle, x, y int, s string) image.Rectangle {
	r := image.Rect(0, 0, textWidth(s)+4, labelH)
	x = min(max(x, clip.Min.X), clip.Max.X-r.Dx())
	y = min(max(y, clip.Min.Y), clip.Max.Y-r.Dy())
	return r.Add(image.Pt(x, y)).Intersect(clip)
}

// drawLabel fills r with bg and writes s in it, in black or white,
// whichever reads better on bg.
func drawLabel(dst *image.RGBA, r image.Rectangle, bg color.RGBA, s string) {
	fill(dst, r, bg)
	fg := color.RGBA{0, 0, 0, 255}
	if luma(bg) < 0.55 {
		fg = color.RGBA{255, 255, 255, 255}
	}
	drawText(dst.SubImage(r).(*image.RGBA), r.Min.X+2, r.Min.Y+1, fg, s)
}

// strokeRect draws the outline of r, thick pixels wide inwards, clipped to
// dst's bounds.
func strokeRect(dst draw.Image, r image.Rectangle, thick int, c color.Color) {
	u := image.NewUniform(c)
	for i := 0; i < thick && r.Dx() > 0 && r.Dy() > 0; i++ {
		for _, e := range []image.Rectangle{
			image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+1),
			image.Rect(r.Min.X, r.Max.Y-1, r.Max.X, r.Max.Y),
			image.Rect(r.Min.X, r.Min.Y, r.Min.X+1, r.Max.Y),
			image.Rect(r.Max.X-1, r.Min.Y, r.Max.X, r.Max.Y),
		} {
			draw.Draw(dst, e, u, image.Point{}, draw.Src)
		}
		r = r.Inset(1)
	}
}

// fill fills r with c.
func fill(dst draw.Image, r image.Rectangle, c color.Color) {
	draw.Draw(dst, r, image.NewUniform(c), image.Point{}, draw.Src)
}

func luma(c color.RGBA) float64 {
	return (0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)) / 255
}

// instanceColor returns the overlay colour of instance id: hues spread by
// the golden ratio so that neighbouring ids differ, fully saturated.
func instanceColor(id uint32) color.RGBA {
	h := math.Mod(float64(id)*0.618033988749895, 1)
	return hsv(h, 0.75, 1)
}

// hsv converts a colour with hue h in [0, 1), saturation s and value v to
// opaque RGBA.
func hsv(h, s, v float64) color.RGBA {
	i := int(h * 6)
	f := h*6 - float64(i)
	p, q, t := v*(1-s), v*(1-s*f), v*(1-s*(1-f))
	var r, g, b float64
	switch i % 6 {
	case 0:
		r, g, b = v, t, p
	case 1:
		r, g, b = q, v, p
	case 2:
		r, g, b = p, v, t
	case 3:
		r, g, b = p, q, v
	case 4:
		r, g, b = t, p, v
	default:
		r, g, b = v, p, q
	}
	return color.RGBA{uint8(r*255 + 0.5), uint8(g*255 + 0.5), uint8(b*255 + 0.5), 255}
}

// viridis holds five stops of matplotlib's viridis colormap (CC0), from 0
// to 1; Colormap interpolates between them.
var viridis = [5]color.RGBA{
	{0x44, 0x01, 0x54, 255},
	{0x3b, 0x52, 0x8b, 255},
	{0x21, 0x91, 0x8c, 255},
	{0x5e, 0xc9, 0x62, 255},
	{0xfd, 0xe7, 0x25, 255},
}

// Colormap returns the viridis colour of t in [0, 1] (clamped): dark
// purple at 0, yellow at 1.
func Colormap(t float64) color.RGBA {
	t = min(max(t, 0), 1) * float64(len(viridis)-1)
	i := min(int(t), len(viridis)-2)
	f := t - float64(i)
	a, b := viridis[i], viridis[i+1]
	mix := func(x, y uint8) uint8 { return uint8(float64(x)*(1-f) + float64(y)*f + 0.5) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 255}
}
