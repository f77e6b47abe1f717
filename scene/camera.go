package scene

import (
	"fmt"
	"math"

	"github.com/go-gl/mathgl/mgl64"
)

// Camera is a pinhole camera: intrinsics in pixels, image size, clip planes
// and a world→camera pose in the OpenCV frame (x right, y down, z forward).
type Camera struct {
	Fx, Fy float64 // focal lengths in pixels
	Cx, Cy float64 // principal point in continuous image coordinates
	Width  int     // image width in pixels
	Height int     // image height in pixels
	Near   float64 // nearest visible camera z, metres (> 0)
	Far    float64 // farthest visible camera z, metres (> Near)
	// Pose maps world coordinates to camera coordinates.
	Pose mgl64.Mat4
}

// Default clip planes used by the camera helpers.
const (
	DefaultNear = 0.01
	DefaultFar  = 1000
)

// NewCameraFOV returns a camera of the given image size whose vertical field
// of view is fovY degrees, with square pixels, the principal point at the
// image centre, default clip planes and the identity pose (camera at the
// world origin looking down +z with +y down).
func NewCameraFOV(width, height int, fovY float64) Camera {
	f := float64(height) / 2 / math.Tan(mgl64.DegToRad(fovY)/2)
	return Camera{
		Fx: f, Fy: f,
		Cx: float64(width) / 2, Cy: float64(height) / 2,
		Width: width, Height: height,
		Near: DefaultNear, Far: DefaultFar,
		Pose: mgl64.Ident4(),
	}
}

// LookAt returns the world→camera pose (OpenCV frame) of a camera at eye
// looking at target, with up giving the world direction that should appear
// upwards in the image. It returns an error when eye equals target or up is
// parallel to the viewing direction.
func LookAt(eye, target, up mgl64.Vec3) (mgl64.Mat4, error) {
	z := target.Sub(eye)
	if z.Len() == 0 || !finite3(z) {
		return mgl64.Mat4{}, fmt.Errorf("look-at: eye %v and target %v coincide", eye, target)
	}
	z = z.Normalize()
	x := z.Cross(up) // = (-up)×z: image y points down
	if x.Len() < 1e-12 {
		return mgl64.Mat4{}, fmt.Errorf("look-at: up %v is parallel to the view direction %v", up, z)
	}
	x = x.Normalize()
	y := z.Cross(x)
	// Rows of the rotation are the camera axes in world coordinates.
	r := mgl64.Mat4{
		x[0], y[0], z[0], 0,
		x[1], y[1], z[1], 0,
		x[2], y[2], z[2], 0,
		0, 0, 0, 1,
	}
	t := r.Mul4x1(eye.Vec4(1))
	r[12], r[13], r[14] = -t[0], -t[1], -t[2]
	return r, nil
}

// WithLookAt returns a copy of c whose pose looks from eye at target; it
// panics never, returning the error of LookAt instead.
func (c Camera) WithLookAt(eye, target, up mgl64.Vec3) (Camera, error) {
	p, err := LookAt(eye, target, up)
	if err != nil {
		return c, err
	}
	c.Pose = p
	return c, nil
}

// K returns the 3×3 intrinsic matrix [[fx 0 cx] [0 fy cy] [0 0 1]].
func (c Camera) K() mgl64.Mat3 {
	return mgl64.Mat3{c.Fx, 0, 0, 0, c.Fy, 0, c.Cx, c.Cy, 1} // column-major
}

// ToCamera maps a world point into the camera frame.
func (c Camera) ToCamera(p mgl64.Vec3) mgl64.Vec3 {
	return mgl64.TransformCoordinate(p, c.Pose)
}

// ProjectCamera projects a camera-frame point to continuous image
// coordinates (u, v). The result is meaningful only for z > 0.
func (c Camera) ProjectCamera(p mgl64.Vec3) (u, v float64) {
	return c.Fx*p[0]/p[2] + c.Cx, c.Fy*p[1]/p[2] + c.Cy
}

// Project maps a world point to image coordinates and its camera depth z.
// Points with z <= 0 are behind the camera and their (u, v) is meaningless.
func (c Camera) Project(p mgl64.Vec3) (u, v, z float64) {
	q := c.ToCamera(p)
	u, v = c.ProjectCamera(q)
	return u, v, q[2]
}

// Position returns the camera centre in world coordinates.
func (c Camera) Position() mgl64.Vec3 {
	inv := c.Pose.Inv()
	return mgl64.Vec3{inv[12], inv[13], inv[14]}
}

func finite3(v mgl64.Vec3) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}
