package cli

import (
	"fmt"
	"os"
	"runtime"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/shading"
	_ "github.com/synthkit/synthkit/render/soft" // registers "soft"; renderer_gl.go adds "gl"
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
	return func(spec *job.Spec) (render.Renderer, error) {
		o := renderOptions(spec, runWorkers, normals)
		o.Environments = envs
		r, err := f(o)
		if err != nil {
			return nil, fmt.Errorf("renderer %q: %w", name, err)
		}
		return r, nil
	}, nil
}
