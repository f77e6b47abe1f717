package job

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/synthkit/synthkit/dataset"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func testInfo(t testing.TB, doc string) dataset.Info {
	t.Helper()
	s, err := ParseSpec([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.Hash()
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.DatasetInfo(h, "basic", "1.0.0", []string{"box", "cylinder", "sphere", "cone"})
	if err != nil {
		t.Fatal(err)
	}
	return info
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./shard -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n got %s\nwant %s", path, got, want)
	}
}

// TestHuggingFaceFeatures pins the features JSON of the full schema.
func TestHuggingFaceFeatures(t *testing.T) {
	s, err := dataset.NewSchema(testInfo(t, "generator: basic\nsamples: 4\n"))
	if err != nil {
		t.Fatal(err)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, s.Features, "", "  "); err != nil {
		t.Fatalf("features are not JSON: %v\n%s", err, s.Features)
	}
	pretty.WriteByte('\n')
	golden(t, "hf_features.json", pretty.Bytes())

	// The metadata value is {"info": {"features": ...}}.
	md := s.Arrow.Metadata()
	if got := md.Keys(); len(got) != 2 || got[0] != dataset.MetaHuggingFace || got[1] != dataset.MetaSynthkit {
		t.Fatalf("metadata keys %q", got)
	}
	var hf struct {
		Info struct {
			Features json.RawMessage `json:"features"`
		} `json:"info"`
	}
	if err := json.Unmarshal([]byte(md.Values()[0]), &hf); err != nil || !bytes.Equal(hf.Info.Features, s.Features) {
		t.Errorf("huggingface metadata %s (%v)", md.Values()[0], err)
	}
	// Key order of every struct feature follows the Arrow struct.
	if !strings.Contains(string(s.Features), `"objects":[{"id":`) ||
		!strings.Contains(string(s.Features), `"camera":{"fx":`) {
		t.Errorf("features out of order: %s", s.Features)
	}
}

// TestSchemaShape checks the Arrow rules datasets and the JS reader rely
// on: nullable fields everywhere, list children named "item", 32-bit
// offsets, and the Image struct exactly.
func TestSchemaShape(t *testing.T) {
	s, err := dataset.NewSchema(testInfo(t, "generator: basic\nsamples: 4\n"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range s.Arrow.Fields() {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, ","); got != "index,seed,image,depth,instances,objects,camera" {
		t.Errorf("columns %s", got)
	}
	var walk func(path string, f arrow.Field)
	walk = func(path string, f arrow.Field) {
		if !f.Nullable {
			t.Errorf("%s is not nullable", path)
		}
		switch dt := f.Type.(type) {
		case *arrow.StructType:
			for _, c := range dt.Fields() {
				walk(path+"."+c.Name, c)
			}
		case *arrow.ListType:
			if dt.ElemField().Name != "item" {
				t.Errorf("%s: list child named %q", path, dt.ElemField().Name)
			}
			walk(path+"[]", dt.ElemField())
		case *arrow.LargeListType, *arrow.LargeBinaryType, *arrow.LargeStringType:
			t.Errorf("%s: large type %s", path, dt)
		}
	}
	for _, f := range s.Arrow.Fields() {
		walk(f.Name, f)
	}
	for _, c := range []string{dataset.ColImage, dataset.ColDepth, dataset.ColInstances} {
		f, _ := s.Arrow.FieldsByName(c)
		if got := f[0].Type.String(); got != "struct<bytes: binary nullable, path: utf8 nullable>" {
			t.Errorf("%s is %s", c, got)
		}
	}
	f, _ := s.Arrow.FieldsByName(dataset.ColObjects)
	const objects = "list<item: struct<id: uint32 nullable, category: utf8 nullable, category_id: int32 nullable, " +
		"bbox: list<item: float64, nullable> nullable, bbox_amodal: list<item: float64, nullable> nullable, " +
		"area: int64 nullable, visible_fraction: float64 nullable, truncated: bool nullable, rle: utf8 nullable, " +
		"pose: list<item: float64, nullable> nullable, keypoints: list<item: float64, nullable> nullable, " +
		"attributes: list<item: struct<key: utf8 nullable, value: utf8 nullable>, nullable> nullable>, nullable>"
	if got := f[0].Type.String(); got != objects {
		t.Errorf("objects is\n%s, want\n%s", got, objects)
	}
}

func TestSchemaColumnsAndMetadata(t *testing.T) {
	info := testInfo(t, "generator: basic\nsamples: 4\ncolumns: [camera, image]\noutput: /x\n")
	s, err := dataset.NewSchema(info)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Arrow.NumFields(); got != 4 {
		t.Errorf("%d fields, want index, seed, image, camera", got)
	}
	s2, _ := dataset.NewSchema(info)
	if s.Arrow.String() != s2.Arrow.String() {
		t.Error("NewSchema is not deterministic")
	}
	md := s.Arrow.Metadata()
	var sk struct {
		Format     int             `json:"format"`
		Spec       json.RawMessage `json:"spec"`
		SpecHash   string          `json:"spec_hash"`
		Categories []string        `json:"categories"`
		Generator  struct{ Name, Version string }
	}
	if err := json.Unmarshal([]byte(md.Values()[1]), &sk); err != nil {
		t.Fatal(err)
	}
	sp, err := ParseSpec([]byte("generator: basic\nsamples: 4\ncolumns: [camera, image]\noutput: /x\n"))
	if err != nil {
		t.Fatal(err)
	}
	canon, _ := sp.CanonicalJSON()
	if sk.Format != dataset.FormatVersion || !bytes.Equal(sk.Spec, canon) || sk.SpecHash != info.SpecHash ||
		len(sk.Categories) != 4 || sk.Generator.Name != "basic" || sk.Generator.Version != "1.0.0" {
		t.Errorf("synthkit metadata %s", md.Values()[1])
	}
	if strings.Contains(md.Values()[1], "/x") {
		t.Error("the output directory leaked into the schema metadata")
	}
	desc, err := s.Describe()
	if err != nil || len(desc) != 4 || desc[2].Name != "image" || string(desc[2].Feature) != `{"_type":"Image"}` {
		t.Errorf("Describe = %+v, %v", desc, err)
	}
}
