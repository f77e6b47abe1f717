package scene

import (
	"fmt"
	"math"
)

// Environment is distant light arriving from every direction: image-based
// lighting from an equirectangular (latitude-longitude) radiance map, fixed
// in the world frame. Renderers light with it as well as with Lights; its
// radiance is in the units of an Ambient light, so a map of one colour c
// at Intensity 1 gives a matte surface the light of an Ambient light of
// colour c. Objects do not shadow or occlude it (ambient occlusion
// textures aside); pixels no object covers keep Scene.Background unless
// Background is set.
//
// Renderers derive filtered versions of the map (spherical-harmonic
// irradiance, prefiltered specular levels) and cache them by the map's
// contents, so an Environment shared by many scenes costs that once.
type Environment struct {
	// Name identifies the map in errors and metadata (a file name, or
	// the procedural environment's name).
	Name string
	// Width and Height are the map's size in texels; Width must be
	// 2·Height. Row 0 looks straight up (+Y), row Height−1 straight down;
	// texel (i, j) covers the directions around its centre at polar
	// angle θ = π·(j+0.5)/Height from +Y and azimuth
	// φ = 2π·((i+0.5)/Width − 0.5), the direction
	// (sin θ·sin φ, cos θ, −sin θ·cos φ): the map's centre column looks
	// along −Z, a quarter to its right along +X.
	Width, Height int
	// Radiance holds Width·Height linear RGB triples, row-major. Values
	// must be finite and non-negative.
	Radiance []float32
	// Intensity multiplies the radiance.
	Intensity float64
	// Rotation turns the map about the world's +Y axis by the right-hand
	// rule, in radians: the world direction of a map direction d is
	// R_y(Rotation)·d, so a rotation of π/2 brings what the map shows
	// along −Z to −X.
	Rotation float64
	// Background draws the map behind the scene: where no object covers
	// a sample, its colour is the radiance along the sample's view ray
	// (times Intensity, after Rotation) instead of Scene.Background. The
	// map is drawn at up to 1024 rows (a taller one box-filtered; package
	// render/shading, "Environment light"). Labels do not change: those
	// pixels stay background (instance id 0, depth 0).
	Background bool
}

// Limits of an Environment's size.
const (
	// MaxEnvironmentHeight is the largest Environment.Height (the width
	// is twice it): 4096 rows hold a 8192×4096 map, 400 MB of float32.
	MaxEnvironmentHeight = 4096
	// MinEnvironmentHeight is the smallest Environment.Height.
	MinEnvironmentHeight = 2
)

// EnvironmentDirection returns the unit world direction (before
// Rotation) at map coordinates (u, v) in [0, 1]², u across, v down: the
// direction the map shows there.
func EnvironmentDirection(u, v float64) [3]float64 {
	theta := math.Pi * v
	phi := 2 * math.Pi * (u - 0.5)
	st := math.Sin(theta)
	return [3]float64{st * math.Sin(phi), math.Cos(theta), -st * math.Cos(phi)}
}

// Validate reports the first problem with e: a size outside the limits or
// not 2:1, a radiance slice of the wrong length, a negative or non-finite
// radiance, intensity or rotation.
func (e *Environment) Validate() error {
	name := e.Name
	if name == "" {
		name = "unnamed"
	}
	if e.Height < MinEnvironmentHeight || e.Height > MaxEnvironmentHeight {
		return fmt.Errorf("environment %q: height %d outside [%d, %d]", name, e.Height, MinEnvironmentHeight, MaxEnvironmentHeight)
	}
	if e.Width != 2*e.Height {
		return fmt.Errorf("environment %q: %dx%d is not an equirectangular map (width must be twice the height)", name, e.Width, e.Height)
	}
	if n := 3 * e.Width * e.Height; len(e.Radiance) != n {
		return fmt.Errorf("environment %q: %d radiance values for %dx%d texels (want %d)", name, len(e.Radiance), e.Width, e.Height, n)
	}
	if !finite(e.Intensity) || e.Intensity < 0 {
		return fmt.Errorf("environment %q: intensity %v is negative or not finite", name, e.Intensity)
	}
	if !finite(e.Rotation) {
		return fmt.Errorf("environment %q: rotation %v is not finite", name, e.Rotation)
	}
	// A renderer validates its scene's environment every frame: by the
	// bits, a value is finite and not negative when it is below +Inf's
	// (0x7f800000) or is -0 (0x80000000), one integer compare each.
	for i, r := range e.Radiance {
		if b := math.Float32bits(r); b >= 0x7f800000 && b != 0x80000000 {
			return fmt.Errorf("environment %q: texel %d channel %d: radiance %v is negative or not finite", name, i/3, i%3, r)
		}
	}
	return nil
}
