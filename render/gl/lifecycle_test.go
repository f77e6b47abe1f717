//go:build gl

package gl

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// TestOptions needs no context: bad options fail before one is made.
func TestOptions(t *testing.T) {
	tests := []struct {
		o       Options
		wantErr string
	}{
		{Options{}, ""},
		{Options{Context: " EGL "}, ""},
		{Options{Context: "vulkan"}, "unknown context provider"},
		{Options{EGLDevice: -1}, "EGLDevice -1"},
		{Options{Context: "glfw", EGLDevice: 2}, "with the GLFW"},
		{Options{MSAA: -2}, "MSAA -2"},
		{Options{MSAA: 65}, "MSAA 65"},
		{Options{CacheBytes: -1}, "negative"},
	}
	for _, tc := range tests {
		o, err := tc.o.withDefaults()
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%+v: unexpected error %v", tc.o, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%+v: error %v, want one containing %q", tc.o, err, tc.wantErr)
		case tc.wantErr == "" && (o.Context == "" || o.CacheBytes == 0):
			t.Errorf("%+v: defaults not filled: %+v", tc.o, o)
		}
		if tc.wantErr != "" {
			if _, err := New(tc.o); err == nil {
				t.Errorf("New(%+v) succeeded", tc.o)
			}
		}
	}
}

func TestTooManySamples(t *testing.T) {
	r := sharedRenderer(t)
	n := r.Info().MaxMSAA + 1
	if n > 64 {
		t.Skipf("context allows %d samples", n-1)
	}
	_, err := New(testOptions(Options{MSAA: n}))
	if !errors.Is(err, ErrUnsupported) {
		t.Fatalf("New with %d samples: %v, want ErrUnsupported", n, err)
	}
}

func TestInfo(t *testing.T) {
	info := sharedRenderer(t).Info()
	t.Logf("%+v", info)
	if info.Provider == "" || info.Renderer == "" || info.Version == "" || info.Orientation == "" || info.MaxSize < 1024 {
		t.Errorf("incomplete info %+v", info)
	}
}

func TestBadScenes(t *testing.T) {
	r := sharedRenderer(t)
	good := func() *scene.Scene {
		return &scene.Scene{Camera: pinhole(32, 24, 30, 16, 12),
			Objects: []scene.Object{{Mesh: scene.Box(1, 1, 1), Transform: mgl64.Translate3D(0, 0, 3)}}}
	}
	tests := []struct {
		name   string
		mutate func(s *scene.Scene) *scene.Scene
	}{
		{"nil scene", func(*scene.Scene) *scene.Scene { return nil }},
		{"zero width", func(s *scene.Scene) *scene.Scene { s.Camera.Width = 0; return s }},
		{"nil mesh", func(s *scene.Scene) *scene.Scene { s.Objects[0].Mesh = nil; return s }},
		{"index out of range", func(s *scene.Scene) *scene.Scene {
			s.Objects[0].Mesh = &scene.Mesh{Positions: s.Objects[0].Mesh.Positions, Indices: []uint32{0, 1, 99}}
			return s
		}},
		{"empty texture", func(s *scene.Scene) *scene.Scene {
			s.Objects[0].Material = &scene.Material{BaseColorTexture: &scene.Texture{}}
			return s
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := r.Render(context.Background(), tc.mutate(good()))
			if !errors.Is(err, scene.ErrInvalid) {
				t.Fatalf("error %v, want one wrapping scene.ErrInvalid", err)
			}
		})
	}
	// A size beyond the context's limit is refused before any allocation.
	s := good()
	s.Camera.Width = r.Info().MaxSize + 1
	if s.Validate() == nil {
		if _, err := r.Render(context.Background(), s); err == nil {
			t.Error("image wider than the context's limit: want error")
		}
	}
	// The renderer still works afterwards.
	if f := mustRender(t, r, good()); len(covered(f, 1)) == 0 {
		t.Error("box not drawn after the failed renders")
	}
}

func TestCancelledContext(t *testing.T) {
	r := sharedRenderer(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.Render(ctx, testscenes.Small2k(64, 48)); !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

func TestClose(t *testing.T) {
	r := newTestRenderer(t, Options{})
	s := testscenes.Small2k(64, 48)
	mustRender(t, r, s)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := r.Render(context.Background(), s); err == nil {
		t.Fatal("Render after Close: want error")
	}
}

// TestEmptyScenes: no objects, and objects whose meshes have no triangles.
func TestEmptyScenes(t *testing.T) {
	r := sharedRenderer(t)
	s := &scene.Scene{Camera: pinhole(16, 12, 16, 8, 6), Background: scene.SRGB8(1, 2, 3)}
	f := mustRender(t, r, s)
	if len(f.Silhouettes) != 0 || len(covered(f, 0)) != 16*12 {
		t.Fatalf("empty scene: %d silhouettes, %d background pixels", len(f.Silhouettes), len(covered(f, 0)))
	}
	if c := f.Color.RGBAAt(3, 3); c.R != 1 || c.G != 2 || c.B != 3 || c.A != 255 {
		t.Errorf("background %v, want (1, 2, 3, 255)", c)
	}
	s.Objects = []scene.Object{{Mesh: &scene.Mesh{}, Transform: mgl64.Ident4()},
		{Mesh: scene.Quad(1, 1), Transform: facing(0, 0, 2)}}
	f = mustRender(t, r, s)
	if f.Silhouettes[0].Pixels != 0 || f.Silhouettes[1].Pixels == 0 || len(covered(f, 2)) == 0 {
		t.Errorf("empty mesh next to a quad: silhouettes %d and %d pixels", f.Silhouettes[0].Pixels, f.Silhouettes[1].Pixels)
	}
}

// TestCacheEviction renders with a tiny cache budget, so that every
// render evicts what the previous one left, and checks that results do not
// depend on what was cached.
func TestCacheEviction(t *testing.T) {
	r := newTestRenderer(t, Options{CacheBytes: 1})
	a, b := testscenes.Small2k(160, 120), testscenes.Shelf(160, 120)
	first := mustRender(t, r, a)
	mustRender(t, r, b)
	again := mustRender(t, r, a)
	assertSameFrame(t, first, again)
	var meshes, textures int
	if err := r.thread.do(func() error { meshes, textures = len(r.cache.meshes), len(r.cache.textures); return nil }); err != nil {
		t.Fatal(err)
	}
	// Only the last scene's meshes and textures may remain.
	if meshes > 8 || textures > 1 {
		t.Errorf("cache holds %d meshes and %d textures after rendering a 7-mesh, 1-texture scene", meshes, textures)
	}
}

// TestConcurrentRenderers runs two renderers (two contexts on two threads)
// at once and checks both agree with a sequential render.
func TestConcurrentRenderers(t *testing.T) {
	want := mustRender(t, sharedRenderer(t), testscenes.Shelf(200, 150))
	var wg sync.WaitGroup
	frames := make([]*render.Frame, 2)
	errs := make([]error, 2)
	rs := []*Renderer{newTestRenderer(t, Options{}), newTestRenderer(t, Options{})}
	for i := range rs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 3 {
				frames[i], errs[i] = rs[i].Render(context.Background(), testscenes.Shelf(200, 150))
				if errs[i] != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	for i := range rs {
		if errs[i] != nil {
			t.Fatalf("renderer %d: %v", i, errs[i])
		}
		assertSameFrame(t, want, frames[i])
	}
}

// TestRenderSizes renders the same scene at several sizes in a row on one
// renderer (targets are reallocated) and compares with fresh renders.
func TestRenderSizes(t *testing.T) {
	r := sharedRenderer(t)
	for _, sz := range [][2]int{{1, 1}, {7, 3}, {640, 480}, {33, 250}, {640, 480}} {
		f := mustRender(t, r, testscenes.Small2k(sz[0], sz[1]))
		if f.Width != sz[0] || f.Height != sz[1] || len(f.IDs) != sz[0]*sz[1] {
			t.Fatalf("%dx%d: frame is %dx%d with %d ids", sz[0], sz[1], f.Width, f.Height, len(f.IDs))
		}
	}
}

func assertSameFrame(t *testing.T, a, b *render.Frame) {
	t.Helper()
	for i := range a.IDs {
		if a.IDs[i] != b.IDs[i] || a.Depth[i] != b.Depth[i] || a.Normals[i] != b.Normals[i] {
			t.Fatalf("pixel %d differs: id %d/%d depth %g/%g", i, a.IDs[i], b.IDs[i], a.Depth[i], b.Depth[i])
		}
	}
	for i := range a.Color.Pix {
		if a.Color.Pix[i] != b.Color.Pix[i] {
			t.Fatalf("colour byte %d differs: %d/%d", i, a.Color.Pix[i], b.Color.Pix[i])
		}
	}
	for i := range a.Silhouettes {
		if d := setDiff(silhouetteSet(a.Silhouettes[i]), silhouetteSet(b.Silhouettes[i])); d != 0 {
			t.Fatalf("object %d: silhouettes differ in %d pixels", i, d)
		}
	}
}
