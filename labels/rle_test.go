package labels

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// maskVectors are the masks of /work/shared/coco-rle-vectors.md with their
// pycocotools (maskApi.c) counts, strings, areas and boxes. Rows are
// separated by '/'.
var maskVectors = []struct {
	name   string
	h, w   int
	rows   string
	counts []uint32
	str    string
	area   int
	bbox   [4]float64
}{
	{"4x4 centre square", 4, 4, "0000/0110/0110/0000", []uint32{5, 2, 2, 2, 5}, "52203", 4, [4]float64{1, 1, 2, 2}},
	{"4x5 row 1", 4, 5, "00000/11111/00000/00000", []uint32{1, 1, 3, 1, 3, 1, 3, 1, 3, 1, 2}, "1130000000O", 5, [4]float64{0, 1, 5, 1}},
	{"4x5 column 2", 4, 5, "00100/00100/00100/00100", []uint32{8, 4, 8}, "848", 4, [4]float64{2, 0, 1, 4}},
	{"2x3 corner", 2, 3, "011/001", []uint32{2, 1, 1, 2}, "2111", 3, [4]float64{1, 0, 2, 2}},
	{"3x4 L", 3, 4, "1000/1000/1110", []uint32{0, 3, 2, 1, 2, 1, 3}, "032N001", 5, [4]float64{0, 0, 3, 3}},
	{"2x2 full", 2, 2, "11/11", []uint32{0, 4}, "04", 4, [4]float64{0, 0, 2, 2}},
	{"2x3 empty", 2, 3, "000/000", []uint32{6}, "6", 0, [4]float64{0, 0, 0, 0}},
}

// countVectors are the counts-only vectors of the same file: the string
// form of a given counts list.
var countVectors = []struct {
	h, w   int
	counts []uint32
	str    string
}{
	{9, 10, []uint32{6, 1, 40, 4, 5, 4, 5, 4, 21}, "61X13mN000`0"},
	{40, 40, []uint32{245, 5, 35, 5, 35, 5, 35, 5, 35, 5, 1190}, "e75S10000000ST1"},
	{1024, 1, []uint32{0, 1024}, "0PP1"},
	{10, 1, []uint32{0, 6, 1, 3}, "061M"},
	{300008, 1, []uint32{100000, 5, 3, 200000}, "PeQ353kYS6"},
}

func parseRows(t *testing.T, h, w int, rows string) []uint8 {
	t.Helper()
	rs := strings.Split(rows, "/")
	if len(rs) != h {
		t.Fatalf("mask %q has %d rows, want %d", rows, len(rs), h)
	}
	m := make([]uint8, 0, h*w)
	for _, r := range rs {
		if len(r) != w {
			t.Fatalf("row %q has %d columns, want %d", r, len(r), w)
		}
		for _, c := range r {
			m = append(m, uint8(c-'0'))
		}
	}
	return m
}

func TestRLEVectors(t *testing.T) {
	for _, v := range maskVectors {
		t.Run(v.name, func(t *testing.T) {
			mask := parseRows(t, v.h, v.w, v.rows)
			r, err := EncodeMask(mask, v.h, v.w)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(r.Counts, v.counts) {
				t.Errorf("counts %v, want %v", r.Counts, v.counts)
			}
			if got := r.String(); got != v.str {
				t.Errorf("string %q, want %q", got, v.str)
			}
			if got := r.Area(); got != v.area {
				t.Errorf("area %d, want %d", got, v.area)
			}
			if got := r.BBox().COCO(); got != v.bbox {
				t.Errorf("bbox %v, want %v", got, v.bbox)
			}
			p, err := ParseRLE(v.h, v.w, v.str)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p.Counts, v.counts) {
				t.Errorf("parsed counts %v, want %v", p.Counts, v.counts)
			}
			if got := p.Decode(); !slices.Equal(got, mask) {
				t.Errorf("decoded %v, want %v", got, mask)
			}
		})
	}
	for _, v := range countVectors {
		t.Run(v.str, func(t *testing.T) {
			r := RLE{H: v.h, W: v.w, Counts: v.counts}
			if got := r.String(); got != v.str {
				t.Errorf("string %q, want %q", got, v.str)
			}
			p, err := ParseRLE(v.h, v.w, v.str)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p.Counts, v.counts) {
				t.Errorf("parsed counts %v, want %v", p.Counts, v.counts)
			}
		})
	}
}

// randomMask returns an h×w mask: noise, blobs or stripes.
func randomMask(rng *rand.Rand, h, w int) []uint8 {
	m := make([]uint8, h*w)
	switch rng.IntN(3) {
	case 0: // noise of random density
		p := rng.Float64()
		for i := range m {
			if rng.Float64() < p {
				m[i] = 1
			}
		}
	case 1: // a few rectangles
		for range rng.IntN(4) {
			x0, y0 := rng.IntN(w+1), rng.IntN(h+1)
			x1, y1 := x0+rng.IntN(w-x0+1), y0+rng.IntN(h-y0+1)
			for y := y0; y < y1; y++ {
				for x := x0; x < x1; x++ {
					m[y*w+x] = 1
				}
			}
		}
	default: // full rows
		for y := 0; y < h; y++ {
			if rng.IntN(2) == 0 {
				for x := 0; x < w; x++ {
					m[y*w+x] = 1
				}
			}
		}
	}
	return m
}

// bruteBox returns the tight box and area of a row-major mask.
func bruteBox(m []uint8, h, w int) (Box, int) {
	x0, y0, x1, y1, n := w, h, -1, -1, 0
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if m[y*w+x] != 0 {
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
				n++
			}
		}
	}
	if n == 0 {
		return Box{}, 0
	}
	return Box{float64(x0), float64(y0), float64(x1 - x0 + 1), float64(y1 - y0 + 1)}, n
}

func TestRLERoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		h, w := rng.IntN(24), rng.IntN(24)
		if i%100 == 0 { // a few masks with long runs (multi-group counts)
			h, w = 300+rng.IntN(300), 1+rng.IntN(200)
		}
		m := randomMask(rng, h, w)
		r, err := EncodeMask(m, h, w)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Validate(); err != nil {
			t.Fatalf("%dx%d: %v", h, w, err)
		}
		s := r.String()
		if got := string(r.AppendString([]byte("x"))); got != "x"+s || len(s) != r.stringLen() {
			t.Fatalf("%dx%d: AppendString gives %q, String %q, stringLen %d", h, w, got, s, r.stringLen())
		}
		p, err := ParseRLE(h, w, s)
		if err != nil {
			t.Fatalf("%dx%d: parse %q: %v", h, w, s, err)
		}
		if !slices.Equal(p.Counts, r.Counts) {
			t.Fatalf("%dx%d: %q parsed to %v, want %v", h, w, s, p.Counts, r.Counts)
		}
		if got := p.Decode(); !slices.Equal(got, m) {
			t.Fatalf("%dx%d: decode differs from the mask", h, w)
		}
		box, area := bruteBox(m, h, w)
		if got := r.Area(); got != area {
			t.Fatalf("%dx%d: area %d, want %d", h, w, got, area)
		}
		if got := r.BBox(); got != box {
			t.Fatalf("%dx%d: bbox %v, want %v", h, w, got, box)
		}
		b := make([]bool, len(m))
		for i, v := range m {
			b[i] = v != 0
		}
		if rb, err := EncodeMask(b, h, w); err != nil || !slices.Equal(rb.Counts, r.Counts) {
			t.Fatalf("%dx%d: []bool encodes to %v (%v), want %v", h, w, rb.Counts, err, r.Counts)
		}
	}
}

func TestIoU(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		h, w := 1+rng.IntN(16), 1+rng.IntN(16)
		a, b := randomMask(rng, h, w), randomMask(rng, h, w)
		ra, _ := EncodeMask(a, h, w)
		rb, _ := EncodeMask(b, h, w)
		inter, union := 0, 0
		for i := range a {
			if a[i] != 0 && b[i] != 0 {
				inter++
			}
			if a[i] != 0 || b[i] != 0 {
				union++
			}
		}
		want := 0.0
		if union > 0 {
			want = float64(inter) / float64(union)
		}
		got, err := IoU(ra, rb)
		if err != nil || got != want {
			t.Fatalf("IoU = %v (%v), want %v", got, err, want)
		}
	}
	if _, err := IoU(RLE{H: 2, W: 3, Counts: []uint32{6}}, RLE{H: 3, W: 2, Counts: []uint32{6}}); !errors.Is(err, ErrRLE) {
		t.Errorf("IoU of different sizes: err = %v, want ErrRLE", err)
	}
}

func TestParseRLEErrors(t *testing.T) {
	tests := []struct {
		name string
		h, w int
		s    string
	}{
		{"byte below '0'", 2, 3, "/"},
		{"byte above 'o'", 2, 3, "p"},
		{"non-ASCII", 2, 3, "6\xff"},
		{"cut-off count", 2, 3, "P"},
		{"count too long", 1 << 13, 1 << 13, "PPPPPPP0"},
		{"sum too small", 2, 3, "5"},
		{"sum too large", 2, 3, "7"},
		{"extra runs", 2, 3, "601"},
		{"negative count", 2, 3, "O"},
		{"negative after delta", 4, 4, "522M"},
		{"negative height", -1, 3, ""},
		{"negative width", 2, -3, ""},
		{"beyond uint32 counts", 1 << 20, 1 << 20, "0"},
		{"beyond the pixel limit", 1 << 14, 1 << 14, "0PPPPP8"}, // counts 0, 2^28: 7 bytes for a 2^28-pixel mask
		{"empty string for non-empty mask", 2, 3, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseRLE(tt.h, tt.w, tt.s)
			if !errors.Is(err, ErrRLE) {
				t.Fatalf("ParseRLE(%d, %d, %q) = %v, %v; want an ErrRLE", tt.h, tt.w, tt.s, r, err)
			}
		})
	}
}

func TestEncodeMaskErrors(t *testing.T) {
	tests := []struct {
		name string
		n    int
		h, w int
	}{
		{"short", 5, 2, 3},
		{"long", 7, 2, 3},
		{"negative", 0, -1, 0},
		{"too large", 0, 1 << 20, 1 << 20},
	}
	for _, tt := range tests {
		if _, err := EncodeMask(make([]uint8, tt.n), tt.h, tt.w); !errors.Is(err, ErrRLE) {
			t.Errorf("%s: err = %v, want ErrRLE", tt.name, err)
		}
	}
}

func TestRLEEdgeCases(t *testing.T) {
	// An empty mask encodes as a single 0-run of length 0 ("0"), and the
	// empty string parses too.
	r, err := EncodeMask([]uint8{}, 0, 5)
	if err != nil || !slices.Equal(r.Counts, []uint32{0}) || r.String() != "0" {
		t.Errorf("0x5 mask: %v %q %v", r.Counts, r.String(), err)
	}
	for _, s := range []string{"", "0"} {
		if r, err := ParseRLE(0, 5, s); err != nil || len(r.Decode()) != 0 || r.BBox() != (Box{}) {
			t.Errorf("ParseRLE(0, 5, %q) = %v, %v", s, r, err)
		}
	}
	// Counts that disagree with the size decode without panic.
	bad := RLE{H: 2, W: 2, Counts: []uint32{1, 10}}
	if err := bad.Validate(); !errors.Is(err, ErrRLE) {
		t.Errorf("Validate of overlong counts = %v", err)
	}
	if got := bad.Decode(); !slices.Equal(got, []uint8{0, 1, 1, 1}) {
		t.Errorf("Decode of overlong counts = %v", got)
	}
	if got := (RLE{H: -1, W: 2}).Decode(); got != nil {
		t.Errorf("Decode of a negative size = %v", got)
	}
	// Zero-length runs in the middle are accepted and mean nothing.
	z, err := ParseRLE(2, 2, "1003") // 1, 0, 0, 3
	if err != nil || z.Area() != 3 || z.BBox() != (Box{0, 0, 2, 2}) || !slices.Equal(z.Decode(), []uint8{0, 1, 1, 1}) {
		t.Errorf("zero-length runs: %v %v area %d bbox %v", z, err, z.Area(), z.BBox())
	}
}

func FuzzParseRLE(f *testing.F) {
	for _, v := range maskVectors {
		f.Add(uint8(v.h), uint8(v.w), v.str)
	}
	f.Add(uint8(0), uint8(0), "")
	f.Add(uint8(3), uint8(3), "0000000009")
	f.Add(uint8(200), uint8(200), "PPPPPP0")
	f.Fuzz(func(t *testing.T, h, w uint8, s string) {
		r, err := ParseRLE(int(h), int(w), s)
		if err != nil {
			if !errors.Is(err, ErrRLE) {
				t.Fatalf("error %v does not wrap ErrRLE", err)
			}
			return
		}
		if err := r.Validate(); err != nil {
			t.Fatalf("parsed RLE is invalid: %v", err)
		}
		// The string form of what was parsed parses back to the same counts.
		again, err := ParseRLE(int(h), int(w), r.String())
		if err != nil || !slices.Equal(again.Counts, r.Counts) {
			t.Fatalf("%q -> %v -> %q -> %v, %v", s, r.Counts, r.String(), again.Counts, err)
		}
		// Decoding and re-encoding keeps the pixels, area and box.
		m := r.Decode()
		e, err := EncodeMask(m, int(h), int(w))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(e.Decode(), m) || e.Area() != r.Area() || e.BBox() != r.BBox() {
			t.Fatalf("%q: re-encoded mask differs: area %d vs %d, box %v vs %v", s, e.Area(), r.Area(), e.BBox(), r.BBox())
		}
	})
}
