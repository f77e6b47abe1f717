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
	"github.com/synthkit/synthkit/store"
)

// Task is what a YOLO export labels.
type Task string

// YOLO tasks.
const (
	Detect  Task = "detect"  // rows "cls cx cy w h"
	Segment Task = "segment" // rows "cls x1 y1 x2 y2 ...", one polygon (one object) per row
)

// YOLODataFile is the name of the Ultralytics dataset file of a YOLO export.
const YOLODataFile = "data.yaml"

// yoloSplitNames lists the split names a YOLO export accepts: the keys
// Ultralytics reads from data.yaml.
var yoloSplitNames = []string{"train", "val", "test"}

// YOLOOptions configure a YOLO export.
type YOLOOptions struct {
	// Read says whether ExportYOLO skips corrupt shards and reads an
	// interrupted run (store.ReadOptions); skipped shards are listed in
	// the Summary.
	Read store.ReadOptions
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
	// Include lists annotation categories of the annotations column
	// (see ParseInclude) to write as classes of their own, after the
	// dataset's: class len(categories)+j for Include[j].
	Include []string
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
	categories []string // the dataset's
	classes    []string // categories, then opts.Include
	opts       YOLOOptions
	attrs      *attrTable
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
	all, err := classes(categories, opts.Include)
	if err != nil {
		return nil, fmt.Errorf("yolo: %w", err)
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
	w := &YOLOWriter{dir: dir, categories: categories, classes: all, opts: opts, splits: splits}
	if w.attrs, err = newAttrTable(dir); err != nil {
		return nil, fmt.Errorf("yolo: %w", err)
	}
	for _, s := range splits {
		w.sum.Splits = append(w.sum.Splits, SplitSummary{Name: s})
		for _, sub := range []string{"images", "labels"} {
			if err := os.MkdirAll(filepath.Join(dir, sub, s), 0o755); err != nil {
				w.Abort()
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
	its, err := items(s, w.categories, w.opts.Include, height, width)
	if err != nil {
		return fmt.Errorf("yolo: sample %d: %w", s.Index, err)
	}
	w.buf = w.buf[:0]
	f := filter{w.opts.MinVisible}
	line := 0
	for _, it := range its {
		if !f.keep(it.rle.Area(), it.visible, &w.sum) {
			continue
		}
		rows := 1
		if w.opts.Task == Segment {
			rows, err = w.appendPolygons(it.class, it.rle)
		} else {
			w.appendBox(it.class, it.rle.BBox(), width, height)
		}
		if err != nil {
			return fmt.Errorf("yolo: sample %d: object %d: %w", s.Index, it.instance, err)
		}
		if rows > 0 {
			if err := w.attrs.add(attrRow{split, base + ext, line, it.class, w.classes[it.class], it.instance, it.attrs}); err != nil {
				return fmt.Errorf("yolo: sample %d: %w", s.Index, err)
			}
		}
		line += rows
		w.sum.count(it.class >= len(w.categories), k)
		w.sum.Rows += rows
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
func (w *YOLOWriter) appendBox(cls int, b labels.Box, width, height int) {
	w.buf = strconv.AppendInt(w.buf, int64(cls), 10)
	w.appendNorm(b.X+b.W/2, width)
	w.appendNorm(b.Y+b.H/2, height)
	w.appendNorm(b.W, width)
	w.appendNorm(b.H, height)
	w.buf = append(w.buf, '\n')
}

// appendPolygons appends one segmentation row for the object whose visible
// mask is rle: the outlines of its 8-connected parts joined into a single
// polygon (see joinParts), the layout Ultralytics' own COCO converter
// writes for an object in several pieces. It returns the number of rows:
// 1, or 0 for an empty mask.
func (w *YOLOWriter) appendPolygons(cls int, rle labels.RLE) (int, error) {
	poly, err := objectPolygon(rle, w.opts.Tolerance)
	if err != nil || len(poly) == 0 {
		return 0, err
	}
	w.buf = strconv.AppendInt(w.buf, int64(cls), 10)
	for _, p := range poly {
		w.appendNorm(float64(p.X), rle.W)
		w.appendNorm(float64(p.Y), rle.H)
	}
	w.buf = append(w.buf, '\n')
	return 1, nil
}

// maskPolygons returns the simplified outer outline of every 8-connected
// part of a mask, in image pixel coordinates (see Outlines and
// SimplifyMask). It traces inside the mask's bounding box.
func maskPolygons(rle labels.RLE, tol float64) ([][]image.Point, error) {
	polys, off, _, _, err := cropPolygons(rle, tol)
	for _, poly := range polys {
		translate(poly, off)
	}
	return polys, err
}

// objectPolygon returns the parts of maskPolygons joined into one polygon
// (see joinParts), in image pixel coordinates; nil for an empty mask.
func objectPolygon(rle labels.RLE, tol float64) ([]image.Point, error) {
	polys, off, bw, bh, err := cropPolygons(rle, tol)
	if err != nil {
		return nil, err
	}
	poly := joinParts(polys, bw, bh)
	translate(poly, off)
	return poly, nil
}

// cropPolygons returns the simplified outlines of the parts of a mask in
// the coordinates of its bw×bh bounding box, whose top-left corner is off.
func cropPolygons(rle labels.RLE, tol float64) (polys [][]image.Point, off image.Point, bw, bh int, err error) {
	b := rle.BBox()
	x0, y0 := int(b.X), int(b.Y)
	bw, bh = int(b.W), int(b.H)
	full := rle.Decode()
	crop := make([]uint8, bw*bh)
	for y := range bh {
		copy(crop[y*bw:(y+1)*bw], full[(y0+y)*rle.W+x0:])
	}
	polys, err = Outlines(crop, bw, bh)
	if err != nil {
		return nil, off, 0, 0, err
	}
	for i, poly := range polys {
		polys[i] = SimplifyMask(poly, bw, bh, tol)
	}
	return polys, image.Pt(x0, y0), bw, bh, nil
}

// translate adds off to every point of poly.
func translate(poly []image.Point, off image.Point) {
	for j := range poly {
		poly[j] = poly[j].Add(off)
	}
}

// joinParts joins the outlines of the parts of one object, in pixel
// coordinates inside a w×h mask, into a single closed polygon, as
// Ultralytics' merge_multi_segment does: each part is attached to the
// polygon built so far by a zero-width bridge between their nearest
// vertices, walked there and back (the bridge's two copies cancel under
// the even-odd and the non-zero rule), so the one polygon encloses exactly
// what the parts enclose. Parts are attached nearest first (Prim's order
// on the vertex distance), which keeps bridges short; merge_multi_segment
// chains them in list order. A part that lies inside another's outline (an
// island in a hole of the object, which the outer outline already covers,
// holes being filled) is dropped, so no area is enclosed twice. The
// vertices stay on pixel corners; nil for no parts.
func joinParts(parts [][]image.Point, w, h int) []image.Point {
	parts = dropNested(parts, w, h)
	if len(parts) == 0 {
		return nil
	}
	out := slices.Clone(parts[0])
	rest := parts[1:]
	for len(rest) > 0 {
		bestK, bestI, bestJ, best := 0, 0, 0, int64(-1)
		for k, q := range rest {
			for i, a := range out {
				for j, b := range q {
					dx, dy := int64(a.X-b.X), int64(a.Y-b.Y)
					if d := dx*dx + dy*dy; best < 0 || d < best {
						bestK, bestI, bestJ, best = k, i, j, d
					}
				}
			}
		}
		q := rest[bestK]
		joined := make([]image.Point, 0, len(out)+len(q)+2)
		joined = append(joined, out[:bestI+1]...) // ... to the bridge's start a
		joined = append(joined, q[bestJ:]...)     // across to b, once round q
		joined = append(joined, q[:bestJ+1]...)   // back at b
		joined = append(joined, out[bestI:]...)   // back across to a, on round
		out = joined
		rest = slices.Delete(rest, bestK, bestK+1)
	}
	return out
}

// dropNested returns the parts whose filled outline is not mostly covered
// by another part's filled outline (the parts of one mask are disjoint, so
// a covered part sits in a hole of the other, which its outline fills).
func dropNested(parts [][]image.Point, w, h int) [][]image.Point {
	if len(parts) < 2 {
		return parts
	}
	fills := make([][]uint8, len(parts))
	area := make([]int, len(parts))
	for i, p := range parts {
		fills[i] = Fill([][]image.Point{p}, w, h)
		for _, v := range fills[i] {
			area[i] += int(v)
		}
	}
	var out [][]image.Point
	for i, p := range parts {
		nested := false
		for j := range parts {
			if j == i || area[j] <= area[i] {
				continue
			}
			in := 0
			for k, v := range fills[i] {
				in += int(v & fills[j][k])
			}
			if 2*in > area[i] {
				nested = true
				break
			}
		}
		if !nested {
			out = append(out, p)
		}
	}
	return out
}

// Close writes data.yaml and returns the summary.
func (w *YOLOWriter) Close() (Summary, error) {
	if w.closed {
		return w.sum, errors.New("yolo: Close called twice")
	}
	w.closed = true
	defer w.attrs.remove()
	path := filepath.Join(w.dir, YOLOAttributesFile)
	if err := writeAtomic(path, w.attrs.writeCSV); err != nil {
		return w.sum, fmt.Errorf("yolo: %s: %w", path, err)
	}
	path = filepath.Join(w.dir, YOLODataFile)
	if err := writeAtomic(path, w.writeDataYAML); err != nil {
		return w.sum, fmt.Errorf("yolo: %s: %w", path, err)
	}
	return w.sum, nil
}

// Abort removes the attribute spool without writing data.yaml or
// attributes.csv; the images and label files written so far stay. It is
// safe to call after Close.
func (w *YOLOWriter) Abort() {
	w.closed = true
	w.attrs.remove()
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
	pr("nc: %d\n", len(w.classes))
	pr("names:\n")
	for i, c := range w.classes {
		pr("  %d: %s\n", i, strconv.Quote(c))
	}
	return nil
}

// ExportYOLO writes the dataset in src as an Ultralytics YOLO dataset in
// dst (see YOLOWriter), streaming one sample at a time.
func ExportYOLO(ctx context.Context, src, dst string, opts YOLOOptions) (Summary, error) {
	d, err := OpenDatasetWith(src, opts.Read)
	if err != nil {
		return Summary{}, fmt.Errorf("yolo: %w", err)
	}
	if err := d.require("a YOLO export", dataset.ColImage, dataset.ColObjects); err != nil {
		return Summary{}, fmt.Errorf("yolo: %w", err)
	}
	if len(opts.Include) > 0 {
		if err := d.require("--include", dataset.ColAnnotations); err != nil {
			return Summary{}, fmt.Errorf("yolo: %w", err)
		}
	}
	w, err := NewYOLOWriter(dst, d.Info.Categories, opts)
	if err != nil {
		return Summary{}, err
	}
	if err := d.Each(ctx, w.Write); err != nil {
		// No data.yaml nor attributes.csv (not even an earlier export's,
		// under Overwrite): the output must not look like a complete
		// dataset.
		w.Abort()
		_ = os.Remove(filepath.Join(dst, YOLODataFile))
		_ = os.Remove(filepath.Join(dst, YOLOAttributesFile))
		return w.sum, err
	}
	sum, err := w.Close()
	sum.Skipped = d.Skipped
	return sum, err
}
