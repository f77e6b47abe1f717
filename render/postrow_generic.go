//go:build !amd64 || purego || amd64.v3

package render

// gainRow is gainPixels for the whole row (len(dx2) pixels). In this
// build a Go loop; on amd64 SSE2 assembly with the same results
// (postrow_amd64.go).
func gainRow(px []uint8, in, dx2, z []float32, g *gainArgs, dy2 float32) {
	gainPixels(px, in, dx2, z, g, dy2, 0, len(dx2))
}

// displayRow is displayPixels for the whole row (len(px)/4 pixels). In
// this build a Go loop; on amd64 SSE2 assembly with the same results
// (postrow_amd64.go).
func displayRow(px []uint8, z []float32, d *displayArgs) {
	displayPixels(px, z, d, 0, len(px)/4)
}
