//go:build gl

package gl

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// Client is one worker's handle on a Renderer that several workers share
// (Renderer.Client): one GL context, one cache of meshes and textures and
// one GL thread serve them all, the thread taking their GL work in turn,
// while each worker's CPU work (scenes, labels, encoding) runs beside it.
// A Client is a render.Pipeliner whose tickets count against its own
// PipelineDepth, so each worker keeps PipelineDepth renders in flight, and
// its frames are byte-identical to the Renderer's. Close releases the
// client's renders in flight and leaves the Renderer open; the Renderer's
// Close ends every client (their calls then fail).
//
// Sharing one context matters beyond memory: with two contexts drawing
// concurrently in one process, Mesa 22.3's llvmpipe (Debian 12's) crashed
// (SIGSEGV walking a scene's resource list) in 3 of 135 stress runs of
// 150 shelves frames, with or without its rasteriser threads; with the
// workers sharing one context, none did in 316 runs.
type Client struct {
	r      *Renderer
	id     uint64
	closed atomic.Bool
}

var (
	_ render.Pipeliner = (*Client)(nil)
	_ render.Sharer    = (*Renderer)(nil)
)

// Client returns a new Client of r (render.Sharer).
func (r *Renderer) Client() render.Renderer {
	return &Client{r: r, id: r.clients.Add(1)}
}

// errClientClosed is returned by calls on a closed Client.
var errClientClosed = errors.New("gl: client is closed")

// Render is Renderer.Render.
func (c *Client) Render(ctx context.Context, s *scene.Scene) (*render.Frame, error) {
	if c.closed.Load() {
		return nil, errClientClosed
	}
	return c.r.Render(ctx, s)
}

// Start implements render.Pipeliner, as Renderer.Start does, against the
// client's own PipelineDepth.
func (c *Client) Start(ctx context.Context, s *scene.Scene) (func(context.Context) (*render.Frame, error), error) {
	if c.closed.Load() {
		return nil, errClientClosed
	}
	return c.r.start(ctx, s, c.id)
}

// ReleaseFrame implements render.FrameRecycler: Renderer.ReleaseFrame (the
// clients of one Renderer share its released frames).
func (c *Client) ReleaseFrame(f *render.Frame) { c.r.ReleaseFrame(f) }

// PipelineDepth implements render.Pipeliner: PipelineDepth.
func (c *Client) PipelineDepth() int { return PipelineDepth }

// Close releases the client's renders in flight (their wait functions
// then fail). It is safe to call more than once.
func (c *Client) Close() error {
	if c.closed.Swap(true) {
		return nil
	}
	err := c.r.thread.do(func() error {
		for i := range c.r.slots {
			if sl := &c.r.slots[i]; sl.busy && sl.owner == c.id {
				c.r.releaseSlot(sl)
			}
		}
		return nil
	})
	if errors.Is(err, errClosed) {
		return nil
	}
	return err
}
