package render

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"

	"github.com/synthkit/synthkit/scene"
)

// phonePost is a post-processing with every effect on.
func phonePost(seed uint64) scene.Post {
	return scene.Post{
		Seed: seed, Blur: 0.8, MotionLength: 2, MotionAngle: 0.3, Vignette: 0.25,
		WhiteBalance: [3]float64{0.05, 0, -0.04}, Exposure: 0.2, ShotNoise: 0.0005,
		Contrast: 0.1, Saturation: 0.1, Noise: 0.01, JPEGQuality: 85,
	}
}

// flatImage returns a w×h image of one colour.
func flatImage(w, h int, c color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	return img
}

// texturedFrame returns a frame with random colour and label buffers.
func texturedFrame(w, h int, seed uint64) *Frame {
	r := rand.New(rand.NewPCG(seed, 1))
	f := NewFrame(w, h, 2)
	for i := range f.Color.Pix {
		f.Color.Pix[i] = uint8(r.UintN(256))
		if i%4 == 3 {
			f.Color.Pix[i] = 255
		}
	}
	for i := range f.IDs {
		f.IDs[i] = uint32(r.UintN(3))
		f.Depth[i] = r.Float32()
		f.Normals[i] = mgl32.Vec3{r.Float32(), r.Float32(), r.Float32()}
	}
	for i := range f.Silhouettes {
		f.Silhouettes[i] = Silhouette{Bounds: image.Rect(1, 1, 3, 3), Mask: []uint8{1, 0, 1, 1}, Pixels: 3}
	}
	return f
}

func cloneFrame(f *Frame) *Frame {
	g := *f
	c := *f.Color
	c.Pix = bytes.Clone(f.Color.Pix)
	g.Color = &c
	g.IDs = append([]uint32(nil), f.IDs...)
	g.Depth = append([]float32(nil), f.Depth...)
	g.Normals = append([]mgl32.Vec3(nil), f.Normals...)
	g.Silhouettes = append([]Silhouette(nil), f.Silhouettes...)
	for i := range g.Silhouettes {
		g.Silhouettes[i].Mask = bytes.Clone(f.Silhouettes[i].Mask)
	}
	return &g
}

func mustPost(t testing.TB, f *Frame, p scene.Post) {
	t.Helper()
	if err := ApplyPost(f, p); err != nil {
		t.Fatal(err)
	}
}

func TestApplyPostZeroIsIdentity(t *testing.T) {
	f := texturedFrame(64, 48, 1)
	want := bytes.Clone(f.Color.Pix)
	mustPost(t, f, scene.Post{Seed: 99})
	if !bytes.Equal(f.Color.Pix, want) {
		t.Fatal("a zero Post changed the colour")
	}
}

// TestApplyPostLabelsUntouched checks that each effect, and all together,
// change Color only.
func TestApplyPostLabelsUntouched(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    scene.Post
	}{
		{"all", phonePost(3)},
		{"blur", scene.Post{Blur: 1.5}},
		{"motion", scene.Post{MotionLength: 5}},
		{"noise", scene.Post{Seed: 1, Noise: 0.05}},
		{"jpeg", scene.Post{JPEGQuality: 50}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := texturedFrame(64, 48, 2)
			before := cloneFrame(f)
			mustPost(t, f, tc.p)
			if bytes.Equal(f.Color.Pix, before.Color.Pix) {
				t.Error("colour unchanged")
			}
			g, b := cloneFrame(f), before
			g.Color, b.Color = nil, nil
			if !equalLabels(g, b) {
				t.Error("label buffers changed")
			}
		})
	}
}

func equalLabels(a, b *Frame) bool {
	if a.Width != b.Width || a.Height != b.Height || len(a.Silhouettes) != len(b.Silhouettes) {
		return false
	}
	for i := range a.IDs {
		if a.IDs[i] != b.IDs[i] || math.Float32bits(a.Depth[i]) != math.Float32bits(b.Depth[i]) || a.Normals[i] != b.Normals[i] {
			return false
		}
	}
	for i := range a.Silhouettes {
		sa, sb := a.Silhouettes[i], b.Silhouettes[i]
		if sa.Bounds != sb.Bounds || sa.Pixels != sb.Pixels || !bytes.Equal(sa.Mask, sb.Mask) {
			return false
		}
	}
	return true
}

// TestApplyPostDeterministic checks that the bytes depend on the seed and
// not on the number of workers.
func TestApplyPostDeterministic(t *testing.T) {
	run := func(seed uint64, workers int) []uint8 {
		img := texturedFrame(97, 83, 4).Color
		if err := applyPost(img, phonePost(seed), StagesOf(phonePost(seed)), workers); err != nil {
			t.Fatal(err)
		}
		return img.Pix
	}
	ref := run(7, 1)
	for _, workers := range []int{1, 2, 3, 8} {
		if !bytes.Equal(run(7, workers), ref) {
			t.Errorf("%d workers give other bytes than 1", workers)
		}
	}
	if bytes.Equal(run(8, 4), ref) {
		t.Error("seeds 7 and 8 give the same bytes")
	}
	f := texturedFrame(97, 83, 4)
	mustPost(t, f, phonePost(7))
	if !bytes.Equal(f.Color.Pix, ref) {
		t.Error("ApplyPost differs from one worker")
	}
}

// stats returns the mean and standard deviation of channel values of img
// mapped by fn.
func stats(img *image.RGBA, fn func(uint8) float64) (mean, std float64) {
	var s, s2, n float64
	for i, v := range img.Pix {
		if i%4 == 3 {
			continue
		}
		x := fn(v)
		s, s2, n = s+x, s2+x*x, n+1
	}
	mean = s / n
	return mean, math.Sqrt(s2/n - mean*mean)
}

func code(v uint8) float64 { return float64(v) }
func lin(v uint8) float64  { return float64(srgbDecode()[v]) }

// TestPostNoise checks the measured noise of a flat grey image against the
// requested standard deviation.
func TestPostNoise(t *testing.T) {
	for _, tc := range []struct {
		name     string
		p        scene.Post
		fn       func(uint8) float64
		wantMean float64
		wantStd  float64
	}{
		// Gaussian sensor noise in sRGB codes (rounding adds 1/12 of variance).
		{"sensor", scene.Post{Seed: 1, Noise: 0.02}, code, 128, math.Hypot(0.02*255, math.Sqrt(1.0/12))},
		{"sensor-small", scene.Post{Seed: 2, Noise: 2.0 / 255}, code, 128, math.Hypot(2, math.Sqrt(1.0/12))},
		// Shot noise in linear light: variance k·v.
		{"shot", scene.Post{Seed: 3, ShotNoise: 0.01}, lin, lin(128), math.Sqrt(0.01 * lin(128))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &Frame{Width: 256, Height: 256, Color: flatImage(256, 256, color.RGBA{128, 128, 128, 255})}
			mustPost(t, f, tc.p)
			mean, std := stats(f.Color, tc.fn)
			t.Logf("mean %.4f std %.4f (want %.4f, %.4f)", mean, std, tc.wantMean, tc.wantStd)
			if math.Abs(std-tc.wantStd) > 0.03*tc.wantStd {
				t.Errorf("std %.4f, want %.4f ± 3%%", std, tc.wantStd)
			}
			if math.Abs(mean-tc.wantMean) > 0.05*tc.wantStd {
				t.Errorf("mean %.4f, want %.4f", mean, tc.wantMean)
			}
		})
	}
}

// TestPostBlurImpulse blurs a single white pixel on black and compares the
// result, in linear light, with the Gaussian kernel.
func TestPostBlurImpulse(t *testing.T) {
	for _, sigma := range []float64{0.7, 1.5, 3} {
		const n, c = 41, 20
		f := &Frame{Width: n, Height: n, Color: flatImage(n, n, color.RGBA{0, 0, 0, 255})}
		f.Color.SetRGBA(c, c, color.RGBA{255, 255, 255, 255})
		mustPost(t, f, scene.Post{Blur: sigma})
		r := int(math.Ceil(3 * sigma))
		var sum float64
		for i := -r; i <= r; i++ {
			sum += math.Exp(-float64(i*i) / (2 * sigma * sigma))
		}
		g := func(d int) float64 {
			if d < -r || d > r {
				return 0
			}
			return math.Exp(-float64(d*d)/(2*sigma*sigma)) / sum
		}
		var total float64
		for y := range n {
			for x := range n {
				px := f.Color.RGBAAt(x, y)
				got := lin(px.R)
				want := g(x-c) * g(y-c)
				total += got
				// Half an 8-bit step in linear light at this level.
				tol := 0.5*(lin(min(255, px.R+1))-lin(max(1, px.R)-1))/2 + 1e-4
				if math.Abs(got-want) > tol || px.R != px.G || px.R != px.B {
					t.Fatalf("sigma %g: pixel (%d, %d) = %v (linear %.5f), want linear %.5f ± %.5f", sigma, x, y, px, got, want, tol)
				}
			}
		}
		if math.Abs(total-1) > 0.01 {
			t.Errorf("sigma %g: blurred energy %.4f, want 1", sigma, total)
		}
	}
}

// TestPostMotionBlur smears a vertical line horizontally, not vertically.
func TestPostMotionBlur(t *testing.T) {
	const w, h, c = 40, 20, 20
	f := &Frame{Width: w, Height: h, Color: flatImage(w, h, color.RGBA{0, 0, 0, 255})}
	for y := range h {
		f.Color.SetRGBA(c, y, color.RGBA{255, 255, 255, 255})
	}
	mustPost(t, f, scene.Post{MotionLength: 4})
	for y := range h {
		for x := range w {
			v := f.Color.RGBAAt(x, y).R
			if d := x - c; (d >= -2 && d <= 2) != (v > 0) {
				t.Fatalf("pixel (%d, %d) = %d", x, y, v)
			}
			if v != f.Color.RGBAAt(x, 0).R {
				t.Fatalf("pixel (%d, %d) = %d differs from row 0", x, y, v)
			}
		}
	}
	// Five taps of weight 1/5 each, one on the line.
	if got, want := lin(f.Color.RGBAAt(c, 5).R), 0.2; math.Abs(got-want) > 0.005 {
		t.Errorf("centre linear %.4f, want %.4f", got, want)
	}
}

// encodeExact is the sRGB encoding of a linear value to the nearest code.
func encodeExact(v float64) uint8 {
	v = max(0, min(1, v))
	var c float64
	if v <= 0.0031308 {
		c = 12.92 * v
	} else {
		c = 1.055*math.Pow(v, 1/2.4) - 0.055
	}
	return uint8(math.Round(c * 255))
}

// TestPostColour maps known colours through the colour adjustments.
func TestPostColour(t *testing.T) {
	in := color.RGBA{200, 100, 50, 255}
	l := func(v uint8) float64 { return srgbToLinear(float64(v) / 255) }
	for _, tc := range []struct {
		name string
		p    scene.Post
		want color.RGBA
	}{
		{"white balance", scene.Post{WhiteBalance: [3]float64{0.5, 0, -0.5}},
			color.RGBA{encodeExact(1.5 * l(200)), 100, encodeExact(0.5 * l(50)), 255}},
		{"exposure", scene.Post{Exposure: -1},
			color.RGBA{encodeExact(l(200) / 2), encodeExact(l(100) / 2), encodeExact(l(50) / 2), 255}},
		{"overexposed", scene.Post{Exposure: 3}, color.RGBA{255, encodeExact(8 * l(100)), encodeExact(8 * l(50)), 255}},
		// 127.5 + 1.5·(c − 127.5)
		{"contrast", scene.Post{Contrast: 0.5}, color.RGBA{236, 86, 11, 255}},
		// luma 0.299·200 + 0.587·100 + 0.114·50 = 124.2
		{"greyscale", scene.Post{Saturation: -1}, color.RGBA{124, 124, 124, 255}},
		// 124.2 + 2·(c − 124.2)
		{"saturate", scene.Post{Saturation: 1}, color.RGBA{255, 76, 0, 255}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &Frame{Width: 4, Height: 3, Color: flatImage(4, 3, in)}
			mustPost(t, f, tc.p)
			for y := range 3 {
				for x := range 4 {
					if got := f.Color.RGBAAt(x, y); got != tc.want {
						t.Fatalf("pixel (%d, %d) = %v, want %v", x, y, got, tc.want)
					}
				}
			}
		})
	}
}

// TestPostVignette darkens the corners and leaves the centre.
func TestPostVignette(t *testing.T) {
	const w, h = 64, 48
	f := &Frame{Width: w, Height: h, Color: flatImage(w, h, color.RGBA{200, 200, 200, 255})}
	mustPost(t, f, scene.Post{Vignette: 0.5})
	centre := f.Color.RGBAAt(w/2, h/2).R
	if centre < 199 {
		t.Errorf("centre = %d, want about 200", centre)
	}
	// At a corner pixel r² is close to 1: linear ×(1 − 0.5·r²).
	for _, p := range []image.Point{{0, 0}, {w - 1, 0}, {0, h - 1}, {w - 1, h - 1}} {
		got := f.Color.RGBAAt(p.X, p.Y).R
		cx, cy := float64(p.X)+0.5-w/2, float64(p.Y)+0.5-h/2
		want := encodeExact(srgbToLinear(200.0/255) * (1 - 0.5*(cx*cx+cy*cy)/(w*w/4+h*h/4)))
		if got > want+1 || got+1 < want || got >= centre {
			t.Errorf("corner %v = %d, want %d", p, got, want)
		}
	}
}

// TestPostJPEG checks that a low quality changes pixels more than a high one.
func TestPostJPEG(t *testing.T) {
	diff := func(q int) float64 {
		f := texturedFrame(64, 48, 5)
		// Smooth the random image so it looks more like a photo.
		mustPost(t, f, scene.Post{Blur: 1})
		before := bytes.Clone(f.Color.Pix)
		mustPost(t, f, scene.Post{JPEGQuality: q})
		var s float64
		for i := range before {
			s += math.Abs(float64(before[i]) - float64(f.Color.Pix[i]))
		}
		return s / float64(len(before))
	}
	d10, d95 := diff(10), diff(95)
	t.Logf("mean absolute change: quality 10 %.3f, quality 95 %.3f", d10, d95)
	if !(d10 > 2*d95 && d95 > 0) {
		t.Errorf("quality 10 changes %.3f, quality 95 %.3f", d10, d95)
	}
}

// TestApplyPostErrors checks bad input gives errors, not panics.
func TestApplyPostErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    *Frame
		p    scene.Post
	}{
		{"nil frame", nil, scene.Post{Noise: 0.01}},
		{"nil colour", &Frame{Width: 2, Height: 2}, scene.Post{Noise: 0.01}},
		{"invalid", texturedFrame(4, 4, 1), scene.Post{Blur: math.NaN()}},
		{"short pix", &Frame{Color: &image.RGBA{Pix: make([]uint8, 8), Stride: 16, Rect: image.Rect(0, 0, 4, 4)}}, scene.Post{Noise: 0.01}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := ApplyPost(tc.f, tc.p); err == nil {
				t.Error("no error")
			}
		})
	}
}

// TestSRGBTables checks that every code survives decode + encode.
func TestSRGBTables(t *testing.T) {
	dec, enc := srgbDecode(), srgbEncode()
	for c := range 256 {
		if got := enc[linearIndex(dec[c])]; int(got) != c {
			t.Errorf("code %d comes back as %d", c, got)
		}
	}
}

func BenchmarkApplyPost(b *testing.B) {
	for _, tc := range []struct {
		name string
		p    scene.Post
	}{
		{"noise", scene.Post{Seed: 1, Noise: 0.01}},
		{"colour", scene.Post{Exposure: 0.2, WhiteBalance: [3]float64{0.05, 0, -0.05}, Contrast: 0.1, Saturation: 0.1}},
		{"blur1", scene.Post{Blur: 1}},
		{"motion3", scene.Post{MotionLength: 3}},
		{"jpeg85", scene.Post{JPEGQuality: 85}},
		{"phone", phonePost(1)},
		// Stages 1 and 2 as every shelves sample has them: gains, a
		// vignette and shot noise, then contrast, saturation and noise.
		{"shelf", scene.Post{Seed: 1, ShotNoise: 0.0003, Vignette: 0.15, Exposure: -0.1,
			WhiteBalance: [3]float64{0.03, 0, -0.02}, Contrast: 0.05, Saturation: 0.05, Noise: 0.008}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			f := texturedFrame(640, 480, 1)
			b.SetBytes(int64(len(f.Color.Pix)))
			// Each iteration starts from the same image (a 1.2 MB copy):
			// applied over and over, noise would drive it to 0 and 255.
			pristine := bytes.Clone(f.Color.Pix)
			for b.Loop() {
				copy(f.Color.Pix, pristine)
				if err := ApplyPost(f, tc.p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestNormalTable checks the inverse-CDF table behind the noise: strictly
// increasing, symmetric about zero, with mean 0 and variance 1 to the
// precision its 4.32σ tail cut allows, and normals.pixel hands out the
// low three 16-bit fields of each pixel's hash, lowest first.
func TestNormalTable(t *testing.T) {
	tab := normalTable()
	var sum, sq float64
	for i, z := range tab {
		if i > 0 && !(z > tab[i-1]) {
			t.Fatalf("table[%d] = %g is not above table[%d] = %g", i, z, i-1, tab[i-1])
		}
		if m := tab[len(tab)-1-i]; z != -m {
			t.Fatalf("table[%d] = %g, but its mirror is %g", i, z, m)
		}
		sum += float64(z)
		sq += float64(z) * float64(z)
	}
	n := float64(len(tab))
	if mean, v := sum/n, sq/n; math.Abs(mean) > 1e-9 || math.Abs(v-1) > 5e-4 {
		t.Errorf("table mean %g variance %g, want 0 and 1", mean, v)
	}
	if top := float64(tab[len(tab)-1]); math.Abs(top-4.325) > 0.005 {
		t.Errorf("largest draw %g, want 4.325", top)
	}
	// The draws of a pixel are the low 16-bit fields of its hash, and a
	// row's hashes are distinct (mix64 is a bijection).
	var r normals
	r.reset(7, 3, streamSensor)
	key := mix64(7 ^ mix64(3*postStreams+streamSensor))
	seen := map[uint64]bool{}
	for x := range 1000 {
		bits := mix64(key + uint64(x+1)*golden)
		if seen[bits] {
			t.Fatalf("pixel %d repeats a hash", x)
		}
		seen[bits] = true
		got := [3]float32{}
		got[0], got[1], got[2] = r.pixel(x)
		for k := range 3 {
			if want := tab[uint16(bits>>(16*k))]; got[k] != want {
				t.Fatalf("pixel %d channel %d: %g, want %g", x, k, got[k], want)
			}
		}
	}
}

// BenchmarkNormals compares the noise's table draws, a pixel at a time,
// with three rand.NormFloat64 draws.
func BenchmarkNormals(b *testing.B) {
	b.Run("table", func(b *testing.B) {
		var r normals
		r.reset(1, 0, 0)
		var s float32
		i := 0
		for b.Loop() {
			x, y, z := r.pixel(i)
			s += x + y + z
			i++
		}
		_ = s
	})
	b.Run("NormFloat64", func(b *testing.B) {
		r := rand.New(rand.NewPCG(1, 0))
		var s float64
		for b.Loop() {
			s += r.NormFloat64() + r.NormFloat64() + r.NormFloat64()
		}
		_ = s
	})
}

// TestApplyPostSkipsApplied: ApplyPost leaves out the stages a renderer
// recorded in Frame.PostApplied, and only those.
func TestApplyPostSkipsApplied(t *testing.T) {
	p := phonePost(3)
	all := StagesOf(p)
	if all != PostLinear|PostDisplay|PostJPEG {
		t.Fatalf("StagesOf(phone) = %b", all)
	}
	full := texturedFrame(61, 47, 2)
	mustPost(t, full, p)
	for _, done := range []PostStages{PostLinear, PostLinear | PostDisplay, all} {
		// What a renderer that ran the stages done would hand over.
		f := texturedFrame(61, 47, 2)
		if err := applyPost(f.Color, p, done, 1); err != nil {
			t.Fatal(err)
		}
		f.PostApplied = done
		mustPost(t, f, p)
		if !bytes.Equal(f.Color.Pix, full.Color.Pix) {
			t.Errorf("PostApplied %b: the result differs from applying everything at once", done)
		}
	}
	// Stages applied out of order, or ones the post lacks, are refused.
	for _, bad := range []struct {
		post scene.Post
		done PostStages
	}{
		{p, PostJPEG},
		{p, PostDisplay},
		{p, PostLinear | PostJPEG},
		{scene.Post{Noise: 0.01}, PostLinear},
	} {
		f := texturedFrame(61, 47, 2)
		f.PostApplied = bad.done
		if err := ApplyPost(f, bad.post); err == nil || !strings.Contains(err.Error(), "leading part") {
			t.Errorf("post stages %b, applied %b: %v", StagesOf(bad.post), bad.done, err)
		}
	}
	// Only what the post has counts: display applied, no linear stage.
	f0 := texturedFrame(61, 47, 2)
	f0.PostApplied = PostDisplay
	if err := ApplyPost(f0, scene.Post{Noise: 0.01, JPEGQuality: 50}); err != nil {
		t.Errorf("display applied, JPEG to do: %v", err)
	}
	// Stages recorded as applied are not applied again.
	f := texturedFrame(61, 47, 2)
	f.PostApplied = all
	mustPost(t, f, p)
	if !bytes.Equal(f.Color.Pix, texturedFrame(61, 47, 2).Color.Pix) {
		t.Error("PostApplied = every stage, and ApplyPost still changed the image")
	}
}

// TestPlanPost checks the plan a backend runs against what ApplyPost uses.
func TestPlanPost(t *testing.T) {
	p := phonePost(21)
	pl, err := PlanPost(p, 40, 30)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Stages != PostLinear|PostDisplay|PostJPEG {
		t.Errorf("Stages = %b, want all three", pl.Stages)
	}
	if ql, qc := jpegQuantTables(p.JPEGQuality); pl.JPEGLuma != ql || pl.JPEGChroma != qc || pl.JPEGBasis != *jpegK() {
		t.Error("the plan's JPEG tables are not ApplyPost's")
	}
	if len(pl.ShotKeys) != 30 || len(pl.SensorKeys) != 30 {
		t.Fatalf("%d shot and %d sensor keys for 30 rows", len(pl.ShotKeys), len(pl.SensorKeys))
	}
	for y := range 30 {
		var n normals
		n.reset(p.Seed, y, streamShot)
		if pl.ShotKeys[y] != n.key {
			t.Errorf("row %d: shot key %x, ApplyPost draws from %x", y, pl.ShotKeys[y], n.key)
		}
		n.reset(p.Seed, y, streamSensor)
		if pl.SensorKeys[y] != n.key {
			t.Errorf("row %d: sensor key %x, ApplyPost draws from %x", y, pl.SensorKeys[y], n.key)
		}
	}
	if r := len(pl.Blur) / 2; len(pl.Blur) != 2*r+1 || r != int(math.Ceil(3*p.Blur)) {
		t.Errorf("%d blur weights for sigma %v", len(pl.Blur), p.Blur)
	}
	if len(pl.Motion) != int(math.Ceil(p.MotionLength))+1 {
		t.Errorf("%d motion taps for length %v", len(pl.Motion), p.MotionLength)
	}
	// The documented noise hash: mix64(key + (x+1)·γ), bits 0-47.
	var n normals
	n.reset(p.Seed, 7, streamSensor)
	_, _, tab := PostTables()
	x := uint64(5)
	bits := mix64(pl.SensorKeys[7] + (x+1)*0x9e3779b97f4a7c15)
	r, g, b := n.pixel(5)
	if r != tab[bits&0xffff] || g != tab[bits>>16&0xffff] || b != tab[bits>>32&0xffff] {
		t.Error("the documented noise hash does not give ApplyPost's draws")
	}

	quiet, err := PlanPost(scene.Post{Contrast: 0.2}, 8, 8)
	if err != nil {
		t.Fatal(err)
	}
	if quiet.Stages != PostDisplay || quiet.ShotKeys != nil || quiet.SensorKeys != nil || quiet.Blur != nil || quiet.Motion != nil {
		t.Errorf("contrast alone: %+v", quiet)
	}
	if _, err := PlanPost(scene.Post{Blur: -1}, 8, 8); err == nil || !strings.Contains(err.Error(), "blur") {
		t.Errorf("bad blur: %v", err)
	}
	if _, err := PlanPost(p, 0, 8); err == nil {
		t.Error("a 0×8 image was planned")
	}
}

// motionRowsReference is motionRows as first written, a pixel at a time,
// each tap's floor and clamps taken in place: what the row-at-a-time
// code is checked against (TestMotionRowsMatchReference).
func motionRowsReference(dst, src []float32, w, h, y0, y1 int, taps []MotionTap) {
	type rowTap struct {
		dx     float32
		r0, r1 int     // offsets of rows iy and iy+1 (clamped) in src
		ay, by float32 // ay and 1−ay
		w      float32
	}
	rt := make([]rowTap, len(taps))
	// The columns x with every tap's ix and ix+1 inside [0, w).
	lo, hi := 0, w
	for _, t := range taps {
		// ix = ⌊x + dx⌋ >= 0 and ix+1 <= w−1, with margin for rounding.
		lo = max(lo, int(math.Ceil(float64(-t.DX)))+1)
		hi = min(hi, w-2-int(math.Ceil(float64(t.DX)))-1)
	}
	at := func(x, row int) []float32 {
		x = min(w-1, max(0, x))
		return src[row+3*x : row+3*x+3]
	}
	for y := y0; y < y1; y++ {
		for i, t := range taps {
			fy := float32(y) + t.DY
			iy := int(math.Floor(float64(fy)))
			ay := fy - float32(iy)
			rt[i] = rowTap{
				dx: t.DX, w: t.W, ay: ay, by: 1 - ay,
				r0: 3 * w * min(h-1, max(0, iy)), r1: 3 * w * min(h-1, max(0, iy+1)),
			}
		}
		for x := range w {
			var acc [3]float32
			inside := x >= lo && x < hi
			for i := range rt {
				t := &rt[i]
				fx := float32(x) + t.dx
				ix := int(math.Floor(float64(fx)))
				ax := fx - float32(ix)
				var p00, p10, p01, p11 []float32
				if inside {
					p00, p10 = src[t.r0+3*ix:t.r0+3*ix+3], src[t.r0+3*ix+3:t.r0+3*ix+6]
					p01, p11 = src[t.r1+3*ix:t.r1+3*ix+3], src[t.r1+3*ix+3:t.r1+3*ix+6]
				} else {
					p00, p10, p01, p11 = at(ix, t.r0), at(ix+1, t.r0), at(ix, t.r1), at(ix+1, t.r1)
				}
				w00, w10, w01, w11 := (1-ax)*t.by*t.w, ax*t.by*t.w, (1-ax)*t.ay*t.w, ax*t.ay*t.w
				for c := range 3 {
					acc[c] += w00*p00[c] + w10*p10[c] + w01*p01[c] + w11*p11[c]
				}
			}
			o := dst[3*(w*y+x):]
			o[0], o[1], o[2] = acc[0], acc[1], acc[2]
		}
	}
}

// TestMotionRowsMatchReference checks motionRows, a tap at a time over
// each row with the columns computed once, against motionRowsReference,
// bit for bit: small images (most pixels near an edge) and 640×480, taps
// of every length in scene.Post's range and angles around the circle,
// bands of rows as ApplyPost splits them.
func TestMotionRowsMatchReference(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, size := range [][2]int{{37, 23}, {640, 480}, {5, 3}} {
		w, h := size[0], size[1]
		src := make([]float32, 3*w*h)
		for i := range src {
			src[i] = float32(r.Float64())
		}
		trials := 12
		if w*h > 10000 {
			trials = 2
		}
		for trial := range trials {
			length := 0.2 + r.Float64()*(scene.MaxMotionLength-0.2)
			if trial < 3 {
				length = []float64{1, 3.5, scene.MaxMotionLength}[trial]
			}
			taps := motionTaps(length, r.Float64()*2*math.Pi)
			got, want := make([]float32, len(src)), make([]float32, len(src))
			for i := range got {
				got[i] = float32(math.NaN()) // a recycled buffer: every value must be written
			}
			mc := newMotionCols(w, taps)
			for y0 := 0; y0 < h; y0 += postBand {
				y1 := min(h, y0+postBand)
				motionRows(got, src, w, h, y0, y1, taps, mc)
				motionRowsReference(want, src, w, h, y0, y1, taps)
			}
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%dx%d, length %g, %d taps: value %d (pixel %d, %d) = %g, the reference %g",
						w, h, length, len(taps), i, i/3%w, i/3/w, got[i], want[i])
				}
			}
		}
	}
}
