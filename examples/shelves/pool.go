package shelves

import (
	"cmp"
	"slices"

	"github.com/synthkit/synthkit/generator"
)

// The working set of a sample. A catalogue of more than sku_pool SKUs is
// not drawn from whole: consecutive blocks of sku_pool_samples samples
// share a pool of about sku_pool SKUs, made of one window per product
// category (its share of the pool, at least minWindow SKUs) that moves on
// by its own width from one block to the next. So
//
//   - what sample i draws depends only on the catalogue, the params and
//     i (never on which samples ran before, or what a cache holds);
//   - the samples of a block reuse the same few hundred models, so a
//     cache of a few hundred models serves a catalogue of any size, and a
//     worker builds about sku_pool / sku_pool_samples models per sample;
//   - the windows sweep each category in turn, so every SKU is in the
//     pool of ⌈S / (B · G)⌉ or ⌊…⌋ of G·B-sample cycles — membership is
//     balanced to within one block (see coverageSamples).
//
// Every per-sample step costs O(pool), never O(catalogue).

// minWindow is the smallest window of a category in a pool.
const minWindow = 8

// pool is the working set of one sample; nil means the whole catalogue.
type pool struct {
	windows  map[string][]int // per product category: indices of skus
	order    []string         // categories with a window, sorted
	hangable []int
	// view, with sku_sweep, is the library as the sample's bays see it:
	// only the chunk's category (see sweepPool).
	view *library
}

// configure sets the library's working-set params (sku_pool,
// sku_pool_samples, sku_sweep) and, for sku_sweep, cuts the catalogue
// into its chunks: each product category (sorted) in runs of at most
// sku_sweep SKUs in catalogue order, the last run of a category shorter.
func (l *library) configure(p Params) {
	l.pool, l.poolSamples, l.sweep = p.SKUPool, p.SKUPoolSamples, p.SKUSweep
	l.chunks = nil
	if l.sweep <= 0 {
		return
	}
	for _, g := range l.groups {
		// By height (then catalogue order), so that a chunk's SKUs need
		// about the same board spacing.
		all := slices.Clone(l.byGroup[g])
		slices.SortStableFunc(all, func(a, b int) int { return cmp.Compare(l.skus[a].dims[1], l.skus[b].dims[1]) })
		for i := 0; i < len(all); i += l.sweep {
			c := chunk{group: g, skus: all[i:min(i+l.sweep, len(all))]}
			c.height = l.skus[c.skus[len(c.skus)-1]].dims[1]
			l.chunks = append(l.chunks, c)
		}
	}
}

// chunk is a run of SKUs of one product category: the working set of
// the samples of one sku_sweep block.
type chunk struct {
	group  string
	skus   []int   // by height
	height float64 // of the tallest
}

// Balanced coverage (sku_sweep = w > 0). The catalogue is cut into L
// chunks (L = Σ over categories of ⌈m/w⌉ ≤ K/w + G for K SKUs in G
// categories; a category's SKUs sorted by height, so that a chunk's SKUs
// need the same board spacing); block b of sku_pool_samples = B
// consecutive samples draws only from chunk b mod L: every bay in view is
// stocked from that chunk (the bays see one category, their boards spaced
// for its tallest SKU), every board from the chunk's SKUs that fit it.
// So a job of N = k·L·B samples (CoverageSamples(k)) puts every SKU in the
// working set of k·B samples. Placement within a sample is still drawn
// (facings, board widths, the view), so the placed count is measured, not
// proved: with w = 2 and B = 1, TestSweepCoverage finds every SKU of a
// 2,100-SKU catalogue placed in view at least 3 times in N(1) = 1,054
// samples (median 84); with w = 4 a few SKUs in a thousand are missed in
// one pass, so use w ≤ 2, or k ≥ 2. Each sample builds at most w models.

// sweepPool is the pool of sample index with sku_sweep.
func (l *library) sweepPool(index int64) *pool {
	block := uint64(index) / uint64(max(1, l.poolSamples))
	c := l.chunks[block%uint64(len(l.chunks))]
	p := &pool{windows: map[string][]int{c.group: c.skus}, order: []string{c.group}}
	for _, i := range c.skus {
		if l.skus[i].hangable {
			p.hangable = append(p.hangable, i)
		}
	}
	view := *l
	view.groups = p.order
	// Boards spaced for the chunk's tallest SKU (with room for the jitter
	// of the boards between base deck and top), not the category's.
	view.typHeight = map[string]float64{c.group: c.height*1.25 + boardThick + headroom}
	view.root = l
	p.view = &view
	return p
}

// poolFor returns the pool of sample index, or nil when the catalogue is
// no larger than the pool (and sku_sweep is off).
func (l *library) poolFor(index int64) *pool {
	if l.sweep > 0 && len(l.chunks) > 0 {
		return l.sweepPool(index)
	}
	if l.pool <= 0 || len(l.skus) <= l.pool {
		return nil
	}
	block := uint64(index) / uint64(max(1, l.poolSamples))
	p := &pool{windows: make(map[string][]int, len(l.groups)), order: l.groups}
	n := len(l.skus)
	for gi, g := range l.groups {
		all := l.byGroup[g]
		m := len(all)
		w := min(m, max(minWindow, (l.pool*m+n-1)/n))
		off := int(generator.Mix64(uint64(gi)*0x9E3779B97F4A7C15^uint64(n)) % uint64(m))
		start := int((uint64(off) + block*uint64(w)) % uint64(m))
		var win []int
		if start+w <= m {
			win = all[start : start+w]
		} else {
			win = append(append(make([]int, 0, w), all[start:]...), all[:start+w-m]...)
		}
		p.windows[g] = win
		for _, i := range win {
			if l.skus[i].hangable {
				p.hangable = append(p.hangable, i)
			}
		}
	}
	return p
}

// members returns the SKUs of group a sample may draw from.
func (st *stocker) members(group string) []int {
	if st.pool == nil {
		return st.lib.byGroup[group]
	}
	return st.pool.windows[group]
}

// hangables returns the hangable SKUs a sample may draw from.
func (st *stocker) hangables() []int {
	if st.pool == nil {
		return st.lib.hangable
	}
	return st.pool.hangable
}

// others calls fn with the SKUs a sample may draw from outside group, in
// catalogue (or pool) order.
func (st *stocker) others(group string, fn func(i int)) {
	if st.pool == nil {
		for i, s := range st.lib.skus {
			if s.group != group {
				fn(i)
			}
		}
		return
	}
	for _, g := range st.pool.order {
		if g != group {
			for _, i := range st.pool.windows[g] {
				fn(i)
			}
		}
	}
}

// randomSKU draws any SKU a sample may draw from (for a stray product).
func (st *stocker) randomSKU() *sku {
	lib := st.lib
	if st.pool == nil {
		return lib.skus[st.r.IntN(len(lib.skus))]
	}
	win := st.pool.windows[st.pool.order[st.r.IntN(len(st.pool.order))]]
	return lib.skus[win[st.r.IntN(len(win))]]
}

// coverageSamples returns how many samples a job needs so that every SKU
// has been in a sample's pool for at least k blocks: each category's
// window sweeps it in ⌈m/w⌉ blocks. With sku_sweep it is k·L·B (L chunks,
// B = sku_pool_samples).
func (l *library) coverageSamples(k int) int64 {
	if l.sweep > 0 && len(l.chunks) > 0 {
		return int64(k) * int64(len(l.chunks)) * int64(max(1, l.poolSamples))
	}
	if l.pool <= 0 || len(l.skus) <= l.pool {
		return int64(k)
	}
	n := len(l.skus)
	sweep := 1
	for _, g := range l.groups {
		m := len(l.byGroup[g])
		w := min(m, max(minWindow, (l.pool*m+n-1)/n))
		sweep = max(sweep, (m+w-1)/w)
	}
	return int64(k) * int64(sweep) * int64(max(1, l.poolSamples))
}
