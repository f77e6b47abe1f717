package shelves

import (
	"math/rand/v2"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/scene"
)

// The fixtures: a run of gondola bays along x, their back panels in the
// plane z = 0 facing +z, boards reaching forward to z = depth, shelf-edge
// strips with price tags on the boards' front edges, uprights between the
// bays, a plinth under the base deck, end panels and the floor (y = 0).
// All are context objects (empty Category): they occlude but are not
// labelled.

// Fixture dimensions, metres.
const (
	panelThick  = 0.018 // back panel, behind z = 0
	uprightW    = 0.04  // upright width (x)
	uprightD    = 0.05  // upright depth (z), from -panelThick
	boardThick  = 0.025 // shelf board thickness
	stripH      = 0.038 // shelf-edge strip (ticket channel) height
	stripT      = 0.012 // strip thickness (z)
	backMargin  = 0.01  // products keep this far from the back panel
	headroom    = 0.015 // products keep this far below the next board
	holePitch   = 0.025 // pegboard hole pitch
	floorTileM  = 0.6   // floor tile side
	floorSide   = 40.0  // floor plane side
	tagHM       = 0.028 // price tag height
	tagWM       = 2 * tagHM
	tagOffset   = 0.0008 // tags stand this far in front of their strip
	plinthInset = 0.03   // the kick plate is set back from the base deck's front edge
)

// gondola holds what every bay of a run shares: size and materials.
type gondola struct {
	width, height float64 // bay width between upright centres, gondola height
	depth         float64 // board depth
	baseY         float64 // top of the base deck
	baseDepth     float64
	tagStyle      int
	facingGap     float64 // gap between facings on this run

	board, strip, upright, panel, perforated, plinth, floor *scene.Material
}

// board is one shelf a row of products stands on.
type board struct {
	x0, x1 float64 // usable width, between the uprights
	y      float64 // top surface
	clear  float64 // free height above the top surface
	front  float64 // z of the front edge
	base   bool    // the base deck (on the plinth; no board box)
	top    bool    // the top board: no board above it
}

// bay is one section of the run, between two uprights at x0 and x1.
type bay struct {
	x0, x1 float64
	boards []board
	peg    *pegArea // non-nil for a pegboard bay
	group  string   // the product category it is stocked with
}

// newGondola draws the run's size and materials.
func newGondola(r *rand.Rand, p *Params, tex *textures) *gondola {
	g := &gondola{
		width:     p.BayWidth.Draw(r),
		height:    p.BayHeight.Draw(r),
		depth:     p.BoardDepth.Draw(r),
		baseY:     uniform(r, 0.1, 0.17),
		tagStyle:  r.IntN(tagStyles),
		facingGap: p.FacingGap.Draw(r),
	}
	g.baseDepth = g.depth + uniform(r, 0.03, 0.1)
	metal := fixtureMaterial(r, "fixture")
	g.board, g.upright = metal, metal
	if generator.Bernoulli(r, 0.3) {
		g.upright = fixtureMaterial(r, "upright")
	}
	g.panel = panelMaterial(r, metal)
	g.perforated = &scene.Material{
		Name:             "pegboard",
		BaseColor:        g.panel.BaseColor,
		BaseColorTexture: &scene.Texture{Name: "perforated", Image: tex.perforated},
		Roughness:        g.panel.Roughness,
	}
	stripCols := []scene.Color{
		scene.SRGB8(235, 235, 232), scene.SRGB8(60, 62, 66), scene.SRGB8(150, 152, 156),
		scene.SRGB8(245, 200, 40), scene.SRGB8(30, 80, 160), scene.SRGB8(190, 30, 40), scene.SRGB8(20, 110, 60),
	}
	g.strip = &scene.Material{Name: "shelf-strip", BaseColor: stripCols[r.IntN(len(stripCols))], Roughness: float32(uniform(r, 0.3, 0.6))}
	g.plinth = &scene.Material{Name: "plinth", BaseColor: generator.HSV(uniform(r, 0, 360), uniform(r, 0, 0.1), uniform(r, 0.15, 0.6)), Roughness: 0.6}
	tileColour := generator.HSV(uniform(r, 20, 60), uniform(r, 0, 0.2), uniform(r, 0.55, 0.9))
	g.floor = &scene.Material{
		Name: "floor", BaseColor: tileColour, Roughness: float32(uniform(r, 0.2, 0.5)),
		BaseColorTexture: &scene.Texture{Name: "floor-tile", Image: tex.floor},
		UVTransform:      uvScale(floorSide/floorTileM, floorSide/floorTileM),
	}
	return g
}

// fixtureMaterial draws a board or upright finish: mostly metal grey or
// white paint, sometimes black, now and then wood.
func fixtureMaterial(r *rand.Rand, name string) *scene.Material {
	switch u := r.Float64(); {
	case u < 0.38: // powder-coated or bare metal grey
		return &scene.Material{Name: name, BaseColor: generator.HSV(uniform(r, 190, 230), uniform(r, 0, 0.08), uniform(r, 0.45, 0.8)),
			Metallic: float32(uniform(r, 0.3, 0.85)), Roughness: float32(uniform(r, 0.3, 0.6))}
	case u < 0.82: // white or cream paint
		return &scene.Material{Name: name, BaseColor: generator.HSV(uniform(r, 30, 60), uniform(r, 0, 0.06), uniform(r, 0.85, 0.97)),
			Roughness: float32(uniform(r, 0.35, 0.7))}
	case u < 0.9: // black or anthracite
		return &scene.Material{Name: name, BaseColor: generator.HSV(uniform(r, 200, 230), uniform(r, 0, 0.1), uniform(r, 0.12, 0.3)),
			Metallic: float32(uniform(r, 0, 0.4)), Roughness: float32(uniform(r, 0.35, 0.7))}
	default: // wood
		return &scene.Material{Name: name, BaseColor: generator.HSV(uniform(r, 20, 38), uniform(r, 0.3, 0.6), uniform(r, 0.45, 0.8)),
			Roughness: float32(uniform(r, 0.5, 0.85))}
	}
}

// panelMaterial draws a back panel finish: the fixtures' own, white or
// light grey paint, or a store colour.
func panelMaterial(r *rand.Rand, fixture *scene.Material) *scene.Material {
	m := &scene.Material{Name: "back-panel", Roughness: float32(uniform(r, 0.4, 0.8))}
	switch u := r.Float64(); {
	case u < 0.3:
		m.BaseColor, m.Roughness = fixture.BaseColor, fixture.Roughness
	case u < 0.75:
		m.BaseColor = generator.HSV(uniform(r, 0, 360), uniform(r, 0, 0.05), uniform(r, 0.7, 0.95))
	default:
		m.BaseColor = generator.HSV(uniform(r, 0, 360), uniform(r, 0.3, 0.7), uniform(r, 0.3, 0.75))
	}
	return m
}

// uvScale is a UV transform that tiles a texture sx × sy times.
func uvScale(sx, sy float64) mgl32.Mat3 {
	return mgl32.Mat3{float32(sx), 0, 0, 0, float32(sy), 0, 0, 0, 1}
}

// fixtures appends the context objects of bay b, and returns the object
// index of each board's shelf-edge strip.
func (gen *Generator) fixtures(objs []scene.Object, g *gondola, b *bay) ([]scene.Object, []int) {
	strips := make([]int, len(b.boards))
	box := func(name string, m *scene.Material, x0, y0, z0, x1, y1, z1 float64) {
		objs = append(objs, scene.Object{Name: name, Mesh: gen.box, Material: m,
			Transform: mgl64.Translate3D((x0+x1)/2, (y0+y1)/2, (z0+z1)/2).Mul4(mgl64.Scale3D(x1-x0, y1-y0, z1-z0))})
	}
	in0, in1 := b.x0+uprightW/2, b.x1-uprightW/2
	panel := g.panel
	if b.peg != nil {
		panel = &scene.Material{}
		*panel = *g.perforated
		panel.UVTransform = uvScale((in1-in0)/holePitch, (g.height-g.baseY)/holePitch)
	}
	box("back-panel", panel, in0, g.baseY, -panelThick, in1, g.height, 0)
	box("plinth", g.plinth, in0, 0, -panelThick, in1, g.baseY-0.01, g.baseDepth-plinthInset)
	for j, bd := range b.boards {
		if bd.base {
			box("base-deck", g.board, in0, g.baseY-0.01, 0, in1, g.baseY, bd.front)
		} else {
			box("board", g.board, in0, bd.y-boardThick, 0, in1, bd.y, bd.front)
		}
		strips[j] = len(objs)
		box("shelf-strip", g.strip, in0, bd.y-stripH, bd.front, in1, bd.y, bd.front+stripT)
	}
	if b.peg != nil {
		objs = gen.pegFixtures(objs, g, b)
	}
	return objs, strips
}

// runFixtures appends what the run shares: uprights at every bay edge,
// end panels at both ends, the gondola's top cap and the floor.
func (gen *Generator) runFixtures(objs []scene.Object, g *gondola, bays []bay, camX float64) []scene.Object {
	box := func(name string, m *scene.Material, x0, y0, z0, x1, y1, z1 float64) {
		objs = append(objs, scene.Object{Name: name, Mesh: gen.box, Material: m,
			Transform: mgl64.Translate3D((x0+x1)/2, (y0+y1)/2, (z0+z1)/2).Mul4(mgl64.Scale3D(x1-x0, y1-y0, z1-z0))})
	}
	if len(bays) == 0 {
		return objs
	}
	for i, b := range bays {
		if i == 0 {
			box("upright", g.upright, b.x0-uprightW/2, 0, -panelThick, b.x0+uprightW/2, g.height, uprightD-panelThick)
		}
		box("upright", g.upright, b.x1-uprightW/2, 0, -panelThick, b.x1+uprightW/2, g.height, uprightD-panelThick)
	}
	x0, x1 := bays[0].x0-uprightW/2, bays[len(bays)-1].x1+uprightW/2
	box("end-panel", g.panel, x0-0.02, 0, -panelThick, x0, g.height, g.baseDepth)
	box("end-panel", g.panel, x1, 0, -panelThick, x1+0.02, g.height, g.baseDepth)
	box("top-cap", g.upright, x0, g.height, -panelThick-0.02, x1, g.height+0.03, 0.06)
	objs = append(objs, scene.Object{Name: "floor", Mesh: gen.plane, Material: g.floor,
		Transform: mgl64.Translate3D(camX, 0, 0).Mul4(mgl64.Scale3D(floorSide, 1, floorSide))})
	return objs
}

// uniform draws from [lo, hi].
func uniform(r *rand.Rand, lo, hi float64) float64 {
	return generator.Range{Min: lo, Max: hi}.Draw(r)
}
