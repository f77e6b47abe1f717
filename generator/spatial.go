package generator

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// HSVRange draws colours uniformly in hue, saturation and value, the way a
// designer describes them with a colour picker: the HSV coordinates are of
// the sRGB-encoded colour and Draw converts the result to linear light.
type HSVRange struct {
	// H is the hue in degrees; it wraps modulo 360, so {-20, 20} spans reds.
	H Range `json:"h" doc:"hue, degrees (wraps at 360)"`
	S Range `json:"s" doc:"saturation, 0..1"`
	V Range `json:"v" doc:"value (brightness), 0..1"`
}

// Validate checks that every range is valid and that S and V lie in [0, 1].
func (h HSVRange) Validate() error {
	for _, c := range []struct {
		name   string
		r      Range
		lo, hi float64
	}{
		{"h", h.H, math.Inf(-1), math.Inf(1)},
		{"s", h.S, 0, 1},
		{"v", h.V, 0, 1},
	} {
		if err := c.r.Validate(); err != nil {
			return fmt.Errorf("hsv %s: %w", c.name, err)
		}
		if c.r.Min < c.lo || c.r.Max > c.hi {
			return fmt.Errorf("hsv %s: range [%g, %g] leaves [%g, %g]", c.name, c.r.Min, c.r.Max, c.lo, c.hi)
		}
	}
	return nil
}

// Draw returns an opaque linear colour, drawing H, S and V in that order.
func (h HSVRange) Draw(r *rand.Rand) scene.Color {
	hue := h.H.Draw(r)
	s := clamp(h.S.Draw(r), 0, 1)
	v := clamp(h.V.Draw(r), 0, 1)
	return HSV(hue, s, v)
}

// HSV returns the opaque linear colour whose sRGB encoding has hue h
// (degrees, wrapping), saturation s and value v in [0, 1].
func HSV(h, s, v float64) scene.Color {
	r, g, b := scene.HSVToSRGB(h, s, v)
	lin := func(u float64) float32 { return scene.SRGBToLinear(float32(clamp(u, 0, 1))) }
	return scene.Color{R: lin(r), G: lin(g), B: lin(b), A: 1}
}

// Angle returns an angle in radians drawn uniformly from [0, 2π).
func Angle(r *rand.Rand) float64 {
	return 2 * math.Pi * r.Float64()
}

// UnitVector returns a direction drawn uniformly from the unit sphere,
// consuming two Float64 values.
func UnitVector(r *rand.Rand) mgl64.Vec3 {
	return SphereBand(r, -math.Pi/2, math.Pi/2)
}

// SphereBand returns a unit vector drawn uniformly by area from the band
// of the unit sphere whose elevation above the xz plane (+y is up) lies in
// [minElev, maxElev] radians, with azimuth uniform around y. It draws the
// azimuth φ, then the sine of the elevation uniformly, and returns
// (cos e·cos φ, sin e, cos e·sin φ). Bounds are clamped to [-π/2, π/2].
//
// A camera on a hemisphere above a table at elevations 30°–75° is
// target.Add(SphereBand(r, mgl64.DegToRad(30), mgl64.DegToRad(75)).Mul(dist)).
func SphereBand(r *rand.Rand, minElev, maxElev float64) mgl64.Vec3 {
	phi := Angle(r)
	lo := math.Sin(clamp(minElev, -math.Pi/2, math.Pi/2))
	hi := math.Sin(clamp(maxElev, -math.Pi/2, math.Pi/2))
	y := clamp(Range{lo, hi}.Draw(r), -1, 1)
	rho := math.Sqrt(1 - y*y)
	sp, cp := math.Sincos(phi)
	return mgl64.Vec3{rho * cp, y, rho * sp}
}

// Rotation returns a rotation drawn uniformly from SO(3) (Shoemake's
// method), consuming three Float64 values.
func Rotation(r *rand.Rand) mgl64.Quat {
	u1, u2, u3 := r.Float64(), r.Float64(), r.Float64()
	a, b := math.Sqrt(1-u1), math.Sqrt(u1)
	s2, c2 := math.Sincos(2 * math.Pi * u2)
	s3, c3 := math.Sincos(2 * math.Pi * u3)
	return mgl64.Quat{W: b * c3, V: mgl64.Vec3{a * s2, a * c2, b * s3}}
}
