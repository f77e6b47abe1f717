package shelves

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/product"
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

// nullSet holds a library's look-alikes: a library of their own (its
// skus numbered 0..n-1, their models loaded through its load and memoised
// under its own keys), looked up by product category.
type nullSet struct {
	lib     *library
	twins   bool             // procedural: lib.skus[i] is the look-alike of target sku i
	byGroup map[string][]int // indices of lib.skus, by product category
}

// markNull turns s into a null-set SKU: labelled NullCategory, with
// null_set "true" in its meta (see library.get).
func markNull(s *sku) *sku {
	s.null = true
	s.label = NullCategory
	return s
}

// addNull adds null-set SKUs (marked, see markNull) to l, loaded through
// load; twins says that skus[i] imitates target sku i (procedural). Their
// idx are renumbered in the null set's library. An id shared with a
// target SKU, or a target labelled NullCategory, is an error wrapping
// ErrNullSet.
func (l *library) addNull(skus []*sku, load func(*sku) (*flatModel, error), twins bool) error {
	if len(skus) == 0 {
		return nil
	}
	target := make(map[string]struct{}, len(l.skus))
	for _, s := range l.skus {
		target[s.id] = struct{}{}
		if s.label == NullCategory {
			return fmt.Errorf("%w: target sku %q has the null set's label %q", ErrNullSet, s.id, NullCategory)
		}
	}
	if l.null == nil {
		l.null = &nullSet{lib: &library{load: load, budget: l.budget}, twins: twins, byGroup: map[string][]int{}}
	} else {
		l.null.twins = false
	}
	ns := l.null
	null := make(map[string]struct{}, len(ns.lib.skus)+len(skus))
	for _, s := range ns.lib.skus {
		null[s.id] = struct{}{}
	}
	for _, s := range skus {
		if _, dup := target[s.id]; dup {
			return fmt.Errorf("%w: null-set sku %q collides with a target sku of the same id", ErrNullSet, s.id)
		}
		if _, dup := null[s.id]; dup {
			return fmt.Errorf("%w: null-set sku %q is listed twice", ErrNullSet, s.id)
		}
		null[s.id] = struct{}{}
		s.idx = int32(len(ns.lib.skus))
		ns.byGroup[s.group] = append(ns.byGroup[s.group], int(s.idx))
		ns.lib.skus = append(ns.lib.skus, s)
	}
	return nil
}

// twinSpec is the spec of the look-alike of a procedural target: same
// brand, kind, variant and pack size, another flavour, exact size and
// artwork (another seed).
func twinSpec(sp product.Spec) product.Spec {
	return product.Spec{
		ID: sp.ID + "-null", Kind: sp.Kind, Variant: sp.Variant, Size: sp.Size, Brand: sp.Brand,
		Seed: sp.Seed ^ nullTwinSalt,
	}
}

// proceduralNull adds to l, built by proceduralLibrary from the same seed
// and n, one look-alike per target SKU: built now when n <= EagerSKUs,
// else described now and built when first placed, like the targets.
func proceduralNull(l *library, seed uint64, n int, opts product.Options, level string) error {
	texPx := opts.Resolution
	lineup, err := product.NewLineup(seed, n, opts)
	if err != nil {
		return fmt.Errorf("null set: %w", err)
	}
	load := func(s *sku) (*flatModel, error) {
		p, err := product.New(twinSpec(lineup.Spec(int(s.idx))), opts)
		if err != nil {
			return nil, err
		}
		return flatten(p.Model(), p.ID, texPx)
	}
	in := interner{}
	skus := make([]*sku, 0, n)
	for j := range n {
		tw := twinSpec(lineup.Spec(j))
		var s *sku
		if n <= EagerSKUs {
			p, err := product.New(tw, opts)
			if err != nil {
				return fmt.Errorf("null set: sku %q: %w", tw.ID, err)
			}
			fm, err := flatten(p.Model(), p.ID, texPx)
			if err != nil {
				return fmt.Errorf("null set: sku %q: %w", p.ID, err)
			}
			s = newSKU(j, p.ID, string(p.Kind), p.Brand, p.Category, fm.dims, level)
			s.model = fm
		} else {
			p, err := product.Describe(tw, opts)
			if err != nil {
				return fmt.Errorf("null set: sku %q: %w", tw.ID, err)
			}
			s = newSKU(j, p.ID, in.get(string(p.Kind)), in.get(p.Brand), in.get(p.Category), p.Dims, level)
		}
		skus = append(skus, markNull(s))
	}
	return l.addNull(skus, load, true)
}

// readNullCatalogue adds every entry of the catalogue name to l's null
// set, its models loaded like l's (same assets, texture size, budget).
func (g *Generator) readNullCatalogue(l *library, fsys fs.FS, name string) error {
	nl, err := catalogueLibrary(fsys, name, g.p.TexturePx, g.p.CategoryLevel, l.budget)
	if err != nil {
		return fmt.Errorf("null_catalogue: %w", err)
	}
	skus := make([]*sku, 0, len(nl.skus))
	for _, s := range nl.skus {
		skus = append(skus, markNull(s))
	}
	if nl.null != nil {
		skus = append(skus, nl.null.lib.skus...)
	}
	if err := l.addNull(skus, l.load, false); err != nil {
		return fmt.Errorf("null_catalogue %q: %w", name, err)
	}
	return nil
}

// checkNull reports a null_share that has no null set to draw from.
func (g *Generator) checkNull(l *library) error {
	if g.p.NullShare > 0 && (l.null == nil || len(l.null.lib.skus) == 0) {
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
	if ns.twins {
		return ns.lib.skus[s.idx]
	}
	if c := ns.byGroup[s.group]; len(c) > 0 {
		return ns.lib.skus[c[st.r.IntN(len(c))]]
	}
	return s
}
