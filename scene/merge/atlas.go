package merge

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sync"

	"github.com/go-gl/mathgl/mgl32"
	xdraw "golang.org/x/image/draw"

	"github.com/synthkit/synthkit/scene"
)

// The texture atlas of a merged model, and the colour helpers that fill
// it.

// atlas is the merged textures, all of one layout: slot k (inside a
// one-texel border) holds the textures of slotKey k, swatch j is the
// swatch×swatch block whose top-left texel is sw[j]. img is the base
// colour (sRGB, alpha baked); orm, nrm and emi are the occlusion-
// metallic-roughness, normal and emissive atlases, nil when the merged
// material does without.
type atlas struct {
	img, orm, nrm, emi *image.NRGBA
	slots              []image.Rectangle
	sw                 []image.Point
	wf, hf             float32 // atlas size as floats
}

// slotImages are one slot's textures, shrunk and brought to the slot's
// size (nil where the part has none).
type slotImages [5]*image.NRGBA

// buildAtlas lays out the slots (each image scaled to at most maxTex a
// side, 0 for no limit, the slot as large as its largest image, with a
// one-texel border) and rows of swatches after them, and bakes every
// atlas pl asks for.
func buildAtlas(slots []slotKey, swatches []finish, pl mapPlan, maxTex int) (*atlas, error) {
	// The size check comes before any texel is read.
	sizes := make([]image.Point, len(slots))
	width := swatch
	for i, s := range slots {
		for _, img := range s.imgs {
			if img != nil {
				sz := shrunkSize(img.Rect.Dx(), img.Rect.Dy(), maxTex)
				sizes[i] = image.Pt(max(sizes[i].X, sz.X), max(sizes[i].Y, sz.Y))
			}
		}
		width = max(width, sizes[i].X+2)
	}
	perRow := max(1, width/swatch)
	height := 0
	at := &atlas{}
	for _, sz := range sizes {
		at.slots = append(at.slots, image.Rect(1, height+1, 1+sz.X, height+1+sz.Y))
		height += sz.Y + 2
	}
	swTop := height
	height += swatch * ((len(swatches) + perRow - 1) / perRow)
	// The bound is on the texels of all the atlases together, so that a
	// model whose parts need every map costs no more memory than one
	// whose parts need only base colour (256 MiB).
	maps := 1
	for _, need := range []bool{pl.mr || pl.occlusion, pl.normal, pl.emission} {
		if need {
			maps++
		}
	}
	if int64(width)*int64(height)*int64(maps) > 1<<26 {
		return nil, fmt.Errorf("texture atlases of %dx%d texels (%d of them) are too large", width, height, maps)
	}
	bounds := image.Rect(0, 0, width, max(height, 1))
	at.img = image.NewNRGBA(bounds)
	if pl.mr || pl.occlusion {
		at.orm = image.NewNRGBA(bounds)
	}
	if pl.normal {
		at.nrm = image.NewNRGBA(bounds)
	}
	if pl.emission {
		at.emi = image.NewNRGBA(bounds)
	}
	for i, s := range slots {
		var si slotImages
		for k, img := range s.imgs {
			if img != nil {
				si[k] = fit(shrink(img, maxTex, k == 0 || k == 4), sizes[i])
			}
		}
		r := at.slots[i]
		for y := range r.Dy() {
			for x := range r.Dx() {
				at.bake(r.Min.X+x, r.Min.Y+y, &s.f, &si, x, y, &pl)
			}
		}
		for _, img := range []*image.NRGBA{at.img, at.orm, at.nrm, at.emi} {
			if img != nil {
				border(img, r)
			}
		}
	}
	for j := range swatches {
		p := image.Pt((j%perRow)*swatch, swTop+(j/perRow)*swatch)
		at.sw = append(at.sw, p)
		for y := range swatch {
			for x := range swatch {
				at.bake(p.X+x, p.Y+y, &swatches[j], &slotImages{}, 0, 0, &pl)
			}
		}
	}
	at.wf, at.hf = float32(width), float32(bounds.Dy())
	return at, nil
}

// bake writes texel (ax, ay) of every atlas from the finish f and texel
// (x, y) of the slot's images.
func (at *atlas) bake(ax, ay int, f *finish, si *slotImages, x, y int, pl *mapPlan) {
	c := color.NRGBA{255, 255, 255, 255}
	texA := float32(1)
	if img := si[0]; img != nil {
		c = img.NRGBAAt(x, y)
		texA = float32(c.A) / 255
	} else {
		// A swatch holds its part's colour; a slot without a base colour
		// texture is white (its finish's colour is, the vertex colours
		// hold the part's).
		c = toNRGBA(f.colour)
	}
	c.A = bakeAlpha(f, texA, pl.alphaMode)
	at.img.SetNRGBA(ax, ay, c)
	if at.orm != nil {
		o := color.NRGBA{255, 255, 255, 255}
		if img := si[3]; img != nil {
			o.R = unorm(1 + f.occlusion*(float32(img.NRGBAAt(x, y).R)/255-1))
		}
		if pl.mr {
			g, b := float32(1), float32(1)
			if img := si[1]; img != nil {
				t := img.NRGBAAt(x, y)
				g, b = float32(t.G)/255, float32(t.B)/255
			}
			o.G, o.B = unorm(f.roughness*g), unorm(f.metallic*b)
		}
		at.orm.SetNRGBA(ax, ay, o)
	}
	if at.nrm != nil {
		n := color.NRGBA{128, 128, 255, 255}
		if img := si[2]; img != nil {
			t := img.NRGBAAt(x, y)
			v := mgl32.Vec3{(2*float32(t.R)/255 - 1) * f.normalScale, (2*float32(t.G)/255 - 1) * f.normalScale, 2*float32(t.B)/255 - 1}
			if l := v.Len(); l > 0 {
				v = v.Mul(1 / l)
				n = color.NRGBA{unorm((v[0] + 1) / 2), unorm((v[1] + 1) / 2), unorm((v[2] + 1) / 2), 255}
			}
		}
		at.nrm.SetNRGBA(ax, ay, n)
	}
	if at.emi != nil {
		var e scene.Color
		for k, dst := range []*float32{&e.R, &e.G, &e.B} {
			if pl.emissive[k] > 0 {
				*dst = f.emissive[k] / pl.emissive[k]
			}
		}
		if img := si[4]; img != nil {
			lin, _ := srgbTables()
			t := img.NRGBAAt(x, y)
			e = scene.RGB(e.R*lin[t.R], e.G*lin[t.G], e.B*lin[t.B])
		}
		at.emi.SetNRGBA(ax, ay, toNRGBA(e))
	}
}

// bakeAlpha is the atlas alpha of a texel of a part with finish f whose
// texture alpha is texA, in a merged material of mode mode: 255 for an
// opaque merge or part, the cutoff test's outcome (0 or 255) for a masked
// part, the product of the alphas for a blended one.
func bakeAlpha(f *finish, texA float32, mode scene.AlphaMode) uint8 {
	if mode == scene.AlphaOpaque {
		return 255
	}
	a := f.colour.A * texA
	switch f.alphaMode {
	case scene.AlphaMask:
		if a >= f.cutoff {
			return 255
		}
		return 0
	case scene.AlphaBlend:
		return unorm(a)
	}
	return 255
}

// unorm encodes v in [0, 1] (clamped) as an 8-bit value.
func unorm(v float32) uint8 { return uint8(math.Round(float64(clamp32(v, 0, 1)) * 255)) }

// border copies the edge texels of the slot r one texel outwards.
func border(img *image.NRGBA, r image.Rectangle) {
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

// fit returns img resampled bilinearly to size (img itself when it has
// that size already): a slot's textures of different sizes share the
// slot's texture coordinates.
func fit(img *image.NRGBA, size image.Point) *image.NRGBA {
	if img.Rect.Size() == size {
		return img
	}
	dst := image.NewNRGBA(image.Rectangle{Max: size})
	xdraw.BiLinear.Scale(dst, dst.Rect, img, img.Rect, xdraw.Src, nil)
	return dst
}

// averageLinear returns the mean green and blue of a linear texture (a
// metallic-roughness map's roughness and metalness), in [0, 1].
func averageLinear(img *image.NRGBA) (g, b float32) {
	var sg, sb float64
	n := 0
	bd := img.Rect
	step := max(1, bd.Dx()*bd.Dy()/4096)
	for i := 0; i < bd.Dx()*bd.Dy(); i += step {
		c := img.NRGBAAt(bd.Min.X+i%bd.Dx(), bd.Min.Y+i/bd.Dx())
		sg += float64(c.G)
		sb += float64(c.B)
		n++
	}
	return float32(sg / float64(n) / 255), float32(sb / float64(n) / 255)
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
// itself when it is small enough or maxSide is 0. Without srgb the
// texels are linear data (a metallic-roughness, normal or occlusion map)
// and are averaged as they are.
func shrink(img *image.NRGBA, maxSide int, srgb bool) *image.NRGBA {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if maxSide <= 0 || (w <= maxSide && h <= maxSide) {
		return img
	}
	k := (max(w, h) + maxSide - 1) / maxSide
	dw, dh := (w+k-1)/k, (h+k-1)/k
	lin, enc := srgbTables()
	if !srgb {
		lin, enc = linearTables()
	}
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

// shrunkSize is the size shrink gives a w×h image.
func shrunkSize(w, h, maxSide int) image.Point {
	if maxSide <= 0 || (w <= maxSide && h <= maxSide) {
		return image.Pt(w, h)
	}
	k := (max(w, h) + maxSide - 1) / maxSide
	return image.Pt((w+k-1)/k, (h+k-1)/k)
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

// linearTables are srgbTables' counterparts for linear data: 8-bit codes
// to [0, 1] and back.
var linearTables = sync.OnceValues(func() (*[256]float32, *[encSteps + 1]uint8) {
	var lin [256]float32
	for i := range lin {
		lin[i] = float32(i) / 255
	}
	var enc [encSteps + 1]uint8
	for i := range enc {
		enc[i] = uint8(math.Round(float64(i) / encSteps * 255))
	}
	return &lin, &enc
})
