// Command pngfind checks that one PNG appears, pixel for pixel, inside
// another: .ci/view.sh runs it to prove that the framebuffer screenshot
// `synth view` wrote is what the X server shows (an xwd grab of the
// screen). Whether a PNG is blank is tools/pngcheck's job.
//
//	go run ./tools/pngfind NEEDLE.png HAYSTACK.png
//
// It compares RGB only (alpha ignored), prints where NEEDLE was found, and
// exits 1 when it is nowhere in HAYSTACK or a file does not decode.
package main

import (
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: pngfind NEEDLE.png HAYSTACK.png")
		os.Exit(2)
	}
	needle, err := load(os.Args[1])
	if err == nil {
		var hay *image.RGBA
		if hay, err = load(os.Args[2]); err == nil {
			var at image.Point
			if at, err = find(needle, hay); err == nil {
				fmt.Printf("%s: all %dx%d pixels of %s found at (%d, %d)\n", os.Args[2], needle.Rect.Dx(), needle.Rect.Dy(), os.Args[1], at.X, at.Y)
				return
			}
			err = fmt.Errorf("%s: %s: %w", os.Args[2], os.Args[1], err)
		}
	}
	fmt.Fprintln(os.Stderr, "pngfind:", err)
	os.Exit(1)
}

// load decodes a PNG into RGBA with its origin at (0, 0).
func load(path string) (*image.RGBA, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	rgba := image.NewRGBA(image.Rect(0, 0, m.Bounds().Dx(), m.Bounds().Dy()))
	draw.Draw(rgba, rgba.Rect, m, m.Bounds().Min, draw.Src)
	return rgba, nil
}

// find returns the top-left corner of the first place, in row order, where
// needle's RGB pixels all equal hay's.
func find(needle, hay *image.RGBA) (image.Point, error) {
	nw, nh := needle.Rect.Dx(), needle.Rect.Dy()
	w, h := hay.Rect.Dx(), hay.Rect.Dy()
	px := func(m *image.RGBA, x, y int) [3]uint8 {
		i := m.PixOffset(x, y)
		return [3]uint8{m.Pix[i], m.Pix[i+1], m.Pix[i+2]}
	}
	for oy := 0; oy+nh <= h; oy++ {
	next:
		for ox := 0; ox+nw <= w; ox++ {
			for y := 0; y < nh; y++ {
				for x := 0; x < nw; x++ {
					if px(hay, ox+x, oy+y) != px(needle, x, y) {
						continue next
					}
				}
			}
			return image.Pt(ox, oy), nil
		}
	}
	return image.Point{}, fmt.Errorf("not found pixel for pixel")
}
