//go:build gl

package gl

import "github.com/synthkit/synthkit/render"

// The "gl" backend of render.New, in builds with -tags gl:
// render.Options.MSAA is Options.MSAA, GLPost is Options.Post.
func init() {
	render.Register("gl", func(o render.Options) (render.Renderer, error) {
		r, err := New(Options{Context: o.GLContext, EGLDevice: o.EGLDevice, MSAA: o.MSAA, Post: o.GLPost, CacheBytes: o.CacheBytes, ShadowMapSize: o.ShadowMapSize, SkipNormals: o.SkipNormals, Environments: o.Environments})
		if err != nil {
			return nil, err
		}
		return r, nil
	})
}
