package shelves

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"
	"github.com/synthkit/synthkit/scene/gltf"
)

// lazySpec is a job over a 3,000-SKU procedural catalogue (built when
// placed, through the process budget) whose working set moves every two
// samples.
const lazySpec = "generator: shelves\nseed: 5\nsamples: 6\nsamples_per_shard: 3\nwidth: 96\nheight: 72\n" +
	"params: {procedural_skus: 3000, texture_px: 32, sku_pool: 64, sku_pool_samples: 2}\n"

// runJob runs spec with workers and returns the bytes of every file.
func runJob(t *testing.T, spec string, workers int) map[string][]byte {
	t.Helper()
	_, files := runJobWith(t, spec, workers, func(spec *job.Spec) (render.Renderer, error) {
		return soft.New(soft.Options{SSAA: spec.Render.SSAA, Workers: 1}), nil
	})
	return files
}

// runJobWith runs spec with workers and renderers from newRenderer into
// a temporary directory, and returns it and the bytes of every file.
func runJobWith(t *testing.T, spec string, workers int, newRenderer job.RendererFactory) (string, map[string][]byte) {
	t.Helper()
	s, err := job.ParseSpec([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	s.Output = t.TempDir()
	if _, err := job.Run(context.Background(), s, job.RunOptions{Workers: workers, NewRenderer: newRenderer}); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	ents, _ := os.ReadDir(s.Output)
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(s.Output, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	return s.Output, files
}

// largestModel returns the bytes of the largest model the first samples
// of lazySpec can draw (the SKUs of their pools).
func largestModel(t *testing.T) int64 {
	g := newCatalogueGen(t, `{"procedural_skus": 3000, "texture_px": 32, "sku_pool": 64, "sku_pool_samples": 2}`)
	var most int64
	seen := map[int]bool{}
	for i := int64(0); i < 6; i += 2 {
		for _, win := range g.lib.poolFor(i).windows {
			for _, k := range win {
				if seen[k] {
					continue
				}
				seen[k] = true
				fm, err := g.lib.load(g.lib.skus[k])
				if err != nil {
					t.Fatal(err)
				}
				most = max(most, fm.bytes())
			}
		}
	}
	return most
}

// TestShardsIndependentOfCacheSize: shards are byte-identical with a
// budget that holds one model, the default, and no bound, and across
// worker counts.
func TestShardsIndependentOfCacheSize(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 24 samples")
	}
	b := gltf.ProcessBudget()
	def := b.Max()
	defer b.SetMax(def)
	one := largestModel(t)
	var ref map[string][]byte
	for _, c := range []struct {
		name    string
		max     int64
		workers int
	}{{"default", def, 1}, {"one model", one, 1}, {"unbounded", 0, 1}, {"one model, 3 workers", one, 3}} {
		b.SetMax(c.max)
		got := runJob(t, lazySpec, c.workers)
		if st := b.Stats(); c.max > 0 && st.Used-st.Reserved > c.max {
			t.Errorf("%s: cache holds %d bytes over its budget %d", c.name, st.Used, c.max)
		}
		if ref == nil {
			ref = got
			continue
		}
		for name, data := range ref {
			if !bytes.Equal(got[name], data) {
				t.Errorf("%s: %s differs from the default budget's", c.name, name)
			}
		}
	}
	if st := b.Stats(); st.Evicted == 0 {
		t.Errorf("no model was ever evicted (%+v): the one-model budget did not bind", st)
	}
}

// TestCacheTooSmall: a budget smaller than one model fails the sample
// with an error naming the SKU, instead of thrashing or overrunning.
func TestCacheTooSmall(t *testing.T) {
	b := gltf.ProcessBudget()
	def := b.Max()
	defer b.SetMax(def)
	g := newCatalogueGen(t, `{"procedural_skus": 3000, "texture_px": 32}`)
	b.SetMax(1024)
	_, err := g.Sample(generator.NewContext(1, 0, 96, 72, nil))
	if !errors.Is(err, gltf.ErrBudget) || !strings.Contains(err.Error(), "sku \"") {
		t.Fatalf("err = %v, want ErrBudget naming the SKU", err)
	}
}

// TestPoolDrawsBounded: a sample of a large catalogue draws from a pool
// of about sku_pool SKUs, the same for every sample of a block.
func TestPoolDrawsBounded(t *testing.T) {
	g := newCatalogueGen(t, `{"procedural_skus": 20000, "texture_px": 32, "sku_pool": 128, "sku_pool_samples": 4}`)
	p0, p3, p4 := g.lib.poolFor(0), g.lib.poolFor(3), g.lib.poolFor(4)
	size := func(p *pool) (n int) {
		for _, w := range p.windows {
			n += len(w)
		}
		return n
	}
	if n := size(p0); n < 128 || n > 128+len(g.lib.groups)*minWindow {
		t.Errorf("pool of %d SKUs, want about 128", n)
	}
	for _, grp := range g.lib.groups {
		if !slicesEqual(p0.windows[grp], p3.windows[grp]) {
			t.Errorf("%s: samples 0 and 3 (one block) have different pools", grp)
		}
		if slicesEqual(p0.windows[grp], p4.windows[grp]) && len(g.lib.byGroup[grp]) > len(p0.windows[grp]) {
			t.Errorf("%s: the pool did not move between blocks", grp)
		}
	}
	if n := g.CoverageSamples(1); n <= 0 {
		t.Errorf("CoverageSamples(1) = %d", n)
	}
}

func slicesEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestFIFOCatalogue: a FIFO as catalogue.json, or as a model, used to
// hang the worker in open; it is refused before being opened.
func TestFIFOCatalogue(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "catalogue.json"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	g := newCatalogueGen(t, `{"catalogue": "catalogue.json"}`)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	err = g.UseAssets(root.FS())
	if err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("err = %v, want a refusal of the FIFO", err)
	}

	// A catalogue whose model is a FIFO.
	cdir := t.TempDir()
	cat := exportSKUs(t, cdir, 2)
	glb := filepath.Join(cdir, "skus", cat.SKUs[0].File)
	if err := os.Remove(glb); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(glb, 0o644); err != nil {
		t.Fatal(err)
	}
	g = newCatalogueGen(t, `{"catalogue": "skus", "procedural_skus": 1}`)
	fsys := os.DirFS(cdir)
	if err := g.UseAssets(fsys); err != nil {
		t.Fatal(err)
	}
	_, err = g.lib.get(g.lib.skus[0])
	if err == nil || !strings.Contains(err.Error(), "not a regular file") || !strings.Contains(err.Error(), cat.SKUs[0].ID) {
		t.Fatalf("err = %v, want a refusal of the FIFO model naming the SKU", err)
	}
}
