package scene

import "math"

// Color is a linear-light RGBA colour with components nominally in [0, 1].
// Alpha is coverage/opacity; renderers in this module treat every surface as
// opaque and ignore it when shading.
type Color struct {
	R, G, B, A float32
}

// RGB returns an opaque linear colour.
func RGB(r, g, b float32) Color { return Color{r, g, b, 1} }

// SRGB8 returns the opaque linear colour of an 8-bit sRGB triple, as a
// colour picker would give it.
func SRGB8(r, g, b uint8) Color {
	return Color{SRGBToLinear(float32(r) / 255), SRGBToLinear(float32(g) / 255), SRGBToLinear(float32(b) / 255), 1}
}

// Scale multiplies the RGB components by k and keeps alpha.
func (c Color) Scale(k float32) Color { return Color{c.R * k, c.G * k, c.B * k, c.A} }

// SRGBToLinear converts one sRGB-encoded component in [0, 1] to linear light
// (IEC 61966-2-1).
func SRGBToLinear(v float32) float32 {
	if v <= 0.04045 {
		return v / 12.92
	}
	return float32(math.Pow((float64(v)+0.055)/1.055, 2.4))
}

// LinearToSRGB converts one linear component to sRGB encoding, clamping to
// [0, 1] first.
func LinearToSRGB(v float32) float32 {
	switch {
	case !(v > 0): // also catches NaN
		return 0
	case v >= 1:
		return 1
	case v <= 0.0031308:
		return v * 12.92
	}
	return float32(1.055*math.Pow(float64(v), 1/2.4) - 0.055)
}

// Kelvin returns the approximate linear RGB colour, normalised so that its
// largest component is 1, of a black body at temperature t kelvin (1000 K to
// 40000 K). Useful for light sources such as 4000 K store lighting.
func Kelvin(t float64) Color {
	t = math.Max(1000, math.Min(40000, t)) / 100
	var r, g, b float64
	if t <= 66 {
		r = 255
		g = 99.4708025861*math.Log(t) - 161.1195681661
		if t <= 19 {
			b = 0
		} else {
			b = 138.5177312231*math.Log(t-10) - 305.0447927307
		}
	} else {
		r = 329.698727446 * math.Pow(t-60, -0.1332047592)
		g = 288.1221695283 * math.Pow(t-60, -0.0755148492)
		b = 255
	}
	clamp := func(v float64) uint8 { return uint8(math.Max(0, math.Min(255, v))) }
	c := SRGB8(clamp(r), clamp(g), clamp(b))
	m := max(c.R, c.G, c.B)
	return Color{c.R / m, c.G / m, c.B / m, 1}
}

// HSVToSRGB converts hue h (degrees, wrapping; a non-finite hue counts as
// 0), saturation s and value v, both in [0, 1], to sRGB-encoded red, green
// and blue components (not clamped; callers clamp to their range).
func HSVToSRGB(h, s, v float64) (r, g, b float64) {
	h = math.Mod(h, 360)
	if h < 0 {
		h += 360
	}
	if math.IsNaN(h) || math.IsInf(h, 0) {
		h = 0
	}
	c := v * s
	hp := h / 60
	x := c * (1 - math.Abs(math.Mod(hp, 2)-1))
	switch {
	case hp < 1:
		r, g, b = c, x, 0
	case hp < 2:
		r, g, b = x, c, 0
	case hp < 3:
		r, g, b = 0, c, x
	case hp < 4:
		r, g, b = 0, x, c
	case hp < 5:
		r, g, b = x, 0, c
	default:
		r, g, b = c, 0, x
	}
	m := v - c
	return r + m, g + m, b + m
}
