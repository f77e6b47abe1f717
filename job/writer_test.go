package job

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
)

// fakeSample returns a deterministic sample with made-up bytes (the writer
// does not decode them) and index%4 objects.
func fakeSample(i int64, imageBytes int) *dataset.Sample {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	fill := func(n int) []byte {
		b := make([]byte, n)
		for k := range b {
			b[k] = byte(r.Uint32())
		}
		return b
	}
	s := &dataset.Sample{
		Index: i, Seed: r.Uint64(),
		Image: fill(imageBytes), Depth: fill(imageBytes/2 + 1), Instances: fill(imageBytes/8 + 1),
		Objects: []dataset.Object{},
		Camera: dataset.Camera{Fx: 500 + r.Float64(), Fy: 501, Cx: 320, Cy: 240.5, Width: 640, Height: 480,
			Pose:  [16]float64{1, 0, 0, 0.1, 0, 1, 0, -0.2, 0, 0, 1, 1.5, 0, 0, 0, 1},
			Model: "brown_conrady", Distortion: []float64{-0.1, 0.02, 0.001 * r.Float64(), 0, 0.003}},
	}
	for k := range int(i % 4) {
		o := dataset.Object{
			ID: uint32(k + 2), Category: []string{"box", "cone"}[k%2], CategoryID: int32(k % 2),
			BBox: [4]float64{r.Float64() * 100, 2, 30, 40}, BBoxAmodal: [4]float64{1, 2, 33, 44},
			Area: int64(r.IntN(5000)), VisibleFraction: r.Float64(), Truncated: k%2 == 1,
			RLE: fmt.Sprintf("0%d;5h%d", k, i),
		}
		for j := range o.Pose {
			o.Pose[j] = r.NormFloat64()
		}
		for j := range o.Keypoints {
			o.Keypoints[j] = float64(j)
		}
		s.Objects = append(s.Objects, o)
	}
	return s
}

// writeFile writes samples with a Writer into dir/name and returns its path.
func writeFile(t testing.TB, dir, name string, schema *dataset.Schema, opts dataset.WriterOptions, samples []*dataset.Sample) string {
	t.Helper()
	var buf bytes.Buffer
	w, err := dataset.NewWriter(&buf, schema, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range samples {
		if err := w.Write(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func readAll(t testing.TB, r *dataset.Reader) []*dataset.Sample {
	t.Helper()
	var out []*dataset.Sample
	for s, err := range r.All() {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func numBatches(t testing.TB, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fr, err := ipc.NewFileReader(f)
	if err != nil {
		t.Fatal(err)
	}
	defer fr.Close()
	return fr.NumRecords()
}

// TestWriterRoundTrip writes hand-made samples and reads every column back.
func TestWriterRoundTrip(t *testing.T) {
	tests := []struct {
		name, doc string
		n         int
		batches   int
		strip     func(*dataset.Sample)
	}{
		{"all columns", "batch_rows: 3\n", 7, 3, nil},
		{"zstd", "batch_rows: 4\ncompression: zstd\n", 7, 2, nil},
		{"one batch", "", 5, 1, nil},
		{"index and seed only", "columns: []\n", 3, 1, func(s *dataset.Sample) { *s = dataset.Sample{Index: s.Index, Seed: s.Seed} }},
		{"subset", "columns: [objects, image]\nimage_format: jpeg\n", 6, 1, func(s *dataset.Sample) {
			s.Depth, s.Instances, s.Camera = nil, nil, dataset.Camera{}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			schema, err := dataset.NewSchema(testInfo(t, "generator: basic\nsamples: 100\n"+tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			var in []*dataset.Sample
			for i := range tt.n {
				s := fakeSample(int64(i+10), 100+i)
				if tt.strip != nil {
					tt.strip(s)
				}
				in = append(in, s)
			}
			path := writeFile(t, t.TempDir(), "x.arrow", schema, dataset.WriterOptions{Allocator: mem}, in)
			if got := numBatches(t, path); got != tt.batches {
				t.Errorf("%d record batches, want %d", got, tt.batches)
			}
			r, err := dataset.OpenFiles(path)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			out := readAll(t, r)
			if len(out) != len(in) {
				t.Fatalf("read %d samples, wrote %d", len(out), len(in))
			}
			for i := range in {
				if !reflect.DeepEqual(in[i], out[i]) {
					t.Errorf("sample %d:\n wrote %+v\n  read %+v", i, in[i], out[i])
				}
			}
		})
	}
}

func TestWriterImagePaths(t *testing.T) {
	for _, tt := range []struct {
		col    string
		index  int64
		format string
		want   string
	}{
		{dataset.ColImage, 123, "png", "000123.png"},
		{dataset.ColImage, 5, "jpeg", "000005.jpg"},
		{dataset.ColDepth, 1234567, "jpeg", "1234567_depth.png"},
		{dataset.ColInstances, 0, "png", "000000_instances.png"},
		{dataset.ColNormals, 7, "jpeg", "000007_normals.png"},
		{dataset.ColSemantic, 7, "png", "000007_semantic.png"},
	} {
		if got := dataset.ImagePath(tt.col, tt.index, tt.format); got != tt.want {
			t.Errorf("ImagePath(%s, %d, %s) = %q, want %q", tt.col, tt.index, tt.format, got, tt.want)
		}
	}
}

// TestWriterMaxBatchBytes checks that batches are cut by bytes too.
func TestWriterMaxBatchBytes(t *testing.T) {
	schema, err := dataset.NewSchema(testInfo(t, "generator: basic\nsamples: 100\nbatch_rows: 100\n"))
	if err != nil {
		t.Fatal(err)
	}
	var in []*dataset.Sample
	for i := range 10 {
		in = append(in, fakeSample(int64(i), 1000))
	}
	// Each sample holds 1000+501+126 bytes of images plus small objects:
	// two fit under 4000, a third does not.
	path := writeFile(t, t.TempDir(), "x.arrow", schema, dataset.WriterOptions{MaxBatchBytes: 4000}, in)
	if got := numBatches(t, path); got != 5 {
		t.Errorf("%d record batches, want 5", got)
	}
}

func TestWriterErrors(t *testing.T) {
	schema, err := dataset.NewSchema(testInfo(t, "generator: basic\nsamples: 100\n"))
	if err != nil {
		t.Fatal(err)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	w, err := dataset.NewWriter(io.Discard, schema, dataset.WriterOptions{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	s := fakeSample(1, 10)
	s.Depth = nil
	if err := w.Write(s); err == nil || !strings.Contains(err.Error(), `column "depth" has no bytes`) {
		t.Errorf("missing depth: %v", err)
	}
	w.Abort()
	if err := w.Write(fakeSample(2, 10)); err == nil {
		t.Error("write after abort succeeded")
	}
	if _, err := dataset.NewWriter(io.Discard, nil, dataset.WriterOptions{}); err == nil {
		t.Error("nil schema accepted")
	}
}

// benchRow returns the schema and the row the writer benchmarks write:
// synthetic 640×480-sized payloads (a 300 KB image, 150 KB depth, 20 KB
// instances, 10 objects).
func benchRow(b *testing.B) (*dataset.Schema, *dataset.Sample) {
	schema, err := dataset.NewSchema(testInfo(b, "generator: basic\nsamples: 1000\n"))
	if err != nil {
		b.Fatal(err)
	}
	s := fakeSample(3, 300_000)
	s.Depth, s.Instances = s.Image[:150_000], s.Image[:20_000]
	for len(s.Objects) < 10 {
		s.Objects = append(s.Objects, s.Objects[0])
	}
	return schema, s
}

// BenchmarkWriteShard measures the writer alone: rows of synthetic 640×480
// sized payloads (a 300 KB image, 150 KB depth, 20 KB instances, 10
// objects) into an IPC file on io.Discard.
func BenchmarkWriteShard(b *testing.B) {
	schema, s := benchRow(b)
	const rows = 256
	b.ReportAllocs()
	b.SetBytes(int64(rows * (len(s.Image) + len(s.Depth) + len(s.Instances))))
	b.ResetTimer()
	for b.Loop() {
		w, err := dataset.NewWriter(io.Discard, schema, dataset.WriterOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for i := range int64(rows) {
			s.Index = i
			if err := w.Write(s); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// TestWriterPoolReuse writes the same large rows (pooled buffers) three
// times: through a fresh pool, then twice through one pool whose buffers
// the first of those left dirty. The files are byte-identical and the
// memory all comes back.
func TestWriterPoolReuse(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema, err := dataset.NewSchema(testInfo(t, "generator: basic\nsamples: 100\nbatch_rows: 3\ncompression: zstd\n"))
	if err != nil {
		t.Fatal(err)
	}
	var in []*dataset.Sample
	for i := range 8 {
		in = append(in, fakeSample(int64(i), 200_000+5_000*i))
	}
	write := func(opts dataset.WriterOptions) []byte {
		t.Helper()
		path := writeFile(t, t.TempDir(), "x.arrow", schema, opts, in)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	want := write(dataset.WriterOptions{Allocator: mem})
	pool := dataset.NewBufferPool(mem)
	for round := range 2 {
		if got := write(dataset.WriterOptions{Allocator: pool}); !bytes.Equal(got, want) {
			t.Errorf("round %d through a shared pool: the file differs", round)
		}
	}
	if mem.CurrentAlloc() == 0 {
		t.Error("the shared pool kept nothing between writers")
	}
	pool.Release()
}

// peakAllocator is a memory.Allocator that records the most bytes it had
// handed out at once.
type peakAllocator struct {
	*memory.CheckedAllocator
	peak int
}

func (a *peakAllocator) Allocate(size int) []byte {
	b := a.CheckedAllocator.Allocate(size)
	a.peak = max(a.peak, a.CurrentAlloc())
	return b
}

func (a *peakAllocator) Reallocate(size int, b []byte) []byte {
	b = a.CheckedAllocator.Reallocate(size, b)
	a.peak = max(a.peak, a.CurrentAlloc())
	return b
}

// TestWriterExpectedRows: told how many rows the file will hold, a Writer
// reserves a batch's buffers for those rows only (a short shard no longer
// reserves, and clears, a whole batch's memory), and writes the same
// bytes as one not told, also when it is told too few or too many.
func TestWriterExpectedRows(t *testing.T) {
	schema, err := dataset.NewSchema(testInfo(t, "generator: basic\nsamples: 100\nbatch_rows: 64\n"))
	if err != nil {
		t.Fatal(err)
	}
	var in []*dataset.Sample
	for i := range 4 {
		in = append(in, fakeSample(int64(i), 300_000+5_000*i))
	}
	write := func(rows int64) ([]byte, int) {
		t.Helper()
		mem := &peakAllocator{CheckedAllocator: memory.NewCheckedAllocator(memory.NewGoAllocator())}
		defer mem.AssertSize(t, 0)
		path := writeFile(t, t.TempDir(), "x.arrow", schema, dataset.WriterOptions{Allocator: mem, Rows: rows}, in)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b, mem.peak
	}
	want, unknown := write(0)
	for _, rows := range []int64{4, 1, 1000} {
		got, peak := write(rows)
		if !bytes.Equal(got, want) {
			t.Errorf("Rows %d: the file differs from one written with Rows unknown", rows)
		}
		if rows == 4 && peak > unknown/4 {
			t.Errorf("Rows 4: peak memory %d bytes, want under a quarter of the %d with Rows unknown (64-row batches)", peak, unknown)
		}
	}
}

// BenchmarkWriteShards measures what a run's writer does, which bounds
// one process's rows/s: 8 shards of 64 rows of BenchmarkWriteShard's
// payloads (handed out at once, as by a pipeline that keeps ahead)
// through the builders and IPC writer into a local directory, hashed,
// synced, renamed, read back and hashed again, and the sidecars written;
// committing=1 commits each shard before starting the next, committing=2
// (what Run does) commits one while it fills the next.
func BenchmarkWriteShards(b *testing.B) {
	schema, s := benchRow(b)
	const shards, rows = 8, 64
	tmpls := make([]dataset.Sidecar, shards)
	for k := range tmpls {
		tmpls[k] = dataset.Sidecar{Shard: k, NumShards: shards, First: int64(k * rows), End: int64(k*rows + rows), Identity: schema.Info.Identity}
	}
	for _, committing := range []int{1, 2} {
		b.Run(fmt.Sprintf("committing=%d", committing), func(b *testing.B) {
			ctx := context.Background()
			st, err := store.OpenStore(ctx, b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(shards * rows * (len(s.Image) + len(s.Depth) + len(s.Instances))))
			for b.Loop() {
				var i int64
				w := shardWriter{st: st, schema: schema, committing: committing,
					next: func(context.Context) (*dataset.Sample, error) {
						s.Index = i
						i++
						return s, nil
					}}
				wctx, cancel := context.WithCancelCause(ctx)
				out, _, err := w.write(ctx, wctx, cancel, tmpls)
				cancel(nil)
				if err != nil || len(out) != shards {
					b.Fatalf("%d shards written: %v", len(out), err)
				}
			}
			b.ReportMetric(float64(shards*rows*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
