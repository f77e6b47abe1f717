//go:build amd64 && !purego && !amd64.v3

package soft

import "github.com/synthkit/synthkit/render/shading"

// fillLanes puts the lighting inputs of the surfs s[0:4·groups] into the
// lanes of q[0:groups], four surfs a group (laneRun's lanes). It is SSE2
// assembly (lanes_amd64.s): four consecutive floats of each of four
// surfs loaded at once and transposed into four rows of lanes, each
// written with one 16-byte store. (Filled a lane at a time, each 16-byte
// load of a row that follows, in the copy to the group or in
// shading's assembly, spans four 4-byte stores, which the processor
// cannot forward from its store buffer.) TestFillLanesLayout checks the
// offsets it takes.
//
//go:noescape
func fillLanes(q *shading.Lanes4, s *surf, groups int)

// writeLanes encodes the colours in the Col lanes of the first m lanes
// of q (four a group) to sRGB, as encodeSRGB does, in the pixels at
// columns xs[0:m] of the image row pix, alpha 255. It is SSE2 assembly
// (lanes_amd64.s): a group's channels clamped four at a time, then the
// table lookups of each.
func writeLanes(pix []uint8, xs []int32, q []shading.Lanes4, m int) {
	if m <= 0 {
		return
	}
	xs, q = xs[:m], q[:(m+3)/4]
	for _, x := range xs {
		_ = pix[4*int(x)+3] // every pixel inside the row
	}
	writeLanes4(&pix[0], &xs[0], &q[0], m, &encodeStart[0], &encodeThrBits[0])
}

//go:noescape
func writeLanes4(pix *uint8, xs *int32, q *shading.Lanes4, m int, start *uint8, thr *uint32)
