package merge

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"sync"

	"github.com/go-gl/mathgl/mgl32"

	"github.com/synthkit/synthkit/scene"
)

// The texture atlas of a merged model, and the colour helpers that fill
// it.

// atlas is the merged texture: input texture k occupies slots[k] (inside
// a one-texel border), swatch j the swatch×swatch block whose top-left
// texel is sw[j].
type atlas struct {
	img    *image.NRGBA
	slots  []image.Rectangle
	sw     []image.Point
	wf, hf float32 // atlas size as floats
}

// buildAtlas stacks the textures (each scaled to at most maxTex a side, 0
// for no limit, with a one-texel border) and appends rows of colour
// swatches.
func buildAtlas(texs []*scene.Texture, swatches []scene.Color, maxTex int) (*atlas, error) {
	scaled := make([]*image.NRGBA, len(texs))
	width := swatch
	for i, t := range texs {
		scaled[i] = shrink(t.Image, maxTex)
		width = max(width, scaled[i].Rect.Dx()+2)
	}
	perRow := max(1, width/swatch)
	height := 0
	at := &atlas{}
	for _, s := range scaled {
		at.slots = append(at.slots, image.Rect(1, height+1, 1+s.Rect.Dx(), height+1+s.Rect.Dy()))
		height += s.Rect.Dy() + 2
	}
	swTop := height
	height += swatch * ((len(swatches) + perRow - 1) / perRow)
	if int64(width)*int64(height) > 1<<26 {
		return nil, fmt.Errorf("texture atlas of %dx%d texels is too large", width, height)
	}
	img := image.NewNRGBA(image.Rect(0, 0, width, max(height, 1)))
	for i, s := range scaled {
		r := at.slots[i]
		draw.Draw(img, r, s, s.Rect.Min, draw.Src)
		// One-texel border copied from the edges.
		for x := r.Min.X - 1; x <= r.Max.X; x++ {
			cx := min(max(x, r.Min.X), r.Max.X-1)
			img.SetNRGBA(x, r.Min.Y-1, img.NRGBAAt(cx, r.Min.Y))
			img.SetNRGBA(x, r.Max.Y, img.NRGBAAt(cx, r.Max.Y-1))
		}
		for y := r.Min.Y; y < r.Max.Y; y++ {
			img.SetNRGBA(r.Min.X-1, y, img.NRGBAAt(r.Min.X, y))
			img.SetNRGBA(r.Max.X, y, img.NRGBAAt(r.Max.X-1, y))
		}
	}
	for j, c := range swatches {
		p := image.Pt((j%perRow)*swatch, swTop+(j/perRow)*swatch)
		at.sw = append(at.sw, p)
		draw.Draw(img, image.Rectangle{p, p.Add(image.Pt(swatch, swatch))}, image.NewUniform(toNRGBA(c)), image.Point{}, draw.Src)
	}
	at.img = img
	at.wf, at.hf = float32(img.Rect.Dx()), float32(img.Rect.Dy())
	return at, nil
}

// averageColour returns the mean linear colour of an sRGB image.
func averageColour(img *image.NRGBA) scene.Color {
	var r, g, b float64
	n := 0
	bd := img.Rect
	step := max(1, bd.Dx()*bd.Dy()/4096) // a few thousand texels suffice
	for i := 0; i < bd.Dx()*bd.Dy(); i += step {
		c := img.NRGBAAt(bd.Min.X+i%bd.Dx(), bd.Min.Y+i/bd.Dx())
		r += float64(scene.SRGBToLinear(float32(c.R) / 255))
		g += float64(scene.SRGBToLinear(float32(c.G) / 255))
		b += float64(scene.SRGBToLinear(float32(c.B) / 255))
		n++
	}
	return scene.RGB(float32(r/float64(n)), float32(g/float64(n)), float32(b/float64(n)))
}

// mulColor multiplies two colours component-wise; the result is opaque.
func mulColor(a, b scene.Color) scene.Color {
	return scene.RGB(a.R*b.R, a.G*b.G, a.B*b.B)
}

// vec4Color converts a vertex colour.
func vec4Color(v mgl32.Vec4) scene.Color { return scene.Color{R: v[0], G: v[1], B: v[2], A: v[3]} }

// isWhite reports whether c's RGB components are all 1.
func isWhite(c scene.Color) bool { return c.R == 1 && c.G == 1 && c.B == 1 }

// toNRGBA encodes a linear colour as 8-bit sRGB.
func toNRGBA(c scene.Color) color.NRGBA {
	enc := func(v float32) uint8 { return uint8(math.Round(float64(scene.LinearToSRGB(v)) * 255)) }
	return color.NRGBA{enc(c.R), enc(c.G), enc(c.B), 255}
}

// clamp32 clamps v to [lo, hi], mapping NaN to lo.
func clamp32(v, lo, hi float32) float32 {
	if !(v >= lo) {
		return lo
	}
	return min(v, hi)
}

// shrink returns img reduced by the smallest integer factor k that brings
// neither side above maxSide (each texel the mean, in linear light, of a
// k×k block; partial blocks at the edges average what they cover), or img
// itself when it is small enough or maxSide is 0.
func shrink(img *image.NRGBA, maxSide int) *image.NRGBA {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if maxSide <= 0 || (w <= maxSide && h <= maxSide) {
		return img
	}
	k := (max(w, h) + maxSide - 1) / maxSide
	dw, dh := (w+k-1)/k, (h+k-1)/k
	lin, enc := srgbTables()
	dst := image.NewNRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		for x := range dw {
			var r, g, b, a float32
			n := 0
			for sy := y * k; sy < min(h, (y+1)*k); sy++ {
				row := img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+sy):]
				for sx := x * k; sx < min(w, (x+1)*k); sx++ {
					p := row[4*sx : 4*sx+4]
					r, g, b, a = r+lin[p[0]], g+lin[p[1]], b+lin[p[2]], a+float32(p[3])
					n++
				}
			}
			f := 1 / float32(n)
			o := dst.Pix[y*dst.Stride+4*x:]
			o[0], o[1], o[2], o[3] = enc[int(r*f*encSteps+0.5)], enc[int(g*f*encSteps+0.5)], enc[int(b*f*encSteps+0.5)], uint8(math.Round(float64(a*f)))
		}
	}
	return dst
}

// encSteps is the resolution of the linear-to-sRGB table: fine enough
// that every 8-bit code is reached.
const encSteps = 8191

// srgbTables returns the read-only conversion tables of shrink: 8-bit
// sRGB to linear, and linear (in steps of 1/encSteps) to 8-bit sRGB.
var srgbTables = sync.OnceValues(func() (*[256]float32, *[encSteps + 1]uint8) {
	var lin [256]float32
	for i := range lin {
		lin[i] = scene.SRGBToLinear(float32(i) / 255)
	}
	var enc [encSteps + 1]uint8
	for i := range enc {
		enc[i] = uint8(math.Round(float64(scene.LinearToSRGB(float32(i)/encSteps)) * 255))
	}
	return &lin, &enc
})
