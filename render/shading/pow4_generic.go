//go:build !amd64 || purego || amd64.v3

package shading

import "unsafe"

// LanesAssembly reports whether Direct4, Reflect4 and Finish4 are assembly in this
// build: not in this one (purego, GOAMD64=v3, or not amd64), where they
// are Go one lane at a time (see pow4_amd64.go).
const LanesAssembly = false

// Pow4 returns Pow(a, p), Pow(b, p), Pow(c, p) and Pow(d, p). In this
// build it calls Pow four times; on amd64 it is SSE2 assembly with the
// same results bit for bit (pow4_amd64.go).
func Pow4(a, b, c, d, p float32) (ra, rb, rc, rd float32) {
	return Pow(a, p), Pow(b, p), Pow(c, p), Pow(d, p)
}

// PowN sets dst[i] = Pow(x[i], p[i]) for every i < len(dst); x and p
// must be at least as long as dst. In this build it calls Pow in a loop;
// on amd64 it is SSE2 assembly with the same results bit for bit
// (pow4_amd64.go).
func PowN(dst, x, p []float32) {
	n := len(dst)
	if len(x) < n || len(p) < n {
		panic("shading: PowN: x or p shorter than dst")
	}
	x, p = x[:n], p[:n]
	for i := range dst {
		dst[i] = Pow(x[i], p[i])
	}
}

// Exp2N sets dst[i] = Exp2(t[i]) for every i < len(dst); t must be at
// least as long as dst. In this build it calls Exp2 in a loop; on amd64
// it is SSE2 assembly with the same results bit for bit (pow4_amd64.go).
func Exp2N(dst, t []float32) {
	n := len(dst)
	if len(t) < n {
		panic("shading: Exp2N: t shorter than dst")
	}
	t = t[:n]
	for i := range dst {
		dst[i] = Exp2(t[i])
	}
}

// direct4 is Direct4 for the groups Lanes4 from q and the n lights from
// l; in this build one lane at a time (direct4Go).
func direct4(q *Lanes4, groups int, l *Light, n int) {
	direct4Go(unsafe.Slice(q, groups), unsafe.Slice(l, n))
}

// finish4 is Finish4 for the groups Lanes4 from q; in this build one
// lane at a time (finish4Go).
func finish4(q *Lanes4, groups int, e *EnvLight) { finish4Go(unsafe.Slice(q, groups), e) }

// reflect4 is Reflect4 for the groups Lanes4 from q; in this build one
// lane at a time (reflect4Go).
func reflect4(q *Lanes4, groups int, e *EnvLight) { reflect4Go(unsafe.Slice(q, groups), e) }
