package soft

import "github.com/synthkit/synthkit/render"

// The "soft" backend of render.New: render.Options.SSAA is Samples.
func init() {
	render.Register("soft", func(o render.Options) (render.Renderer, error) {
		opts := Options{Samples: o.SSAA, Workers: o.Workers, ShadowMapSize: o.ShadowMapSize}
		if err := opts.check(); err != nil {
			return nil, err
		}
		return New(opts), nil
	})
}
