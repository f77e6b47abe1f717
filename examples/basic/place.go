package basic

import (
	"math"
	"math/rand/v2"
)

// footprint is the circle an upright object covers on the table top, seen
// from above: centre (x, z) and radius r, metres.
type footprint struct {
	x, z, r float64
}

// Placement constants: objects keep edgeMargin from the table's edge and
// gap from each other; each round tries triesPerRound random spots, and an
// object that fits nowhere shrinks by shrink before the next round.
const (
	edgeMargin    = 0.01
	gap           = 0.004
	triesPerRound = 32
	rounds        = 4
	shrink        = 0.75
)

// placeShrinking finds a spot on the table for a footprint of radius
// radius that overlaps none of placed, shrinking the footprint when the
// table is crowded. The number of tries is bounded; with objects sized to
// cover at most a fifth of the table, failing every try is vanishingly
// rare, and the caller then leaves the object out.
func placeShrinking(r *rand.Rand, t table, radius float64, placed []footprint) (footprint, bool) {
	for range rounds {
		if f, ok := place(r, t, radius, placed); ok {
			return f, true
		}
		radius *= shrink
	}
	return footprint{}, false
}

// place tries triesPerRound uniformly random centres for a footprint of
// the given radius that lies on the table top and clears every circle in
// placed.
func place(r *rand.Rand, t table, radius float64, placed []footprint) (footprint, bool) {
	hx, hz := t.w/2-edgeMargin-radius, t.d/2-edgeMargin-radius
	if hx < 0 || hz < 0 {
		return footprint{}, false
	}
	for range triesPerRound {
		f := footprint{x: uniform(r, -hx, hx), z: uniform(r, -hz, hz), r: radius}
		if !overlapsAny(f, placed) {
			return f, true
		}
	}
	return footprint{}, false
}

func overlapsAny(f footprint, placed []footprint) bool {
	for _, p := range placed {
		if math.Hypot(f.x-p.x, f.z-p.z) < f.r+p.r+gap {
			return true
		}
	}
	return false
}
