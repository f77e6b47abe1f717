package main

import (
	"image"
	"image/color"
	"testing"
)

func TestFind(t *testing.T) {
	hay := image.NewRGBA(image.Rect(0, 0, 8, 6))
	for i := range hay.Pix {
		hay.Pix[i] = uint8(i * 7)
	}
	needle := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for y := range 2 {
		for x := range 3 {
			c := hay.RGBAAt(4+x, 3+y)
			c.A = 255 // alpha is ignored
			needle.SetRGBA(x, y, c)
		}
	}
	if at, err := find(needle, hay); err != nil || at != image.Pt(4, 3) {
		t.Fatalf("find = %v, %v; want (4, 3)", at, err)
	}
	needle.SetRGBA(1, 1, color.RGBA{1, 2, 3, 255})
	if _, err := find(needle, hay); err == nil {
		t.Fatal("a changed pixel was still found")
	}
	if _, err := find(hay, needle); err == nil {
		t.Fatal("a larger image was found inside a smaller one")
	}
}
