//go:build amd64 && !purego && !amd64.v3

package shading

// pow4 is Pow4 in SSE2 (pow4_amd64.s).
//
//go:noescape
func pow4(a, b, c, d, p float32) (ra, rb, rc, rd float32)
