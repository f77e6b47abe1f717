// Command pngcheck checks that PNG files show something: it decodes each
// file and fails when the picture is blank (a single colour, or nearly so).
// .ci/report.sh runs it on the headless-Chromium screenshot of the dataset
// report and on every plot image the report page references, .ci/view.sh
// on `synth view`'s screenshots (whether one PNG appears inside another is
// tools/pngfind's job).
//
//	go run ./tools/pngcheck [-colors N] [-scale W -o OUT.png] FILE.png...
//
// For each file it prints its size, the number of distinct colours and the
// share of pixels that differ from the most common colour, and fails when
// the file does not decode, has fewer than -colors distinct colours, or
// has under -nonbg (default 0.5%) of its pixels off that colour. With -o it
// also writes the first file scaled to -scale pixels wide (box filter), for
// a README picture.
package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"strings"
)

func main() {
	colors := flag.Int("colors", 16, "least number of distinct colours per image")
	nonbg := flag.Float64("nonbg", 0.005, "least share of pixels that differ from the most common colour")
	scale := flag.Int("scale", 1000, "width of the copy written with -o")
	out := flag.String("o", "", "write the first file scaled to -scale pixels wide to this PNG")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: pngcheck [-colors N] [-nonbg F] [-scale W -o OUT.png] FILE.png...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	failed := false
	for i, name := range flag.Args() {
		img, err := check(name, *colors, *nonbg)
		if err != nil {
			fmt.Fprintf(os.Stderr, "pngcheck: FAIL: %v\n", err)
			failed = true
			continue
		}
		if i == 0 && *out != "" {
			if err := writeScaled(*out, img, *scale); err != nil {
				fmt.Fprintf(os.Stderr, "pngcheck: %v\n", err)
				failed = true
			}
		}
	}
	if failed {
		os.Exit(1)
	}
}

// check decodes the PNG file name, prints its statistics and returns an
// error when it has fewer than minColors distinct colours or less than
// minNonBG of its pixels off its most common colour.
func check(name string, minColors int, minNonBG float64) (image.Image, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	b := img.Bounds()
	if b.Empty() {
		return nil, fmt.Errorf("%s: empty image", name)
	}
	counts := map[color.RGBA64]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			counts[color.RGBA64{uint16(r), uint16(g), uint16(bl), uint16(a)}]++
		}
	}
	top := 0
	for _, n := range counts {
		top = max(top, n)
	}
	total := b.Dx() * b.Dy()
	off := float64(total-top) / float64(total)
	fmt.Printf("%s: %d×%d, %d colours, %.1f%% of pixels off the most common colour\n",
		name, b.Dx(), b.Dy(), len(counts), 100*off)
	var why []string
	if len(counts) < minColors {
		why = append(why, fmt.Sprintf("%d distinct colours, want >= %d", len(counts), minColors))
	}
	if off < minNonBG {
		why = append(why, fmt.Sprintf("%.2f%% of pixels off the most common colour, want >= %.2f%%", 100*off, 100*minNonBG))
	}
	if len(why) > 0 {
		return nil, fmt.Errorf("%s: blank: %s", name, strings.Join(why, "; "))
	}
	return img, nil
}

// writeScaled writes img scaled to width w (height in proportion; never
// enlarged) to the PNG file name, averaging the source pixels that fall in
// each destination pixel.
func writeScaled(name string, img image.Image, w int) error {
	b := img.Bounds()
	if w <= 0 || w > b.Dx() {
		w = b.Dx()
	}
	h := max(1, b.Dy()*w/b.Dx())
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		sy0, sy1 := b.Min.Y+y*b.Dy()/h, b.Min.Y+(y+1)*b.Dy()/h
		for x := range w {
			sx0, sx1 := b.Min.X+x*b.Dx()/w, b.Min.X+(x+1)*b.Dx()/w
			var r, g, bl, a, n uint64
			for sy := sy0; sy < max(sy1, sy0+1); sy++ {
				for sx := sx0; sx < max(sx1, sx0+1); sx++ {
					c := color.NRGBA64Model.Convert(img.At(sx, sy)).(color.NRGBA64)
					r, g, bl, a, n = r+uint64(c.R), g+uint64(c.G), bl+uint64(c.B), a+uint64(c.A), n+1
				}
			}
			dst.SetNRGBA(x, y, color.NRGBA{uint8(r / n >> 8), uint8(g / n >> 8), uint8(bl / n >> 8), uint8(a / n >> 8)})
		}
	}
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("scaled copy: %w", err)
	}
	if err := png.Encode(f, dst); err != nil {
		f.Close()
		return fmt.Errorf("scaled copy %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("scaled copy %s: %w", name, err)
	}
	return nil
}
