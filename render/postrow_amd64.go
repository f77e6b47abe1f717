//go:build amd64 && !purego && !amd64.v3

package render

// gainRow is gainPixels for the whole row (len(dx2) pixels), bit for bit:
// SSE2 assembly four pixels a step (postrow_amd64.s), each float32
// operation the Go code's in its order (amd64 without GOAMD64=v3 does not
// fuse multiply-adds), the shot noise's square roots two at a time in
// float64 as math.Sqrt takes them, and the encode table's index clamped
// before it is taken (linearIndex's cases as the clamp's ends); the last
// len(dx2) mod 4 pixels by gainPixels.
func gainRow(px []uint8, in, dx2, z []float32, g *gainArgs, dy2 float32) {
	w := len(dx2)
	px, in = px[:4*w], in[:3*w]
	var zp *float32
	if g.shot > 0 {
		z = z[:3*w]
		if w > 0 {
			zp = &z[0]
		}
	}
	m := w &^ 3
	if m > 0 {
		gainRow4(&px[0], &in[0], &dx2[0], zp, g, dy2, m)
	}
	gainPixels(px, in, dx2, z, g, dy2, m, w)
}

// gainRow4 is gainPixels for pixels [0, n) with ga, n a multiple of 4; z may be
// nil when ga.shot is 0.
//
//go:noescape
func gainRow4(px *uint8, in, dx2, z *float32, ga *gainArgs, dy2 float32, n int)

// displayRow is displayPixels for the whole row (len(px)/4 pixels), bit
// for bit: SSE2 assembly four pixels a step (postrow_amd64.s), their
// channels transposed into registers of four, each float32 operation the
// Go code's in its order, the clamp by MAXPS and MINPS (the same ends as
// clampRound's branches); the last pixels past a multiple of 4 by
// displayPixels.
func displayRow(px []uint8, z []float32, d *displayArgs) {
	w := len(px) / 4
	var zp *float32
	if d.flags&displayNoise != 0 {
		z = z[:3*w]
		if w > 0 {
			zp = &z[0]
		}
	}
	m := w &^ 3
	if m > 0 {
		displayRow4(&px[0], zp, w, d, m)
	}
	displayPixels(px, z, d, m, w)
}

// displayRow4 is displayPixels for pixels [0, n) of a row of w pixels, n
// a multiple of 4; z may be nil without displayNoise.
//
//go:noescape
func displayRow4(px *uint8, z *float32, w int, d *displayArgs, n int)
