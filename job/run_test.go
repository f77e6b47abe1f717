package job

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	_ "github.com/synthkit/synthkit/examples/basic" // registers "basic"
	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/labels"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
)

// smallSpec is the end-to-end job of these tests: 12 samples of 64×48 in
// 3 shards of 4, with few objects, to stay fast on a shared machine.
const (
	smallBase = "generator: basic\nseed: 7\nsamples: 12\nsamples_per_shard: 4\nwidth: 64\nheight: 48\n"
	smallSpec = smallBase + "params: {min_objects: 1, max_objects: 4}\n"
)

func softFactory(spec *Spec) (render.Renderer, error) {
	return soft.New(soft.Options{SSAA: spec.Render.SSAA, Workers: 1}), nil
}

func parse(t testing.TB, doc string) *Spec {
	t.Helper()
	s, err := ParseSpec([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func run(t testing.TB, spec *Spec, dir string, opts RunOptions) Result {
	t.Helper()
	s := *spec
	s.Output = dir
	if opts.NewRenderer == nil {
		opts.NewRenderer = softFactory
	}
	res, err := Run(context.Background(), &s, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// fileHashes returns the SHA-256 of every file in dir by name.
func fileHashes(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		out[e.Name()] = hex.EncodeToString(sum[:])
	}
	return out
}

// TestRunDeterministic generates the same spec with 1 and 2 workers, in
// forward and reverse shard order and one shard at a time, and requires
// byte-identical files.
func TestRunDeterministic(t *testing.T) {
	spec := parse(t, smallSpec)
	base := t.TempDir()
	dirs := map[string]func(dir string){
		"workers 1, forward": func(dir string) { run(t, spec, dir, RunOptions{Workers: 1}) },
		"workers 2, reverse": func(dir string) { run(t, spec, dir, RunOptions{Workers: 2, Shards: []int{2, 1, 0}}) },
		"one shard at a time": func(dir string) {
			for _, k := range []int{1, 2, 0} {
				run(t, spec, dir, RunOptions{Workers: 2, Window: 1, Shards: []int{k}})
			}
		},
	}
	var want map[string]string
	var wantName string
	for _, name := range []string{"workers 1, forward", "workers 2, reverse", "one shard at a time"} {
		dir := filepath.Join(base, strings.NewReplacer(" ", "_", ",", "").Replace(name))
		dirs[name](dir)
		if _, err := Finalize(dir, FinalizeOptions{}); err != nil {
			t.Fatal(err)
		}
		got := fileHashes(t, dir)
		if len(got) != 7 {
			t.Errorf("%s: %d files, want 3 shards, 3 sidecars and the manifest: %v", name, len(got), got)
		}
		if want == nil {
			want, wantName = got, name
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: files differ from %s:\n%v\n%v", name, wantName, got, want)
		}
	}
}

// TestRunEndToEnd generates examples/basic, reads it back and checks every
// column against the labels package's decoders and against a sample made
// directly.
func TestRunEndToEnd(t *testing.T) {
	spec := parse(t, smallSpec)
	dir := t.TempDir()
	var progress []int64
	res := run(t, spec, dir, RunOptions{Workers: 2, Version: "test", Progress: func(done, total int64) {
		if total != 12 {
			t.Errorf("progress total %d", total)
		}
		progress = append(progress, done)
	}})
	if res.Written != 3 || res.Skipped != 0 || res.Samples != 12 || res.Timing.Samples != 12 {
		t.Errorf("result %+v", res)
	}
	if tm := res.Timing; tm.Scene < 0 || tm.Render <= 0 || tm.Labels < 0 || tm.Encode <= 0 || tm.Write <= 0 {
		t.Errorf("timing %+v", tm)
	}
	if !slices.Equal(progress, []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}) {
		t.Errorf("progress %v", progress)
	}
	if !slices.Equal(res.Info.Categories, []string{"box", "cylinder", "sphere", "cone"}) || res.Info.GeneratorVersion == "" {
		t.Errorf("info %+v", res.Info)
	}
	m, err := Finalize(dir, FinalizeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Rows != 12 || m.NumShards != 3 || !m.Complete || len(m.Shards) != 3 || m.Shards[2].SynthkitVersion != "test" ||
		len(m.Columns) != 7 || !json0(m.Features) {
		t.Errorf("manifest %+v", m)
	}
	r, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rows := readAll(t, r)
	if len(rows) != 12 {
		t.Fatalf("read %d rows", len(rows))
	}
	objects := 0
	for i, s := range rows {
		if s.Index != int64(i) || s.Seed != generator.SampleSeed(7, int64(i)) {
			t.Errorf("row %d: index %d seed %d", i, s.Index, s.Seed)
		}
		img, err := png.Decode(bytes.NewReader(s.Image))
		if err != nil || img.Bounds().Dx() != 64 || img.Bounds().Dy() != 48 {
			t.Errorf("row %d: image %v %v", i, img.Bounds(), err)
		}
		if _, w, h, err := labels.DecodeDepthPNG(bytes.NewReader(s.Depth)); err != nil || w != 64 || h != 48 {
			t.Errorf("row %d: depth %dx%d %v", i, w, h, err)
		}
		ids, w, h, err := labels.DecodeInstancePNG(bytes.NewReader(s.Instances))
		if err != nil || w != 64 || h != 48 {
			t.Fatalf("row %d: instances %dx%d %v", i, w, h, err)
		}
		if s.Camera.Width != 64 || s.Camera.Height != 48 || s.Camera.Fx <= 0 || s.Camera.Pose[15] != 1 {
			t.Errorf("row %d: camera %+v", i, s.Camera)
		}
		for _, o := range s.Objects {
			objects++
			if o.CategoryID < 0 || int(o.CategoryID) >= 4 || res.Info.Categories[o.CategoryID] != o.Category {
				t.Errorf("row %d: object %d category %q id %d", i, o.ID, o.Category, o.CategoryID)
			}
			rle, err := labels.ParseRLE(48, 64, o.RLE)
			if err != nil {
				t.Fatalf("row %d: object %d: %v", i, o.ID, err)
			}
			// The mask is exactly the object's pixels in the instance map.
			mask, n := rle.Decode(), 0
			for p, id := range ids {
				if (id == o.ID) != (mask[p] == 1) {
					t.Fatalf("row %d: object %d: RLE and instance map disagree at pixel %d", i, o.ID, p)
				}
				if id == o.ID {
					n++
				}
			}
			if int64(n) != o.Area || rle.BBox().COCO() != o.BBox {
				t.Errorf("row %d: object %d: area %d box %v, mask %d box %v", i, o.ID, o.Area, o.BBox, n, rle.BBox().COCO())
			}
			if o.Pose[15] != 1 || o.Keypoints[2] < 0 || o.Keypoints[2] > 2 {
				t.Errorf("row %d: object %d pose %v keypoints %v", i, o.ID, o.Pose, o.Keypoints)
			}
		}
	}
	if objects == 0 {
		t.Error("no annotated object in 12 samples")
	}
	// A sample made directly equals the row read back, column by column.
	s := *spec
	if err := s.Normalize(); err != nil {
		t.Fatal(err)
	}
	gen, _, err := generator.New(s.Generator, s.Params)
	if err != nil {
		t.Fatal(err)
	}
	schema, err := dataset.NewSchema(res.Info)
	if err != nil {
		t.Fatal(err)
	}
	rd, _ := softFactory(&s)
	defer rd.Close()
	var tm Timing
	direct, err := newSampler(&s, schema, gen, res.Info.Categories, nil).sample(context.Background(), rd, 5, &tm)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(direct, rows[5]) {
		t.Errorf("sample 5 read back differs from the one made directly")
	}
}

func json0(b []byte) bool { return len(b) > 2 && b[0] == '{' }

func TestRunSkipAndForce(t *testing.T) {
	spec := parse(t, smallSpec)
	dir := t.TempDir()
	run(t, spec, dir, RunOptions{Workers: 2})
	before := fileHashes(t, dir)
	res := run(t, spec, dir, RunOptions{Workers: 2})
	if res.Skipped != 3 || res.Written != 0 {
		t.Errorf("re-run: %+v", res)
	}
	// A truncated shard is regenerated, the others are skipped.
	p := filepath.Join(dir, dataset.ShardFileName(1, 3))
	b, _ := os.ReadFile(p)
	if err := os.WriteFile(p, b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	res = run(t, spec, dir, RunOptions{Workers: 2})
	if res.Skipped != 2 || res.Written != 1 || res.Shards[2].Shard != 1 || res.Shards[2].Skipped {
		t.Errorf("after truncation: %+v", res)
	}
	res = run(t, spec, dir, RunOptions{Workers: 2, Force: true, Shards: []int{0}})
	if res.Skipped != 0 || res.Written != 1 {
		t.Errorf("forced: %+v", res)
	}
	if got := fileHashes(t, dir); !reflect.DeepEqual(got, before) {
		t.Errorf("regenerated files differ:\n%v\n%v", got, before)
	}
	// Another spec in the same directory is refused, unless forced.
	other := parse(t, smallSpec+"image_format: jpeg\n")
	other.Output = dir
	_, err := Run(context.Background(), other, RunOptions{NewRenderer: softFactory})
	if err == nil || !strings.Contains(err.Error(), "another spec") {
		t.Errorf("other spec: %v", err)
	}
}

func TestRunErrors(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name   string
		spec   string
		output string
		opts   RunOptions
		ctx    context.Context
		want   []string
	}{
		{name: "unknown generator", spec: "generator: nope\nsamples: 3\n", want: []string{`unknown generator "nope"`, "known:", "basic"}},
		{name: "mistyped param", spec: smallBase + "params: {max_objects: many}\n", want: []string{`generator "basic"`, `param "max_objects"`}},
		{name: "unknown param", spec: smallBase + "params: {colour: red}\n", want: []string{`generator "basic"`, `"colour"`}},
		{name: "bad param value", spec: smallBase + "params: {max_objects: 900}\n", want: []string{"max_objects 900 exceeds"}},
		{name: "no output", spec: smallSpec, output: "-", want: []string{"output: no output directory"}},
		{name: "no renderer", spec: smallSpec, opts: RunOptions{NewRenderer: func(*Spec) (render.Renderer, error) { return nil, nil }}, want: []string{"nil renderer"}},
		{name: "renderer fails", spec: smallSpec, opts: RunOptions{NewRenderer: func(*Spec) (render.Renderer, error) {
			return nil, errors.New("no GPU")
		}}, want: []string{`renderer "soft": no GPU`}},
		{name: "render fails", spec: smallSpec + "render: {samples: 3}\n", opts: RunOptions{NewRenderer: func(s *Spec) (render.Renderer, error) {
			return soft.New(soft.Options{SSAA: 9}), nil
		}}, want: []string{"sample 0: render:", "Options.SSAA = 9"}},
		{name: "shard out of range", spec: smallSpec, opts: RunOptions{Shards: []int{3}}, want: []string{"shard 3 out of range 0..2"}},
		{name: "shard twice", spec: smallSpec, opts: RunOptions{Shards: []int{1, 1}}, want: []string{"shard 1 requested twice"}},
		{name: "unwritable output", spec: smallSpec, output: filepath.Join(notDir, "out"), want: []string{"output directory", "not a directory"}},
		{name: "unwritable files", spec: smallSpec, opts: RunOptions{FS: &faultFS{FS: store.OSFS(), spaceLeft: -1, failCreate: 1}}, want: []string{"permission denied", "data-00000-of-00003.arrow"}},
		{name: "disk full", spec: smallSpec, opts: RunOptions{FS: &faultFS{FS: store.OSFS(), spaceLeft: 30000}}, want: []string{"no space left on device"}},
		{name: "cancelled", spec: smallSpec, ctx: cancelled, want: []string{"context canceled"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := parse(t, tt.spec)
			dir := t.TempDir()
			spec.Output = dir
			switch tt.output {
			case "-":
				spec.Output = ""
			case "":
			default:
				spec.Output = tt.output
			}
			if tt.opts.NewRenderer == nil {
				tt.opts.NewRenderer = softFactory
			}
			ctx := tt.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			tt.opts.Workers = 2
			_, err := Run(ctx, spec, tt.opts)
			if err == nil {
				t.Fatal("Run succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			// Nothing that looks like a complete shard is left.
			for _, name := range dirNames(t, dir) {
				k, n, _, ok := dataset.ParseShardFileName(name)
				if store.IsTempName(name) {
					t.Errorf("temporary file %s left", name)
				}
				if ok {
					sc, err := store.ReadSidecar(filepath.Join(dir, dataset.SidecarFileName(k, n)))
					if err == nil && store.VerifyShard(dir, sc) != nil {
						t.Errorf("%s: a sidecar that does not match its shard", name)
					}
				}
			}
		})
	}
}

// TestRunDiskFullKeepsCompletedShards: the shards committed before the
// disk filled up are complete, the one being written is absent.
func TestRunDiskFullKeepsCompletedShards(t *testing.T) {
	spec := parse(t, smallSpec)
	probe := t.TempDir()
	res := run(t, spec, probe, RunOptions{Workers: 1, Shards: []int{0}})
	first := res.Shards[0].Sidecar.Bytes
	dir := t.TempDir()
	spec.Output = dir
	// Room for shard 0, its sidecar and a part of shard 1.
	res, err := Run(context.Background(), spec, RunOptions{NewRenderer: softFactory, Workers: 2,
		FS: &faultFS{FS: store.OSFS(), spaceLeft: first + 5000}})
	if err == nil || !strings.Contains(err.Error(), "no space left") || !strings.Contains(err.Error(), dataset.ShardFileName(1, 3)) {
		t.Fatalf("Run = %v", err)
	}
	if res.Written != 1 {
		t.Errorf("%d shards written before the disk filled up", res.Written)
	}
	st, err := store.Status(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Complete; !slices.Equal(got, []int{0}) || !slices.Equal(st.Missing, []int{1, 2}) || len(st.Temp) != 0 {
		t.Errorf("status after disk full: %s", st.Summary())
	}
}
