package envmap

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mdouchement/hdr"
	"github.com/mdouchement/hdr/codec/rgbe"
	"github.com/mdouchement/hdr/hdrcolor"
	"github.com/synthkit/synthkit/scene"
)

// rgbeFile returns a Radiance file of the given header lines (after the
// signature), resolution line and pixel bytes.
func rgbeFile(header []string, resolution string, pixels []byte) []byte {
	var b bytes.Buffer
	b.WriteString("#?RADIANCE\n")
	for _, l := range header {
		b.WriteString(l + "\n")
	}
	b.WriteString("\n" + resolution + "\n")
	b.Write(pixels)
	return b.Bytes()
}

// flatRGBE is a 4×2 uncompressed RGBE file and the linear values its
// texels hold: mantissa·2^(exponent−136), exponent 0 meaning black.
func flatRGBE() ([]byte, []float32) {
	px := [][4]byte{
		{128, 64, 32, 129}, {255, 0, 1, 140}, {0, 0, 0, 0}, {1, 2, 3, 136},
		{200, 100, 50, 128}, {10, 20, 30, 150}, {128, 128, 128, 0}, {255, 255, 255, 100},
	}
	var data []byte
	var want []float32
	for _, p := range px {
		data = append(data, p[:]...)
		for _, m := range p[:3] {
			v := 0.0
			if p[3] != 0 {
				v = math.Ldexp(float64(m), int(p[3])-136)
			}
			want = append(want, float32(v))
		}
	}
	return rgbeFile([]string{"FORMAT=32-bit_rle_rgbe"}, "-Y 2 +X 4", data), want
}

func pngBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// srgb is the exact sRGB transfer function of a code out of max.
func srgb(code, max int) float32 {
	v := float64(code) / float64(max)
	if v <= 0.04045 {
		return float32(v / 12.92)
	}
	return float32(math.Pow((v+0.055)/1.055, 2.4))
}

func equalPix(t *testing.T, got, want []float32, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d values, want %d", len(got), len(want))
	}
	for i := range got {
		if math.Abs(float64(got[i])-float64(want[i])) > tol {
			t.Errorf("value %d (texel %d channel %d) = %v, want %v", i, i/3, i%3, got[i], want[i])
		}
	}
}

func TestDecodeRGBEFlat(t *testing.T) {
	file, want := flatRGBE()
	e, err := Decode(bytes.NewReader(file), "flat.hdr", 0)
	if err != nil {
		t.Fatal(err)
	}
	if e.Name != "flat.hdr" || e.Width != 4 || e.Height != 2 || e.Intensity != 1 || e.Rotation != 0 {
		t.Errorf("got %q %dx%d intensity %v rotation %v", e.Name, e.Width, e.Height, e.Intensity, e.Rotation)
	}
	equalPix(t, e.Radiance, want, 0)
}

func TestDecodeRGBEExposure(t *testing.T) {
	file, want := flatRGBE()
	file = bytes.Replace(file, []byte("FORMAT"), []byte("EXPOSURE=2\nFORMAT"), 1)
	e, err := Decode(bytes.NewReader(file), "exposed.hdr", 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		want[i] /= 2
	}
	equalPix(t, e.Radiance, want, 0)
}

// TestDecodeRGBEEncoded decodes the run-length coded output of the
// library's own encoder, values chosen so their quantisation is known.
func TestDecodeRGBEEncoded(t *testing.T) {
	const w, h = 32, 16
	img := hdr.NewRGB(image.Rect(0, 0, w, h))
	var want []float32
	for y := range h {
		for x := range w {
			var c hdrcolor.RGB
			var q [3]float32
			switch {
			case y < 4: // a long run: exact
				c, q = hdrcolor.RGB{R: 3, G: 1.5, B: 0.75}, [3]float32{3, 1.5, 0.75}
			case x%2 == 0:
				// 0.3 = 0.6·2^−1: mantissa byte ⌊0.6·256⌋ = 153, so
				// 153·2^−9; 0.1 on the same exponent, ⌊0.2·256⌋ = 51.
				c, q = hdrcolor.RGB{R: 0.3, G: 0.1, B: 0}, [3]float32{153.0 / 512, 51.0 / 512, 0}
			default:
				c, q = hdrcolor.RGB{R: 100, G: 200, B: 50}, [3]float32{100, 200, 50}
			}
			img.SetRGB(x, y, c)
			want = append(want, q[:]...)
		}
	}
	var b bytes.Buffer
	if err := rgbe.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	e, err := Decode(&b, "encoded.hdr", 0)
	if err != nil {
		t.Fatal(err)
	}
	equalPix(t, e.Radiance, want, 0)
}

func TestDecodeXYZE(t *testing.T) {
	const w, h = 8, 4
	img := hdr.NewXYZ(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetXYZ(x, y, hdrcolor.XYZ{X: 0.95047, Y: 1, Z: 1.08883}) // D65 white
		}
	}
	var b bytes.Buffer
	if err := rgbe.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	e, err := Decode(&b, "white.hdr", 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range e.Radiance {
		if math.Abs(float64(v)-1) > 0.03 { // RGBE keeps 8 bits of mantissa
			t.Fatalf("value %d = %v, want ≈ 1", i, v)
		}
	}
}

func TestDecodePNG(t *testing.T) {
	codes := []uint8{0, 1, 10, 11, 64, 128, 200, 255}
	img8 := image.NewNRGBA(image.Rect(0, 0, 4, 2))
	img16 := image.NewNRGBA64(image.Rect(0, 0, 4, 2))
	gray := image.NewGray16(image.Rect(0, 0, 4, 2))
	codes16 := []uint16{0, 1, 2650, 2651, 32768, 40000, 65534, 65535}
	var want8, want16, wantGray []float32
	for i := range 8 {
		x, y := i%4, i/4
		c, d := codes[i], codes[7-i]
		img8.SetNRGBA(x, y, color.NRGBA{c, d, c / 2, 255})
		want8 = append(want8, srgb(int(c), 255), srgb(int(d), 255), srgb(int(c/2), 255))
		c16, d16 := codes16[i], codes16[7-i]
		img16.SetNRGBA64(x, y, color.NRGBA64{c16, d16, c16 / 3, 0xffff})
		want16 = append(want16, srgb(int(c16), 65535), srgb(int(d16), 65535), srgb(int(c16/3), 65535))
		gray.SetGray16(x, y, color.Gray16{c16})
		g := srgb(int(c16), 65535)
		wantGray = append(wantGray, g, g, g)
	}
	for _, tc := range []struct {
		name string
		img  image.Image
		want []float32
	}{
		{"8-bit", img8, want8},
		{"16-bit", img16, want16},
		{"16-bit grey", gray, wantGray},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := Decode(bytes.NewReader(pngBytes(t, tc.img)), tc.name, 0)
			if err != nil {
				t.Fatal(err)
			}
			if e.Width != 4 || e.Height != 2 {
				t.Fatalf("size %dx%d", e.Width, e.Height)
			}
			equalPix(t, e.Radiance, tc.want, 0)
		})
	}
	// Known values: code 128 is 0.2158605 linear, 10 is 10/255/12.92.
	if got := srgb(128, 255); math.Abs(float64(got)-0.21586050011389926) > 1e-7 {
		t.Errorf("srgb(128) = %v", got)
	}
}

func TestDecodeJPEG(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 16, 8))
	for i := range img.Pix {
		img.Pix[i] = 128
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	e, err := Decode(&b, "grey.jpg", 0)
	if err != nil {
		t.Fatal(err)
	}
	if e.Width != 16 || e.Height != 8 {
		t.Fatalf("size %dx%d", e.Width, e.Height)
	}
	for i, v := range e.Radiance {
		if math.Abs(float64(v-srgb(128, 255))) > 0.003 { // a code either way
			t.Fatalf("value %d = %v, want ≈ %v", i, v, srgb(128, 255))
		}
	}
}

// pngHeader returns a PNG whose IHDR claims w×h, with valid CRC, and no
// image data.
func pngHeader(w, h uint32) []byte {
	ihdr := make([]byte, 17)
	copy(ihdr, "IHDR")
	binary.BigEndian.PutUint32(ihdr[4:], w)
	binary.BigEndian.PutUint32(ihdr[8:], h)
	ihdr[12], ihdr[13] = 8, 2 // 8-bit RGB
	var b bytes.Buffer
	b.Write(pngMagic)
	binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(ihdr)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(ihdr))
	return b.Bytes()
}

// endless is an io.Reader of zero bytes that never ends.
type endless struct{ n int }

func (e *endless) Read(p []byte) (int, error) {
	clear(p)
	e.n += len(p)
	return len(p), nil
}

func TestDecodeErrors(t *testing.T) {
	flat, _ := flatRGBE()
	square := pngBytes(t, image.NewNRGBA(image.Rect(0, 0, 4, 4)))
	good := pngBytes(t, image.NewNRGBA(image.Rect(0, 0, 8, 4)))
	// A run of 10 texels in a scanline 8 wide.
	overrun := append([]byte{2, 2, 0, 8}, 128+10, 7)
	// Exponent 255 divided by the smallest exposure the decoder honours
	// overflows float32.
	huge := rgbeFile([]string{"EXPOSURE=1e-12"}, "-Y 2 +X 4", bytes.Repeat([]byte{255, 255, 255, 255}, 8))
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "empty input"},
		{"unknown", []byte("GIF89a............"), `envmap "unknown": unknown format (want Radiance .hdr, PNG or JPEG)`},
		{"rgbe truncated pixels", flat[:len(flat)-5], "truncated at scanline 1 of 2"},
		{"rgbe truncated header", flat[:14], "Radiance header: truncated"},
		{"rgbe no pixels", rgbeFile(nil, "-Y 2 +X 4", nil), "truncated at scanline 0 of 2"},
		{"rgbe not 2:1", rgbeFile(nil, "-Y 2 +X 3", make([]byte, 24)), "3x2 is not an equirectangular map"},
		{"rgbe oversized", rgbeFile(nil, "-Y 50000 +X 100000", nil), "100000x50000 exceeds the limit of 8192x4096"},
		{"rgbe negative", rgbeFile(nil, "-Y -2 +X 4", nil), "is empty"},
		{"rgbe orientation", rgbeFile(nil, "+Y 2 +X 4", make([]byte, 32)), `resolution line "+Y 2 +X 4" unsupported`},
		{"rgbe format", rgbeFile([]string{"FORMAT=32-bit_float"}, "-Y 2 +X 4", nil), `FORMAT "32-bit_float" unsupported`},
		{"rgbe exposure", rgbeFile([]string{"EXPOSURE=bright"}, "-Y 2 +X 4", nil), `EXPOSURE "bright" is not a number`},
		{"rgbe run overrun", rgbeFile(nil, "-Y 4 +X 8", overrun), "runs of 10 texels overrun its width 8"},
		{"rgbe zero run", rgbeFile(nil, "-Y 4 +X 8", []byte{2, 2, 0, 8, 0, 1}), "a run of length 0"},
		{"rgbe long line", rgbeFile([]string{strings.Repeat("#", 5000)}, "-Y 2 +X 4", nil), "a line longer than 4096 bytes"},
		{"rgbe infinite", huge, "is not finite"},
		{"png truncated", good[:len(good)-20], "PNG:"},
		{"png header only", pngHeader(8, 4), "PNG:"},
		{"png not 2:1", square, "PNG size 4x4 is not an equirectangular map"},
		{"png oversized", pngHeader(100000, 50000), "PNG size 100000x50000 exceeds the limit"},
		{"png too small", pngBytes(t, image.NewGray(image.Rect(0, 0, 2, 1))), "below the minimum height 2"},
		{"jpeg truncated", []byte{0xff, 0xd8, 0xff, 0xe0, 0, 16}, "JPEG header:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := Decode(bytes.NewReader(tc.data), tc.name, 0)
			if err == nil {
				t.Fatalf("no error, got %dx%d", e.Width, e.Height)
			}
			t.Log(err)
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "envmap ") {
				t.Errorf("error %q, want it to mention %q", err, tc.want)
			}
		})
	}
}

// TestDecodeFailsFast: a header claiming a huge map is refused after
// reading no more than a buffer's worth of what follows.
func TestDecodeFailsFast(t *testing.T) {
	for _, head := range [][]byte{
		rgbeFile(nil, "-Y 50000 +X 100000", nil),
		rgbeFile(nil, "-Y 4096 +X 4096", nil),
		pngHeader(100000, 50000),
	} {
		rest := &endless{}
		_, err := Decode(io.MultiReader(bytes.NewReader(head), rest), "huge", 0)
		if err == nil {
			t.Fatalf("%q: no error", head[:12])
		}
		if rest.n > 1<<20 {
			t.Errorf("%q: read %d bytes past the header before failing (%v)", head[:12], rest.n, err)
		}
	}
}

func TestLimitedReader(t *testing.T) {
	for _, tc := range []struct {
		size, limit int
		err         error
	}{{10, 10, nil}, {11, 10, errTooLong}, {0, 0, nil}} {
		l := &limitedReader{r: bytes.NewReader(make([]byte, tc.size)), n: int64(tc.limit)}
		_, err := io.ReadAll(l)
		if !errors.Is(err, tc.err) || l.hit != (tc.err != nil) {
			t.Errorf("%d bytes, limit %d: err %v hit %v", tc.size, tc.limit, err, l.hit)
		}
	}
}

// synthetic returns a w×h map whose texel (i, j) channel k holds
// i + 10·j + 100·k.
func synthetic(w, h int) *scene.Environment {
	e := &scene.Environment{Name: "synthetic", Width: w, Height: h, Radiance: make([]float32, 3*w*h), Intensity: 1}
	for j := range h {
		for i := range w {
			for k := range 3 {
				e.Radiance[3*(j*w+i)+k] = float32(i + 10*j + 100*k)
			}
		}
	}
	return e
}

func TestDownsample(t *testing.T) {
	at := func(e *scene.Environment, i, j, k int) float64 { return float64(e.Radiance[3*(j*e.Width+i)+k]) }
	t.Run("8x4 to 4x2 averages 2x2 blocks", func(t *testing.T) {
		src := synthetic(8, 4)
		d, err := Downsample(src, 2)
		if err != nil {
			t.Fatal(err)
		}
		for j := range 2 {
			for i := range 4 {
				for k := range 3 {
					want := (at(src, 2*i, 2*j, k) + at(src, 2*i+1, 2*j, k) + at(src, 2*i, 2*j+1, k) + at(src, 2*i+1, 2*j+1, k)) / 4
					if got := at(d, i, j, k); got != want {
						t.Errorf("texel (%d, %d) channel %d = %v, want %v", i, j, k, got, want)
					}
				}
			}
		}
	})
	t.Run("12x6 to 8x4 weighs by area", func(t *testing.T) {
		src := synthetic(12, 6)
		d, err := Downsample(src, 4)
		if err != nil {
			t.Fatal(err)
		}
		// Texel (0, 0) covers source [0, 1.5)²: weights 1 and ½ each way.
		want := (at(src, 0, 0, 1) + 0.5*at(src, 1, 0, 1) + 0.5*at(src, 0, 1, 1) + 0.25*at(src, 1, 1, 1)) / 2.25
		if got := at(d, 0, 0, 1); math.Abs(got-want) > 1e-4 {
			t.Errorf("texel (0, 0) = %v, want %v", got, want)
		}
		// Texel (1, 1) covers [1.5, 3)²: weights ½ and 1.
		want = (0.25*at(src, 1, 1, 0) + 0.5*at(src, 2, 1, 0) + 0.5*at(src, 1, 2, 0) + at(src, 2, 2, 0)) / 2.25
		if got := at(d, 1, 1, 0); math.Abs(got-want) > 1e-4 {
			t.Errorf("texel (1, 1) = %v, want %v", got, want)
		}
		// The mean is kept.
		mean := func(e *scene.Environment) float64 {
			var s float64
			for _, v := range e.Radiance {
				s += float64(v)
			}
			return s / float64(len(e.Radiance))
		}
		if a, b := mean(src), mean(d); math.Abs(a-b) > 1e-4 {
			t.Errorf("mean %v became %v", a, b)
		}
	})
	t.Run("bad height", func(t *testing.T) {
		for _, h := range []int{1, 5} {
			if _, err := Downsample(synthetic(8, 4), h); err == nil || !strings.Contains(err.Error(), "outside [2, 4]") {
				t.Errorf("height %d: error %v", h, err)
			}
		}
	})
}

// TestDecodeDownsamples: a map taller than maxHeight comes back box
// filtered, in linear light.
func TestDecodeDownsamples(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 8, 4))
	for i := range img.Pix {
		img.Pix[i] = uint8(30 * (i % 8))
	}
	e, err := Decode(bytes.NewReader(pngBytes(t, img)), "small", 2)
	if err != nil {
		t.Fatal(err)
	}
	if e.Width != 4 || e.Height != 2 {
		t.Fatalf("size %dx%d, want 4x2", e.Width, e.Height)
	}
	for i := range 4 {
		want := float32((float64(srgb(60*i, 255)) + float64(srgb(60*i+30, 255))) / 2)
		if got := e.Radiance[3*i]; got != want {
			t.Errorf("texel %d = %v, want %v", i, got, want)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	file, want := flatRGBE()
	path := filepath.Join(dir, "studio.hdr")
	if err := os.WriteFile(path, file, 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := Load(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	if e.Name != "studio.hdr" {
		t.Errorf("name %q", e.Name)
	}
	equalPix(t, e.Radiance, want, 0)
	if _, err := Load(filepath.Join(dir, "missing.hdr"), 0); err == nil || !strings.Contains(err.Error(), `envmap "missing.hdr"`) {
		t.Errorf("missing file: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	flat, _ := flatRGBE()
	f.Add(flat)
	img := hdr.NewRGB(image.Rect(0, 0, 16, 8))
	for i := range img.Pix {
		img.Pix[i] = float32(i%7) * 0.25
	}
	var b bytes.Buffer
	if err := rgbe.Encode(&b, img); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add(pngBytes(f, image.NewNRGBA64(image.Rect(0, 0, 8, 4))))
	f.Add(pngBytes(f, image.NewPaletted(image.Rect(0, 0, 6, 3), color.Palette{color.Black, color.White})))
	var j bytes.Buffer
	if err := jpeg.Encode(&j, image.NewGray(image.Rect(0, 0, 16, 8)), nil); err != nil {
		f.Fatal(err)
	}
	f.Add(j.Bytes())
	f.Add(pngHeader(100000, 50000))
	f.Add(rgbeFile([]string{"FORMAT=32-bit_rle_xyze", "EXPOSURE=0.5"}, "-Y 2 +X 4", bytes.Repeat([]byte{2, 2, 0, 4}, 3)))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := Decode(bytes.NewReader(data), "fuzz", 4)
		if err != nil {
			if !strings.HasPrefix(err.Error(), `envmap "fuzz": `) {
				t.Errorf("error without context: %v", err)
			}
			return
		}
		if err := e.Validate(); err != nil {
			t.Fatal(err)
		}
		if e.Height > 4 {
			t.Fatalf("height %d above maxHeight 4", e.Height)
		}
	})
}
