package product

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// SKU is one procedurally generated product: its identity, its
// dimensions and its textured parts.
//
// The parts are in the product's own frame: metres, +y up, the front (the
// main label panel) facing +z, and the origin at the bottom centre of the
// bounding box, so the product stands on a shelf at y = 0 when placed with
// a translation. The bounding box of all parts is [-W/2, W/2] × [0, H] ×
// [-D/2, D/2] for Dims = (W, H, D), to well under a millimetre.
type SKU struct {
	ID       string // unique in its catalogue; lower case, digits and '-'
	Kind     Kind
	Variant  string // the kind's variant, e.g. "soda" (see Variants)
	Brand    string // brand name as printed
	Name     string // product line, e.g. "Orange"
	Size     string // pack size as printed, e.g. "330 ML"
	Category string // product category, e.g. "soft-drink"
	Barcode  string // EAN-13, printed on the label
	// Dims is the bounding box: width (x), height (y), depth (z), metres.
	Dims mgl64.Vec3
	// Parts are the drawable pieces: e.g. a bottle's body and its cap.
	// Meshes, materials and textures belong to this SKU and must not be
	// modified once handed to a renderer.
	Parts []scene.Part
}

// Model returns the SKU as a scene.Model (sharing its parts), with its
// bounds computed; the model's name is the SKU's ID.
func (s *SKU) Model() *scene.Model {
	m := &scene.Model{Name: s.ID, Parts: s.Parts}
	m.ComputeBounds()
	return m
}

// Objects returns one scene object per part, placed by transform
// (product frame to world) and labelled with the SKU's ID as category,
// its kind, brand and category in Meta. The objects share the SKU's
// meshes and materials.
func (s *SKU) Objects(transform mgl64.Mat4) []scene.Object {
	objs := make([]scene.Object, len(s.Parts))
	for i, p := range s.Parts {
		objs[i] = scene.Object{
			Name:      s.ID + "/" + p.Name,
			Mesh:      p.Mesh,
			Material:  p.Material,
			Transform: transform.Mul4(p.Transform),
			Category:  s.ID,
			Meta:      map[string]string{"kind": string(s.Kind), "brand": s.Brand, "category": s.Category},
		}
	}
	return objs
}

// Spec says which product to make. Zero fields are drawn from Seed.
type Spec struct {
	ID      string // "" derives one from brand, variant and seed
	Kind    Kind   // required
	Variant string // "" draws one of the kind's variants
	Flavour string // "" draws one of the variant's product lines
	Size    string // a pack size of the variant, e.g. "330 ML"; "" draws one
	// Brand is the maker; a Brand with an empty name is drawn from Seed,
	// and one with a zero palette gets a palette drawn from Seed.
	Brand Brand
	// Seed drives every random choice: size, exact dimensions, artwork.
	Seed uint64
	// Barcode is 12 digits (the check digit is appended) or a valid
	// EAN-13; "" derives an in-store code (prefix 2) from Seed.
	Barcode string
}

// Options configure product generation. The zero value is valid.
type Options struct {
	// Kinds restricts Plan and Generate to these kinds; empty means all.
	Kinds []Kind
	// Brands is the number of brands Plan creates (at most one per SKU);
	// 0 means about one brand per four SKUs (at least 1, at most 64).
	Brands int
	// Segments is the number of segments around lathed products, a
	// multiple of 4 in 8..256; 0 means DefaultSegments.
	Segments int
	// Tolerance, when positive, lets small lathed products use fewer
	// segments than Segments: each uses the fewest (a multiple of 4, at
	// least 8) for which its polygon strays at most Tolerance metres from
	// the circle of its widest radius. 0 keeps Segments for every product.
	Tolerance float64
	// Resolution is the base texture size in pixels (a can's label is
	// Resolution wide); 32..2048, 0 means DefaultResolution.
	Resolution int
	// Opaque draws clear packaging (PET bottles, blister bubbles) opaque,
	// with what it holds painted on its surface, for renders that avoid
	// the cost of blending (a blended object is shaded once per layer);
	// the default is see-through plastic over real contents.
	Opaque bool
}

// Defaults and limits of Options.
const (
	DefaultSegments   = 48
	DefaultResolution = 512
	MaxBrands         = 1000
)

func (o Options) normalise() (Options, error) {
	if o.Segments == 0 {
		o.Segments = DefaultSegments
	}
	if o.Resolution == 0 {
		o.Resolution = DefaultResolution
	}
	if o.Segments < 8 || o.Segments > 256 || o.Segments%4 != 0 {
		return o, fmt.Errorf("product options: %d segments, want a multiple of 4 in 8..256", o.Segments)
	}
	if !(o.Tolerance >= 0 && o.Tolerance <= 0.01) {
		return o, fmt.Errorf("product options: tolerance %g m, want 0..0.01", o.Tolerance)
	}
	if o.Resolution < 32 || o.Resolution > 2048 {
		return o, fmt.Errorf("product options: resolution %d, want 32..2048", o.Resolution)
	}
	if o.Brands < 0 || o.Brands > MaxBrands {
		return o, fmt.Errorf("product options: %d brands, want 0..%d", o.Brands, MaxBrands)
	}
	for _, k := range o.Kinds {
		if !k.valid() {
			return o, fmt.Errorf("product options: unknown kind %q (want one of %v)", k, Kinds())
		}
	}
	return o, nil
}

// segments returns the number of segments around a lathed product of
// widest radius r metres: Segments, or fewer within Tolerance.
func (o *Options) segments(r float64) int {
	if o.Tolerance <= 0 || r <= o.Tolerance {
		return o.Segments
	}
	// A regular n-gon inscribed in a circle of radius r strays from it by
	// r·(1 − cos(π/n)) at its edges' midpoints.
	n := math.Ceil(math.Pi / math.Acos(1-o.Tolerance/r))
	seg := max(8, 4*int(math.Ceil(n/4)))
	return min(seg, o.Segments)
}

// build is the state of making one SKU.
type build struct {
	id     string
	v      *variant
	dims   mgl64.Vec3
	art    *design
	opts   Options
	shape  *rng // randomness of the geometry, independent of the artwork
	prefix string
	brand  Brand
	fl     flavour
	sz     size
}

// New makes the product spec describes.
func New(spec Spec, opts Options) (*SKU, error) {
	b, sku, err := prepare(spec, opts)
	if err != nil {
		return nil, err
	}
	b.art = newDesign(b.brand, b.fl, b.v, b.sz, sku.Barcode, spec.Seed, b.opts.Resolution)
	parts, err := builders(spec.Kind)(b)
	if err != nil {
		return nil, fmt.Errorf("product %q (%s/%s): %w", sku.ID, spec.Kind, b.v.name, err)
	}
	sku.Parts = parts
	return sku, nil
}

// Describe returns the SKU spec describes without building it: identity,
// category, barcode and exact dimensions (the same as New's), no Parts.
// It costs microseconds where New costs milliseconds, so a catalogue of a
// million SKUs can be described and its products built when first used.
func Describe(spec Spec, opts Options) (*SKU, error) {
	_, sku, err := prepare(spec, opts)
	return sku, err
}

// prepare draws everything of a product but its artwork and geometry.
func prepare(spec Spec, opts Options) (*build, *SKU, error) {
	o, err := opts.normalise()
	if err != nil {
		return nil, nil, err
	}
	if !spec.Kind.valid() {
		return nil, nil, fmt.Errorf("product: unknown kind %q (want one of %v)", spec.Kind, Kinds())
	}
	var v *variant
	if spec.Variant == "" {
		vs := variantsOf(spec.Kind)
		v = vs[newRNG(spec.Seed, streamVariant).intn(len(vs))]
	} else if v, _ = findVariant(spec.Kind, spec.Variant); v == nil {
		return nil, nil, fmt.Errorf("product: kind %s has no variant %q (want one of %s)", spec.Kind, spec.Variant, strings.Join(Variants(spec.Kind), ", "))
	}
	brand := spec.Brand
	if brand.Name == "" {
		brand = NewBrand(derive(spec.Seed, streamBrand, 0))
	}
	if err := brand.validate(); err != nil {
		return nil, nil, fmt.Errorf("product: %w", err)
	}
	if brand.Palette == (Palette{}) {
		brand.Palette = newPalette(newRNG(spec.Seed, streamBrand))
	}
	for _, c := range []*color.NRGBA{&brand.Palette.Primary, &brand.Palette.Secondary, &brand.Palette.Accent, &brand.Palette.Paper} {
		c.A = 255
	}
	g := newRNG(spec.Seed, streamShape)
	sz := v.sizes[g.intn(len(v.sizes))]
	if spec.Size != "" {
		i := slices.IndexFunc(v.sizes, func(s size) bool { return strings.EqualFold(s.label, spec.Size) })
		if i < 0 {
			return nil, nil, fmt.Errorf("product: %s/%s has no size %q", spec.Kind, v.name, spec.Size)
		}
		sz = v.sizes[i]
	}
	fl := v.flavours[g.intn(len(v.flavours))]
	if spec.Flavour != "" {
		fl = flavour{spec.Flavour, fl.col}
		for _, f := range v.flavours {
			if strings.EqualFold(f.name, spec.Flavour) {
				fl = f
			}
		}
	}
	id := spec.ID
	if id == "" {
		bs := slug(brand.Name)
		if bs == "" {
			bs = "sku"
		}
		id = fmt.Sprintf("%s-%s-%08x", bs, v.name, uint32(mix64(spec.Seed)))
	}
	if err := checkID(id); err != nil {
		return nil, nil, fmt.Errorf("product: %w", err)
	}
	code, err := barcodeFor(spec)
	if err != nil {
		return nil, nil, fmt.Errorf("product %q: %w", id, err)
	}
	// Dimensions are kept to a tenth of a millimetre.
	mm := func(x float64) float64 { return math.Round(x*1e4) / 1e4 }
	w := mm(g.jitter(sz.w, sizeJitter))
	dims := mgl64.Vec3{w, mm(g.jitter(sz.h, sizeJitter)), w}
	if sz.d > 0 {
		dims[2] = mm(g.jitter(sz.d, sizeJitter))
	}
	b := &build{
		id: id, v: v, dims: dims, opts: o, shape: g, prefix: id + "/",
		brand: brand, fl: fl, sz: sz,
	}
	return b, &SKU{
		ID: id, Kind: spec.Kind, Variant: v.name, Brand: brand.Name, Name: fl.name,
		Size: sz.label, Category: v.category, Barcode: code, Dims: dims,
	}, nil
}

// builders returns the geometry builder of a kind.
func builders(k Kind) func(*build) ([]scene.Part, error) {
	switch k {
	case Bottle:
		return buildBottle
	case Can:
		return buildCan
	case Jar:
		return buildJar
	case Carton:
		return buildCarton
	case Box:
		return buildBox
	case Bag:
		return buildBag
	default:
		return buildBlister
	}
}

// barcodeFor returns the spec's EAN-13, completing 12 digits or deriving
// an in-store code from the seed.
func barcodeFor(spec Spec) (string, error) {
	switch len(spec.Barcode) {
	case 0:
		return completeEAN13(fmt.Sprintf("2%011d", mix64(spec.Seed^0xba5c0de)%100_000_000_000))
	case 12:
		return completeEAN13(spec.Barcode)
	case 13:
		if !ValidEAN13(spec.Barcode) {
			return "", fmt.Errorf("barcode %q: not a valid EAN-13 (bad digit or check digit)", spec.Barcode)
		}
		return spec.Barcode, nil
	}
	return "", fmt.Errorf("barcode %q: want 12 or 13 digits", spec.Barcode)
}

// maxIDLen bounds SKU ids (they become file names).
const maxIDLen = 96

// checkID accepts ids of lower-case letters, digits, '-', '_' and '.',
// not starting with '.' or '-'.
func checkID(id string) error {
	if id == "" || len(id) > maxIDLen {
		return fmt.Errorf("sku id %q: want 1..%d characters", id, maxIDLen)
	}
	for i, r := range id {
		ok := (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '-' || r == '_' || r == '.'
		if !ok || (i == 0 && (r == '.' || r == '-')) {
			return fmt.Errorf("sku id %q: character %d (%q) not allowed (want a-z, 0-9, '-', '_', '.', not leading '.' or '-')", id, i, r)
		}
	}
	return nil
}
