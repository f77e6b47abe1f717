package shelves

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/product"
	"github.com/synthkit/synthkit/retail"
)

// The null set: products that are not in the target catalogue but look
// like it, placed as hard negatives and labelled NullCategory. From the
// procedural kit every target SKU gets a twin of the same brand, kind,
// variant and pack size with another flavour, exact size and artwork
// (another seed); from a catalogue they are the entries flagged null_set
// (and those of null_catalogue), substituted within a product category.

// NullCategory is the class label of null-set products.
const NullCategory = "unknown"

// ErrNullSet is wrapped by the errors about a null set that cannot be
// used: ids that collide with target SKUs, or none to place.
var ErrNullSet = errors.New("invalid null set")

// nullTwinSalt separates a twin's seed from its target's.
const nullTwinSalt = 0x6a09e667f3bcc909

// nullSet holds a library's look-alikes.
type nullSet struct {
	skus    []*sku
	twin    map[*sku]*sku     // procedural: the look-alike of a target SKU
	byGroup map[string][]*sku // by product category
}

// markNull turns s into a null-set SKU: labelled NullCategory, with
// null_set "true" in its meta.
func markNull(s *sku) *sku {
	s.meta = maps.Clone(s.meta)
	s.meta[retail.AttrNullSet] = "true"
	s.label = NullCategory
	return s
}

// addNull adds null-set SKUs to l; twins, when not nil, gives the target
// SKU index each one imitates (-1 for none). An id shared with a target
// SKU or a target labelled NullCategory is an error wrapping ErrNullSet.
func (l *library) addNull(skus []*sku, twins []int) error {
	if len(skus) == 0 {
		return nil
	}
	ids := make(map[string]bool, len(l.skus))
	for _, s := range l.skus {
		ids[s.id] = true
		if s.label == NullCategory {
			return fmt.Errorf("%w: target sku %q has the null set's label %q", ErrNullSet, s.id, NullCategory)
		}
	}
	if l.null == nil {
		l.null = &nullSet{twin: map[*sku]*sku{}, byGroup: map[string][]*sku{}}
	}
	for i, s := range skus {
		if ids[s.id] {
			return fmt.Errorf("%w: null-set sku %q collides with a target sku of the same id", ErrNullSet, s.id)
		}
		ids[s.id] = true
		l.null.skus = append(l.null.skus, s)
		l.null.byGroup[s.group] = append(l.null.byGroup[s.group], s)
		if twins != nil && twins[i] >= 0 {
			l.null.twin[l.skus[twins[i]]] = s
		}
	}
	return nil
}

// proceduralNull adds to l, built by proceduralLibrary from the same seed
// and n, one look-alike per target SKU.
func proceduralNull(l *library, seed uint64, n, texPx int, level string) error {
	opts := product.Options{Resolution: texPx, Segments: productSegments, Tolerance: productTolerance}
	specs, err := product.Plan(seed, n, opts)
	if err != nil {
		return fmt.Errorf("null set: %w", err)
	}
	var skus []*sku
	var twins []int
	for j, sp := range specs {
		tw := product.Spec{
			ID: sp.ID + "-null", Kind: sp.Kind, Variant: sp.Variant, Size: sp.Size, Brand: sp.Brand,
			Seed: sp.Seed ^ nullTwinSalt,
		}
		p, err := product.New(tw, opts)
		if err != nil {
			return fmt.Errorf("null set: sku %q: %w", tw.ID, err)
		}
		fm, err := flatten(p.Model(), p.ID, texPx)
		if err != nil {
			return fmt.Errorf("null set: sku %q: %w", p.ID, err)
		}
		s := newSKU(p.ID, string(p.Kind), p.Brand, p.Category, fm.dims, level)
		s.model = fm
		skus = append(skus, markNull(s))
		twins = append(twins, j)
	}
	return l.addNull(skus, twins)
}

// readNullCatalogue adds every entry of the catalogue name to l's null
// set.
func (g *Generator) readNullCatalogue(l *library, fsys fs.FS, name string) error {
	nl, err := catalogueLibrary(fsys, name, g.p.TexturePx, g.p.CategoryLevel)
	if err != nil {
		return fmt.Errorf("null_catalogue: %w", err)
	}
	var skus []*sku
	for _, s := range nl.skus {
		skus = append(skus, markNull(s))
	}
	if nl.null != nil {
		skus = append(skus, nl.null.skus...)
	}
	if err := l.addNull(skus, nil); err != nil {
		return fmt.Errorf("null_catalogue %q: %w", name, err)
	}
	return nil
}

// checkNull reports a null_share that has no null set to draw from.
func (g *Generator) checkNull(l *library) error {
	if g.p.NullShare > 0 && (l.null == nil || len(l.null.skus) == 0) {
		return fmt.Errorf("%w: null_share %g but the catalogue has no null-set SKUs (flag entries \"null_set\": true or give null_catalogue)", ErrNullSet, g.p.NullShare)
	}
	return nil
}

// nullFor returns, with probability null_share, a null-set look-alike of
// s (its twin, or one of its product category), else s. It draws from the
// sample's randomness only when null_share > 0.
func (st *stocker) nullFor(s *sku) *sku {
	ns := st.lib.null
	if st.gen.p.NullShare == 0 || ns == nil || !generator.Bernoulli(st.r, st.gen.p.NullShare) {
		return s
	}
	if t := ns.twin[s]; t != nil {
		return t
	}
	if c := ns.byGroup[s.group]; len(c) > 0 {
		return c[st.r.IntN(len(c))]
	}
	return s
}
