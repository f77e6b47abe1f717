package render

import (
	"math"
	"sync"
)

// Gaussian noise for the post-effects. The noise is counter-based: pixel
// x of row y takes the 64-bit hash mix64(key(y) + (x+1)·γ), where
// key(y) = mix64(Seed ^ mix64(y·postStreams + stream)), mix64 is
// SplitMix64's finaliser and γ its golden-ratio increment; so every
// pixel's draw depends only on (Seed, y, x, stream), not on the order in
// which rows or pixels are processed. The hash's low 48 bits give R, G
// and B 16 bits each, lowest first, and each 16-bit value u is mapped
// through the inverse normal CDF, tabulated at the 2^16 cell midpoints:
// z = Φ⁻¹((u + ½) / 2^16). The draws are standard normal quantised to
// 2^16 equiprobable values, with tails cut at ±4.32σ (a probability of
// 1.5·10⁻⁵, far below what an 8-bit image shows). A pixel costs one hash
// and three table loads, where rand.NormFloat64 costs a PCG step and a
// ziggurat lookup per channel (BenchmarkNormals compares them).

// normalBits is the number of uniform bits per Gaussian draw.
const normalBits = 16

// golden is SplitMix64's increment, 2^64/φ.
const golden = 0x9e3779b97f4a7c15

// normalTable returns the table of Φ⁻¹((u+½)/2^normalBits) for every u.
var normalTable = sync.OnceValue(func() *[1 << normalBits]float32 {
	var t [1 << normalBits]float32
	for u := range t {
		p := (float64(u) + 0.5) / (1 << normalBits)
		t[u] = float32(math.Sqrt2 * math.Erfinv(2*p-1))
	}
	return &t
})

// mix64 is SplitMix64's finaliser (Steele, Lea and Flood 2014), a
// bijective 64-bit hash.
func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// normals draws one row's standard normal values, a pixel (three values)
// at a time.
type normals struct {
	key uint64
	t   *[1 << normalBits]float32
}

// reset starts row y of the given noise stream.
func (n *normals) reset(seed uint64, y, stream int) {
	n.key = noiseKey(seed, y, stream)
	n.t = normalTable()
}

// noiseKey is the key of row y of a noise stream.
func noiseKey(seed uint64, y, stream int) uint64 {
	return mix64(seed ^ mix64(uint64(y)*postStreams+uint64(stream)))
}

// pixel returns pixel x's three standard normal draws.
func (n *normals) pixel(x int) (r, g, b float32) {
	bits := mix64(n.key + uint64(x+1)*golden)
	t := n.t
	const m = 1<<normalBits - 1
	return t[bits&m], t[bits>>normalBits&m], t[bits>>(2*normalBits)&m]
}

// interleaved writes the draws of pixels 0, 1, … to z, three a pixel
// (len(z)/3 pixels).
func (n *normals) interleaved(z []float32) {
	for x := range len(z) / 3 {
		q := z[3*x : 3*x+3 : 3*x+3]
		q[0], q[1], q[2] = n.pixel(x)
	}
}

// planar writes the draws of pixels 0, 1, … by channel: pixel x's to
// r[x], g[x] and b[x] (len(r) pixels; g and b at least as long).
func (n *normals) planar(r, g, b []float32) {
	g, b = g[:len(r)], b[:len(r)]
	for x := range r {
		r[x], g[x], b[x] = n.pixel(x)
	}
}
