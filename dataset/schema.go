package dataset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
)

// Column names. Index and seed are always written; the others are chosen
// by Spec.Columns.
const (
	ColIndex     = "index"     // int64: the sample index within the job
	ColSeed      = "seed"      // uint64: generator.SampleSeed(job seed, index)
	ColImage     = "image"     // Image: the colour image, PNG or JPEG
	ColDepth     = "depth"     // Image: camera-frame z as a 16-bit PNG in millimetres, 0 = background
	ColInstances = "instances" // Image: instance ids as a PNG (see package labels), 0 = background
	ColObjects   = "objects"   // list<struct>: one entry per annotated object
	ColCamera    = "camera"    // struct: intrinsics and world→camera pose
	// ColAnnotations is list<struct>: the image labels of the scene's
	// annotations (groups, regions, polylines; see scene.Annotation).
	ColAnnotations = "annotations"
	// ColNormals is a 16-bit RGB PNG of the camera-frame normal per pixel
	// (labels.EncodeNormalPNG: round((n·½ + ½)·65535), 0 background).
	ColNormals = "normals"
	// ColSemantic is a 16-bit grey PNG of category_id + 1 per pixel (the
	// job's category list), 0 for background and context objects.
	ColSemantic = "semantic"
	// ColPlanogram is list<struct>: per board with a visible slot, the
	// intended runs of facings and the realised slots (retail.BoardPlan).
	ColPlanogram = "planogram"
	// ColKPIs is a struct: the shelf figures of the frame (retail.KPI),
	// null when no planned facing is visible.
	ColKPIs = "kpis"
)

// Columns returns the optional label columns in schema order.
func Columns() []string {
	out := make([]string, 0, len(columns)-2)
	for _, c := range columns[2:] {
		out = append(out, c.name)
	}
	return out
}

// optIn are the columns written only when a spec lists them.
var optIn = []string{ColAnnotations, ColNormals, ColSemantic, ColPlanogram, ColKPIs}

// OptInColumns returns the label columns written only when a spec's
// column list names them, in schema order.
func OptInColumns() []string { return slices.Clone(optIn) }

// DefaultColumns returns the label columns a spec without a column list
// writes: every column but the opt-in ones (annotations, normals,
// semantic, planogram, kpis).
func DefaultColumns() []string {
	var out []string
	for _, c := range Columns() {
		if !slices.Contains(optIn, c) {
			out = append(out, c)
		}
	}
	return out
}

// NormalizeColumns checks names and returns the label columns in schema
// order: nil means DefaultColumns; index and seed are dropped (always
// there).
func NormalizeColumns(cols []string) ([]string, error) {
	if cols == nil {
		return DefaultColumns(), nil
	}
	seen := make(map[string]bool, len(cols))
	for _, c := range cols {
		if c != ColIndex && c != ColSeed && !slices.Contains(Columns(), c) {
			return nil, fmt.Errorf("columns: unknown column %q (known: %s, %s, %s)", c, ColIndex, ColSeed, strings.Join(Columns(), ", "))
		}
		if seen[c] {
			return nil, fmt.Errorf("columns: %q listed twice", c)
		}
		seen[c] = true
	}
	out := []string{}
	for _, c := range Columns() {
		if seen[c] {
			out = append(out, c)
		}
	}
	return out, nil
}

// Metadata keys of the Arrow schema.
const (
	// MetaHuggingFace holds {"info": {"features": ...}}, the Hugging Face
	// datasets features of the columns.
	MetaHuggingFace = "huggingface"
	// MetaSynthkit holds the job: canonical spec, its hash, the generator
	// and the category list (see Info).
	MetaSynthkit = "synthkit"
)

// FormatVersion is the version of the shard layout (schema, sidecar and
// manifest). It changes when a reader would need to change.
const FormatVersion = 1

// Identity is the job identity block every shard of a job records, in its
// sidecar, in the manifest and (encoded differently) in its schema
// metadata: the canonical spec, its hash, the generator and its category
// list. Embedded without a JSON tag, its fields encode in this order
// between the fields of the struct that embeds it.
type Identity struct {
	SpecHash         string          `json:"spec_hash"`         // hex SHA-256 of Spec
	Spec             json.RawMessage `json:"spec"`              // canonical spec JSON (see job.Spec.CanonicalJSON)
	Generator        string          `json:"generator"`         // registered name
	GeneratorVersion string          `json:"generator_version"` // generator.Info.Version
	Categories       []string        `json:"categories"`        // category_id i names Categories[i]
	// GeneratorModule is the Go module build of the generator (module
	// path, version, sum) that made the shards, from the program's
	// runtime/debug build information; nil when unknown. It is recorded
	// in sidecars and the manifest but not in the Arrow schema metadata:
	// `go build` stamps a main module's version from VCS
	// (v0.0.0-DATE-COMMIT+dirty), so in the shard bytes it would change
	// them at every commit of a vendor's repository while the rows stay
	// the same; the JSON files are where a node checks it (resume,
	// verify).
	GeneratorModule *GeneratorBuild `json:"generator_module,omitempty"`
}

// GeneratorBuild is the Go module a generator was built from.
type GeneratorBuild struct {
	Path    string `json:"path"`              // module path
	Version string `json:"version"`           // module version; "(devel)" when not stamped (go run, go test)
	Sum     string `json:"sum,omitempty"`     // go.sum hash, when the module came from a module proxy or cache
	Replace string `json:"replace,omitempty"` // the go.mod replacement, when there was one
}

// Layout is what of a job's spec decides the bytes of its shards beyond
// the rows themselves: the image size, the label columns, the colour
// image's format, the rows per record batch and the buffer compression.
// Its JSON keys are those of the spec, so that it decodes from the
// canonical spec JSON.
type Layout struct {
	Width       int      `json:"width"`
	Height      int      `json:"height"`
	Columns     []string `json:"columns"`      // label columns; nil means all
	ImageFormat string   `json:"image_format"` // "png" or "jpeg"
	BatchRows   int      `json:"batch_rows"`   // rows per record batch; 0 means DefaultBatchRows
	Compression string   `json:"compression"`  // "none" or "zstd"
}

// LayoutOf decodes the Layout of a spec JSON (the canonical spec of an
// Identity); unknown keys are ignored.
func LayoutOf(spec json.RawMessage) (Layout, error) {
	var l Layout
	if err := json.Unmarshal(spec, &l); err != nil {
		return Layout{}, fmt.Errorf("spec: %w", err)
	}
	return l, nil
}

// Has reports whether the layout writes column name.
func (l Layout) Has(name string) bool {
	if name == ColIndex || name == ColSeed {
		return true
	}
	if l.Columns == nil {
		return slices.Contains(Columns(), name)
	}
	return slices.Contains(l.Columns, name)
}

// Info is what every shard of a job records about the job in its schema
// metadata and its sidecar (the Identity), with the Layout its spec gives.
type Info struct {
	Identity
	Layout Layout
}

// Schema is the Arrow schema of a job's shards with the Hugging Face
// features that describe it. Build it with NewSchema: it is the one place
// where column types are decided.
type Schema struct {
	Arrow    *arrow.Schema
	Columns  []string        // label columns present, in order (index and seed precede them)
	Features json.RawMessage // Hugging Face features JSON, as in the metadata
	Info     Info
}

// NewSchema builds the Arrow schema of a job: index, seed, then the spec's
// label columns, every field nullable; binary and utf8 (32-bit offsets),
// list children named "item". The metadata holds MetaHuggingFace and
// MetaSynthkit; its encoding is deterministic.
func NewSchema(info Info) (*Schema, error) {
	if len(info.Spec) == 0 {
		return nil, fmt.Errorf("schema: no spec")
	}
	cols, err := NormalizeColumns(info.Layout.Columns)
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	names := append([]string{ColIndex, ColSeed}, cols...)
	fields := make([]arrow.Field, len(names))
	for i, n := range names {
		fields[i] = nullable(n, columnType(n))
	}
	features, err := hfFeatures(fields)
	if err != nil {
		return nil, err
	}
	hf := append(append([]byte(`{"info":{"features":`), features...), `}}`...)
	sk, err := synthkitMeta(info)
	if err != nil {
		return nil, err
	}
	md := arrow.NewMetadata([]string{MetaHuggingFace, MetaSynthkit}, []string{string(hf), string(sk)})
	return &Schema{
		Arrow:    arrow.NewSchema(fields, &md),
		Columns:  cols,
		Features: features,
		Info:     info,
	}, nil
}

// synthkitMeta is the MetaSynthkit value.
func synthkitMeta(info Info) ([]byte, error) {
	var spec bytes.Buffer
	if err := json.Compact(&spec, info.Spec); err != nil {
		return nil, fmt.Errorf("schema: spec: %w", err)
	}
	cats := info.Categories
	if cats == nil {
		cats = []string{}
	}
	return json.Marshal(schemaMeta{
		Format: FormatVersion, Spec: spec.Bytes(), SpecHash: info.SpecHash,
		Generator:  generatorMeta{info.Generator, info.GeneratorVersion},
		Categories: cats,
		Encodings:  encodings(info.Layout),
	})
}

// schemaMeta is the JSON of the MetaSynthkit metadata: the Identity, with
// the generator as an object, the format and the encodings.
type schemaMeta struct {
	Format     int               `json:"format"`
	Spec       json.RawMessage   `json:"spec"`
	SpecHash   string            `json:"spec_hash"`
	Generator  generatorMeta     `json:"generator"`
	Categories []string          `json:"categories"`
	Encodings  map[string]string `json:"encodings"`
}

type generatorMeta struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// encodings describes the byte formats of the image columns and the
// conventions of the geometric fields; json.Marshal sorts its keys.
func encodings(s Layout) map[string]string {
	return map[string]string{
		ColImage:     s.ImageFormat + ", 8-bit sRGB",
		ColDepth:     "png, 16-bit grey, camera-frame z in millimetres, 0 = background, depths of 65.535 m and beyond saturate to 65535",
		ColInstances: "png, instance id per pixel (scene object index + 1: the objects' ids, and unlabelled context objects under ids no object carries), 0 = background",
		ColNormals:   "png, 16-bit RGB, camera-frame unit normal (OpenCV axes) per pixel, channel = round((n*0.5+0.5)*65535), 0,0,0 = background",
		ColSemantic:  "png, 16-bit grey, category_id + 1 per pixel (index in categories), 0 = background or context",
		"bbox":       "COCO [x, y, w, h] in pixels, origin top-left",
		"rle":        "COCO compressed RLE counts, column-major, size = [height, width] of the image",
		"pose":       "4x4 row-major; objects: object→camera (the object's scale included), camera: world→camera; OpenCV camera frame (x right, y down, z forward)",
		"distortion": "camera lens coefficients in OpenCV's order for camera.model: brown_conrady k1,k2,p1,p2,k3 (cv2.projectPoints); kannala_brandt k1,k2,k3,k4 (cv2.fisheye); none for pinhole; pixel centres at i+0.5, so OpenCV's principal point is (cx-0.5, cy-0.5)",
		"keypoints":  "9 × (x, y, v): box centre then the 8 local bounding box corners, COCO visibility 0/1/2",
	}
}

// hfFeatures writes the Hugging Face features of fields as JSON, keys in
// field order (a struct feature's key order must follow the Arrow struct,
// so maps, which encoding/json sorts, are not used).
//
// The mapping (datasets 2.x to 4.x read it the same way):
//   - the image columns: {"_type": "Image"}, whose storage is exactly
//     struct<bytes: binary, path: string>;
//   - primitives: {"dtype": "int64", "_type": "Value"} with datasets'
//     dtype names (string for utf8, bool, uint32, float64, ...);
//   - list<struct>: a plain JSON list [ {...} ]. Not Sequence: datasets
//     turns Sequence of a dict into a dict of lists, that is a struct of
//     lists in Arrow, which is not our layout;
//   - list<primitive>: {"feature": {...}, "_type": "Sequence"}, what
//     datasets < 4 writes and datasets 4 reads as List;
//   - struct: a JSON object of the features of its fields.
func hfFeatures(fields []arrow.Field) (json.RawMessage, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(&b, f.Name)
		b.WriteByte(':')
		if isImageColumn(f.Name) {
			b.WriteString(`{"_type":"Image"}`)
			continue
		}
		if err := hfFeature(&b, f.Type); err != nil {
			return nil, fmt.Errorf("schema: column %q: %w", f.Name, err)
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func hfFeature(b *bytes.Buffer, t arrow.DataType) error {
	switch t := t.(type) {
	case *arrow.StructType:
		b.WriteByte('{')
		for i, f := range t.Fields() {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, f.Name)
			b.WriteByte(':')
			if err := hfFeature(b, f.Type); err != nil {
				return err
			}
		}
		b.WriteByte('}')
		return nil
	case *arrow.ListType:
		if _, ok := t.Elem().(*arrow.StructType); ok {
			b.WriteByte('[')
			if err := hfFeature(b, t.Elem()); err != nil {
				return err
			}
			b.WriteByte(']')
			return nil
		}
		b.WriteString(`{"feature":`)
		if err := hfFeature(b, t.Elem()); err != nil {
			return err
		}
		b.WriteString(`,"_type":"Sequence"}`)
		return nil
	}
	dtype, ok := map[arrow.Type]string{
		arrow.BOOL: "bool", arrow.INT32: "int32", arrow.INT64: "int64",
		arrow.UINT32: "uint32", arrow.UINT64: "uint64", arrow.FLOAT64: "float64",
		arrow.STRING: "string", arrow.BINARY: "binary",
	}[t.ID()]
	if !ok {
		return fmt.Errorf("no Hugging Face dtype for Arrow type %s", t)
	}
	b.WriteString(`{"dtype":"` + dtype + `","_type":"Value"}`)
	return nil
}

func writeJSONString(b *bytes.Buffer, s string) {
	q, _ := json.Marshal(s) // a string always marshals
	b.Write(q)
}

// ColumnDescription describes one column for the manifest: its Arrow type
// and its Hugging Face feature.
type ColumnDescription struct {
	Name    string          `json:"name"`
	Arrow   string          `json:"arrow"`
	Feature json.RawMessage `json:"feature"`
}

// Describe returns one ColumnDescription per column, in schema order.
func (s *Schema) Describe() ([]ColumnDescription, error) {
	var out []ColumnDescription
	for _, f := range s.Arrow.Fields() {
		one, err := hfFeatures([]arrow.Field{f})
		if err != nil {
			return nil, err
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(one, &m); err != nil {
			return nil, fmt.Errorf("schema: column %q: %w", f.Name, err)
		}
		out = append(out, ColumnDescription{Name: f.Name, Arrow: f.Type.String(), Feature: m[f.Name]})
	}
	return out, nil
}
