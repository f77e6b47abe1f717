package main

import (
	"fmt"
	"runtime"

	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"
)

// backend makes a renderer for one of runWorkers sample workers.
type backend func(spec *job.Spec, runWorkers int) (render.Renderer, error)

// backends maps a spec's renderer name to its constructor. render/gl adds
// "gl" when synth is built with -tags gl (see renderer_gl.go).
var backends = map[string]backend{
	"soft": func(spec *job.Spec, runWorkers int) (render.Renderer, error) {
		// Samples run in parallel already; split the cores between them so
		// that one worker still uses every core. Output bytes do not depend
		// on either number.
		return soft.New(soft.Options{Samples: spec.Render.SSAA, Workers: max(1, runtime.GOMAXPROCS(0)/max(1, runWorkers))}), nil
	},
}

// rendererFactory returns the factory for spec.Renderer for a run with
// runWorkers sample workers (0 = GOMAXPROCS), or an error that says how to
// get it.
func rendererFactory(spec *job.Spec, runWorkers int) (job.RendererFactory, error) {
	name := spec.Renderer
	if name == "" {
		name = job.DefaultRenderer
	}
	f, ok := backends[name]
	if !ok {
		if name == "gl" {
			return nil, fmt.Errorf("renderer \"gl\" is not in this build of synth: rebuild with `go build -tags gl ./cmd/synth` (needs OpenGL/EGL development libraries)")
		}
		return nil, fmt.Errorf("unknown renderer %q (known: soft, gl)", name)
	}
	if runWorkers <= 0 {
		runWorkers = runtime.GOMAXPROCS(0)
	}
	return func(spec *job.Spec) (render.Renderer, error) { return f(spec, runWorkers) }, nil
}
