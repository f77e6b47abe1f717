package shelves

import (
	"reflect"
	"testing"

	"github.com/synthkit/synthkit/scene/envmap"
)

// TestStoreEnvs: the store environments, made side by side, are each the
// map envmap.Store makes alone from the variant's seed, so the pool does
// not depend on how its variants were scheduled.
func TestStoreEnvs(t *testing.T) {
	const seed = 7
	pool := storeEnvs(seed)
	if len(pool) != storeVariants {
		t.Fatalf("%d variants, want %d", len(pool), storeVariants)
	}
	for k, v := range pool {
		want := envmap.Store(envmap.StoreParams{Height: storeEnvHeight, ColorTemperature: 6500, Seed: seed*storeVariants + uint64(k)})
		if !reflect.DeepEqual(v.env, want) {
			t.Errorf("variant %d differs from envmap.Store's map for its seed", k)
		}
		if !(v.sideways > 0) {
			t.Errorf("variant %d: sideways irradiance %g, want > 0", k, v.sideways)
		}
	}
}
