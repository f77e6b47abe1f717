package labels

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// KeypointDepthTolerance is the relative depth tolerance of the keypoint
// visibility test: a depth sample d does not hide a point at camera depth z
// when d >= z·(1 − KeypointDepthTolerance), i.e. 1 mm at 1 m. It absorbs
// float32 depth storage and interpolation error, not geometry: see
// "Keypoint visibility" in the package documentation for why a pixel's
// worth of surface slope needs no tolerance.
const KeypointDepthTolerance = 1e-3

// CuboidCorners returns the 8 corners of the axis-aligned box [lo, hi] in
// the fixed order used by Instance.Cuboid and Instance.Keypoints[1:]
// (Objectron's order): corner i takes x from hi when bit 2 of i is set,
// y from hi when bit 1 is set, z from hi when bit 0 is set, else from lo:
//
//	0 (lo,lo,lo)  1 (lo,lo,hi)  2 (lo,hi,lo)  3 (lo,hi,hi)
//	4 (hi,lo,lo)  5 (hi,lo,hi)  6 (hi,hi,lo)  7 (hi,hi,hi)
func CuboidCorners(lo, hi mgl64.Vec3) [8]mgl64.Vec3 {
	var c [8]mgl64.Vec3
	for i := range c {
		c[i] = lo
		if i&4 != 0 {
			c[i][0] = hi[0]
		}
		if i&2 != 0 {
			c[i][1] = hi[1]
		}
		if i&1 != 0 {
			c[i][2] = hi[2]
		}
	}
	return c
}

// view is what the geometric labels need from the camera and the frame.
type view struct {
	cam     *scene.Camera
	depth   []float32 // row-major w×h camera z, 0 for background
	w, h    int
	frustum frustum
	meshes  map[*scene.Mesh]*meshInfo
}

func newView(cam *scene.Camera, depth []float32) *view {
	return &view{cam: cam, depth: depth, w: cam.Width, h: cam.Height, frustum: newFrustum(cam), meshes: make(map[*scene.Mesh]*meshInfo)}
}

// frustum is the closed view frustum as six half-spaces a·(x, y, z, 1) >= 0:
// Near <= z <= Far, and with z > 0 the projection in [0, W]×[0, H]
// (Fx·x + Cx·z >= 0 is u >= 0, and so on), tested without divisions.
type frustum [6]mgl64.Vec4

func newFrustum(c *scene.Camera) frustum {
	w, h := float64(c.Width), float64(c.Height)
	return frustum{
		{0, 0, 1, -c.Near},
		{0, 0, -1, c.Far},
		{c.Fx, 0, c.Cx, 0},
		{-c.Fx, 0, w - c.Cx, 0},
		{0, c.Fy, c.Cy, 0},
		{0, -c.Fy, h - c.Cy, 0},
	}
}

// contains reports whether the point (x, y, z) lies in every half-space;
// NaN coordinates lie in none.
func (f *frustum) contains(x, y, z float64) bool {
	for _, a := range f {
		if !(a[0]*x+a[1]*y+a[2]*z+a[3] >= 0) {
			return false
		}
	}
	return true
}

// through returns the half-spaces in the coordinates that m maps to the
// camera frame: a point p lies in a·(m p) >= 0 iff it lies in (mᵀa)·p >= 0.
func (f *frustum) through(m mgl64.Mat4) frustum {
	var g frustum
	t := m.Transpose()
	for i, a := range f {
		g[i] = t.Mul4x1(a)
	}
	return g
}

// meshInfo is what Extract computes once per mesh: its local bounds and,
// when asked for, the vertices its triangles use.
type meshInfo struct {
	lo, hi mgl64.Vec3
	used   []mgl32.Vec3 // referenced positions, each once; nil until needed
}

func (v *view) mesh(m *scene.Mesh) *meshInfo {
	mi := v.meshes[m]
	if mi == nil {
		mi = &meshInfo{}
		mi.lo, mi.hi = m.Bounds()
		v.meshes[m] = mi
	}
	return mi
}

// vertices returns the positions referenced by m's triangles, each once.
func (mi *meshInfo) vertices(m *scene.Mesh) []mgl32.Vec3 {
	if mi.used != nil {
		return mi.used
	}
	seen := make([]bool, len(m.Positions))
	n := 0
	for _, i := range m.Indices {
		if int(i) < len(seen) && !seen[i] {
			seen[i] = true
			n++
		}
	}
	if n == len(m.Positions) {
		mi.used = m.Positions
	} else {
		mi.used = make([]mgl32.Vec3, 0, n)
		for i, ok := range seen {
			if ok {
				mi.used = append(mi.used, m.Positions[i])
			}
		}
	}
	return mi.used
}

// keypoint projects a camera-frame point and decides its visibility: see
// the package documentation.
func (v *view) keypoint(p mgl64.Vec3) Keypoint {
	z := p[2]
	if !(z > 0) {
		return Keypoint{} // behind the camera: no meaningful projection
	}
	u, w := v.cam.ProjectCamera(p)
	k := Keypoint{X: u, Y: w}
	if z < v.cam.Near || z > v.cam.Far || !(u >= 0 && u < float64(v.w) && w >= 0 && w < float64(v.h)) {
		return k // NotLabeled
	}
	// The up to four pixel centres around (u, w): the point is seen when
	// any of them shows the background or a surface not nearer than it.
	limit := z * (1 - KeypointDepthTolerance)
	x0, y0 := int(math.Floor(u-0.5)), int(math.Floor(w-0.5))
	k.V = Occluded
	for y := max(y0, 0); y <= min(y0+1, v.h-1); y++ {
		for x := max(x0, 0); x <= min(x0+1, v.w-1); x++ {
			if d := float64(v.depth[y*v.w+x]); !(d > 0 && d < limit) {
				k.V = Visible
				return k
			}
		}
	}
	return k
}

// inImage reports whether camera-frame point p lies between the clip
// planes and projects, through the lens model, into the image rectangle.
func (v *view) inImage(p mgl64.Vec3) bool {
	if !(p[2] >= v.cam.Near && p[2] <= v.cam.Far) {
		return false
	}
	u, w := v.cam.ProjectCamera(p)
	return u >= 0 && u <= float64(v.w) && w >= 0 && w <= float64(v.h)
}

// placeObject fills the geometric labels of inst, Pose, Cuboid, Keypoints
// and Truncated, for object o.
func (v *view) placeObject(inst *Instance, o *scene.Object) {
	mi := v.mesh(o.Mesh)
	pose := v.cam.Pose.Mul4(o.Transform)
	inst.Pose = pose
	inside := true
	for i, c := range CuboidCorners(mi.lo, mi.hi) {
		p := mgl64.TransformCoordinate(c, pose)
		inst.Cuboid[i] = p
		inst.Keypoints[i+1] = v.keypoint(p)
		inside = inside && v.frustum.contains(p[0], p[1], p[2])
	}
	inst.Keypoints[0] = v.keypoint(mgl64.TransformCoordinate(mi.lo.Add(mi.hi).Mul(0.5), pose))
	// The frustum is convex, so a box whose corners all lie in it holds
	// only vertices that do; otherwise test the vertices themselves, in the
	// mesh's frame.
	if !v.cam.Distortion.Identity() {
		// A lens bends the image border: the region it bounds is no
		// longer convex in the camera frame, so test every vertex
		// through the model.
		for _, q := range mi.vertices(o.Mesh) {
			if !v.inImage(mgl64.TransformCoordinate(mgl64.Vec3{float64(q[0]), float64(q[1]), float64(q[2])}, pose)) {
				inst.Truncated = true
				break
			}
		}
		return
	}
	if !inside {
		local := v.frustum.through(pose)
		for _, q := range mi.vertices(o.Mesh) {
			if !local.contains(float64(q[0]), float64(q[1]), float64(q[2])) {
				inst.Truncated = true
				break
			}
		}
	}
}
