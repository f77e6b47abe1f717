//go:build gl

package gl

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/go-gl/mathgl/mgl32"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/store/storetest"
)

// TestJobPipelinedIdentical: job workers drive the GL renderer through
// Submit/Collect (render.Pipeliner), two samples in flight per worker;
// the shards are byte-identical to one-by-one Render calls
// (RunOptions.Sequential), with one, two and three workers, each a
// Client of one shared Renderer as synth runs them, with the post-effects
// on the CPU and as shaders (and on a software rasteriser the two give
// the same shards).
func TestJobPipelinedIdentical(t *testing.T) {
	newTestRenderer(t, Options{}) // skips (or fails, when required) without a context
	if _, ok := any(&Renderer{}).(render.Pipeliner); !ok {
		t.Fatal("*Renderer is not a render.Pipeliner")
	}
	spec, err := job.ParseSpec([]byte("generator: shelves\nseed: 4\nsamples: 6\nsamples_per_shard: 3\nwidth: 160\nheight: 120\nrenderer: gl\n"))
	if err != nil {
		t.Fatal(err)
	}
	// With the post-effects on the CPU (ApplyPost in the workers) and as
	// shaders (on the GL thread).
	byMode := map[string]map[string][]byte{}
	for _, post := range []string{PostCPU, PostGPU} {
		files := func(opts job.RunOptions) map[string][]byte {
			s := *spec
			s.Output = t.TempDir()
			shared := newTestRenderer(t, Options{Post: post})
			opts.NewRenderer = func(*job.Spec) (render.Renderer, error) { return shared.Client(), nil }
			if _, err := job.Run(context.Background(), &s, opts); err != nil {
				t.Fatal(err)
			}
			return storetest.DirFiles(t, s.Output)
		}
		want := files(job.RunOptions{Workers: 1, Sequential: true})
		byMode[post] = want
		for _, workers := range []int{1, 2, 3} {
			got := files(job.RunOptions{Workers: workers})
			if len(got) != len(want) {
				t.Fatalf("post %s, %d workers: %d files, want %d", post, workers, len(got), len(want))
			}
			for name, b := range want {
				if !bytes.Equal(got[name], b) {
					t.Errorf("post %s, %d workers, pipelined: %s differs from sequential rendering", post, workers, name)
				}
			}
		}
	}
	// On a software rasteriser the shaders give ApplyPost's bytes
	// (TestPostShaders), so the shards are the same either way.
	if info := sharedRenderer(t).Info(); softwareRasterizer(info.Renderer) {
		for name, b := range byMode[PostCPU] {
			if !bytes.Equal(byMode[PostGPU][name], b) {
				t.Errorf("%s differs between post-effects on the CPU and as shaders on %s", name, info.Renderer)
			}
		}
	}
}

// TestSkipNormals: a renderer with SkipNormals returns the same colour,
// ids, depth and silhouettes as one without, and zero normals.
func TestSkipNormals(t *testing.T) {
	full := newTestRenderer(t, Options{})
	skip := newTestRenderer(t, Options{SkipNormals: true})
	g, _, err := generator.New("shelves", nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := g.Sample(generator.NewContext(2, 1, 160, 120, nil))
	if err != nil {
		t.Fatal(err)
	}
	a, b := mustRender(t, full, s), mustRender(t, skip, s)
	if !bytes.Equal(a.Color.Pix, b.Color.Pix) || !slices.Equal(a.IDs, b.IDs) || !slices.Equal(a.Depth, b.Depth) {
		t.Error("SkipNormals changed colour, ids or depth")
	}
	if !reflect.DeepEqual(a.Silhouettes, b.Silhouettes) {
		t.Error("SkipNormals changed the silhouettes")
	}
	nonzero := 0
	for i, n := range b.Normals {
		if n != (mgl32.Vec3{}) {
			t.Fatalf("normal %d is %v with SkipNormals", i, n)
		}
		if a.Normals[i] != (mgl32.Vec3{}) {
			nonzero++
		}
	}
	if nonzero == 0 {
		t.Error("the full renderer returned no normal either: the test shows nothing")
	}
}

// TestClientDepth: each Client of a Renderer has its own PipelineDepth,
// a closed client releases its tickets and fails later calls, and the
// Renderer stays usable.
func TestClientDepth(t *testing.T) {
	r := newTestRenderer(t, Options{})
	s := testscenes.Shelf(64, 48)
	a, b := r.Client().(*Client), r.Client().(*Client)
	var waits []func(context.Context) (*render.Frame, error)
	for _, c := range []*Client{a, b} {
		for range PipelineDepth {
			w, err := c.Start(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			waits = append(waits, w)
		}
	}
	if _, err := a.Start(context.Background(), s); !errors.Is(err, ErrPipelineFull) {
		t.Errorf("a third render on one client: %v, want ErrPipelineFull", err)
	}
	want := mustRender(t, r, s)
	for _, w := range waits[PipelineDepth:] { // b's
		f, err := w(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		assertSameFrame(t, want, f)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := waits[0](context.Background()); err == nil {
		t.Error("collecting a closed client's ticket succeeded")
	}
	if _, err := a.Render(context.Background(), s); err == nil {
		t.Error("a closed client rendered")
	}
	assertSameFrame(t, want, mustRender(t, r, s))
}
