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
