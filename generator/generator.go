package generator

import (
	"io/fs"
	"math/rand/v2"
	"slices"

	"github.com/synthkit/synthkit/scene"
)

// Generator builds one scene per sample. Implementations must draw all
// randomness from the Context's Rand so that a sample depends only on the
// job seed and its index, and must not keep state that changes between
// samples: shards run in any order, on any node, any number of times.
// A Generator's Sample may be called from several goroutines at once, each
// with its own Context, so anything it caches must be read-only after
// construction.
type Generator interface {
	Sample(c *Context) (*scene.Scene, error)
}

// Categorizer is implemented by generators whose label categories depend on
// their params. See CategoriesOf.
type Categorizer interface {
	Categories() []string
}

// CategoriesOf returns the categories g can label: g.Categories() when g
// implements Categorizer, info.Categories otherwise. The result is a copy
// the caller may modify.
func CategoriesOf(g Generator, info Info) []string {
	if c, ok := g.(Categorizer); ok {
		return slices.Clone(c.Categories())
	}
	return slices.Clone(info.Categories)
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

// NewContext returns the Context of sample index of a job with seed
// jobSeed. Its Seed is SampleSeed(jobSeed, index) and its Rand is
//
//	rand.New(rand.NewPCG(Seed, Mix64(Seed + 0x9E3779B97F4A7C15)))
//
// that is, math/rand/v2's 128-bit PCG-DXSM whose state has Seed as its
// high word and the next SplitMix64 output after Seed as its low word
// (arithmetic modulo 2⁶⁴). Any implementation of that PCG reproduces the
// stream; the tests pin its first values.
func NewContext(jobSeed uint64, index int64, width, height int, assets fs.FS) *Context {
	seed := SampleSeed(jobSeed, index)
	return &Context{
		Index:  index,
		Seed:   seed,
		Rand:   rand.New(rand.NewPCG(seed, Mix64(seed+golden))),
		Width:  width,
		Height: height,
		Assets: assets,
	}
}

// golden is SplitMix64's increment, ⌊2⁶⁴/φ⌋ rounded to odd.
const golden = 0x9E3779B97F4A7C15

// SampleSeed returns the seed of sample index of a job with seed jobSeed:
//
//	SampleSeed(s, i) = Mix64(s + 0x9E3779B97F4A7C15·(uint64(i)+1))   (mod 2⁶⁴)
//
// which is the (i+1)-th output of SplitMix64 (Steele, Lea & Flood 2014;
// Vigna's splitmix64.c) started from state s: SampleSeed(s, 0) is the first
// value next() returns after seeding x = s. Because the increment is odd
// and Mix64 is a bijection, distinct indices of one job always get
// distinct seeds. Negative indices are allowed and wrap modulo 2⁶⁴.
func SampleSeed(jobSeed uint64, index int64) uint64 {
	return Mix64(jobSeed + golden*(uint64(index)+1))
}

// Mix64 is SplitMix64's output function (a variant of MurmurHash3's fmix64
// with Stafford's "Mix13" constants), a bijection on 64-bit words:
//
//	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
//	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
//	return z ^ (z >> 31)
func Mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}
