//go:build amd64 && !purego && !amd64.v3

package shading

// LanesAssembly reports whether Direct4, Reflect4 and Finish4 are assembly in this
// build (four points in the lanes of each SSE2 register). Where they are
// not, they are Go one lane at a time, and a caller's own loop over its
// points is as fast and needs no Lanes4.
const LanesAssembly = true

// Pow4 returns Pow(a, p), Pow(b, p), Pow(c, p) and Pow(d, p), bit for bit
// (tested in pow4_test.go). On amd64 (built without GOAMD64=v3, whose
// compiler fuses Pow's multiply-adds, and without the purego tag) the
// four are computed side by side in the lanes of one SSE2 register, with
// the same float32 operations in the same order (pow4_amd64.s; elsewhere
// pow4_generic.go calls Pow four times): render/soft's lighting takes the
// specular powers of a point's lights four at a time, which halves their
// cost there (a shelves profile: 2.31 → 1.15 s of 24 s), where the power
// is a chain of dependent multiply-adds the processor cannot otherwise
// overlap. BenchmarkPow4 compares the two.
//
//go:noescape
func Pow4(a, b, c, d, p float32) (ra, rb, rc, rd float32)

// PowN sets dst[i] = Pow(x[i], p[i]) for every i < len(dst), bit for bit
// (tested in pow4_test.go); x and p must be at least as long as dst. On
// amd64 it is SSE2 assembly, four lanes per step with an exponent each,
// whose steps the processor overlaps: render/soft gathers the specular
// powers of a run of pixels under shadowed lights (unshadowed ones go
// through Direct4) and takes them in one call, where one point's
// powers alone (Pow4) are a chain of dependent multiply-adds that little
// else can overlap. BenchmarkPowN compares it with Pow in a loop.
func PowN(dst, x, p []float32) {
	n := len(dst)
	if len(x) < n || len(p) < n {
		panic("shading: PowN: x or p shorter than dst")
	}
	x, p = x[:n], p[:n]
	m := n &^ 3
	if m > 0 {
		powN(&dst[0], &x[0], &p[0], m)
	}
	for i := m; i < n; i++ {
		dst[i] = Pow(x[i], p[i])
	}
}

//go:noescape
func powN(dst, x, p *float32, n int)

// Exp2N sets dst[i] = Exp2(t[i]) for every i < len(dst), bit for bit
// (tested in pow4_test.go); t must be at least as long as dst. On amd64
// it is SSE2 assembly, four lanes per step, like PowN. render/soft takes
// a run's EnvBRDF exponentials with it only in builds without this
// assembly (Finish4 computes them in-lane here); its tests are also the
// edge tests of the EXP2 macro that Finish4 shares.
func Exp2N(dst, t []float32) {
	n := len(dst)
	if len(t) < n {
		panic("shading: Exp2N: t shorter than dst")
	}
	t = t[:n]
	m := n &^ 3
	if m > 0 {
		exp2N(&dst[0], &t[0], m)
	}
	for i := m; i < n; i++ {
		dst[i] = Exp2(t[i])
	}
}

//go:noescape
func exp2N(dst, t *float32, n int)

// direct4 is Direct4 for the groups (> 0) Lanes4 from q and the n lights
// from l (n > 0). The assembly takes Lanes4's and Light's fields at fixed
// offsets (TestDirect4Layout checks them).
//
//go:noescape
func direct4(q *Lanes4, groups int, l *Light, n int)

// finish4 is Finish4 for the groups (> 0) Lanes4 from q. The assembly takes Lanes4's and EnvLight's fields
// at fixed offsets (TestDirect4Layout checks them).
//
//go:noescape
func finish4(q *Lanes4, groups int, e *EnvLight)

// reflect4 is Reflect4 for the groups (> 0) Lanes4 from q. The assembly
// (reflect_amd64.s) takes Lanes4's, EnvLight's, EnvMap's and CubeLevel's
// fields at fixed offsets (TestDirect4Layout checks them).
//
//go:noescape
func reflect4(q *Lanes4, groups int, e *EnvLight)
