package product

import (
	"fmt"
	"image/color"
	"math"
	"strings"
)

// Brand is a maker of a family of products. SKUs of one brand share its
// name, palette, logo and label layout, and differ in kind, size and
// flavour, as a real product range does.
type Brand struct {
	// Name is printed on every label; letters, digits and spaces print,
	// other runes print blank.
	Name string
	// Sector is the product family the brand makes (see Sectors); it picks
	// the kinds and variants of its SKUs in Plan. New ignores it; empty
	// means unspecified.
	Sector string
	// Palette holds the brand colours (alpha is ignored); New draws one
	// from its seed when it is all zero.
	Palette Palette
	// Style seeds the design choices the brand's labels share: logo shape,
	// light or dark labels, band layout, lettering.
	Style uint64
	// Code is the company part (0..99999) of the barcodes Plan assigns.
	Code int
}

// Palette is a brand's colour scheme, sRGB-encoded.
type Palette struct {
	Primary   color.NRGBA // the dominant label colour
	Secondary color.NRGBA // bands, caps and lids
	Accent    color.NRGBA // highlights, badges, the logo
	Paper     color.NRGBA // the light ground of backs and light labels
}

// maxBrandName bounds a brand name's length in runes.
const maxBrandName = 40

// NewBrand returns a brand with a made-up name, a harmonious palette and a
// design style, all drawn from seed; its Sector is drawn from Sectors and
// its Code from seed.
func NewBrand(seed uint64) Brand {
	g := newRNG(seed, streamBrand)
	b := Brand{
		Name:   brandName(g),
		Sector: sectors[g.intn(len(sectors))].name,
		Style:  derive(seed, streamBrandStyle, 0),
		Code:   g.intn(100000),
	}
	b.Palette = newPalette(g)
	return b
}

func (b *Brand) validate() error {
	if strings.TrimSpace(b.Name) == "" {
		return fmt.Errorf("brand: empty name")
	}
	if n := len([]rune(b.Name)); n > maxBrandName {
		return fmt.Errorf("brand %q: name of %d runes exceeds %d", b.Name, n, maxBrandName)
	}
	if b.Code < 0 || b.Code > 99999 {
		return fmt.Errorf("brand %q: code %d outside 0..99999", b.Name, b.Code)
	}
	if _, ok := sectorByName(b.Sector); !ok && b.Sector != "" {
		return fmt.Errorf("brand %q: unknown sector %q (want one of %s)", b.Name, b.Sector, strings.Join(Sectors(), ", "))
	}
	return nil
}

// brandName makes a pronounceable two- or three-syllable name.
func brandName(g *rng) string {
	onsets := []string{"b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "cr", "dr", "fr", "gr", "kl", "pr", "st", "tr", "sn", "fl"}
	vowels := []string{"a", "e", "i", "o", "u", "a", "o", "ia", "ou", "ee"}
	codas := []string{"", "", "", "n", "r", "s", "x", "l", "k", "m"}
	var sb strings.Builder
	n := 2 + g.intn(2)
	for i := 0; i < n; i++ {
		sb.WriteString(onsets[g.intn(len(onsets))])
		sb.WriteString(vowels[g.intn(len(vowels))])
		if i == n-1 || g.chance(0.3) {
			sb.WriteString(codas[g.intn(len(codas))])
		}
	}
	s := sb.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// newPalette draws a primary colour and derives the others by a colour
// scheme (complementary, analogous, triadic or monochrome).
func newPalette(g *rng) Palette {
	h := g.between(0, 360)
	p := Palette{Primary: hsv(h, g.between(0.55, 0.95), g.between(0.45, 0.85))}
	var h2 float64
	switch g.intn(4) {
	case 0:
		h2 = h + 180
	case 1:
		h2 = h + 35
	case 2:
		h2 = h + 120
	default:
		h2 = h
	}
	p.Secondary = hsv(h2, g.between(0.5, 0.9), g.between(0.35, 0.95))
	if math.Abs(luma(p.Secondary)-luma(p.Primary)) < 0.2 { // keep bands visible
		if luma(p.Primary) > 0.45 {
			p.Secondary = darken(p.Secondary, 0.55)
		} else {
			p.Secondary = lighten(p.Secondary, 0.55)
		}
	}
	accents := []color.NRGBA{rgb(255, 214, 10), rgb(250, 250, 245), rgb(230, 30, 40), rgb(255, 140, 0), rgb(40, 190, 90), rgb(20, 20, 30)}
	p.Accent = accents[g.intn(len(accents))]
	if p.Accent == p.Primary {
		p.Accent = rgb(250, 250, 245)
	}
	papers := []color.NRGBA{rgb(250, 249, 244), rgb(246, 240, 225), lighten(p.Primary, 0.88)}
	p.Paper = papers[g.intn(len(papers))]
	return p
}

// style is the part of a label design that a brand's SKUs share.
type style struct {
	logo   int     // logo shape, 0..numLogos-1
	dark   bool    // labels printed on the primary colour rather than paper
	bands  int     // band layout, 0..3
	slant  float64 // italic slant of the brand lettering
	banner bool    // brand name on a banner
}

const numLogos = 7

func (b *Brand) style() style {
	g := newRNG(b.Style, streamBrandStyle)
	return style{
		logo:   g.intn(numLogos),
		dark:   g.chance(0.6),
		bands:  g.intn(4),
		slant:  []float64{0, 0, 0.2, 0.3}[g.intn(4)],
		banner: g.chance(0.4),
	}
}

// slug returns a lower-case, hyphenated identifier of s for SKU ids and
// file names: letters and digits kept, everything else folded to "-".
func slug(s string) string {
	var sb strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			sb.WriteRune(r)
			dash = false
		} else if !dash && sb.Len() > 0 {
			sb.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(sb.String(), "-")
}
