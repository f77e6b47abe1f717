package product

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// MaxSKUs bounds the size of one generated catalogue. A Lineup holds
// only its brands, so even the largest costs kilobytes; Plan and Generate
// materialise every spec or product and are meant for small catalogues.
const MaxSKUs = 1_000_000

// Plan returns the specs of a catalogue of n products drawn from seed,
// without building them (cheap; build each with New): the specs of
// NewLineup(seed, n, opts), in order.
func Plan(seed uint64, n int, opts Options) ([]Spec, error) {
	l, err := NewLineup(seed, n, opts)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, nil
	}
	specs := make([]Spec, n)
	for j := range specs {
		specs[j] = l.Spec(j)
	}
	return specs, nil
}

// Lineup is a procedural catalogue of n products defined by its seed
// alone: it holds the brands and their product ranges (kilobytes, however
// large n is) and returns the spec of any product in constant time, so a
// job can place products of a catalogue of a million SKUs and build each
// when first used. Brands are created first, each making one product
// family (sector); every SKU belongs to a brand, in turn, and a brand's
// SKUs differ in variant, flavour or size for as long as its range
// allows. IDs are "NNNN-brand-variant" with NNNN the SKU's index, and
// barcodes are in-store EAN-13 codes 2·BBBBB·NNNNNN·C built from the
// brand's code and the index, so both are unique in the catalogue. The
// same seed, n and options always give the same lineup. A Lineup is
// immutable and safe for concurrent use.
type Lineup struct {
	n      int
	brands []Brand
	ranges [][]combo
	seed   uint64
}

// NewLineup returns the lineup of n products (0..MaxSKUs) drawn from seed.
func NewLineup(seed uint64, n int, opts Options) (*Lineup, error) {
	o, err := opts.normalise()
	if err != nil {
		return nil, err
	}
	if n < 0 || n > MaxSKUs {
		return nil, fmt.Errorf("product plan: %d SKUs, want 0..%d", n, MaxSKUs)
	}
	l := &Lineup{n: n, seed: seed}
	if n == 0 {
		return l, nil
	}
	type family struct {
		name string
		refs []vref
	}
	var fams []family
	for _, s := range sectors {
		var refs []vref
		for _, r := range s.variants {
			if len(o.Kinds) == 0 || slices.Contains(o.Kinds, r.kind) {
				refs = append(refs, r)
			}
		}
		if len(refs) > 0 {
			fams = append(fams, family{s.name, refs})
		}
	}
	if len(fams) == 0 {
		return nil, fmt.Errorf("product plan: no product family makes kinds %v", o.Kinds)
	}
	nb := o.Brands
	if nb == 0 {
		nb = min(64, (n+3)/4)
	}
	nb = max(1, min(nb, n))
	g := newRNG(seed, streamPlan)
	off := g.intn(len(fams))
	brands := make([]Brand, nb)
	ranges := make([][]combo, nb)
	names, codes := make(map[string]bool), make(map[int]bool)
	for i := range brands {
		bs := derive(seed, streamBrand, uint64(i))
		b := NewBrand(bs)
		for try := uint64(0); names[b.Name]; try++ {
			if try < 20 {
				b.Name = brandName(newRNG(bs, streamBrand+100+try))
			} else {
				b.Name = fmt.Sprintf("%s %d", b.Name, i)
			}
		}
		names[b.Name] = true
		for codes[b.Code] {
			b.Code = (b.Code + 1) % 100000
		}
		codes[b.Code] = true
		f := fams[(off+i)%len(fams)]
		b.Sector = f.name
		brands[i] = b
		ranges[i] = productRange(f.refs, g)
	}
	l.brands, l.ranges = brands, ranges
	return l, nil
}

// Len returns the number of products.
func (l *Lineup) Len() int { return l.n }

// Spec returns the spec of product j (0 <= j < Len()).
func (l *Lineup) Spec(j int) Spec {
	nb := len(l.brands)
	bi, k := j%nb, j/nb
	b := l.brands[bi]
	c := l.ranges[bi][k%len(l.ranges[bi])]
	return Spec{
		ID:      fmt.Sprintf("%04d-%s-%s", j, slug(b.Name), c.v.name),
		Kind:    c.v.kind,
		Variant: c.v.name,
		Flavour: c.flavour,
		Size:    c.size,
		Brand:   b,
		Seed:    derive(l.seed, streamSKU, uint64(j)),
		Barcode: fmt.Sprintf("2%05d%06d", b.Code, j),
	}
}

// combo is one product a brand can make: a variant in a flavour and size.
type combo struct {
	v       *variant
	flavour string
	size    string
}

// productRange lists every product of a family in a random order that
// still starts with one of each variant, so that small brands show their
// family's variety.
func productRange(refs []vref, g *rng) []combo {
	var first, rest []combo
	for _, r := range refs {
		v, _ := findVariant(r.kind, r.name)
		var all []combo
		for _, f := range v.flavours {
			for _, s := range v.sizes {
				all = append(all, combo{v, f.name, s.label})
			}
		}
		g.r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		first = append(first, all[0])
		rest = append(rest, all[1:]...)
	}
	g.r.Shuffle(len(first), func(i, j int) { first[i], first[j] = first[j], first[i] })
	g.r.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
	return append(first, rest...)
}

// Generate builds a catalogue of n products from seed: Plan, then New for
// each spec. Products hold their textures in memory (a few MB each at the
// default resolution); use Export to write large catalogues to disk one
// product at a time.
func Generate(seed uint64, n int, opts Options) ([]SKU, error) {
	specs, err := Plan(seed, n, opts)
	if err != nil {
		return nil, err
	}
	// The products are built in parallel, each from its own spec alone,
	// so the catalogue does not depend on the number of goroutines; the
	// error reported is that of the first failing spec in order.
	skus := make([]SKU, len(specs))
	errs := make([]error, len(specs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(specs)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(specs); i = int(next.Add(1) - 1) {
				s, err := New(specs[i], opts)
				if err != nil {
					errs[i] = err
					continue
				}
				skus[i] = *s
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("generate: sku %d: %w", i, err)
		}
	}
	return skus, nil
}
