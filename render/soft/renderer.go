package soft

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/shading"
	"github.com/synthkit/synthkit/scene"
)

// MaxSSAA is the largest supersampling factor per axis Options.SSAA
// accepts.
const MaxSSAA = 4

// Options configures a Renderer. The zero value renders one colour sample
// per pixel on GOMAXPROCS goroutines.
type Options struct {
	// SSAA is the supersampling factor per axis for the colour image:
	// each pixel shades SSAA×SSAA sub-samples on a regular grid at
	// (x+(i+0.5)/n, y+(j+0.5)/n) and averages them in linear light. 0 and 1
	// mean one sample at the pixel centre; at most MaxSSAA. Instance
	// ids, depth, normals and silhouettes always come from the single
	// sample at the pixel centre, whatever SSAA is.
	SSAA int
	// Workers is the number of goroutines a render uses; 0 means
	// runtime.GOMAXPROCS(0). The output does not depend on it.
	Workers int
	// ShadowMapSize is the side, in texels, of the shadow map of each
	// directional light with CastShadows (see package render/shading,
	// "Shadows"); 0 means shading.DefaultShadowMapSize, at most
	// shading.MaxShadowMapSize. It changes colour only.
	ShadowMapSize int
	// Environments is the cache of prepared environment maps the renderer
	// uses, which several renderers may share; nil gives it its own of
	// envCacheSize maps.
	Environments *shading.EnvCache
}

func (o Options) check() error {
	if o.SSAA < 0 || o.SSAA > MaxSSAA {
		return fmt.Errorf("soft: Options.SSAA = %d, want 0..%d", o.SSAA, MaxSSAA)
	}
	if o.Workers < 0 {
		return fmt.Errorf("soft: Options.Workers = %d, want >= 0", o.Workers)
	}
	if o.ShadowMapSize < 0 || o.ShadowMapSize > shading.MaxShadowMapSize {
		return fmt.Errorf("soft: Options.ShadowMapSize = %d, want 0..%d", o.ShadowMapSize, shading.MaxShadowMapSize)
	}
	return nil
}

// Renderer is the pure-Go reference rasterizer. It implements
// render.Renderer and render.FrameRecycler. It keeps scratch buffers
// between renders, and the frames handed back with ReleaseFrame; it is
// safe for concurrent use (concurrent renders each get their own scratch
// and frame).
type Renderer struct {
	opts Options

	mu     sync.Mutex
	free   []*state         // scratch of finished renders, reused by the next ones
	frames render.FramePool // released frames, refilled by the next renders
	closed bool
	// envs holds the prepared environments of recent scenes; safe for
	// concurrent use.
	envs *shading.EnvCache
}

var (
	_ render.Renderer      = (*Renderer)(nil)
	_ render.FrameRecycler = (*Renderer)(nil)
)

// maxPooled bounds how many scratch states, and separately how many
// released frames, a Renderer keeps between renders.
const maxPooled = 4

// ErrClosed is returned by Render after Close.
var ErrClosed = errors.New("soft: renderer is closed")

// New returns a Renderer with the given options. Invalid options are
// reported by Render.
func New(opts Options) *Renderer {
	envs := opts.Environments
	if envs == nil {
		envs = shading.NewEnvCache(envCacheSize)
	}
	return &Renderer{opts: opts, envs: envs, frames: render.FramePool{Max: maxPooled}}
}

// Render validates s and rasterizes it into a Frame, which belongs to the
// caller until it hands it back with ReleaseFrame: a frame released
// earlier when there is one (its buffers reused, resized as needed),
// otherwise a new one. The output is the same either way. It returns an
// error wrapping scene.ErrInvalid for scenes that fail s.Validate(), and
// the context's error (wrapped) when ctx is cancelled before the frame is
// complete.
func (r *Renderer) Render(ctx context.Context, s *scene.Scene) (*render.Frame, error) {
	if err := r.opts.check(); err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("soft: %w", err)
	}
	if !s.Camera.Distortion.Identity() {
		return nil, fmt.Errorf("soft: %w", render.ErrLensNotSupported)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("soft: render cancelled: %w", err)
	}
	st, err := r.acquire()
	if err != nil {
		return nil, err
	}
	defer r.release(st)
	st.envMap = r.envMap(s.Environment)
	f := r.frame(s.Camera.Width, s.Camera.Height, len(s.Objects))
	if err := st.render(ctx, s, r.opts, f); err != nil {
		r.ReleaseFrame(f) // never seen by the caller: its buffers stay reusable
		return nil, err
	}
	return f, nil
}

// ReleaseFrame implements render.FrameRecycler: it hands back f, a frame
// returned by Render, so that a later Render refills its buffers instead
// of allocating. Neither f nor anything it holds may be used afterwards,
// nor may f be released twice. Any frame is accepted (buffers of the wrong
// size are reallocated when reused); nil is ignored, and so is f when the
// Renderer is closed or already keeps enough frames. The silhouette masks
// are not reused: they are dropped here.
func (r *Renderer) ReleaseFrame(f *render.Frame) { r.frames.Put(f) }

// frame returns a width×height frame for n objects: the most recently
// released one, reshaped, or a new one. Its pixels are not cleared (the
// render writes every one).
func (r *Renderer) frame(width, height, n int) *render.Frame {
	f, _ := r.frames.Get(width, height, n)
	return f
}

// Close releases the scratch buffers and the released frames. Render
// returns ErrClosed afterwards. Close is idempotent.
func (r *Renderer) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	r.free = nil
	r.frames.Close()
	return nil
}

func (r *Renderer) acquire() (*state, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	if n := len(r.free); n > 0 {
		st := r.free[n-1]
		r.free[n-1] = nil
		r.free = r.free[:n-1]
		return st, nil
	}
	return new(state), nil
}

func (r *Renderer) release(st *state) {
	st.forget()
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.closed && len(r.free) < maxPooled {
		r.free = append(r.free, st)
	}
}

// parallel runs fn(worker, i) for i in [0, n) on up to st.nWorkers
// goroutines, handing out indices in increasing order. Which worker runs
// which index varies; callers make the result independent of it. It stops
// early and returns the wrapped context error when ctx is cancelled, and
// turns a panic in fn (a bug) into an error rather than a crash.
func (st *state) parallel(ctx context.Context, what string, n int, fn func(w, i int)) error {
	if n <= 0 {
		return nil
	}
	done := ctx.Done()
	workers := min(st.nWorkers, n)
	var next atomic.Int64
	var failed atomic.Pointer[error]
	work := func(w int) {
		defer func() {
			if p := recover(); p != nil {
				err := fmt.Errorf("soft: internal error during %s: %v", what, p)
				failed.CompareAndSwap(nil, &err)
			}
		}()
		for failed.Load() == nil {
			select {
			case <-done:
				return
			default:
			}
			i := int(next.Add(1) - 1)
			if i >= n {
				return
			}
			fn(w, i)
		}
	}
	if workers <= 1 {
		work(0)
	} else {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				work(w)
			}()
		}
		wg.Wait()
	}
	if p := failed.Load(); p != nil {
		return *p
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("soft: render cancelled during %s: %w", what, err)
	}
	return nil
}

// workerCount resolves Options.Workers.
func workerCount(o Options) int {
	if o.Workers > 0 {
		return o.Workers
	}
	return max(1, runtime.GOMAXPROCS(0))
}

// envCacheSize is how many prepared environments a Renderer keeps.
const envCacheSize = 4

// envMap returns the prepared form of e (nil for nil), from the
// renderer's cache when it holds it.
func (r *Renderer) envMap(e *scene.Environment) *shading.EnvMap {
	if e == nil {
		return nil
	}
	return r.envs.Get(e)
}
