package basic

import (
	"testing"

	"github.com/synthkit/synthkit/generator/generatortest"
)

// TestContract runs the vendors' contract kit on basic, with its defaults
// and with a small scene.
func TestContract(t *testing.T) {
	generatortest.Check(t, "basic", nil)
	generatortest.Check(t, "basic", map[string]any{"min_objects": 1, "max_objects": 4})
}
