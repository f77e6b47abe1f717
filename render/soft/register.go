package soft

import "github.com/synthkit/synthkit/render"

// The "soft" backend of render.New: render.Options.SSAA is Options.SSAA.
func init() {
	render.Register("soft", func(o render.Options) (render.Renderer, error) {
		opts := Options{SSAA: o.SSAA, Workers: o.Workers, ShadowMapSize: o.ShadowMapSize, Environments: o.Environments}
		if err := opts.check(); err != nil {
			return nil, err
		}
		return New(opts), nil
	})
}
