package generatortest

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/scene"
)

// recorder is a testing.TB that records what Check reports.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
	logs   []string
	fatal  bool
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Logf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.fatal = true
	runtime.Goexit()
}

// run calls Check on a recorder, in a goroutine of its own so that
// Fatalf can end it.
func run(t *testing.T, name string, params map[string]any) *recorder {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Check(r, name, params, Indices(0, 3), Fresh(1), Goroutines(3))
	}()
	<-done
	return r
}

// fakeParams are the fakes' params: one of each JSON type the kit
// mistypes.
type fakeParams struct {
	N     int             `json:"n" doc:"objects"`
	Label string          `json:"label" doc:"a label"`
	Size  generator.Range `json:"size" doc:"box size"`
}

// fake is a generator broken in the way its flaw says.
type fake struct {
	p    fakeParams
	flaw string
}

func (f *fake) Sample(c *generator.Context) (*scene.Scene, error) {
	w, h := c.Width, c.Height
	if f.flaw == "camera" {
		w, h = 64, 64
	}
	cam := scene.NewCameraFOV(w, h, 50)
	cam.Pose = mgl64.LookAtV(mgl64.Vec3{0, 1, 3}, mgl64.Vec3{}, mgl64.Vec3{0, 1, 0})
	s := &scene.Scene{Camera: cam, Background: scene.RGB(0.1, 0.1, 0.1)}
	for k := range f.p.N {
		x := c.Rand.Float64()
		if f.flaw == "global" {
			x = rand.Float64() // the global source: not seeded by the Context
		}
		o := scene.Object{
			Name: fmt.Sprintf("box%d", k), Mesh: scene.Box(0.2, 0.2, 0.2),
			Transform: mgl64.Translate3D(x-0.5, 0, 0),
			Category:  "a", Meta: map[string]string{"kind": "box", "row_2": "x"},
		}
		switch f.flaw {
		case "category":
			o.Category = "zebra"
		case "meta":
			o.Meta["Bad-Key"] = "1"
		}
		s.Objects = append(s.Objects, o)
	}
	return s, nil
}

func init() {
	for _, flaw := range []string{"none", "global", "camera", "category", "meta"} {
		generator.Register(generator.Info{Name: "generatortest-" + flaw, Version: "1.0.0", Description: "a fake", Categories: []string{"a", "b"}},
			func() fakeParams { return fakeParams{N: 3, Label: "x", Size: generator.Range{Min: 1, Max: 2}} },
			func(p fakeParams) (generator.Generator, error) { return &fake{p, flaw}, nil })
	}
}

// TestCheck: the kit passes a sound generator, and fails each broken
// fake with a message naming the generator, the sample and the fault.
func TestCheck(t *testing.T) {
	for _, tt := range []struct {
		flaw string
		want []string // substrings of the first error; none for a pass
	}{
		{"none", nil},
		{"global", []string{`generator "generatortest-global", sample 0 is not deterministic`, "differs at scene.Objects[0].Transform[12]"}},
		{"camera", []string{`generator "generatortest-camera", sample 0`, "camera is 64x64, the Context asks for 96x64"}},
		{"category", []string{`generator "generatortest-category", sample 0`, `category "zebra" is not declared (declared: a, b)`}},
		{"meta", []string{`generator "generatortest-meta", sample 0`, `key "Bad-Key" is not an identifier`}},
	} {
		t.Run(tt.flaw, func(t *testing.T) {
			r := run(t, "generatortest-"+tt.flaw, nil)
			if tt.want == nil {
				if len(r.errors) > 0 {
					t.Fatalf("a sound generator failed: %s", strings.Join(r.errors, "\n"))
				}
				// "b" is declared and never used: a warning, not an error.
				if len(r.logs) != 1 || !strings.Contains(r.logs[0], "warning: declared categories no sample used: b") {
					t.Errorf("logs %q, want the unused category b", r.logs)
				}
				return
			}
			if len(r.errors) == 0 {
				t.Fatal("the kit passed a broken generator")
			}
			for _, w := range tt.want {
				if !strings.Contains(r.errors[0], w) {
					t.Errorf("first error %q does not contain %q", r.errors[0], w)
				}
			}
		})
	}
}

// TestCheckUnbuildable: an unknown generator or params it rejects stop
// Check with Fatalf.
func TestCheckUnbuildable(t *testing.T) {
	for _, tt := range []struct {
		name   string
		params map[string]any
		want   string
	}{
		{"generatortest-no-such", nil, `unknown generator "generatortest-no-such"`},
		{"generatortest-none", map[string]any{"n": "three"}, `param "n"`},
	} {
		r := run(t, tt.name, tt.params)
		if !r.fatal || len(r.errors) != 1 || !strings.Contains(r.errors[0], tt.want) {
			t.Errorf("%s %v: fatal %v, errors %q; want one fatal error containing %q", tt.name, tt.params, r.fatal, r.errors, tt.want)
		}
	}
}

func TestDiff(t *testing.T) {
	base := func() *scene.Scene {
		return &scene.Scene{
			Camera:  scene.NewCameraFOV(8, 6, 40),
			Objects: []scene.Object{{Name: "o", Mesh: scene.Box(1, 1, 1), Transform: mgl64.Ident4(), Meta: map[string]string{"a": "1", "b": "2"}}},
		}
	}
	for _, tt := range []struct {
		name   string
		change func(s *scene.Scene)
		want   string // "" for equal
	}{
		{"equal", func(*scene.Scene) {}, ""},
		{"transform", func(s *scene.Scene) { s.Objects[0].Transform[13] = 0.5 }, "scene.Objects[0].Transform[13]: 0 vs 0.5"},
		{"vertex", func(s *scene.Scene) { s.Objects[0].Mesh.Positions[5][1] = 9 }, "scene.Objects[0].Mesh.Positions[5][1]"},
		{"meta", func(s *scene.Scene) { s.Objects[0].Meta["b"] = "3" }, `scene.Objects[0].Meta[b]: "2" vs "3"`},
		{"objects", func(s *scene.Scene) { s.Objects = append(s.Objects, s.Objects[0]) }, "scene.Objects: length 1 vs 2"},
		{"material", func(s *scene.Scene) { s.Objects[0].Material = &scene.Material{} }, "scene.Objects[0].Material: nil vs non-nil"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, b := base(), base()
			tt.change(b)
			path, ok := Diff(a, b)
			if ok != (tt.want == "") || !strings.Contains(path, tt.want) {
				t.Errorf("Diff = %q, %v; want %q", path, ok, tt.want)
			}
		})
	}
}
