package colormap

import (
	"image"
	"image/color"
	"math"
	"slices"

	"github.com/go-gl/mathgl/mgl32"

	"github.com/synthkit/synthkit/scene"
)

// goldenRatio spreads instance hues: id i has hue frac(i·φ⁻¹) turns.
const goldenRatio = 0.618033988749895

// Instance returns the false colour of instance id: hue frac(id·0.618…)
// turns, saturation 0.75, value 1; opaque black for id 0 (background).
func Instance(id uint32) color.RGBA {
	if id == 0 {
		return color.RGBA{A: 255}
	}
	r, g, b := scene.HSVToSRGB(360*math.Mod(float64(id)*goldenRatio, 1), 0.75, 1)
	return color.RGBA{byte8(r), byte8(g), byte8(b), 255}
}

// byte8 rounds v in [0, 1] (clamped) to a byte.
func byte8(v float64) uint8 { return uint8(max(0, min(255, v*255+0.5))) }

// viridis holds five stops of matplotlib's viridis colormap (CC0), from 0
// to 1; Viridis interpolates between them.
var viridis = [5]color.RGBA{
	{0x44, 0x01, 0x54, 255},
	{0x3b, 0x52, 0x8b, 255},
	{0x21, 0x91, 0x8c, 255},
	{0x5e, 0xc9, 0x62, 255},
	{0xfd, 0xe7, 0x25, 255},
}

// Viridis returns the viridis colour of t in [0, 1] (clamped; NaN counts
// as 0): dark purple at 0, yellow at 1.
func Viridis(t float64) color.RGBA {
	if !(t > 0) {
		t = 0
	}
	t = min(t, 1) * float64(len(viridis)-1)
	i := min(int(t), len(viridis)-2)
	f := t - float64(i)
	a, b := viridis[i], viridis[i+1]
	mix := func(x, y uint8) uint8 { return uint8(float64(x)*(1-f) + float64(y)*f + 0.5) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 255}
}

// Depth colours a w×h depth map (metres, row-major; 0 or less is
// background) by inverse depth: the nearest 1% of the foreground pixels
// Viridis(1) (yellow), the farthest 1% Viridis(0), linear in 1/z between;
// background pixels are bg. It also returns the full depth range of the
// foreground (0, 0 when there is none). depth must hold w·h values.
func Depth(depth []float32, w, h int, bg color.RGBA) (img *image.RGBA, near, far float64) {
	img = image.NewRGBA(image.Rect(0, 0, w, h))
	var fg []float32
	for _, d := range depth {
		if d > 0 {
			fg = append(fg, d)
		}
	}
	for i := range w * h {
		setPix(img, i, bg)
	}
	if len(fg) == 0 {
		return img, 0, 0
	}
	slices.Sort(fg)
	hi := 1 / float64(fg[len(fg)/100])
	lo := 1 / float64(fg[len(fg)-1-len(fg)/100])
	span := max(hi-lo, 1e-9)
	for i, d := range depth[:w*h] {
		if d > 0 {
			setPix(img, i, Viridis((1/float64(d)-lo)/span))
		}
	}
	return img, float64(fg[0]), float64(fg[len(fg)-1])
}

// Normal returns the colour of a camera-frame unit normal n: each
// component mapped from [-1, 1] to [0, 255] ((n+1)/2, clamped); opaque
// black for the zero vector (background).
func Normal(n mgl32.Vec3) color.RGBA {
	if n == (mgl32.Vec3{}) {
		return color.RGBA{A: 255}
	}
	return color.RGBA{byte8((float64(n[0]) + 1) / 2), byte8((float64(n[1]) + 1) / 2), byte8((float64(n[2]) + 1) / 2), 255}
}

// Instances draws a w×h instance-id map (row-major) in Instance colours.
func Instances(ids []uint32, w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i, id := range ids[:w*h] {
		setPix(img, i, Instance(id))
	}
	return img
}

// Normals draws a w×h normal map (row-major) in Normal colours.
func Normals(normals []mgl32.Vec3, w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i, n := range normals[:w*h] {
		setPix(img, i, Normal(n))
	}
	return img
}

// setPix sets pixel i (row-major) of img, whose stride is 4 × its width.
func setPix(img *image.RGBA, i int, c color.RGBA) {
	img.Pix[4*i], img.Pix[4*i+1], img.Pix[4*i+2], img.Pix[4*i+3] = c.R, c.G, c.B, c.A
}
