package shelves

import (
	"math"
	"slices"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/generator"
)

// The planogram: which bays exist, how their boards are spaced and which
// SKUs stand on each board, in which order and how many facings wide. A
// run is stocked with product categories bay by bay (neighbours often
// share one); a board holds SKUs of its bay's category that fit under the
// next board, grouped by brand, each as a block of facings with its price
// tag under the first one. Out-of-stock blocks leave an empty slot above
// their tag; now and then a stray product of another category stands
// next to a block.

// edgeGap is the space kept free at both ends of a board.
const edgeGap = 0.006

// layoutBays returns the bays of the run that the camera may see: the
// centre bay, then neighbours outwards on each side until one is out of
// view (or max_side_bays is reached). Bays are listed left to right.
func (st *stocker) layoutBays(fr frustum) []bay {
	g := st.g
	visible := func(k int) bool {
		x0 := (float64(k) - 0.5) * g.width
		return fr.seesBox(mgl64.Ident4(), mgl64.Vec3{x0, 0, -panelThick}, mgl64.Vec3{x0 + g.width, g.height, g.baseDepth + 0.1})
	}
	lo, hi := 0, 0
	for lo > -st.gen.p.MaxSideBays && visible(lo-1) {
		lo--
	}
	for hi < st.gen.p.MaxSideBays && visible(hi+1) {
		hi++
	}
	bays := make([]bay, 0, hi-lo+1)
	for k := lo; k <= hi; k++ {
		x0 := (float64(k) - 0.5) * g.width
		bays = append(bays, bay{x0: x0, x1: x0 + g.width})
	}
	return bays
}

// stockBays assigns product categories to the bays, spaces their boards
// and fills them.
func (st *stocker) stockBays(bays []bay) error {
	r := st.r
	groups := st.lib.groups
	order := r.Perm(len(groups))
	gi := r.IntN(len(groups))
	for i := range bays {
		if i > 0 && generator.Bernoulli(r, 0.55) {
			gi++
		}
		b := &bays[i]
		b.group = groups[order[gi%len(groups)]]
		st.spaceBoards(b)
		st.bayI = i
		for j, bd := range b.boards {
			st.boardI = j
			if err := st.stockBoard(bd, b.group); err != nil {
				return err
			}
		}
		if b.peg != nil {
			if err := st.stockPegs(b); err != nil {
				return err
			}
		}
	}
	return nil
}

// spaceBoards draws the bay's boards: the base deck on the plinth and
// evenly spaced boards above it, as many as the products of the bay's
// category need headroom for (within the boards param). A pegboard bay
// has only its base deck, with hooks above.
func (st *stocker) spaceBoards(b *bay) {
	g, p, r := st.g, &st.gen.p, st.r
	avail := g.height - g.baseY
	target := math.Max(0.2, math.Min(0.6, st.lib.typHeight[b.group]+uniform(r, 0.04, 0.1)))
	n := int(math.Round(avail / target))
	n = max(p.Boards.Min, min(p.Boards.Max, n))
	spacing := avail / float64(n)
	in0, in1 := b.x0+uprightW/2, b.x1-uprightW/2
	if len(st.hangables()) > 0 && avail-spacing >= 0.6 && generator.Bernoulli(r, p.PegBayProb) {
		b.boards = []board{{x0: in0, x1: in1, y: g.baseY, clear: spacing - headroom, front: g.baseDepth, base: true}}
		b.peg = &pegArea{y0: g.baseY + spacing, y1: g.height - 0.04}
		return
	}
	ys := make([]float64, n+1)
	for i := range ys {
		ys[i] = g.baseY + float64(i)*spacing
		if i > 0 && i < n {
			ys[i] += uniform(r, -0.2, 0.2) * (spacing - 0.15)
		}
	}
	ys[n] = g.height + boardThick // the top board's products may reach the gondola's top
	for i := range n {
		bd := board{x0: in0, x1: in1, y: ys[i], clear: ys[i+1] - boardThick - ys[i] - headroom, front: g.depth, base: i == 0, top: i == n-1}
		if bd.base {
			bd.front = g.baseDepth
		}
		b.boards = append(b.boards, bd)
	}
}

// block is a run of facings of one SKU on a board.
type block struct {
	s         *sku
	m         *flatModel
	facings   int
	rows      int  // products deep when fully stocked
	gap       bool // out of stock: no products, only the tag
	misplaced bool
}

// fits reports whether model m stands on bd: under its clearance, no
// deeper than the board (with the largest overhang) and narrower than it.
func (st *stocker) fits(dims mgl64.Vec3, bd board) bool {
	return dims[1] <= bd.clear && dims[2] <= (bd.front-backMargin)*(1+st.gen.p.Overhang) && dims[0] <= bd.x1-bd.x0-2*edgeGap
}

// candidates returns the SKUs of group that fit bd, topped up with SKUs
// of other categories when fewer than three fit, ordered by brand (brands
// in a random order) and then by catalogue order.
func (st *stocker) candidates(group string, bd board) []int {
	lib := st.lib
	var out []int
	for _, i := range st.members(group) {
		if st.fits(lib.skus[i].dims, bd) {
			out = append(out, i)
		}
	}
	if len(out) < 3 {
		st.others(group, func(i int) {
			if st.fits(lib.skus[i].dims, bd) {
				out = append(out, i)
			}
		})
	}
	rank := make(map[string]int)
	for _, i := range out {
		if _, ok := rank[lib.skus[i].brand]; !ok {
			rank[lib.skus[i].brand] = st.r.IntN(1 << 20)
		}
	}
	slices.SortStableFunc(out, func(a, b int) int { return rank[lib.skus[a].brand] - rank[lib.skus[b].brand] })
	return out
}

// stockBoard fills one board left to right with blocks of facings.
func (st *stocker) stockBoard(bd board, group string) error {
	p, r, lib := &st.gen.p, st.r, st.lib
	cands := st.candidates(group, bd)
	if len(cands) == 0 {
		return nil
	}
	gap := st.g.facingGap
	x := bd.x0 + edgeGap
	end := bd.x1 - edgeGap
	var blocks []block
	width := 0.0
	add := func(b block) {
		blocks = append(blocks, b)
		width += float64(b.facings) * (b.m.dims[0] + gap)
	}
	minSlot := math.Inf(1)
	for _, i := range cands {
		minSlot = math.Min(minSlot, lib.skus[i].dims[0]+gap)
	}
	k := r.IntN(len(cands))
	for misses, iter := 0, 0; misses < len(cands) && iter < 8*len(cands)+64 && end-x-width >= minSlot; k, iter = k+1, iter+1 {
		s := lib.skus[cands[k%len(cands)]]
		if len(cands) > 2 && generator.Bernoulli(r, 0.25) { // not every SKU of the range is on every board
			continue
		}
		s = st.nullFor(s)
		m, err := lib.get(s)
		if err != nil {
			return err
		}
		slot := m.dims[0] + gap
		room := int((end - x - width) / slot)
		if !st.fits(m.dims, bd) || room < 1 {
			misses++
			continue
		}
		misses = 0
		b := block{s: s, m: m, facings: min(p.Facings.Draw(r), room), rows: p.RowsDeep.Draw(r)}
		b.gap = generator.Bernoulli(r, p.GapProb)
		add(b)
		if generator.Bernoulli(r, p.MisplacedProb) {
			if b, ok, err := st.stray(bd, end-x-width); err != nil {
				return err
			} else if ok {
				add(b)
			}
		}
	}
	st.layoutBlocks(bd, blocks, width)
	return nil
}

// stray returns a single product of a random SKU that fits bd in room
// metres of width, for a misplaced product.
func (st *stocker) stray(bd board, room float64) (block, bool, error) {
	lib := st.lib
	for range 4 {
		s := st.randomSKU()
		if !st.fits(s.dims, bd) {
			continue
		}
		m, err := lib.get(s)
		if err != nil {
			return block{}, false, err
		}
		if st.fits(m.dims, bd) && m.dims[0]+st.g.facingGap <= room {
			return block{s: s, m: m, facings: 1, rows: 1, misplaced: true}, true, nil
		}
	}
	return block{}, false, nil
}

// layoutBlocks spreads part of the board's free width between the
// facings, then places every column and price tag.
func (st *stocker) layoutBlocks(bd board, blocks []block, width float64) {
	if len(blocks) == 0 {
		return
	}
	bp := boardPlan{bay: st.bayI, board: st.boardI, bd: bd}
	r := st.r
	slots := 0
	for _, b := range blocks {
		slots += b.facings
	}
	free := bd.x1 - bd.x0 - 2*edgeGap - width
	extra := math.Min(free*uniform(r, 0.4, 1)/float64(slots), 0.03)
	x := bd.x0 + edgeGap + uniform(r, 0, math.Max(0, free-extra*float64(slots)))
	tagRight := math.Inf(-1)
	var planned *sku // the SKU of the last planned block: what a stray displaces
	for bi, b := range blocks {
		slot := b.m.dims[0] + st.g.facingGap + extra
		if !b.misplaced {
			planned = b.s
		}
		bp.blocks = append(bp.blocks, blockPlan{s: b.s, facings: b.facings, rows: b.rows, gap: b.gap, misplaced: b.misplaced, tag: -1})
		if !b.misplaced {
			tx := math.Max(x+tagWM/2, bd.x0+tagWM/2+0.002)
			if tx-tagWM/2 > tagRight+0.003 && tx+tagWM/2 < bd.x1 {
				st.tags = append(st.tags, tagPlacement{
					pos: mgl64.Vec3{tx, bd.y - stripH/2, bd.front + stripT + tagOffset},
					w:   tagWM, h: tagHM,
				})
				st.tagArt(&st.tags[len(st.tags)-1], r.IntN(tagsPerStyle), b.s, groupID(bp.bay, bp.board, bi))
				bp.blocks[bi].tag = len(st.tags) - 1
				tagRight = tx + tagWM/2
			}
		}
		for range b.facings {
			sp := slotPlan{block: bi, x0: x, x1: x + slot, planned: planned, placed: b.s, m: b.m, misplaced: b.misplaced}
			if !b.gap {
				rows := max(1, min(b.rows, int((bd.front+st.gen.p.Overhang*b.m.dims[2]-backMargin)/(b.m.dims[2]+0.008))))
				first := len(st.products)
				st.stockColumn(column{bd: bd, x0: x, x1: x + slot, m: b.m, s: b.s, rows: rows, misplaced: b.misplaced, facing: len(bp.slots)})
				for k := first; k < len(st.products); k++ {
					sp.products = append(sp.products, k)
				}
			}
			bp.blocks[bi].slots = append(bp.blocks[bi].slots, len(bp.slots))
			bp.slots = append(bp.slots, sp)
			x += slot
		}
	}
	st.plan = append(st.plan, bp)
}
