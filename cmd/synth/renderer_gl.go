//go:build gl

package main

import (
	"os"

	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/render"
	glr "github.com/synthkit/synthkit/render/gl"
)

// With -tags gl, synth can render on OpenGL: `renderer: gl` in a spec or
// --renderer gl. SYNTHKIT_GL_CONTEXT picks the context provider (auto, egl,
// glfw). The spec's supersampling factor n becomes n×n MSAA samples.
func init() {
	backends["gl"] = func(spec *job.Spec, _ int) (render.Renderer, error) {
		n := spec.Render.SSAA
		return glr.New(glr.Options{Context: os.Getenv("SYNTHKIT_GL_CONTEXT"), Samples: n * n})
	}
}
