package shelves

import (
	"math"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/scene"
)

// Pegboard bays: above the base deck the back panel is perforated and
// carries rows of hooks, each holding a few flat products (blister packs,
// bags) one behind another, hanging just below the hook with a price tag
// on a holder at its tip. Products hang in cells along the hook exactly as
// they stand in cells on a board, so the same no-overlap argument holds.

// Hook dimensions, metres.
const (
	hookSide    = 0.006 // square section of the hook rod
	hookDrop    = 0.004 // products hang this far below the rod's underside
	holderH     = 0.03  // tag holder at the hook's tip
	holderT     = 0.003
	pegTagH     = 0.024
	pegRowSpace = 0.05 // between a row's lowest product and the next row's hook
)

// pegArea is the part of a bay above its base deck that carries hooks.
type pegArea struct {
	y0, y1 float64 // vertical extent
	length float64 // hook length
	hooks  []hook
}

// hook is one hook, its rod along z at height y from the panel to length.
type hook struct {
	x, y float64
}

// stockPegs lays out the hooks of b's peg area row by row from the top and
// hangs products on them.
func (st *stocker) stockPegs(b *bay) error {
	p, r, lib := &st.gen.p, st.r, st.lib
	a := b.peg
	a.length = uniform(r, 0.15, 0.25)
	in0, in1 := b.x0+uprightW/2+0.02, b.x1-uprightW/2-0.02
	y := a.y1 - holderH
	for y > a.y0+0.1 {
		x := in0
		lowest := y
		for misses := 0; misses < 8 && x < in1; {
			hang := st.hangables()
			s := lib.skus[hang[r.IntN(len(hang))]]
			m, err := lib.get(s)
			if err != nil {
				return err
			}
			top := y - hookSide/2 - hookDrop
			gap := uniform(r, 0.01, 0.03)
			pitch := m.dims[0] + gap
			if m.dims[2]+0.01 > a.length || top-m.dims[1] < a.y0 || x+pitch > in1 {
				misses++
				continue
			}
			misses = 0
			n := min(p.Facings.Draw(r), int((in1-x)/pitch))
			for range n {
				cx := x + pitch/2
				a.hooks = append(a.hooks, hook{x: cx, y: y})
				st.pegTag(cx, y, a.length, s)
				st.hang(s, m, cell{x0: x, x1: x + pitch, z0: 0, z1: a.length, y: top - m.dims[1]}, len(a.hooks)-1)
				x += pitch
			}
			lowest = math.Min(lowest, top-m.dims[1])
		}
		y = lowest - pegRowSpace
	}
	return nil
}

// hang places the products of one hook in cells along it, from its tip
// backwards: as many as the rows param allows, fewer when partly sold.
func (st *stocker) hang(s *sku, m *flatModel, c cell, hookI int) {
	p, r := &st.gen.p, st.r
	pitch := m.dims[2] + uniform(r, 0.002, 0.006)
	n := min(p.RowsDeep.Draw(r)+1, int((c.z1-c.z0-0.01)/pitch))
	if generator.Bernoulli(r, p.DepletedProb) {
		n = r.IntN(n + 1)
	}
	jitter := mgl64.DegToRad(p.YawJitterDeg)
	z := c.z1 - 0.01
	for row := range n {
		t, ok := st.put(m, mgl64.Ident4(), uniform(r, -jitter, jitter), cell{x0: c.x0, x1: c.x1, z0: z - pitch, z1: z, y: c.y})
		z -= pitch
		if ok {
			st.products = append(st.products, placement{s: s, m: m, mat: m.mat, t: t, meta: productMeta(s, poseUpright, false, st.bayI, pegBoard, hookI, row)})
		}
	}
}

// pegTag adds the price tag on the holder at the tip of the hook at (x, y).
func (st *stocker) pegTag(x, y, length float64, s *sku) {
	st.tags = append(st.tags, tagPlacement{
		pos: mgl64.Vec3{x, y + hookSide/2 + holderH/2, length + holderT + tagOffset},
		w:   2 * pegTagH, h: pegTagH,
	})
	st.tagArt(&st.tags[len(st.tags)-1], st.r.IntN(tagsPerStyle), s, "")
}

// pegFixtures appends the hooks and their tag holders of a pegboard bay.
func (gen *Generator) pegFixtures(objs []scene.Object, g *gondola, b *bay) []scene.Object {
	a := b.peg
	for _, h := range a.hooks {
		objs = append(objs, scene.Object{Name: "hook", Mesh: gen.box, Material: g.upright,
			Transform: mgl64.Translate3D(h.x, h.y, a.length/2).Mul4(mgl64.Scale3D(hookSide, hookSide, a.length))})
		objs = append(objs, scene.Object{Name: "tag-holder", Mesh: gen.box, Material: g.strip,
			Transform: mgl64.Translate3D(h.x, h.y+hookSide/2+holderH/2, a.length+holderT/2).Mul4(mgl64.Scale3D(2*pegTagH+0.006, holderH, holderT))})
	}
	return objs
}
