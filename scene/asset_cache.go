package scene

import (
	"errors"
	"io/fs"
	"path"
	"sync"
)

// AssetCache loads glTF models from one file system, each at most once,
// however many goroutines ask for it at the same time: a catalogue of
// thousands of SKUs drawn into millions of samples decodes every mesh and
// texture once. Callers own their cache (there is no package-level one);
// all its methods are safe for concurrent use.
//
// Models are shared: every caller gets the same *Model and must not modify
// it, its meshes, materials or textures. A failed load is remembered too,
// so a broken asset costs one attempt; Forget drops an entry to retry it.
type AssetCache struct {
	fsys fs.FS
	lim  AssetLimits

	mu      sync.Mutex
	entries map[string]*assetEntry
}

// assetEntry is one model, loaded by the first caller that asks for it.
type assetEntry struct {
	once  sync.Once
	model *Model
	err   error
}

// NewAssetCache returns an empty cache that loads from fsys with the given
// limits (see LoadGLTF for confinement).
func NewAssetCache(fsys fs.FS, lim AssetLimits) *AssetCache {
	return &AssetCache{fsys: fsys, lim: lim, entries: make(map[string]*assetEntry)}
}

// Load returns the model name (a path in the cache's file system), loading
// it on first use. Names that clean to the same path ("a/./b.glb" and
// "a/b.glb") share one entry. Concurrent first calls for a name wait for a
// single load.
func (c *AssetCache) Load(name string) (*Model, error) {
	key := path.Clean(name)
	c.mu.Lock()
	e, ok := c.entries[key]
	if !ok {
		e = &assetEntry{}
		c.entries[key] = e
	}
	c.mu.Unlock()
	e.once.Do(func() {
		// Set before loading so that waiters never see a nil model with a
		// nil error, even if loading were to panic.
		e.err = &AssetError{File: key, Kind: ErrAssetInvalid, Err: errLoadIncomplete}
		e.model, e.err = LoadGLTF(c.fsys, key, c.lim)
	})
	return e.model, e.err
}

// errLoadIncomplete is the error of an entry whose load did not finish.
var errLoadIncomplete = errors.New("load did not complete")

// Forget drops name from the cache, so that the next Load reads it again
// (after the asset was fixed, or a transient read error). Callers that
// already hold the model keep it.
func (c *AssetCache) Forget(name string) {
	c.mu.Lock()
	delete(c.entries, path.Clean(name))
	c.mu.Unlock()
}

// Len returns the number of entries, loaded or failed.
func (c *AssetCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
