package labels

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// TestNormalValue: the encoding's fixed points and its round trip bound.
func TestNormalValue(t *testing.T) {
	for _, tc := range []struct {
		c    float32
		want uint16
	}{{-1, 0}, {1, 65535}, {0, 32768}, {-2, 0}, {2, 65535}, {float32(math.NaN()), 0}, {0.5, 49151}} {
		if got := NormalValue(tc.c); got != tc.want {
			t.Errorf("NormalValue(%v) = %d, want %d", tc.c, got, tc.want)
		}
	}
	for v := -1.0; v <= 1; v += 1.0 / 1024 {
		if d := math.Abs(float64(NormalComponent(NormalValue(float32(v)))) - v); d > 1.0/65535 {
			t.Fatalf("%v round-trips with error %g", v, d)
		}
	}
}

// TestDecodeNormalPNGBad: a map of another kind is refused with ErrFormat.
func TestDecodeNormalPNGBad(t *testing.T) {
	enc := NewEncoder()
	var gray bytes.Buffer
	if err := enc.EncodeGray16PNG(&gray, []uint16{1, 2, 3, 4}, 2, 2); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"gray16": gray.Bytes(), "empty": nil, "junk": []byte("not a png at all, not a png")} {
		if _, _, _, err := DecodeNormalPNG(bytes.NewReader(b)); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: %v, want ErrFormat", name, err)
		}
	}
	if err := enc.EncodeNormalPNG(new(bytes.Buffer), make([]mgl32.Vec3, 3), 2, 2); err == nil {
		t.Error("3 normals for 2x2 pixels: no error")
	}
}
