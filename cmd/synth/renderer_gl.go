//go:build gl

package main

// With -tags gl, synth can render on OpenGL: `renderer: gl` in a spec or
// --renderer gl. SYNTHKIT_GL_CONTEXT picks the context provider (auto, egl,
// glfw). The package registers itself with render.Register as "gl".
import _ "github.com/synthkit/synthkit/render/gl"
