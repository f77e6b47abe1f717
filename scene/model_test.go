package scene

import (
	"slices"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

func TestReferencedSkipsUnusedVertices(t *testing.T) {
	m := &Mesh{Positions: make([]mgl32.Vec3, 100_000), Indices: []uint32{7, 3, 7, 3, 9, 1}}
	if got := referenced(m); !slices.Equal(got, []uint32{7, 3, 9, 1}) {
		t.Errorf("referenced = %v", got)
	}
}
