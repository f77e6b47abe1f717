package export

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/labels"
	"github.com/synthkit/synthkit/retail"
)

// retailSample is an 8×6 sample whose answer is known: two products with
// attributes, and annotations of four retail categories, each mask a box
// of pixels:
//
//	product 1 (cola)   x 0..1, y 0..2     shelf_row     x 0..7, y 5
//	product 2 (water)  x 3..4, y 1..2     price_tag     x 6..7, y 4
//	facing group       = product 1's mask empty_facing  x 5..7, y 0..2
func retailSample(t *testing.T) *dataset.Sample {
	t.Helper()
	const w, h = 8, 6
	box := func(x0, y0, x1, y1 int) string {
		m := make([]uint8, w*h)
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				m[y*w+x] = 1
			}
		}
		r, err := labels.EncodeMask(m, h, w)
		if err != nil {
			t.Fatal(err)
		}
		return r.String()
	}
	a := func(kv ...string) []dataset.Attr {
		var out []dataset.Attr
		for i := 0; i < len(kv); i += 2 {
			out = append(out, dataset.Attr{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	return &dataset.Sample{
		Index: 0, Image: pngOf(t, w, h),
		Objects: []dataset.Object{
			{ID: 1, Category: "cola", CategoryID: 0, Area: 6, VisibleFraction: 1, RLE: box(0, 0, 1, 2),
				Attributes: a("brand", "Fizz", "facing", "0", "null_set", "false", "sku", "cola")},
			{ID: 2, Category: "water", CategoryID: 1, Area: 4, VisibleFraction: 0.5, RLE: box(3, 1, 4, 2),
				Attributes: a("brand", "Aqua, Ltd", "sku", "water")}, // a comma, quoted in the CSV
		},
		Annotations: []dataset.Annotation{
			{Category: retail.ShelfRow, Attributes: a("bay", "0", "board", "1"), Area: 8, VisibleFraction: 1, RLE: box(0, 5, 7, 5),
				Line: [][]float64{{0, 5.5, 8, 5.5}}},
			{Category: retail.PriceTag, Attributes: a("price", "1.99", "sku", "cola"), Area: 2, VisibleFraction: 1, RLE: box(6, 4, 7, 4)},
			{Category: retail.Facing, Attributes: a("facings", "1", "sku", "cola"), Area: 6, VisibleFraction: 1, RLE: box(0, 0, 1, 2)},
			{Category: retail.EmptyFacing, Attributes: a("kind", "empty", "sku", "water"), Area: 9, VisibleFraction: 1, RLE: box(5, 0, 7, 2)},
		},
	}
}

func TestParseInclude(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		err  string
	}{
		{"", nil, ""},
		{"shelf,tags,empty", []string{retail.ShelfRow, retail.PriceTag, retail.EmptyFacing}, ""},
		{" facings , slots", []string{retail.Facing, retail.Slot}, ""},
		{"price_tag,my_label", []string{retail.PriceTag, "my_label"}, ""},
		{"tags,price_tag", nil, `"price_tag" named twice`},
		{"shelf,", nil, `"" is not an annotation category`},
		{"shelf rows", nil, `"shelf rows" is not an annotation category`},
	} {
		got, err := ParseInclude(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseInclude(%q) error %v, want one containing %s", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseInclude(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// TestCOCOAttributesInclude exports retailSample with shelf, tags and
// empty included and checks every annotation against the hand-made
// answer: attributes as on the row, included annotations as categories
// 3..5 after the dataset's two, the facing group (not included) absent.
func TestCOCOAttributesInclude(t *testing.T) {
	dir := t.TempDir()
	inc, _ := ParseInclude("shelf,tags,empty")
	w, err := NewCOCOWriter(dir, []string{"cola", "water"}, COCOOptions{Include: inc})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(retailSample(t)); err != nil {
		t.Fatal(err)
	}
	sum, err := w.Close()
	if err != nil {
		t.Fatal(err)
	}
	if sum.Objects != 2 || sum.Annotations != 3 {
		t.Errorf("summary %+v: want 2 objects and 3 annotations", sum)
	}
	f := readCOCO(t, filepath.Join(dir, COCOFileName))
	wantCats := []COCOCategory{{1, "cola", "object"}, {2, "water", "object"},
		{3, retail.ShelfRow, "annotation"}, {4, retail.PriceTag, "annotation"}, {5, retail.EmptyFacing, "annotation"}}
	if !reflect.DeepEqual(f.Categories, wantCats) {
		t.Errorf("categories %+v, want %+v", f.Categories, wantCats)
	}
	type want struct {
		cat   int
		bbox  [4]float64
		area  float64
		inst  uint32
		attrs map[string]string
		line  [][]float64
	}
	wants := []want{
		{1, [4]float64{0, 0, 2, 3}, 6, 1, map[string]string{"brand": "Fizz", "facing": "0", "null_set": "false", "sku": "cola"}, nil},
		{2, [4]float64{3, 1, 2, 2}, 4, 2, map[string]string{"brand": "Aqua, Ltd", "sku": "water"}, nil},
		{3, [4]float64{0, 5, 8, 1}, 8, 0, map[string]string{"bay": "0", "board": "1"}, [][]float64{{0, 5.5, 8, 5.5}}},
		{4, [4]float64{6, 4, 2, 1}, 2, 0, map[string]string{"price": "1.99", "sku": "cola"}, nil},
		{5, [4]float64{5, 0, 3, 3}, 9, 0, map[string]string{"kind": "empty", "sku": "water"}, nil},
	}
	if len(f.Annotations) != len(wants) {
		t.Fatalf("%d annotations, want %d", len(f.Annotations), len(wants))
	}
	for i, wa := range wants {
		a := f.Annotations[i]
		got := want{a.CategoryID, a.BBox, a.Area, a.InstanceID, a.Attributes, a.Line}
		if !reflect.DeepEqual(got, wa) {
			t.Errorf("annotation %d: %+v, want %+v", i, got, wa)
		}
	}
	// Without Include nothing but the objects, still with attributes.
	dir2 := t.TempDir()
	w, _ = NewCOCOWriter(dir2, []string{"cola", "water"}, COCOOptions{})
	if err := w.Write(retailSample(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f = readCOCO(t, filepath.Join(dir2, COCOFileName))
	if len(f.Categories) != 2 || len(f.Annotations) != 2 || f.Annotations[1].Attributes["brand"] != "Aqua, Ltd" {
		t.Errorf("without include: %d categories, annotations %+v", len(f.Categories), f.Annotations)
	}
}

// TestYOLOAttributesInclude checks the YOLO side: classes 2..4 for the
// included categories in data.yaml and the label rows, and attributes.csv
// with one record per label row whose class agrees with the label file.
func TestYOLOAttributesInclude(t *testing.T) {
	for _, task := range []Task{Detect, Segment} {
		t.Run(string(task), func(t *testing.T) {
			dir := t.TempDir()
			inc, _ := ParseInclude("shelf,tags,empty")
			w, err := NewYOLOWriter(dir, []string{"cola", "water"}, YOLOOptions{Task: task, Include: inc, Tolerance: -1})
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Write(retailSample(t)); err != nil {
				t.Fatal(err)
			}
			if _, err := w.Close(); err != nil {
				t.Fatal(err)
			}
			yaml, _ := os.ReadFile(filepath.Join(dir, YOLODataFile))
			if !strings.Contains(string(yaml), "nc: 5\n") || !strings.Contains(string(yaml), `4: "empty_facing"`) {
				t.Errorf("data.yaml lacks the included classes:\n%s", yaml)
			}
			lb, _ := os.ReadFile(filepath.Join(dir, "labels", "train", "000000000.txt"))
			lines := strings.Split(strings.TrimSpace(string(lb)), "\n")
			var classes []string
			for _, l := range lines {
				classes = append(classes, strings.Fields(l)[0])
			}
			if want := []string{"0", "1", "2", "3", "4"}; !reflect.DeepEqual(classes, want) {
				t.Errorf("label classes %v, want %v", classes, want)
			}
			if task == Detect && lines[2] != "2 0.500000 0.916667 1.000000 0.166667" {
				t.Errorf("shelf row label %q", lines[2])
			}
			recs := ReadCSV(t, filepath.Join(dir, YOLOAttributesFile))
			want := [][]string{
				{"split", "image", "label_row", "class_id", "class_name", "instance_id", "bay", "board", "brand", "facing", "kind", "null_set", "price", "sku"},
				{"train", "000000000.png", "0", "0", "cola", "1", "", "", "Fizz", "0", "", "false", "", "cola"},
				{"train", "000000000.png", "1", "1", "water", "2", "", "", "Aqua, Ltd", "", "", "", "", "water"},
				{"train", "000000000.png", "2", "2", "shelf_row", "0", "0", "1", "", "", "", "", "", ""},
				{"train", "000000000.png", "3", "3", "price_tag", "0", "", "", "", "", "", "", "1.99", "cola"},
				{"train", "000000000.png", "4", "4", "empty_facing", "0", "", "", "", "", "empty", "", "", "water"},
			}
			if !reflect.DeepEqual(recs, want) {
				t.Errorf("attributes.csv\n got %q\nwant %q", recs, want)
			}
		})
	}
}

// TestIncludeErrors: an included name the dataset already uses as a
// category, a clashing attribute key, and an export of a dataset without
// the annotations column.
func TestIncludeErrors(t *testing.T) {
	_, err := NewCOCOWriter(t.TempDir(), []string{"price_tag"}, COCOOptions{Include: []string{retail.PriceTag}})
	if err == nil || !strings.Contains(err.Error(), `include "price_tag": the dataset already has a category of that name`) {
		t.Errorf("COCO include of a dataset category: %v", err)
	}
	_, err = NewYOLOWriter(t.TempDir(), []string{"price_tag"}, YOLOOptions{Include: []string{retail.PriceTag}})
	if err == nil || !strings.Contains(err.Error(), "already has a category") {
		t.Errorf("YOLO include of a dataset category: %v", err)
	}
	s := retailSample(t)
	s.Objects[0].Attributes = append(s.Objects[0].Attributes, dataset.Attr{Key: "label_row", Value: "x"})
	w, err := NewYOLOWriter(t.TempDir(), []string{"cola", "water"}, YOLOOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	if err := w.Write(s); err == nil || !strings.Contains(err.Error(), `attribute key "label_row"`) {
		t.Errorf("attribute clashing with a column: %v", err)
	}
	src := generate(t, smallSpec) // basic writes no annotations column by default
	_, err = ExportCOCO(t.Context(), src, t.TempDir(), COCOOptions{Include: []string{retail.ShelfRow}})
	if err == nil || !strings.Contains(err.Error(), `--include needs the "annotations" column`) {
		t.Errorf("COCO include without annotations: %v", err)
	}
	_, err = ExportYOLO(t.Context(), src, t.TempDir(), YOLOOptions{Include: []string{retail.ShelfRow}})
	if err == nil || !strings.Contains(err.Error(), `--include needs the "annotations" column`) {
		t.Errorf("YOLO include without annotations: %v", err)
	}
}

// ReadCSV returns the records of the CSV file at path (for this package's
// tests, internal and external).
func ReadCSV(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}
