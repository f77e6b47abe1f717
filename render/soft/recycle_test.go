package soft

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// TestReleaseFrame renders a sequence of scenes of different sizes and
// object counts with a Renderer whose frames are released after each
// render and refilled by the next: every frame must equal, byte for byte,
// the one a fresh Renderer makes into a new frame, with and without
// supersampling.
func TestReleaseFrame(t *testing.T) {
	seq := []struct {
		name  string
		scene *scene.Scene
	}{
		{"shelf 160x120", testscenes.Shelf(160, 120)},
		{"small 150x97", testscenes.Small2k(150, 97)}, // fewer objects, fewer pixels
		{"shelf 160x120 again", testscenes.Shelf(160, 120)},
		{"primitives 200x150", goldenPrimitives(200, 150)}, // more pixels, 6 objects
		{"empty 33x20", &scene.Scene{Camera: testscenes.Shelf(33, 20).Camera, Background: scene.RGB(0.3, 0.1, 0.9)}},
		{"small 150x97 again", testscenes.Small2k(150, 97)},
	}
	for _, samples := range []int{1, 2} {
		want := make([][]byte, len(seq))
		for i, c := range seq {
			r := New(Options{SSAA: samples, Workers: 2})
			want[i] = frameBytes(mustRender(t, r, c.scene))
			r.Close()
		}
		r := New(Options{SSAA: samples, Workers: 2})
		var last *render.Frame
		for i, c := range seq {
			f := mustRender(t, r, c.scene)
			if last != nil && f != last {
				t.Errorf("samples %d, %s: the released frame was not reused", samples, c.name)
			}
			if f.Width != c.scene.Camera.Width || f.Height != c.scene.Camera.Height || len(f.Silhouettes) != len(c.scene.Objects) ||
				f.Color.Rect != f.Color.Bounds() || f.Color.Bounds().Dx() != f.Width || f.Color.Stride != 4*f.Width {
				t.Fatalf("samples %d, %s: frame of %dx%d, image %v stride %d, %d silhouettes", samples, c.name,
					f.Width, f.Height, f.Color.Rect, f.Color.Stride, len(f.Silhouettes))
			}
			if got := frameBytes(f); !bytes.Equal(got, want[i]) {
				t.Errorf("samples %d, %s: the recycled frame differs from a new one", samples, c.name)
			}
			if f.PostApplied != 0 {
				t.Errorf("samples %d, %s: a recycled frame says post stages %b were applied", samples, c.name, f.PostApplied)
			}
			f.PostApplied = render.PostLinear | render.PostJPEG // as a caller might leave it
			render.ReleaseFrame(r, f)
			last = f
		}
		r.Close()
	}
}

// TestReleaseFrameForeign hands the Renderer frames it did not make, of
// the wrong size or half empty, and checks the renders that reuse them.
func TestReleaseFrameForeign(t *testing.T) {
	s := testscenes.Small2k(96, 64)
	want := frameBytes(renderScene(t, s))
	for _, tc := range []struct {
		name string
		f    *render.Frame
	}{
		{"smaller", render.NewFrame(10, 7, 1)},
		{"larger", render.NewFrame(200, 100, 40)},
		{"no buffers", &render.Frame{}},
	} {
		r := New(Options{Workers: 3})
		r.ReleaseFrame(tc.f)
		r.ReleaseFrame(tc.f) // a second release of a kept frame is ignored
		r.ReleaseFrame(nil)
		f := mustRender(t, r, s)
		if f != tc.f {
			t.Errorf("%s: the released frame was not reused", tc.name)
		}
		if !bytes.Equal(frameBytes(f), want) {
			t.Errorf("%s: frame differs", tc.name)
		}
		if g := mustRender(t, r, s); g == f {
			t.Errorf("%s: a frame released once was handed out twice", tc.name)
		}
		r.Close()
	}
}

// TestReleaseFrameConcurrent renders and releases from several goroutines
// sharing one Renderer (run with -race): every frame is right, and no
// frame is handed to two renders at once.
func TestReleaseFrameConcurrent(t *testing.T) {
	scenes := []*scene.Scene{testscenes.Small2k(64, 48), testscenes.Shelf(80, 50)}
	want := make([][]byte, len(scenes))
	for i, s := range scenes {
		want[i] = frameBytes(renderScene(t, s))
	}
	r := New(Options{Workers: 2})
	defer r.Close()
	errs := make(chan error, 6)
	for g := range 6 {
		go func() {
			for k := range 4 {
				i := (g + k) % len(scenes)
				f, err := r.Render(context.Background(), scenes[i])
				if err != nil {
					errs <- err
					return
				}
				if !bytes.Equal(frameBytes(f), want[i]) {
					errs <- fmt.Errorf("goroutine %d, render %d: frame differs", g, k)
					return
				}
				r.ReleaseFrame(f)
			}
			errs <- nil
		}()
	}
	for range 6 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestReleaseFrameHelper checks render.ReleaseFrame on a renderer that does
// not recycle frames (nothing happens) and after Close (the frame is
// dropped).
func TestReleaseFrameHelper(t *testing.T) {
	f := render.NewFrame(4, 3, 1)
	render.ReleaseFrame(noRecycle{}, f) // must not panic
	render.ReleaseFrame(noRecycle{}, nil)
	r := New(Options{})
	r.Close()
	r.ReleaseFrame(f)
	if r.frames.Len() != 0 {
		t.Error("a closed Renderer keeps released frames")
	}
}

// noRecycle is a render.Renderer that is not a render.FrameRecycler.
type noRecycle struct{}

func (noRecycle) Render(context.Context, *scene.Scene) (*render.Frame, error) { return nil, nil }
func (noRecycle) Close() error                                                { return nil }
