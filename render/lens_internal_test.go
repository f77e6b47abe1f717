package render

import (
	"context"
	"runtime"
	"testing"

	"github.com/synthkit/synthkit/scene"
)

// pinholeOnly renders background frames of any pinhole camera.
type pinholeOnly struct{}

func (pinholeOnly) Render(_ context.Context, s *scene.Scene) (*Frame, error) {
	return NewFrame(s.Camera.Width, s.Camera.Height, len(s.Objects)), nil
}
func (pinholeOnly) Close() error { return nil }

// TestLensFramesNotReleased: frames a caller never hands back do not stay
// reachable from the lens renderer (releasing is optional), and those
// handed back are reused.
func TestLensFramesNotReleased(t *testing.T) {
	r, err := WithLens(pinholeOnly{}, 1)
	if err != nil {
		t.Fatal(err)
	}
	l := r.(*lensRenderer)
	s := &scene.Scene{Camera: scene.NewCameraFOV(64, 48, 60)}
	s.Camera.Distortion = scene.Distortion{Model: scene.BrownConrady, K1: -0.1}
	for range 20 {
		if _, err := r.Render(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
	for range 10 {
		runtime.GC()
		l.mu.Lock()
		n := len(l.own)
		l.mu.Unlock()
		if n == 0 {
			break
		}
	}
	l.mu.Lock()
	n := len(l.own)
	l.mu.Unlock()
	if n != 0 {
		t.Fatalf("%d dropped frames still tracked", n)
	}
	f, _ := r.Render(context.Background(), s)
	ReleaseFrame(r, f)
	g, _ := r.Render(context.Background(), s)
	if g != f {
		t.Error("a released frame was not reused")
	}
}

// postRecorder renders background frames and records the Post of the
// scenes it is given, claiming to have applied it as render/gl does.
type postRecorder struct{ got []scene.Post }

func (p *postRecorder) Render(_ context.Context, s *scene.Scene) (*Frame, error) {
	p.got = append(p.got, s.Post)
	f := NewFrame(s.Camera.Width, s.Camera.Height, len(s.Objects))
	f.PostApplied = StagesOf(s.Post)
	return f, nil
}
func (*postRecorder) Close() error { return nil }

// TestLensLeavesPostToTheCaller: the post-effects belong to the distorted
// image, so the lens wrapper hands the inner renderer a scene without
// them, and its frames say that none was applied.
func TestLensLeavesPostToTheCaller(t *testing.T) {
	inner := &postRecorder{}
	r, err := WithLens(inner, 1)
	if err != nil {
		t.Fatal(err)
	}
	s := &scene.Scene{Camera: scene.NewCameraFOV(32, 24, 60), Post: scene.Post{Seed: 1, Blur: 1, Noise: 0.01}}
	s.Camera.Distortion = scene.Distortion{Model: scene.BrownConrady, K1: -0.1}
	for range 2 { // the second frame is a recycled one
		f, err := r.Render(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		if f.PostApplied != 0 {
			t.Errorf("the resampled frame says stages %b were applied", f.PostApplied)
		}
		ReleaseFrame(r, f)
	}
	for i, p := range inner.got {
		if !p.IsZero() {
			t.Errorf("render %d: the inner renderer got post-effects %+v", i, p)
		}
	}
	// Without distortion the scene goes through unchanged.
	s.Camera.Distortion = scene.Distortion{}
	f, err := r.Render(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if f.PostApplied != StagesOf(s.Post) {
		t.Errorf("pinhole camera: PostApplied %b, want the inner renderer's %b", f.PostApplied, StagesOf(s.Post))
	}
}
