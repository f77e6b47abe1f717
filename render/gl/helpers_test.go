//go:build gl

package gl

import (
	"context"
	"errors"
	"image"
	"os"
	"sync"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// Tests need an OpenGL context. They skip when none can be made, unless
// SYNTHKIT_GL_REQUIRED=1, when they fail (CI sets it). SYNTHKIT_GL_CONTEXT
// picks the provider ("auto", "egl" or "glfw") for every test.

func required() bool { return os.Getenv("SYNTHKIT_GL_REQUIRED") == "1" }

func testOptions(o Options) Options {
	if o.Context == "" {
		o.Context = os.Getenv("SYNTHKIT_GL_CONTEXT")
	}
	return o
}

// newTestRenderer returns a renderer closed at the end of the test, or
// skips the test when no context is available and none is required.
func newTestRenderer(tb testing.TB, o Options) *Renderer {
	tb.Helper()
	r, err := New(testOptions(o))
	if err != nil {
		if !required() && (errors.Is(err, ErrNoContext) || errors.Is(err, ErrUnsupported)) {
			tb.Skipf("no usable OpenGL context (set SYNTHKIT_GL_REQUIRED=1 to fail instead): %v", err)
		}
		tb.Fatalf("New(%+v): %v", o, err)
	}
	tb.Cleanup(func() { _ = r.Close() })
	return r
}

var (
	sharedOnce sync.Once
	shared     *Renderer
	sharedErr  error
)

// sharedRenderer returns one default renderer for the whole test binary
// (contexts are slow to create on llvmpipe). Tests using it must not close
// it.
func sharedRenderer(tb testing.TB) *Renderer {
	tb.Helper()
	sharedOnce.Do(func() { shared, sharedErr = New(testOptions(Options{})) })
	if sharedErr != nil {
		if !required() && (errors.Is(sharedErr, ErrNoContext) || errors.Is(sharedErr, ErrUnsupported)) {
			tb.Skipf("no usable OpenGL context (set SYNTHKIT_GL_REQUIRED=1 to fail instead): %v", sharedErr)
		}
		tb.Fatalf("New: %v", sharedErr)
	}
	return shared
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		_ = shared.Close()
	}
	os.Exit(code)
}

func mustRender(tb testing.TB, r render.Renderer, s *scene.Scene) *render.Frame {
	tb.Helper()
	f, err := r.Render(context.Background(), s)
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// facing returns a transform placing a local +z-facing mesh (scene.Quad)
// at (x, y, z) turned towards a camera at the origin looking down +z.
func facing(x, y, z float64) mgl64.Mat4 {
	return mgl64.Translate3D(x, y, z).Mul4(mgl64.Scale3D(-1, 1, -1))
}

// pinhole returns a camera at the origin looking down +z (OpenCV frame).
func pinhole(w, h int, f, cx, cy float64) scene.Camera {
	return scene.Camera{Fx: f, Fy: f, Cx: cx, Cy: cy, Width: w, Height: h, Near: 0.05, Far: 100, Pose: mgl64.Ident4()}
}

// covered lists the pixels with the given id.
func covered(f *render.Frame, id uint32) map[image.Point]bool {
	m := map[image.Point]bool{}
	for i, v := range f.IDs {
		if v == id {
			m[image.Pt(i%f.Width, i/f.Width)] = true
		}
	}
	return m
}

// rectSet lists the pixels of r.
func rectSet(r image.Rectangle) map[image.Point]bool {
	m := map[image.Point]bool{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			m[image.Pt(x, y)] = true
		}
	}
	return m
}

// setDiff counts the points in exactly one of a and b.
func setDiff(a, b map[image.Point]bool) int {
	n := 0
	for p := range a {
		if !b[p] {
			n++
		}
	}
	for p := range b {
		if !a[p] {
			n++
		}
	}
	return n
}

// silhouetteSet lists a silhouette's pixels.
func silhouetteSet(s render.Silhouette) map[image.Point]bool {
	m := map[image.Point]bool{}
	for y := s.Bounds.Min.Y; y < s.Bounds.Max.Y; y++ {
		for x := s.Bounds.Min.X; x < s.Bounds.Max.X; x++ {
			if s.At(x, y) {
				m[image.Pt(x, y)] = true
			}
		}
	}
	return m
}
