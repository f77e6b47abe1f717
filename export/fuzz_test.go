package export

import (
	"image"
	"slices"
	"testing"

	"github.com/synthkit/synthkit/labels"
)

// FuzzParseSplits checks that any --splits string either fails with
// ErrSplits or gives a valid list that round-trips through String.
func FuzzParseSplits(f *testing.F) {
	for _, s := range []string{"train=0.9,val=0.1", "a=1", "", "x=1e308,y=1e308", "train=,", "=", "a=NaN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ss, err := ParseSplits(s)
		if err != nil {
			return
		}
		if err := ss.Validate(); err != nil {
			t.Fatalf("ParseSplits(%q) = %v, which does not validate: %v", s, ss, err)
		}
		back, err := ParseSplits(ss.String())
		if err != nil || !slices.Equal(back, ss) {
			t.Fatalf("round trip of %q: %v, %v", s, back, err)
		}
		for i := int64(0); i < 16 && len(ss) > 0; i++ {
			if k := ss.Of(i); k < 0 || k >= len(ss) {
				t.Fatalf("Of(%d) = %d with %d splits", i, k, len(ss))
			}
		}
	})
}

// FuzzOutlines builds a small mask from the input bits and checks that
// its outlines, each filled back on its own (a part may lie in another's
// hole, so they are ORed, as Ultralytics reads one polygon per row), cover
// the mask, that each outline filled alone covers exactly its part plus
// holes, and that simplified outlines keep >= 3 of their own vertices.
func FuzzOutlines(f *testing.F) {
	f.Add(uint8(5), []byte{0x0f, 0xf0, 0x55, 0xaa})
	f.Add(uint8(8), []byte{0xff, 0x81, 0x81, 0xff, 0x00, 0x18, 0x18})
	f.Fuzz(func(t *testing.T, w uint8, bits []byte) {
		wi := int(w%16) + 1
		n := min(len(bits)*8, 256)
		h := n / wi
		if h == 0 {
			return
		}
		m := make([]uint8, wi*h)
		for i := range m {
			m[i] = bits[i/8] >> (i % 8) & 1
		}
		polys, err := Outlines(m, wi, h)
		if err != nil {
			t.Fatal(err)
		}
		filled := make([]uint8, len(m))
		for _, p := range polys {
			one := Fill([][]image.Point{p}, wi, h)
			if one[p[0].Y*wi+p[0].X] == 0 {
				t.Fatalf("the first pixel of %v is outside it", p)
			}
			for i, v := range one {
				filled[i] |= v
			}
		}
		for i := range m {
			if m[i] != 0 && filled[i] == 0 {
				t.Fatalf("pixel (%d, %d) of the mask is outside its outlines %v", i%wi, i/wi, polys)
			}
		}
		for _, p := range polys {
			q := SimplifyMask(p, wi, h, DefaultTolerance)
			if len(q) < 3 {
				t.Fatalf("simplified %v to %v", p, q)
			}
			for _, v := range q {
				if !slices.Contains(p, v) {
					t.Fatalf("vertex %v not in %v", v, p)
				}
			}
		}
	})
}

func BenchmarkMaskPolygons(b *testing.B) {
	const w, h = 640, 480
	m := shape{w: w, h: h, in: union(disc(200, 200, 90), disc(450, 300, 60))}.mask()
	rle, err := labels.EncodeMask(m, h, w)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := maskPolygons(rle, DefaultTolerance); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOutlines(b *testing.B) {
	const w, h = 640, 480
	m := shape{w: w, h: h, in: disc(320, 240, 200)}.mask()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Outlines(m, w, h); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSampleTiles(b *testing.B) {
	s := analyticSample(b, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SampleTiles(s, 256, 192, SheetOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
