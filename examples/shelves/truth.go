package shelves

import (
	"fmt"
	"maps"
	"math"
	"strconv"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/retail"
	"github.com/synthkit/synthkit/scene"
)

// Shelf truth: the planogram the stocker followed, recorded as it places
// products, and the scene annotations built from it (vocabulary of
// package retail): shelf rows, price tags, facing groups, empty facings
// and planogram slots. They are computed from the placements alone, so
// they are exact; package labels turns them into image labels.

// pegBoard is the board index recorded for products on a pegboard hook.
const pegBoard = -1

// boardPlan is the planogram of one board: its blocks and slots, left to
// right.
type boardPlan struct {
	bay, board int
	bd         board
	blocks     []blockPlan
	slots      []slotPlan
}

// blockPlan is a run of facings of one SKU.
type blockPlan struct {
	s         *sku
	facings   int
	rows      int
	gap       bool
	misplaced bool
	tag       int   // index in stocker.tags; -1 when it has none
	slots     []int // indices in boardPlan.slots
}

// slotPlan is one facing of a board.
type slotPlan struct {
	block     int
	x0, x1    float64
	planned   *sku // what the plan puts here
	placed    *sku // what was stocked here (also when none is left)
	m         *flatModel
	misplaced bool
	products  []int // indices in stocker.products, front first
}

// objectIndex maps the stocker's placements to scene object indices (-1:
// out of view, not in the scene).
type objectIndex struct {
	products []int
	tags     []int
	strips   [][]int // per bay, per board
}

// groupID is the id of block k of a board.
func groupID(bay, board, k int) string { return fmt.Sprintf("%d.%d.%d", bay, board, k) }

// tagArt gives tag t the artwork k of the store's style and records what
// it shows and whom it is for.
func (st *stocker) tagArt(t *tagPlacement, k int, s *sku, group string) {
	t.mat = st.gen.tex.tagMats[st.g.tagStyle][k]
	t.price = st.gen.tex.tagPrice[st.g.tagStyle][k]
	t.sku, t.group = s, group
}

// productMeta returns the Meta of one placed product: its SKU's, with its
// pose, misplaced flag and position in the planogram.
func productMeta(s *sku, pose string, misplaced bool, bay, board, facing, row int) map[string]string {
	m := maps.Clone(s.meta)
	m["pose"] = pose
	m["misplaced"] = strconv.FormatBool(misplaced)
	m[retail.AttrBay] = strconv.Itoa(bay)
	m[retail.AttrBoard] = strconv.Itoa(board)
	m[retail.AttrFacing] = strconv.Itoa(facing)
	m["row"] = strconv.Itoa(row)
	if _, ok := m[retail.AttrNullSet]; !ok {
		m[retail.AttrNullSet] = "false"
	}
	return m
}

// isNull reports whether s belongs to the null set (see nullset.go).
func (s *sku) isNull() bool { return s.null }

// name returns the product name of s: its "name" meta, else its id.
func (s *sku) name() string {
	if n := s.meta[retail.AttrName]; n != "" {
		return n
	}
	return s.id
}

// frontZ returns the largest world z of placement pl's model box.
func frontZ(pl *placement) float64 {
	d := pl.m.dims
	z := math.Inf(-1)
	for i := range 8 {
		c := mgl64.Vec3{-d[0] / 2, 0, -d[2] / 2}
		if i&4 != 0 {
			c[0] = d[0] / 2
		}
		if i&2 != 0 {
			c[1] = d[1]
		}
		if i&1 != 0 {
			c[2] = d[2] / 2
		}
		z = math.Max(z, mgl64.TransformCoordinate(c, pl.t)[2])
	}
	return z
}

// boxRegion is the axis-aligned world box [lo, hi].
func boxRegion(lo, hi mgl64.Vec3) *scene.Region {
	return &scene.Region{Transform: mgl64.Ident4(), Lo: lo, Hi: hi}
}

// annotations returns the shelf truth of the sample as scene annotations:
// per board its row, then per block its price tag and facing group, then
// per slot its planogram slot and, when the front of it is empty, an
// empty facing. Boards whose strip is out of view still list their
// slots; labels drops what covers no pixel.
func (st *stocker) annotations(ix objectIndex) []scene.Annotation {
	var out []scene.Annotation
	for _, bp := range st.plan {
		bd := bp.bd
		bay, brd := strconv.Itoa(bp.bay), strconv.Itoa(bp.board)
		z := bd.front + stripT
		out = append(out, scene.Annotation{
			Category: retail.ShelfRow,
			Attrs:    map[string]string{retail.AttrBay: bay, retail.AttrBoard: brd},
			Objects:  []int{ix.strips[bp.bay][bp.board]},
			Line:     []mgl64.Vec3{{bd.x0, bd.y, z}, {bd.x1, bd.y, z}},
		})
		for k, b := range bp.blocks {
			gid := groupID(bp.bay, bp.board, k)
			if b.tag >= 0 && ix.tags[b.tag] >= 0 {
				t := &st.tags[b.tag]
				out = append(out, scene.Annotation{
					Category: retail.PriceTag,
					Attrs: map[string]string{retail.AttrPrice: t.price, retail.AttrSKU: t.sku.id, retail.AttrName: t.sku.name(),
						retail.AttrGroup: t.group, retail.AttrBay: bay, retail.AttrBoard: brd},
					Objects: []int{ix.tags[b.tag]},
				})
			}
			var objs []int
			depth, n := 0, 0
			for _, si := range b.slots {
				sp := &bp.slots[si]
				depth = max(depth, len(sp.products))
				n += len(sp.products)
				for _, p := range sp.products {
					if o := ix.products[p]; o >= 0 {
						objs = append(objs, o)
					}
				}
			}
			if len(objs) > 0 {
				out = append(out, scene.Annotation{
					Category: retail.Facing,
					Attrs: map[string]string{retail.AttrGroup: gid, retail.AttrSKU: b.s.id, retail.AttrBrand: b.s.brand,
						retail.AttrFacings: strconv.Itoa(b.facings), retail.AttrProducts: strconv.Itoa(n), retail.AttrDepth: strconv.Itoa(depth),
						retail.AttrBay: bay, retail.AttrBoard: brd, retail.AttrNullSet: strconv.FormatBool(b.s.isNull())},
					Objects: objs,
				})
			}
		}
		for si := range bp.slots {
			out = st.slotAnnotations(out, &bp, si, ix)
		}
	}
	return out
}

// slotAnnotations appends the planogram slot si of bp and its empty
// facing, if any.
func (st *stocker) slotAnnotations(out []scene.Annotation, bp *boardPlan, si int, ix objectIndex) []scene.Annotation {
	bd, sp := bp.bd, &bp.slots[si]
	bay, brd, fac := strconv.Itoa(bp.bay), strconv.Itoa(bp.board), strconv.Itoa(si)
	h := math.Min(sp.m.dims[1], bd.clear)
	state, actual, actualB := retail.StateEmpty, "", ""
	var objs []int
	front := math.Inf(-1)
	if len(sp.products) > 0 {
		first := &st.products[sp.products[0]]
		actual, actualB = sp.placed.id, sp.placed.brand
		switch {
		case sp.misplaced || sp.placed != sp.planned:
			state = retail.StateMisplaced
		case first.meta["pose"] == poseFallen:
			state = retail.StateFallen
		case first.meta["pose"] == poseTurned:
			state = retail.StateTurned
		default:
			state = retail.StateFilled
		}
		for _, p := range sp.products {
			front = math.Max(front, frontZ(&st.products[p]))
			if o := ix.products[p]; o >= 0 {
				objs = append(objs, o)
			}
		}
	}
	out = append(out, scene.Annotation{
		Category: retail.Slot,
		Attrs: map[string]string{retail.AttrBay: bay, retail.AttrBoard: brd, retail.AttrFacing: fac,
			retail.AttrGroup:   groupID(bp.bay, bp.board, sp.block),
			retail.AttrPlanned: sp.planned.id, retail.AttrPlannedB: sp.planned.brand,
			retail.AttrActual: actual, retail.AttrActualB: actualB, retail.AttrState: state,
			retail.AttrWidth: strconv.FormatFloat(sp.x1-sp.x0, 'f', 4, 64), retail.AttrProducts: strconv.Itoa(len(sp.products))},
		Objects: objs,
		Region:  boxRegion(mgl64.Vec3{sp.x0, bd.y, backMargin}, mgl64.Vec3{sp.x1, bd.y + h, bd.front}),
	})
	kind, z0 := "", 0.0
	switch {
	case len(sp.products) == 0:
		kind, z0 = retail.EmptyFull, backMargin
	case bd.front-front >= sp.m.dims[2]:
		kind, z0 = retail.EmptyPartly, front
	default:
		return out
	}
	return append(out, scene.Annotation{
		Category: retail.EmptyFacing,
		Attrs: map[string]string{retail.AttrKind: kind, retail.AttrBay: bay, retail.AttrBoard: brd, retail.AttrFacing: fac,
			retail.AttrSKU: sp.planned.id, retail.AttrGroup: groupID(bp.bay, bp.board, sp.block)},
		Region: boxRegion(mgl64.Vec3{sp.x0, bd.y, z0}, mgl64.Vec3{sp.x1, bd.y + h, bd.front}),
	})
}
