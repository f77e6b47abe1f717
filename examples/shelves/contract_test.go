package shelves

import (
	"testing"

	"github.com/synthkit/synthkit/generator/generatortest"
)

// TestContract runs the vendors' contract kit on shelves, with a small
// procedural catalogue to keep it quick.
func TestContract(t *testing.T) {
	generatortest.Check(t, "shelves", map[string]any{"procedural_skus": 16, "texture_px": 32}, generatortest.Indices(0, 5), generatortest.Fresh(1), generatortest.Goroutines(2))
}
