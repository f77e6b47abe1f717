package export

import (
	"fmt"
	"slices"
	"strings"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/labels"
	"github.com/synthkit/synthkit/retail"
	"github.com/synthkit/synthkit/scene"
)

// IncludeAliases are the short names ParseInclude accepts for the retail
// annotation categories (package retail), as `synth export --include`
// takes them.
var IncludeAliases = map[string]string{
	"shelf":   retail.ShelfRow,
	"tags":    retail.PriceTag,
	"empty":   retail.EmptyFacing,
	"facings": retail.Facing,
	"slots":   retail.Slot,
}

// ParseInclude parses a comma-separated list of annotation categories to
// export as classes of their own ("shelf,tags,empty"): each name is an
// alias of IncludeAliases or an annotation category as the annotations
// column spells it (an identifier, see scene.ValidAttrKey). Names are
// returned resolved, in the order given; a repeated name is an error.
func ParseInclude(s string) ([]string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	var out []string
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if a, ok := IncludeAliases[name]; ok {
			name = a
		}
		if !scene.ValidAttrKey(name) {
			return nil, fmt.Errorf("include %q: %q is not an annotation category (want one of %s, or a category of the annotations column)", s, name, aliasList())
		}
		if slices.Contains(out, name) {
			return nil, fmt.Errorf("include %q: %q named twice", s, name)
		}
		out = append(out, name)
	}
	return out, nil
}

// aliasList is "shelf (shelf_row), ..." in alias order.
func aliasList() string {
	var parts []string
	for _, k := range []string{"shelf", "tags", "empty", "facings", "slots"} {
		parts = append(parts, k+" ("+IncludeAliases[k]+")")
	}
	return strings.Join(parts, ", ")
}

// classes returns the class list of an export: the dataset's categories,
// then the included annotation categories. A category of the dataset that
// is also included is an error, since one name would be two classes.
func classes(categories, include []string) ([]string, error) {
	for _, c := range include {
		if slices.Contains(categories, c) {
			return nil, fmt.Errorf("include %q: the dataset already has a category of that name", c)
		}
	}
	return append(slices.Clip(categories), include...), nil
}

// item is one labelled thing of a sample as an export writes it: a
// visible annotated object, or an annotation of an included category.
type item struct {
	class    int // index into the export's classes
	rle      labels.RLE
	counts   string // rle as the shard spells it
	visible  float64
	instance uint32 // the object's instance id; 0 for an annotation
	attrs    []dataset.Attr
	line     [][]float64 // an annotation's projected polyline, if any
}

// items returns the objects of s and its annotations of the included
// categories (classes len(categories)+j), checked against an h×w image,
// in that order. Objects with no visible pixel are returned too, for the
// filter to count; annotations only when they have a visible pixel.
func items(s *dataset.Sample, categories, include []string, h, w int) ([]item, error) {
	out := make([]item, 0, len(s.Objects))
	for i := range s.Objects {
		o := &s.Objects[i]
		rle, err := objectMask(o, categories, h, w)
		if err != nil {
			return nil, err
		}
		out = append(out, item{class: int(o.CategoryID), rle: rle, counts: o.RLE, visible: o.VisibleFraction, instance: o.ID, attrs: o.Attributes})
	}
	if len(include) == 0 {
		return out, nil
	}
	for j := range s.Annotations {
		a := &s.Annotations[j]
		k := slices.Index(include, a.Category)
		if k < 0 {
			continue
		}
		if a.Area == 0 {
			// Out of view or hidden (a planogram slot behind products):
			// not a label of this image, and not an occluded object.
			continue
		}
		rle, err := labels.ParseRLE(h, w, a.RLE)
		if err != nil {
			return nil, fmt.Errorf("annotation %d (%q): mask for a %d×%d image: %w", j, a.Category, w, h, err)
		}
		out = append(out, item{class: len(categories) + k, rle: rle, counts: a.RLE, visible: a.VisibleFraction, attrs: a.Attributes, line: a.Line})
	}
	return out, nil
}

// attrMap returns attrs as a map, nil when there are none.
func attrMap(attrs []dataset.Attr) map[string]string {
	if len(attrs) == 0 {
		return nil
	}
	m := make(map[string]string, len(attrs))
	for _, a := range attrs {
		m[a.Key] = a.Value
	}
	return m
}
