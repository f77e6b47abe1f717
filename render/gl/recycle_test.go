//go:build gl

package gl

import (
	"context"
	"testing"

	"github.com/go-gl/mathgl/mgl32"

	"github.com/synthkit/synthkit/render"
)

// TestReleaseFrame renders the pipeline tests' scenes (sizes, object
// counts, shadows, an empty one) with a Renderer whose frames are handed
// back after each render, through Render, a Client's pipeline and
// Submit/Collect in turn: every frame must reuse the released one and
// equal, byte for byte, a fresh renderer's frame of the same scene.
func TestReleaseFrame(t *testing.T) {
	scenes := batchScenes()
	ref := newTestRenderer(t, Options{})
	want := make([]*render.Frame, len(scenes))
	for i, s := range scenes {
		want[i] = mustRender(t, ref, s)
	}
	r := newTestRenderer(t, Options{})
	c := r.Client()
	defer c.Close()
	ctx := context.Background()
	var last *render.Frame
	for pass := range 2 {
		for i, s := range scenes {
			var f *render.Frame
			var err error
			switch (i + pass) % 3 {
			case 0:
				f, err = r.Render(ctx, s)
			case 1:
				var wait func(context.Context) (*render.Frame, error)
				if wait, err = c.(render.Pipeliner).Start(ctx, s); err == nil {
					f, err = wait(ctx)
				}
			default:
				var tk Ticket
				if tk, err = r.Submit(ctx, s); err == nil {
					f, err = r.Collect(ctx, tk)
				}
			}
			if err != nil {
				t.Fatalf("pass %d, scene %d: %v", pass, i, err)
			}
			if last != nil && f != last {
				t.Errorf("pass %d, scene %d: the released frame was not reused", pass, i)
			}
			assertIdentical(t, "recycled frame", want[i], f)
			if f.PostApplied != want[i].PostApplied {
				t.Errorf("pass %d, scene %d: PostApplied %b, want %b", pass, i, f.PostApplied, want[i].PostApplied)
			}
			f.PostApplied = render.PostLinear | render.PostJPEG // as a caller might leave it
			if (i+pass)%2 == 0 {
				r.ReleaseFrame(f)
			} else {
				render.ReleaseFrame(c, f)
			}
			last = f
		}
	}
}

// TestReleaseFrameSkipNormals hands a SkipNormals renderer a frame whose
// normals are set: the render that reuses it must leave them zero, as a
// new frame's are.
func TestReleaseFrameSkipNormals(t *testing.T) {
	s := batchScenes()[0]
	r := newTestRenderer(t, Options{SkipNormals: true})
	want := mustRender(t, r, s)
	foreign := render.NewFrame(s.Camera.Width, s.Camera.Height, len(s.Objects))
	for i := range foreign.Normals {
		foreign.Normals[i] = mgl32.Vec3{0, 0, -1}
	}
	r.ReleaseFrame(foreign)
	r.ReleaseFrame(nil)
	f := mustRender(t, r, s)
	if f != foreign {
		t.Fatal("the released frame was not reused")
	}
	assertIdentical(t, "reused frame with SkipNormals", want, f)
	r.Close()
	r.ReleaseFrame(f) // ignored once closed
}
