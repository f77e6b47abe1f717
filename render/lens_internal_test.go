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
