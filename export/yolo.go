package export

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/labels"
)

// Task is what a YOLO export labels.
type Task string

// YOLO tasks.
const (
	Detect  Task = "detect"  // rows "cls cx cy w h"
	Segment Task = "segment" // rows "cls x1 y1 x2 y2 ...", one polygon per row
)

// YOLODataFile is the name of the Ultralytics dataset file of a YOLO export.
const YOLODataFile = "data.yaml"

// yoloSplitNames lists the split names a YOLO export accepts: the keys
// Ultralytics reads from data.yaml.
var yoloSplitNames = []string{"train", "val", "test"}

// YOLOOptions configure a YOLO export.
type YOLOOptions struct {
	// Task is Detect (the default when empty) or Segment.
	Task Task
	// Splits divides the samples (see Splits.Of). Names must be among
	// train, val and test, train included; nil puts every sample in train.
	// Without a val split data.yaml's val points at the train images.
	Splits Splits
	// MinVisible leaves out objects whose visible fraction is below it,
	// in [0, 1]. Fully occluded objects are always left out.
	MinVisible float64
	// Tolerance is the Douglas–Peucker tolerance of segmentation polygons
	// in pixels: 0 means DefaultTolerance, a negative value keeps the
	// exact outlines (see SimplifyMask).
	Tolerance float64
	// Overwrite allows writing into a non-empty output directory.
	Overwrite bool
	// Path is data.yaml's path; "" means the output directory made
	// absolute (see the package documentation for why).
	Path string
}

// YOLOWriter writes samples as an Ultralytics YOLO dataset (see the
// package documentation for the layout and row formats). Every sample is
// written as it comes; Close writes data.yaml. A YOLOWriter is not safe
// for concurrent use.
type YOLOWriter struct {
	dir        string
	categories []string
	opts       YOLOOptions
	splits     []string
	sum        Summary
	closed     bool
	buf        []byte
}

// NewYOLOWriter checks opts and prepares dir (created if missing; refused
// when not empty unless opts.Overwrite) for a YOLO export of a dataset
// with the given category list (class i is categories[i]).
func NewYOLOWriter(dir string, categories []string, opts YOLOOptions) (*YOLOWriter, error) {
	switch opts.Task {
	case "":
		opts.Task = Detect
	case Detect, Segment:
	default:
		return nil, fmt.Errorf("yolo: task %q: want %q or %q", opts.Task, Detect, Segment)
	}
	if err := opts.Splits.Validate(); err != nil {
		return nil, fmt.Errorf("yolo: %w", err)
	}
	splits := opts.Splits.Names()
	if len(splits) == 0 {
		splits = []string{"train"}
	}
	for _, s := range splits {
		if !slices.Contains(yoloSplitNames, s) {
			return nil, fmt.Errorf("yolo: %w: split %q: Ultralytics reads only %v", ErrSplits, s, yoloSplitNames)
		}
	}
	if !slices.Contains(splits, "train") {
		return nil, fmt.Errorf("yolo: %w: no train split (Ultralytics needs one)", ErrSplits)
	}
	if err := checkMinVisible(opts.MinVisible); err != nil {
		return nil, fmt.Errorf("yolo: %w", err)
	}
	switch {
	case opts.Tolerance == 0:
		opts.Tolerance = DefaultTolerance
	case opts.Tolerance < 0:
		opts.Tolerance = 0
	}
	if len(categories) == 0 {
		return nil, errors.New("yolo: the dataset has no categories")
	}
	if opts.Path == "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, fmt.Errorf("yolo: output: %w", err)
		}
		opts.Path = abs
	}
	if err := prepareOutput(dir, opts.Overwrite); err != nil {
		return nil, fmt.Errorf("yolo: %w", err)
	}
	w := &YOLOWriter{dir: dir, categories: categories, opts: opts, splits: splits}
	for _, s := range splits {
		w.sum.Splits = append(w.sum.Splits, SplitSummary{Name: s})
		for _, sub := range []string{"images", "labels"} {
			if err := os.MkdirAll(filepath.Join(dir, sub, s), 0o755); err != nil {
				return nil, fmt.Errorf("yolo: %w", err)
			}
		}
	}
	return w, nil
}

// Write adds one sample: its image goes to images/{split}/NNNNNNNNN.png
// (or .jpg) and its label rows to labels/{split}/NNNNNNNNN.txt, an empty
// file when no object is kept.
func (w *YOLOWriter) Write(s *dataset.Sample) error {
	if w.closed {
		return errors.New("yolo: write after Close")
	}
	if s.Objects == nil {
		return fmt.Errorf("yolo: sample %d: no objects column", s.Index)
	}
	ext, err := imageExt(s.Image)
	if err != nil {
		return fmt.Errorf("yolo: sample %d: %w", s.Index, err)
	}
	width, height, err := imageSize(s.Image)
	if err != nil {
		return fmt.Errorf("yolo: sample %d: %w", s.Index, err)
	}
	k := max(w.opts.Splits.Of(s.Index), 0)
	split := w.splits[k]
	base := baseName(s.Index)
	if err := writeFile(filepath.Join(w.dir, "images", split, base+ext), s.Image); err != nil {
		return fmt.Errorf("yolo: sample %d: %w", s.Index, err)
	}
	w.buf = w.buf[:0]
	f := filter{w.opts.MinVisible}
	for i := range s.Objects {
		o := &s.Objects[i]
		rle, err := objectMask(o, w.categories, height, width)
		if err != nil {
			return fmt.Errorf("yolo: sample %d: %w", s.Index, err)
		}
		if !f.keep(rle.Area(), o.VisibleFraction, &w.sum) {
			continue
		}
		rows := 1
		if w.opts.Task == Segment {
			rows, err = w.appendPolygons(o.CategoryID, rle)
		} else {
			w.appendBox(o.CategoryID, rle.BBox(), width, height)
		}
		if err != nil {
			return fmt.Errorf("yolo: sample %d: object %d: %w", s.Index, o.ID, err)
		}
		w.sum.Objects++
		w.sum.Rows += rows
		w.sum.Splits[k].Objects++
	}
	if err := writeFile(filepath.Join(w.dir, "labels", split, base+".txt"), w.buf); err != nil {
		return fmt.Errorf("yolo: sample %d: %w", s.Index, err)
	}
	w.sum.Images++
	w.sum.Splits[k].Images++
	return nil
}

// appendNorm appends " v/scale" with 6 decimals.
func (w *YOLOWriter) appendNorm(v float64, scale int) {
	w.buf = append(w.buf, ' ')
	w.buf = strconv.AppendFloat(w.buf, v/float64(scale), 'f', 6, 64)
}

// appendBox appends a detection row: class, box centre and size
// normalized by the image size.
func (w *YOLOWriter) appendBox(cls int32, b labels.Box, width, height int) {
	w.buf = strconv.AppendInt(w.buf, int64(cls), 10)
	w.appendNorm(b.X+b.W/2, width)
	w.appendNorm(b.Y+b.H/2, height)
	w.appendNorm(b.W, width)
	w.appendNorm(b.H, height)
	w.buf = append(w.buf, '\n')
}

// appendPolygons appends one segmentation row per 8-connected part of the
// mask and returns the number of rows. The mask is traced inside its
// bounding box.
func (w *YOLOWriter) appendPolygons(cls int32, rle labels.RLE) (int, error) {
	polys, err := maskPolygons(rle, w.opts.Tolerance)
	if err != nil {
		return 0, err
	}
	for _, poly := range polys {
		w.buf = strconv.AppendInt(w.buf, int64(cls), 10)
		for _, p := range poly {
			w.appendNorm(float64(p.X), rle.W)
			w.appendNorm(float64(p.Y), rle.H)
		}
		w.buf = append(w.buf, '\n')
	}
	return len(polys), nil
}

// maskPolygons returns the simplified outer outline of every 8-connected
// part of a mask, in image pixel coordinates (see Outlines and
// SimplifyMask). It traces inside the mask's bounding box.
func maskPolygons(rle labels.RLE, tol float64) ([][]image.Point, error) {
	b := rle.BBox()
	x0, y0, bw, bh := int(b.X), int(b.Y), int(b.W), int(b.H)
	full := rle.Decode()
	crop := make([]uint8, bw*bh)
	for y := range bh {
		copy(crop[y*bw:(y+1)*bw], full[(y0+y)*rle.W+x0:])
	}
	polys, err := Outlines(crop, bw, bh)
	if err != nil {
		return nil, err
	}
	for i, poly := range polys {
		poly = SimplifyMask(poly, bw, bh, tol)
		for j := range poly {
			poly[j] = poly[j].Add(image.Pt(x0, y0))
		}
		polys[i] = poly
	}
	return polys, nil
}

// Close writes data.yaml and returns the summary.
func (w *YOLOWriter) Close() (Summary, error) {
	if w.closed {
		return w.sum, errors.New("yolo: Close called twice")
	}
	w.closed = true
	path := filepath.Join(w.dir, YOLODataFile)
	if err := writeAtomic(path, w.writeDataYAML); err != nil {
		return w.sum, fmt.Errorf("yolo: %s: %w", path, err)
	}
	return w.sum, nil
}

// writeDataYAML writes the Ultralytics dataset file. Strings are written
// double-quoted with Go escapes, which YAML reads the same.
func (w *YOLOWriter) writeDataYAML(out io.Writer) error {
	pr := func(format string, args ...any) {
		fmt.Fprintf(out, format, args...)
	}
	pr("# Ultralytics YOLO dataset (task: %s) written by synthkit's `synth export yolo`.\n", w.opts.Task)
	pr("# Images are in images/<split>/, their labels in labels/<split>/ under the same name.\n")
	pr("# path is absolute because Ultralytics resolves a relative path against its\n")
	pr("# datasets_dir setting, not against this file: after moving this folder, update\n")
	pr("# path or delete the line (without it Ultralytics uses this file's folder).\n")
	pr("path: %s\n", strconv.Quote(w.opts.Path))
	for _, s := range yoloSplitNames {
		k := slices.Index(w.splits, s)
		switch {
		case s == "train" || k >= 0 && w.sum.Splits[k].Images > 0: // train is required
			pr("%s: images/%s\n", s, s)
		case s == "val" && k >= 0:
			pr("val: images/train # no sample fell in the val split\n")
		case s == "val":
			pr("val: images/train # no val split was exported\n")
		case k >= 0:
			pr("# %s: no sample fell in the %s split\n", s, s)
		}
	}
	pr("nc: %d\n", len(w.categories))
	pr("names:\n")
	for i, c := range w.categories {
		pr("  %d: %s\n", i, strconv.Quote(c))
	}
	return nil
}

// ExportYOLO writes the dataset in src as an Ultralytics YOLO dataset in
// dst (see YOLOWriter), streaming one sample at a time.
func ExportYOLO(ctx context.Context, src, dst string, opts YOLOOptions) (Summary, error) {
	d, err := OpenDataset(src)
	if err != nil {
		return Summary{}, fmt.Errorf("yolo: %w", err)
	}
	if err := d.require("a YOLO export", dataset.ColImage, dataset.ColObjects); err != nil {
		return Summary{}, fmt.Errorf("yolo: %w", err)
	}
	w, err := NewYOLOWriter(dst, d.Info.Categories, opts)
	if err != nil {
		return Summary{}, err
	}
	if err := d.Each(ctx, w.Write); err != nil {
		return w.sum, err
	}
	return w.Close()
}
