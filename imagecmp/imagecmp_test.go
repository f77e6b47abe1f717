package imagecmp

import (
	"errors"
	"image"
	"image/color"
	"math"
	"strings"
	"testing"
)

// flat returns a w×h image of one grey level.
func flat(w, h int, v uint8) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = v, v, v, 255
	}
	return img
}

// lcg returns n values of s = (1103515245 s + 12345) mod 2³¹, as s >> 16,
// as testdata/skimage_ssim.py does.
func lcg(seed uint64, n int) []int {
	out := make([]int, n)
	s := seed
	for i := range out {
		s = (1103515245*s + 12345) % (1 << 31)
		out[i] = int(s >> 16)
	}
	return out
}

// pair returns the images a and b of the named pair of
// testdata/skimage_ssim.py, from the same integer formulas.
func pair(t testing.TB, name string, w, h int) (a, b *image.RGBA) {
	t.Helper()
	a, b = image.NewRGBA(image.Rect(0, 0, w, h)), image.NewRGBA(image.Rect(0, 0, w, h))
	noise := lcg(7, w*h*3)
	for y := range h {
		for x := range w {
			var ca, cb [3]int
			switch name {
			case "formula":
				ca = [3]int{(37*x + 11*y) % 256, (x*x + 3*y*y) % 256, (7*x*y + 50) % 256}
				cb = [3]int{min(255, ca[0]+3*((x*y)%7)), max(0, ca[1]-2*((x+y)%9)), 255 - ca[2]}
			case "noise":
				g := (2*x + 3*y) % 256
				ca = [3]int{g, g, g}
				for k := range cb {
					cb[k] = min(255, max(0, g+noise[(y*w+x)*3+k]%41-20))
				}
			default:
				t.Fatalf("unknown pair %q", name)
			}
			a.Set(x, y, color.RGBA{uint8(ca[0]), uint8(ca[1]), uint8(ca[2]), 255})
			b.Set(x, y, color.RGBA{uint8(cb[0]), uint8(cb[1]), uint8(cb[2]), 255})
		}
	}
	return a, b
}

// TestPinnedReference compares PSNR and SSIM with the values
// scikit-image 0.22.0 printed for the same luma planes
// (testdata/skimage_ssim.py; structural_similarity with
// gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
// data_range=255). A changed luma weight, window, σ, K1, K2, covariance
// normalisation or border convention moves SSIM far more than 1e-12.
func TestPinnedReference(t *testing.T) {
	for _, tt := range []struct {
		name       string
		w, h       int
		psnr, ssim float64
	}{
		{"formula", 37, 23, 26.704254792751883, 0.9781353250379776},
		{"formula", 11, 11, 28.426951980133836, 0.9507014393652631}, // a single window
		{"noise", 64, 48, 29.254418340967213, 0.6093711497824063},
		{"noise", 12, 30, 28.980517692611592, 0.6190012479938899}, // two columns of windows
	} {
		a, b := pair(t, tt.name, tt.w, tt.h)
		got, err := Compare(a, b)
		if err != nil {
			t.Fatalf("%s %d×%d: %v", tt.name, tt.w, tt.h, err)
		}
		if d := math.Abs(got.PSNR - tt.psnr); d > 1e-10 {
			t.Errorf("%s %d×%d: PSNR %.15g, scikit-image %.15g", tt.name, tt.w, tt.h, got.PSNR, tt.psnr)
		}
		if d := math.Abs(got.SSIM - tt.ssim); d > 1e-12 {
			t.Errorf("%s %d×%d: SSIM %.15g, scikit-image %.15g (differs by %.2g)", tt.name, tt.w, tt.h, got.SSIM, tt.ssim, d)
		}
		rev, err := Compare(b, a)
		if err != nil || rev.PSNR != got.PSNR || math.Abs(rev.SSIM-got.SSIM) > 1e-15 {
			t.Errorf("%s %d×%d: not symmetric: %+v against %+v (%v)", tt.name, tt.w, tt.h, rev, got, err)
		}
	}
}

// TestAnalytic checks cases with closed forms: identical images, a flat
// image against a flat image offset by d (PSNR = 20·log10(255/d); SSIM of
// constants c1, c2 = (2·c1·c2 + C1) / (c1² + c2² + C1), C1 = (0.01·255)²,
// the variances being zero).
func TestAnalytic(t *testing.T) {
	c1 := math.Pow(0.01*255, 2) // spelled out, not from K1, so changing K1 fails
	noiseA, _ := pair(t, "noise", 40, 30)
	for _, tt := range []struct {
		name       string
		a, b       image.Image
		psnr, ssim float64
	}{
		{"identical noise", noiseA, noiseA, math.Inf(1), 1},
		{"identical flat", flat(20, 15, 90), flat(20, 15, 90), math.Inf(1), 1},
		{"offset 1", flat(20, 15, 100), flat(20, 15, 101), 20 * math.Log10(255), (2*100*101 + c1) / (100*100 + 101*101 + c1)},
		{"offset 10", flat(16, 12, 40), flat(16, 12, 50), 20 * math.Log10(255.0/10), (2*40*50 + c1) / (40*40 + 50*50 + c1)},
		{"black and white", flat(11, 11, 0), flat(11, 11, 255), 0, c1 / (255*255 + c1)},
		{"offset 3 on black", flat(30, 11, 0), flat(30, 11, 3), 20 * math.Log10(85), c1 / (9 + c1)},
	} {
		got, err := Compare(tt.a, tt.b)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got.PSNR != tt.psnr && math.Abs(got.PSNR-tt.psnr) > 1e-12 {
			t.Errorf("%s: PSNR %.15g, want %.15g", tt.name, got.PSNR, tt.psnr)
		}
		if math.Abs(got.SSIM-tt.ssim) > 1e-14 {
			t.Errorf("%s: SSIM %.15g, want %.15g", tt.name, got.SSIM, tt.ssim)
		}
	}
}

// TestWindow checks SSIM against closed forms that depend on the window's
// weights: a single 11×11 window with one changed pixel, and a 12-pixel
// wide image (two window columns) whose first column is changed, which
// only the first column of windows sees, with the edge tap's weight.
func TestWindow(t *testing.T) {
	// One window: 11×11 flat grey against the same with the centre pixel
	// raised by 50. The window's mean moves by w0²·50 (w0 the centre tap),
	// the variance of the changed image is w0²(1−w0²)·50², the covariance 0.
	g := gaussian()
	w0 := g[Window/2]
	a, b := flat(11, 11, 100), flat(11, 11, 100)
	b.Pix[b.PixOffset(5, 5)], b.Pix[b.PixOffset(5, 5)+1], b.Pix[b.PixOffset(5, 5)+2] = 150, 150, 150
	c1, c2 := math.Pow(0.01*255, 2), math.Pow(0.03*255, 2)
	ux, uy := 100.0, 100+w0*w0*50
	vy := w0 * w0 * (1 - w0*w0) * 50 * 50
	want := (2*ux*uy + c1) * c2 / ((ux*ux + uy*uy + c1) * (vy + c2))
	got, err := SSIM(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-want) > 1e-13 {
		t.Errorf("centre pixel: SSIM %.15g, want %.15g", got, want)
	}
	// The centre and edge taps of the normalised Gaussian of σ = 1.5 over
	// −5..5, as scipy 1.17.1's ndimage._gaussian_kernel1d(1.5, 0, 5) printed
	// them.
	var sum float64
	for x := -5; x <= 5; x++ {
		sum += math.Exp(-float64(x*x) / 4.5)
	}
	if math.Abs(w0-1/sum) > 1e-15 || math.Abs(w0-0.26601172486179436) > 1e-15 || math.Abs(g[0]-0.00102838008447911) > 1e-17 {
		t.Errorf("taps: centre %.17g, edge %.17g", w0, g[0])
	}
	// Column 0 changed from 100 to 0 in a 12×11 image.
	a, b = flat(12, 11, 100), flat(12, 11, 100)
	for y := range 11 {
		o := b.PixOffset(0, y)
		b.Pix[o], b.Pix[o+1], b.Pix[o+2] = 0, 0, 0
	}
	got, err = SSIM(a, b)
	if err != nil {
		t.Fatal(err)
	}
	// Window 0 sees column 0 with weight g[0] per row (Σ over rows = g[0]);
	// window 1 does not see it, so its SSIM is 1.
	gx := g[0]
	ux, uy = 100, 100*(1-gx)
	vy = gx * (1 - gx) * 100 * 100
	s0 := (2*ux*uy + c1) * c2 / ((ux*ux + uy*uy + c1) * (vy + c2))
	if want := (s0 + 1) / 2; math.Abs(got-want) > 1e-13 {
		t.Errorf("edge column: SSIM %.15g, want %.15g (mean of %.6g and 1)", got, want, s0)
	}
}

// TestLuma checks the BT.709 weights on 8-bit and 16-bit and paletted
// images, and that grey levels are exact.
func TestLuma(t *testing.T) {
	for _, tt := range []struct {
		name string
		c    color.Color
		want float64
	}{
		{"red", color.RGBA{255, 0, 0, 255}, 0.2126 * 255},
		{"green", color.RGBA{0, 255, 0, 255}, 0.7152 * 255},
		{"blue", color.RGBA{0, 0, 255, 255}, 0.0722 * 255},
		{"grey 77", color.RGBA{77, 77, 77, 255}, 77},
		{"mixed", color.RGBA{10, 200, 30, 255}, 0.2126*10 + 0.7152*200 + 0.0722*30},
		{"16-bit grey", color.RGBA64{0x8080, 0x8080, 0x8080, 0xffff}, 128},
		{"16-bit between codes", color.RGBA64{0x8000, 0x8000, 0x8000, 0xffff}, 32768.0 / 257},
		{"half-transparent white, over black", color.NRGBA{255, 255, 255, 128}, 128},
	} {
		for _, img := range []image.Image{
			func() image.Image { m := image.NewRGBA64(image.Rect(0, 0, 1, 1)); m.Set(0, 0, tt.c); return m }(),
			func() image.Image { m := image.NewRGBA(image.Rect(3, 4, 4, 5)); m.Set(3, 4, tt.c); return m }(),
			image.NewPaletted(image.Rect(0, 0, 1, 1), color.Palette{tt.c}),
		} {
			if _, ok := img.(*image.RGBA64); !ok && tt.name[:2] == "16" {
				continue // not representable in 8 bits
			}
			got := NewLuma(img).Y[0]
			if math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("%s in %T: luma %.15g, want %.15g", tt.name, img, got, tt.want)
			}
		}
	}
	// Every grey level is exact in both paths.
	for v := range 256 {
		m := image.NewRGBA(image.Rect(0, 0, 1, 1))
		m.Set(0, 0, color.Gray{uint8(v)})
		if got := NewLuma(m).Y[0]; got != float64(v) {
			t.Fatalf("grey %d: luma %v", v, got)
		}
		if got := NewLuma(&image.Gray{Pix: []uint8{uint8(v)}, Stride: 1, Rect: image.Rect(0, 0, 1, 1)}).Y[0]; got != float64(v) {
			t.Fatalf("grey %d in image.Gray: luma %v", v, got)
		}
	}
}

// TestErrors checks that size mismatches and small images are errors
// naming the sizes, never panics.
func TestErrors(t *testing.T) {
	empty := image.NewRGBA(image.Rectangle{})
	for _, tt := range []struct {
		name  string
		a, b  image.Image
		psnr  error // nil: PSNR works
		ssim  error
		sizes string
	}{
		{"sizes differ", flat(20, 20, 0), flat(20, 21, 0), ErrSize, ErrSize, "20×20 and 20×21"},
		{"transposed", flat(30, 20, 0), flat(20, 30, 0), ErrSize, ErrSize, "30×20 and 20×30"},
		{"both empty", empty, empty, ErrTooSmall, ErrTooSmall, "0×0"},
		{"one empty", empty, flat(11, 11, 0), ErrSize, ErrSize, "0×0 and 11×11"},
		{"below the window", flat(10, 40, 0), flat(10, 40, 0), nil, ErrTooSmall, "10×40"},
	} {
		_, err := PSNR(tt.a, tt.b)
		if tt.psnr == nil && err != nil || tt.psnr != nil && !errors.Is(err, tt.psnr) {
			t.Errorf("%s: PSNR error %v, want %v", tt.name, err, tt.psnr)
		}
		_, err = SSIM(tt.a, tt.b)
		if !errors.Is(err, tt.ssim) {
			t.Errorf("%s: SSIM error %v, want %v", tt.name, err, tt.ssim)
		} else if !strings.Contains(err.Error(), tt.sizes) {
			t.Errorf("%s: SSIM error %q does not name %q", tt.name, err, tt.sizes)
		}
		if _, err := Compare(tt.a, tt.b); err == nil {
			t.Errorf("%s: Compare: no error", tt.name)
		}
	}
	if _, err := Diff(flat(3, 3, 0), flat(3, 4, 0), 1); !errors.Is(err, ErrSize) {
		t.Errorf("Diff of 3×3 and 3×4: %v", err)
	}
}

// TestFit checks that Fit keeps an image of the target size, keeps flat
// images flat at any scale, and averages when shrinking (a 1-pixel
// checkerboard halved is mid grey, not a checkerboard).
func TestFit(t *testing.T) {
	noise, _ := pair(t, "noise", 30, 20)
	same := Fit(noise, image.Pt(30, 20))
	if p, _ := PSNR(same, noise); !math.IsInf(p, 1) {
		t.Errorf("Fit to its own size changed the image: PSNR %v", p)
	}
	for _, size := range []image.Point{{7, 5}, {64, 48}, {30, 41}, {1, 1}} {
		got := Fit(flat(30, 20, 77), size)
		if got.Bounds() != image.Rect(0, 0, size.X, size.Y) {
			t.Fatalf("Fit to %v: bounds %v", size, got.Bounds())
		}
		for _, y := range NewLuma(got).Y {
			if y != 77 {
				t.Fatalf("Fit of flat 77 to %v: luma %v", size, y)
			}
		}
	}
	checker := image.NewGray(image.Rect(0, 0, 40, 40))
	for i := range checker.Pix {
		if (i%40+i/40)%2 == 0 {
			checker.Pix[i] = 255
		}
	}
	half := NewLuma(Fit(checker, image.Pt(20, 20)))
	for i, y := range half.Y {
		if x, yy := i%20, i/20; x > 1 && x < 18 && yy > 1 && yy < 18 && math.Abs(y-127.5) > 1 {
			t.Fatalf("halved checkerboard at %d,%d: luma %v, want about 127.5", x, yy, y)
		}
	}
	if got := Fit(noise, image.Pt(0, 5)); !got.Bounds().Empty() {
		t.Errorf("Fit to 0×5: %v", got.Bounds())
	}
}

// TestCropDiffSideBySide checks the helpers' geometry and values.
func TestCropDiffSideBySide(t *testing.T) {
	a, _ := pair(t, "formula", 37, 23)
	r := image.Rect(5, 3, 20, 17)
	c, err := Crop(a, r)
	if err != nil {
		t.Fatal(err)
	}
	if c.Bounds() != image.Rect(0, 0, 15, 14) || c.RGBAAt(0, 0) != a.RGBAAt(5, 3) || c.RGBAAt(14, 13) != a.RGBAAt(19, 16) {
		t.Errorf("crop: bounds %v, corners %v %v", c.Bounds(), c.RGBAAt(0, 0), c.RGBAAt(14, 13))
	}
	for _, bad := range []image.Rectangle{image.Rect(30, 0, 40, 10), image.Rect(5, 5, 5, 9), image.Rect(-1, 0, 3, 3)} {
		if _, err := Crop(a, bad); err == nil {
			t.Errorf("crop %v of %v: no error", bad, a.Bounds())
		}
	}
	d, err := Diff(flat(4, 3, 100), flat(4, 3, 90), 4)
	if err != nil {
		t.Fatal(err)
	}
	if d.Bounds() != image.Rect(0, 0, 4, 3) || d.Pix[0] != 40 {
		t.Errorf("diff of 100 and 90 with gain 4: %v, %d; want 40", d.Bounds(), d.Pix[0])
	}
	if d, _ := Diff(flat(2, 2, 0), flat(2, 2, 255), 4); d.Pix[3] != 255 {
		t.Errorf("diff is not clamped: %d", d.Pix[3])
	}
	s := SideBySide(4, flat(10, 5, 0), flat(6, 8, 255))
	if s.Bounds() != image.Rect(0, 0, 20, 8) || s.RGBAAt(12, 0).R != 128 || s.RGBAAt(14, 7).R != 255 || s.RGBAAt(9, 4).R != 0 || s.RGBAAt(0, 6).R != 128 {
		t.Errorf("side by side: %v, gap %v, right %v", s.Bounds(), s.RGBAAt(12, 0), s.RGBAAt(14, 7))
	}
}

// BenchmarkCompare measures PSNR and SSIM of a 640×480 pair (luma
// extraction included).
func BenchmarkCompare(b *testing.B) {
	x, y := pair(b, "noise", 640, 480)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Compare(x, y); err != nil {
			b.Fatal(err)
		}
	}
}
