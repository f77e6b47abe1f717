package report

import (
	"cmp"
	"maps"
	"slices"
	"strconv"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/retail"
)

// COCO's box-size buckets, by mask area in pixels (COCOeval's areaRng).
const (
	SmallArea  = 32 * 32 // area < SmallArea is small
	MediumArea = 96 * 96 // SmallArea <= area < MediumArea is medium; the rest large
)

// Sizes counts visible objects in COCO's area buckets.
type Sizes struct {
	Small  int `json:"small"`
	Medium int `json:"medium"`
	Large  int `json:"large"`
}

// add counts one mask of area pixels (area > 0).
func (s *Sizes) add(area int64) {
	switch {
	case area < SmallArea:
		s.Small++
	case area < MediumArea:
		s.Medium++
	default:
		s.Large++
	}
}

// Occlusion is how occluded the objects of one class are.
type Occlusion struct {
	Class       string  `json:"class"`
	Objects     int     `json:"objects"`         // annotated objects, hidden ones included
	Hidden      int     `json:"hidden"`          // of those, with no visible pixel
	MeanVisible float64 `json:"mean_visible"`    // mean visible fraction over Objects
	Partly      int     `json:"partly_occluded"` // visible fraction in (0, 0.9)
}

// maxOcclusionClasses is how many classes Retail.Occlusion keeps, the most
// frequent first.
const maxOcclusionClasses = 30

// Retail is the retail truth of a dataset, gathered by Add from the
// objects' attributes and the annotations, planogram and kpis columns
// (package retail's vocabulary; see examples/shelves). Columns a dataset
// lacks leave their figures at zero. Finish fills the derived fields.
type Retail struct {
	// Annotations counts the visible annotations (at least one pixel) of
	// each category: shelf_row, price_tag, facing, planogram_slot,
	// empty_facing.
	Annotations map[string]int `json:"annotations"`
	// EmptyFull and EmptyPartly split the visible empty facings by kind.
	EmptyFull   int `json:"empty_full"`
	EmptyPartly int `json:"empty_partly"`
	// Products counts visible objects with an sku attribute; NullSet
	// those of them flagged null_set "true"; NullShare is their ratio.
	Products  int     `json:"products"`
	NullSet   int     `json:"null_set"`
	NullShare float64 `json:"null_share"`
	// Misplaced, Fallen and Turned count visible products by their
	// misplaced and pose attributes.
	Misplaced int `json:"misplaced"`
	Fallen    int `json:"fallen"`
	Turned    int `json:"turned"`
	// SKUs is the number of distinct SKUs seen; SKUFrequency the visible
	// products of each, most frequent first (the long tail).
	SKUs         int   `json:"skus"`
	SKUFrequency []int `json:"sku_frequency"`
	// GroupFacings[k] counts the visible facing groups (runs of one SKU on
	// a board) of k facings.
	GroupFacings []int `json:"group_facings"`
	// KPISamples counts samples with a kpis value; Availability and
	// Compliance are their per-sample values.
	KPISamples   int       `json:"kpi_samples"`
	Availability []float64 `json:"availability"`
	Compliance   []float64 `json:"compliance"`
	// BrandWidth and BrandPixels add up every sample's share of shelf per
	// brand: the width of filled visible slots (metres) and the visible
	// product pixels.
	BrandWidth  map[string]float64 `json:"brand_width_m"`
	BrandPixels map[string]int     `json:"brand_pixels"`
	// Occlusion is per class (the kind attribute when objects have one,
	// else the category), the most frequent maxOcclusionClasses.
	Occlusion []Occlusion `json:"occlusion"`
	// Sizes buckets the visible objects by COCO area.
	Sizes Sizes `json:"sizes"`

	sku  map[string]int
	occl map[string]*Occlusion
}

// NewRetail returns an empty accumulator.
func NewRetail() *Retail {
	return &Retail{Annotations: map[string]int{}, BrandWidth: map[string]float64{}, BrandPixels: map[string]int{},
		sku: map[string]int{}, occl: map[string]*Occlusion{}}
}

// attr returns the value of key in attrs (sorted by key), "" when absent.
func attr(attrs []dataset.Attr, key string) string {
	i, ok := slices.BinarySearchFunc(attrs, key, func(a dataset.Attr, k string) int { return cmp.Compare(a.Key, k) })
	if !ok {
		return ""
	}
	return attrs[i].Value
}

// Add accumulates one sample.
func (r *Retail) Add(s *dataset.Sample) {
	for i := range s.Objects {
		o := &s.Objects[i]
		class := attr(o.Attributes, "kind")
		if class == "" {
			class = o.Category
		}
		oc := r.occl[class]
		if oc == nil {
			oc = &Occlusion{Class: class}
			r.occl[class] = oc
		}
		oc.Objects++
		oc.MeanVisible += o.VisibleFraction // a sum until Finish
		if o.Area == 0 {
			oc.Hidden++
			continue
		}
		if o.VisibleFraction < 0.9 {
			oc.Partly++
		}
		r.Sizes.add(o.Area)
		sku := attr(o.Attributes, retail.AttrSKU)
		if sku == "" {
			continue
		}
		r.Products++
		r.sku[sku]++
		if attr(o.Attributes, retail.AttrNullSet) == "true" {
			r.NullSet++
		}
		if attr(o.Attributes, retail.AttrMisplaced) == "true" {
			r.Misplaced++
		}
		switch attr(o.Attributes, retail.AttrPose) {
		case retail.PoseFallen:
			r.Fallen++
		case retail.PoseTurned:
			r.Turned++
		}
	}
	for i := range s.Annotations {
		a := &s.Annotations[i]
		if a.Area == 0 {
			continue
		}
		r.Annotations[a.Category]++
		switch a.Category {
		case retail.EmptyFacing:
			switch attr(a.Attributes, retail.AttrKind) {
			case retail.EmptyFull:
				r.EmptyFull++
			case retail.EmptyPartly:
				r.EmptyPartly++
			}
		case retail.Facing:
			if n, err := strconv.Atoi(attr(a.Attributes, retail.AttrFacings)); err == nil && n >= 0 && n < 1000 {
				for len(r.GroupFacings) <= n {
					r.GroupFacings = append(r.GroupFacings, 0)
				}
				r.GroupFacings[n]++
			}
		}
	}
	if k := s.KPIs; k != nil {
		r.KPISamples++
		r.Availability = append(r.Availability, k.Availability)
		r.Compliance = append(r.Compliance, k.Compliance)
		for _, b := range k.Brands {
			r.BrandWidth[b.Brand] += b.WidthM
			r.BrandPixels[b.Brand] += b.Pixels
		}
	}
}

// Finish fills the derived fields: NullShare, SKUs, SKUFrequency and
// Occlusion.
func (r *Retail) Finish() {
	if r.Products > 0 {
		r.NullShare = float64(r.NullSet) / float64(r.Products)
	}
	r.SKUs = len(r.sku)
	r.SKUFrequency = slices.SortedFunc(maps.Values(r.sku), func(a, b int) int { return cmp.Compare(b, a) })
	r.Occlusion = r.Occlusion[:0]
	for _, oc := range r.occl {
		o := *oc
		if o.Objects > 0 {
			o.MeanVisible /= float64(o.Objects)
		}
		r.Occlusion = append(r.Occlusion, o)
	}
	slices.SortFunc(r.Occlusion, func(a, b Occlusion) int {
		return cmp.Or(cmp.Compare(b.Objects, a.Objects), cmp.Compare(a.Class, b.Class))
	})
	if len(r.Occlusion) > maxOcclusionClasses {
		r.Occlusion = r.Occlusion[:maxOcclusionClasses]
	}
}

// Present reports whether the dataset has retail truth: products with an
// sku attribute, retail annotations or KPIs.
func (r *Retail) Present() bool {
	return r.Products > 0 || len(r.Annotations) > 0 || r.KPISamples > 0
}

// Range is the minimum, median and maximum of a sample of values.
type Range struct {
	Min, Median, Max float64
	N                int
}

// RangeOf returns the range of v; N is 0 for an empty v.
func RangeOf(v []float64) Range {
	if len(v) == 0 {
		return Range{}
	}
	s := slices.Sorted(slices.Values(v))
	return Range{Min: s[0], Median: s[len(s)/2], Max: s[len(s)-1], N: len(s)}
}

// TopBrands returns up to n brands by total shelf width, widest first,
// with their width share of all brands' width.
func (r *Retail) TopBrands(n int) (brands []string, share []float64) {
	total := 0.0
	for _, w := range r.BrandWidth {
		total += w
	}
	brands = slices.SortedFunc(maps.Keys(r.BrandWidth), func(a, b string) int {
		return cmp.Or(cmp.Compare(r.BrandWidth[b], r.BrandWidth[a]), cmp.Compare(a, b))
	})
	if len(brands) > n {
		brands = brands[:n]
	}
	for _, b := range brands {
		share = append(share, r.BrandWidth[b]/max(total, 1e-12))
	}
	return brands, share
}
