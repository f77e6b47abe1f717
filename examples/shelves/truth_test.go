package shelves

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/labels"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/retail"
	"github.com/synthkit/synthkit/scene"
)

// shelfCase is a constructed board: blocks of facings laid out by the
// generator's own layout on one board at a known place, seen by a camera
// straight in front of it.
type shelfCase struct {
	g      *Generator
	st     *stocker
	s      *scene.Scene
	f      *render.Frame
	inst   []labels.Instance
	anns   []labels.AnnotationLabel
	bd     board
	skus   []*sku
	camPos mgl64.Vec3
}

// frontCamera looks along −z from pos, square pixels, focal length f px.
func frontCamera(pos mgl64.Vec3, w, h int, f float64) scene.Camera {
	return scene.Camera{Fx: f, Fy: f, Cx: float64(w) / 2, Cy: float64(h) / 2, Width: w, Height: h, Near: 0.01, Far: 100,
		Pose: mgl64.Mat4{1, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 0, -pos[0], pos[1], pos[2], 1}}
}

// distinctSKUs returns n SKUs of different brands no taller than h.
func distinctSKUs(t *testing.T, lib *library, n int, h float64) []*sku {
	t.Helper()
	var out []*sku
	brands := map[string]bool{}
	for _, s := range lib.skus {
		if s.dims[1] <= h && s.dims[0] <= 0.12 && s.dims[2] <= 0.15 && !brands[s.brand] && !s.hangable {
			brands[s.brand] = true
			out = append(out, s)
			if len(out) == n {
				return out
			}
		}
	}
	t.Fatalf("only %d SKUs of distinct brands under %g m", len(out), h)
	return nil
}

// buildShelf lays out blocks (SKU index into skus, facings, gap, stray)
// on one board with params, renders it with the camera centred on slot
// look and extracts every label.
func buildShelf(t *testing.T, params string, blocks []struct {
	sku, facings int
	gap, stray   bool
}, look int) *shelfCase {
	t.Helper()
	g := small(t, params)
	r := rand.New(rand.NewPCG(7, 11))
	gon := newGondola(r, &g.p, g.tex)
	c := &shelfCase{g: g, skus: distinctSKUs(t, g.lib, 4, 0.3)}
	c.bd = board{x0: 0, x1: 0.9, y: 0.9, clear: 0.35, front: 0.4}
	c.st = &stocker{gen: g, r: r, g: gon, lib: g.lib}
	var bl []block
	width := 0.0
	for _, b := range blocks {
		s := c.skus[b.sku]
		m, err := g.lib.get(s)
		if err != nil {
			t.Fatal(err)
		}
		bl = append(bl, block{s: s, m: m, facings: b.facings, rows: 1, gap: b.gap, misplaced: b.stray})
		width += float64(b.facings) * (m.dims[0] + gon.facingGap)
	}
	c.st.layoutBlocks(c.bd, bl, width)
	sp := c.st.plan[0].slots[look]
	h := math.Min(sp.m.dims[1], c.bd.clear)
	c.camPos = mgl64.Vec3{(sp.x0 + sp.x1) / 2, c.bd.y + h/2, 1.6}
	cam := frontCamera(c.camPos, 320, 240, 300)
	bays := []bay{{x0: c.bd.x0 - uprightW/2, x1: c.bd.x1 + uprightW/2, boards: []board{c.bd}, group: c.skus[0].group}}
	c.s = &scene.Scene{Camera: cam, Lights: g.lights(r, gon, cam), Background: background(r)}
	g.assemble(c.s, c.st, gon, bays, frustum{cam: cam})
	if err := c.s.Validate(); err != nil {
		t.Fatal(err)
	}
	c.f = renderFrame(t, c.s, 1)
	var err error
	if c.inst, err = labels.Extract(c.s, c.f); err != nil {
		t.Fatal(err)
	}
	if c.anns, err = labels.ExtractAnnotations(c.s, c.f); err != nil {
		t.Fatal(err)
	}
	return c
}

// of returns the annotation labels of a category.
func (c *shelfCase) of(cat string) []labels.AnnotationLabel {
	var out []labels.AnnotationLabel
	for _, a := range c.anns {
		if a.Category == cat {
			out = append(out, a)
		}
	}
	return out
}

// frontFacePixels counts, independently of labels, the pixels whose
// centre lies inside the projection of the front face x0..x1 × y0..y1 at
// world z of a camera built by frontCamera at pos, and their box.
func frontFacePixels(cam scene.Camera, pos mgl64.Vec3, x0, x1, y0, y1, z float64) (int, labels.Box) {
	d := pos[2] - z
	u0, u1 := cam.Fx*(x0-pos[0])/d+cam.Cx, cam.Fx*(x1-pos[0])/d+cam.Cx
	v0, v1 := cam.Fy*(pos[1]-y1)/d+cam.Cy, cam.Fy*(pos[1]-y0)/d+cam.Cy
	px0, px1 := int(math.Ceil(u0-0.5)), int(math.Floor(u1-0.5))
	py0, py1 := int(math.Ceil(v0-0.5)), int(math.Floor(v1-0.5))
	return (px1 - px0 + 1) * (py1 - py0 + 1), labels.Box{X: float64(px0), Y: float64(py0), W: float64(px1 - px0 + 1), H: float64(py1 - py0 + 1)}
}

const frontedParams = `{"procedural_skus": 24, "depleted_prob": 0, "fallen_prob": 0, "turned_prob": 0, "fronted_prob": 1, "overhang": 0, "yaw_jitter_deg": 0, "gap_prob": 0, "misplaced_prob": 0}`

// TestShelfTruth: a board of A A | B (out of stock) | C (a stray) | D,
// seen from straight in front of B's slot.
func TestShelfTruth(t *testing.T) {
	c := buildShelf(t, frontedParams, []struct {
		sku, facings int
		gap, stray   bool
	}{{0, 2, false, false}, {1, 1, true, false}, {2, 1, false, true}, {3, 1, false, false}}, 2)
	A, B, C, D := c.skus[0], c.skus[1], c.skus[2], c.skus[3]
	plan := c.st.plan[0]

	t.Run("empty facing", func(t *testing.T) {
		em := c.of(retail.EmptyFacing)
		if len(em) != 1 {
			t.Fatalf("%d empty facings, want 1: %+v", len(em), em)
		}
		e := em[0]
		sp := plan.slots[2]
		want, box := frontFacePixels(c.s.Camera, c.camPos, sp.x0, sp.x1, c.bd.y, c.bd.y+math.Min(B.dims[1], c.bd.clear), c.bd.front)
		if e.Attrs[retail.AttrKind] != retail.EmptyFull || e.Attrs[retail.AttrSKU] != B.id || e.Attrs[retail.AttrFacing] != "2" {
			t.Errorf("attrs %v", e.Attrs)
		}
		if e.Area != want || e.AmodalArea != want || e.Box != box || e.RLE.Area() != want {
			t.Errorf("area %d amodal %d box %v rle %d, want %d pixels in %v", e.Area, e.AmodalArea, e.Box, e.RLE.Area(), want, box)
		}
	})

	t.Run("planogram", func(t *testing.T) {
		pg, err := retail.Planogram(c.anns)
		if err != nil {
			t.Fatal(err)
		}
		if len(pg) != 1 {
			t.Fatalf("%d boards, want 1", len(pg))
		}
		wantInt := []retail.Run{{SKU: A.id, Facings: 2}, {SKU: B.id, Facings: 2}, {SKU: D.id, Facings: 1}}
		if got := pg[0].Intended; len(got) != len(wantInt) || got[0] != wantInt[0] || got[1] != wantInt[1] || got[2] != wantInt[2] {
			t.Errorf("intended %+v, want %+v", got, wantInt)
		}
		want := []struct{ actual, state string }{{A.id, retail.StateFilled}, {A.id, retail.StateFilled}, {"", retail.StateEmpty}, {C.id, retail.StateMisplaced}, {D.id, retail.StateFilled}}
		if len(pg[0].Realised) != len(want) {
			t.Fatalf("%d slots, want %d", len(pg[0].Realised), len(want))
		}
		for i, w := range want {
			if s := pg[0].Realised[i]; s.Facing != i || s.Actual != w.actual || s.State != w.state {
				t.Errorf("slot %d: %+v, want %v", i, s, w)
			}
		}
		// The stray stands where its slot is.
		for i, o := range c.s.Objects {
			if o.Name == C.id {
				x := o.Transform[12]
				if sp := plan.slots[3]; x < sp.x0 || x > sp.x1 || o.Meta[retail.AttrFacing] != "3" || o.Meta["misplaced"] != "true" {
					t.Errorf("stray object %d at x %g meta %v, slot 3 is [%g, %g]", i, x, o.Meta, sp.x0, sp.x1)
				}
			}
		}
	})

	t.Run("kpis", func(t *testing.T) {
		k, err := retail.KPIs(c.inst, c.anns)
		if err != nil {
			t.Fatal(err)
		}
		// Hand count: 5 slots, 4 filled (A A C D), 3 as planned (A A D).
		if k.Slots != 5 || k.Filled != 4 || k.Compliant != 3 || k.Availability != 4.0/5 || k.Compliance != 3.0/5 || k.EmptyFull != 1 || k.EmptyPartly != 0 {
			t.Errorf("kpis %+v", k)
		}
		w := func(i int) float64 {
			v, _ := strconv.ParseFloat(strconv.FormatFloat(plan.slots[i].x1-plan.slots[i].x0, 'f', 4, 64), 64)
			return v
		}
		total := w(0) + w(1) + w(3) + w(4)
		wantW := map[string]float64{A.brand: w(0) + w(1), C.brand: w(3), D.brand: w(4)}
		px := map[string]int{}
		totalPx := 0
		for _, in := range c.inst {
			if b, ok := in.Meta["brand"]; ok {
				px[b] += in.Area
				totalPx += in.Area
			}
		}
		if len(k.Brands) != 3 {
			t.Fatalf("brands %+v", k.Brands)
		}
		for _, b := range k.Brands {
			if math.Abs(b.WidthM-wantW[b.Brand]) > 1e-12 || math.Abs(b.WidthShare-wantW[b.Brand]/total) > 1e-12 || b.Pixels != px[b.Brand] || b.PixelShare != float64(px[b.Brand])/float64(totalPx) {
				t.Errorf("brand %+v, want width %g of %g, %d of %d px", b, wantW[b.Brand], total, px[b.Brand], totalPx)
			}
		}
	})

	t.Run("price tags", func(t *testing.T) {
		tags := c.of(retail.PriceTag)
		if len(tags) != 3 { // A, B (out of stock keeps its tag), D; a stray has none
			t.Fatalf("%d tags, want 3", len(tags))
		}
		for i, want := range []*sku{A, B, D} {
			if tags[i].Attrs[retail.AttrSKU] != want.id || tags[i].Area == 0 {
				t.Errorf("tag %d: %+v, want sku %s", i, tags[i].Attrs, want.id)
			}
		}
		for _, tp := range c.st.tags {
			checkTagText(t, c.g.tex, tp.mat, tp.price)
		}
	})

	t.Run("facings and rows", func(t *testing.T) {
		fs := c.of(retail.Facing)
		if len(fs) != 3 || fs[0].Attrs[retail.AttrSKU] != A.id || fs[0].Attrs[retail.AttrFacings] != "2" || fs[0].Attrs[retail.AttrProducts] != "2" || fs[0].Attrs[retail.AttrDepth] != "1" {
			t.Fatalf("facing groups %+v", fs)
		}
		var area int
		for _, in := range c.inst {
			if in.Name == A.id {
				area += in.Area
			}
		}
		if fs[0].Area != area {
			t.Errorf("group A has %d pixels, its products %d", fs[0].Area, area)
		}
		rows := c.of(retail.ShelfRow)
		if len(rows) != 1 || len(rows[0].Line) != 1 || len(rows[0].Line[0]) != 2 || rows[0].Area == 0 {
			t.Fatalf("rows %+v", rows)
		}
		z := c.bd.front + stripT
		u0, v0 := c.s.Camera.ProjectCamera(c.s.Camera.ToCamera(mgl64.Vec3{c.bd.x0, c.bd.y, z}))
		u1, v1 := c.s.Camera.ProjectCamera(c.s.Camera.ToCamera(mgl64.Vec3{c.bd.x1, c.bd.y, z}))
		if p := rows[0].Line[0]; p[0] != (labels.Point{X: u0, Y: v0}) || p[1] != (labels.Point{X: u1, Y: v1}) {
			t.Errorf("row line %v, want (%g,%g)-(%g,%g)", p, u0, v0, u1, v1)
		}
	})
}

// TestPartlySold: one facing pushed back to the panel leaves a partly
// sold region in front of it of exactly the front face's pixels.
func TestPartlySold(t *testing.T) {
	c := buildShelf(t, `{"procedural_skus": 24, "depleted_prob": 0, "fallen_prob": 0, "turned_prob": 0, "fronted_prob": 0, "yaw_jitter_deg": 0}`,
		[]struct {
			sku, facings int
			gap, stray   bool
		}{{0, 1, false, false}}, 0)
	em := c.of(retail.EmptyFacing)
	if len(em) != 1 || em[0].Attrs[retail.AttrKind] != retail.EmptyPartly {
		t.Fatalf("empty facings %+v", em)
	}
	sp := c.st.plan[0].slots[0]
	want, box := frontFacePixels(c.s.Camera, c.camPos, sp.x0, sp.x1, c.bd.y, c.bd.y+math.Min(sp.m.dims[1], c.bd.clear), c.bd.front)
	if em[0].Area != want || em[0].Box != box {
		t.Errorf("partly sold region: %d pixels in %v, want %d in %v", em[0].Area, em[0].Box, want, box)
	}
	k, err := retail.KPIs(c.inst, c.anns)
	if err != nil {
		t.Fatal(err)
	}
	if k.Availability != 1 || k.EmptyPartly != 1 || k.EmptyFull != 0 {
		t.Errorf("kpis %+v", k)
	}
}

// checkTagText checks that the price recorded for a tag's material is
// what its artwork shows: the pixels of the price's area that differ
// from the paper are exactly those the digits of price cover.
func checkTagText(t *testing.T, tex *textures, mat *scene.Material, price string) {
	t.Helper()
	var cell image.Rectangle
	found := false
	for s := range tagStyles {
		for k := range tagsPerStyle {
			if tex.tagMats[s][k] == mat {
				if tex.tagPrice[s][k] != price {
					t.Fatalf("tag %d-%d: recorded %q, tag holds %q", s, k, price, tex.tagPrice[s][k])
				}
				i := s*tagsPerStyle + k
				cell = image.Rect((i%tagCols)*tagW, (i/tagCols)*tagH, (i%tagCols+1)*tagW, (i/tagCols+1)*tagH)
				found = true
			}
		}
	}
	if !found {
		t.Fatalf("tag material %q is not in the atlas", mat.Name)
	}
	dot := 3
	if digitsWidth(price, dot) > tagW-40 {
		dot = 2
	}
	x0, y0 := cell.Max.X-4-digitsWidth(price, dot), cell.Max.Y-4-7*dot
	area := image.Rect(x0-dot, y0-dot, cell.Max.X-1, cell.Max.Y-1)
	mark := image.NewNRGBA(tex.tags.Rect)
	drawDigits(mark, price, x0, y0, dot, tagMarkColour)
	paper := tex.tags.NRGBAAt(area.Min.X, area.Min.Y)
	for y := area.Min.Y; y < area.Max.Y; y++ {
		for x := area.Min.X; x < area.Max.X; x++ {
			ink := tex.tags.NRGBAAt(x, y) != paper
			if drawn := mark.NRGBAAt(x, y) == tagMarkColour; ink != drawn {
				t.Fatalf("tag %q: pixel (%d, %d) ink %v, digits of %q cover it: %v", mat.Name, x, y, ink, price, drawn)
			}
		}
	}
}

// tagMarkColour marks the pixels checkTagText expects to be ink.
var tagMarkColour = color.NRGBA{R: 255, G: 0, B: 255, A: 255}
