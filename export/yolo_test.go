package export

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/labels"
)

// checkYOLORows applies the rules of Ultralytics' verify_image_label to a
// label file: every row of one kind (5 tokens for detect; an odd count >= 7
// for segment: class and >= 3 x y pairs), numbers parse, coordinates in
// [0, 1], class in [0, nc). It returns the rows as numbers.
func checkYOLORows(t *testing.T, name string, data []byte, task Task, nc int) [][]float64 {
	t.Helper()
	var rows [][]float64
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if line == "" && i == 0 {
			break // an empty file
		}
		tok := strings.Fields(line)
		switch task {
		case Detect:
			if len(tok) != 5 {
				t.Fatalf("%s:%d: %d tokens, want 5", name, i+1, len(tok))
			}
		case Segment:
			if len(tok) < 7 || len(tok)%2 == 0 {
				t.Fatalf("%s:%d: %d tokens, want an odd count >= 7", name, i+1, len(tok))
			}
		}
		cls, err := strconv.Atoi(tok[0])
		if err != nil || cls < 0 || cls >= nc {
			t.Fatalf("%s:%d: class %q not in [0, %d)", name, i+1, tok[0], nc)
		}
		row := []float64{float64(cls)}
		for _, s := range tok[1:] {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || v < 0 || v > 1 {
				t.Fatalf("%s:%d: coordinate %q not in [0, 1]", name, i+1, s)
			}
			if dot := strings.IndexByte(s, '.'); dot < 0 || len(s)-dot-1 != 6 {
				t.Fatalf("%s:%d: coordinate %q does not have 6 decimals", name, i+1, s)
			}
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	return rows
}

// TestYOLO exports a generated dataset for both tasks and checks every
// label file against the Ultralytics rules and against the masks: detect
// boxes are the normalized tight boxes of the visible masks, and the
// polygons of each image, filled back, cover the union of its visible
// masks with IoU >= 0.9.
func TestYOLO(t *testing.T) {
	src := generate(t, smallSpec)
	samples := readSamples(t, src)
	d, err := OpenDataset(src)
	if err != nil {
		t.Fatal(err)
	}
	nc := len(d.Info.Categories)
	splits, _ := ParseSplits("train=0.7,val=0.3")
	for _, task := range []Task{Detect, Segment} {
		t.Run(string(task), func(t *testing.T) {
			dst := filepath.Join(t.TempDir(), "yolo")
			sum, err := ExportYOLO(context.Background(), src, dst, YOLOOptions{Task: task, Splits: splits})
			if err != nil {
				t.Fatal(err)
			}
			rowsTotal := 0
			for _, s := range samples {
				split := splits[splits.Of(s.Index)].Name
				base := fmt.Sprintf("%09d", s.Index)
				if _, err := os.Stat(filepath.Join(dst, "images", split, base+".png")); err != nil {
					t.Fatal(err)
				}
				name := filepath.Join(dst, "labels", split, base+".txt")
				data, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				rows := checkYOLORows(t, name, data, task, nc)
				rowsTotal += len(rows)
				ids, w, h := instanceMap(t, s)
				union := make([]uint8, w*h)
				var boxes []string
				for _, o := range s.Objects {
					if o.Area == 0 {
						continue
					}
					for i, id := range ids {
						if id == o.ID {
							union[i] = 1
						}
					}
					b := o.BBox
					boxes = append(boxes, fmt.Sprintf("%d %.6f %.6f %.6f %.6f", o.CategoryID,
						(b[0]+b[2]/2)/float64(w), (b[1]+b[3]/2)/float64(h), b[2]/float64(w), b[3]/float64(h)))
				}
				if task == Detect {
					want := strings.Join(boxes, "\n")
					if want != "" {
						want += "\n"
					}
					if string(data) != want {
						t.Errorf("%s:\n%s\nwant\n%s", name, data, want)
					}
					continue
				}
				var polys [][]image.Point
				for _, r := range rows {
					var p []image.Point
					for k := 1; k < len(r); k += 2 {
						x, y := r[k]*float64(w), r[k+1]*float64(h)
						if math.Abs(x-math.Round(x)) > 1e-3 || math.Abs(y-math.Round(y)) > 1e-3 {
							t.Fatalf("%s: vertex (%g, %g) is not on a pixel corner", name, x, y)
						}
						p = append(p, image.Pt(int(math.Round(x)), int(math.Round(y))))
					}
					polys = append(polys, p)
				}
				var filled []uint8
				if len(polys) > 0 {
					// Fill each row on its own and OR them: parts may overlap
					// when one object's outline surrounds another's.
					filled = make([]uint8, w*h)
					for _, p := range polys {
						for i, v := range Fill([][]image.Point{p}, w, h) {
							filled[i] |= v
						}
					}
				} else {
					filled = make([]uint8, w*h)
				}
				if iou := maskIoU(filled, union); iou < 0.9 {
					t.Errorf("%s: polygons filled back have IoU %.3f with the visible masks", name, iou)
				}
			}
			if sum.Rows != rowsTotal || (task == Detect && sum.Rows != sum.Objects) || sum.Rows < sum.Objects {
				t.Errorf("summary %+v, %d rows in the files", sum, rowsTotal)
			}
		})
	}
}

// TestYOLOPolygonsPerObject checks each object's polygons against its own
// mask, and that a multi-part mask gives one polygon per part.
func TestYOLOPolygonsPerObject(t *testing.T) {
	for _, s := range shapes {
		if s.parts == 0 || s.holes {
			continue
		}
		t.Run(s.name, func(t *testing.T) {
			m := s.mask()
			rle, err := labels.EncodeMask(m, s.h, s.w)
			if err != nil {
				t.Fatal(err)
			}
			polys, err := maskPolygons(rle, DefaultTolerance)
			if err != nil {
				t.Fatal(err)
			}
			if len(polys) != s.parts {
				t.Fatalf("%d polygons, want %d", len(polys), s.parts)
			}
			if iou := maskIoU(Fill(polys, s.w, s.h), m); iou < 0.9 {
				t.Errorf("IoU %.3f", iou)
			}
		})
	}
}

func TestYOLODataYAML(t *testing.T) {
	dst := t.TempDir()
	splits, _ := ParseSplits("train=0.8,test=0.2")
	w, err := NewYOLOWriter(dst, []string{"box", "cylinder", `odd "name"`}, YOLOOptions{Task: Segment, Splits: splits, Path: "/data/synth"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dst, YOLODataFile))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "data.yaml.golden", b)
}

func TestYOLOOptionErrors(t *testing.T) {
	for _, tt := range []struct {
		name   string
		cats   []string
		opts   YOLOOptions
		splits string
		want   string
	}{
		{"bad task", []string{"a"}, YOLOOptions{Task: "pose"}, "", `task "pose"`},
		{"split name", []string{"a"}, YOLOOptions{}, "train=1,dev=1", `split "dev"`},
		{"no train", []string{"a"}, YOLOOptions{}, "val=1", "no train split"},
		{"no categories", nil, YOLOOptions{}, "", "no categories"},
		{"min visible", []string{"a"}, YOLOOptions{MinVisible: -0.1}, "", "min visible"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Splits, _ = ParseSplits(tt.splits)
			_, err := NewYOLOWriter(t.TempDir(), tt.cats, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestYOLOEmptyImage checks that an image without objects gets an empty
// label file.
func TestYOLOEmptyImage(t *testing.T) {
	s := exampleSample(t)
	s.Objects = []dataset.Object{}
	dst := t.TempDir()
	w, err := NewYOLOWriter(dst, []string{"box"}, YOLOOptions{Task: Segment, Overwrite: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(s); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dst, "labels", "train", "000000000.txt"))
	if err != nil || len(b) != 0 {
		t.Errorf("label file %q, %v; want empty", b, err)
	}
}

// exampleSample returns a 4×3 sample with one 2×2 box object.
func exampleSample(t testing.TB) *dataset.Sample {
	t.Helper()
	var buf bytes.Buffer
	enc := labels.NewEncoder()
	ids := []uint32{0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1}
	if err := enc.EncodeInstancePNG(&buf, ids, 4, 3); err != nil {
		t.Fatal(err)
	}
	inst := bytes.Clone(buf.Bytes())
	mask := make([]uint8, len(ids))
	for i, id := range ids {
		mask[i] = uint8(id)
	}
	rle, _ := labels.EncodeMask(mask, 3, 4)
	buf.Reset()
	if err := enc.EncodeDepthPNG(&buf, []float32{0, 0, 0, 0, 0, 0, 1, 1.2, 0, 0, 1.1, 1.3}, 4, 3); err != nil {
		t.Fatal(err)
	}
	return &dataset.Sample{
		Index: 0, Image: pngOf(t, 4, 3), Depth: bytes.Clone(buf.Bytes()), Instances: inst,
		Objects: []dataset.Object{{ID: 1, Category: "box", Area: 4, VisibleFraction: 1, BBox: [4]float64{2, 1, 2, 2}, RLE: rle.String()}},
	}
}

// TestJPEGImages checks that JPEG colour images are copied as .jpg, and
// that the label files keep the same base name.
func TestJPEGImages(t *testing.T) {
	src := generate(t, smallSpec+"image_format: jpeg\n")
	dst := t.TempDir()
	if _, err := ExportYOLO(context.Background(), src, dst, YOLOOptions{Overwrite: true}); err != nil {
		t.Fatal(err)
	}
	for _, s := range readSamples(t, src) {
		b, err := os.ReadFile(filepath.Join(dst, "images", "train", fmt.Sprintf("%09d.jpg", s.Index)))
		if err != nil || !bytes.Equal(b, s.Image) {
			t.Errorf("sample %d: %v, same bytes %v", s.Index, err, bytes.Equal(b, s.Image))
		}
		if _, err := os.Stat(filepath.Join(dst, "labels", "train", fmt.Sprintf("%09d.txt", s.Index))); err != nil {
			t.Error(err)
		}
	}
}
