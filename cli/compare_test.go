package cli

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTestPNG writes a w×h image whose grey level is f(x, y) to dir/name.
func writeTestPNG(t *testing.T, dir, name string, w, h int, f func(x, y int) uint8) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			v := f(x, y)
			img.Set(x, y, color.RGBA{v, v, v, 255})
		}
	}
	p := filepath.Join(dir, name)
	fh, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	if err := png.Encode(fh, img); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCompareCommand runs synth compare on analytic pairs (known PSNR,
// identical images, a reference of twice the size with --fit, a crop
// that holds only equal pixels) and on every user mistake it must refuse
// with a message that names it.
func TestCompareCommand(t *testing.T) {
	dir := t.TempDir()
	flat100 := writeTestPNG(t, dir, "flat100.png", 40, 30, func(x, y int) uint8 { return 100 })
	flat110 := writeTestPNG(t, dir, "flat110.png", 40, 30, func(x, y int) uint8 { return 110 })
	ramp := writeTestPNG(t, dir, "ramp.png", 40, 30, func(x, y int) uint8 { return uint8(4 * x) })
	big := writeTestPNG(t, dir, "big.png", 80, 60, func(x, y int) uint8 { return 100 })
	wide := writeTestPNG(t, dir, "wide.png", 60, 30, func(x, y int) uint8 { return 100 })
	// halves: left half 100, right half 200; flat100 agrees with its left.
	halves := writeTestPNG(t, dir, "halves.png", 40, 30, func(x, y int) uint8 { return map[bool]uint8{true: 100, false: 200}[x < 20] })
	junk := filepath.Join(dir, "junk.png")
	if err := os.WriteFile(junk, []byte("not an image"), 0o644); err != nil {
		t.Fatal(err)
	}
	diff := filepath.Join(dir, "diff.png")
	c1 := math.Pow(0.01*255, 2)
	for _, tt := range []struct {
		name string
		args []string
		want []string // substrings of the output, or of the error
		err  bool
	}{
		{"offset 10", []string{flat100, flat110},
			[]string{"40×30, luma", "PSNR " + f3(20*math.Log10(25.5)) + " dB", "SSIM " + f5((2*100*110+c1)/(100*100+110*110+c1))}, false},
		{"identical", []string{ramp, ramp}, []string{"PSNR +Inf dB", "SSIM 1.00000"}, false},
		{"fit", []string{flat100, big, "--fit"}, []string{"(reference 80×60 fitted)", "PSNR +Inf dB", "SSIM 1.00000"}, false},
		{"crop", []string{flat100, halves, "--crop", "0,0,20,30"}, []string{"40×30, crop 0,0,20,30 (20×30)", "PSNR +Inf dB", "SSIM 1.00000"}, false},
		{"crop both halves", []string{flat100, halves, "--crop", "10,5,20,20"}, []string{"PSNR " + f3(10*math.Log10(255*255/(100*100/2.0))) + " dB"}, false},
		{"side by side", []string{flat100, flat110, "-o", diff, "--gain", "2"}, []string{"wrote " + diff + " (render | reference | difference ×2)"}, false},
		{"sizes differ", []string{flat100, big}, []string{"render " + flat100 + " is 40×30, reference " + big + " is 80×60: pass --fit"}, true},
		{"missing render", []string{filepath.Join(dir, "nope.png"), flat100}, []string{"render: open", "nope.png", "no such file"}, true},
		{"missing reference", []string{flat100, filepath.Join(dir, "nope.png")}, []string{"reference: open"}, true},
		{"undecodable", []string{flat100, junk}, []string{"reference " + junk + ": not a PNG, JPEG or GIF image"}, true},
		{"crop outside", []string{flat100, flat110, "--crop", "30,0,20,10"}, []string{"--crop 30,0,20,10 on the 40×30 render", "outside"}, true},
		{"crop syntax", []string{flat100, flat110, "--crop", "1,2,3"}, []string{"want X,Y,W,H"}, true},
		{"crop empty", []string{flat100, flat110, "--crop", "1,2,0,5"}, []string{"must be positive"}, true},
		{"crop below the window", []string{flat100, flat110, "--crop", "0,0,8,8"}, []string{"smaller than the 11×11 window"}, true},
		{"bad gain", []string{flat100, flat110, "--gain", "0"}, []string{"--gain 0"}, true},
		{"one argument", []string{flat100}, []string{"accepts 2 arg(s)"}, true},
	} {
		out, err := synth(append([]string{"compare"}, tt.args...)...)
		text := out
		if err != nil {
			text += err.Error()
		}
		if (err != nil) != tt.err {
			t.Errorf("%s: error %v, want error %v\n%s", tt.name, err, tt.err, out)
		}
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: output lacks %q:\n%s", tt.name, w, text)
			}
		}
	}
	// The side by side: render | 4 px gap | reference | gap | difference × 2.
	fh, err := os.Open(diff)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	img, err := png.Decode(fh)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != image.Rect(0, 0, 3*40+2*4, 30) {
		t.Fatalf("side by side is %v", img.Bounds())
	}
	for _, p := range []struct {
		x    int
		want uint32
	}{{0, 100}, {42, 128}, {44, 110}, {88, 20}} {
		if r, _, _, _ := img.At(p.x, 10).RGBA(); r>>8 != p.want {
			t.Errorf("side by side at x=%d: %d, want %d", p.x, r>>8, p.want)
		}
	}
	// An aspect ratio that differs is stretched, with a note.
	out, err := synth("compare", flat100, wide, "--fit")
	if err != nil || !strings.Contains(out, "aspect ratios differ (render 1.333, reference 2.000)") {
		t.Errorf("stretched reference: %v\n%s", err, out)
	}
}

func f3(v float64) string { return fmt.Sprintf("%.3f", v) }
func f5(v float64) string { return fmt.Sprintf("%.5f", v) }
