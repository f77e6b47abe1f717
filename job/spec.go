package job

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	yaml2 "go.yaml.in/yaml/v2"
	"sigs.k8s.io/yaml"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/internal/regfile"
	"github.com/synthkit/synthkit/render"
)

// Spec is a generation job: which generator with which params, how many
// samples of what size, how they are rendered, and which columns go into
// the Arrow shards. It is read from YAML or JSON (one schema, see
// ParseSpec and examples/specs/basic.yaml) or built in Go.
//
// In Go, a zero field means its default; Normalize fills the defaults and
// Validate checks the result. In a spec file an explicit zero count or size
// is an error, not a request for the default.
type Spec struct {
	// Generator is the registered generator name, e.g. "basic".
	Generator string `json:"generator"`
	// Params is the JSON object handed to the generator registry. Nil
	// means {}.
	Params json.RawMessage `json:"params,omitempty"`
	// Seed is the job seed; sample i is seeded with
	// generator.SampleSeed(Seed, i).
	Seed uint64 `json:"seed"`
	// Samples is the number of samples in the job (1..MaxRows): one row of the shards each.
	Samples int64 `json:"samples"`
	// SamplesPerShard is the number of samples per shard file
	// (default DefaultSamplesPerShard).
	SamplesPerShard int64 `json:"samples_per_shard,omitempty"`
	// Width and Height are the image size in pixels (default 640×480).
	Width  int `json:"width,omitempty"`
	Height int `json:"height,omitempty"`
	// Renderer names the backend: "soft" (default) or "gl".
	Renderer string `json:"renderer,omitempty"`
	// Render holds the renderer options.
	Render RenderOptions `json:"render,omitzero"`
	// Output is where the shards are written: a directory or a URL such as
	// s3://bucket/prefix (see OpenStore). It is not part of the dataset's
	// identity: Hash and CanonicalJSON leave it out.
	Output string `json:"output,omitempty"`
	// Columns lists the label columns to write, from Columns(); nil means
	// all, an empty list none. "index" and "seed" are always written and
	// may be listed.
	Columns []string `json:"columns,omitempty"`
	// ImageFormat is "png" (default) or "jpeg".
	ImageFormat string `json:"image_format,omitempty"`
	// JPEGQuality is the JPEG quality 1..100 (default 90); only with
	// ImageFormat "jpeg".
	JPEGQuality int `json:"jpeg_quality,omitempty"`
	// BatchRows is the number of rows per Arrow record batch (default
	// dataset.DefaultBatchRows(Width, Height)).
	BatchRows int `json:"batch_rows,omitempty"`
	// Compression is the Arrow IPC buffer compression: "none" (default) or
	// "zstd". Readers without zstd support (the JS apache-arrow package)
	// cannot read compressed shards.
	Compression string `json:"compression,omitempty"`
	// AssetsDigest is the content digest of the asset directory the
	// generator reads (AssetsDigest, "sha256:…"), "" for none. Run fills
	// it from RunOptions.Assets and refuses assets whose digest differs
	// from a spec that records one; Verify refuses them too. It is part of
	// the hash: a dataset is its spec and its assets.
	AssetsDigest string `json:"assets_digest,omitempty"`
}

// RenderOptions are passed to the renderer factory.
type RenderOptions struct {
	// SSAA is the supersampling factor per axis of the colour image
	// (SSAA×SSAA shading samples a pixel, 1..MaxSSAA, default
	// DefaultSSAA; render/gl turns it into SSAA² MSAA samples); labels
	// never come from it. Its spec key is render.samples.
	SSAA int `json:"samples,omitempty"`
	// ShadowMapSize is the side in texels of each shadow-casting light's
	// shadow map (0: the backend's default, 1..MaxShadowMapSize); it
	// changes the image bytes, so it is part of the spec. Its spec key is
	// render.shadow_map_size.
	ShadowMapSize int `json:"shadow_map_size,omitempty"`
	// LensOversample is how many times the image's focal lengths the
	// pinhole image drawn for a camera with lens distortion has (see
	// render.WithLens; 0: render.DefaultLensOversample, 1..
	// render.MaxLensOversample); it changes the bytes of distorted
	// samples only. Its spec key is render.lens_oversample.
	LensOversample int `json:"lens_oversample,omitempty"`
}

// Defaults and limits of a Spec.
const (
	DefaultSamplesPerShard = 256
	DefaultWidth           = 640
	DefaultHeight          = 480
	DefaultRenderer        = "soft"
	DefaultSSAA            = 1
	DefaultImageFormat     = "png"
	DefaultJPEGQuality     = 90
	DefaultCompression     = "none"

	MaxRows      = 1_000_000_000
	MaxShards    = 1_000_000
	MaxImageSide = 16384
	MaxPixels    = 64 << 20
	MaxSSAA      = 4
	MaxBatchRows = 65536
	// MaxShadowMapSize bounds RenderOptions.ShadowMapSize.
	MaxShadowMapSize = 16384
)

// Renderers lists the renderer names a spec may ask for.
func Renderers() []string { return []string{"soft", "gl"} }

// ErrSpec is wrapped by every error about an invalid spec.
var ErrSpec = errors.New("invalid spec")

// specFile mirrors Spec with pointers for the numeric fields whose zero is
// an error in a file but a default in Go.
type specFile struct {
	Generator       string          `json:"generator"`
	Params          json.RawMessage `json:"params"`
	Seed            *uint64         `json:"seed"`
	Samples         *int64          `json:"samples"`
	SamplesPerShard *int64          `json:"samples_per_shard"`
	Width           *int            `json:"width"`
	Height          *int            `json:"height"`
	Renderer        *string         `json:"renderer"`
	Render          *struct {
		SSAA           *int `json:"samples"`
		ShadowMapSize  *int `json:"shadow_map_size"`
		LensOversample *int `json:"lens_oversample"`
	} `json:"render"`
	AssetsDigest string    `json:"assets_digest"`
	Output       string    `json:"output"`
	Columns      *[]string `json:"columns"`
	ImageFormat  *string   `json:"image_format"`
	JPEGQuality  *int      `json:"jpeg_quality"`
	BatchRows    *int      `json:"batch_rows"`
	Compression  *string   `json:"compression"`
}

// MaxSpecBytes bounds the size of a spec: LoadSpec refuses a larger file
// before reading it, ParseSpec larger data (a spec is a few hundred bytes;
// a 48 MB one used to cost 2.4 GB of memory before its error).
const MaxSpecBytes = 1 << 20

// LoadSpec reads a spec file (YAML or JSON) and returns it normalized and
// validated; errors name the file. A file larger than MaxSpecBytes, or one
// that is not a regular file (a FIFO would block the read), is refused
// before it is read.
func LoadSpec(path string) (*Spec, error) {
	data, err := regfile.ReadFile(path, MaxSpecBytes)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	s, err := ParseSpec(data)
	if err != nil {
		return nil, fmt.Errorf("spec %q: %w", path, err)
	}
	return s, nil
}

// ParseSpec parses a YAML or JSON spec, rejecting unknown fields, wrong
// types, explicit zero counts, duplicate keys, data larger than
// MaxSpecBytes, and anything after the spec (a second YAML document, a
// second JSON value, trailing bytes), and returns it normalized and
// validated. YAML is converted to JSON first (sigs.k8s.io/yaml), so both
// syntaxes share one schema.
func ParseSpec(data []byte) (*Spec, error) {
	if len(data) > MaxSpecBytes {
		return nil, fmt.Errorf("%w: %d bytes, more than the limit of %d", ErrSpec, len(data), MaxSpecBytes)
	}
	if err := singleDocument(data); err != nil {
		return nil, err
	}
	js, err := yaml.YAMLToJSONStrict(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSpec, err)
	}
	if bytes.Equal(bytes.TrimSpace(js), []byte("null")) {
		return nil, fmt.Errorf("%w: empty document", ErrSpec)
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	var f specFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrSpec, describeJSONError(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: more than one document", ErrSpec)
	}
	s := &Spec{Generator: f.Generator, Params: f.Params, Output: f.Output, AssetsDigest: f.AssetsDigest}
	if f.Seed != nil {
		s.Seed = *f.Seed
	}
	if f.Samples == nil {
		return nil, fmt.Errorf("%w: samples: missing (the number of samples to generate)", ErrSpec)
	}
	type num struct {
		name string
		v    *int64
		dst  *int64
	}
	i64 := func(p *int) *int64 {
		if p == nil {
			return nil
		}
		v := int64(*p)
		return &v
	}
	var width, height, rs, sm, q, br int64
	var rsp, smp, lop *int
	var lo int64
	if f.Render != nil {
		rsp, smp, lop = f.Render.SSAA, f.Render.ShadowMapSize, f.Render.LensOversample
	}
	for _, n := range []num{
		{"samples", f.Samples, &s.Samples},
		{"samples_per_shard", f.SamplesPerShard, &s.SamplesPerShard},
		{"width", i64(f.Width), &width},
		{"height", i64(f.Height), &height},
		{"render.samples", i64(rsp), &rs},
		{"render.shadow_map_size", i64(smp), &sm},
		{"render.lens_oversample", i64(lop), &lo},
		{"jpeg_quality", i64(f.JPEGQuality), &q},
		{"batch_rows", i64(f.BatchRows), &br},
	} {
		if n.v == nil {
			continue
		}
		if *n.v <= 0 {
			return nil, fmt.Errorf("%w: %s: %d must be positive", ErrSpec, n.name, *n.v)
		}
		*n.dst = *n.v
	}
	s.Width, s.Height, s.Render.SSAA, s.JPEGQuality, s.BatchRows = int(width), int(height), int(rs), int(q), int(br)
	s.Render.ShadowMapSize, s.Render.LensOversample = int(sm), int(lo)
	for _, str := range []struct {
		name string
		v    *string
		dst  *string
	}{
		{"renderer", f.Renderer, &s.Renderer},
		{"image_format", f.ImageFormat, &s.ImageFormat},
		{"compression", f.Compression, &s.Compression},
	} {
		if str.v == nil {
			continue
		}
		if *str.v == "" {
			return nil, fmt.Errorf("%w: %s: empty string (omit the field for the default)", ErrSpec, str.name)
		}
		*str.dst = *str.v
	}
	if f.Columns != nil {
		s.Columns = append([]string{}, *f.Columns...) // [] means none, not all
	}
	if err := s.Normalize(); err != nil {
		return nil, err
	}
	return s, nil
}

// singleDocument refuses data holding more than one YAML document, or
// bytes after its first one that do not parse: sigs.k8s.io/yaml converts
// the first document and ignores the rest, so "---" followed by a second
// spec, or a JSON spec followed by another JSON value, used to be
// accepted with the rest silently dropped.
func singleDocument(data []byte) error {
	dec := yaml2.NewDecoder(bytes.NewReader(data))
	for n := 0; ; n++ {
		var v any
		err := dec.Decode(&v)
		switch {
		case err == io.EOF:
			return nil
		case err != nil && n == 0:
			return nil // YAMLToJSONStrict reports the first document's own errors
		case err != nil:
			return fmt.Errorf("%w: content after the spec does not parse (%v); a spec file holds one document", ErrSpec, err)
		case n == 1:
			return fmt.Errorf("%w: a second YAML document after the spec (\"---\"); a spec file holds one document", ErrSpec)
		}
	}
}

// describeJSONError rewrites encoding/json's errors to name the spec field.
func describeJSONError(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field == "" {
			return fmt.Sprintf("the document is a JSON %s, want an object", te.Value)
		}
		return fmt.Sprintf("%s: cannot use %s as %s", field, te.Value, te.Type)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("syntax error at byte %d: %v", se.Offset, se)
	}
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return fmt.Sprintf("unknown field %s", rest)
	}
	return strings.TrimPrefix(msg, "json: ")
}

// Normalize fills in the defaults of zero fields, puts Columns into
// canonical order, canonicalizes Params (object keys sorted, no
// whitespace) and validates the result. It is idempotent.
func (s *Spec) Normalize() error {
	if s.SamplesPerShard == 0 {
		s.SamplesPerShard = DefaultSamplesPerShard
	}
	if s.Width == 0 {
		s.Width = DefaultWidth
	}
	if s.Height == 0 {
		s.Height = DefaultHeight
	}
	if s.Renderer == "" {
		s.Renderer = DefaultRenderer
	}
	if s.Render.SSAA == 0 {
		s.Render.SSAA = DefaultSSAA
	}
	if s.ImageFormat == "" {
		s.ImageFormat = DefaultImageFormat
	}
	if s.ImageFormat == "jpeg" && s.JPEGQuality == 0 {
		s.JPEGQuality = DefaultJPEGQuality
	}
	if s.BatchRows == 0 && s.Width > 0 && s.Height > 0 {
		s.BatchRows = dataset.DefaultBatchRows(s.Width, s.Height)
	}
	if s.Compression == "" {
		s.Compression = DefaultCompression
	}
	p, err := canonicalParams(s.Params)
	if err != nil {
		return err
	}
	s.Params = p
	cols, err := dataset.NormalizeColumns(s.Columns)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrSpec, err)
	}
	s.Columns = cols
	return s.Validate()
}

// Validate checks a normalized spec and returns an error naming the first
// bad field.
func (s *Spec) Validate() error {
	bad := func(field, format string, args ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrSpec, field, fmt.Sprintf(format, args...))
	}
	switch {
	case s.Generator == "":
		return bad("generator", "missing (a registered generator name such as \"basic\")")
	case s.Samples <= 0:
		return bad("samples", "%d must be positive", s.Samples)
	case s.Samples > MaxRows:
		return bad("samples", "%d exceeds the limit of %d", s.Samples, int64(MaxRows))
	case s.SamplesPerShard <= 0:
		return bad("samples_per_shard", "%d must be positive", s.SamplesPerShard)
	case s.SamplesPerShard > MaxRows:
		return bad("samples_per_shard", "%d exceeds the limit of %d", s.SamplesPerShard, int64(MaxRows))
	case (s.Samples+s.SamplesPerShard-1)/s.SamplesPerShard > MaxShards:
		return bad("samples_per_shard", "%d makes %d shards, more than the limit of %d", s.SamplesPerShard, (s.Samples+s.SamplesPerShard-1)/s.SamplesPerShard, MaxShards)
	case s.Width <= 0:
		return bad("width", "%d must be positive", s.Width)
	case s.Height <= 0:
		return bad("height", "%d must be positive", s.Height)
	case s.Width > MaxImageSide:
		return bad("width", "%d exceeds the limit of %d", s.Width, MaxImageSide)
	case s.Height > MaxImageSide:
		return bad("height", "%d exceeds the limit of %d", s.Height, MaxImageSide)
	case int64(s.Width)*int64(s.Height) > MaxPixels:
		return bad("width", "%dx%d is %d pixels, more than the limit of %d", s.Width, s.Height, int64(s.Width)*int64(s.Height), MaxPixels)
	case !slices.Contains(Renderers(), s.Renderer):
		return bad("renderer", "unknown renderer %q (known: %s)", s.Renderer, strings.Join(Renderers(), ", "))
	case s.Render.SSAA <= 0 || s.Render.SSAA > MaxSSAA:
		return bad("render.samples", "%d is outside 1..%d", s.Render.SSAA, MaxSSAA)
	case s.Render.ShadowMapSize < 0 || s.Render.ShadowMapSize > MaxShadowMapSize:
		return bad("render.shadow_map_size", "%d is outside 0..%d", s.Render.ShadowMapSize, MaxShadowMapSize)
	case s.Render.LensOversample < 0 || s.Render.LensOversample > render.MaxLensOversample:
		return bad("render.lens_oversample", "%d is outside 0..%d", s.Render.LensOversample, render.MaxLensOversample)
	case s.AssetsDigest != "" && !validDigest(s.AssetsDigest):
		return bad("assets_digest", "%q is not \"sha256:\" and 64 hex digits", s.AssetsDigest)
	case s.ImageFormat != "png" && s.ImageFormat != "jpeg":
		return bad("image_format", "unknown format %q (known: png, jpeg)", s.ImageFormat)
	case s.ImageFormat == "png" && s.JPEGQuality != 0:
		return bad("jpeg_quality", "set, but image_format is png")
	case s.ImageFormat == "jpeg" && (s.JPEGQuality < 1 || s.JPEGQuality > 100):
		return bad("jpeg_quality", "%d is outside 1..100", s.JPEGQuality)
	case s.BatchRows <= 0 || s.BatchRows > MaxBatchRows:
		return bad("batch_rows", "%d is outside 1..%d", s.BatchRows, MaxBatchRows)
	case s.Compression != "none" && s.Compression != "zstd":
		return bad("compression", "unknown compression %q (known: none, zstd)", s.Compression)
	}
	if _, err := dataset.NormalizeColumns(s.Columns); err != nil {
		return fmt.Errorf("%w: %w", ErrSpec, err)
	}
	if _, err := canonicalParams(s.Params); err != nil {
		return err
	}
	return nil
}

// canonicalParams checks that p is a JSON object (or empty, meaning {}) and
// re-encodes it compactly with object keys sorted at every level. Numbers
// keep their literal text.
func canonicalParams(p json.RawMessage) (json.RawMessage, error) {
	if len(bytes.TrimSpace(p)) == 0 || bytes.Equal(bytes.TrimSpace(p), []byte("null")) {
		return json.RawMessage("{}"), nil
	}
	dec := json.NewDecoder(bytes.NewReader(p))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%w: params: %s", ErrSpec, describeJSONError(err))
	}
	if _, ok := v.(map[string]any); !ok {
		return nil, fmt.Errorf("%w: params: must be an object, not %s", ErrSpec, jsonKind(v))
	}
	out, err := json.Marshal(v) // maps marshal with sorted keys
	if err != nil {
		return nil, fmt.Errorf("%w: params: %v", ErrSpec, err)
	}
	return out, nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}

// canonicalSpec is the identity of a dataset: every field of a normalized
// Spec except Output, always present, in this order.
type canonicalSpec struct {
	Generator       string          `json:"generator"`
	Params          json.RawMessage `json:"params"`
	Seed            uint64          `json:"seed"`
	Samples         int64           `json:"samples"`
	SamplesPerShard int64           `json:"samples_per_shard"`
	Width           int             `json:"width"`
	Height          int             `json:"height"`
	Renderer        string          `json:"renderer"`
	Render          struct {
		SSAA           int `json:"samples"`
		ShadowMapSize  int `json:"shadow_map_size,omitempty"`
		LensOversample int `json:"lens_oversample,omitempty"`
	} `json:"render"`
	Columns      []string `json:"columns"`
	ImageFormat  string   `json:"image_format"`
	JPEGQuality  int      `json:"jpeg_quality,omitempty"`
	BatchRows    int      `json:"batch_rows"`
	Compression  string   `json:"compression"`
	AssetsDigest string   `json:"assets_digest,omitempty"`
}

// CanonicalJSON returns the canonical encoding of the spec: the normalized
// spec as compact JSON with every field present in the order of the Spec
// struct (generator, params, seed, samples, samples_per_shard, width,
// height, renderer, render, columns, image_format, jpeg_quality,
// batch_rows, compression, assets_digest), params with sorted keys at
// every level and numbers as written, jpeg_quality only with jpeg,
// render.shadow_map_size, render.lens_oversample and assets_digest only when set (so the hashes
// of specs older than these fields are unchanged), and without output,
// which says where a dataset is and not what it is. Two specs that
// describe the same dataset have the same canonical JSON, and the
// canonical JSON is itself a spec that ParseSpec accepts.
func (s *Spec) CanonicalJSON() ([]byte, error) {
	n := *s
	n.Columns = slices.Clone(s.Columns)
	if err := n.Normalize(); err != nil {
		return nil, err
	}
	c := canonicalSpec{
		Generator: n.Generator, Params: n.Params, Seed: n.Seed, Samples: n.Samples,
		SamplesPerShard: n.SamplesPerShard, Width: n.Width, Height: n.Height,
		Renderer: n.Renderer, Columns: n.Columns, ImageFormat: n.ImageFormat,
		JPEGQuality: n.JPEGQuality, BatchRows: n.BatchRows, Compression: n.Compression,
		AssetsDigest: n.AssetsDigest,
	}
	c.Render.SSAA, c.Render.ShadowMapSize, c.Render.LensOversample = n.Render.SSAA, n.Render.ShadowMapSize, n.Render.LensOversample
	return json.Marshal(c)
}

// Hash returns the hex SHA-256 of CanonicalJSON: the identity of the
// dataset a spec describes, recorded in every sidecar and the manifest.
func (s *Spec) Hash() (string, error) {
	b, err := s.CanonicalJSON()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// Has reports whether the normalized spec writes column name.
func (s *Spec) Has(name string) bool { return dataset.Layout{Columns: s.Columns}.Has(name) }

// DatasetInfo returns the Info of the shards of the spec: its canonical
// JSON with the given hash (Hash, or the one a sidecar recorded), the
// generator's name, version and categories, and the Layout of the
// canonical spec.
func (s *Spec) DatasetInfo(hash, generator, version string, categories []string) (dataset.Info, error) {
	canon, err := s.CanonicalJSON()
	if err != nil {
		return dataset.Info{}, err
	}
	layout, err := dataset.LayoutOf(canon)
	if err != nil {
		return dataset.Info{}, err
	}
	return dataset.Info{Identity: dataset.Identity{Spec: canon, SpecHash: hash, Generator: generator,
		GeneratorVersion: version, Categories: categories}, Layout: layout}, nil
}
