package shelves

import (
	"math/rand/v2"
	"sync"

	"github.com/synthkit/synthkit/scene"
	"github.com/synthkit/synthkit/scene/envmap"
)

// Values of Params.Environment.
const (
	// EnvironmentStore lights the aisle with a procedural supermarket
	// interior (envmap.Store).
	EnvironmentStore = "store"
	// EnvironmentNone lights it with a flat ambient light instead.
	EnvironmentNone = "none"
)

// storeVariants is how many store environments a generator draws from.
// Renderers prepare each map they meet once (and keep a few), so the pool
// is small; samples vary it further by turning it and by its intensity,
// which cost nothing.
const storeVariants = 4

// storeEnvHeight is the height of the store maps: 128 rows (1.4° per
// texel) resolve the strip lights the prefiltered reflections need.
const storeEnvHeight = 128

// storeEnv is one map of the pool and the luminance it gives a white
// matte surface facing the aisle (+Z), which sets its intensity.
type storeEnv struct {
	env      *scene.Environment
	sideways float64
}

// storeEnvs builds the pool from the asset seed: neutral-white stores
// (the strips' colour and the phone's white balance stay with the
// lights) with six rows of strips along the aisle (world X).
func storeEnvs(seed uint64) []storeEnv {
	// Each variant from its own seed, so they are made side by side (the
	// first sample waits for them).
	out := make([]storeEnv, storeVariants)
	var wg sync.WaitGroup
	for k := range out {
		wg.Go(func() {
			e := envmap.Store(envmap.StoreParams{Height: storeEnvHeight, ColorTemperature: 6500, Seed: seed*storeVariants + uint64(k)})
			c := envmap.Irradiance(e, [3]float64{0, 0, 1})
			out[k] = storeEnv{env: e, sideways: 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]}
		})
	}
	wg.Wait()
	return out
}

// environment draws the sample's environment: one of the pool, turned
// about the vertical by up to ±10° (or ±10° from 180°: the store is
// seen from either end of the aisle), at the intensity that gives a
// surface facing the aisle the irradiance level of the ambient light it
// replaces.
func (g *Generator) environment(r *rand.Rand, level float64) *scene.Environment {
	pool := g.envs()
	v := pool[r.IntN(len(pool))]
	e := *v.env // a copy: Rotation and Intensity are per sample, the map shared
	e.Rotation = uniform(r, -0.1745, 0.1745)
	if r.IntN(2) == 1 {
		e.Rotation += 3.14159265358979
	}
	e.Intensity = level / v.sideways
	return &e
}
