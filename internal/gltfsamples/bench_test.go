package gltfsamples

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/synthkit/synthkit/product"
	"github.com/synthkit/synthkit/scene/gltf"
)

const (
	// benchEntries is the catalogue size the benchmark loads.
	benchEntries = 2000
	// benchFiles is the number of distinct GLBs behind those entries:
	// generating 2,000 products (label textures included) takes minutes
	// on two cores, so entry i uses file i % benchFiles. The cold case
	// still decodes every distinct file once, and the cache must still
	// answer the other entries without loading them again.
	benchFiles = 100
)

// BenchmarkCatalogueLoad loads a 2,000-entry catalogue through a
// gltf.Cache: "cold" with a new cache per iteration (each distinct GLB is
// read and decoded once, the repeats are cache hits), "cached" through a
// cache that already holds every model.
func BenchmarkCatalogueLoad(b *testing.B) {
	dir := b.TempDir()
	start := time.Now()
	cat, err := product.Export(context.Background(), dir, 1, benchFiles, product.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d GLBs in %v", len(cat.SKUs), time.Since(start).Round(time.Millisecond))
	files := make([]string, benchEntries)
	for i := range files {
		files[i] = cat.SKUs[i%len(cat.SKUs)].File
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	fsys := root.FS()
	loadAll := func(b *testing.B, c *gltf.Cache) {
		for _, f := range files {
			if _, err := c.Load(f); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("cold", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			loadAll(b, gltf.NewCache(fsys, gltf.Limits{}))
		}
	})
	b.Run("cached", func(b *testing.B) {
		c := gltf.NewCache(fsys, gltf.Limits{})
		loadAll(b, c)
		if c.Len() != benchFiles {
			b.Fatalf("cache holds %d models, want %d", c.Len(), benchFiles)
		}
		b.ReportAllocs()
		for b.Loop() {
			loadAll(b, c)
		}
	})
}
