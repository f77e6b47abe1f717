package shelves

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand/v2"

	"github.com/go-gl/mathgl/mgl32"

	"github.com/synthkit/synthkit/scene"
)

// Textures shared by every sample, painted once when the generator is
// built: the perforated back panel, the floor tiles and an atlas of price
// tags. They are tiles sampled with Repeat (panel, floor) or cells selected
// by a material's UVTransform (tags), so one image serves any size.

// Price-tag atlas layout: tagStyles store designs, each with tagsPerStyle
// tags of different prices, in a grid of tagCols columns.
const (
	tagW, tagH   = 96, 48
	tagStyles    = 4
	tagsPerStyle = 16
	tagCols      = 8
)

// textures holds the shared images and the materials that use them
// unchanged.
type textures struct {
	perforated *image.NRGBA // one hole per tile, white around a dark hole
	floor      *image.NRGBA // one floor tile with its grout line
	tags       *image.NRGBA // the price-tag atlas
	// tagMats[s][k] is tag k of store style s: the tag quad's material.
	tagMats [tagStyles][tagsPerStyle]*scene.Material
	// tagPrice[s][k] is the price printed on tag k of style s, exactly as
	// drawn ("2.49", or "249" in a style without decimals).
	tagPrice [tagStyles][tagsPerStyle]string
}

// newTextures paints the shared textures from seed.
func newTextures(seed uint64) *textures {
	r := rand.New(rand.NewPCG(seed, 0x7a95))
	t := &textures{perforated: perforatedTile(), floor: floorTile(r)}
	rows := tagStyles * tagsPerStyle / tagCols
	t.tags = image.NewNRGBA(image.Rect(0, 0, tagCols*tagW, rows*tagH))
	tex := &scene.Texture{Name: "price-tags", Image: t.tags, WrapS: scene.ClampToEdge, WrapT: scene.ClampToEdge}
	for s := range tagStyles {
		st := newTagStyle(r)
		for k := range tagsPerStyle {
			i := s*tagsPerStyle + k
			cell := image.Rect((i%tagCols)*tagW, (i/tagCols)*tagH, (i%tagCols+1)*tagW, (i/tagCols+1)*tagH)
			t.tagPrice[s][k] = paintTag(t.tags, cell, st, r)
			// The tag quad's UVs span [0, 1]²; its material picks the cell.
			sx, sy := float32(tagW)/float32(t.tags.Rect.Dx()), float32(tagH)/float32(t.tags.Rect.Dy())
			ox, oy := float32(cell.Min.X)/float32(t.tags.Rect.Dx()), float32(cell.Min.Y)/float32(t.tags.Rect.Dy())
			t.tagMats[s][k] = &scene.Material{
				Name:             fmt.Sprintf("price-tag-%d-%d", s, k),
				BaseColor:        scene.RGB(1, 1, 1),
				BaseColorTexture: tex,
				UVTransform:      mgl32.Mat3{sx, 0, 0, 0, sy, 0, ox, oy, 1},
				Roughness:        0.35,
			}
		}
	}
	return t
}

// perforatedTile is a 16×16 tile, white with a soft dark hole in the
// middle; tinted by the panel's base colour.
func perforatedTile() *image.NRGBA {
	const n = 16
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	for y := range n {
		for x := range n {
			d := math.Hypot(float64(x)+0.5-n/2, float64(y)+0.5-n/2)
			v := 255 - 200*clamp01(3.6-d) // hole of radius about 3 texels, soft edge
			img.SetNRGBA(x, y, color.NRGBA{uint8(v), uint8(v), uint8(v), 255})
		}
	}
	return img
}

// floorTile is a 64×64 floor tile: speckled, with a darker grout line on
// two edges.
func floorTile(r *rand.Rand) *image.NRGBA {
	const n = 64
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	for y := range n {
		for x := range n {
			v := 235 + r.IntN(20)
			if x < 1 || y < 1 {
				v = 150
			}
			img.SetNRGBA(x, y, color.NRGBA{uint8(v), uint8(v), uint8(v), 255})
		}
	}
	return img
}

// tagStyle is a store's price-tag design.
type tagStyle struct {
	paper, band, ink, promo color.NRGBA
	bandH                   int
	decimals                bool // prices like 2.49 rather than 249
}

func newTagStyle(r *rand.Rand) tagStyle {
	papers := []color.NRGBA{{250, 250, 246, 255}, {255, 236, 120, 255}, {245, 245, 250, 255}, {255, 250, 225, 255}}
	bands := []color.NRGBA{{200, 30, 40, 255}, {20, 90, 170, 255}, {0, 130, 70, 255}, {240, 140, 0, 255}, {40, 40, 40, 255}}
	return tagStyle{
		paper:    papers[r.IntN(len(papers))],
		band:     bands[r.IntN(len(bands))],
		ink:      color.NRGBA{20, 20, 25, 255},
		promo:    color.NRGBA{230, 30, 30, 255},
		bandH:    4 + r.IntN(6),
		decimals: r.IntN(5) > 0,
	}
}

// paintTag paints one price tag into cell: paper, a coloured band, two
// lines of small print, a barcode and the price in large digits. One tag
// in five is a red promotion tag. It returns the price as drawn.
func paintTag(img *image.NRGBA, cell image.Rectangle, st tagStyle, r *rand.Rand) string {
	paper, ink := st.paper, st.ink
	if r.IntN(5) == 0 {
		paper, ink = st.promo, color.NRGBA{255, 255, 255, 255}
	}
	fillRect(img, cell, paper)
	fillRect(img, image.Rect(cell.Min.X, cell.Min.Y, cell.Max.X, cell.Min.Y+st.bandH), st.band)
	// Small print: product name and unit price as grey bars.
	grey := mixNRGBA(paper, ink, 0.55)
	y := cell.Min.Y + st.bandH + 3
	fillRect(img, image.Rect(cell.Min.X+4, y, cell.Min.X+4+20+r.IntN(50), y+3), grey)
	fillRect(img, image.Rect(cell.Min.X+4, y+6, cell.Min.X+4+10+r.IntN(30), y+8), grey)
	// Barcode.
	x := cell.Min.X + 4
	for x < cell.Min.X+34 {
		w := 1 + r.IntN(2)
		if r.IntN(2) == 0 {
			fillRect(img, image.Rect(x, cell.Max.Y-13, x+w, cell.Max.Y-4), ink)
		}
		x += w
	}
	// Price, right-aligned.
	cents := 49 + r.IntN(1500)
	if r.IntN(3) == 0 {
		cents = cents/10*10 + 9
	}
	s := fmt.Sprintf("%d.%02d", cents/100, cents%100)
	if !st.decimals {
		s = fmt.Sprintf("%d", cents)
	}
	dot := 3
	if digitsWidth(s, dot) > tagW-40 {
		dot = 2
	}
	drawDigits(img, s, cell.Max.X-4-digitsWidth(s, dot), cell.Max.Y-4-7*dot, dot, ink)
	return s
}

// fillRect paints r in c.
func fillRect(img *image.NRGBA, r image.Rectangle, c color.NRGBA) {
	r = r.Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetNRGBA(x, y, c)
		}
	}
}

// mixNRGBA returns a + t·(b − a).
func mixNRGBA(a, b color.NRGBA, t float64) color.NRGBA {
	m := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + t*(float64(y)-float64(x)))) }
	return color.NRGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 255}
}

// clamp01 clamps x to [0, 1].
func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

// digitRows is a 5×7 dot font for prices: digits, '.' and ','. Bit 4 is
// the leftmost dot.
var digitRows = map[rune][7]uint8{
	'0': {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E},
	'1': {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E},
	'2': {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F},
	'3': {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E},
	'4': {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02},
	'5': {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E},
	'6': {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E},
	'7': {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08},
	'8': {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E},
	'9': {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C},
	'.': {0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C},
	',': {0x00, 0x00, 0x00, 0x00, 0x0C, 0x04, 0x08},
}

// digitAdvance returns the advance of r in dots: narrow for punctuation.
func digitAdvance(r rune) int {
	if r == '.' || r == ',' {
		return 3
	}
	return 6
}

// digitsWidth returns the width in pixels of s drawn with dots of dot
// pixels.
func digitsWidth(s string, dot int) int {
	w := 0
	for _, r := range s {
		w += digitAdvance(r)
	}
	return max(0, w-1) * dot
}

// drawDigits draws s with its top-left corner at (x, y).
func drawDigits(img *image.NRGBA, s string, x, y, dot int, c color.NRGBA) {
	for _, r := range s {
		rows := digitRows[r]
		shift := 0
		if digitAdvance(r) == 3 {
			shift = 2 // punctuation glyphs sit in dots 2..3
		}
		for j, bits := range rows {
			for i := range 5 {
				if bits>>(4-i)&1 != 0 {
					fillRect(img, image.Rect(x+(i-shift)*dot, y+j*dot, x+(i-shift+1)*dot, y+(j+1)*dot), c)
				}
			}
		}
		x += digitAdvance(r) * dot
	}
}
