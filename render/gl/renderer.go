//go:build gl

package gl

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/go-gl/gl/v4.1-core/gl"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/shading"
	"github.com/synthkit/synthkit/scene"
)

// Renderer renders scenes with OpenGL on a context it owns. All GL work
// runs on one OS thread owned by the Renderer; its methods may be called
// from any goroutine, and concurrent Render calls are serialised.
type Renderer struct {
	opts   Options
	thread *glThread
	info   Info
	// clients numbers the Clients handed out (their ticket owners).
	clients atomic.Uint64
	// frames holds frames handed back with ReleaseFrame, refilled by
	// later renders (any goroutine).
	frames render.FramePool
	// envMaps prepares the scenes' environment maps. It is safe for
	// concurrent use, and Render and Submit call it (envMap) before they
	// hand the scene to the GL thread, so that hashing a map and, on a
	// miss, preparing it run on the caller's goroutine, not on the thread
	// every worker waits on.
	envMaps *shading.EnvCache
	// atlasCopies recycles the buffers collectOn copies silhouette atlas
	// rows into for finish.
	atlasCopies bufferList

	// Everything below is owned by the GL thread.
	ctx         glContext
	glReady     bool // GL functions are loaded
	caps        capabilities
	orient      orientation
	progs       *programs
	cache       *cache
	slots       []slot // render targets and readback buffers, see pipeline.go
	seq         uint64 // last ticket number
	atlas       *atlas
	atlasSide   int // smallest atlas side; 0 means minAtlasSide (tests lower it)
	instanceBuf uint32
	instanceCap int
	lightBuf    uint32
	lights      lightBlock
	shadowSize  int         // texels per side of a shadow map
	shadows     *shadowMaps // nil until a scene needs one
	shadowFrame shadowFrame // this render's shadowed lights
	env         envState    // prepared environments, their atlases, this render's placement
	post        *postState  // the post-effects' programs and tables; nil until a scene has post-effects
	postOnGPU   bool        // Options.Post resolved for this context
	frame       uint64
	resetStatus func() uint32 // glGetGraphicsResetStatus or a variant; nil when none (tests fake it)
	lost        error         // set once the context is lost; wraps ErrContextLost
}

var (
	_ render.Renderer      = (*Renderer)(nil)
	_ render.FrameRecycler = (*Renderer)(nil)
	_ render.FrameRecycler = (*Client)(nil)
)

// maxFrames bounds how many released frames a Renderer keeps: enough for
// every slot of a few clients' pipelines.
const maxFrames = 8

// ReleaseFrame implements render.FrameRecycler: it hands back f, a frame
// returned by Render or a Collect, so that a later render refills its
// buffers instead of allocating about 8 MB (640×480) of fresh memory.
// Neither f nor anything it holds may be used afterwards, nor may f be
// released twice. nil is ignored, and so is f once the Renderer is closed
// or keeps maxFrames frames. Renders refill every pixel, so a recycled
// frame's output is the same as a new one's.
func (r *Renderer) ReleaseFrame(f *render.Frame) { r.frames.Put(f) }

// newFrame returns a frame for s: the most recently released one,
// reshaped, or a new one. Its Color, IDs and Depth are overwritten by the
// readback; its Normals too unless Options.SkipNormals, in which case a
// reused frame's are cleared here (they stay zero).
func (r *Renderer) newFrame(s *scene.Scene) *render.Frame {
	f, reused := r.frames.Get(s.Camera.Width, s.Camera.Height, len(s.Objects))
	if reused && r.opts.SkipNormals {
		clear(f.Normals)
	}
	return f
}

// New creates an OpenGL context (see Options.Context), compiles the shaders
// and calibrates the clip-space orientation. The error wraps ErrNoContext
// when no provider could create a context, and says what each one lacked.
func New(opts Options) (*Renderer, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	r := &Renderer{opts: o, thread: newGLThread(), frames: render.FramePool{Max: maxFrames}}
	r.envMaps = o.Environments
	if r.envMaps == nil {
		r.envMaps = shading.NewEnvCache(envCacheSize)
	}
	err = r.thread.do(r.setup)
	if err != nil {
		r.thread.stop(r.teardown)
		return nil, err
	}
	return r, nil
}

// setup runs on the GL thread.
func (r *Renderer) setup() error {
	c, err := openContext(r.opts)
	if err != nil {
		return err
	}
	r.ctx = c
	if err := loadGL(c); err != nil {
		return err
	}
	r.glReady = true
	if r.caps, err = queryCapabilities(); err != nil {
		return fmt.Errorf("%w (context from %s)", err, c.describe())
	}
	if r.opts.MSAA > r.caps.maxSamples {
		return fmt.Errorf("%w: %d MSAA samples requested, %s allows at most %d", ErrUnsupported, r.opts.MSAA, r.caps.renderer, r.caps.maxSamples)
	}
	if r.caps.maxUBO < 8*4*maxLights {
		return fmt.Errorf("%w: uniform blocks of %d bytes are too small for %d lights", ErrUnsupported, r.caps.maxUBO, maxLights)
	}
	r.shadowSize = r.opts.ShadowMapSize
	if r.shadowSize == 0 {
		r.shadowSize = shading.DefaultShadowMapSize
	}
	if r.shadowSize > r.caps.maxSize {
		return fmt.Errorf("%w: shadow maps of %d texels per side requested, %s allows at most %d", ErrUnsupported, r.shadowSize, r.caps.renderer, r.caps.maxSize)
	}
	if r.progs, err = newPrograms(); err != nil {
		return err
	}
	gl.GenBuffers(1, &r.instanceBuf)
	gl.GenBuffers(1, &r.lightBuf)
	gl.BindBuffer(gl.UNIFORM_BUFFER, r.lightBuf)
	gl.BufferData(gl.UNIFORM_BUFFER, 8*4*maxLights, nil, gl.DYNAMIC_DRAW)
	gl.BindBuffer(gl.UNIFORM_BUFFER, 0)
	r.cache = newCache(r.opts.CacheBytes, r.instanceBuf, r.caps.maxSize)
	if err := glError("creating buffers"); err != nil {
		return err
	}
	exact, err := r.calibrate()
	if err != nil {
		return err
	}
	r.postOnGPU = r.opts.Post == PostGPU || (r.opts.Post == PostAuto && !softwareRasterizer(r.caps.renderer))
	query, status := resetQuery(r.caps)
	r.resetStatus = status
	r.info = Info{
		Provider: c.describe(), Vendor: r.caps.vendor, Renderer: r.caps.renderer, Version: r.caps.version,
		MaxMSAA: r.caps.maxSamples, MaxSize: r.caps.maxSize,
		Orientation: r.orient.String(), FillRuleExact: exact,
		PostOnGPU:     r.postOnGPU,
		RobustRequest: c.robustRequest(), ResetNotification: resetStrategy(r.caps), ResetQuery: query,
	}
	return nil
}

// teardown runs on the GL thread and frees everything setup made.
func (r *Renderer) teardown() {
	if r.ctx == nil {
		return
	}
	// On a lost context GL objects are gone with it; destroying the
	// context is all that is left to do.
	if r.glReady && r.lost == nil {
		if r.cache != nil {
			r.cache.release()
		}
		r.env.release()
		r.deleteSlots()
		r.atlas.delete()
		r.shadows.delete()
		r.post.delete()
		if r.progs != nil {
			r.progs.delete()
		}
		for _, b := range []*uint32{&r.instanceBuf, &r.lightBuf} {
			if *b != 0 {
				gl.DeleteBuffers(1, b)
			}
		}
	}
	r.ctx.destroy()
	r.ctx = nil
}

// Info describes the context and the orientation calibration.
func (r *Renderer) Info() Info { return r.info }

// Close frees the GL resources and the context. It is safe to call more
// than once; Render fails after it.
func (r *Renderer) Close() error {
	r.frames.Close()
	r.thread.stop(r.teardown)
	return nil
}

// Render draws s and reads back every buffer of the Frame: Submit and
// Collect in one step, with no other work between them. It validates the
// scene first; ctx is checked before the work starts and while waiting for
// the readback. After a context loss, it returns an error wrapping
// ErrContextLost, as do all later calls.
func (r *Renderer) Render(ctx context.Context, s *scene.Scene) (*render.Frame, error) {
	if err := r.precheck(ctx, s); err != nil {
		return nil, err
	}
	f := r.newFrame(s)
	env := r.envMap(s)
	var c *collected
	err := r.thread.do(func() error {
		if err := r.usable(); err != nil {
			return err
		}
		var err error
		c, err = r.renderOn(ctx, s, env, f)
		return r.checkReset(err)
	})
	if err != nil {
		r.ReleaseFrame(f) // never seen by the caller
		return nil, r.wrapErr(err, s)
	}
	return r.finish(c), nil
}
