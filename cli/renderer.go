package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
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
	// The workers' renderers share their prepared environment maps, so
	// that each is prepared once per process, not once per worker.
	envs := shading.NewEnvCache(sharedEnvironments)
	sh := &sharing{}
	return func(spec *job.Spec) (render.Renderer, error) {
		sh.mu.Lock()
		defer sh.mu.Unlock()
		if sh.base != nil {
			return sh.client(), nil
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
		sh.base = s
		return sh.client(), nil
	}, nil
}

// sharing hands the workers of one run clients of a single renderer when
// the backend is a render.Sharer (render/gl: one GL context per process,
// whatever --workers is). The renderer is closed with its last client; a
// later worker gets a new one. Workers of one run share a spec, so the
// options of the first apply to all.
type sharing struct {
	mu   sync.Mutex
	base render.Sharer
	refs int
}

// client returns a new client of sh.base; sh.mu is held.
func (sh *sharing) client() render.Renderer {
	sh.refs++
	c := sh.base.Client()
	base := sh.base
	release := func() error {
		sh.mu.Lock()
		defer sh.mu.Unlock()
		sh.refs--
		if sh.refs > 0 || sh.base != base {
			return nil
		}
		sh.base = nil
		return base.Close()
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
