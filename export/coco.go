package export

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
)

// COCOFileName is the name of the annotation file of a COCO export (of
// each split's directory when there are splits).
const COCOFileName = "annotations.json"

// COCOFile is the document a COCO export writes, as encoding/json reads
// it back. See the package documentation for what each id means.
type COCOFile struct {
	Info        COCOInfo          `json:"info"`
	Licenses    []json.RawMessage `json:"licenses"`
	Categories  []COCOCategory    `json:"categories"`
	Images      []COCOImage       `json:"images"`
	Annotations []COCOAnnotation  `json:"annotations"`
}

// COCOInfo is the "info" object. Nothing in it depends on the time.
type COCOInfo struct {
	Description string `json:"description"`
	Version     string `json:"version"` // the generator's version
	Generator   string `json:"synthkit_generator,omitempty"`
	SpecHash    string `json:"synthkit_spec_hash,omitempty"`
	Split       string `json:"synthkit_split,omitempty"`
}

// COCOCategory is one entry of "categories": ID is the dataset's
// category_id + 1.
type COCOCategory struct {
	ID            int    `json:"id"`
	Name          string `json:"name"`
	Supercategory string `json:"supercategory"`
}

// COCOImage is one entry of "images": ID is the sample index + 1 and
// FileName is relative to the split's images/ directory.
type COCOImage struct {
	ID       int64  `json:"id"`
	Width    int    `json:"width"`
	Height   int    `json:"height"`
	FileName string `json:"file_name"`
	Index    int64  `json:"synthkit_index"`
}

// COCOAnnotation is one entry of "annotations".
type COCOAnnotation struct {
	ID              int64      `json:"id"`
	ImageID         int64      `json:"image_id"`
	CategoryID      int        `json:"category_id"`
	Segmentation    COCORLE    `json:"segmentation"`
	Area            float64    `json:"area"` // mask pixels
	BBox            [4]float64 `json:"bbox"` // [x, y, w, h], tight box of the mask, pixel edges
	IsCrowd         int        `json:"iscrowd"`
	InstanceID      uint32     `json:"synthkit_instance_id,omitempty"` // id in the instances PNG; 0 (left out) for an included annotation
	VisibleFraction float64    `json:"synthkit_visible_fraction"`
	// Attributes are the object's (or annotation's) attributes, the
	// attributes of the dataset row; left out when there are none.
	Attributes map[string]string `json:"attributes,omitempty"`
	// Line is an included annotation's projected polyline (a shelf row's
	// front edge), one flattened x0, y0, x1, y1, ... piece per part in
	// view, in pixels.
	Line [][]float64 `json:"synthkit_line,omitempty"`
}

// COCORLE is a compressed RLE segmentation: Size is [height, width] and
// Counts the compressed counts string (labels.RLE.String).
type COCORLE struct {
	Size   [2]int `json:"size"`
	Counts string `json:"counts"`
}

// jsonFloat encodes a float64 always with a decimal point ("12.0"), so
// that boxes and areas read back as floats in Python.
type jsonFloat float64

// MarshalJSON writes f with a decimal point.
func (f jsonFloat) MarshalJSON() ([]byte, error) {
	b := strconv.AppendFloat(nil, float64(f), 'f', -1, 64)
	for _, c := range b {
		if c == '.' {
			return b, nil
		}
	}
	return append(b, ".0"...), nil
}

// MarshalJSON writes the annotation with area and bbox as JSON floats.
func (a COCOAnnotation) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID              int64             `json:"id"`
		ImageID         int64             `json:"image_id"`
		CategoryID      int               `json:"category_id"`
		Segmentation    COCORLE           `json:"segmentation"`
		Area            jsonFloat         `json:"area"`
		BBox            [4]jsonFloat      `json:"bbox"`
		IsCrowd         int               `json:"iscrowd"`
		InstanceID      uint32            `json:"synthkit_instance_id,omitempty"`
		VisibleFraction float64           `json:"synthkit_visible_fraction"`
		Attributes      map[string]string `json:"attributes,omitempty"`
		Line            [][]float64       `json:"synthkit_line,omitempty"`
	}{a.ID, a.ImageID, a.CategoryID, a.Segmentation, jsonFloat(a.Area),
		[4]jsonFloat{jsonFloat(a.BBox[0]), jsonFloat(a.BBox[1]), jsonFloat(a.BBox[2]), jsonFloat(a.BBox[3])},
		a.IsCrowd, a.InstanceID, a.VisibleFraction, a.Attributes, a.Line})
}

// COCOOptions configure a COCO export.
type COCOOptions struct {
	// Splits divides the samples (see Splits.Of); nil writes one dataset
	// at the root of the output directory.
	Splits Splits
	// MinVisible leaves out objects whose visible fraction is below it,
	// in [0, 1]. Fully occluded objects are always left out.
	MinVisible float64
	// Include lists annotation categories of the annotations column
	// (see ParseInclude) to write as categories of their own, after the
	// dataset's: category id len(categories)+1+j for Include[j], with
	// supercategory "annotation". A dataset without the annotations
	// column cannot include any.
	Include []string
	// Overwrite allows writing into a non-empty output directory.
	Overwrite bool
	// Info fills the "info" object; Split is set per split.
	Info COCOInfo
	// Read says whether ExportCOCO skips corrupt shards and reads an
	// interrupted run (store.ReadOptions); skipped shards are listed in
	// the Summary.
	Read store.ReadOptions
}

// COCOWriter writes samples as a COCO instance-segmentation dataset (see
// the package documentation for the layout). Images are written as they
// come; "images" and "annotations" entries are spooled to hidden
// temporary files and assembled into annotations.json by Close, so memory
// does not grow with the dataset. A COCOWriter is not safe for concurrent
// use.
type COCOWriter struct {
	dir        string
	categories []string // the dataset's
	cats       []COCOCategory
	opts       COCOOptions
	parts      []*cocoPart
	nextAnn    int64
	sum        Summary
	closed     bool
}

// cocoPart is the output of one split (or of the whole export).
type cocoPart struct {
	name        string
	root        string
	images      *spool
	annotations *spool
}

// NewCOCOWriter prepares dir (created if missing; refused when not empty
// unless opts.Overwrite) for a COCO export of a dataset with the given
// category list (dataset.Info.Categories).
func NewCOCOWriter(dir string, categories []string, opts COCOOptions) (*COCOWriter, error) {
	if err := opts.Splits.Validate(); err != nil {
		return nil, fmt.Errorf("coco: %w", err)
	}
	if err := checkMinVisible(opts.MinVisible); err != nil {
		return nil, fmt.Errorf("coco: %w", err)
	}
	all, err := classes(categories, opts.Include)
	if err != nil {
		return nil, fmt.Errorf("coco: %w", err)
	}
	if err := prepareOutput(dir, opts.Overwrite); err != nil {
		return nil, fmt.Errorf("coco: %w", err)
	}
	w := &COCOWriter{dir: dir, categories: categories, opts: opts}
	for i, c := range all {
		super := "object"
		if i >= len(categories) {
			super = "annotation"
		}
		w.cats = append(w.cats, COCOCategory{ID: i + 1, Name: c, Supercategory: super})
	}
	names := opts.Splits.Names()
	if len(names) == 0 {
		names = []string{""}
	}
	for _, name := range names {
		p := &cocoPart{name: name, root: filepath.Join(dir, name)}
		err := os.MkdirAll(filepath.Join(p.root, "images"), 0o755)
		if err == nil {
			p.images, err = newSpool(p.root, "images")
		}
		if err == nil {
			p.annotations, err = newSpool(p.root, "annotations")
		}
		w.parts = append(w.parts, p)
		if err != nil {
			w.Abort()
			return nil, fmt.Errorf("coco: %w", err)
		}
		w.sum.Splits = append(w.sum.Splits, SplitSummary{Name: name})
	}
	return w, nil
}

// Write adds one sample: its image goes to images/NNNNNNNNN.png (or .jpg)
// of its split, and every visible object above MinVisible becomes an
// annotation whose area and bbox are computed from its decoded RLE.
func (w *COCOWriter) Write(s *dataset.Sample) error {
	if w.closed {
		return errors.New("coco: write after Close")
	}
	if s.Objects == nil {
		return fmt.Errorf("coco: sample %d: no objects column", s.Index)
	}
	ext, err := imageExt(s.Image)
	if err != nil {
		return fmt.Errorf("coco: sample %d: %w", s.Index, err)
	}
	width, height, err := imageSize(s.Image)
	if err != nil {
		return fmt.Errorf("coco: sample %d: %w", s.Index, err)
	}
	k := max(w.opts.Splits.Of(s.Index), 0)
	p := w.parts[k]
	name := baseName(s.Index) + ext
	if err := writeFile(filepath.Join(p.root, "images", name), s.Image); err != nil {
		return fmt.Errorf("coco: sample %d: %w", s.Index, err)
	}
	img := COCOImage{ID: s.Index + 1, Width: width, Height: height, FileName: name, Index: s.Index}
	b, err := json.Marshal(img)
	if err == nil {
		err = p.images.add(b)
	}
	if err != nil {
		return fmt.Errorf("coco: sample %d: %w", s.Index, err)
	}
	its, err := items(s, w.categories, w.opts.Include, height, width)
	if err != nil {
		return fmt.Errorf("coco: sample %d: %w", s.Index, err)
	}
	f := filter{w.opts.MinVisible}
	for _, it := range its {
		area := it.rle.Area()
		if !f.keep(area, it.visible, &w.sum) {
			continue
		}
		w.nextAnn++
		ann := COCOAnnotation{
			ID: w.nextAnn, ImageID: img.ID, CategoryID: it.class + 1,
			Segmentation: COCORLE{Size: [2]int{height, width}, Counts: it.counts},
			Area:         float64(area), BBox: it.rle.BBox().COCO(),
			InstanceID: it.instance, VisibleFraction: it.visible,
			Attributes: attrMap(it.attrs), Line: it.line,
		}
		b, err := json.Marshal(ann)
		if err == nil {
			err = p.annotations.add(b)
		}
		if err != nil {
			return fmt.Errorf("coco: sample %d: %w", s.Index, err)
		}
		w.sum.count(it.class >= len(w.categories), k)
	}
	w.sum.Images++
	w.sum.Splits[k].Images++
	return nil
}

// Close assembles annotations.json of every split (each written to a
// temporary file and renamed into place), removes the spool files and
// returns the summary.
func (w *COCOWriter) Close() (Summary, error) {
	if w.closed {
		return w.sum, errors.New("coco: Close called twice")
	}
	w.closed = true
	defer w.Abort()
	w.sum.Rows = w.sum.Objects + w.sum.Annotations
	for _, p := range w.parts {
		info := w.opts.Info
		info.Split = p.name
		path := filepath.Join(p.root, COCOFileName)
		if err := writeAtomic(path, func(out io.Writer) error { return w.assemble(out, p, info) }); err != nil {
			return w.sum, fmt.Errorf("coco: %s: %w", path, err)
		}
	}
	return w.sum, nil
}

// assemble writes the annotations.json of part p: one object, one array
// element per line.
func (w *COCOWriter) assemble(out io.Writer, p *cocoPart, info COCOInfo) error {
	head, err := json.Marshal(info)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(out, "{\n\"info\": %s,\n\"licenses\": [],\n\"categories\": [\n", head); err != nil {
		return err
	}
	for i, c := range w.cats {
		b, err := json.Marshal(c)
		if err != nil {
			return err
		}
		sep := ",\n"
		if i == len(w.cats)-1 {
			sep = "\n"
		}
		if _, err := fmt.Fprintf(out, "%s%s", b, sep); err != nil {
			return err
		}
	}
	if _, err := io.WriteString(out, "],\n\"images\": [\n"); err != nil {
		return err
	}
	if err := p.images.copyTo(out); err != nil {
		return err
	}
	if _, err := io.WriteString(out, "\n],\n\"annotations\": [\n"); err != nil {
		return err
	}
	if err := p.annotations.copyTo(out); err != nil {
		return err
	}
	_, err = io.WriteString(out, "\n]\n}\n")
	return err
}

// Abort removes the spool files without writing annotations.json; the
// images written so far stay. It is safe to call after Close.
func (w *COCOWriter) Abort() {
	w.closed = true
	for _, p := range w.parts {
		p.images.remove()
		p.annotations.remove()
	}
}

// fail aborts an export that did not finish and removes any
// annotations.json of its splits (one of an earlier export, under
// Overwrite), so that the output does not look like a complete dataset.
func (w *COCOWriter) fail() {
	w.Abort()
	for _, p := range w.parts {
		_ = os.Remove(filepath.Join(p.root, COCOFileName))
	}
}

// ExportCOCO writes the dataset in src as a COCO dataset in dst (see
// COCOWriter), streaming one sample at a time. opts.Info is filled from
// the dataset when empty.
func ExportCOCO(ctx context.Context, src, dst string, opts COCOOptions) (Summary, error) {
	d, err := OpenDatasetWith(src, opts.Read)
	if err != nil {
		return Summary{}, fmt.Errorf("coco: %w", err)
	}
	if err := d.require("a COCO export", dataset.ColImage, dataset.ColObjects); err != nil {
		return Summary{}, fmt.Errorf("coco: %w", err)
	}
	if len(opts.Include) > 0 {
		if err := d.require("--include", dataset.ColAnnotations); err != nil {
			return Summary{}, fmt.Errorf("coco: %w", err)
		}
	}
	if opts.Info == (COCOInfo{}) {
		opts.Info = COCOInfo{
			Description: fmt.Sprintf("synthkit dataset of generator %q", d.Info.Generator),
			Version:     d.Info.GeneratorVersion,
			Generator:   d.Info.Generator,
			SpecHash:    d.Info.SpecHash,
		}
	}
	w, err := NewCOCOWriter(dst, d.Info.Categories, opts)
	if err != nil {
		return Summary{}, err
	}
	if err := d.Each(ctx, w.Write); err != nil {
		w.fail()
		return w.sum, err
	}
	sum, err := w.Close()
	sum.Skipped = d.Skipped
	return sum, err
}
