package shelves

import (
	"context"
	"encoding/json"
	"flag"
	"sync"
	"testing"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"
	"github.com/synthkit/synthkit/scene"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.png and ../../docs/shelves-sheet.png")

// The default generator takes about a second to build (its procedural
// catalogue), so the tests share one.
var (
	defaultOnce sync.Once
	defaultGen  *Generator
	defaultErr  error
)

// shared returns the generator with default params, built once.
func shared(t testing.TB) *Generator {
	t.Helper()
	defaultOnce.Do(func() { defaultGen, defaultErr = New(DefaultParams()) })
	if defaultErr != nil {
		t.Fatal(defaultErr)
	}
	return defaultGen
}

// small builds the registered generator from JSON params, as a job would,
// with a small procedural catalogue unless the params say otherwise.
func small(t testing.TB, params string) *Generator {
	t.Helper()
	var m map[string]any
	if params != "" {
		if err := json.Unmarshal([]byte(params), &m); err != nil {
			t.Fatal(err)
		}
	}
	if m == nil {
		m = map[string]any{}
	}
	if _, ok := m["procedural_skus"]; !ok {
		m["procedural_skus"] = 40
	}
	if _, ok := m["texture_px"]; !ok {
		m["texture_px"] = 32
	}
	raw, _ := json.Marshal(m)
	g, info, err := generator.New("shelves", raw)
	if err != nil {
		t.Fatal(err)
	}
	if info.Name != "shelves" || info.Version != "1.0.0" {
		t.Fatalf("info = %+v", info)
	}
	return g.(*Generator)
}

// sample draws sample index of the job seed at w×h.
func sample(t testing.TB, g *Generator, seed uint64, index int64, w, h int) *scene.Scene {
	t.Helper()
	s, err := g.Sample(generator.NewContext(seed, index, w, h, nil))
	if err != nil {
		t.Fatalf("sample %d: %v", index, err)
	}
	return s
}

// products returns the labelled objects of s and the context.
func products(s *scene.Scene) (objs, context []scene.Object) {
	for _, o := range s.Objects {
		if o.Category == "" {
			context = append(context, o)
		} else {
			objs = append(objs, o)
		}
	}
	return objs, context
}

// renderFrame renders s with the reference renderer.
func renderFrame(t testing.TB, s *scene.Scene, ssaa int) *render.Frame {
	t.Helper()
	r := soft.New(soft.Options{SSAA: ssaa, Workers: 2})
	defer r.Close()
	f, err := r.Render(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if err := render.ApplyPost(f, s.Post); err != nil {
		t.Fatal(err)
	}
	return f
}
