package soft

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// TestOutsideViewEmitsNothing places 600 double-sided boxes of random
// sizes and orientations around the view of a 64×48 pixel camera (beyond
// each side by up to 30 pixels, inside it, behind the camera, across the
// near plane), sets them up, and checks every box outsideView skips by
// setting it up anyway: none of its triangles may reach a sample of
// either pass. It also checks that the test places enough boxes on both
// sides of the decision.
func TestOutsideViewEmitsNothing(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	u := func(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }
	s := &scene.Scene{Camera: pixelCamera(64, 48)}
	for range 600 {
		size := u(0.1, 12)
		if r.IntN(4) == 0 {
			size = u(0.01, 0.5)
		}
		rot := mgl64.HomogRotate3D(u(0, 6.3), mgl64.Vec3{u(-1, 1), u(-1, 1), u(-1, 1)}.Normalize())
		z := u(0.5, 12)
		if r.IntN(6) == 0 {
			z = u(-4, 1) // behind the camera, or across its near plane
		}
		// Pixel units on the plane z = pixelZ; farther, the view widens.
		k := z / pixelZ
		pos := mgl64.Vec3{u(-30, 94) * k, u(-30, 78) * k, z}
		s.Objects = append(s.Objects, scene.Object{Name: "box", Mesh: scene.Box(size, u(0.1, 1)*size, u(0.1, 1)*size),
			Material: doubleSided, Transform: mgl64.Translate3D(pos[0], pos[1], pos[2]).Mul4(rot)})
	}
	st := new(state)
	if _, err := st.setup(context.Background(), s, Options{Workers: 1, SSAA: 2}); err != nil {
		t.Fatal(err)
	}
	culled, kept, keptEmpty := 0, 0, 0
	for i := range st.objs {
		o := &st.objs[i]
		outside := o.outside
		o.outside = false
		o.transformVertices(st)
		c := &chunk{objLo: i, boxes: []ibox{emptyBox}}
		for tri := range o.mesh.NumTriangles() {
			st.setupTri(c, int32(i), o, tri)
		}
		emitted := len(c.sh) > 0 || len(c.pass[0].tris) > 0 || len(c.pass[1].tris) > 0
		switch {
		case outside && emitted:
			t.Errorf("box %d (transform %v) is outside the view by outsideView, but %d of its triangles reach a sample",
				i, s.Objects[i].Transform, len(c.sh))
		case outside:
			culled++
		case emitted:
			kept++
		default:
			keptEmpty++ // near a side, or too small to cover a sample
		}
	}
	t.Logf("%d boxes skipped, %d drawn, %d set up that cover no sample", culled, kept, keptEmpty)
	if culled < 150 || kept < 150 || keptEmpty < 20 {
		t.Errorf("the placement tests too little: %d skipped, %d drawn, %d covering nothing", culled, kept, keptEmpty)
	}
}
