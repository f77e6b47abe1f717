package report

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/dataset"
	_ "github.com/synthkit/synthkit/examples/shelves" // registers "shelves"
	"github.com/synthkit/synthkit/retail"
	"github.com/synthkit/synthkit/store"
)

// TestRetailAdd feeds two hand-made samples whose figures are known.
func TestRetailAdd(t *testing.T) {
	a := func(kv ...string) []dataset.Attr { // sorted by key, as rows are
		var out []dataset.Attr
		for i := 0; i < len(kv); i += 2 {
			out = append(out, dataset.Attr{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	prod := func(sku, kind string, area int64, vis float64, extra ...string) dataset.Object {
		kv := append([]string{"kind", kind}, extra...)
		kv = append(kv, "sku", sku)
		return dataset.Object{Category: sku, Area: area, VisibleFraction: vis, Attributes: a(kv...)}
	}
	s1 := &dataset.Sample{
		Objects: []dataset.Object{
			prod("cola", "can", 500, 1, "misplaced", "false", "null_set", "false", "pose", "upright"),
			prod("cola", "can", 2000, 0.5, "misplaced", "true", "null_set", "false", "pose", "fallen"),
			prod("fake", "can", 10000, 0.8, "misplaced", "false", "null_set", "true", "pose", "turned"),
			prod("soda", "bottle", 0, 0),                      // hidden: in occlusion, not a visible product
			{Category: "table", Area: 50, VisibleFraction: 1}, // no sku: not a product
		},
		Annotations: []dataset.Annotation{
			{Category: retail.EmptyFacing, Area: 10, Attributes: a("kind", retail.EmptyFull)},
			{Category: retail.EmptyFacing, Area: 10, Attributes: a("kind", retail.EmptyPartly)},
			{Category: retail.EmptyFacing, Area: 0, Attributes: a("kind", retail.EmptyFull)}, // out of view
			{Category: retail.Facing, Area: 10, Attributes: a("facings", "2")},
			{Category: retail.Facing, Area: 10, Attributes: a("facings", "3")},
			{Category: retail.PriceTag, Area: 4},
		},
		KPIs: &retail.KPI{Availability: 0.5, Compliance: 0.25, Brands: []retail.BrandShare{{Brand: "A", WidthM: 0.25, Pixels: 100}, {Brand: "B", WidthM: 0.25, Pixels: 50}}},
	}
	s2 := &dataset.Sample{
		Objects:     []dataset.Object{prod("soda", "bottle", 9216, 1, "null_set", "false")},
		Annotations: []dataset.Annotation{{Category: retail.Facing, Area: 1, Attributes: a("facings", "2")}},
		KPIs:        &retail.KPI{Availability: 1, Compliance: 1, Brands: []retail.BrandShare{{Brand: "B", WidthM: 0.5, Pixels: 70}}},
	}
	r := NewRetail()
	r.Add(s1)
	r.Add(s2)
	r.Add(&dataset.Sample{}) // no retail columns: counts nothing
	r.Finish()
	vis := []float64{1, 0.5, 0.8}
	canMean := (vis[0] + vis[1] + vis[2]) / 3 // summed in order, as Add does
	want := &Retail{
		Annotations: map[string]int{retail.EmptyFacing: 2, retail.Facing: 3, retail.PriceTag: 1},
		EmptyFull:   1, EmptyPartly: 1,
		Products: 4, NullSet: 1, NullShare: 0.25, Misplaced: 1, Fallen: 1, Turned: 1,
		SKUs: 3, SKUFrequency: []int{2, 1, 1},
		GroupFacings: []int{0, 0, 2, 1},
		KPISamples:   2, Availability: []float64{0.5, 1}, Compliance: []float64{0.25, 1},
		BrandWidth:  map[string]float64{"A": 0.25, "B": 0.75},
		BrandPixels: map[string]int{"A": 100, "B": 120},
		Occlusion: []Occlusion{
			{Class: "can", Objects: 3, Hidden: 0, MeanVisible: canMean, Partly: 2},
			{Class: "bottle", Objects: 2, Hidden: 1, MeanVisible: 0.5, Partly: 0},
			{Class: "table", Objects: 1, MeanVisible: 1},
		},
		Sizes: Sizes{Small: 2, Medium: 1, Large: 2}, // 500, 50 | 2000 | 10000, 9216
	}
	r.sku, r.occl = nil, nil
	if !reflect.DeepEqual(r, want) {
		t.Errorf("Retail\n got %+v\nwant %+v", r, want)
	}
	brands, share := want.TopBrands(1)
	if !reflect.DeepEqual(brands, []string{"B"}) || share[0] != 0.75 {
		t.Errorf("TopBrands(1) = %v %v, want [B] [0.75]", brands, share)
	}
	if g := RangeOf([]float64{0.9, 0.2, 0.5}); g != (Range{Min: 0.2, Median: 0.5, Max: 0.9, N: 3}) {
		t.Errorf("RangeOf = %+v", g)
	}
}

// TestReportShelves writes the report of two shelves samples with the
// retail columns and checks the retail section against figures computed
// another way: the empty facings counted from the annotations equal the
// sums of the kpis column's own counts, and every product is one of the
// SKU frequencies.
func TestReportShelves(t *testing.T) {
	if testing.Short() {
		t.Skip("renders two shelf images")
	}
	src := generate(t, "generator: shelves\nseed: 5\nsamples: 2\nwidth: 320\nheight: 240\n"+
		"params: {gap_prob: 0.3, depleted_prob: 0.3, null_share: 0.2}\ncolumns: [image, depth, instances, objects, annotations, kpis]\n")
	dir := filepath.Join(t.TempDir(), "report")
	st, err := Write(context.Background(), src, dir, Options{Samples: -1})
	if err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(filepath.Join(dir, IndexFile))
	for _, f := range retailFigures {
		if _, err := os.Stat(filepath.Join(dir, f.file)); err != nil || !strings.Contains(string(html), `src="`+f.file+`"`) {
			t.Errorf("retail figure %s: %v, linked %v", f.file, err, strings.Contains(string(html), f.file))
		}
	}
	for _, s := range []string{"<h2>Retail</h2>", "availability per image", "null-set products", "COCO box sizes"} {
		if !strings.Contains(string(html), s) {
			t.Errorf("index.html lacks %q", s)
		}
	}
	r := st.Retail
	r2, err := store.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	full, partly := 0, 0
	for s, err := range r2.All() {
		if err != nil {
			t.Fatal(err)
		}
		full += s.KPIs.EmptyFull
		partly += s.KPIs.EmptyPartly
	}
	if r.EmptyFull != full || r.EmptyPartly != partly || full+partly == 0 || r.Annotations[retail.EmptyFacing] != full+partly {
		t.Errorf("empty facings: report %d + %d (annotations %d), kpis %d + %d", r.EmptyFull, r.EmptyPartly, r.Annotations[retail.EmptyFacing], full, partly)
	}
	sum := 0
	for _, n := range r.SKUFrequency {
		sum += n
	}
	if sum != r.Products || r.NullSet == 0 || r.KPISamples != 2 || r.Sizes.Small+r.Sizes.Medium+r.Sizes.Large != st.Visible {
		t.Errorf("retail stats do not add up: %+v (visible %d)", r, st.Visible)
	}
	var back Stats
	b, _ := os.ReadFile(filepath.Join(dir, StatsFile))
	if err := json.Unmarshal(b, &back); err != nil || back.Retail == nil || back.Retail.Products != r.Products {
		t.Errorf("stats.json retail: %v %+v", err, back.Retail)
	}
}
