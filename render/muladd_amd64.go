//go:build amd64 && !purego && !amd64.v3

package render

// mulAdd sets dst[j] += k·src[j] for every j < len(dst), bit for bit the
// Go loop (a product rounded to float32, then the sum: amd64 without
// GOAMD64=v3 does not fuse them); src must be at least as long as dst.
// On amd64 it is SSE2 assembly, eight elements a step (muladd_amd64.s):
// the blurs' inner loops (blurRows, blurCols).
func mulAdd(dst, src []float32, k float32) {
	n := len(dst)
	src = src[:n]
	m := n &^ 7
	if m > 0 {
		mulAdd8(&dst[0], &src[0], k, m)
	}
	for j := m; j < n; j++ {
		dst[j] += k * src[j]
	}
}

// mulAdd8 is mulAdd for the n elements from dst and src, n a multiple of
// 8.
//
//go:noescape
func mulAdd8(dst, src *float32, k float32, n int)
