package product

import (
	"reflect"
	"slices"
	"testing"
)

func TestPlan(t *testing.T) {
	specs, err := Plan(1, 50, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(specs) != 50 {
		t.Fatalf("%d specs, want 50", len(specs))
	}
	ids, codes, kinds := map[string]bool{}, map[string]bool{}, map[Kind]bool{}
	brands := map[string]Brand{}
	products := map[string]bool{}
	for i, s := range specs {
		if ids[s.ID] {
			t.Errorf("spec %d: duplicate id %s", i, s.ID)
		}
		ids[s.ID] = true
		code, err := barcodeFor(s)
		if err != nil || codes[code] {
			t.Errorf("spec %d: barcode %s: %v (or duplicate)", i, code, err)
		}
		codes[code] = true
		kinds[s.Kind] = true
		if b, ok := brands[s.Brand.Name]; ok && !reflect.DeepEqual(b, s.Brand) {
			t.Errorf("brand %q differs between its SKUs", s.Brand.Name)
		}
		brands[s.Brand.Name] = s.Brand
		// The brand's sector makes this variant.
		sec, _ := sectorByName(s.Brand.Sector)
		if !slices.Contains(sec.variants, vref{s.Kind, s.Variant}) {
			t.Errorf("spec %d: brand %s (%s) makes %s/%s", i, s.Brand.Name, s.Brand.Sector, s.Kind, s.Variant)
		}
		key := s.Brand.Name + "|" + s.Variant + "|" + s.Flavour + "|" + s.Size
		if products[key] {
			t.Errorf("spec %d: product %s repeats", i, key)
		}
		products[key] = true
	}
	if len(kinds) != len(Kinds()) {
		t.Errorf("50 SKUs cover kinds %v, want all %d", kinds, len(Kinds()))
	}
	if len(brands) < 5 || len(brands) > 20 {
		t.Errorf("%d brands for 50 SKUs", len(brands))
	}
	again, err := Plan(1, 50, Options{})
	if err != nil || !reflect.DeepEqual(specs, again) {
		t.Fatalf("the same seed planned differently (%v)", err)
	}
	other, _ := Plan(2, 50, Options{})
	if reflect.DeepEqual(specs, other) {
		t.Fatal("seeds 1 and 2 planned the same catalogue")
	}
}

func TestPlanKindsAndBrands(t *testing.T) {
	specs, err := Plan(9, 30, Options{Kinds: []Kind{Can, Jar}, Brands: 3})
	if err != nil {
		t.Fatal(err)
	}
	brands := map[string]bool{}
	for _, s := range specs {
		if s.Kind != Can && s.Kind != Jar {
			t.Errorf("%s: kind %s not requested", s.ID, s.Kind)
		}
		brands[s.Brand.Name] = true
	}
	if len(brands) != 3 {
		t.Errorf("%d brands, want 3", len(brands))
	}
}

func TestPlanErrors(t *testing.T) {
	for _, tc := range []struct {
		n    int
		opts Options
	}{
		{-1, Options{}},
		{MaxSKUs + 1, Options{}},
		{5, Options{Kinds: []Kind{"barrel"}}},
		{5, Options{Brands: -2}},
	} {
		if _, err := Plan(1, tc.n, tc.opts); err == nil {
			t.Errorf("Plan(n=%d, %+v): no error", tc.n, tc.opts)
		}
	}
	if specs, err := Plan(1, 0, Options{}); err != nil || len(specs) != 0 {
		t.Errorf("Plan(0) = %v, %v", specs, err)
	}
}

func TestGenerate(t *testing.T) {
	skus, err := Generate(5, 14, Options{Resolution: 32, Segments: 32})
	if err != nil {
		t.Fatal(err)
	}
	if len(skus) != 14 {
		t.Fatalf("%d SKUs", len(skus))
	}
	for i := range skus {
		t.Run(skus[i].ID, func(t *testing.T) { checkSKU(t, &skus[i]) })
	}
}

// TestGenerateMatchesNew: the catalogue Generate builds in parallel is
// product for product the one New builds from Plan's specs in order.
func TestGenerateMatchesNew(t *testing.T) {
	opts := Options{Resolution: 32, Segments: 16}
	skus, err := Generate(11, 9, opts)
	if err != nil {
		t.Fatal(err)
	}
	specs, err := Plan(11, 9, opts)
	if err != nil {
		t.Fatal(err)
	}
	for i, sp := range specs {
		want, err := New(sp, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(&skus[i], want) {
			t.Errorf("sku %d (%s): Generate's product differs from New's", i, want.ID)
		}
	}
}

// BenchmarkGenerate builds a 24-product catalogue at the default
// resolution (what the shelves generator does at start-up).
func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		if _, err := Generate(1, 24, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNew measures building one product with its textures at the
// default resolution, cycling through the kinds.
func BenchmarkNew(b *testing.B) {
	kinds := Kinds()
	for i := 0; b.Loop(); i++ {
		if _, err := New(Spec{Kind: kinds[i%len(kinds)], Seed: uint64(i)}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
