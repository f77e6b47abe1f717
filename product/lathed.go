package product

import (
	"image"
	"image/color"
	"math"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// Lathed products: cans, bottles and jars. Each is revolved from a
// profile of (radius, y) points, bottom to top, in metres; the label
// texture wraps once around and maps linearly to height (see lathe).

// labelTexture returns the size of a wrap texture for a lathed surface of
// radius r whose v spans height h: as wide as the resolution, and as tall
// as keeps texels square.
func (b *build) labelTexture(r, h float64) (int, int) {
	w := b.opts.Resolution
	return w, texSide(float64(w)*h/(2*math.Pi*r), b.opts.Resolution)
}

// Metal colours for can ends.
const (
	aluminium = 0xced0d4
	tinplate  = 0xbec0c4
)

// hexRGB returns the opaque colour 0xRRGGBB.
func hexRGB(c uint32) color.NRGBA { return rgb(uint8(c>>16), uint8(c>>8), uint8(c)) }

// canProfile returns the bottom, side wall and top profiles of a can of
// radius R and height H, which join end to end.
func canProfile(R, H float64, food bool) (bottom, body, top []mgl64.Vec2) {
	if food {
		// Tinplate with rolled rims at both ends and a paper label.
		bottom = []mgl64.Vec2{{0.95 * R, 0}, {R, 0.0025}, {R, 0.005}, {0.99 * R, 0.007}}
		body = []mgl64.Vec2{{0.99 * R, 0.007}, {0.99 * R, H - 0.007}}
		top = []mgl64.Vec2{{0.99 * R, H - 0.007}, {R, H - 0.005}, {R, H - 0.0025}, {0.975 * R, H}, {0.945 * R, H - 0.001}, {0.94 * R, H - 0.0025}}
		return bottom, body, top
	}
	// Drawn aluminium: bevelled base, printed wall and neck taper, rolled
	// rim around a recessed lid.
	bottom = []mgl64.Vec2{{0.80 * R, 0}, {0.90 * R, 0.0025}, {0.97 * R, 0.006}, {R, 0.010}}
	body = []mgl64.Vec2{{R, 0.010}, {R, H - 0.013}, {0.96 * R, H - 0.008}, {0.88 * R, H - 0.0035}}
	top = []mgl64.Vec2{{0.88 * R, H - 0.0035}, {0.885 * R, H - 0.0008}, {0.875 * R, H}, {0.845 * R, H - 0.001}, {0.835 * R, H - 0.005}}
	return bottom, body, top
}

func buildCan(b *build) ([]scene.Part, error) {
	R, H := b.dims[0]/2, b.dims[1]
	food := b.v.name == "food"
	bottom, body, top := canProfile(R, H, food)
	seg := b.opts.segments(R)
	y0, y1 := body[0][1], body[len(body)-1][1]
	w, h := b.labelTexture(R, y1-y0)
	img := b.art.wrap(w, h, rect{0, 0, float64(w), float64(h)}, nil)
	bodyMesh, err := lathe(b.prefix+"body", body, seg, false, false, y1, y0)
	if err != nil {
		return nil, err
	}
	botMesh, err := lathe(b.prefix+"bottom", bottom, seg, true, false, 0, 0)
	if err != nil {
		return nil, err
	}
	topMesh, err := lathe(b.prefix+"top", top, seg, false, true, 0, 0)
	if err != nil {
		return nil, err
	}
	metalCol, rough, metal := uint32(aluminium), float32(0.3), float32(0.25)
	if food {
		metalCol, rough, metal = tinplate, 0.6, 0
	}
	ends := plainMaterial(b.prefix+"metal", hexRGB(metalCol), 0.3, 0.6)
	label := texturedMaterial(b.prefix+"label", img, rough, metal, scene.Repeat)
	if !food {
		// Printed aluminium: bare metal where the ground is unprinted.
		foilFinish(label, b.prefix+"label", img, b.art.ground(), finish{metallic: 0.9, roughness: 0.22}, finish{metallic: metal, roughness: rough})
	}
	parts := []scene.Part{
		{Name: "body", Mesh: bodyMesh, Material: label, Transform: mgl64.Ident4()},
		{Name: "bottom", Mesh: botMesh, Material: ends, Transform: mgl64.Ident4()},
		{Name: "top", Mesh: topMesh, Material: ends, Transform: mgl64.Ident4()},
	}
	if !food { // the ring-pull tab, lying on the lid
		tab := scene.Box(0.36*R, 0.0012, 0.5*R)
		tab.Name = b.prefix + "tab"
		parts = append(parts, scene.Part{Name: "tab", Mesh: tab, Material: ends, Transform: mgl64.Translate3D(0, H-0.005+0.0006, 0.3*R)})
	}
	return parts, nil
}

func buildBottle(b *build) ([]scene.Part, error) {
	R, H := b.dims[0]/2, b.dims[1]
	g := b.shape
	seg := b.opts.segments(R)
	beer := b.v.name == "beer"
	var prof, capProf []mgl64.Vec2
	var capH, capY, neckTop, ys, lab0, lab1, fill float64
	if beer {
		capH, neckR, capR := 0.0065, 0.0125, 0.0145
		capY = H - capH
		neckTop = capY + 0.004
		ys = H * g.between(0.5, 0.56)
		yn := H * 0.8
		prof = []mgl64.Vec2{{0.9 * R, 0}, {0.97 * R, 0.002}, {R, 0.008}, {R, ys}}
		for k := 1; k <= 10; k++ { // ogee shoulder: vertical at both ends
			t := float64(k) / 10
			s := t * t * (3 - 2*t)
			prof = append(prof, mgl64.Vec2{neckR + (R-neckR)*(1-s), ys + t*(yn-ys)})
		}
		prof = append(prof, mgl64.Vec2{neckR, capY - 0.0015}, mgl64.Vec2{neckR * 1.12, capY}, mgl64.Vec2{neckR * 1.12, neckTop})
		capProf = []mgl64.Vec2{{capR, 0}, {capR, 0.0045}, {capR * 0.8, capH}}
		lab0, lab1 = ys*0.22, ys*0.86
	} else {
		capH = 0.018 + 0.002*g.between(0, 1)
		neckR, capR, ringR := 0.0135, 0.0152, 0.0172
		capY = H - capH
		neckTop = capY + capH - 0.003
		ring1 := capY - 0.001
		ring0 := ring1 - 0.0015
		yn := ring0 - 0.006
		ls := (yn - 0.018) * g.between(0.22, 0.3)
		ys = yn - ls
		fill = ys + ls*0.4
		lab0, lab1 = 0.018+(ys-0.018)*0.3, ys-(ys-0.018)*0.1
		prof = []mgl64.Vec2{{0.82 * R, 0}, {0.93 * R, 0.003}, {0.985 * R, 0.009}, {R, 0.018}}
		// Grooves framing the label, 8 mm wide. On a short bottle (the
		// shoulder starting below 0.138 m) the upper one would end above
		// the shoulder's start and the profile run back down over itself,
		// a band of inward-facing wall: it is moved down to end there.
		for _, gy := range []float64{lab0 - 0.008, min(lab1+0.008, ys-0.004)} {
			prof = append(prof, mgl64.Vec2{R, gy - 0.004}, mgl64.Vec2{0.965 * R, gy}, mgl64.Vec2{R, gy + 0.004})
		}
		if prof[len(prof)-1][1] < ys {
			prof = append(prof, mgl64.Vec2{R, ys})
		}
		for k := 1; k <= 8; k++ { // parabolic shoulder: vertical at the body, conical at the neck
			t := float64(k) / 8
			prof = append(prof, mgl64.Vec2{neckR + (R-neckR)*(1-t*t), ys + t*ls})
		}
		prof = append(prof, mgl64.Vec2{neckR, ring0}, mgl64.Vec2{ringR, ring0}, mgl64.Vec2{ringR, ring1}, mgl64.Vec2{neckR, ring1}, mgl64.Vec2{neckR, neckTop})
		capProf = []mgl64.Vec2{{capR * 0.97, 0}, {capR, 0.001}, {capR, capH - 0.0015}, {capR - 0.0015, capH}}
	}
	if b.v.name == "water" { // filled to the shoulder
		fill = ys + (neckTop-ys)*0.3
	}
	w, h := b.labelTexture(R, neckTop)
	row := func(y float64) float64 { return (neckTop - y) / neckTop * float64(h) }
	band := rect{0, row(lab1), float64(w), row(lab0)}
	d := b.art
	var glass color.NRGBA
	base := func(c *canvas) {
		full := rect{0, 0, float64(w), float64(h)}
		switch {
		case beer:
			glass = []color.NRGBA{rgb(92, 48, 14), rgb(34, 88, 40), rgb(70, 36, 10)}[d.g.intn(3)]
			c.gradientV(full, lighten(glass, 0.15), darken(glass, 0.2))
			foil := rect{0, row(capY + 0.002), float64(w), row(H * 0.86)}
			c.fillRect(foil, d.pal.Secondary)
			c.fitText(d.brand.Name, foil.frac(0.35, 0.2, 0.65, 0.8), foil.h(), d.st.slant, inkOn(d.pal.Secondary))
			// A soft vertical highlight left of the front, as a shop
			// light would leave on glossy glass.
			c.fillRect(rect{float64(w) * 0.39, 0, float64(w) * 0.42, float64(h)}, withAlpha(rgb(255, 255, 255), 90))
		case b.opts.Opaque:
			// Opaque PET: the contents painted on the plastic.
			c.fillRect(full, petTint)
			col := d.flavour.col
			if b.v.name == "water" {
				col = rgb(205, 226, 240)
			}
			c.gradientV(rect{0, row(fill), float64(w), float64(h)}, lighten(col, 0.1), darken(col, 0.15))
		default:
			// Clear PET: the tint of the plastic, made see-through
			// outside the label below.
			c.fillRect(full, petTint)
		}
	}
	img := d.wrap(w, h, band, base)
	body, err := lathe(b.prefix+"body", prof, seg, true, true, neckTop, 0)
	if err != nil {
		return nil, err
	}
	capMesh, err := lathe(b.prefix+"cap", capProf, seg, true, true, 0, 0)
	if err != nil {
		return nil, err
	}
	if beer || b.opts.Opaque {
		capMat := plainMaterial(b.prefix+"cap", d.pal.Secondary, 0.45, 0)
		if beer {
			capMat = plainMaterial(b.prefix+"cap", []color.NRGBA{rgb(214, 180, 70), rgb(200, 200, 205), d.pal.Primary}[d.g.intn(3)], 0.3, 0.5)
		}
		return []scene.Part{
			{Name: "body", Mesh: body, Material: texturedMaterial(b.prefix+"body", img, 0.15, 0, scene.Repeat), Transform: mgl64.Ident4()},
			{Name: "cap", Mesh: capMesh, Material: capMat, Transform: translateY(capY)},
		}, nil
	}
	// A PET bottle is clear outside its label and shows its contents: the
	// body blends (the label opaque, the plastic at petAlpha), and the
	// liquid, a lathed inset of the body up to the fill line, comes first
	// in part order so that it is seen through the body (package
	// render/shading, "Alpha").
	clearOutside(img, band, petAlpha)
	bodyMat := texturedMaterial(b.prefix+"body", img, 0.05, 0, scene.Repeat)
	bodyMat.AlphaMode = scene.AlphaBlend
	liquidCol, liquidAlpha := d.flavour.col, float32(0.88)
	if b.v.name == "water" {
		liquidCol, liquidAlpha = rgb(205, 226, 240), 0.22
	}
	liquid, err := lathe(b.prefix+"liquid", insetProfile(prof, liquidInset, 0.002, fill), seg, true, true, 0, 0)
	if err != nil {
		return nil, err
	}
	liquidMat := plainMaterial(b.prefix+"liquid", liquidCol, 0.1, 0)
	liquidMat.BaseColor.A = liquidAlpha
	liquidMat.AlphaMode = scene.AlphaBlend
	return []scene.Part{
		{Name: contentsPart, Mesh: liquid, Material: liquidMat, Transform: mgl64.Ident4()},
		{Name: "body", Mesh: body, Material: bodyMat, Transform: mgl64.Ident4()},
		{Name: "cap", Mesh: capMesh, Material: plainMaterial(b.prefix+"cap", d.pal.Secondary, 0.45, 0), Transform: translateY(capY)},
	}, nil
}

// contentsPart names the part of a clear container that holds what is
// seen through it.
const contentsPart = "liquid"

// Clear PET: the plastic's colour and coverage alpha outside a label, and
// how far inside the wall a bottle's contents stand (a fraction of the
// radius).
var petTint = rgb(236, 242, 244)

const (
	petAlpha    = 0.12
	liquidInset = 0.95
)

// clearOutside sets the alpha of every row of img outside band to a.
func clearOutside(img *image.NRGBA, band rect, a float64) {
	av := uint8(math.Round(a * 255))
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		if fy := float64(y-img.Rect.Min.Y) + 0.5; fy >= band.y0 && fy < band.y1 {
			continue
		}
		row := img.Pix[img.PixOffset(img.Rect.Min.X, y):]
		for x := range img.Rect.Dx() {
			row[4*x+3] = av
		}
	}
}

// insetProfile returns the part of the lathe profile prof between
// heights y0 and y1, its radii scaled by k: the contents of a vessel.
func insetProfile(prof []mgl64.Vec2, k, y0, y1 float64) []mgl64.Vec2 {
	at := func(y float64) float64 { // the profile's radius at height y (first crossing)
		for i := 1; i < len(prof); i++ {
			a, b := prof[i-1], prof[i]
			if (a[1] <= y && y <= b[1]) && b[1] > a[1] {
				return a[0] + (b[0]-a[0])*(y-a[1])/(b[1]-a[1])
			}
		}
		return prof[len(prof)-1][0]
	}
	out := []mgl64.Vec2{{k * at(y0), y0}}
	for _, p := range prof {
		if p[1] > y0 && p[1] < y1 && p[1] > out[len(out)-1][1] {
			out = append(out, mgl64.Vec2{k * p[0], p[1]})
		}
	}
	return append(out, mgl64.Vec2{k * at(y1), y1})
}

func buildJar(b *build) ([]scene.Part, error) {
	R, H := b.dims[0]/2, b.dims[1]
	seg := b.opts.segments(R)
	lh := 0.011 + 0.06*R*2
	lidR := 0.94 * R
	neckR := lidR - 0.0015
	lidY := H - lh
	ys := lidY - 0.014
	prof := []mgl64.Vec2{{0.9 * R, 0}, {0.97 * R, 0.0025}, {R, 0.008}, {R, ys}}
	for k := 1; k <= 6; k++ { // rounded shoulder
		a := float64(k) / 6 * math.Pi / 2
		prof = append(prof, mgl64.Vec2{neckR + (R-neckR)*math.Cos(a), ys + 0.010*math.Sin(a)})
	}
	neckTop := lidY + 0.007
	prof = append(prof, mgl64.Vec2{neckR, neckTop})
	lidProf := []mgl64.Vec2{{0.985 * lidR, 0}, {lidR, 0.0012}, {lidR, lh - 0.003}, {lidR - 0.0012, lh - 0.0004}, {lidR - 0.003, lh}}
	w, h := b.labelTexture(R, neckTop)
	row := func(y float64) float64 { return (neckTop - y) / neckTop * float64(h) }
	d := b.art
	lab0, lab1 := 0.012, ys-0.006
	if b.v.name != "spread" { // jam and honey labels leave the contents on show
		lab0, lab1 = 0.02+(ys-0.02)*0.15, ys-(ys-0.02)*0.2
	}
	base := func(c *canvas) {
		fl := d.flavour.col
		c.fillRect(rect{0, 0, float64(w), float64(h)}, rgb(215, 222, 222))
		contents := rect{0, row(ys + 0.004), float64(w), float64(h)}
		c.gradientV(contents, lighten(fl, 0.1), darken(fl, 0.35))
		if b.v.name == "pickles" {
			for k := 0; k < 14; k++ {
				x, y := d.g.between(0, float64(w)), d.g.between(contents.y0, contents.y1)
				c.rotEllipse(x, y, float64(w)*0.03, float64(h)*0.12, d.g.between(-0.3, 0.3), darken(fl, 0.3))
			}
		}
		c.fillRect(rect{float64(w) * 0.39, 0, float64(w) * 0.42, float64(h)}, withAlpha(rgb(255, 255, 255), 80))
	}
	img := d.wrap(w, h, rect{0, row(lab1), float64(w), row(lab0)}, base)
	body, err := lathe(b.prefix+"body", prof, seg, true, true, neckTop, 0)
	if err != nil {
		return nil, err
	}
	lid, err := lathe(b.prefix+"lid", lidProf, seg, true, true, 0, 0)
	if err != nil {
		return nil, err
	}
	var lidMat *scene.Material
	if b.v.name == "jam" { // a gingham lid
		lidMat = texturedMaterial(b.prefix+"lid", gingham(d.pal.Secondary), 0.6, 0, scene.Repeat)
		lidMat.BaseColorTexture.WrapT = scene.Repeat
	} else {
		lidMat = plainMaterial(b.prefix+"lid", d.pal.Secondary, 0.35, 0.5)
	}
	return []scene.Part{
		{Name: "body", Mesh: body, Material: texturedMaterial(b.prefix+"body", img, 0.12, 0, scene.Repeat), Transform: mgl64.Ident4()},
		{Name: "lid", Mesh: lid, Material: lidMat, Transform: translateY(lidY)},
	}, nil
}
