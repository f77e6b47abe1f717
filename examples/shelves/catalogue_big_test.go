package shelves

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/product"
)

// TestBigCatalogue loads every model of a 2,000-SKU catalogue (exported
// at the product kit's default resolution into $SHELVES_BIG_CATALOGUE on
// first use) and reports the heap it holds. It is skipped unless that
// variable names a directory, because exporting takes minutes.
func TestBigCatalogue(t *testing.T) {
	dir := os.Getenv("SHELVES_BIG_CATALOGUE")
	if dir == "" {
		t.Skip("set SHELVES_BIG_CATALOGUE=DIR to export (once) and load a 2,000-SKU catalogue")
	}
	skus := filepath.Join(dir, "skus")
	if _, err := os.Stat(filepath.Join(skus, product.CatalogueFile)); err != nil {
		t0 := time.Now()
		if _, err := product.Export(context.Background(), skus, 1, 2000, product.Options{}); err != nil {
			t.Fatal(err)
		}
		t.Logf("exported 2000 SKUs in %v", time.Since(t0))
	}
	p := DefaultParams()
	p.Catalogue = "skus"
	g, err := New(p)
	if err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	t0 := time.Now()
	if err := g.UseAssets(fsys); err != nil {
		t.Fatal(err)
	}
	for _, s := range g.lib.skus {
		if _, err := g.lib.get(s); err != nil {
			t.Fatal(err)
		}
	}
	load := time.Since(t0)
	for i := range int64(20) {
		if _, err := g.Sample(generator.NewContext(1, i, 640, 480, fsys)); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("%d SKUs loaded and merged in %v; heap in use %.0f MiB, process memory from the OS %.0f MiB",
		len(g.lib.skus), load, float64(ms.HeapInuse)/(1<<20), float64(ms.Sys)/(1<<20))
	if ms.HeapInuse > 2<<30 {
		t.Errorf("heap of %d MiB exceeds 2 GiB", ms.HeapInuse>>20)
	}
}
