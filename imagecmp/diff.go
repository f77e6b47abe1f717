package imagecmp

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
)

// Diff returns the luma difference of a and b as a grey image: each pixel
// min(255, round(gain·|Y′a − Y′b|)), black where they agree. A gain of 1
// shows differences at their size; 4 makes a difference of a few codes
// visible. It returns an error wrapping ErrSize when the sizes differ.
func Diff(a, b image.Image, gain float64) (*image.Gray, error) {
	la, lb := NewLuma(a), NewLuma(b)
	if err := sameSize(la, lb); err != nil {
		return nil, fmt.Errorf("difference image: %w", err)
	}
	dst := image.NewGray(image.Rect(0, 0, la.Width, la.Height))
	for i, y := range la.Y {
		dst.Pix[i] = uint8(min(255, math.Round(gain*math.Abs(y-lb.Y[i]))))
	}
	return dst, nil
}

// SideBySide returns imgs left to right, top-aligned, separated by gap
// pixels of mid grey, on a mid-grey canvas as tall as the tallest.
func SideBySide(gap int, imgs ...image.Image) *image.RGBA {
	w, h := 0, 0
	for i, m := range imgs {
		if i > 0 {
			w += gap
		}
		w += m.Bounds().Dx()
		h = max(h, m.Bounds().Dy())
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Rect, image.NewUniform(color.Gray{Y: 128}), image.Point{}, draw.Src)
	x := 0
	for _, m := range imgs {
		b := m.Bounds()
		draw.Draw(dst, image.Rect(x, 0, x+b.Dx(), b.Dy()), m, b.Min, draw.Src)
		x += b.Dx() + gap
	}
	return dst
}
