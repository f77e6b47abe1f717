//go:build gl

package gl

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/go-gl/gl/v4.1-core/gl"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/render"
)

// TestRobustContext: where EGL accepted the request for reset
// notification, the context must have it (GLFW drops its hint silently when
// GLX lacks GLX_ARB_create_context_robustness, as Xvfb's does); a 4.5
// context must offer the reset query.
func TestRobustContext(t *testing.T) {
	info := sharedRenderer(t).Info()
	t.Logf("provider %s: robust request %q, reset notification %v, reset query %q", info.Provider, info.RobustRequest, info.ResetNotification, info.ResetQuery)
	if strings.HasPrefix(info.RobustRequest, "EGL_") && !info.ResetNotification {
		t.Errorf("robust context requested with %s, but GL_RESET_NOTIFICATION_STRATEGY is not GL_LOSE_CONTEXT_ON_RESET", info.RobustRequest)
	}
	var major, minor int
	if _, err := fmt.Sscanf(info.Version, "%d.%d", &major, &minor); err == nil && (major > 4 || major == 4 && minor >= 5) && info.ResetQuery == "" {
		t.Errorf("OpenGL %s without a reset query", info.Version)
	}
}

// TestContextLost fakes a GPU reset (llvmpipe cannot lose a context): the
// render during which it happens, a ticket in flight and every later call
// fail with ErrContextLost; Close still works.
func TestContextLost(t *testing.T) {
	r := newTestRenderer(t, Options{})
	s := testscenes.Small2k(64, 48)
	mustRender(t, r, s)
	pending, err := r.Submit(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	reset := false
	if err := r.thread.do(func() error {
		r.resetStatus = func() uint32 {
			if reset {
				return gl.INNOCENT_CONTEXT_RESET
			}
			return gl.NO_ERROR
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	mustRender(t, r, s) // no reset yet
	reset = true
	_, err = r.Render(context.Background(), s)
	if !errors.Is(err, ErrContextLost) {
		t.Fatalf("Render during a reset: %v, want ErrContextLost", err)
	}
	t.Log(err)
	reset = false // a lost context stays lost even if the status clears
	if _, err := r.Render(context.Background(), s); !errors.Is(err, ErrContextLost) {
		t.Fatalf("Render after the loss: %v, want ErrContextLost", err)
	}
	if _, err := r.Submit(context.Background(), s); !errors.Is(err, ErrContextLost) {
		t.Fatalf("Submit after the loss: %v, want ErrContextLost", err)
	}
	if _, err := r.Collect(context.Background(), pending); !errors.Is(err, ErrContextLost) {
		t.Fatalf("Collect of a ticket from before the loss: %v, want ErrContextLost", err)
	}
	if err := r.RenderBatch(context.Background(), nil, func(int, *render.Frame) error { return nil }); err != nil {
		t.Fatalf("empty batch: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("Close after the loss: %v", err)
	}
	if _, err := r.Render(context.Background(), s); err == nil {
		t.Fatal("Render after Close: want error")
	}
}

// TestContextLostError: a GL_CONTEXT_LOST error (contexts without a reset
// query) marks the renderer lost as well.
func TestContextLostError(t *testing.T) {
	r := newTestRenderer(t, Options{})
	s := testscenes.Small2k(32, 24)
	err := r.thread.do(func() error {
		r.resetStatus = nil
		return r.checkReset(fmt.Errorf("%w: drawing: GL_CONTEXT_LOST", ErrContextLost))
	})
	if !errors.Is(err, ErrContextLost) {
		t.Fatalf("checkReset: %v", err)
	}
	if _, err := r.Render(context.Background(), s); !errors.Is(err, ErrContextLost) {
		t.Fatalf("Render after GL_CONTEXT_LOST: %v, want ErrContextLost", err)
	}
}
