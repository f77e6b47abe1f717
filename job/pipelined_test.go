package job

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// fakePipeliner is a render.Pipeliner over a soft renderer: Start renders
// at once and keeps the frame until its wait is called, recording how many
// renders were ever in flight together and refusing more than the depth.
// With failStart, that Start call and the later ones fail.
type fakePipeliner struct {
	render.Renderer
	mu        sync.Mutex
	inflight  int
	most      *int // shared across the workers' renderers
	mostMu    *sync.Mutex
	failStart int // the number of Start calls after which Start fails; 0 never
	starts    int
}

func (f *fakePipeliner) PipelineDepth() int { return 2 }

func (f *fakePipeliner) Start(ctx context.Context, s *scene.Scene) (func(context.Context) (*render.Frame, error), error) {
	f.mu.Lock()
	f.starts++
	if f.failStart > 0 && f.starts >= f.failStart {
		f.mu.Unlock()
		return nil, errors.New("device lost")
	}
	if f.inflight >= 2 {
		f.mu.Unlock()
		return nil, errors.New("pipeline full")
	}
	f.inflight++
	f.mostMu.Lock()
	*f.most = max(*f.most, f.inflight)
	f.mostMu.Unlock()
	f.mu.Unlock()
	fr, err := f.Renderer.Render(ctx, s)
	called := false
	return func(context.Context) (*render.Frame, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		if called {
			return nil, errors.New("wait called twice")
		}
		called = true
		f.inflight--
		return fr, err
	}, nil
}

// TestPipelinedWorkers: with a renderer that overlaps renders, workers keep
// two samples in flight, and the files are byte-identical to one-by-one
// rendering (RunOptions.Sequential), with 1 and 2 workers and any window.
func TestPipelinedWorkers(t *testing.T) {
	spec := parse(t, smallSpec)
	base := t.TempDir()
	var most int
	var mostMu sync.Mutex
	pipelined := func(spec *Spec) (render.Renderer, error) {
		r, err := softFactory(spec)
		return &fakePipeliner{Renderer: r, most: &most, mostMu: &mostMu}, err
	}
	ref := filepath.Join(base, "sequential")
	run(t, spec, ref, RunOptions{Workers: 1, NewRenderer: pipelined, Sequential: true})
	want := fileHashes(t, ref)
	if most != 0 {
		t.Fatalf("Sequential started %d renders at once", most)
	}
	for _, opts := range []RunOptions{{Workers: 1}, {Workers: 2}, {Workers: 2, Window: 1}, {Workers: 1, Window: 3, Shards: []int{2, 0, 1}}} {
		opts.NewRenderer = pipelined
		dir := filepath.Join(base, fmt.Sprintf("w%d-window%d-shards%d", opts.Workers, opts.Window, len(opts.Shards)))
		run(t, spec, dir, opts)
		if got := fileHashes(t, dir); !reflect.DeepEqual(got, want) {
			t.Errorf("workers %d window %d shards %v: files differ from sequential rendering", opts.Workers, opts.Window, opts.Shards)
		}
	}
	if most != 2 {
		t.Errorf("at most %d renders in flight, want 2 (the pipeline depth)", most)
	}
}

// TestPipelinedError: a render that fails in the pipeline fails the run
// with the sample named, and leaves no complete-looking shard for it.
func TestPipelinedError(t *testing.T) {
	spec := parse(t, smallSpec)
	var most int
	var mostMu sync.Mutex
	failing := func(spec *Spec) (render.Renderer, error) {
		r, err := softFactory(spec)
		return &fakePipeliner{Renderer: r, most: &most, mostMu: &mostMu, failStart: 6}, err
	}
	s := *spec
	s.Output = t.TempDir()
	_, err := Run(context.Background(), &s, RunOptions{Workers: 1, NewRenderer: failing})
	if err == nil || !strings.Contains(err.Error(), "sample 5: render: device lost") {
		t.Fatalf("err = %v, want sample 5's render error", err)
	}
	names := dirNames(t, s.Output)
	for _, n := range names {
		if strings.HasPrefix(n, "data-00001") {
			t.Errorf("shard 1 (samples 4..7, sample 5 failed) left %s", n)
		}
	}
}
