//go:build !amd64 || purego || amd64.v3

package shading

// pow4 is Pow4 in Go, for builds without the SSE2 version.
func pow4(a, b, c, d, p float32) (float32, float32, float32, float32) {
	return Pow(a, p), Pow(b, p), Pow(c, p), Pow(d, p)
}
