package cli

import (
	"context"
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
