package export

import (
	"image"
	"image/color"
	"image/draw"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Drawing helpers of the contact sheet: solid rectangles, outlines, text
// in basicfont's 7×13 face (the false colours are package colormap's).

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
