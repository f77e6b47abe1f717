package shelves

import (
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// flatten puts the merged model in the product frame and makes its shaded
// material variants; the merging itself is tested in package scene/merge.
func TestFlatten(t *testing.T) {
	grey := scene.RGB(0.5, 0.5, 0.5)
	m := &scene.Model{Parts: []scene.Part{
		{Name: "body", Mesh: scene.Box(1, 2, 0.5), Transform: mgl64.Translate3D(3, 1, -1), Material: &scene.Material{BaseColor: grey}},
		{Name: "cap", Mesh: scene.Box(0.5, 0.5, 0.5), Transform: mgl64.Translate3D(3.25, 2.25, -1), Material: &scene.Material{BaseColor: scene.RGB(1, 0, 0)}},
	}}
	fm, err := flatten(m, "test", 64)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := fm.mesh.Bounds()
	if math.Abs(lo[1]) > 1e-6 || math.Abs(lo[0]+hi[0]) > 1e-6 || math.Abs(lo[2]+hi[2]) > 1e-6 {
		t.Errorf("bounds %v %v: origin not at the bottom centre", lo, hi)
	}
	if want := (mgl64.Vec3{1, 2.5, 0.5}); fm.dims.Sub(want).Len() > 1e-6 {
		t.Errorf("dims %v, want %v", fm.dims, want)
	}
	if fm.shaded[0] != fm.mat {
		t.Error("shaded[0] is not the material itself")
	}
	for k, f := range shadeLevels {
		if got, want := fm.shaded[k].BaseColor, fm.mat.BaseColor.Scale(f); got != want {
			t.Errorf("shaded[%d] base colour %v, want %v", k, got, want)
		}
		if fm.shaded[k].BaseColorTexture != fm.mat.BaseColorTexture {
			t.Errorf("shaded[%d] does not share the atlas", k)
		}
	}
	if _, err := flatten(&scene.Model{}, "empty", 64); err == nil {
		t.Error("flatten of an empty model succeeded")
	}
}
