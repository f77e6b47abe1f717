package shelves

import (
	"math"
	"math/rand/v2"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/retail"
	"github.com/synthkit/synthkit/scene"
)

// Placing products without interpenetration. Every product gets a cell, an
// axis-aligned rectangle of the board seen from above: a facing's slot
// (its width along x) times a row's depth (along z). Cells never overlap,
// and each product is turned and shifted only as far as the box bounding
// its rotated model stays inside its cell, so no two products' footprints
// overlap; every product stands on its board and is no taller than the
// board's clearance, so none crosses a board either.

// placement is one product placed in the world.
type placement struct {
	s    *sku
	m    *flatModel
	mat  *scene.Material   // one of m.shaded
	t    mgl64.Mat4        // product frame to world
	meta map[string]string // s.meta, or a copy that records its pose
}

// tagPlacement is a price tag: a quad facing +z centred at pos.
type tagPlacement struct {
	pos   mgl64.Vec3
	w, h  float64
	mat   *scene.Material
	price string // as printed on mat's artwork
	sku   *sku   // the product the tag is for
	group string // id of the facing group it labels; "" on a peg hook
}

// stocker fills one sample's fixtures with products.
type stocker struct {
	gen      *Generator
	r        *rand.Rand
	g        *gondola
	lib      *library
	pool     *pool // the sample's working set (pool.go); nil: the whole library
	products []placement
	tags     []tagPlacement

	bayI, boardI int         // the bay and board being stocked
	plan         []boardPlan // the planogram of every stocked board
}

// Poses a product can lie in. The rotations map the product frame (front
// +z, top +y) so that: onBack shows the front label upwards with the top
// towards the back panel; onFace shows the top towards the aisle; onSide
// lays the top towards -x.
var (
	onBack = mgl64.HomogRotate3DX(-math.Pi / 2)
	onFace = mgl64.HomogRotate3DX(math.Pi / 2)
	onSide = mgl64.HomogRotate3DZ(math.Pi / 2)
)

// Pose names recorded in Object.Meta["pose"].
const (
	poseUpright = retail.PoseUpright
	poseFallen  = retail.PoseFallen
	poseTurned  = retail.PoseTurned
)

// extents returns the centre and half extents of the box bounding the
// model (dims, origin at the bottom centre) turned by rot.
func extents(rot mgl64.Mat4, dims mgl64.Vec3) (centre, half mgl64.Vec3) {
	c := mgl64.Vec3{0, dims[1] / 2, 0}
	e := dims.Mul(0.5)
	centre = mgl64.TransformNormal(c, rot)
	for i := range 3 {
		for j := range 3 {
			half[i] += math.Abs(rot.At(i, j)) * e[j]
		}
	}
	return centre, half
}

// cell is the part of a board one product may occupy: x in [x0, x1], z in
// [z0, z1], standing on y.
type cell struct {
	x0, x1, z0, z1, y float64
}

// put places the model in c turned by yaw (radians) about the vertical
// after the lying rotation pose, shifted at random within the slack the
// cell leaves. The yaw is halved until the turned model fits, and dropped
// if it never does; put reports false when even the unturned model does
// not fit the cell.
func (st *stocker) put(m *flatModel, pose mgl64.Mat4, yaw float64, c cell) (mgl64.Mat4, bool) {
	for try := 0; ; try++ {
		if try == 4 {
			yaw = 0
		}
		rot := mgl64.HomogRotate3DY(yaw).Mul4(pose)
		ctr, half := extents(rot, m.dims)
		sx, sz := (c.x1-c.x0)/2-half[0], (c.z1-c.z0)/2-half[2]
		if sx >= 0 && sz >= 0 {
			x := (c.x0+c.x1)/2 + uniform(st.r, -sx, sx)
			z := (c.z0+c.z1)/2 + uniform(st.r, -sz, sz)
			t := mgl64.Translate3D(x-ctr[0], c.y-(ctr[1]-half[1]), z-ctr[2]).Mul4(rot)
			return t, true
		}
		if yaw == 0 {
			return mgl64.Mat4{}, false
		}
		yaw /= 2
	}
}

// fitYaw returns yaw, or the nearest turn towards its multiple of π/2
// (halving the remainder, then dropping it), for which the model lying in
// pose is at most width wide along x.
func fitYaw(pose mgl64.Mat4, yaw float64, dims mgl64.Vec3, width float64) float64 {
	base := math.Round(yaw/(math.Pi/2)) * (math.Pi / 2)
	rest := yaw - base
	for try := 0; ; try++ {
		if try == 4 {
			rest = 0
		}
		_, half := extents(mgl64.HomogRotate3DY(base+rest).Mul4(pose), dims)
		if 2*half[0] <= width || rest == 0 {
			return base + rest
		}
		rest /= 2
	}
}

// shadeFor returns the shade level of a product standing at depth z on
// bd: the deeper under the board above, the darker; under no board (the
// top board) only half as much.
func shadeFor(bd board, z float64) int {
	back := (bd.front - z) / bd.front
	if bd.top {
		back /= 2
	}
	return max(0, min(len(shadeLevels)-1, int(back*float64(len(shadeLevels)))))
}

// column is one facing: a run of the same product one behind another
// along z, in a slot [x0, x1] of board bd.
type column struct {
	bd        board
	x0, x1    float64
	m         *flatModel
	s         *sku
	rows      int  // products when fully stocked
	misplaced bool // a stray product: one, upright
	facing    int  // index of the facing (slot) on its board
}

// stockColumn places the products of one facing: fronted (pulled to the
// board's edge, possibly overhanging it) or pushed back against the back
// panel, perhaps partly sold, perhaps with its front product fallen over
// or turned round.
func (st *stocker) stockColumn(col column) {
	p := &st.gen.p
	r := st.r
	bd, m := col.bd, col.m
	d := m.dims[2]
	gz := uniform(r, 0.002, 0.008)
	count := col.rows
	if !col.misplaced && generator.Bernoulli(r, p.DepletedProb) {
		// Partly sold: a quarter of depleted facings are empty.
		count = (1 + r.IntN(max(1, count-1))) * min(1, r.IntN(4))
	}
	if count == 0 {
		return
	}
	fronted := col.misplaced || generator.Bernoulli(r, p.FrontedProb)
	// The front product may have fallen over: its cell is as deep as it
	// lies long.
	type slot struct {
		pose  mgl64.Mat4
		depth float64
		yaw   float64
		name  string
	}
	var cells []slot
	jitter := mgl64.DegToRad(p.YawJitterDeg)
	if !col.misplaced && generator.Bernoulli(r, p.FallenProb) {
		if s, ok := st.fallenPose(col); ok {
			cells = append(cells, slot{pose: s, yaw: 0, name: poseFallen})
		}
	}
	if len(cells) == 0 && !col.misplaced && generator.Bernoulli(r, p.TurnedProb) {
		yaw := math.Pi
		if m.dims[0] >= m.dims[2] && generator.Bernoulli(r, 0.5) { // show a side when it fits the slot
			yaw = math.Pi / 2 * float64(1-2*r.IntN(2))
		}
		cells = append(cells, slot{pose: mgl64.Ident4(), yaw: yaw + uniform(r, -jitter, jitter), name: poseTurned})
	}
	for len(cells) < count {
		cells = append(cells, slot{pose: mgl64.Ident4(), yaw: uniform(r, -jitter, jitter), name: poseUpright})
	}
	// A fronted facing's first product may overhang the edge by a fraction
	// of its own depth, so its centre stays over the board.
	for i := range cells {
		cells[i].yaw = fitYaw(cells[i].pose, cells[i].yaw, m.dims, col.x1-col.x0)
		_, half := extents(mgl64.HomogRotate3DY(cells[i].yaw).Mul4(cells[i].pose), m.dims)
		cells[i].depth = max(2*half[2], d) + gz
	}
	zFront := bd.front
	if fronted {
		zFront += uniform(r, 0, p.Overhang) * (cells[0].depth - gz)
	}
	total := 0.0
	for i := range cells {
		if total+cells[i].depth > zFront-backMargin {
			cells = cells[:i]
			break
		}
		total += cells[i].depth
	}
	if !fronted {
		zFront = backMargin + total
	}
	z := zFront
	for row, c := range cells {
		t, ok := st.put(m, c.pose, c.yaw, cell{x0: col.x0, x1: col.x1, z0: z - c.depth, z1: z, y: bd.y})
		z -= c.depth
		if !ok {
			continue
		}
		meta := productMeta(col.s, c.name, col.misplaced, st.bayI, st.boardI, col.facing, row)
		st.products = append(st.products, placement{s: col.s, m: m, mat: m.shaded[shadeFor(bd, t[14])], t: t, meta: meta})
	}
}

// fallenPose picks how the front product of col lies: on its back or face
// (as long as the product is tall, along z) or on its side (as wide as it
// is tall, so only in a slot that wide); false when none fits the board.
func (st *stocker) fallenPose(col column) (mgl64.Mat4, bool) {
	w, h, d := col.m.dims[0], col.m.dims[1], col.m.dims[2]
	var poses []mgl64.Mat4
	if h <= col.bd.front-backMargin && d <= col.bd.clear {
		poses = append(poses, onBack, onBack, onFace)
	}
	if h <= col.x1-col.x0 && w <= col.bd.clear {
		poses = append(poses, onSide)
	}
	if len(poses) == 0 {
		return mgl64.Mat4{}, false
	}
	return poses[st.r.IntN(len(poses))], true
}
