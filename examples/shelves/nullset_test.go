package shelves

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/product"
	"github.com/synthkit/synthkit/scene"
)

// TestNullSetProcedural: with null_share 0.5 about half the products are
// look-alikes labelled unknown, each the twin of a target SKU (same brand,
// kind and variant, another id and model), listed last in Categories;
// for an eager catalogue, a lazy one (built when placed, through the
// working-set pool) and with sku_sweep.
func TestNullSetProcedural(t *testing.T) {
	for _, tc := range []struct {
		name, params string
		samples      int64
	}{
		{"eager", `{"procedural_skus": 24, "null_share": 0.5}`, 6},
		{"lazy pool", `{"procedural_skus": 2100, "texture_px": 32, "sku_pool": 64, "sku_pool_samples": 2, "null_share": 0.5}`, 4},
		{"lazy sweep", `{"procedural_skus": 2100, "texture_px": 32, "sku_sweep": 2, "null_share": 0.5}`, 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := small(t, tc.params)
			cats := g.Categories()
			if cats[len(cats)-1] != NullCategory {
				t.Fatalf("categories end with %q, want %q", cats[len(cats)-1], NullCategory)
			}
			targets := map[string]*sku{}
			for _, s := range g.lib.skus {
				targets[s.id] = s
			}
			null, all := 0, 0
			for i := range tc.samples {
				s := sample(t, g, 5, i, 320, 240)
				for _, o := range s.Objects {
					if o.Category == "" {
						continue
					}
					all++
					if o.Meta["null_set"] != "true" {
						if o.Category == NullCategory || o.Meta["null_set"] != "false" {
							t.Errorf("%s: labelled %q with null_set %q", o.Name, o.Category, o.Meta["null_set"])
						}
						continue
					}
					null++
					tw := targets[strings.TrimSuffix(o.Name, "-null")]
					if o.Category != NullCategory || tw == nil || targets[o.Name] != nil || tw.brand != o.Meta["brand"] || tw.kind != o.Meta["kind"] {
						t.Errorf("null product %q (%q, meta %v) is no twin of a target", o.Name, o.Category, o.Meta)
						continue
					}
					if m, err := g.lib.get(tw); err != nil {
						t.Fatal(err)
					} else if m.mesh == o.Mesh {
						t.Errorf("null product %q has its target's model", o.Name)
					}
				}
			}
			if all == 0 {
				t.Fatal("no product placed")
			}
			if share := float64(null) / float64(all); share < 0.25 || share > 0.75 {
				t.Errorf("null share %d/%d = %.2f, want about 0.5", null, all, share)
			}
		})
	}
}

// writeCatalogue writes c to dir/name.
func writeCatalogue(t *testing.T, dir, name string, c *product.Catalogue) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := product.WriteCatalogue(f, c); err != nil {
		t.Fatal(err)
	}
}

// TestNullSetCatalogue: entries flagged null_set are placed as unknown;
// a null catalogue whose ids collide with target SKUs, or a null_share
// with no null set, is a clear error.
func TestNullSetCatalogue(t *testing.T) {
	dir := t.TempDir()
	cat := exportSKUs(t, dir, 12)
	for i := range cat.SKUs {
		cat.SKUs[i].NullSet = i%2 == 1
	}
	writeCatalogue(t, filepath.Join(dir, "skus"), "flagged.json", cat)
	fsys := os.DirFS(dir)

	g := newCatalogueGen(t, `{"catalogue": "skus/flagged.json", "null_share": 0.5, "texture_px": 32}`)
	if err := g.UseAssets(fsys); err != nil {
		t.Fatal(err)
	}
	if n := len(g.lib.skus); n != 6 || len(g.lib.null.lib.skus) != 6 {
		t.Fatalf("%d targets, %d null", n, len(g.lib.null.lib.skus))
	}
	null := 0
	for i := range int64(4) {
		s, err := g.Sample(generator.NewContext(9, i, 320, 240, fsys))
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range s.Objects {
			if o.Meta["null_set"] == "true" {
				null++
				if o.Category != NullCategory {
					t.Errorf("null product %q labelled %q", o.Name, o.Category)
				}
			}
		}
	}
	if null == 0 {
		t.Error("no null-set product placed")
	}

	// Collision: the null catalogue repeats a target id.
	plain := *cat
	plain.SKUs = append([]product.Entry(nil), cat.SKUs...)
	for i := range plain.SKUs {
		plain.SKUs[i].NullSet = false
	}
	writeCatalogue(t, filepath.Join(dir, "skus"), "targets.json", &plain)
	g = newCatalogueGen(t, `{"catalogue": "skus/targets.json", "null_catalogue": "skus/flagged.json", "null_share": 0.2, "texture_px": 32}`)
	if err := g.UseAssets(fsys); !errors.Is(err, ErrNullSet) || !strings.Contains(err.Error(), "collides with a target sku") {
		t.Errorf("colliding null catalogue: %v", err)
	}
	g = newCatalogueGen(t, `{"catalogue": "skus/targets.json", "null_share": 0.2, "texture_px": 32}`)
	if err := g.UseAssets(fsys); !errors.Is(err, ErrNullSet) {
		t.Errorf("null_share without a null set: %v", err)
	}

	// A null catalogue repeating an id of the flagged entries; a catalogue
	// of null-set entries only.
	firstHalf, nulls := *cat, *cat
	firstHalf.SKUs = append([]product.Entry(nil), cat.SKUs[:6]...) // targets 0, 2, 4; null 1, 3, 5
	nulls.SKUs = append([]product.Entry(nil), cat.SKUs[1:2]...)
	nulls.SKUs[0].NullSet = false
	writeCatalogue(t, filepath.Join(dir, "skus"), "half.json", &firstHalf)
	writeCatalogue(t, filepath.Join(dir, "skus"), "nulls.json", &nulls)
	g = newCatalogueGen(t, `{"catalogue": "skus/half.json", "null_catalogue": "skus/nulls.json", "null_share": 0.2, "texture_px": 32}`)
	if err := g.UseAssets(fsys); !errors.Is(err, ErrNullSet) || !strings.Contains(err.Error(), "listed twice") {
		t.Errorf("null id repeated across catalogues: %v", err)
	}
	onlyNull := *cat
	onlyNull.SKUs = append([]product.Entry(nil), cat.SKUs...)
	for i := range onlyNull.SKUs {
		onlyNull.SKUs[i].NullSet = true
	}
	writeCatalogue(t, filepath.Join(dir, "skus"), "only-null.json", &onlyNull)
	g = newCatalogueGen(t, `{"catalogue": "skus/only-null.json", "texture_px": 32}`)
	if err := g.UseAssets(fsys); err == nil || !strings.Contains(err.Error(), "lists only null-set SKUs") {
		t.Errorf("catalogue of null-set SKUs only: %v", err)
	}
}

// TestBadAttributeKey: a Meta or annotation key that is not an
// identifier fails scene validation with a message naming it.
func TestBadAttributeKey(t *testing.T) {
	s := sample(t, small(t, ""), 1, 0, 160, 120)
	for _, tc := range []struct {
		name string
		edit func(*scene.Scene)
	}{
		{"meta", func(s *scene.Scene) { s.Objects[0].Meta = map[string]string{"shelf row": "1"} }},
		{"annotation", func(s *scene.Scene) { s.Annotations[0].Attrs = map[string]string{"1st": "x"} }},
	} {
		c := *s
		c.Objects = append([]scene.Object(nil), s.Objects...)
		c.Annotations = append([]scene.Annotation(nil), s.Annotations...)
		tc.edit(&c)
		if err := c.Validate(); !errors.Is(err, scene.ErrInvalid) || !strings.Contains(err.Error(), "is not an identifier") {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
}
