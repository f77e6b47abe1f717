package dataset

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/synthkit/synthkit/scene"
)

// This file is the one definition of the row layout: every column and
// every field of the objects and camera structs, with its Arrow type, how
// the writer appends it from a Sample and how the reader decodes it back.
// NewSchema (the Arrow schema and the Hugging Face features), the Writer
// and the Reader all walk these tables; none of them names a column.

// column is one top-level column.
type column struct {
	name string
	typ  arrow.DataType
	// image marks the Hugging Face Image columns (struct<bytes, path>):
	// their Sample field is data, their path ImagePath.
	image bool
	data  func(s *Sample) *[]byte
	// put appends the column's value of s to b; get decodes row i of a
	// into s.
	put func(b array.Builder, s *Sample, imageFormat string)
	get func(a arrow.Array, i int, s *Sample) error
	// older are the column's types in shards of earlier versions, with
	// their decoders: readers accept them, writers never write them.
	older []olderType
}

// olderType is an earlier type of a column and how to decode it.
type olderType struct {
	typ arrow.DataType
	get func(a arrow.Array, i int, s *Sample) error
}

// as returns c decoding arrays of type t: c itself, c with an older
// decoder, or false when t is none of its types.
func (c column) as(t arrow.DataType) (column, bool) {
	if arrow.TypeEqual(t, c.typ) {
		return c, true
	}
	for _, o := range c.older {
		if arrow.TypeEqual(t, o.typ) {
			c.get = o.get
			return c, true
		}
	}
	return c, false
}

// pinholeCameraFields are the camera fields of shards written before the
// lens model (model and distortion) was added: those cameras are pinholes.
var pinholeCameraFields = cameraFields[:7]

// field is one field of a struct column (an object or the camera).
type field[T any] struct {
	name string
	typ  arrow.DataType
	put  func(b array.Builder, v *T)
	// get decodes element j of a into v; what names the element in errors
	// ("object 3", "camera").
	get func(a arrow.Array, j int, v *T, what string) error
}

func nullable(name string, t arrow.DataType) arrow.Field {
	return arrow.Field{Name: name, Type: t, Nullable: true}
}

// imageType is Hugging Face's Image storage: struct<bytes: binary, path:
// string>, both nullable, in that order.
func imageType() arrow.DataType {
	return arrow.StructOf(nullable("bytes", arrow.BinaryTypes.Binary), nullable("path", arrow.BinaryTypes.String))
}

// f64List is list<item: double>.
func f64List() arrow.DataType { return arrow.ListOf(arrow.PrimitiveTypes.Float64) }

// structOf builds the Arrow struct of a field table.
func structOf[T any](fields []field[T]) *arrow.StructType {
	fs := make([]arrow.Field, len(fields))
	for i, f := range fields {
		fs[i] = nullable(f.name, f.typ)
	}
	return arrow.StructOf(fs...)
}

// putStruct appends v to the struct builder b, field by field.
func putStruct[T any](b *array.StructBuilder, fields []field[T], v *T) {
	b.Append(true)
	for i, f := range fields {
		f.put(b.FieldBuilder(i), v)
	}
}

// getStruct decodes element j of the struct array a into v.
// listColumn is a list<struct> column of fields whose rows are the slice
// acc returns; what names an element in errors ("object 3").
func listColumn[E any](name string, fields []field[E], acc func(*Sample) *[]E, what string) column {
	return column{name: name, typ: arrow.ListOf(structOf(fields)),
		put: func(b array.Builder, s *Sample, _ string) { putStructList(b, fields, *acc(s)) },
		get: func(a arrow.Array, i int, s *Sample) error {
			var err error
			*acc(s), err = getStructList(a, fields, i, what)
			return err
		}}
}

func getStruct[T any](a *array.Struct, fields []field[T], j int, v *T, what string) error {
	for i, f := range fields {
		if err := f.get(a.Field(i), j, v, what); err != nil {
			return err
		}
	}
	return nil
}

// f64s is a list<double> field of fixed length: acc returns the slice of
// v it fills.
func f64s[T any](name string, acc func(v *T) []float64) field[T] {
	return field[T]{name, f64List(),
		func(b array.Builder, v *T) {
			lb := b.(*array.ListBuilder)
			lb.Append(true)
			lb.ValueBuilder().(*array.Float64Builder).AppendValues(acc(v), nil)
		},
		func(a arrow.Array, j int, v *T, what string) error {
			return floats(a, j, acc(v), what+" "+name)
		}}
}

// objectFields are the fields of one annotated object, in schema order.
var objectFields = []field[Object]{
	{"id", arrow.PrimitiveTypes.Uint32,
		func(b array.Builder, o *Object) { b.(*array.Uint32Builder).Append(o.ID) },
		func(a arrow.Array, j int, o *Object, _ string) error { o.ID = a.(*array.Uint32).Value(j); return nil }},
	{"category", arrow.BinaryTypes.String,
		func(b array.Builder, o *Object) { b.(*array.StringBuilder).Append(o.Category) },
		func(a arrow.Array, j int, o *Object, _ string) error {
			o.Category = a.(*array.String).Value(j)
			return nil
		}},
	{"category_id", arrow.PrimitiveTypes.Int32,
		func(b array.Builder, o *Object) { b.(*array.Int32Builder).Append(o.CategoryID) },
		func(a arrow.Array, j int, o *Object, _ string) error {
			o.CategoryID = a.(*array.Int32).Value(j)
			return nil
		}},
	f64s("bbox", func(o *Object) []float64 { return o.BBox[:] }),
	f64s("bbox_amodal", func(o *Object) []float64 { return o.BBoxAmodal[:] }),
	{"area", arrow.PrimitiveTypes.Int64,
		func(b array.Builder, o *Object) { b.(*array.Int64Builder).Append(o.Area) },
		func(a arrow.Array, j int, o *Object, _ string) error { o.Area = a.(*array.Int64).Value(j); return nil }},
	{"visible_fraction", arrow.PrimitiveTypes.Float64,
		func(b array.Builder, o *Object) { b.(*array.Float64Builder).Append(o.VisibleFraction) },
		func(a arrow.Array, j int, o *Object, _ string) error {
			o.VisibleFraction = a.(*array.Float64).Value(j)
			return nil
		}},
	{"truncated", arrow.FixedWidthTypes.Boolean,
		func(b array.Builder, o *Object) { b.(*array.BooleanBuilder).Append(o.Truncated) },
		func(a arrow.Array, j int, o *Object, _ string) error {
			o.Truncated = a.(*array.Boolean).Value(j)
			return nil
		}},
	{"rle", arrow.BinaryTypes.String,
		func(b array.Builder, o *Object) { b.(*array.StringBuilder).Append(o.RLE) },
		func(a arrow.Array, j int, o *Object, _ string) error { o.RLE = a.(*array.String).Value(j); return nil }},
	f64s("pose", func(o *Object) []float64 { return o.Pose[:] }),
	f64s("keypoints", func(o *Object) []float64 { return o.Keypoints[:] }),
	attrsField("attributes", func(o *Object) *[]Attr { return &o.Attributes }),
}

// cameraFields are the fields of the camera column, in schema order.
var cameraFields = []field[Camera]{
	f64("fx", func(c *Camera) *float64 { return &c.Fx }),
	f64("fy", func(c *Camera) *float64 { return &c.Fy }),
	f64("cx", func(c *Camera) *float64 { return &c.Cx }),
	f64("cy", func(c *Camera) *float64 { return &c.Cy }),
	i32("width", func(c *Camera) *int32 { return &c.Width }),
	i32("height", func(c *Camera) *int32 { return &c.Height }),
	f64s("pose", func(c *Camera) []float64 { return c.Pose[:] }),
	{"model", arrow.BinaryTypes.String,
		func(b array.Builder, c *Camera) { b.(*array.StringBuilder).Append(c.Model) },
		func(a arrow.Array, j int, c *Camera, _ string) error {
			c.Model = a.(*array.String).Value(j)
			return nil
		}},
	{"distortion", f64List(),
		func(b array.Builder, c *Camera) {
			lb := b.(*array.ListBuilder)
			lb.Append(true)
			lb.ValueBuilder().(*array.Float64Builder).AppendValues(c.Distortion, nil)
		},
		func(a arrow.Array, j int, c *Camera, what string) error {
			l := a.(*array.List)
			if l.IsNull(j) {
				return nil
			}
			lo, hi := l.ValueOffsets(j)
			if hi-lo > 8 {
				return fmt.Errorf("%s distortion has %d coefficients, at most 8", what, hi-lo)
			}
			if hi > lo {
				c.Distortion = append([]float64(nil), l.ListValues().(*array.Float64).Float64Values()[lo:hi]...)
			}
			return nil
		}},
}

func f64[T any](name string, acc func(v *T) *float64) field[T] {
	return field[T]{name, arrow.PrimitiveTypes.Float64,
		func(b array.Builder, v *T) { b.(*array.Float64Builder).Append(*acc(v)) },
		func(a arrow.Array, j int, v *T, _ string) error { *acc(v) = a.(*array.Float64).Value(j); return nil }}
}

func i32[T any](name string, acc func(v *T) *int32) field[T] {
	return field[T]{name, arrow.PrimitiveTypes.Int32,
		func(b array.Builder, v *T) { b.(*array.Int32Builder).Append(*acc(v)) },
		func(a arrow.Array, j int, v *T, _ string) error { *acc(v) = a.(*array.Int32).Value(j); return nil }}
}

// imageColumn is an Image column whose bytes are the Sample field data
// returns.
func imageColumn(name string, data func(s *Sample) *[]byte) column {
	return column{name: name, typ: imageType(), image: true, data: data,
		put: func(b array.Builder, s *Sample, imageFormat string) {
			sb := b.(*array.StructBuilder)
			sb.Append(true)
			sb.FieldBuilder(0).(*array.BinaryBuilder).Append(*data(s))
			sb.FieldBuilder(1).(*array.StringBuilder).Append(ImagePath(name, s.Index, imageFormat))
		},
		get: func(a arrow.Array, i int, s *Sample) error {
			*data(s) = imageBytes(a.(*array.Struct), i)
			return nil
		}}
}

// columns is every column in schema order: index and seed (always
// written), then the label columns a spec chooses from.
var columns = []column{
	{name: ColIndex, typ: arrow.PrimitiveTypes.Int64,
		put: func(b array.Builder, s *Sample, _ string) { b.(*array.Int64Builder).Append(s.Index) },
		get: func(a arrow.Array, i int, s *Sample) error { s.Index = a.(*array.Int64).Value(i); return nil }},
	{name: ColSeed, typ: arrow.PrimitiveTypes.Uint64,
		put: func(b array.Builder, s *Sample, _ string) { b.(*array.Uint64Builder).Append(s.Seed) },
		get: func(a arrow.Array, i int, s *Sample) error { s.Seed = a.(*array.Uint64).Value(i); return nil }},
	imageColumn(ColImage, func(s *Sample) *[]byte { return &s.Image }),
	imageColumn(ColDepth, func(s *Sample) *[]byte { return &s.Depth }),
	imageColumn(ColInstances, func(s *Sample) *[]byte { return &s.Instances }),
	listColumn(ColObjects, objectFields, func(s *Sample) *[]Object { return &s.Objects }, "object"),
	{name: ColCamera, typ: structOf(cameraFields),
		put: func(b array.Builder, s *Sample, _ string) {
			putStruct(b.(*array.StructBuilder), cameraFields, &s.Camera)
		},
		get: func(a arrow.Array, i int, s *Sample) error {
			st := a.(*array.Struct)
			if !st.IsValid(i) {
				return nil
			}
			return getStruct(st, cameraFields, i, &s.Camera, "camera")
		},
		older: []olderType{{typ: structOf(pinholeCameraFields),
			get: func(a arrow.Array, i int, s *Sample) error {
				st := a.(*array.Struct)
				if !st.IsValid(i) {
					return nil
				}
				s.Camera.Model = scene.Pinhole.String()
				return getStruct(st, pinholeCameraFields, i, &s.Camera, "camera")
			}}}},
	annotationsColumn(),
	imageColumn(ColNormals, func(s *Sample) *[]byte { return &s.Normals }),
	imageColumn(ColSemantic, func(s *Sample) *[]byte { return &s.Semantic }),
	planogramColumn(),
	kpisColumn(),
}

// columnByName returns the column called name.
func columnByName(name string) (column, bool) {
	for _, c := range columns {
		if c.name == name {
			return c, true
		}
	}
	return column{}, false
}

// columnType returns the Arrow type of column name, nil for an unknown one.
func columnType(name string) arrow.DataType {
	if c, ok := columnByName(name); ok {
		return c.typ
	}
	return nil
}

func isImageColumn(name string) bool {
	c, ok := columnByName(name)
	return ok && c.image
}
