package shelves

import (
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
}

// poolFor returns the pool of sample index, or nil when the catalogue is
// no larger than the pool.
func (l *library) poolFor(index int64) *pool {
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
// window sweeps it in ⌈m/w⌉ blocks.
func (l *library) coverageSamples(k int) int64 {
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
