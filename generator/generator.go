package generator

import (
	"io/fs"
	"math/rand/v2"

	"github.com/synthkit/synthkit/scene"
)

// Generator builds one scene per sample. Implementations must draw all
// randomness from the Context's Rand so that a sample depends only on the
// job seed and its index.
type Generator interface {
	Sample(c *Context) (*scene.Scene, error)
}

// Context is what a generator knows about the sample it builds.
type Context struct {
	Index  int64      // sample index within the job
	Seed   uint64     // SampleSeed(job seed, Index)
	Rand   *rand.Rand // seeded from Seed; the only source of randomness
	Width  int        // image width the job asks for
	Height int        // image height the job asks for
	Assets fs.FS      // read-only assets the job makes available; may be nil
}
