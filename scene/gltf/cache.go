package gltf

import (
	"errors"
	"io/fs"
	"path"
	"sync"

	"github.com/synthkit/synthkit/scene"
)

// Cache loads glTF models from one file system, each at most once,
// however many goroutines ask for it at the same time: a catalogue of
// thousands of SKUs drawn into millions of samples decodes every mesh and
// texture once. Callers own their cache (there is no package-level one);
// all its methods are safe for concurrent use.
//
// Models are shared: every caller gets the same *scene.Model and must not
// modify it, its meshes, materials or textures. A failed load is remembered too,
// so a broken asset costs one attempt; Forget drops an entry to retry it.
type Cache struct {
	fsys fs.FS
	lim  Limits

	mu      sync.Mutex
	entries map[string]*cacheEntry
}

// cacheEntry is one model, loaded by the first caller that asks for it.
type cacheEntry struct {
	once  sync.Once
	model *scene.Model
	err   error
}

// NewCache returns an empty cache that loads from fsys with the given
// limits (see LoadFS for confinement).
func NewCache(fsys fs.FS, lim Limits) *Cache {
	return &Cache{fsys: fsys, lim: lim, entries: make(map[string]*cacheEntry)}
}

// Load returns the model name (a path in the cache's file system), loading
// it on first use. Names that clean to the same path ("a/./b.glb" and
// "a/b.glb") share one entry. Concurrent first calls for a name wait for a
// single load.
func (c *Cache) Load(name string) (*scene.Model, error) {
	key := path.Clean(name)
	c.mu.Lock()
	e, ok := c.entries[key]
	if !ok {
		e = &cacheEntry{}
		c.entries[key] = e
	}
	c.mu.Unlock()
	e.once.Do(func() {
		// Set before loading so that waiters never see a nil model with a
		// nil error, even if loading were to panic.
		e.err = &Error{File: key, Kind: ErrInvalid, Err: errLoadIncomplete}
		e.model, e.err = LoadFS(c.fsys, key, c.lim)
	})
	return e.model, e.err
}

// errLoadIncomplete is the error of an entry whose load did not finish.
var errLoadIncomplete = errors.New("load did not complete")

// Forget drops name from the cache, so that the next Load reads it again
// (after the asset was fixed, or a transient read error). Callers that
// already hold the model keep it.
func (c *Cache) Forget(name string) {
	c.mu.Lock()
	delete(c.entries, path.Clean(name))
	c.mu.Unlock()
}

// Len returns the number of entries, loaded or failed.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
