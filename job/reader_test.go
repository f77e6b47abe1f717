package job

import (
	"bytes"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
)

// TestRunColumnsSubset generates JPEG images and objects only, and reads
// them back.
func TestRunColumnsSubset(t *testing.T) {
	spec := parse(t, smallSpec+"columns: [objects, image]\nimage_format: jpeg\njpeg_quality: 80\n")
	dir := t.TempDir()
	run(t, spec, dir, RunOptions{Workers: 2})
	r, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rows := readAll(t, r)
	if len(rows) != 12 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, s := range rows {
		img, err := jpeg.Decode(bytes.NewReader(s.Image))
		if err != nil || img.Bounds().Dx() != 64 {
			t.Errorf("row %d: JPEG %v", s.Index, err)
		}
		if s.Depth != nil || s.Instances != nil || !reflect.DeepEqual(s.Camera, dataset.Camera{}) || s.Objects == nil {
			t.Errorf("row %d: columns that were not written came back", s.Index)
		}
	}
}

func TestReaderErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.arrow")
	os.WriteFile(garbage, []byte("ARROW1\x00\x00not really"), 0o644)
	r, _ := dataset.OpenFiles(garbage)
	if _, err := r.Next(); err == nil || err == io.EOF || !strings.Contains(err.Error(), "garbage.arrow") {
		t.Errorf("garbage: %v", err)
	}
	r, _ = dataset.OpenFiles(filepath.Join(dir, "missing.arrow"))
	if _, err := r.Next(); err == nil || err == io.EOF {
		t.Errorf("missing file: %v", err)
	}
	r, _ = dataset.OpenFiles()
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("no files: %v", err)
	}
	// A shard whose sidecar exists but which is cut short is refused by
	// Open and unreadable by OpenFiles.
	ds, _ := fakeDataset(t, 1)
	p := filepath.Join(ds, dataset.ShardFileName(0, 1))
	b, _ := os.ReadFile(p)
	os.WriteFile(p, b[:len(b)-100], 0o644)
	if _, err := store.Open(ds); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("Open of a truncated shard: %v", err)
	}
	r, _ = dataset.OpenFiles(p)
	if _, err := r.Next(); err == nil || err == io.EOF {
		t.Errorf("truncated file read: %v", err)
	}
}

func TestReadSchemaInfo(t *testing.T) {
	ds, schema := fakeDataset(t, 1)
	info, err := dataset.ReadSchemaInfo(filepath.Join(ds, dataset.ShardFileName(0, 1)))
	if err != nil {
		t.Fatal(err)
	}
	want, got := schema.Info.Spec, info.Spec
	if !bytes.Equal(got, want) || info.SpecHash != schema.Info.SpecHash || info.Generator != "basic" || len(info.Categories) != 4 {
		t.Errorf("ReadSchemaInfo = %+v", info)
	}
}

// FuzzReader feeds mutated shard files to the reader: it must return
// errors, never panic.
func FuzzReader(f *testing.F) {
	schema, err := dataset.NewSchema(testInfo(f, "generator: basic\nsamples: 100\nbatch_rows: 2\n"))
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	w, err := dataset.NewWriter(&buf, schema, dataset.WriterOptions{})
	if err != nil {
		f.Fatal(err)
	}
	for i := range 3 {
		if err := w.Write(fakeSample(int64(i), 20)); err != nil {
			f.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(buf.Bytes()[:buf.Len()/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "x.arrow")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r, _ := dataset.OpenFiles(path)
		defer r.Close()
		for n := 0; n < 1000; n++ {
			if _, err := r.Next(); err != nil {
				return
			}
		}
	})
}
