//go:build !amd64 || purego || amd64.v3

package render

// mulAdd sets dst[j] += k·src[j] for every j < len(dst); src must be at
// least as long as dst. In this build a Go loop; on amd64 SSE2 assembly
// with the same results (muladd_amd64.go).
func mulAdd(dst, src []float32, k float32) {
	src = src[:len(dst)]
	for j := range dst {
		dst[j] += k * src[j]
	}
}
