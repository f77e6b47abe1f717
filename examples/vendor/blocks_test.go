package blocks

import (
	"testing"

	"github.com/synthkit/synthkit/generator/generatortest"
)

// TestContract runs synthkit's contract kit for vendors on blocks: the
// same scene for the same (seed, index) across calls, fresh instances and
// goroutines, the camera size asked for, the categories declared, bad
// params rejected.
func TestContract(t *testing.T) {
	generatortest.Check(t, "blocks", nil)
	generatortest.Check(t, "blocks", map[string]any{"towers": map[string]any{"min": 3, "max": 3}})
}
