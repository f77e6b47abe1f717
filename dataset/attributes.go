package dataset

import (
	"fmt"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/synthkit/synthkit/labels"
	"github.com/synthkit/synthkit/scene"
)

// Attr is one attribute of an object or annotation: a key (an identifier,
// scene.ValidAttrKey) and a string value. Lists of them are sorted by key.
type Attr struct {
	Key, Value string
}

// AttrsOf returns m as attributes sorted by key; a key that is not an
// identifier is an error.
func AttrsOf(m map[string]string) ([]Attr, error) {
	if len(m) == 0 {
		return nil, nil
	}
	out := make([]Attr, 0, len(m))
	for k, v := range m {
		if !scene.ValidAttrKey(k) {
			return nil, fmt.Errorf("attribute key %q is not an identifier", k)
		}
		out = append(out, Attr{k, v})
	}
	slices.SortFunc(out, func(a, b Attr) int {
		if a.Key < b.Key {
			return -1
		}
		if a.Key > b.Key {
			return 1
		}
		return 0
	})
	return out, nil
}

// AttrMap returns attrs as a map.
func AttrMap(attrs []Attr) map[string]string {
	m := make(map[string]string, len(attrs))
	for _, a := range attrs {
		m[a.Key] = a.Value
	}
	return m
}

// Annotation is one entry of the annotations column: the image labels of
// one scene.Annotation (see labels.AnnotationLabel).
type Annotation struct {
	Category        string
	Attributes      []Attr
	BBox            [4]float64 // COCO [x, y, w, h] of the visible pixels; zero when none
	BBoxAmodal      [4]float64 // the same with occluders ignored
	Area            int64      // visible pixels
	VisibleFraction float64
	RLE             string // COCO compressed RLE of the visible mask
	// Line holds the projected polyline, one piece per part in view, each
	// flattened as x0, y0, x1, y1, ... in pixels.
	Line [][]float64
}

// AnnotationsOf converts labels.ExtractAnnotations' output to the
// annotations column.
func AnnotationsOf(anns []labels.AnnotationLabel) ([]Annotation, error) {
	out := make([]Annotation, 0, len(anns))
	for i := range anns {
		a := &anns[i]
		attrs, err := AttrsOf(a.Attrs)
		if err != nil {
			return nil, fmt.Errorf("annotation %d (%q): %w", a.Index, a.Category, err)
		}
		d := Annotation{Category: a.Category, Attributes: attrs, BBox: a.Box.COCO(), BBoxAmodal: a.AmodalBox.COCO(),
			Area: int64(a.Area), VisibleFraction: a.VisibleFraction, RLE: a.RLE.String()}
		for _, piece := range a.Line {
			xy := make([]float64, 0, 2*len(piece))
			for _, p := range piece {
				xy = append(xy, p.X, p.Y)
			}
			d.Line = append(d.Line, xy)
		}
		out = append(out, d)
	}
	return out, nil
}

// attrsType is list<struct<key: string, value: string>>.
func attrsType() arrow.DataType {
	return arrow.ListOf(arrow.StructOf(nullable("key", arrow.BinaryTypes.String), nullable("value", arrow.BinaryTypes.String)))
}

// attrsField is a field holding a sorted attribute list.
func attrsField[T any](name string, acc func(v *T) *[]Attr) field[T] {
	return field[T]{name, attrsType(),
		func(b array.Builder, v *T) {
			lb := b.(*array.ListBuilder)
			lb.Append(true)
			sb := lb.ValueBuilder().(*array.StructBuilder)
			for _, a := range *acc(v) {
				sb.Append(true)
				sb.FieldBuilder(0).(*array.StringBuilder).Append(a.Key)
				sb.FieldBuilder(1).(*array.StringBuilder).Append(a.Value)
			}
		},
		func(a arrow.Array, j int, v *T, what string) error {
			l, ok := a.(*array.List)
			if !ok {
				return fmt.Errorf("%s %s: not a list", what, name)
			}
			if !l.IsValid(j) {
				*acc(v) = nil
				return nil
			}
			lo, hi := l.ValueOffsets(j)
			st := l.ListValues().(*array.Struct)
			ks, vs := st.Field(0).(*array.String), st.Field(1).(*array.String)
			var out []Attr
			for k := int(lo); k < int(hi); k++ {
				out = append(out, Attr{ks.Value(k), vs.Value(k)})
			}
			*acc(v) = out
			return nil
		}}
}

// annotationFields are the fields of one entry of the annotations column.
var annotationFields = []field[Annotation]{
	{"category", arrow.BinaryTypes.String,
		func(b array.Builder, o *Annotation) { b.(*array.StringBuilder).Append(o.Category) },
		func(a arrow.Array, j int, o *Annotation, _ string) error {
			o.Category = a.(*array.String).Value(j)
			return nil
		}},
	attrsField("attributes", func(o *Annotation) *[]Attr { return &o.Attributes }),
	f64s("bbox", func(o *Annotation) []float64 { return o.BBox[:] }),
	f64s("bbox_amodal", func(o *Annotation) []float64 { return o.BBoxAmodal[:] }),
	{"area", arrow.PrimitiveTypes.Int64,
		func(b array.Builder, o *Annotation) { b.(*array.Int64Builder).Append(o.Area) },
		func(a arrow.Array, j int, o *Annotation, _ string) error {
			o.Area = a.(*array.Int64).Value(j)
			return nil
		}},
	f64("visible_fraction", func(o *Annotation) *float64 { return &o.VisibleFraction }),
	{"rle", arrow.BinaryTypes.String,
		func(b array.Builder, o *Annotation) { b.(*array.StringBuilder).Append(o.RLE) },
		func(a arrow.Array, j int, o *Annotation, _ string) error {
			o.RLE = a.(*array.String).Value(j)
			return nil
		}},
	{"line", arrow.ListOf(f64List()),
		func(b array.Builder, o *Annotation) {
			lb := b.(*array.ListBuilder)
			lb.Append(true)
			ib := lb.ValueBuilder().(*array.ListBuilder)
			for _, piece := range o.Line {
				ib.Append(true)
				ib.ValueBuilder().(*array.Float64Builder).AppendValues(piece, nil)
			}
		},
		func(a arrow.Array, j int, o *Annotation, what string) error {
			l := a.(*array.List)
			lo, hi := l.ValueOffsets(j)
			inner := l.ListValues().(*array.List)
			vals := inner.ListValues().(*array.Float64)
			o.Line = nil
			for k := int(lo); k < int(hi); k++ {
				a0, a1 := inner.ValueOffsets(k)
				o.Line = append(o.Line, append([]float64(nil), vals.Float64Values()[a0:a1]...))
			}
			return nil
		}},
}

// annotationsColumn is the annotations column: list<struct> of
// annotationFields.
func annotationsColumn() column {
	c := listColumn(ColAnnotations, annotationFields, func(s *Sample) *[]Annotation { return &s.Annotations }, "annotation")
	get := c.get
	c.get = func(a arrow.Array, i int, s *Sample) error {
		if err := get(a, i, s); err != nil {
			return err
		}
		if len(s.Annotations) == 0 {
			s.Annotations = nil // none reads as nil, as a sample without them
		}
		return nil
	}
	return c
}
