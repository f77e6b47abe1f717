package export

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/labels"
)

// pngOf returns a w×h PNG of a grey-blue gradient.
func pngOf(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, color.RGBA{uint8(60 + 100*x/w), uint8(70 + 60*y/h), 120, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// analyticSample returns a 48×36 sample with two objects, a rectangle and
// a disc in front of it, a context object (a floor, id 3) without an
// annotation, depth on every object and a hidden third object.
func analyticSample(t testing.TB, index int64) *dataset.Sample {
	t.Helper()
	const w, h = 48, 36
	ids := make([]uint32, w*h)
	depth := make([]float32, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := y*w + x
			fx, fy := float64(x)+0.5, float64(y)+0.5
			switch {
			case (fx-30)*(fx-30)+(fy-20)*(fy-20) <= 64:
				ids[i], depth[i] = 2, 1.0+float32(fx)/100
			case x >= 6 && x < 26 && y >= 8 && y < 28:
				ids[i], depth[i] = 1, 1.5
			case y >= 30:
				ids[i], depth[i] = 3, 2+float32(h-y)/10
			}
		}
	}
	enc := labels.NewEncoder()
	var inst, dep bytes.Buffer
	if err := enc.EncodeInstancePNG(&inst, ids, w, h); err != nil {
		t.Fatal(err)
	}
	if err := enc.EncodeDepthPNG(&dep, depth, w, h); err != nil {
		t.Fatal(err)
	}
	s := &dataset.Sample{Index: index, Image: pngOf(t, w, h), Depth: dep.Bytes(), Instances: inst.Bytes()}
	for _, o := range []struct {
		id  uint32
		cat string
		ci  int32
	}{{1, "box", 0}, {2, "sphere", 1}, {4, "cone", 2}} {
		m := make([]uint8, w*h)
		for i, id := range ids {
			if id == o.id {
				m[i] = 1
			}
		}
		rle, err := labels.EncodeMask(m, h, w)
		if err != nil {
			t.Fatal(err)
		}
		s.Objects = append(s.Objects, dataset.Object{ID: o.id, Category: o.cat, CategoryID: o.ci,
			BBox: rle.BBox().COCO(), Area: int64(rle.Area()), VisibleFraction: 1, RLE: rle.String()})
	}
	return s
}

// TestContactSheetGolden draws a sheet of analytic samples (one without
// instances, one without depth, one with a broken image) and compares its
// pixels with testdata/sheet.golden.png.
func TestContactSheetGolden(t *testing.T) {
	a := analyticSample(t, 0)
	noInst := analyticSample(t, 1)
	noInst.Instances = nil // masks from the RLEs
	noDepth := analyticSample(t, 2)
	noDepth.Depth = nil
	broken := analyticSample(t, 3)
	broken.Image = []byte("not an image")
	img := ContactSheet([]*dataset.Sample{a, noInst, noDepth, broken}, SheetOptions{Columns: 2, TileWidth: 120})
	if got, want := img.Bounds().Size(), image.Pt(6+2*(2*120+2+6), 6+2*(16+90+6)); got != want {
		t.Errorf("sheet size %v, want %v", got, want)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "sheet.golden.png")
	if *update {
		golden(t, "sheet.golden.png", buf.Bytes())
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if !sameRGBA(img, want) {
		out := filepath.Join(t.TempDir(), "sheet.png")
		os.WriteFile(out, buf.Bytes(), 0o644)
		t.Errorf("sheet differs from %s; got %s (run go test -update after looking at it)", path, out)
	}
}

// TestSampleTiles checks the overlay where it is known: the tint covers the
// disc, the context floor stays untinted, and the tiles report the depth
// range; and that broken inputs are errors, not panics.
func TestSampleTiles(t *testing.T) {
	s := analyticSample(t, 0)
	tiles, err := SampleTiles(s, 96, 72, SheetOptions{}) // enlarged 2×, nearest neighbour
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := png.Decode(bytes.NewReader(s.Image))
	if got, want := tiles.Color.RGBAAt(60, 40), color.RGBAModel.Convert(orig.At(30, 20)); got == want {
		t.Errorf("disc centre not tinted: %v", got)
	}
	if got, want := tiles.Color.RGBAAt(88, 68), color.RGBAModel.Convert(orig.At(44, 34)); got != want {
		t.Errorf("context floor tinted: %v, image %v", got, want)
	}
	if r := tiles.DepthRange; !strings.HasPrefix(r, "1.2") || !strings.HasSuffix(r, "-2.60 m") {
		t.Errorf("depth range %q", tiles.DepthRange)
	}
	for _, tt := range []struct {
		name string
		edit func(*dataset.Sample)
	}{
		{"image", func(s *dataset.Sample) { s.Image = s.Image[:20] }},
		{"instances", func(s *dataset.Sample) { s.Instances = []byte("x") }},
		{"instances size", func(s *dataset.Sample) { s.Instances = exampleSample(t).Instances }},
		{"depth", func(s *dataset.Sample) { s.Depth = s.Image }},
		{"rle", func(s *dataset.Sample) { s.Instances = nil; s.Objects[0].RLE = "!!" }},
	} {
		s := analyticSample(t, 0)
		tt.edit(s)
		if _, err := SampleTiles(s, 48, 36, SheetOptions{}); err == nil {
			t.Errorf("broken %s: no error", tt.name)
		}
	}
	if img := ContactSheet(nil, SheetOptions{}); img.Bounds().Empty() {
		t.Errorf("empty sheet has no pixels: %v", img.Bounds())
	}
}

func sameRGBA(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.RGBAModel.Convert(a.At(x, y)) != color.RGBAModel.Convert(b.At(x, y)) {
				return false
			}
		}
	}
	return true
}

// TestSheetLayout checks the grid, and that a sheet of many samples stays
// within maxSheetPixels by shrinking its tiles and then its rows.
func TestSheetLayout(t *testing.T) {
	for _, tt := range []struct {
		n      int
		aspect float64
		opts   SheetOptions
		want   sheetLayout
	}{
		{0, 0.75, SheetOptions{}, sheetLayout{n: 0, cols: 1, rows: 0, tw: 256, th: 192}},
		{6, 0.75, SheetOptions{}, sheetLayout{n: 6, cols: 4, rows: 2, tw: 256, th: 192}},
		{3, 0.5, SheetOptions{Columns: 8, TileWidth: 100}, sheetLayout{n: 3, cols: 3, rows: 1, tw: 100, th: 50}},
		{10, 0.75, SheetOptions{Columns: 1000, TileWidth: 1 << 20}, sheetLayout{n: 10, cols: 10, rows: 1, tw: 2048, th: 1536}},
	} {
		if got := newSheetLayout(tt.n, tt.aspect, tt.opts); got != tt.want {
			t.Errorf("newSheetLayout(%d, %v, %+v) = %+v, want %+v", tt.n, tt.aspect, tt.opts, got, tt.want)
		}
	}
	for _, n := range []int{5000, 1_000_000} {
		l := newSheetLayout(n, 0.75, SheetOptions{Columns: 64, TileWidth: 2048})
		if l.width()*l.height() > maxSheetPixels || l.tw < minTileW || l.n > n || l.n < min(n, 64) {
			t.Errorf("%d samples: layout %+v is %d×%d", n, l, l.width(), l.height())
		}
	}
}
