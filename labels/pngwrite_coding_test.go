package labels

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"testing"
)

// TestEncodeRGBPNGCodings: a noisy photo and a flat picture are each
// written with their coding (photoCoding and mapCoding), and both decode
// with image/png to exactly the pixels given.
func TestEncodeRGBPNGCodings(t *testing.T) {
	const w, h = 97, 64
	r := rand.New(rand.NewPCG(3, 4))
	noisy := image.NewRGBA(image.Rect(0, 0, w, h))
	flat := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			noisy.SetRGBA(x, y, color.RGBA{uint8(x + r.IntN(9)), uint8(y + r.IntN(9)), uint8(r.IntN(256)), 255})
			flat.SetRGBA(x, y, color.RGBA{uint8(40 * (x / 30)), 200, uint8(50 * (y / 20)), 255})
		}
	}
	if f := flatFraction(noisy); f > 0.05 {
		t.Errorf("noisy image: flat fraction %.3f", f)
	}
	if f := flatFraction(flat); f < 0.9 {
		t.Errorf("flat image: flat fraction %.3f", f)
	}
	enc := NewEncoder()
	for name, img := range map[string]*image.RGBA{"noisy": noisy, "flat": flat} {
		var buf bytes.Buffer
		if err := enc.EncodeRGBPNG(&buf, img); err != nil {
			t.Fatal(err)
		}
		// The filter byte of the first row says which coding was used.
		wantFilter := byte(1) // Sub
		if name == "flat" {
			wantFilter = 2 // Up
		}
		if got := firstFilter(t, buf.Bytes()); got != wantFilter {
			t.Errorf("%s: first row filter %d, want %d", name, got, wantFilter)
		}
		decodesTo(t, name, buf.Bytes(), img)
	}
}

// firstFilter returns the filter type byte of a PNG's first row.
func firstFilter(t *testing.T, b []byte) byte {
	t.Helper()
	raw, err := inflateIDAT(b)
	if err != nil || len(raw) == 0 {
		t.Fatalf("inflate: %v", err)
	}
	return raw[0]
}

// inflateIDAT returns the decompressed IDAT data of a PNG.
func inflateIDAT(b []byte) ([]byte, error) {
	var z []byte
	for p := len(pngSignature); p+8 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[p:]))
		if string(b[p+4:p+8]) == "IDAT" {
			z = append(z, b[p+8:p+8+n]...)
		}
		p += 12 + n
	}
	zr, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// decodesTo checks that the PNG b decodes with image/png to the RGB of img.
func decodesTo(t *testing.T, name string, b []byte, img *image.RGBA) {
	t.Helper()
	back, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	r := img.Rect
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := back.At(x, y).RGBA()
			c := img.RGBAAt(x, y)
			if uint8(r1>>8) != c.R || uint8(g1>>8) != c.G || uint8(b1>>8) != c.B {
				t.Fatalf("%s: pixel (%d, %d) decodes to %v, want %v", name, x, y, back.At(x, y), c)
			}
		}
	}
}
