package shelves

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/product"
)

// countingFS counts how often each file is opened.
type countingFS struct {
	fsys  fs.FS
	mu    sync.Mutex
	opens map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	c.opens[name]++
	c.mu.Unlock()
	return c.fsys.Open(name)
}

// exportSKUs writes a small catalogue of n procedural products (tiny
// textures) into dir/skus and returns the catalogue.
func exportSKUs(t *testing.T, dir string, n int) *product.Catalogue {
	t.Helper()
	cat, err := product.Export(context.Background(), filepath.Join(dir, "skus"), 3, n, product.Options{Resolution: 32, Segments: 8})
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func newCatalogueGen(t *testing.T, params string) *Generator {
	t.Helper()
	g, _, err := generator.New("shelves", json.RawMessage(params))
	if err != nil {
		t.Fatal(err)
	}
	return g.(*Generator)
}

func TestCatalogue(t *testing.T) {
	dir := t.TempDir()
	cat := exportSKUs(t, dir, 12)
	var ids []string
	for _, e := range cat.SKUs {
		ids = append(ids, e.ID)
	}
	fsys := &countingFS{fsys: os.DirFS(dir), opens: map[string]int{}}
	g := newCatalogueGen(t, `{"catalogue": "skus", "texture_px": 64}`)
	if c := generator.CategoriesOf(g, info); len(c) != 0 {
		t.Errorf("categories %v before the catalogue is read, want none", c)
	}
	// Two workers sample at once: every model must still load once.
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for w := range int64(2) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < 8; i += 2 {
				s, err := g.Sample(generator.NewContext(4, i, 320, 240, fsys))
				if err != nil {
					errs <- err
					return
				}
				if err := s.Validate(); err != nil {
					errs <- err
					return
				}
				for _, o := range s.Objects {
					if o.Category != "" && !slices.Contains(ids, o.Category) {
						errs <- errors.New("category " + o.Category + " is not a catalogue id")
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got := generator.CategoriesOf(g, info); !slices.Equal(got, ids) {
		t.Errorf("categories %v, want the catalogue's ids %v", got, ids)
	}
	loaded := 0
	for name, n := range fsys.opens {
		if n > 1 {
			t.Errorf("%s opened %d times, want once", name, n)
		}
		if strings.HasSuffix(name, ".glb") {
			loaded++
		}
	}
	if loaded == 0 {
		t.Error("no model was loaded")
	}
	t.Logf("%d of %d models loaded by 8 samples", loaded, len(ids))
}

func TestCatalogueKindsBeforeAssets(t *testing.T) {
	g := newCatalogueGen(t, `{"catalogue": "skus", "category_level": "kind"}`)
	var want []string
	for _, k := range product.Kinds() {
		want = append(want, string(k))
	}
	slices.Sort(want)
	if got := g.Categories(); !slices.Equal(got, want) {
		t.Errorf("categories %v, want the kinds %v", got, want)
	}
}

func TestCatalogueErrors(t *testing.T) {
	dir := t.TempDir()
	exportSKUs(t, dir, 2)
	broken := filepath.Join(dir, "broken")
	if err := os.CopyFS(broken, os.DirFS(filepath.Join(dir, "skus"))); err != nil {
		t.Fatal(err)
	}
	cat, err := product.ReadCatalogueFile(filepath.Join(broken, product.CatalogueFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range cat.SKUs {
		if err := os.WriteFile(filepath.Join(broken, e.File), []byte("glTF but not really"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	disk := os.DirFS(dir)
	tests := []struct {
		name    string
		params  string
		fsys    fs.FS
		wantErr string
	}{
		{"no assets", `{"catalogue": "skus"}`, nil, "Context.Assets is nil"},
		{"missing", `{"catalogue": "nowhere"}`, disk, `catalogue "nowhere/catalogue.json"`},
		{"not json", `{"catalogue": "bad.json"}`, fstest.MapFS{"bad.json": {Data: []byte("{")}}, "invalid catalogue"},
		{"empty", `{"catalogue": "c.json"}`, fstest.MapFS{"c.json": {Data: []byte(`{"version": 1, "skus": []}`)}}, "lists no SKUs"},
		{"broken models", `{"catalogue": "broken/catalogue.json"}`, disk, `sku "` + cat.SKUs[0].ID[:4]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newCatalogueGen(t, tt.params)
			var err error
			for i := range int64(4) {
				if _, err = g.Sample(generator.NewContext(1, i, 160, 120, tt.fsys)); err != nil {
					break
				}
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}
