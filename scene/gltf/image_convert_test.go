package gltf

import (
	"image"
	"image/color"
	"math/rand/v2"
	"testing"
)

// atOnly hides an image's concrete type, so toNRGBA takes its generic
// path (color.NRGBAModel over At).
type atOnly struct{ image.Image }

// TestToNRGBAFastPaths: every pixel-format fast path of toNRGBA gives
// exactly what color.NRGBAModel gives through At, on random pixels
// (alpha 0, 0xffff and in between included) and a sub-image origin.
func TestToNRGBAFastPaths(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	rect := image.Rect(3, 2, 3+200, 2+150)
	u16 := func() uint16 {
		switch r.IntN(4) {
		case 0:
			return 0
		case 1:
			return 0xffff
		}
		return uint16(r.Uint32())
	}
	nrgba64 := image.NewNRGBA64(rect)
	rgba64 := image.NewRGBA64(rect)
	gray16 := image.NewGray16(rect)
	pal := image.NewPaletted(rect, color.Palette{color.NRGBA{10, 20, 30, 255}, color.NRGBA{200, 100, 50, 128}, color.NRGBA{1, 2, 3, 0}})
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		for x := rect.Min.X; x < rect.Max.X; x++ {
			nrgba64.SetNRGBA64(x, y, color.NRGBA64{u16(), u16(), u16(), u16()})
			a := u16()
			pm := func() uint16 { return uint16(uint32(u16()) * uint32(a) / 0xffff) }
			rgba64.SetRGBA64(x, y, color.RGBA64{pm(), pm(), pm(), a})
			gray16.SetGray16(x, y, color.Gray16{u16()})
			pal.SetColorIndex(x, y, uint8(r.IntN(3)))
		}
	}
	for name, img := range map[string]image.Image{"NRGBA64": nrgba64, "RGBA64": rgba64, "Gray16": gray16, "Paletted": pal} {
		got, want := toNRGBA(img), toNRGBA(atOnly{img})
		if got.Rect != want.Rect || string(got.Pix) != string(want.Pix) {
			t.Errorf("%s: the fast path differs from color.NRGBAModel", name)
		}
	}
}
