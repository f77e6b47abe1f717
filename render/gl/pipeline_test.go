//go:build gl

package gl

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// batchScenes are different scenes (sizes, shadows, textures, empty) for
// the pipeline tests.
func batchScenes() []*scene.Scene {
	return []*scene.Scene{
		testscenes.Shelf(640, 480),
		testscenes.Small2k(333, 251),
		withShadows(boxOnPlane()),
		wrapModes(),
		{Camera: pinhole(16, 12, 16, 8, 6), Background: scene.SRGB8(1, 2, 3)},
		boxField(),
		nearCrossing(),
		testscenes.Shelf(320, 240),
	}
}

// assertIdentical requires two frames to be equal byte for byte, masks and
// their bounds included.
func assertIdentical(t *testing.T, what string, a, b *render.Frame) {
	t.Helper()
	if a.Width != b.Width || a.Height != b.Height || len(a.Silhouettes) != len(b.Silhouettes) {
		t.Fatalf("%s: frame %dx%d with %d objects, want %dx%d with %d", what, b.Width, b.Height, len(b.Silhouettes), a.Width, a.Height, len(a.Silhouettes))
	}
	for _, c := range []struct {
		name string
		x, y []byte
	}{
		{"colour", a.Color.Pix, b.Color.Pix},
		{"ids", asBytes(a.IDs), asBytes(b.IDs)},
		{"depth", asBytes(a.Depth), asBytes(b.Depth)},
		{"normals", asBytes(a.Normals), asBytes(b.Normals)},
	} {
		if !bytes.Equal(c.x, c.y) {
			t.Fatalf("%s: %s differ", what, c.name)
		}
	}
	for i := range a.Silhouettes {
		sa, sb := a.Silhouettes[i], b.Silhouettes[i]
		if sa.Bounds != sb.Bounds || sa.Pixels != sb.Pixels || !bytes.Equal(sa.Mask, sb.Mask) {
			t.Fatalf("%s: object %d: silhouette %v/%d px, want %v/%d px", what, i, sb.Bounds, sb.Pixels, sa.Bounds, sa.Pixels)
		}
	}
}

// TestPipelineMatchesRender renders a batch through RenderBatch, and again
// through Submit/Collect with both tickets in flight, and compares every
// frame with a one-by-one Render on a separate renderer. A second pass
// uses a small atlas so that silhouettes take several readback rounds.
func TestPipelineMatchesRender(t *testing.T) {
	scenes := batchScenes()
	for _, side := range []int{0, 64} {
		ref := newTestRenderer(t, Options{})
		r := newTestRenderer(t, Options{})
		for _, x := range []*Renderer{ref, r} {
			_ = x.thread.do(func() error { x.atlasSide = side; return nil })
		}
		want := make([]*render.Frame, len(scenes))
		for i, s := range scenes {
			want[i] = mustRender(t, ref, s)
		}
		n := 0
		err := r.RenderBatch(context.Background(), scenes, func(i int, f *render.Frame) error {
			if i != n {
				t.Fatalf("frame %d delivered as %d", n, i)
			}
			n++
			assertIdentical(t, "RenderBatch", want[i], f)
			return nil
		})
		if err != nil || n != len(scenes) {
			t.Fatalf("atlas side %d: RenderBatch: %v after %d frames", side, err, n)
		}
		// Submit two, collect the second first, then interleave with Render.
		t0, err := r.Submit(context.Background(), scenes[0])
		if err != nil {
			t.Fatal(err)
		}
		t1, err := r.Submit(context.Background(), scenes[1])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Submit(context.Background(), scenes[2]); !errors.Is(err, ErrPipelineFull) {
			t.Fatalf("third Submit: %v, want ErrPipelineFull", err)
		}
		assertIdentical(t, "Render with two tickets in flight", want[2], mustRender(t, r, scenes[2]))
		f1, err := r.Collect(context.Background(), t1)
		if err != nil {
			t.Fatal(err)
		}
		f0, err := r.Collect(context.Background(), t0)
		if err != nil {
			t.Fatal(err)
		}
		assertIdentical(t, "Collect out of order", want[0], f0)
		assertIdentical(t, "Collect out of order", want[1], f1)
		if _, err := r.Collect(context.Background(), t0); err == nil {
			t.Fatal("second Collect of a ticket: want error")
		}
		if _, err := r.Collect(context.Background(), Ticket{}); err == nil {
			t.Fatal("Collect of the zero Ticket: want error")
		}
	}
}

func TestPipelineCancelAndErrors(t *testing.T) {
	r := sharedRenderer(t)
	s := testscenes.Small2k(64, 48)
	tk, err := r.Submit(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// A cancelled Collect may still succeed when the render is already
	// done; either way the slot is freed.
	if _, err := r.Collect(ctx, tk); err != nil && !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Collect: %v", err)
	}
	for range 2 * PipelineDepth {
		tk, err := r.Submit(context.Background(), s)
		if err != nil {
			t.Fatalf("Submit after a cancelled Collect: %v", err)
		}
		if _, err := r.Collect(context.Background(), tk); err != nil {
			t.Fatal(err)
		}
	}
	stop := errors.New("stop")
	err = r.RenderBatch(context.Background(), []*scene.Scene{s, s, s}, func(i int, f *render.Frame) error { return stop })
	if !errors.Is(err, stop) {
		t.Fatalf("RenderBatch: %v, want the callback's error", err)
	}
	bad := &scene.Scene{Camera: pinhole(0, 0, 1, 0, 0)}
	if err := r.RenderBatch(context.Background(), []*scene.Scene{s, bad}, func(int, *render.Frame) error { return nil }); err == nil {
		t.Fatal("RenderBatch with an invalid scene: want error")
	}
	// Nothing leaked: PipelineDepth tickets can be taken again.
	var ts []Ticket
	for range PipelineDepth {
		tk, err := r.Submit(context.Background(), s)
		if err != nil {
			t.Fatalf("Submit after failed batches: %v", err)
		}
		ts = append(ts, tk)
	}
	for _, tk := range ts {
		if _, err := r.Collect(context.Background(), tk); err != nil {
			t.Fatal(err)
		}
	}
}
