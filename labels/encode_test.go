package labels

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestDepthMillimetres(t *testing.T) {
	tests := []struct {
		d    float32
		want uint16
	}{
		{0, 0},
		{-1, 0},
		{float32(math.NaN()), 0},
		{float32(math.Inf(-1)), 0},
		{0.0001, 1}, // positive depths never read as background
		{0.0005, 1},
		{1.25, 1250},
		{0.0625, 63}, // 62.5 mm rounds half up
		{0.0614, 61}, // 61.4 mm rounds down
		{65.5, 65500},
		{65.535, 65535},
		{70, 65535},
		{float32(math.Inf(1)), 65535},
	}
	for _, tt := range tests {
		if got := DepthMillimetres(tt.d); got != tt.want {
			t.Errorf("DepthMillimetres(%v) = %d, want %d", tt.d, got, tt.want)
		}
	}
}

// testDepth returns a w×h depth map with background, smooth surfaces, noise
// and saturated pixels, so that every PNG filter gets used.
func testDepth(rng *rand.Rand, w, h int) []float32 {
	d := make([]float32, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			switch (x/7 + y/5) % 4 {
			case 0: // background
			case 1:
				d[y*w+x] = 0.5 + float32(x)*0.01 + float32(y)*0.003
			case 2:
				d[y*w+x] = rng.Float32() * 70
			case 3:
				d[y*w+x] = 3 - float32(y)*0.001
			}
		}
	}
	return d
}

func TestDepthPNGRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	enc := NewEncoder()
	for _, size := range [][2]int{{1, 1}, {3, 2}, {64, 48}, {257, 31}} {
		w, h := size[0], size[1]
		d := testDepth(rng, w, h)
		var buf bytes.Buffer
		for range 2 { // the second time reuses pooled state
			buf.Reset()
			if err := enc.EncodeDepthPNG(&buf, d, w, h); err != nil {
				t.Fatal(err)
			}
		}
		// image/png reads it as 16-bit gray holding millimetres.
		m, err := png.Decode(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("%dx%d: image/png: %v", w, h, err)
		}
		g, ok := m.(*image.Gray16)
		if !ok || g.Bounds() != image.Rect(0, 0, w, h) {
			t.Fatalf("%dx%d: image/png decodes a %T of %v", w, h, m, m.Bounds())
		}
		for i, v := range d {
			if got := g.Gray16At(i%w, i/w).Y; got != DepthMillimetres(v) {
				t.Fatalf("%dx%d: pixel %d: %d mm, want %d (depth %v)", w, h, i, got, DepthMillimetres(v), v)
			}
		}
		back, bw, bh, err := DecodeDepthPNG(&buf)
		if err != nil || bw != w || bh != h {
			t.Fatalf("%dx%d: DecodeDepthPNG: %dx%d %v", w, h, bw, bh, err)
		}
		for i, v := range back {
			if want := float32(float64(DepthMillimetres(d[i])) / 1000); v != want {
				t.Fatalf("pixel %d: %v m, want %v", i, v, want)
			}
		}
	}
}

func TestDepthFloat32RoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	d := testDepth(rng, 123, 97) // more than one staging chunk
	d[0], d[1], d[2] = float32(math.NaN()), float32(math.Inf(1)), float32(math.Copysign(0, -1))
	var buf bytes.Buffer
	if err := NewEncoder().EncodeDepthFloat32(&buf, d); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != 4*len(d) || binary.LittleEndian.Uint32(buf.Bytes()[4*5:]) != math.Float32bits(d[5]) {
		t.Fatalf("%d bytes, want %d little-endian", buf.Len(), 4*len(d))
	}
	back, err := DecodeDepthFloat32(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for i := range d {
		if math.Float32bits(back[i]) != math.Float32bits(d[i]) {
			t.Fatalf("value %d: %v, want %v", i, back[i], d[i])
		}
	}
	if _, err := DecodeDepthFloat32(make([]byte, 7)); !errors.Is(err, ErrFormat) {
		t.Errorf("7 bytes: err = %v, want ErrFormat", err)
	}
}

func TestInstancePNG(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	tests := []struct {
		name string
		top  uint32 // largest id
		rgb  bool
	}{
		{"background only", 0, false},
		{"few ids", 100, false},
		{"65535 ids", 65535, false},
		{"65536 ids", 65536, true},
		{"all of uint32", math.MaxUint32, true},
	}
	enc := NewEncoder()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, h := 37, 23
			ids := make([]uint32, w*h)
			for i := range ids {
				if rng.IntN(3) > 0 {
					ids[i] = uint32(rng.Uint64N(uint64(tt.top) + 1))
				}
			}
			ids[len(ids)/2] = tt.top
			var buf bytes.Buffer
			if err := enc.EncodeInstancePNG(&buf, ids, w, h); err != nil {
				t.Fatal(err)
			}
			m, err := png.Decode(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			switch m := m.(type) {
			case *image.Gray16:
				if tt.rgb {
					t.Fatal("16-bit gray, want RGB")
				}
				for i, id := range ids {
					if uint32(m.Gray16At(i%w, i/w).Y) != id {
						t.Fatalf("pixel %d: %d, want %d", i, m.Gray16At(i%w, i/w).Y, id)
					}
				}
			case *image.RGBA64:
				if !tt.rgb {
					t.Fatal("RGB, want 16-bit gray")
				}
				for i, id := range ids {
					c := m.RGBA64At(i%w, i/w)
					if uint32(c.R)<<16|uint32(c.G) != id || c.B != 0 || c.A != 0xffff {
						t.Fatalf("pixel %d: %v, want id %d", i, c, id)
					}
				}
			default:
				t.Fatalf("image/png decodes a %T", m)
			}
			back, bw, bh, err := DecodeInstancePNG(&buf)
			if err != nil || bw != w || bh != h || !slices.Equal(back, ids) {
				t.Fatalf("DecodeInstancePNG: %dx%d %v", bw, bh, err)
			}
		})
	}
}

// failWriter fails after n bytes.
type failWriter struct{ n int }

func (f *failWriter) Write(b []byte) (int, error) {
	if len(b) > f.n {
		return f.n, errors.New("disk full")
	}
	f.n -= len(b)
	return len(b), nil
}

func TestEncodeErrors(t *testing.T) {
	enc := NewEncoder()
	depth := make([]float32, 6)
	for i := range depth {
		depth[i] = float32(i)
	}
	tests := []struct {
		name string
		err  error
	}{
		{"depth size", enc.EncodeDepthPNG(&bytes.Buffer{}, depth, 4, 2)},
		{"depth zero size", enc.EncodeDepthPNG(&bytes.Buffer{}, nil, 0, 0)},
		{"instance size", enc.EncodeInstancePNG(&bytes.Buffer{}, make([]uint32, 5), 3, 2)},
		{"gray16 negative size", enc.EncodeGray16PNG(&bytes.Buffer{}, nil, -1, 0)},
		{"writer fails at once", enc.EncodeDepthPNG(&failWriter{0}, depth, 3, 2)},
		{"writer fails in IHDR", enc.EncodeDepthPNG(&failWriter{20}, depth, 3, 2)},
		{"writer fails in IDAT", enc.EncodeDepthPNG(&failWriter{40}, depth, 3, 2)},
		{"writer fails in IEND", enc.EncodeDepthPNG(&failWriter{60}, depth, 3, 2)},
		{"raw writer fails", enc.EncodeDepthFloat32(&failWriter{10}, depth)},
	}
	for _, tt := range tests {
		if tt.err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	// The encoder still works after failures.
	var buf bytes.Buffer
	if err := enc.EncodeDepthPNG(&buf, depth, 3, 2); err != nil {
		t.Fatal(err)
	}
	if back, _, _, err := DecodeDepthPNG(&buf); err != nil || back[5] != 5 {
		t.Errorf("after failures: %v %v", back, err)
	}
}

func TestDecodeErrors(t *testing.T) {
	var gray8, rgb, blue, huge bytes.Buffer
	_ = png.Encode(&gray8, image.NewGray(image.Rect(0, 0, 2, 2)))
	_ = png.Encode(&rgb, image.NewRGBA64(image.Rect(0, 0, 2, 2))) // transparent: RGBA, not RGB
	b := image.NewRGBA64(image.Rect(0, 0, 2, 2))
	for i := range b.Pix {
		b.Pix[i] = 0xff // opaque white: B != 0
	}
	_ = png.Encode(&blue, b)
	// A header announcing a 100000×100000 image.
	_ = NewEncoder().EncodeGray16PNG(&huge, []uint16{1}, 1, 1)
	hb := slices.Clone(huge.Bytes())
	binary.BigEndian.PutUint32(hb[16:], 100000)
	binary.BigEndian.PutUint32(hb[20:], 100000)
	var good bytes.Buffer
	_ = NewEncoder().EncodeInstancePNG(&good, []uint32{1, 2, 3, 4}, 2, 2)
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"not a PNG", []byte("GIF89a, certainly not a PNG file at all")},
		{"8-bit", gray8.Bytes()},
		{"RGBA", rgb.Bytes()},
		{"B channel set", blue.Bytes()},
		{"huge", hb},
		{"truncated", good.Bytes()[:good.Len()-20]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, _, err := DecodeInstancePNG(bytes.NewReader(tt.data)); !errors.Is(err, ErrFormat) {
				t.Errorf("DecodeInstancePNG: err = %v, want ErrFormat", err)
			}
			if _, _, _, err := DecodeDepthPNG(bytes.NewReader(tt.data)); !errors.Is(err, ErrFormat) {
				t.Errorf("DecodeDepthPNG: err = %v, want ErrFormat", err)
			}
		})
	}
}

func FuzzDecodeInstancePNG(f *testing.F) {
	enc := NewEncoder()
	for _, ids := range [][]uint32{{0, 1, 2, 3}, {0, 1 << 20, 5, math.MaxUint32}} {
		var buf bytes.Buffer
		_ = enc.EncodeInstancePNG(&buf, ids, 2, 2)
		f.Add(buf.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ids, w, h, err := DecodeInstancePNG(bytes.NewReader(data))
		if err != nil {
			return
		}
		if len(ids) != w*h {
			t.Fatalf("%d ids for %dx%d", len(ids), w, h)
		}
		var buf bytes.Buffer
		if err := enc.EncodeInstancePNG(&buf, ids, w, h); err != nil {
			t.Fatal(err)
		}
		again, _, _, err := DecodeInstancePNG(&buf)
		if err != nil || !slices.Equal(again, ids) {
			t.Fatalf("re-encoding changes the ids: %v", err)
		}
	})
}

// TestEncoderConcurrent shares one Encoder between goroutines (run with
// -race): every output must equal the sequential one.
func TestEncoderConcurrent(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	d := testDepth(rng, 64, 48)
	enc := NewEncoder()
	var want bytes.Buffer
	if err := enc.EncodeDepthPNG(&want, d, 64, 48); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			var buf bytes.Buffer
			for range 5 {
				buf.Reset()
				if err := enc.EncodeDepthPNG(&buf, d, 64, 48); err != nil || !bytes.Equal(buf.Bytes(), want.Bytes()) {
					errs <- fmt.Errorf("concurrent encode differs (err %v)", err)
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// testRGBA returns an opaque w×h image with flat areas, gradients and
// noise, inside a larger buffer when sub is set (a SubImage, whose rows
// do not start at Pix[0] and whose stride exceeds 4·w).
func testRGBA(rng *rand.Rand, w, h int, sub bool) *image.RGBA {
	r := image.Rect(0, 0, w, h)
	if sub {
		r = image.Rect(-3, 2, w+5, h+7)
	}
	m := image.NewRGBA(r)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			i := m.PixOffset(x, y)
			p := m.Pix[i : i+4]
			switch (x/5 + y/3) % 3 {
			case 0:
				p[0], p[1], p[2] = 40, 90, 200
			case 1:
				p[0], p[1], p[2] = uint8(3*x), uint8(7*y), uint8(x+y)
			case 2:
				p[0], p[1], p[2] = uint8(rng.Uint32()), uint8(rng.Uint32()), uint8(rng.Uint32())
			}
			p[3] = 255
		}
	}
	if sub {
		return m.SubImage(image.Rect(1, 4, 1+w, 4+h)).(*image.RGBA)
	}
	return m
}

func TestRGBPNGRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	enc := NewEncoder()
	for _, size := range [][2]int{{1, 1}, {3, 2}, {64, 48}, {257, 31}} {
		for _, sub := range []bool{false, true} {
			w, h := size[0], size[1]
			img := testRGBA(rng, w, h, sub)
			var first, buf bytes.Buffer
			if err := enc.EncodeRGBPNG(&first, img); err != nil {
				t.Fatal(err)
			}
			// Pooled state is reused and gives the same bytes; a
			// 16-bit map in between must not disturb it.
			if err := enc.EncodeDepthPNG(&buf, testDepth(rng, 5, 4), 5, 4); err != nil {
				t.Fatal(err)
			}
			buf.Reset()
			if err := enc.EncodeRGBPNG(&buf, img); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), first.Bytes()) {
				t.Fatalf("%dx%d sub %v: second encode differs", w, h, sub)
			}
			m, err := png.Decode(&buf)
			if err != nil {
				t.Fatalf("%dx%d sub %v: image/png: %v", w, h, sub, err)
			}
			// 8-bit RGB without alpha decodes as an opaque *image.RGBA.
			got, ok := m.(*image.RGBA)
			if !ok || got.Bounds() != image.Rect(0, 0, w, h) {
				t.Fatalf("%dx%d sub %v: image/png decodes a %T of %v", w, h, sub, m, m.Bounds())
			}
			for y := range h {
				for x := range w {
					want := img.RGBAAt(img.Rect.Min.X+x, img.Rect.Min.Y+y)
					if c := got.RGBAAt(x, y); c != want {
						t.Fatalf("%dx%d sub %v: pixel (%d, %d) = %v, want %v", w, h, sub, x, y, c, want)
					}
				}
			}
		}
	}
}

func TestRGBPNGErrors(t *testing.T) {
	enc := NewEncoder()
	img := testRGBA(rand.New(rand.NewPCG(19, 20)), 6, 5, false)
	translucent := testRGBA(rand.New(rand.NewPCG(19, 20)), 6, 5, false)
	translucent.Pix[translucent.PixOffset(4, 3)+3] = 128
	tests := []struct {
		name string
		err  error
	}{
		{"nil image", enc.EncodeRGBPNG(&bytes.Buffer{}, nil)},
		{"empty image", enc.EncodeRGBPNG(&bytes.Buffer{}, image.NewRGBA(image.Rect(0, 0, 0, 4)))},
		{"short pixel buffer", enc.EncodeRGBPNG(&bytes.Buffer{}, &image.RGBA{Pix: make([]uint8, 10), Stride: 8, Rect: image.Rect(0, 0, 2, 2)})},
		{"negative stride", enc.EncodeRGBPNG(&bytes.Buffer{}, &image.RGBA{Pix: make([]uint8, 16), Stride: -8, Rect: image.Rect(0, 0, 2, 2)})},
		{"not opaque", enc.EncodeRGBPNG(&bytes.Buffer{}, translucent)},
		{"writer fails in IHDR", enc.EncodeRGBPNG(&failWriter{20}, img)},
		{"writer fails in IDAT", enc.EncodeRGBPNG(&failWriter{40}, img)},
	}
	for _, tt := range tests {
		if tt.err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	if err := tests[4].err; err == nil || !strings.Contains(err.Error(), "pixel (4, 3) has alpha 128") {
		t.Errorf("not opaque: error %v does not name the pixel", err)
	}
	// The encoder still works after failures.
	var buf bytes.Buffer
	if err := enc.EncodeRGBPNG(&buf, img); err != nil {
		t.Fatal(err)
	}
	if m, err := png.Decode(&buf); err != nil || m.(*image.RGBA).RGBAAt(5, 4) != img.RGBAAt(5, 4) {
		t.Errorf("after failures: %v", err)
	}
}

// TestRowPackers checks the maps' word-at-a-time row writers against one
// value at a time, at every length up to 13 (the tails past a multiple
// of 4), with values whose upper bits put16 must drop and depths in
// every case of DepthMillimetres.
func TestRowPackers(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	depths := []float32{0, -1, float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 1e-9, 0.0004, 0.0005, 1.2345, 65.5344, 65.5345, 70, math.MaxFloat32}
	for n := range 14 {
		ids := make([]uint32, n)
		deps := make([]float32, n)
		for i := range ids {
			ids[i] = rng.Uint32() >> rng.IntN(32)
			if rng.IntN(3) == 0 {
				deps[i] = depths[rng.IntN(len(depths))]
			} else {
				deps[i] = rng.Float32() * 80
			}
		}
		want16, wantDepth := make([]byte, 2*n), make([]byte, 2*n)
		var wantOr uint32
		for i := range ids {
			binary.BigEndian.PutUint16(want16[2*i:], uint16(ids[i]))
			binary.BigEndian.PutUint16(wantDepth[2*i:], DepthMillimetres(deps[i]))
			wantOr |= ids[i]
		}
		// Rows one byte longer than needed: the writers must not touch it.
		got16, gotDepth := bytes.Repeat([]byte{0xa5}, 2*n+1), bytes.Repeat([]byte{0xa5}, 2*n+1)
		put16(got16, ids)
		putDepth16(gotDepth, deps)
		if !bytes.Equal(got16[:2*n], want16) || got16[2*n] != 0xa5 {
			t.Errorf("put16 of %d ids %x:\n got % x\nwant % x", n, ids, got16, want16)
		}
		if !bytes.Equal(gotDepth[:2*n], wantDepth) || gotDepth[2*n] != 0xa5 {
			t.Errorf("putDepth16 of %v:\n got % x\nwant % x", deps, gotDepth, wantDepth)
		}
		if got := orAll(ids); got != wantOr {
			t.Errorf("orAll(%x) = %x, want %x", ids, got, wantOr)
		}
	}
}
