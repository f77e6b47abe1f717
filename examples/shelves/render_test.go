package shelves

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/export"
	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/labels"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

var pngDir = flag.String("png-dir", "", "write the colour images of the rendered samples to this directory, to look at them")

// Golden image and contact sheet: seeds and indices of the samples shown.
const (
	goldenSeed  = 2024
	goldenIndex = 8
	sheetSeed   = 2024
	goldenFile  = "testdata/golden.png"
	sheetFile   = "../../docs/shelves-sheet.png"
)

// sheetIndices are the samples on the README's contact sheet.
var sheetIndices = []int64{0, 4, 5, 11}

// TestGolden renders one default sample at 640×480 with 2×2 supersampling
// and compares it with testdata/golden.png: the mean absolute difference
// over all channels must stay within 1/255 (the soft renderer is
// deterministic, but float results may differ between architectures).
// Regenerate with -update.
func TestGolden(t *testing.T) {
	g := shared(t)
	s := sample(t, g, goldenSeed, goldenIndex, 640, 480)
	f := renderFrame(t, s, 2)
	savePNG(t, "golden", f.Color)
	if *update {
		writePNG(t, goldenFile, f.Color)
		return
	}
	data, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	want, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if want.Bounds() != f.Color.Bounds() {
		t.Fatalf("golden is %v, render %v", want.Bounds(), f.Color.Bounds())
	}
	wr := image.NewRGBA(want.Bounds())
	draw.Draw(wr, wr.Bounds(), want, want.Bounds().Min, draw.Src)
	var sum int64
	for i := range wr.Pix {
		d := int64(wr.Pix[i]) - int64(f.Color.Pix[i])
		sum += max(d, -d)
	}
	mean := float64(sum) / float64(len(wr.Pix))
	t.Logf("mean absolute difference %.4f/255", mean)
	if mean > 1 {
		t.Errorf("render differs from %s by %.3f/255 on average (allowed 1/255); look at it with -png-dir, update with -update", goldenFile, mean)
	}
}

// TestContactSheet draws the README's contact sheet of four default
// samples at 640×480 with their labels (export.ContactSheet) when run with
// -update; otherwise it draws a small sheet of one 160×120 sample, to check
// that rows built from the generator's categories work with it.
func TestContactSheet(t *testing.T) {
	g := shared(t)
	cats := generator.CategoriesOf(g, info)
	indices, w, h, ssaa := sheetIndices[:1], 160, 120, 1
	if *update {
		indices, w, h, ssaa = sheetIndices, 640, 480, 2
	}
	var rows []*dataset.Sample
	for _, i := range indices {
		s := sample(t, g, sheetSeed, i, w, h)
		f := renderFrame(t, s, ssaa)
		savePNG(t, fmt.Sprintf("sheet-%d", i), f.Color)
		row := datasetRow(t, i, s, f, cats)
		if len(row.Objects) == 0 {
			t.Fatalf("sample %d: no labelled object in view", i)
		}
		rows = append(rows, row)
	}
	sheet := export.ContactSheet(rows, export.SheetOptions{Columns: 2, TileWidth: 400})
	if sheet.Bounds().Dx() < 400 {
		t.Errorf("contact sheet is %v", sheet.Bounds())
	}
	if *update {
		writePNG(t, sheetFile, sheet)
	}
}

// datasetRow turns a rendered sample into a dataset row, as the shard
// runner writes it, for export.ContactSheet.
func datasetRow(t testing.TB, index int64, s *scene.Scene, f *render.Frame, categories []string) *dataset.Sample {
	t.Helper()
	insts, err := labels.Extract(s, f)
	if err != nil {
		t.Fatal(err)
	}
	row := &dataset.Sample{Index: index, Camera: dataset.CameraOf(s.Camera)}
	if row.Objects, err = dataset.ObjectsOf(insts, categories); err != nil {
		t.Fatal(err)
	}
	enc := labels.NewEncoder()
	var img, depth, ids bytes.Buffer
	if err := png.Encode(&img, f.Color); err != nil {
		t.Fatal(err)
	}
	if err := enc.EncodeDepthPNG(&depth, f.Depth, f.Width, f.Height); err != nil {
		t.Fatal(err)
	}
	if err := enc.EncodeInstancePNG(&ids, f.IDs, f.Width, f.Height); err != nil {
		t.Fatal(err)
	}
	row.Image, row.Depth, row.Instances = img.Bytes(), depth.Bytes(), ids.Bytes()
	return row
}

// TestDensity renders nine default samples at 640×480 and counts the
// labelled products visible in each (area > 0): the median must be a
// dense shelf, 80 to 200 products (SKU-110K averages about 147). It logs
// the counts and a histogram of the visible fractions.
func TestDensity(t *testing.T) {
	if testing.Short() {
		t.Skip("renders nine samples")
	}
	g := shared(t)
	var counts []int
	var hist [10]int
	for i := range int64(9) {
		s := sample(t, g, 77, i, 640, 480)
		f := renderFrame(t, s, 1)
		insts, err := labels.Extract(s, f)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, in := range insts {
			if in.Category != "" && in.Area > 0 {
				n++
				hist[min(9, int(in.VisibleFraction*10))]++
			}
		}
		counts = append(counts, n)
	}
	t.Logf("visible labelled products per sample: %v", counts)
	t.Logf("visible fraction histogram (tenths 0-0.1 .. 0.9-1): %v", hist)
	slices.Sort(counts)
	if med := counts[len(counts)/2]; med < 80 || med > 200 {
		t.Errorf("median of %d visible products per sample, want 80..200", med)
	}
}

// savePNG writes img to the -png-dir directory, if one was given.
func savePNG(t *testing.T, name string, img image.Image) {
	t.Helper()
	if *pngDir != "" {
		writePNG(t, filepath.Join(*pngDir, "shelves-"+name+".png"), img)
	}
}

func writePNG(t *testing.T, name string, img image.Image) {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
