package shelves

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/scene"
)

func TestSamplesValidate(t *testing.T) {
	g := shared(t)
	cats := generator.CategoriesOf(g, info)
	if len(cats) != DefaultParams().ProceduralSKUs {
		t.Fatalf("%d categories, want one per SKU (%d)", len(cats), DefaultParams().ProceduralSKUs)
	}
	for i := range int64(12) {
		s := sample(t, g, 3, i, 640, 480)
		if err := s.Validate(); err != nil {
			t.Fatalf("sample %d: %v", i, err)
		}
		objs, context := products(s)
		if len(objs) == 0 || len(context) == 0 {
			t.Fatalf("sample %d: %d products, %d context objects", i, len(objs), len(context))
		}
		if !reflect.DeepEqual(s.Objects[:len(objs)], objs) {
			t.Errorf("sample %d: labelled products do not come first", i)
		}
		for _, o := range objs {
			if !slices.Contains(cats, o.Category) {
				t.Fatalf("sample %d: %q has category %q, not a declared one", i, o.Name, o.Category)
			}
			for _, k := range []string{"sku", "kind", "brand", "category", "pose"} {
				if o.Meta[k] == "" {
					t.Fatalf("sample %d: %q has no meta %q: %v", i, o.Name, k, o.Meta)
				}
			}
			if o.Meta["sku"] != o.Category {
				t.Fatalf("sample %d: meta sku %q, category %q", i, o.Meta["sku"], o.Category)
			}
		}
		if s.Camera.Width != 640 || s.Camera.Height != 480 || len(s.Lights) < 3 {
			t.Errorf("sample %d: camera %dx%d, %d lights", i, s.Camera.Width, s.Camera.Height, len(s.Lights))
		}
	}
}

func TestDeterministic(t *testing.T) {
	g := small(t, "")
	a, b := sample(t, g, 1, 3, 320, 240), sample(t, g, 1, 3, 320, 240)
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed and index gave different scenes")
	}
	// A second instance must agree: nothing may depend on its history.
	if c := sample(t, small(t, ""), 1, 3, 320, 240); !reflect.DeepEqual(a, c) {
		t.Error("two generator instances gave different scenes")
	}
	for _, other := range []*scene.Scene{sample(t, g, 1, 4, 320, 240), sample(t, g, 2, 3, 320, 240)} {
		if reflect.DeepEqual(a, other) {
			t.Error("a different index or seed gave the same scene")
		}
	}
}

func TestCategoryLevels(t *testing.T) {
	tests := []struct {
		level      string
		meta       string // the meta key that equals the category
		wantSorted bool
	}{
		{LevelSKU, "sku", false},
		{LevelKind, "kind", true},
		{LevelBrand, "brand", true},
	}
	for _, tt := range tests {
		t.Run(tt.level, func(t *testing.T) {
			g := small(t, `{"category_level": "`+tt.level+`"}`)
			cats := generator.CategoriesOf(g, info)
			if len(cats) == 0 || len(slices.Compact(slices.Sorted(slices.Values(cats)))) != len(cats) {
				t.Fatalf("categories %v are empty or repeat", cats)
			}
			if tt.wantSorted && !slices.IsSorted(cats) {
				t.Errorf("categories %v are not sorted", cats)
			}
			seen := make(map[string]bool)
			for i := range int64(4) {
				objs, _ := products(sample(t, g, 5, i, 320, 240))
				for _, o := range objs {
					if !slices.Contains(cats, o.Category) || o.Meta[tt.meta] != o.Category {
						t.Fatalf("object %q: category %q, meta %v; categories %v", o.Name, o.Category, o.Meta, cats)
					}
					seen[o.Category] = true
				}
			}
			if len(seen) < 2 {
				t.Errorf("only %d categories appear in 4 samples", len(seen))
			}
		})
	}
}

func TestParamErrors(t *testing.T) {
	tests := []struct {
		params string
		want   string // substring of the error
	}{
		{`{"procedural_skus": 0}`, "procedural_skus 0: want 1..10000"},
		{`{"procedural_skus": 2000000}`, "procedural_skus 2000000"}, {`{"sku_pool": 8}`, "sku_pool 8"}, {`{"sku_pool_samples": 0}`, "sku_pool_samples 0"}, {`{"sku_sweep": 9}`, "sku_sweep 9"}, {`{"sku_sweep": -1}`, "sku_sweep -1"},
		{`{"category_level": "shelf"}`, `category_level "shelf" is not one of sku, kind, brand`},
		{`{"texture_px": 8}`, "texture_px 8: want 32..2048"},
		{`{"bay_width": {"min": 1.5, "max": 1}}`, "bay_width: range [1.5, 1]: min exceeds max"},
		{`{"bay_height": {"max": 9}}`, "bay_height [1.6, 9] leaves [0.8, 3] m"},
		{`{"boards": {"min": 0}}`, "boards [0, 7] leaves [1, 10]"},
		{`{"facings": {"min": 4, "max": 2}}`, "facings: range [4, 2]: min exceeds max"},
		{`{"gap_prob": 1.5}`, "gap_prob 1.5: want a probability in 0..1"},
		{`{"fallen_prob": -0.1}`, "fallen_prob -0.1"},
		{`{"overhang": 0.9}`, "overhang 0.9: want 0..0.45"},
		{`{"camera_distance": {"min": 0.1}}`, "camera_distance [0.1, 3] leaves [0.3, 10] m"},
		{`{"fov_deg": {"max": 170}}`, "fov_deg [50, 170] leaves [10, 120]"},
		{`{"catalogue": "../skus"}`, `catalogue "../skus": want a slash-separated path inside the job's assets`},
		{`{"catalogue": "/abs/skus"}`, `catalogue "/abs/skus"`},
		{`{"max_side_bays": 20}`, "max_side_bays 20: want 0..8"},
		{`{"facings": 3}`, `param "facings": want object, got number`},
		{`{"shelves": 3}`, `param "shelves": unknown param`},
		{`{"null_share": 1}`, "null_share 1: want a fraction in [0, 1)"},
		{`{"null_share": -0.2}`, "null_share -0.2: want a fraction in [0, 1)"},
		{`{"null_catalogue": "nulls"}`, `null_catalogue "nulls" needs a catalogue of target SKUs`},
		{`{"catalogue": "skus", "null_catalogue": "../nulls"}`, `null_catalogue: catalogue "../nulls"`},
	}
	for _, tt := range tests {
		_, _, err := generator.New("shelves", json.RawMessage(tt.params))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(shelves, %s) error = %v, want it to contain %q", tt.params, err, tt.want)
		}
	}
	if _, err := New(Params{}); err == nil {
		t.Error("New accepted zero params without the registry")
	}
}

func TestSampleBadContext(t *testing.T) {
	g := shared(t)
	tests := []*generator.Context{
		nil,
		{Width: 10, Height: 10},
		generator.NewContext(1, 0, 0, 240, nil),
		generator.NewContext(1, 0, 320, -1, nil),
	}
	for _, c := range tests {
		if _, err := g.Sample(c); err == nil {
			t.Errorf("Sample(%+v) succeeded", c)
		}
	}
}

func TestParamsDocumented(t *testing.T) {
	e, ok := generator.Lookup("shelves")
	if !ok {
		t.Fatal("shelves is not registered")
	}
	for _, p := range e.Params {
		if p.Doc == "" {
			t.Errorf("param %q has no doc tag", p.Name)
		}
	}
	var d Params
	if err := json.Unmarshal(e.Params[0].Default, &d.ProceduralSKUs); err != nil || d.ProceduralSKUs != 120 {
		t.Errorf("procedural_skus default %s, want 120", e.Params[0].Default)
	}
}

func TestMeshesShared(t *testing.T) {
	g := shared(t)
	models := make(map[*scene.Mesh]bool)
	for _, s := range g.lib.skus {
		models[s.model.mesh] = true
	}
	fixtures := map[*scene.Mesh]bool{g.box: true, g.quad: true, g.plane: true}
	for i := range int64(4) {
		for _, o := range sample(t, g, 9, i, 320, 240).Objects {
			if o.Category != "" && !models[o.Mesh] || o.Category == "" && !fixtures[o.Mesh] {
				t.Fatalf("sample %d: object %q has a mesh built per sample", i, o.Name)
			}
		}
	}
}

// TestSpecFile checks that examples/specs/shelves.yaml is a valid job
// whose params document exactly the defaults.
func TestSpecFile(t *testing.T) {
	spec, err := job.LoadSpec("../specs/shelves.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if spec.Generator != "shelves" {
		t.Fatalf("generator %q", spec.Generator)
	}
	var p Params
	dec := json.NewDecoder(bytes.NewReader(spec.Params))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatal(err)
	}
	if d := DefaultParams(); !reflect.DeepEqual(p, d) {
		t.Errorf("the spec's params\n%+v\ndiffer from the defaults\n%+v", p, d)
	}
}

// TestClearPackaging checks the clear_packaging param: with it, the
// procedural PET bottles and blister bubbles on a shelf blend (their
// merged materials are AlphaBlend); without it (the default) nothing
// blends.
func TestClearPackaging(t *testing.T) {
	for _, clear := range []bool{false, true} {
		g := small(t, fmt.Sprintf(`{"clear_packaging": %v, "procedural_skus": 120}`, clear))
		blended := 0
		for i := int64(0); i < 6 && (blended == 0 || !clear); i++ {
			s := sample(t, g, 3, i, 160, 120)
			objs, _ := products(s)
			for _, o := range objs {
				if o.Material.AlphaMode == scene.AlphaBlend {
					blended++
				}
			}
		}
		if clear && blended == 0 {
			t.Error("clear_packaging: true: no product on six shelves blends")
		}
		if !clear && blended != 0 {
			t.Errorf("clear_packaging: false: %d products blend", blended)
		}
	}
}
