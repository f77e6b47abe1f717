package soft

import (
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// rayDepth returns the camera z where the ray through image point (u, v)
// meets the plane n·p = d (camera frame).
func rayDepth(c scene.Camera, u, v float64, n mgl64.Vec3, d float64) float64 {
	r := mgl64.Vec3{(u - c.Cx) / c.Fx, (v - c.Cy) / c.Fy, 1}
	return d / n.Dot(r)
}

// TestTiltedPlaneDepth renders planes tilted about several axes and
// checks every covered pixel's depth against the analytic ray–plane
// intersection at the pixel centre, to 1e-6 relative, and its normal
// against the plane normal.
func TestTiltedPlaneDepth(t *testing.T) {
	cases := []struct {
		name  string
		rot   mgl64.Mat4
		depth float64
	}{
		{"pitch 35°", mgl64.HomogRotate3DX(mgl64.DegToRad(35)), 3},
		{"yaw -60°", mgl64.HomogRotate3DY(mgl64.DegToRad(-60)), 2.5},
		{"grazing 80°", mgl64.HomogRotate3DX(mgl64.DegToRad(80)), 4},
		{"oblique", mgl64.HomogRotate3D(1.1, mgl64.Vec3{1, 2, 0.5}.Normalize()), 6},
	}
	cam := scene.NewCameraFOV(96, 72, 60)
	cam.Cx += 0.3 // an off-centre principal point
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr := mgl64.Translate3D(0.2, -0.1, c.depth).Mul4(c.rot).Mul4(facing)
			s := &scene.Scene{Camera: cam, Objects: []scene.Object{{Name: "plane", Mesh: scene.Quad(3, 3), Material: doubleSided, Transform: tr}}}
			f := renderScene(t, s)
			// Plane through the transformed origin with the transformed
			// normal (rotations keep normals).
			n := tr.Mul4x1(mgl64.Vec4{0, 0, 1, 0}).Vec3()
			d := n.Dot(tr.Col(3).Vec3())
			if d > 0 { // face the camera
				n, d = n.Mul(-1), -d
			}
			count := 0
			for y := range cam.Height {
				for x := range cam.Width {
					i := y*cam.Width + x
					if f.IDs[i] == 0 {
						continue
					}
					count++
					want := rayDepth(cam, float64(x)+0.5, float64(y)+0.5, n, d)
					if got := float64(f.Depth[i]); math.Abs(got-want) > 1e-6*want {
						t.Fatalf("pixel (%d,%d): depth %.9g, want %.9g (rel err %.2g)", x, y, got, want, math.Abs(got-want)/want)
					}
					got := f.Normals[i]
					if math.Abs(float64(got[0])-n[0]) > 1e-5 || math.Abs(float64(got[1])-n[1]) > 1e-5 || math.Abs(float64(got[2])-n[2]) > 1e-5 {
						t.Fatalf("pixel (%d,%d): normal %v, want %v", x, y, got, n)
					}
				}
			}
			if count < 200 {
				t.Fatalf("only %d pixels covered", count)
			}
		})
	}
}

// TestOcclusion puts a small quad in front of a larger one: ids and depth
// show the near quad where they overlap, while the far quad's silhouette
// is its whole projection.
func TestOcclusion(t *testing.T) {
	cam := scene.Camera{Fx: 32, Fy: 32, Cx: 32, Cy: 24, Width: 64, Height: 48, Near: 0.1, Far: 10, Pose: mgl64.Ident4()}
	far := scene.Object{Name: "far", Mesh: scene.Quad(2, 1), Transform: mgl64.Translate3D(0, 0, 4).Mul4(facing)}
	near := scene.Object{Name: "near", Mesh: scene.Quad(0.5, 0.5), Transform: mgl64.Translate3D(0.25, 0, 2).Mul4(facing)}
	for _, order := range []string{"far first", "near first"} {
		t.Run(order, func(t *testing.T) {
			s := &scene.Scene{Camera: cam, Objects: []scene.Object{far, near}}
			farID, nearID := uint32(1), uint32(2)
			if order == "near first" {
				s.Objects = []scene.Object{near, far}
				farID, nearID = 2, 1
			}
			f := renderScene(t, s)
			// far: u in [24, 40), v in [20, 28); near: u in [32, 40), v in [20, 28).
			inFar := func(x, y int) bool { return x >= 24 && x < 40 && y >= 20 && y < 28 }
			inNear := func(x, y int) bool { return x >= 32 && x < 40 && y >= 20 && y < 28 }
			for y := range 48 {
				for x := range 64 {
					i := y*64 + x
					want, depth := uint32(0), float32(0)
					switch {
					case inNear(x, y):
						want, depth = nearID, 2
					case inFar(x, y):
						want, depth = farID, 4
					}
					if f.IDs[i] != want || f.Depth[i] != depth {
						t.Fatalf("pixel (%d,%d): id %d depth %g, want %d %g", x, y, f.IDs[i], f.Depth[i], want, depth)
					}
					if f.Silhouettes[farID-1].At(x, y) != inFar(x, y) {
						t.Fatalf("far silhouette at (%d,%d) = %v", x, y, !inFar(x, y))
					}
				}
			}
			if p := f.Silhouettes[farID-1].Pixels; p != 16*8 {
				t.Errorf("far silhouette has %d pixels, want 128", p)
			}
			if p := f.Silhouettes[nearID-1].Pixels; p != 8*8 {
				t.Errorf("near silhouette has %d pixels, want 64", p)
			}
		})
	}
}

// TestDepthTies checks that on equal depth the earlier object in scene
// order keeps the pixel, whatever the number of workers.
func TestDepthTies(t *testing.T) {
	cam := scene.Camera{Fx: 32, Fy: 32, Cx: 32, Cy: 24, Width: 64, Height: 48, Near: 0.1, Far: 10, Pose: mgl64.Ident4()}
	q := scene.Quad(1, 1)
	s := &scene.Scene{Camera: cam}
	for i := range 5 {
		s.Objects = append(s.Objects, scene.Object{Name: "q", Mesh: q, Transform: mgl64.Translate3D(float64(i)*0.1, 0, 2).Mul4(facing)})
	}
	for _, w := range []int{1, 3} {
		r := New(Options{Workers: w})
		f := mustRender(t, r, s)
		r.Close()
		for y := range 48 {
			for x := range 64 {
				// Object i covers u in [24+1.6i, 40+1.6i) (u = 16·X + 32)
				// and rows 16..31: the first one covering a pixel centre
				// must own it.
				want := uint32(0)
				for i := range 5 {
					u := float64(x) + 0.5
					lo := 24 + 1.6*float64(i)
					if u >= lo && u < lo+16 && y >= 16 && y < 32 {
						want = uint32(i + 1)
						break
					}
				}
				if got := f.IDs[y*64+x]; got != want {
					t.Fatalf("workers %d: pixel (%d,%d): id %d, want %d", w, x, y, got, want)
				}
			}
		}
	}
}

// normalNear reports whether a and b differ by less than tol per component.
func normalNear(a mgl32.Vec3, b mgl64.Vec3, tol float64) bool {
	for k := range 3 {
		if math.Abs(float64(a[k])-b[k]) > tol {
			return false
		}
	}
	return true
}

// frameDepthRange returns the smallest and largest non-zero depth.
func frameDepthRange(f *render.Frame) (lo, hi float32) {
	lo = float32(math.Inf(1))
	for _, d := range f.Depth {
		if d != 0 {
			lo, hi = min(lo, d), max(hi, d)
		}
	}
	return lo, hi
}
