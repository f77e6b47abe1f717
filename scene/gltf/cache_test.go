package gltf

import (
	"bytes"
	"errors"
	"io/fs"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// countFS counts how often each file is opened.
type countFS struct {
	fs.FS
	mu    sync.Mutex
	opens map[string]int
}

func (c *countFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	c.opens[name]++
	c.mu.Unlock()
	return c.FS.Open(name)
}

func (c *countFS) count(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.opens[name]
}

func cacheFS(t *testing.T) *countFS {
	var buf bytes.Buffer
	m := &scene.Model{Name: "box", Parts: []scene.Part{{Name: "box", Mesh: scene.Box(1, 1, 1), Transform: mgl64.Ident4()}}}
	if err := WriteGLB(&buf, m); err != nil {
		t.Fatal(err)
	}
	return &countFS{FS: fstest.MapFS{
		"skus/a.glb":      {Data: buf.Bytes()},
		"skus/b.glb":      {Data: buf.Bytes()},
		"skus/broken.glb": {Data: []byte("glTF garbage")},
	}, opens: map[string]int{}}
}

func TestCacheLoadsOnceUnderConcurrency(t *testing.T) {
	fsys := cacheFS(t)
	cache := NewCache(fsys, Limits{})
	names := []string{"skus/a.glb", "skus/./a.glb", "skus/b.glb", "skus/../skus/b.glb", "skus/broken.glb"}
	const workers = 16
	results := make([][]*scene.Model, workers)
	errs := make([][]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				for _, n := range names {
					m, err := cache.Load(n)
					results[w] = append(results[w], m)
					errs[w] = append(errs[w], err)
				}
			}
		}()
	}
	wg.Wait()
	for _, n := range []string{"skus/a.glb", "skus/b.glb", "skus/broken.glb"} {
		if c := fsys.count(n); c != 1 {
			t.Errorf("%s opened %d times, want 1", n, c)
		}
	}
	if cache.Len() != 3 {
		t.Errorf("%d entries, want 3", cache.Len())
	}
	// Every worker got the very same models, and the same error.
	for w := 0; w < workers; w++ {
		for i, m := range results[w] {
			if m != results[0][i%len(names)] && i%len(names) < 4 {
				t.Fatalf("worker %d call %d got another model", w, i)
			}
			if i%len(names) == 4 && (m != nil || !errors.Is(errs[w][i], ErrInvalid)) {
				t.Fatalf("worker %d: broken asset gave %v, %v", w, m, errs[w][i])
			}
		}
	}
	if results[0][0] != results[0][1] || results[0][2] != results[0][3] || results[0][0] == results[0][2] {
		t.Error("paths that clean alike must share an entry, others must not")
	}
}

func TestCacheForget(t *testing.T) {
	fsys := cacheFS(t)
	cache := NewCache(fsys, Limits{})
	first, err := cache.Load("skus/a.glb")
	if err != nil {
		t.Fatal(err)
	}
	cache.Forget("skus/./a.glb")
	second, err := cache.Load("skus/a.glb")
	if err != nil {
		t.Fatal(err)
	}
	if first == second || fsys.count("skus/a.glb") != 2 {
		t.Errorf("Forget did not make the next Load read the file again (%d opens)", fsys.count("skus/a.glb"))
	}
}

func TestCacheLimits(t *testing.T) {
	cache := NewCache(cacheFS(t), Limits{MaxTriangles: 4})
	if _, err := cache.Load("skus/a.glb"); !errors.Is(err, ErrLimit) {
		t.Errorf("error %v, want the cache's limits applied", err)
	}
}
