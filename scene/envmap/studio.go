package envmap

import (
	"math"

	"github.com/synthkit/synthkit/scene"
)

// softbox is a flat rectangular light seen from the map's centre: a
// rectangle facing the viewer, centred in the direction at azimuth phi
// (radians; 0 looks along −Z, π/2 along +X, as in the map) and elevation
// el above the horizon, subtending 2·halfW across and 2·halfH up.
type softbox struct {
	phi, el, halfW, halfH float64
}

// contains reports whether direction d falls on the softbox, by a
// gnomonic projection onto its plane.
func (s softbox) contains(d [3]float64) bool {
	sp, cp := math.Sincos(s.phi)
	se, ce := math.Sincos(s.el)
	c := [3]float64{ce * sp, se, -ce * cp}  // centre
	t := [3]float64{cp, 0, sp}              // across, towards larger azimuth
	b := [3]float64{-se * sp, ce, se * cp}  // up
	dc := d[0]*c[0] + d[1]*c[1] + d[2]*c[2] // cos of the angle to the centre
	if dc <= 0 {
		return false
	}
	x := (d[0]*t[0] + d[1]*t[1] + d[2]*t[2]) / dc
	y := (d[0]*b[0] + d[1]*b[1] + d[2]*b[2]) / dc
	return math.Abs(x) <= math.Tan(s.halfW) && math.Abs(y) <= math.Tan(s.halfH)
}

// The studio's design, in radiance before the final normalisation.
const (
	studioGround  = 0.42 // the floor, a mid grey
	studioHorizon = 0.55 // the walls at the horizon
	studioZenith  = 0.75 // the ceiling straight up
	studioBox     = 4.0  // each softbox
)

func deg(a float64) float64 { return a * math.Pi / 180 }

// studioBoxes are the softboxes: a large key light front left, a fill
// behind to the right and a square one almost overhead.
var studioBoxes = [...]softbox{
	{phi: deg(-45), el: deg(35), halfW: deg(18), halfH: deg(14)},
	{phi: deg(135), el: deg(30), halfW: deg(16), halfH: deg(10)},
	{phi: deg(20), el: deg(75), halfW: deg(12), halfH: deg(12)},
}

// studioRadiance is the studio's radiance in direction d, before
// normalisation.
func studioRadiance(d [3]float64) float64 {
	y := d[1] // sine of the elevation
	for _, s := range studioBoxes {
		if s.contains(d) {
			return studioBox
		}
	}
	// A smooth step from the floor to the walls across the horizon, from
	// 3° below it to 12° above.
	lo, hi := math.Sin(deg(-3)), math.Sin(deg(12))
	t := math.Min(1, math.Max(0, (y-lo)/(hi-lo)))
	t = t * t * (3 - 2*t)
	above := studioHorizon + (studioZenith-studioHorizon)*math.Max(0, y)
	return studioGround + (above-studioGround)*t
}

// Studio returns a neutral (grey) photo studio, height rows tall (see
// DefaultHeight), like the neutral environments glTF viewers light
// models with: a mid-grey floor (radiance ≈ 0.37 in the finished map),
// walls rising from ≈ 0.49 at the horizon to a ceiling of ≈ 0.66 straight
// up, a smooth step from floor to walls between 3° below the horizon and
// 12° above it, and three softboxes of radiance ≈ 3.5 with crisp
// (anti-aliased) edges: a key light 36°×28° at azimuth −45° (front left,
// looking along −Z) and 35° up, a fill 32°×20° behind to the right
// (azimuth 135°, 30° up) and a 24° square one 75° up. The whole is scaled
// so that a white matte surface facing up reflects exactly luminance 1
// (Irradiance(up) = 1); facing sideways it reflects ≈ 0.6 (0.57 to 0.66
// whichever way it faces), facing down ≈ 0.37.
func Studio(height int) *scene.Environment {
	e := render("studio", procHeight(height), func(d [3]float64) [3]float64 {
		v := studioRadiance(d)
		return [3]float64{v, v, v}
	})
	scale(e, 1/luminance(Irradiance(e, [3]float64{0, 1, 0})))
	return e
}
