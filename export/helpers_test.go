package export

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/synthkit/synthkit/dataset"
	_ "github.com/synthkit/synthkit/examples/basic" // registers "basic"
	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/labels"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"
	"github.com/synthkit/synthkit/store"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// smallSpec is the dataset of these tests: 6 samples of 96×72 in two
// shards, few objects, to stay fast on a shared machine.
const smallSpec = "generator: basic\nseed: 11\nsamples: 6\nsamples_per_shard: 4\nwidth: 96\nheight: 72\n" +
	"params: {min_objects: 3, max_objects: 8}\n"

// generate runs spec into a new temporary directory and returns it.
func generate(t testing.TB, spec string) string {
	t.Helper()
	s, err := job.ParseSpec([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	s.Output = t.TempDir()
	_, err = job.Run(context.Background(), s, job.RunOptions{
		Workers: 1,
		NewRenderer: func(spec *job.Spec) (render.Renderer, error) {
			return soft.New(soft.Options{SSAA: spec.Render.SSAA, Workers: 1}), nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s.Output
}

// readSamples returns every sample of the dataset in dir.
func readSamples(t testing.TB, dir string) []*dataset.Sample {
	t.Helper()
	r, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []*dataset.Sample
	for s, err := range r.All() {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// instanceMap decodes a sample's instances PNG.
func instanceMap(t testing.TB, s *dataset.Sample) (ids []uint32, w, h int) {
	t.Helper()
	ids, w, h, err := labels.DecodeInstancePNG(bytes.NewReader(s.Instances))
	if err != nil {
		t.Fatalf("sample %d: %v", s.Index, err)
	}
	return ids, w, h
}

// golden compares got with testdata/name, or rewrites it with -update.
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
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test -update after checking the change)", path)
	}
}
