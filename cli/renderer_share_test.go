package cli

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// sharerForTest is a render.Sharer that counts its instances, clients and
// closes.
type sharerForTest struct {
	closed  atomic.Int32
	clients atomic.Int32
}

var sharersMade atomic.Int32

func (s *sharerForTest) Render(context.Context, *scene.Scene) (*render.Frame, error) {
	return nil, nil
}
func (s *sharerForTest) Close() error { s.closed.Add(1); return nil }
func (s *sharerForTest) Client() render.Renderer {
	s.clients.Add(1)
	return &clientForTest{}
}

type clientForTest struct{ closed int }

// lastReleased is the last frame a clientForTest was handed back.
var lastReleased atomic.Pointer[render.Frame]

func (c *clientForTest) ReleaseFrame(f *render.Frame) { lastReleased.Store(f) }

func (c *clientForTest) Render(context.Context, *scene.Scene) (*render.Frame, error) {
	return nil, nil
}
func (c *clientForTest) Close() error { c.closed++; return nil }

var lastSharer atomic.Pointer[sharerForTest]

func init() {
	render.Register("sharetest", func(render.Options) (render.Renderer, error) {
		sharersMade.Add(1)
		s := &sharerForTest{}
		lastSharer.Store(s)
		return s, nil
	})
}

// TestRendererFactoryShares: for a render.Sharer backend the workers of a
// run get clients of one renderer, closed with its last client (once,
// whatever the number of Close calls); a worker after that gets a new one.
func TestRendererFactoryShares(t *testing.T) {
	spec := &job.Spec{Renderer: "sharetest"}
	f, err := rendererFactory(spec, 3)
	if err != nil {
		t.Fatal(err)
	}
	before := sharersMade.Load()
	var rs []render.Renderer
	for range 3 {
		r, err := f(spec)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	s := lastSharer.Load()
	if n := sharersMade.Load() - before; n != 1 || s.clients.Load() != 3 {
		t.Fatalf("%d renderers made for 3 workers with %d clients, want 1 and 3", n, s.clients.Load())
	}
	// Frames the workers hand back reach the backend's client.
	f0 := render.NewFrame(2, 2, 0)
	render.ReleaseFrame(rs[0], f0)
	if got := lastReleased.Load(); got != f0 {
		t.Errorf("ReleaseFrame on a shared client: the backend's client got %p, want the frame %p", got, f0)
	}
	for i, r := range rs {
		for range 2 { // Close twice: the share is released once
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
		}
		if want := int32(0); i == len(rs)-1 {
			want = 1
			if s.closed.Load() != want {
				t.Errorf("after the last client: renderer closed %d times, want 1", s.closed.Load())
			}
		} else if s.closed.Load() != want {
			t.Errorf("after client %d of 3: renderer closed %d times, want 0", i+1, s.closed.Load())
		}
	}
	r, err := f(spec)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n := sharersMade.Load() - before; n != 2 {
		t.Errorf("a worker after the last close: %d renderers made in all, want 2", n)
	}
}

// TestRendererFactoryWorkersPerContext: with SYNTHKIT_GL_WORKERS_PER_CONTEXT
// set, each renderer of a Sharer backend takes at most that many workers,
// each is closed with its own last client, and a freed place is reused
// before a new renderer is made; a bad value is an error naming the
// variable.
func TestRendererFactoryWorkersPerContext(t *testing.T) {
	spec := &job.Spec{Renderer: "sharetest"}
	t.Setenv(workersPerContextEnv, "2")
	f, err := rendererFactory(spec, 5)
	if err != nil {
		t.Fatal(err)
	}
	before := sharersMade.Load()
	var rs []render.Renderer
	var bases []*sharerForTest
	for range 5 {
		r, err := f(spec)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
		if s := lastSharer.Load(); len(bases) == 0 || bases[len(bases)-1] != s {
			bases = append(bases, s)
		}
	}
	if n := sharersMade.Load() - before; n != 3 || len(bases) != 3 {
		t.Fatalf("5 workers, 2 per context: %d renderers made, want 3", n)
	}
	for i, want := range []int32{2, 2, 1} {
		if got := bases[i].clients.Load(); got != want {
			t.Errorf("renderer %d: %d clients, want %d", i, got, want)
		}
	}
	// Workers 0 and 1 share the first renderer: closed with the second.
	rs[0].Close()
	if bases[0].closed.Load() != 0 {
		t.Error("first renderer closed while a worker still uses it")
	}
	rs[1].Close()
	if bases[0].closed.Load() != 1 || bases[1].closed.Load() != 0 {
		t.Errorf("after both its workers closed: renderers closed %d, %d times, want 1, 0", bases[0].closed.Load(), bases[1].closed.Load())
	}
	// The third renderer has room: a new worker joins it.
	r, err := f(spec)
	if err != nil {
		t.Fatal(err)
	}
	if n := sharersMade.Load() - before; n != 3 || bases[2].clients.Load() != 2 {
		t.Errorf("a new worker: %d renderers made, the one with room has %d clients; want 3 and 2", n, bases[2].clients.Load())
	}
	rs = append(rs[2:], r)
	for _, r := range rs {
		r.Close()
	}
	for i, b := range bases {
		if b.closed.Load() != 1 {
			t.Errorf("renderer %d closed %d times, want 1", i, b.closed.Load())
		}
	}

	for _, bad := range []string{"-1", "two", "1.5"} {
		t.Setenv(workersPerContextEnv, bad)
		if _, err := rendererFactory(spec, 5); err == nil || !strings.Contains(err.Error(), workersPerContextEnv) {
			t.Errorf("%s=%q: error %v, want one naming the variable", workersPerContextEnv, bad, err)
		}
	}
}
