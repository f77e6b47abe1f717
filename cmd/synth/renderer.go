package main

import (
	"fmt"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"
	"github.com/synthkit/synthkit/shard"
)

// backends maps a spec's renderer name to its factory. render/gl adds "gl"
// when synth is built with -tags gl (see renderer_gl.go).
var backends = map[string]shard.RendererFactory{
	"soft": func(spec *shard.Spec) (render.Renderer, error) {
		return soft.New(soft.Options{Samples: spec.Render.Samples}), nil
	},
}

// rendererFactory returns the factory for spec.Renderer, or an error that
// says how to get it.
func rendererFactory(spec *shard.Spec) (shard.RendererFactory, error) {
	name := spec.Renderer
	if name == "" {
		name = shard.DefaultRenderer
	}
	f, ok := backends[name]
	if !ok {
		if name == "gl" {
			return nil, fmt.Errorf("renderer \"gl\" is not in this build of synth: rebuild with `go build -tags gl ./cmd/synth` (needs OpenGL/EGL development libraries)")
		}
		return nil, fmt.Errorf("unknown renderer %q (known: soft, gl)", name)
	}
	return f, nil
}
