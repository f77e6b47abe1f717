package scene

import (
	"fmt"
	"math"

	"github.com/go-gl/mathgl/mgl64"
)

// Camera is a pinhole camera with an optional lens distortion model:
// intrinsics in pixels, image size, clip planes and a world→camera pose in
// the OpenCV frame (x right, y down, z forward).
//
// Image coordinates are continuous with the top-left corner of the image
// at (0, 0): the centre of pixel (i, j) is (i+0.5, j+0.5). OpenCV puts
// pixel centres at integers, so its principal point is (Cx−0.5, Cy−0.5)
// for the same camera; the focal lengths and distortion coefficients are
// the same.
type Camera struct {
	Fx, Fy float64 // focal lengths in pixels
	Cx, Cy float64 // principal point in continuous image coordinates
	Width  int     // image width in pixels
	Height int     // image height in pixels
	Near   float64 // nearest visible camera z, metres (> 0)
	Far    float64 // farthest visible camera z, metres (> Near)
	// Pose maps world coordinates to camera coordinates.
	Pose mgl64.Mat4
	// Distortion is the lens model applied between the normalized pinhole
	// point (X/Z, Y/Z) and the intrinsics (see ProjectCamera); the zero
	// value is a perfect pinhole. Renderers obtained through render.New or
	// render.Lookup apply it to the colour image and every label.
	Distortion Distortion
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

// Project maps a world point to image coordinates and its camera depth z.
// Points with z <= 0 are behind the camera and their (u, v) is meaningless.
func (c Camera) Project(p mgl64.Vec3) (u, v, z float64) {
	q := c.ToCamera(p)
	u, v = c.ProjectCamera(q)
	return u, v, q[2]
}

// Undistorted returns c without its lens distortion: the pinhole camera
// with the same intrinsics.
func (c Camera) Undistorted() Camera {
	c.Distortion = Distortion{}
	return c
}

// MaxLensSourceScale bounds how many times more pixels than the image
// itself a distorted camera's covering pinhole image (CoveringPinhole)
// may have.
const MaxLensSourceScale = 16

// CoveringPinhole returns the pinhole camera, with the same pose, clip
// planes and principal axis, whose image holds the view ray of every point
// of c's image with a margin of one pixel, at scale times c's focal
// lengths: a renderer draws it and resamples it into c's image. For a
// camera without distortion it is c itself when scale is 1. It returns an
// error when the lens model is not one-to-one over the image or the
// pinhole image would have more than MaxLensSourceScale·scale² times the
// pixels of c's (a field of view too wide for one pinhole image).
func (c Camera) CoveringPinhole(scale float64) (Camera, error) {
	if c.Distortion.Identity() && scale == 1 {
		return c.Undistorted(), nil
	}
	if !(scale > 0 && scale <= 8) {
		return Camera{}, fmt.Errorf("camera: covering pinhole scale %g outside (0, 8]", scale)
	}
	x0, y0, x1, y1, err := c.UndistortedBounds()
	if err != nil {
		return Camera{}, fmt.Errorf("camera: %w", err)
	}
	p := c.Undistorted()
	p.Fx, p.Fy = c.Fx*scale, c.Fy*scale
	wf, hf := math.Ceil((x1-x0)*p.Fx)+2, math.Ceil((y1-y0)*p.Fy)+2
	limit := MaxLensSourceScale * scale * scale * float64(c.Width) * float64(c.Height)
	if !(wf*hf <= limit) {
		return Camera{}, fmt.Errorf("camera: lens %s %v: the field of view (%.0f×%.0f° ) needs a %.0f×%.0f pinhole image, over %d times the image's pixels",
			c.Distortion.Model, c.Distortion.Coefficients(), mgl64.RadToDeg(math.Atan(x1)-math.Atan(x0)), mgl64.RadToDeg(math.Atan(y1)-math.Atan(y0)), wf, hf, MaxLensSourceScale)
	}
	p.Width, p.Height = int(wf), int(hf)
	p.Cx, p.Cy = 1-x0*p.Fx, 1-y0*p.Fy
	return p, nil
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
