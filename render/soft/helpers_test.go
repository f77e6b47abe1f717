package soft

import (
	"context"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// Test scenes use two cameras:
//
//   - pixelCamera: fx = fy = 4, principal point (0, 0), identity pose, so a
//     point (X, Y, 4) projects exactly to image coordinates (X, Y). Test
//     geometry then lives in pixel units on the plane z = 4, and vertex
//     coordinates on the 1/256 grid snap without rounding.
//   - the scene helpers' cameras for everything else.

const pixelZ = testscenes.PixelFocal

func pixelCamera(w, h int) scene.Camera {
	return testscenes.PixelCamera(w, h)
}

// facing is a rotation by π about y (exact): it turns a scene.Quad, which
// faces +z, towards a camera looking down +z.
var facing = mgl64.Diag4(mgl64.Vec4{-1, 1, -1, 1})

// triMesh returns a mesh of one triangle per vertex triple, in pixel units
// on the plane z = pixelZ (see pixelCamera).
func triMesh(pts ...[2]float64) *scene.Mesh {
	m := &scene.Mesh{Name: "tris"}
	for i, p := range pts {
		m.Positions = append(m.Positions, mgl32.Vec3{float32(p[0]), float32(p[1]), pixelZ})
		m.Indices = append(m.Indices, uint32(i))
	}
	return m
}

var doubleSided = &scene.Material{Name: "double", BaseColor: scene.RGB(1, 1, 1), Roughness: 1, DoubleSided: true}

func mustRender(t testing.TB, r *Renderer, s *scene.Scene) *render.Frame {
	t.Helper()
	f, err := r.Render(context.Background(), s)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return f
}

func renderScene(t testing.TB, s *scene.Scene) *render.Frame {
	t.Helper()
	r := New(Options{})
	defer r.Close()
	return mustRender(t, r, s)
}

// covered returns the pixels with a non-zero id.
func covered(f *render.Frame) int {
	n := 0
	for _, id := range f.IDs {
		if id != 0 {
			n++
		}
	}
	return n
}

// fixed converts pixel coordinates to the renderer's 1/256 fixed point
// (the test inputs lie on that grid).
func fixed(v float64) int64 { return int64(v * 256) }

// refInside is the definition of coverage, written independently of the
// rasterizer: the centre (px, py) (fixed point) is inside the convex
// polygon poly (fixed point, positive area in y-down coordinates, i.e.
// clockwise on screen) when every edge function is positive, or zero on a
// top edge (horizontal, interior below) or a left edge (going up).
func refInside(poly [][2]int64, px, py int64) bool {
	for i := range poly {
		a, b := poly[i], poly[(i+1)%len(poly)]
		dx, dy := b[0]-a[0], b[1]-a[1]
		e := dx*(py-a[1]) - dy*(px-a[0])
		topLeft := dy < 0 || (dy == 0 && dx > 0)
		if e < 0 || (e == 0 && !topLeft) {
			return false
		}
	}
	return true
}

// area2 is twice the signed area of poly in y-down coordinates.
func area2(poly [][2]int64) int64 {
	var s int64
	for i := range poly {
		a, b := poly[i], poly[(i+1)%len(poly)]
		s += a[0]*b[1] - a[1]*b[0]
	}
	return s
}
