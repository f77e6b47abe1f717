//go:build amd64 && !purego && !amd64.v3

package shading

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
