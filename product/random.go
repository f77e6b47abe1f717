package product

import "math/rand/v2"

// Randomness. Every random choice in this package comes from a PCG source
// seeded from (seed, stream): one stream per independent decision (shape,
// artwork, brand style, ...), so that changing how a label is painted never
// changes a product's dimensions, and the same seed always gives the same
// product.

// Streams of independent random sequences derived from one seed.
const (
	streamShape uint64 = 1 + iota
	streamArt
	streamBrand
	streamBrandStyle
	streamPlan
	streamSKU
	streamVariant
)

// mix64 is the splitmix64 finaliser: a bijection of uint64 with good
// avalanche, used to derive seeds.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// derive returns the seed of item i of a stream of seed.
func derive(seed, stream, i uint64) uint64 {
	return mix64(mix64(seed^mix64(stream)) + i)
}

// rng wraps a seeded *rand.Rand with the few draws this package needs.
type rng struct{ r *rand.Rand }

func newRNG(seed, stream uint64) *rng {
	return &rng{rand.New(rand.NewPCG(seed, mix64(stream)))}
}

// between returns a uniform draw from [lo, hi).
func (g *rng) between(lo, hi float64) float64 { return lo + (hi-lo)*g.r.Float64() }

// jitter returns x scaled by a uniform factor in [1-f, 1+f).
func (g *rng) jitter(x, f float64) float64 { return x * g.between(1-f, 1+f) }

// intn returns a uniform draw from [0, n); 0 when n <= 0.
func (g *rng) intn(n int) int {
	if n <= 0 {
		return 0
	}
	return g.r.IntN(n)
}

// chance returns true with probability p.
func (g *rng) chance(p float64) bool { return g.r.Float64() < p }
