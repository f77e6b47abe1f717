//go:build gl

package gl

import (
	"image"
	"math"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// orientation is one way of mapping OpenCV image space onto GL window
// space. All of them put image column u at window x = u; they differ in the
// clip-control origin and in the sign of the y row of the projection, which
// decide whether image row v lands at window y = v (rows read back top
// first) or y = H−v (rows read back bottom first), and which winding GL
// must treat as front-facing. See the package documentation, "Projection".
type orientation struct {
	upperLeft bool // glClipControl(GL_UPPER_LEFT, …) rather than GL_LOWER_LEFT
	mirrorY   bool // y_ndc = 2v/H − 1 rather than the upright 1 − 2v/H
}

// orientations lists the candidates in order of preference: the first two
// read back rows top first, so frames need no row flip.
var orientations = []orientation{
	{upperLeft: true, mirrorY: false},
	{upperLeft: false, mirrorY: true},
	{upperLeft: false, mirrorY: false},
	{upperLeft: true, mirrorY: true},
}

func (o orientation) String() string {
	s := "lower-left origin"
	if o.upperLeft {
		s = "upper-left origin"
	}
	if o.mirrorY {
		return s + ", mirrored y"
	}
	return s + ", upright y"
}

// rowsTopFirst reports whether window row y holds image row y (true) or
// image row H−1−y (false).
func (o orientation) rowsTopFirst() bool { return o.upperLeft != o.mirrorY }

// frontFace is the GL winding to treat as front for counter-clockwise scene
// triangles under a transform with positive determinant: mirroring the
// projection's y mirrors every triangle on screen.
func (o orientation) frontFace() uint32 {
	if o.mirrorY {
		return gl.CW
	}
	return gl.CCW
}

// projection returns the column-major clip-from-camera matrix for camera c.
// With camera point (X, Y, Z) in the OpenCV frame, u = fx·X/Z + cx and
// v = fy·Y/Z + cy:
//
//	x_clip = (2fx/W)·X + (2cx/W − 1)·Z        x_ndc = 2u/W − 1
//	y_clip = ∓(2fy/H)·Y ± (1 − 2cy/H)·Z        y_ndc = ±(1 − 2v/H)   (− upright, + mirrored)
//	z_clip = −n/(f−n)·Z + n·f/(f−n)            z_ndc = n(f−Z)/((f−n)Z): 1 at Z=n, 0 at Z=f
//	w_clip = Z
//
// so that the viewport transform x_w = (x_ndc+1)·W/2 gives x_w = u exactly
// and pixel centres (i+0.5) line up with image pixel centres. Depth is
// reversed (near = 1, far = 0) for glClipControl's [0, 1] range, which keeps
// nearly constant relative precision in a float depth buffer.
func (o orientation) projection(c *scene.Camera) mgl32.Mat4 {
	w, h := float64(c.Width), float64(c.Height)
	n, f := c.Near, c.Far
	ax, bx := 2*c.Fx/w, 2*c.Cx/w-1
	ay, by := -2*c.Fy/h, 1-2*c.Cy/h
	if o.mirrorY {
		ay, by = -ay, -by
	}
	a, b := -n/(f-n), n*f/(f-n)
	m := mgl64.Mat4{
		ax, 0, 0, 0, // column 0: coefficients of X
		0, ay, 0, 0, // column 1: Y
		bx, by, a, 1, // column 2: Z
		0, 0, b, 0, // column 3: constant
	}
	var out mgl32.Mat4
	for i, v := range m {
		out[i] = float32(v)
	}
	return out
}

// windowRect maps an image rectangle to the window rectangle holding the
// same pixels in a height-h target.
func (o orientation) windowRect(r image.Rectangle, h int) image.Rectangle {
	if o.rowsTopFirst() {
		return r
	}
	return image.Rect(r.Min.X, h-r.Max.Y, r.Max.X, h-r.Min.Y)
}

// projectedBox returns the image rectangle that can hold every pixel whose
// centre an object covers, from its mesh's local bounds lo, hi and its
// model-view transform: the projected box of the eight corners, widened by
// a pixel for rasteriser snapping, clipped to the image. When the box
// crosses the near plane the whole image is returned; when it lies wholly
// before the near or beyond the far plane the result is empty.
func projectedBox(c *scene.Camera, mv mgl64.Mat4, lo, hi mgl64.Vec3) image.Rectangle {
	full := image.Rect(0, 0, c.Width, c.Height)
	umin, vmin := math.Inf(1), math.Inf(1)
	umax, vmax := math.Inf(-1), math.Inf(-1)
	nearCount, farCount := 0, 0
	for i := range 8 {
		p := mgl64.Vec3{lo[0], lo[1], lo[2]}
		if i&1 != 0 {
			p[0] = hi[0]
		}
		if i&2 != 0 {
			p[1] = hi[1]
		}
		if i&4 != 0 {
			p[2] = hi[2]
		}
		q := mgl64.TransformCoordinate(p, mv)
		switch {
		case q[2] < c.Near:
			nearCount++
			continue
		case q[2] > c.Far:
			farCount++
		}
		u, v := c.ProjectCamera(q)
		umin, umax = min(umin, u), max(umax, u)
		vmin, vmax = min(vmin, v), max(vmax, v)
	}
	switch {
	case nearCount == 8 || farCount == 8:
		return image.Rectangle{}
	case nearCount > 0:
		return full
	}
	r := image.Rect(int(clampF(math.Floor(umin)-1)), int(clampF(math.Floor(vmin)-1)),
		int(clampF(math.Ceil(umax)+1)), int(clampF(math.Ceil(vmax)+1)))
	return r.Intersect(full)
}

// clampF keeps a pixel coordinate inside the int32 range before conversion.
func clampF(x float64) float64 { return math.Max(-1<<30, math.Min(1<<30, x)) }
