package export

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/labels"
)

func readCOCO(t *testing.T, path string) COCOFile {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f COCOFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f
}

// tightBox returns the COCO box of the set pixels of a row-major mask.
func tightBox(m []uint8, w int) [4]float64 {
	x0, y0, x1, y1 := 1<<30, 1<<30, -1, -1
	for i, v := range m {
		if v != 0 {
			x, y := i%w, i/w
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
		}
	}
	if x1 < 0 {
		return [4]float64{}
	}
	return [4]float64{float64(x0), float64(y0), float64(x1 - x0 + 1), float64(y1 - y0 + 1)}
}

// TestCOCO exports a generated dataset and checks every annotation against
// the instances PNG: decoded RLE == mask of its instance id, bbox == tight
// box of that mask, area == its pixel count; ids unique; categories the
// dataset's, with ids category_id+1; fully occluded objects left out.
func TestCOCO(t *testing.T) {
	src := generate(t, smallSpec)
	dst := filepath.Join(t.TempDir(), "coco")
	sum, err := ExportCOCO(context.Background(), src, dst, COCOOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f := readCOCO(t, filepath.Join(dst, COCOFileName))
	samples := readSamples(t, src)
	d, err := OpenDataset(src)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range f.Categories {
		if c.ID != i+1 || c.Name != d.Info.Categories[i] {
			t.Errorf("category %d = %+v, want id %d name %q", i, c, i+1, d.Info.Categories[i])
		}
	}
	if len(f.Categories) != len(d.Info.Categories) {
		t.Errorf("%d categories, want %d", len(f.Categories), len(d.Info.Categories))
	}
	if len(f.Images) != len(samples) || sum.Images != len(samples) {
		t.Fatalf("%d images (summary %d), want %d", len(f.Images), sum.Images, len(samples))
	}
	byImage := map[int64]*dataset.Sample{}
	for i, img := range f.Images {
		s := samples[i]
		want := COCOImage{ID: s.Index + 1, Width: 96, Height: 72, FileName: fmt.Sprintf("%09d.png", s.Index), Index: s.Index}
		if img != want {
			t.Errorf("image %d = %+v, want %+v", i, img, want)
		}
		b, err := os.ReadFile(filepath.Join(dst, "images", img.FileName))
		if err != nil || !bytes.Equal(b, s.Image) {
			t.Errorf("image file %s: %v, equal %v", img.FileName, err, bytes.Equal(b, s.Image))
		}
		byImage[img.ID] = s
	}
	annIDs := map[int64]bool{}
	seen := map[[2]int64]bool{} // (image id, instance id)
	for _, a := range f.Annotations {
		if annIDs[a.ID] || a.ID < 1 {
			t.Errorf("annotation id %d repeated or < 1", a.ID)
		}
		annIDs[a.ID] = true
		s := byImage[a.ImageID]
		if s == nil {
			t.Fatalf("annotation %d: unknown image %d", a.ID, a.ImageID)
		}
		ids, w, h := instanceMap(t, s)
		if a.Segmentation.Size != [2]int{h, w} || a.IsCrowd != 0 {
			t.Errorf("annotation %d: size %v iscrowd %d", a.ID, a.Segmentation.Size, a.IsCrowd)
		}
		rle, err := labels.ParseRLE(h, w, a.Segmentation.Counts)
		if err != nil {
			t.Fatalf("annotation %d: %v", a.ID, err)
		}
		got := rle.Decode()
		want := make([]uint8, w*h)
		area := 0
		for i, id := range ids {
			if id == a.InstanceID {
				want[i] = 1
				area++
			}
		}
		if !bytes.Equal(got, want) {
			t.Errorf("annotation %d: decoded RLE differs from instance %d's mask", a.ID, a.InstanceID)
		}
		if a.Area != float64(area) || area == 0 {
			t.Errorf("annotation %d: area %v, mask has %d pixels", a.ID, a.Area, area)
		}
		if tb := tightBox(want, w); a.BBox != tb {
			t.Errorf("annotation %d: bbox %v, tight box of the mask %v", a.ID, a.BBox, tb)
		}
		i := slices.IndexFunc(s.Objects, func(o dataset.Object) bool { return o.ID == a.InstanceID })
		if i < 0 || int(s.Objects[i].CategoryID)+1 != a.CategoryID {
			t.Errorf("annotation %d: category %d does not match object %d", a.ID, a.CategoryID, a.InstanceID)
		}
		seen[[2]int64{a.ImageID, int64(a.InstanceID)}] = true
	}
	occluded := 0
	for _, s := range samples {
		for _, o := range s.Objects {
			if o.Area == 0 {
				occluded++
			} else if !seen[[2]int64{s.Index + 1, int64(o.ID)}] {
				t.Errorf("sample %d: visible object %d has no annotation", s.Index, o.ID)
			}
		}
	}
	if sum.Objects != len(f.Annotations) || sum.Occluded != occluded {
		t.Errorf("summary %+v: want %d objects, %d occluded", sum, len(f.Annotations), occluded)
	}
}

// TestCOCOSplits checks the per-split layout: every image in the split
// Splits.Of names, each split a complete COCO file, annotation ids unique
// across splits, and byte-identical output when run again.
func TestCOCOSplits(t *testing.T) {
	src := generate(t, smallSpec)
	splits, err := ParseSplits("train=0.5,val=0.5")
	if err != nil {
		t.Fatal(err)
	}
	run := func() string {
		dst := filepath.Join(t.TempDir(), "coco")
		if _, err := ExportCOCO(context.Background(), src, dst, COCOOptions{Splits: splits, MinVisible: 0.2}); err != nil {
			t.Fatal(err)
		}
		return dst
	}
	dst := run()
	annIDs := map[int64]bool{}
	images := 0
	for k, name := range splits.Names() {
		f := readCOCO(t, filepath.Join(dst, name, COCOFileName))
		if f.Info.Split != name {
			t.Errorf("split %s: info.synthkit_split %q", name, f.Info.Split)
		}
		for _, img := range f.Images {
			if got := splits.Of(img.Index); got != k {
				t.Errorf("image %d is in %s, Splits.Of says %d", img.Index, name, got)
			}
			if _, err := os.Stat(filepath.Join(dst, name, "images", img.FileName)); err != nil {
				t.Error(err)
			}
			images++
		}
		for _, a := range f.Annotations {
			if annIDs[a.ID] {
				t.Errorf("annotation id %d repeated across splits", a.ID)
			}
			annIDs[a.ID] = true
			if a.VisibleFraction < 0.2 {
				t.Errorf("annotation %d: visible fraction %v below --min-visible 0.2", a.ID, a.VisibleFraction)
			}
		}
	}
	if images != 6 {
		t.Errorf("%d images over the splits, want 6", images)
	}
	if a, b := treeHashes(t, dst), treeHashes(t, run()); !maps2Equal(a, b) {
		t.Errorf("a second export differs:\n%v\n%v", a, b)
	}
	leftovers := 0
	filepath.WalkDir(dst, func(p string, e fs.DirEntry, err error) error {
		if strings.HasPrefix(e.Name(), ".") {
			leftovers++
		}
		return nil
	})
	if leftovers != 0 {
		t.Errorf("%d hidden temporary files left in the output", leftovers)
	}
}

// treeHashes returns the contents of every file under dir by relative path.
func treeHashes(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func maps2Equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestExportErrors(t *testing.T) {
	src := generate(t, smallSpec)
	noObjects := generate(t, smallSpec+"columns: [image, depth]\n")
	empty := t.TempDir()
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o644)
	nonEmpty := t.TempDir()
	os.WriteFile(filepath.Join(nonEmpty, "keep.txt"), []byte("x"), 0o644)
	ro := filepath.Join(t.TempDir(), "ro")
	os.Mkdir(ro, 0o555)
	for _, tt := range []struct {
		name     string
		src, dst string
		opts     COCOOptions
		want     string
	}{
		{"missing dataset", filepath.Join(empty, "nope"), t.TempDir(), COCOOptions{}, "no such directory"},
		{"not a directory", file, t.TempDir(), COCOOptions{}, "not a directory"},
		{"no shards", empty, t.TempDir(), COCOOptions{}, "no shard sidecars"},
		{"no objects column", noObjects, t.TempDir(), COCOOptions{}, `needs the "objects" column`},
		{"output not empty", src, nonEmpty, COCOOptions{}, "is not empty"},
		{"output is a file", src, filepath.Join(file, "sub"), COCOOptions{}, "not a directory"},
		{"bad min visible", src, t.TempDir(), COCOOptions{MinVisible: 1.5}, "min visible"},
		{"bad splits", src, t.TempDir(), COCOOptions{Splits: Splits{{"a", 1}, {"a", 2}}}, "listed twice"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ExportCOCO(context.Background(), tt.src, tt.dst, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
	if os.Geteuid() != 0 { // root writes anywhere
		if _, err := ExportCOCO(context.Background(), src, filepath.Join(ro, "out"), COCOOptions{}); err == nil || !errors.Is(err, fs.ErrPermission) {
			t.Errorf("unwritable output: err = %v, want a permission error", err)
		}
	}
}

func TestJSONFloat(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		want string
	}{{0, "0.0"}, {12, "12.0"}, {1.5, "1.5"}, {1e21, "1000000000000000000000.0"}, {-3, "-3.0"}} {
		b, _ := jsonFloat(tt.v).MarshalJSON()
		if string(b) != tt.want {
			t.Errorf("jsonFloat(%v) = %s, want %s", tt.v, b, tt.want)
		}
	}
}

// ExampleCOCOWriter writes one hand-made 4×3 sample with a 2×2 box in its
// lower right and prints annotations.json.
func ExampleCOCOWriter() {
	dir, _ := os.MkdirTemp("", "coco-example")
	defer os.RemoveAll(dir)

	const w, h = 4, 3
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(2, 1, color.RGBA{255, 0, 0, 255})
	var pngBytes bytes.Buffer
	png.Encode(&pngBytes, img)
	mask := []uint8{
		0, 0, 0, 0,
		0, 0, 1, 1,
		0, 0, 1, 1,
	}
	rle, _ := labels.EncodeMask(mask, h, w)
	sample := &dataset.Sample{
		Index: 0,
		Image: pngBytes.Bytes(),
		Objects: []dataset.Object{{
			ID: 1, Category: "box", CategoryID: 0, Area: 4, VisibleFraction: 1,
			BBox: [4]float64{2, 1, 2, 2}, RLE: rle.String(),
		}},
	}

	cw, err := NewCOCOWriter(dir, []string{"box", "sphere"}, COCOOptions{Info: COCOInfo{Description: "example", Version: "1"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := cw.Write(sample); err != nil {
		fmt.Println(err)
		return
	}
	sum, err := cw.Close()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sum)
	b, _ := os.ReadFile(filepath.Join(dir, COCOFileName))
	fmt.Print(string(b))
	// Output:
	// 1 images, 1 objects (0 fully occluded, 0 below min visible left out)
	// {
	// "info": {"description":"example","version":"1"},
	// "licenses": [],
	// "categories": [
	// {"id":1,"name":"box","supercategory":"object"},
	// {"id":2,"name":"sphere","supercategory":"object"}
	// ],
	// "images": [
	// {"id":1,"width":4,"height":3,"file_name":"000000000.png","synthkit_index":0}
	// ],
	// "annotations": [
	// {"id":1,"image_id":1,"category_id":1,"segmentation":{"size":[3,4],"counts":"7210"},"area":4.0,"bbox":[2.0,1.0,2.0,2.0],"iscrowd":0,"synthkit_instance_id":1,"synthkit_visible_fraction":1}
	// ]
	// }
}
