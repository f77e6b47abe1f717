package report

import (
	"bytes"
	"context"
	"fmt"
	"math"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/export"
	"github.com/synthkit/synthkit/labels"
)

// Stats are the numbers a report plots, gathered in one pass over a
// dataset. Per-object and per-image values are kept (8 bytes each), so
// memory grows with the number of objects, not with the pixels.
type Stats struct {
	Dir              string   `json:"-"`
	Generator        string   `json:"generator"`
	GeneratorVersion string   `json:"generator_version"`
	SpecHash         string   `json:"spec_hash"`
	Width            int      `json:"width"`
	Height           int      `json:"height"`
	Categories       []string `json:"categories"`
	// Skipped lists the shards left out (corrupt, or missing from an
	// interrupted run), when Options.Read allowed it.
	Skipped []string `json:"skipped_shards,omitempty"`

	Samples   int `json:"samples"`
	Objects   int `json:"objects"`   // annotated objects, fully occluded ones included
	Visible   int `json:"visible"`   // annotated objects with at least one visible pixel
	Truncated int `json:"truncated"` // objects cut by the image border or the near plane

	PerCategory     []int     `json:"per_category"`     // visible objects per category, in Categories order
	PerImage        []int     `json:"per_image"`        // visible objects per image, in index order
	BoxSize         []float64 `json:"box_size"`         // sqrt(w·h) of each visible object's box, pixels
	Aspect          []float64 `json:"aspect"`           // w/h of each visible object's box
	VisibleFraction []float64 `json:"visible_fraction"` // of every annotated object
	DepthMin        []float64 `json:"depth_min"`        // nearest foreground depth per image with depth, metres
	DepthMax        []float64 `json:"depth_max"`        // farthest foreground depth per image with depth, metres

	// Coverage summarises PerCategory: per-category (per-SKU) min, median,
	// max and the categories never seen; set by Collect.
	Coverage Coverage `json:"coverage"`

	// Retail holds the retail truth (shelf annotations, null set, KPIs,
	// share of shelf) and, for every dataset, the COCO size buckets and
	// the occlusion per class; set by Collect.
	Retail *Retail `json:"retail"`
}

// Collect reads every sample of d once and returns its statistics and the
// first keep samples (for the overlays). Depth PNGs are decoded for the
// depth range; a sample whose depth cannot be decoded is an error.
func Collect(ctx context.Context, d *export.Dataset, keep int) (*Stats, []*dataset.Sample, error) {
	st := &Stats{
		Dir: d.Dir, Generator: d.Info.Generator, GeneratorVersion: d.Info.GeneratorVersion,
		SpecHash: d.Info.SpecHash, Categories: d.Info.Categories,
		PerCategory: make([]int, len(d.Info.Categories)), Retail: NewRetail(),
	}
	st.Width, st.Height = d.Info.Layout.Width, d.Info.Layout.Height
	var kept []*dataset.Sample
	err := d.Each(ctx, func(s *dataset.Sample) error {
		if len(kept) < keep {
			kept = append(kept, s)
		}
		return st.add(s)
	})
	if err != nil {
		return nil, nil, err
	}
	st.Coverage = CoverageOf(st.Categories, st.PerCategory)
	st.Retail.Finish()
	return st, kept, nil
}

// add accumulates one sample.
func (st *Stats) add(s *dataset.Sample) error {
	st.Samples++
	if st.Retail != nil {
		st.Retail.Add(s)
	}
	visible := 0
	for _, o := range s.Objects {
		st.Objects++
		st.VisibleFraction = append(st.VisibleFraction, o.VisibleFraction)
		if o.Truncated {
			st.Truncated++
		}
		if o.Area == 0 {
			continue
		}
		visible++
		if o.CategoryID >= 0 && int(o.CategoryID) < len(st.PerCategory) {
			st.PerCategory[o.CategoryID]++
		}
		w, h := o.BBox[2], o.BBox[3]
		st.BoxSize = append(st.BoxSize, math.Sqrt(w*h))
		if h > 0 {
			st.Aspect = append(st.Aspect, w/h)
		}
	}
	st.Visible += visible
	st.PerImage = append(st.PerImage, visible)
	if s.Depth == nil {
		return nil
	}
	depth, _, _, err := labels.DecodeDepthPNG(bytes.NewReader(s.Depth))
	if err != nil {
		return fmt.Errorf("report: sample %d: %w", s.Index, err)
	}
	lo, hi := math.Inf(1), 0.0
	for _, v := range depth {
		if v > 0 {
			lo, hi = min(lo, float64(v)), max(hi, float64(v))
		}
	}
	if hi > 0 {
		st.DepthMin = append(st.DepthMin, lo)
		st.DepthMax = append(st.DepthMax, hi)
	}
	return nil
}
