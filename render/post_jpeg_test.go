package render

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/synthkit/synthkit/scene"
)

// TestJPEGQuantTables checks the quality scaling against the values
// libjpeg gives: quality 50 is Annex K itself, 100 is all ones, 1 is all
// 255, and 75 halves the tables (rounded).
func TestJPEGQuantTables(t *testing.T) {
	for _, tc := range []struct {
		quality    int
		luma0      int32 // the DC entry of the luminance table
		chroma0    int32
		lumaLast   int32 // entry (7, 7)
		chromaLast int32
	}{
		{50, 16, 17, 99, 99},
		{100, 1, 1, 1, 1},
		{1, 255, 255, 255, 255},
		{75, 8, 9, 50, 50},
		{90, 3, 3, 20, 20},
		{10, 80, 85, 255, 255},
	} {
		l, c := jpegQuantTables(tc.quality)
		if l[0] != tc.luma0 || c[0] != tc.chroma0 || l[63] != tc.lumaLast || c[63] != tc.chromaLast {
			t.Errorf("quality %d: luma %d..%d chroma %d..%d, want %d..%d, %d..%d", tc.quality,
				l[0], l[63], c[0], c[63], tc.luma0, tc.lumaLast, tc.chroma0, tc.chromaLast)
		}
	}
	if l, _ := jpegQuantTables(50); l != jpegLuma {
		t.Error("quality 50 is not Annex K")
	}
}

// refRoundTrip is the definition of T.81 A.3.3 in float64: the forward
// DCT, quantization (halves away from zero), dequantization and inverse
// DCT, rounded to integers. ambiguous reports a coefficient within 0.05
// of a rounding boundary, where the fixed-point transform may round the
// other way (its coefficients are within about 0.01 of exact).
func refRoundTrip(b *jpegBlock, q *jpegBlock) (out jpegBlock, ambiguous bool) {
	c := func(u int) float64 {
		if u == 0 {
			return 1 / math.Sqrt2
		}
		return 1
	}
	cos := func(x, u int) float64 { return math.Cos(float64(2*x+1) * float64(u) * math.Pi / 16) }
	var g [64]float64
	for v := range 8 {
		for u := range 8 {
			var s float64
			for y := range 8 {
				for x := range 8 {
					s += float64(b[8*y+x]) * cos(x, u) * cos(y, v)
				}
			}
			f := c(u) * c(v) / 4 * s
			qq := float64(q[8*v+u])
			r := math.Round(f / qq) // halves away from zero
			if frac := math.Abs(f/qq - math.Trunc(f/qq)); math.Abs(frac-0.5)*qq < 0.05 {
				ambiguous = true
			}
			g[8*v+u] = r * qq
		}
	}
	for y := range 8 {
		for x := range 8 {
			var s float64
			for v := range 8 {
				for u := range 8 {
					s += c(u) * c(v) / 4 * g[8*v+u] * cos(x, u) * cos(y, v)
				}
			}
			out[8*y+x] = int32(math.Floor(s + 0.5))
		}
	}
	return out, ambiguous
}

// TestJPEGBlockMatchesDefinition checks the fixed-point round trip
// against the float64 definition on random blocks (uniform noise, and
// smooth ramps, which quantize to few coefficients) at several qualities:
// wherever no coefficient lies within 0.05 of a rounding boundary, every
// sample is within one level (the fixed-point error, a 14-bit basis and 8
// fractional bits between passes, is far below half a level, so only a
// value within it of a half can round the other way).
func TestJPEGBlockMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	checked := 0
	for _, quality := range []int{100, 95, 85, 75, 50, 20, 5} {
		ql, qc := jpegQuantTables(quality)
		for trial := range 300 {
			var b jpegBlock
			switch trial % 3 {
			case 0: // noise over the full range
				for i := range b {
					b[i] = int32(rng.IntN(256)) - 128
				}
			case 1: // a ramp with a little noise
				gx, gy, c := rng.Float64()*30-15, rng.Float64()*30-15, rng.Float64()*100-50
				for i := range b {
					v := c + gx*float64(i%8) + gy*float64(i/8) + rng.Float64()*4
					b[i] = int32(min(max(math.Round(v), -128), 127))
				}
			default: // the extremes: a checkerboard of −128 and 127
				for i := range b {
					b[i] = 127
					if (i%8+i/8)%2 == 0 {
						b[i] = -128
					}
				}
			}
			q := &ql
			if trial%2 == 1 {
				q = &qc
			}
			want, amb := refRoundTrip(&b, q)
			if amb {
				continue
			}
			checked++
			got := b
			got.roundTrip(q)
			for i := range got {
				if d := got[i] - want[i]; d > 1 || d < -1 {
					t.Fatalf("quality %d trial %d: sample %d = %d, want %d±1", quality, trial, i, got[i], want[i])
				}
			}
		}
	}
	if checked < 1000 {
		t.Errorf("only %d unambiguous blocks checked", checked)
	}
}

// codecRoundTrip is a real codec's round trip (and what JPEGQuality did
// before it was simulated): image/jpeg's encoder, then its decoder.
func codecRoundTrip(t *testing.T, img *image.RGBA, quality int) *image.RGBA {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: quality}); err != nil {
		t.Fatal(err)
	}
	dec, err := jpeg.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	out := image.NewRGBA(img.Rect)
	draw.Draw(out, out.Rect, dec, dec.Bounds().Min, draw.Src)
	return out
}

// exactRoundTrip applies refRoundTrip to every block of img's
// macroblocks, with the same colour conversion and subsampling as the
// simulation.
func exactRoundTrip(img *image.RGBA, quality int) *image.RGBA {
	out := image.NewRGBA(img.Rect)
	copy(out.Pix, img.Pix)
	pp := &postPass{img: out, w: img.Rect.Dx(), h: img.Rect.Dy()}
	ql, qc := jpegQuantTables(quality)
	for my := 0; my < pp.h; my += 16 {
		for mx := 0; mx < pp.w; mx += 16 {
			var y [4]jpegBlock
			var cb, cr jpegBlock
			pp.loadMacroblock(mx, my, &y, &cb, &cr)
			for i := range y {
				y[i], _ = refRoundTrip(&y[i], &ql)
			}
			cb, _ = refRoundTrip(&cb, &qc)
			cr, _ = refRoundTrip(&cr, &qc)
			pp.storeMacroblock(mx, my, &y, &cb, &cr)
		}
	}
	return out
}

// meanAbs returns the mean absolute difference of the colour channels of
// a and b, in levels.
func meanAbs(a, b *image.RGBA) float64 {
	var s float64
	for i := range a.Pix {
		if i%4 != 3 {
			s += math.Abs(float64(a.Pix[i]) - float64(b.Pix[i]))
		}
	}
	return s / float64(len(a.Pix)*3/4)
}

// TestJPEGMatchesCodec compares the simulation with the float64
// definition of every block and with a real codec (image/jpeg's encoder
// then decoder), on a photo-like image whose size is not a multiple of
// 16. Against the definition the mean difference is below 0.1 levels
// (the rare sample that rounds the other way); against the codec it
// changes the image by the same amount (within 2%), and the two differ
// per pixel by less than a quarter of that change: image/jpeg's integer
// DCTs round differently (they are themselves further from the
// definition than the simulation; logged).
func TestJPEGMatchesCodec(t *testing.T) {
	for _, quality := range []int{95, 85, 70, 30, 5} {
		f := texturedFrame(100, 75, 3)
		mustPost(t, f, scene.Post{Blur: 1.2})
		orig := image.NewRGBA(f.Color.Rect)
		copy(orig.Pix, f.Color.Pix)
		codec, exact := codecRoundTrip(t, orig, quality), exactRoundTrip(orig, quality)
		mustPost(t, f, scene.Post{JPEGQuality: quality})
		for i := 3; i < len(f.Color.Pix); i += 4 {
			if f.Color.Pix[i] != 255 {
				t.Fatalf("alpha at %d is %d", i, f.Color.Pix[i])
			}
		}
		sim := f.Color
		change, codecChange := meanAbs(sim, orig), meanAbs(codec, orig)
		toExact, toCodec, codecToExact := meanAbs(sim, exact), meanAbs(sim, codec), meanAbs(codec, exact)
		t.Logf("quality %d: change %.3f levels (codec %.3f); to the definition %.3f (codec %.3f); to the codec %.3f",
			quality, change, codecChange, toExact, codecToExact, toCodec)
		if toExact > 0.1 {
			t.Errorf("quality %d: %.3f levels from the definition", quality, toExact)
		}
		if math.Abs(change-codecChange) > 0.02*codecChange || toCodec > codecChange/4 {
			t.Errorf("quality %d: simulation changes %.3f levels, codec %.3f; they differ by %.3f", quality, change, codecChange, toCodec)
		}
	}
}

// TestJPEGNeutralGrey checks an analytic case: mid-grey (Y' 128, Cb and
// Cr 128) is all zero after the level shift, so every block quantizes to
// zero and the image comes back unchanged at every quality; any other
// flat grey keeps a flat DC, so the image stays flat.
func TestJPEGNeutralGrey(t *testing.T) {
	for _, quality := range []int{1, 50, 100} {
		for _, g := range []uint8{128, 40, 200} {
			f := texturedFrame(37, 21, 1)
			for i := range f.Color.Pix {
				f.Color.Pix[i] = g
				if i%4 == 3 {
					f.Color.Pix[i] = 255
				}
			}
			mustPost(t, f, scene.Post{JPEGQuality: quality})
			first := f.Color.Pix[0]
			for i, v := range f.Color.Pix {
				if i%4 != 3 && v != first {
					t.Fatalf("quality %d grey %d: pixel byte %d is %d, first %d", quality, g, i, v, first)
				}
			}
			if g == 128 && first != 128 {
				t.Errorf("quality %d: mid-grey came back as %d", quality, first)
			}
		}
	}
}

// TestColourConversionsMatch checks the JPEG simulation's inlined colour
// conversions against image/color's for every input: rgbToYCbCr against
// color.RGBToYCbCr, and putRGB with a quad's chroma terms against
// color.YCbCrToRGB.
func TestColourConversionsMatch(t *testing.T) {
	for r := range 256 {
		for g := range 256 {
			for b := range 256 {
				wy, wb, wr := color.RGBToYCbCr(uint8(r), uint8(g), uint8(b))
				y, cb, cr := rgbToYCbCr(uint8(r), uint8(g), uint8(b))
				if y != int32(wy) || cb != int32(wb) || cr != int32(wr) {
					t.Fatalf("rgbToYCbCr(%d, %d, %d) = %d, %d, %d; color.RGBToYCbCr gives %d, %d, %d", r, g, b, y, cb, cr, wy, wb, wr)
				}
				// The same three bytes as Y', Cb, Cr.
				wR, wG, wB := color.YCbCrToRGB(uint8(r), uint8(g), uint8(b))
				cb1, cr1 := int32(g)-128, int32(b)-128
				var px [3]uint8
				putRGB(&px, int32(r)*0x10101, 91881*cr1, -22554*cb1-46802*cr1, 116130*cb1)
				if px != [3]uint8{wR, wG, wB} {
					t.Fatalf("putRGB of Y'CbCr (%d, %d, %d) = %v; color.YCbCrToRGB gives %d, %d, %d", r, g, b, px, wR, wG, wB)
				}
			}
		}
	}
}

// TestMacroblockInnerMatchesEdge checks loadInner and storeInner, the
// paths of macroblocks inside the image, against loadEdge and
// storeEdge, the pixel-at-a-time definitions, on every macroblock of
// random images (the edge paths must agree with the inner ones where
// both apply), with decoded samples past 0..255 so that the clamps are
// taken.
func TestMacroblockInnerMatchesEdge(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for trial := range 4 {
		const w, h = 64, 48
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for i := range img.Pix {
			img.Pix[i] = uint8(r.Uint32())
			if trial == 1 {
				img.Pix[i] = []uint8{0, 255, 128}[r.IntN(3)]
			}
		}
		pp := &postPass{img: img, w: w, h: h}
		for my := 0; my < h; my += 16 {
			for mx := 0; mx < w; mx += 16 {
				var y, y2 [4]jpegBlock
				var cb, cr, cb2, cr2 jpegBlock
				pp.loadInner(mx, my, &y, &cb, &cr)
				pp.loadEdge(mx, my, &y2, &cb2, &cr2)
				if y != y2 || cb != cb2 || cr != cr2 {
					t.Fatalf("trial %d: macroblock (%d, %d): loadInner differs from loadEdge", trial, mx, my)
				}
				for i := range y {
					for k := range y[i] {
						y[i][k] = int32(r.IntN(400)) - 200
					}
				}
				for k := range cb {
					cb[k], cr[k] = int32(r.IntN(400))-200, int32(r.IntN(400))-200
				}
				want := image.NewRGBA(img.Rect)
				copy(want.Pix, img.Pix)
				pw := &postPass{img: want, w: w, h: h}
				pp.storeInner(mx, my, &y, &cb, &cr)
				pw.storeEdge(mx, my, &y, &cb, &cr)
				if i := firstDiff(img.Pix, want.Pix); i >= 0 {
					t.Fatalf("trial %d: macroblock (%d, %d): storeInner writes byte %d = %d, storeEdge %d", trial, mx, my, i, img.Pix[i], want.Pix[i])
				}
			}
		}
	}
}

// TestJPEGPassesMatchGo checks the passes of roundTrip (SSE2 assembly on
// amd64) against their Go definitions on random blocks at their
// bounds: samples in −128..127 (and blocks of the extremes), dequantized
// coefficients below 2^11 in magnitude, dense and sparse, columns with
// only their DC term among them.
func TestJPEGPassesMatchGo(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for trial := range 3000 {
		var b jpegBlock
		for i := range b {
			switch trial % 3 {
			case 0:
				b[i] = int32(r.IntN(256)) - 128
			case 1:
				b[i] = []int32{-128, 127}[r.IntN(2)]
			default:
				b[i] = int32(r.IntN(9)) - 4
			}
		}
		var got, want jpegBlock
		jpegRows(&b, &got)
		jpegRowsGo(&b, &want)
		if got != want {
			t.Fatalf("trial %d: jpegRows(%v) = %v, jpegRowsGo gives %v", trial, b, got, want)
		}
		// The forward columns take what the rows give (below 2^21 in
		// magnitude), and here also values at that bound.
		tv := want
		if trial%4 == 1 {
			for i := range tv {
				tv[i] = int32(r.IntN(1<<22)) - (1<<21 - 1)
			}
		}
		q1, q2 := jpegQuantTables(1 + trial%100)
		q := [2]jpegBlock{q1, q2}[trial%2]
		jpegColsQuantize(&tv, &got, &q)
		jpegColsQuantizeGo(&tv, &want, &q)
		if got != want {
			t.Fatalf("trial %d: jpegColsQuantize(%v) = %v, jpegColsQuantizeGo gives %v", trial, tv, got, want)
		}
		var f jpegBlock
		for i := range f {
			if r.IntN(4) < trial%5 {
				continue // sparse: zero
			}
			f[i] = int32(r.IntN(4095)) - 2047
		}
		if trial%7 == 0 {
			for i := 8; i < 64; i++ {
				f[i] = 0 // every column DC only
			}
		}
		jpegInvCols(&f, &got)
		jpegInvColsGo(&f, &want)
		if got != want {
			t.Fatalf("trial %d: jpegInvCols(%v) = %v, jpegInvColsGo gives %v", trial, f, got, want)
		}
		// The inverse rows take what the inverse columns give (below 2^21
		// in magnitude), and here also values at that bound.
		tv = want
		if trial%4 == 0 {
			for i := range tv {
				tv[i] = int32(r.IntN(1<<22)) - (1<<21 - 1)
			}
		}
		jpegInvRows(&tv, &got)
		jpegInvRowsGo(&tv, &want)
		if got != want {
			t.Fatalf("trial %d: jpegInvRows(%v) = %v, jpegInvRowsGo gives %v", trial, tv, got, want)
		}
	}
}
