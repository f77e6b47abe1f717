package job

import (
	"bytes"
	"context"
	"encoding/json"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/internal/cpustat"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// goroutineStage returns the cpustat.StageLabel of the goroutine whose
// stack passes through a function named with the suffix fn, read from
// the goroutine profile ("" when it has none).
func goroutineStage(t *testing.T, fn string) string {
	t.Helper()
	var b bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&b, 1); err != nil {
		t.Fatal(err)
	}
	// Records are separated by blank lines: "N @ pcs", an optional
	// "# labels: {...}" line, then "#\tpc\tfunction+off\tfile:line".
	for _, rec := range strings.Split(b.String(), "\n\n") {
		if !strings.Contains(rec, fn+"+") {
			continue
		}
		for _, line := range strings.Split(rec, "\n") {
			if js, ok := strings.CutPrefix(line, "# labels: "); ok {
				var l map[string]string
				if err := json.Unmarshal([]byte(js), &l); err != nil {
					t.Fatalf("labels %q: %v", js, err)
				}
				return l[cpustat.StageLabel]
			}
		}
		return ""
	}
	t.Fatalf("no goroutine in %s", fn)
	return ""
}

// stageGen records the stage its Sample runs in.
type stageGen struct {
	generator.Generator
	t     *testing.T
	stage string
}

func (g *stageGen) Sample(c *generator.Context) (*scene.Scene, error) {
	g.stage = goroutineStage(g.t, ").Sample")
	return g.Generator.Sample(c)
}

// stageRenderer records the stage its Render's context carries.
type stageRenderer struct {
	render.Renderer
	mu     sync.Mutex
	stages []string
}

func (r *stageRenderer) Render(ctx context.Context, s *scene.Scene) (*render.Frame, error) {
	stage, _ := pprof.Label(ctx, cpustat.StageLabel)
	r.mu.Lock()
	r.stages = append(r.stages, stage)
	r.mu.Unlock()
	return r.Renderer.Render(ctx, s)
}

// TestStageLabels: the generator runs in stage "scene" and the renderer
// in "render" (profiler labels, cpustat.StageLabel), on the sequential and
// the pipelined paths, and the caller's goroutine has no stage once
// Sample returns.
func TestStageLabels(t *testing.T) {
	spec := parse(t, smallSpec)
	p, err := NewPipeline(spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	g := &stageGen{Generator: p.gen, t: t}
	p.gen = g
	soft, _ := softFactory(spec)
	r := &stageRenderer{Renderer: soft}
	defer r.Close()
	if _, err := p.Sample(t.Context(), r, 0, nil); err != nil {
		t.Fatal(err)
	}
	if g.stage != "scene" || len(r.stages) != 1 || r.stages[0] != "render" {
		t.Errorf("generator in stage %q, renderer in %q; want scene and render", g.stage, r.stages)
	}
	if s := goroutineStage(t, ".TestStageLabels"); s != "" {
		t.Errorf("after Sample the caller is in stage %q", s)
	}

	// The pipelined path: Start and the wait for its frame.
	var mu sync.Mutex
	var seen []string
	record := func(ctx context.Context) {
		stage, _ := pprof.Label(ctx, cpustat.StageLabel)
		mu.Lock()
		seen = append(seen, stage)
		mu.Unlock()
	}
	var most int
	var mostMu sync.Mutex
	pipelined := func(spec *Spec) (render.Renderer, error) {
		r, err := softFactory(spec)
		return &stagePipeliner{fakePipeliner{Renderer: r, most: &most, mostMu: &mostMu}, record}, err
	}
	run(t, spec, t.TempDir(), RunOptions{Workers: 2, NewRenderer: pipelined})
	if len(seen) == 0 {
		t.Fatal("the pipelined renderer was not used")
	}
	for _, s := range seen {
		if s != "render" {
			t.Errorf("pipelined render in stage %q (all: %q)", s, seen)
			break
		}
	}
}

// stagePipeliner is a fakePipeliner that records the stage of the
// contexts of Start and of the wait it returns.
type stagePipeliner struct {
	fakePipeliner
	record func(context.Context)
}

func (f *stagePipeliner) Start(ctx context.Context, s *scene.Scene) (func(context.Context) (*render.Frame, error), error) {
	f.record(ctx)
	wait, err := f.fakePipeliner.Start(ctx, s)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (*render.Frame, error) {
		f.record(ctx)
		return wait(ctx)
	}, nil
}
