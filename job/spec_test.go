package job

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/synthkit/synthkit/dataset"
)

func TestParseSpecDefaults(t *testing.T) {
	s, err := ParseSpec([]byte("generator: basic\nsamples: 10\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Spec{
		Generator: "basic", Params: []byte("{}"), Samples: 10,
		SamplesPerShard: 256, Width: 640, Height: 480, Renderer: "soft",
		Render: RenderOptions{SSAA: 1}, Columns: dataset.DefaultColumns(), ImageFormat: "png",
		BatchRows: 72, Compression: "none",
	}
	if got, _ := s.CanonicalJSON(); string(got) != mustCanonical(t, &want) {
		t.Errorf("defaults:\n got %s\nwant %s", got, mustCanonical(t, &want))
	}
}

func mustCanonical(t *testing.T, s *Spec) string {
	t.Helper()
	b, err := s.CanonicalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCanonicalJSON pins the canonical encoding that Hash is taken of.
func TestCanonicalJSON(t *testing.T) {
	s, err := ParseSpec([]byte(`
output: /somewhere
params: {z: 1, a: {k: 2.50, b: [3, 1]}}
generator: basic
columns: [camera, objects, index]
samples: 12
seed: 18446744073709551615
`))
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"generator":"basic","params":{"a":{"b":[3,1],"k":2.5},"z":1},"seed":18446744073709551615,` +
		`"samples":12,"samples_per_shard":256,"width":640,"height":480,"renderer":"soft","render":{"samples":1},` +
		`"columns":["objects","camera"],"image_format":"png","batch_rows":72,"compression":"none"}`
	if got := mustCanonical(t, s); got != want {
		t.Errorf("canonical JSON:\n got %s\nwant %s", got, want)
	}
	if s.Output != "/somewhere" {
		t.Errorf("output %q lost", s.Output)
	}
}

func TestHash(t *testing.T) {
	base := "generator: basic\nsamples: 12\nparams: {max_objects: 4, min_objects: 1}\n"
	h := func(doc string) string {
		t.Helper()
		s, err := ParseSpec([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		v, err := s.Hash()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	h0 := h(base)
	if len(h0) != 64 {
		t.Fatalf("hash %q is not hex sha256", h0)
	}
	same := []string{
		base + "output: elsewhere\n",
		"samples: 12\ngenerator: basic\nparams: {min_objects: 1, max_objects: 4}\n",
		`{"generator": "basic", "samples": 12, "params": {"min_objects": 1, "max_objects": 4}}`,
		base + "width: 640\nheight: 480\nrenderer: soft\ncolumns: [camera, image, depth, objects, instances]\n",
	}
	for _, doc := range same {
		if got := h(doc); got != h0 {
			t.Errorf("hash of %q differs from the base spec", doc)
		}
	}
	differ := []string{
		base + "seed: 1\n",
		base + "width: 320\n",
		base + "columns: [image]\n",
		base + "image_format: jpeg\n",
		base + "batch_rows: 5\n",
		base + "render: {samples: 2}\n",
		"generator: basic\nsamples: 12\nparams: {max_objects: 5, min_objects: 1}\n",
	}
	for _, doc := range differ {
		if got := h(doc); got == h0 {
			t.Errorf("hash of %q equals the base spec's", doc)
		}
	}
}

func TestParseSpecErrors(t *testing.T) {
	tests := []struct {
		name, doc string
		want      string // substring of the error
	}{
		{"empty", "", "empty document"},
		{"not an object", "[1, 2]", "want an object"},
		{"unknown field", "generator: basic\nsamples: 1\nsample_count: 3\n", `unknown field "sample_count"`},
		{"mistyped", "generator: basic\nsamples: ten\n", "samples: cannot use string as int64"},
		{"fractional", "generator: basic\nsamples: 1.5\n", "samples: cannot use number 1.5 as int64"},
		{"negative seed", "generator: basic\nsamples: 1\nseed: -1\n", "seed: cannot use number -1 as uint64"},
		{"missing generator", "samples: 3\n", "generator: missing"},
		{"missing samples", "generator: basic\n", "samples: missing"},
		{"zero samples", "generator: basic\nsamples: 0\n", "samples: 0 must be positive"},
		{"negative samples", "generator: basic\nsamples: -5\n", "samples: -5 must be positive"},
		{"too many samples", "generator: basic\nsamples: 1000000001\n", "samples: 1000000001 exceeds"},
		{"zero per shard", "generator: basic\nsamples: 3\nsamples_per_shard: 0\n", "samples_per_shard: 0 must be positive"},
		{"too many shards", "generator: basic\nsamples: 2000000\nsamples_per_shard: 1\n", "samples_per_shard: 1 makes 2000000 shards"},
		{"negative width", "generator: basic\nsamples: 3\nwidth: -640\n", "width: -640 must be positive"},
		{"huge width", "generator: basic\nsamples: 3\nwidth: 16385\nheight: 1\n", "width: 16385 exceeds"},
		{"huge height", "generator: basic\nsamples: 3\nheight: 20000\n", "height: 20000 exceeds"},
		{"too many pixels", "generator: basic\nsamples: 3\nwidth: 16384\nheight: 16384\n", "more than the limit"},
		{"unknown renderer", "generator: basic\nsamples: 3\nrenderer: vulkan\n", `renderer: unknown renderer "vulkan" (known: soft, gl)`},
		{"empty renderer", "generator: basic\nsamples: 3\nrenderer: ''\n", "renderer: empty string"},
		{"render samples", "generator: basic\nsamples: 3\nrender: {samples: 9}\n", "render.samples: 9 is outside 1..4"},
		{"lens oversample", "generator: basic\nsamples: 3\nrender: {lens_oversample: 5}\n", "render.lens_oversample: 5 is outside 0..4"},
		{"lens oversample zero", "generator: basic\nsamples: 3\nrender: {lens_oversample: 0}\n", "render.lens_oversample: 0 must be positive"},
		{"render unknown", "generator: basic\nsamples: 3\nrender: {ssaa: 2}\n", `unknown field "ssaa"`},
		{"unknown column", "generator: basic\nsamples: 3\ncolumns: [image, surface_colour]\n", `columns: unknown column "surface_colour"`},
		{"duplicate column", "generator: basic\nsamples: 3\ncolumns: [image, image]\n", `columns: "image" listed twice`},
		{"bad format", "generator: basic\nsamples: 3\nimage_format: webp\n", `image_format: unknown format "webp"`},
		{"quality with png", "generator: basic\nsamples: 3\njpeg_quality: 80\n", "jpeg_quality: set, but image_format is png"},
		{"quality too high", "generator: basic\nsamples: 3\nimage_format: jpeg\njpeg_quality: 101\n", "jpeg_quality: 101 is outside 1..100"},
		{"zero batch", "generator: basic\nsamples: 3\nbatch_rows: 0\n", "batch_rows: 0 must be positive"},
		{"huge batch", "generator: basic\nsamples: 3\nbatch_rows: 100000\n", "batch_rows: 100000 is outside"},
		{"compression", "generator: basic\nsamples: 3\ncompression: lzma\n", `compression: unknown compression "lzma"`},
		{"params array", "generator: basic\nsamples: 3\nparams: [1]\n", "params: must be an object, not an array"},
		{"params string", "generator: basic\nsamples: 3\nparams: hello\n", "params: must be an object, not a string"},
		{"duplicate key", "generator: basic\nsamples: 3\nsamples: 4\n", "already set"},
		{"bad yaml", "generator: [basic\n", "yaml"},
		// These used to be accepted, the rest of the file silently dropped.
		{"second yaml document used to be ignored", "generator: basic\nsamples: 3\n---\nsamples: 300\n", "second YAML document"},
		{"trailing json value used to be ignored", `{"generator": "basic", "samples": 3}` + "\n" + `{"samples": 300}`, "content after the spec"},
		{"trailing bytes after json used to be ignored", `{"generator": "basic", "samples": 3} x`, "content after the spec"},
		{"huge spec used to be read whole", "generator: basic\nsamples: 3\n#" + strings.Repeat("x", MaxSpecBytes), "more than the limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSpec([]byte(tt.doc))
			if err == nil {
				t.Fatalf("ParseSpec(%q) succeeded", tt.doc)
			}
			if !errors.Is(err, ErrSpec) {
				t.Errorf("error %v does not wrap ErrSpec", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}

func TestSpecInGo(t *testing.T) {
	// In Go, zero fields are defaults; negative ones are errors.
	s := &Spec{Generator: "basic", Samples: 5}
	if err := s.Normalize(); err != nil {
		t.Fatal(err)
	}
	if s.Width != 640 || s.BatchRows != 72 || len(s.Columns) != 5 {
		t.Errorf("defaults not filled: %+v", s)
	}
	before := mustCanonical(t, s)
	if err := s.Normalize(); err != nil || mustCanonical(t, s) != before {
		t.Errorf("Normalize is not idempotent: %v", err)
	}
	bad := &Spec{Generator: "basic", Samples: 5, SamplesPerShard: -1}
	if err := bad.Normalize(); err == nil || !strings.Contains(err.Error(), "samples_per_shard") {
		t.Errorf("negative samples_per_shard: %v", err)
	}
	only := &Spec{Generator: "basic", Samples: 5, Columns: []string{"index", "seed"}}
	if err := only.Normalize(); err != nil {
		t.Fatal(err)
	}
	if len(only.Columns) != 0 || only.Has(dataset.ColImage) || !only.Has(dataset.ColSeed) {
		t.Errorf("index and seed only: columns %q", only.Columns)
	}
}

func TestDefaultBatchRows(t *testing.T) {
	for _, tt := range []struct{ w, h, want int }{
		{640, 480, 72}, {64, 48, 256}, {1920, 1080, 10}, {16384, 4096, 1}, {8192, 8192, 1},
	} {
		if got := dataset.DefaultBatchRows(tt.w, tt.h); got != tt.want {
			t.Errorf("dataset.DefaultBatchRows(%d, %d) = %d, want %d", tt.w, tt.h, got, tt.want)
		}
	}
}

func TestExampleSpecLoads(t *testing.T) {
	s, err := LoadSpec("../examples/specs/basic.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.Generator != "basic" || s.Samples != 1000 || s.Seed != 42 || s.Output != "out/basic" || len(s.Columns) != 5 {
		t.Errorf("unexpected spec %+v", s)
	}
	if _, err := LoadSpec("testdata/does-not-exist.yaml"); err == nil {
		t.Error("missing file loaded")
	}
}

// TestExampleSpecDocumentsEveryField: the README promises that
// examples/specs/basic.yaml documents every field of a spec, so each JSON
// key of Spec (and of its render options) must appear there as a key, set
// or commented out ("name:" at the start of a line, after any "# ").
func TestExampleSpecDocumentsEveryField(t *testing.T) {
	b, err := os.ReadFile("../examples/specs/basic.yaml")
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimLeft(strings.TrimPrefix(strings.TrimSpace(line), "#"), " ")
		if k, _, ok := strings.Cut(line, ":"); ok && !strings.ContainsAny(k, " \t") {
			keys[k] = true
		}
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[Spec](), reflect.TypeFor[RenderOptions]()} {
		for f := range typ.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name != "" && name != "-" && !keys[name] {
				t.Errorf("examples/specs/basic.yaml does not document %s.%s (%q)", typ.Name(), f.Name, name)
			}
		}
	}
}

// TestLoadSpecRefusesWhatItUsedToBlockOn: LoadSpec read a spec with
// os.ReadFile, which blocked on a FIFO and read a file of any size; it now
// refuses both before reading (a hang fails on the test timeout).
func TestLoadSpecRefusesWhatItUsedToBlockOn(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "spec.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	if _, err := LoadSpec(fifo); err == nil || !strings.Contains(err.Error(), "named pipe") || !strings.Contains(err.Error(), fifo) {
		t.Errorf("FIFO spec: %v", err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, append([]byte("generator: basic\nsamples: 1\n#"), make([]byte, MaxSpecBytes)...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSpec(big); err == nil || !strings.Contains(err.Error(), "more than the limit") {
		t.Errorf("2 MiB spec: %v", err)
	}
}
