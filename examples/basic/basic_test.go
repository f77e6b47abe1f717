package basic

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/scene"
)

// newBasic builds the registered generator from JSON params, as a job would.
func newBasic(t *testing.T, params string) generator.Generator {
	t.Helper()
	g, info, err := generator.New("basic", json.RawMessage(params))
	if err != nil {
		t.Fatal(err)
	}
	if info.Name != "basic" || info.Version != "1.0.0" {
		t.Fatalf("info = %+v", info)
	}
	return g
}

func sample(t *testing.T, g generator.Generator, seed uint64, index int64) *scene.Scene {
	t.Helper()
	s, err := g.Sample(generator.NewContext(seed, index, 320, 240, nil))
	if err != nil {
		t.Fatalf("sample %d: %v", index, err)
	}
	return s
}

// labelled splits the objects into annotated ones and context.
func labelled(s *scene.Scene) (objs, context []scene.Object) {
	for _, o := range s.Objects {
		if o.Category == "" {
			context = append(context, o)
		} else {
			objs = append(objs, o)
		}
	}
	return objs, context
}

func TestSamples(t *testing.T) {
	tests := []struct {
		params   string
		min, max int
		cats     []string
	}{
		{"", 3, 20, []string{"box", "cylinder", "sphere", "cone"}},
		{`{"min_objects": 0, "max_objects": 2}`, 0, 2, []string{"box", "cylinder", "sphere", "cone"}},
		{`{"min_objects": 5, "max_objects": 5, "shapes": ["cone", "box"]}`, 5, 5, []string{"cone", "box"}},
		{`{"min_objects": 150, "max_objects": 200}`, 150, 200, []string{"box", "cylinder", "sphere", "cone"}},
	}
	for _, tt := range tests {
		t.Run(tt.params, func(t *testing.T) {
			g := newBasic(t, tt.params)
			cats := generator.CategoriesOf(g, generator.Info{})
			if !slices.Equal(cats, tt.cats) {
				t.Errorf("categories %v, want %v", cats, tt.cats)
			}
			for i := range int64(20) {
				s := sample(t, g, 7, i)
				if err := s.Validate(); err != nil {
					t.Fatalf("sample %d: %v", i, err)
				}
				objs, context := labelled(s)
				if n := len(objs); n < tt.min || n > tt.max {
					t.Errorf("sample %d: %d labelled objects, want %d..%d", i, n, tt.min, tt.max)
				}
				if !reflect.DeepEqual(s.Objects[:len(objs)], objs) && len(objs) > 0 {
					t.Errorf("sample %d: labelled objects do not come first", i)
				}
				if len(context) != 6 { // table top, four legs, floor
					t.Errorf("sample %d: %d context objects, want 6", i, len(context))
				}
				for _, o := range objs {
					if !slices.Contains(tt.cats, o.Category) {
						t.Errorf("sample %d: object %q has category %q, want one of %v", i, o.Name, o.Category, tt.cats)
					}
				}
				if len(s.Lights) < 2 || s.Camera.Width != 320 || s.Camera.Height != 240 {
					t.Errorf("sample %d: %d lights, camera %dx%d", i, len(s.Lights), s.Camera.Width, s.Camera.Height)
				}
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	g := newBasic(t, "")
	a, b := sample(t, g, 1, 3), sample(t, g, 1, 3)
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed and index gave different scenes")
	}
	// A second generator instance must agree too: nothing may depend on
	// its history.
	if c := sample(t, newBasic(t, ""), 1, 3); !reflect.DeepEqual(a, c) {
		t.Error("two generator instances gave different scenes")
	}
	for _, other := range []*scene.Scene{sample(t, g, 1, 4), sample(t, g, 2, 3)} {
		if reflect.DeepEqual(a, other) {
			t.Error("a different index or seed gave the same scene")
		}
	}
}

// footprintOf measures an object's footprint and lowest point from its
// transformed vertices, independently of how the generator placed it.
func footprintOf(o scene.Object) (f footprint, bottom float64) {
	f.x, f.z = o.Transform[12], o.Transform[14]
	bottom = math.Inf(1)
	for _, p := range o.Mesh.Positions {
		w := mgl64.TransformCoordinate(mgl64.Vec3{float64(p[0]), float64(p[1]), float64(p[2])}, o.Transform)
		f.r = max(f.r, math.Hypot(w[0]-f.x, w[2]-f.z))
		bottom = min(bottom, w[1])
	}
	return f, bottom
}

func TestObjectsRestOnTableWithoutOverlap(t *testing.T) {
	for _, params := range []string{"", `{"min_objects": 200, "max_objects": 200}`} {
		g := newBasic(t, params)
		for i := range int64(8) {
			s := sample(t, g, 11, i)
			objs, context := labelled(s)
			if params != "" && len(objs) != 200 {
				t.Errorf("sample %d: placed %d of 200 objects", i, len(objs))
			}
			top := context[0]
			if top.Name != "table-top" {
				t.Fatalf("first context object is %q, want the table top", top.Name)
			}
			topY := top.Transform[13] + top.Transform[5]/2
			hw, hd := top.Transform[0]/2, top.Transform[10]/2
			fs := make([]footprint, len(objs))
			for k, o := range objs {
				f, bottom := footprintOf(o)
				fs[k] = f
				if math.Abs(bottom-topY) > 1e-6 {
					t.Errorf("%s sample %d: %s stands at y=%.6f, table top at %.6f", params, i, o.Name, bottom, topY)
				}
				if math.Abs(f.x)+f.r > hw || math.Abs(f.z)+f.r > hd {
					t.Errorf("%s sample %d: %s (%+v) overhangs the %gx%g table", params, i, o.Name, f, 2*hw, 2*hd)
				}
			}
			for a := range fs {
				for b := range a {
					if d := math.Hypot(fs[a].x-fs[b].x, fs[a].z-fs[b].z); d < fs[a].r+fs[b].r {
						t.Errorf("%s sample %d: footprints of %s and %s overlap (distance %g, radii %g + %g)",
							params, i, objs[a].Name, objs[b].Name, d, fs[a].r, fs[b].r)
					}
				}
			}
		}
	}
}

func TestMeshesAreCached(t *testing.T) {
	g, err := New(DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	cached := map[*scene.Mesh]bool{g.box: true, g.floor: true}
	for _, vs := range g.shapes {
		for _, v := range vs {
			cached[v.mesh] = true
		}
	}
	for i := range int64(10) {
		for _, o := range sample(t, g, 3, i).Objects {
			if !cached[o.Mesh] {
				t.Fatalf("sample %d: object %q has a mesh built per sample", i, o.Name)
			}
		}
	}
}

func TestCameraSeesTable(t *testing.T) {
	g := newBasic(t, "")
	for i := range int64(20) {
		s := sample(t, g, 5, i)
		top := s.Objects[len(s.Objects)-6]
		u, v, z := s.Camera.Project(mgl64.Vec3{top.Transform[12], top.Transform[13], top.Transform[14]})
		if z <= 0 || u < 0 || v < 0 || u > float64(s.Camera.Width) || v > float64(s.Camera.Height) {
			t.Errorf("sample %d: table centre projects to (%.1f, %.1f) at z=%.2f, outside the image", i, u, v, z)
		}
	}
}

func TestParamErrors(t *testing.T) {
	tests := []struct {
		params string
		want   string // substring of the error
	}{
		{`{"min_objects": 5, "max_objects": 3}`, "min_objects 5 exceeds max_objects 3"},
		{`{"min_objects": -1}`, "min_objects -1 is negative"},
		{`{"min_objects": -3, "max_objects": -1}`, "min_objects -3 is negative"},
		{`{"max_objects": 201}`, "max_objects 201 exceeds the limit of 200"},
		{`{"max_objects": "many"}`, `param "max_objects": want integer, got string`},
		{`{"shapes": []}`, "shapes is empty"},
		{`{"shapes": ["box", "torus"]}`, `shapes[1] "torus" is not one of box, cylinder, sphere, cone`},
		{`{"shapes": ["box", "box"]}`, `shapes[1] "box" is listed twice`},
		{`{"fov_deg": {"min": 5}}`, "fov_deg [5, 65] leaves [10, 120]"},
		{`{"fov_deg": {"min": 70}}`, "fov_deg: range [70, 65]: min exceeds max"},
		{`{"camera_distance": {"max": 100}}`, "camera_distance [0.8, 100] leaves [0.5, 10] m"},
		{`{"objects": 3}`, `param "objects": unknown param`},
		{`{"environment": "../sky.hdr"}`, `environment "../sky.hdr" is not a slash-separated path inside the job's assets`},
		{`{"environment": "sky.exr"}`, `environment "sky.exr": want studio, or an .hdr, .png or .jpg map`},
		{`{"environment_background": true}`, "environment_background is set but there is no environment"},
		{`{"environment": "studio", "environment_intensity": {"min": -1}}`, "environment_intensity [-1, 1.2] leaves [0, 100]"},
	}
	for _, tt := range tests {
		_, _, err := generator.New("basic", json.RawMessage(tt.params))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(basic, %s) error = %v, want it to contain %q", tt.params, err, tt.want)
		}
	}
	if _, err := New(Params{MinObjects: 1, MaxObjects: 0}); err == nil {
		t.Error("New accepted invalid params without the registry")
	}
}

func TestSampleBadContext(t *testing.T) {
	g := newBasic(t, "")
	tests := []*generator.Context{
		nil,
		{Width: 10, Height: 10},
		generator.NewContext(1, 0, 0, 240, nil),
		generator.NewContext(1, 0, 320, -1, nil),
	}
	for _, c := range tests {
		if _, err := g.Sample(c); err == nil {
			t.Errorf("Sample(%+v) succeeded", c)
		}
	}
}

func TestParamsDocumented(t *testing.T) {
	e, ok := generator.Lookup("basic")
	if !ok {
		t.Fatal("basic is not registered")
	}
	for _, p := range e.Params {
		if p.Doc == "" {
			t.Errorf("param %q has no doc tag", p.Name)
		}
	}
	if got := string(e.Params[0].Default) + " " + string(e.Params[1].Default); got != "3 20" {
		t.Errorf("object count defaults %s, want 3 20", got)
	}
}

func BenchmarkSample(b *testing.B) {
	g, err := New(DefaultParams())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := range int64(b.N) {
		if _, err := g.Sample(generator.NewContext(1, i, 640, 480, nil)); err != nil {
			b.Fatal(err)
		}
	}
}
