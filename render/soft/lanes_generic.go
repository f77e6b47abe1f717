//go:build !amd64 || purego || amd64.v3

package soft

import (
	"unsafe"

	"github.com/synthkit/synthkit/render/shading"
)

// fillLanes puts the lighting inputs of the surfs s[0:4·groups] into the
// lanes of q[0:groups], four surfs a group (laneRun's lanes); in this
// build a lane at a time (fillLanesGo).
func fillLanes(q *shading.Lanes4, s *surf, groups int) {
	fillLanesGo(unsafe.Slice(q, groups), unsafe.Slice(s, 4*groups))
}

// writeLanes encodes the colours in the Col lanes of the first m lanes
// of q (four a group) to sRGB in the pixels at columns xs[0:m] of the
// image row pix, alpha 255; in this build a lane at a time
// (writeLanesGo).
func writeLanes(pix []uint8, xs []int32, q []shading.Lanes4, m int) {
	writeLanesGo(pix, xs, q, m)
}
