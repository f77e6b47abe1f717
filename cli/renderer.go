package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/shading"
	_ "github.com/synthkit/synthkit/render/soft" // registers "soft"; renderer_gl.go adds "gl"
	"github.com/synthkit/synthkit/scene"
)

// renderOptions are the backend options for spec with runWorkers sample
// workers. The spec's supersampling factor n is n×n SSAA samples for
// render/soft and n×n MSAA samples for render/gl. Samples run in parallel
// already, so a CPU renderer splits the cores between them: one worker
// still uses every core. Output bytes depend on neither number.
//
// Normals are rendered only when the spec writes the normals column (or
// normals is set, for synth view's normals mode): render/gl then skips
// their readback.
func renderOptions(spec *job.Spec, runWorkers int, normals bool) render.Options {
	n := spec.Render.SSAA
	return render.Options{
		SSAA:           n,
		MSAA:           n * n,
		ShadowMapSize:  spec.Render.ShadowMapSize,
		LensOversample: spec.Render.LensOversample,
		Workers:        max(1, runtime.GOMAXPROCS(0)/max(1, runWorkers)),
		GLContext:      os.Getenv("SYNTHKIT_GL_CONTEXT"),
		GLPost:         os.Getenv("SYNTHKIT_GL_POST"),
		SkipNormals:    !normals && !spec.Has(dataset.ColNormals),
	}
}

// sharedEnvironments is how many prepared environment maps the renderers
// of one run share (a generator such as shelves draws from a few).
const sharedEnvironments = 8

// rendererFactory returns the factory for spec.Renderer for a run with
// runWorkers sample workers (0 = GOMAXPROCS), or an error that says how to
// get it: the renderer names are those registered with render.Register.
func rendererFactory(spec *job.Spec, runWorkers int) (job.RendererFactory, error) {
	return rendererFactoryWith(spec, runWorkers, false)
}

// rendererFactoryWith is rendererFactory, with normals always rendered
// when normals is set.
func rendererFactoryWith(spec *job.Spec, runWorkers int, normals bool) (job.RendererFactory, error) {
	name := spec.Renderer
	if name == "" {
		name = job.DefaultRenderer
	}
	if runWorkers <= 0 {
		runWorkers = runtime.GOMAXPROCS(0)
	}
	f, err := render.Lookup(name)
	if err != nil {
		return nil, err
	}
	per, err := workersPerContext()
	if err != nil {
		return nil, err
	}
	// The workers' renderers share their prepared environment maps, so
	// that each is prepared once per process, not once per worker.
	envs := shading.NewEnvCache(sharedEnvironments)
	sh := &sharing{per: per}
	return func(spec *job.Spec) (render.Renderer, error) {
		sh.mu.Lock()
		defer sh.mu.Unlock()
		if c := sh.client(); c != nil {
			return c, nil
		}
		o := renderOptions(spec, runWorkers, normals)
		o.Environments = envs
		r, err := f(o)
		if err != nil {
			return nil, fmt.Errorf("renderer %q: %w", name, err)
		}
		s, ok := r.(render.Sharer)
		if !ok {
			return r, nil
		}
		sh.live = append(sh.live, &share{base: s})
		return sh.client(), nil
	}, nil
}

// workersPerContextEnv names the environment variable that bounds how
// many workers share one renderer of a render.Sharer backend (render/gl:
// one GL context and the one thread that makes its GL calls): unset or 0,
// all of a run's workers share one; N > 0, each renderer takes at most N
// and the run makes ceil(workers/N) of them. The output does not depend on
// it (a sample is rendered wholly by one renderer); on a GPU node with
// many cores it lifts the cap that one GL thread puts on samples/s.
const workersPerContextEnv = "SYNTHKIT_GL_WORKERS_PER_CONTEXT"

// workersPerContext reads workersPerContextEnv: 0 when unset.
func workersPerContext() (int, error) {
	v := os.Getenv(workersPerContextEnv)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s=%q: want a whole number of workers, 0 for all to share one renderer", workersPerContextEnv, v)
	}
	return n, nil
}

// sharing hands the workers of one run clients of the renderers of a
// render.Sharer backend (render/gl: one GL context per renderer), at most
// per workers to a renderer (0: all to one). A renderer is closed with
// its last client; a later worker gets a client of another or of a new
// one. Workers of one run share a spec, so the options of the first
// apply to all.
type sharing struct {
	mu   sync.Mutex
	per  int
	live []*share // renderers with clients
}

// share is one renderer of a sharing and its number of clients.
type share struct {
	base render.Sharer
	refs int
}

// client returns a new client of the least used live renderer that has
// room, or nil when none has; sh.mu is held.
func (sh *sharing) client() render.Renderer {
	var sr *share
	for _, x := range sh.live {
		if (sh.per == 0 || x.refs < sh.per) && (sr == nil || x.refs < sr.refs) {
			sr = x
		}
	}
	if sr == nil {
		return nil
	}
	sr.refs++
	c := sr.base.Client()
	release := func() error {
		sh.mu.Lock()
		defer sh.mu.Unlock()
		sr.refs--
		if sr.refs > 0 {
			return nil
		}
		sh.live = slices.DeleteFunc(sh.live, func(x *share) bool { return x == sr })
		return sr.base.Close()
	}
	if p, ok := c.(render.Pipeliner); ok {
		return &sharedPipeliner{sharedClient{Renderer: c, release: release}, p}
	}
	return &sharedClient{Renderer: c, release: release}
}

// sharedClient is a client that releases its share of the renderer when
// closed.
type sharedClient struct {
	render.Renderer
	release func() error
	once    sync.Once
}

// Close closes the client, then the shared renderer when it was the last.
func (c *sharedClient) Close() error {
	err := c.Renderer.Close()
	c.once.Do(func() { err = errors.Join(err, c.release()) })
	return err
}

// ReleaseFrame hands f back to the client (render.ReleaseFrame), so that
// a backend that recycles frames (render/gl's clients share their
// renderer's) refills it.
func (c *sharedClient) ReleaseFrame(f *render.Frame) { render.ReleaseFrame(c.Renderer, f) }

// sharedPipeliner is a sharedClient of a render.Pipeliner.
type sharedPipeliner struct {
	sharedClient
	p render.Pipeliner
}

// Start is the client's render.Pipeliner.Start.
func (c *sharedPipeliner) Start(ctx context.Context, s *scene.Scene) (func(context.Context) (*render.Frame, error), error) {
	return c.p.Start(ctx, s)
}

// PipelineDepth is the client's render.Pipeliner.PipelineDepth.
func (c *sharedPipeliner) PipelineDepth() int { return c.p.PipelineDepth() }
