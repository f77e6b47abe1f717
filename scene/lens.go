package scene

import (
	"fmt"
	"math"
	"strings"

	"github.com/go-gl/mathgl/mgl64"
)

// LensModel names a lens distortion model. Both non-pinhole models are
// OpenCV's, with its coefficient names and order, so that a camera column
// can be handed to cv2.projectPoints or cv2.fisheye.projectPoints as is
// (after moving the principal point by half a pixel: see Camera).
type LensModel uint8

// Lens models.
const (
	// Pinhole is a perfect pinhole camera: no distortion.
	Pinhole LensModel = iota
	// BrownConrady is OpenCV's standard model (cv2.projectPoints with
	// distCoeffs k1, k2, p1, p2, k3): with (x, y) = (X/Z, Y/Z) and
	// r² = x² + y², the distorted point is
	//
	//	x' = x·(1 + k1·r² + k2·r⁴ + k3·r⁶) + 2·p1·x·y + p2·(r² + 2·x²)
	//	y' = y·(1 + k1·r² + k2·r⁴ + k3·r⁶) + p1·(r² + 2·y²) + 2·p2·x·y
	//
	// and the pixel is (fx·x' + cx, fy·y' + cy). Phone and machine-vision
	// lenses are described by it.
	BrownConrady
	// KannalaBrandt is OpenCV's fisheye model (cv2.fisheye.projectPoints
	// with D = k1, k2, k3, k4): with r = √(x² + y²) and θ = atan(r),
	//
	//	θd = θ·(1 + k1·θ² + k2·θ⁴ + k3·θ⁶ + k4·θ⁸)
	//
	// and the distorted point is (θd/r)·(x, y). Only points in front of
	// the camera (θ < 90°) are imaged.
	KannalaBrandt
)

var lensModelNames = [...]string{Pinhole: "pinhole", BrownConrady: "brown_conrady", KannalaBrandt: "kannala_brandt"}

// String returns the model's name as the camera column stores it:
// "pinhole", "brown_conrady" or "kannala_brandt".
func (m LensModel) String() string {
	if int(m) < len(lensModelNames) {
		return lensModelNames[m]
	}
	return fmt.Sprintf("LensModel(%d)", m)
}

// ParseLensModel returns the model named s (see LensModel.String); the
// empty string is Pinhole.
func ParseLensModel(s string) (LensModel, error) {
	if s == "" {
		return Pinhole, nil
	}
	for i, n := range lensModelNames {
		if n == s {
			return LensModel(i), nil
		}
	}
	return 0, fmt.Errorf("unknown lens model %q (known: %s)", s, strings.Join(lensModelNames[:], ", "))
}

// Distortion is a lens distortion model and its coefficients; the zero
// value is a perfect pinhole. Fields a model does not use must be zero.
type Distortion struct {
	Model          LensModel
	K1, K2, K3, K4 float64 // radial terms; K4 only for KannalaBrandt
	P1, P2         float64 // tangential terms, only for BrownConrady
}

// Identity reports whether d maps every point to itself: a pinhole, or
// Brown–Conrady with all coefficients zero. (Kannala–Brandt with zero
// coefficients is the equidistant fisheye, not the identity.)
func (d Distortion) Identity() bool {
	switch d.Model {
	case Pinhole:
		return true
	case BrownConrady:
		return d.K1 == 0 && d.K2 == 0 && d.K3 == 0 && d.P1 == 0 && d.P2 == 0
	}
	return false
}

// Coefficients returns d's coefficients in OpenCV's order: k1, k2, p1, p2,
// k3 for BrownConrady (distCoeffs), k1, k2, k3, k4 for KannalaBrandt (D),
// and none for Pinhole.
func (d Distortion) Coefficients() []float64 {
	switch d.Model {
	case BrownConrady:
		return []float64{d.K1, d.K2, d.P1, d.P2, d.K3}
	case KannalaBrandt:
		return []float64{d.K1, d.K2, d.K3, d.K4}
	}
	return nil
}

// NewDistortion returns the distortion of model with coefficients c in
// OpenCV's order (see Coefficients). Brown–Conrady accepts 4 or 5
// coefficients (k3 = 0 when omitted), Kannala–Brandt 4, Pinhole none.
func NewDistortion(model LensModel, c []float64) (Distortion, error) {
	d := Distortion{Model: model}
	switch {
	case model == Pinhole && len(c) == 0:
	case model == BrownConrady && (len(c) == 4 || len(c) == 5):
		d.K1, d.K2, d.P1, d.P2 = c[0], c[1], c[2], c[3]
		if len(c) == 5 {
			d.K3 = c[4]
		}
	case model == KannalaBrandt && len(c) == 4:
		d.K1, d.K2, d.K3, d.K4 = c[0], c[1], c[2], c[3]
	default:
		return Distortion{}, fmt.Errorf("lens model %s takes %s coefficients, got %d", model, map[LensModel]string{Pinhole: "no", BrownConrady: "4 or 5", KannalaBrandt: "4"}[model], len(c))
	}
	return d, nil
}

// MaxDistortionCoefficient bounds the magnitude of every coefficient.
const MaxDistortionCoefficient = 1000

// Apply maps an undistorted normalized image point (x, y) = (X/Z, Y/Z) to
// its distorted normalized point.
func (d Distortion) Apply(x, y float64) (xd, yd float64) {
	switch d.Model {
	case BrownConrady:
		r2 := x*x + y*y
		radial := 1 + r2*(d.K1+r2*(d.K2+r2*d.K3))
		return x*radial + 2*d.P1*x*y + d.P2*(r2+2*x*x),
			y*radial + d.P1*(r2+2*y*y) + 2*d.P2*x*y
	case KannalaBrandt:
		r := math.Hypot(x, y)
		if r == 0 {
			return x, y
		}
		s := d.kbTheta(math.Atan(r)) / r
		return x * s, y * s
	}
	return x, y
}

// kbTheta is Kannala–Brandt's θd(θ).
func (d Distortion) kbTheta(t float64) float64 {
	t2 := t * t
	return t * (1 + t2*(d.K1+t2*(d.K2+t2*(d.K3+t2*d.K4))))
}

// bcJacobian returns the derivatives of Apply at (x, y) for Brown–Conrady:
// ∂x'/∂x, ∂x'/∂y, ∂y'/∂x, ∂y'/∂y.
func (d Distortion) bcJacobian(x, y float64) (a, b, c, e float64) {
	r2 := x*x + y*y
	radial := 1 + r2*(d.K1+r2*(d.K2+r2*d.K3))
	dr := d.K1 + r2*(2*d.K2+3*r2*d.K3) // ∂radial/∂r²
	a = radial + 2*x*x*dr + 2*d.P1*y + 6*d.P2*x
	b = 2*x*y*dr + 2*d.P1*x + 2*d.P2*y
	c = b
	e = radial + 2*y*y*dr + 6*d.P1*y + 2*d.P2*x
	return a, b, c, e
}

// lensIterations bounds Newton's iterations in Remove.
const lensIterations = 50

// Remove inverts Apply: it returns the undistorted normalized point whose
// distorted image is (xd, yd), found by Newton's method from (gx, gy) (use
// (xd, yd) when no better guess is at hand), and false when the iteration
// does not converge to a point where the model is locally one-to-one.
func (d Distortion) Remove(xd, yd, gx, gy float64) (x, y float64, ok bool) {
	switch d.Model {
	case BrownConrady:
		x, y = gx, gy
		tol := 1e-13 * (1 + math.Abs(xd) + math.Abs(yd))
		for range lensIterations {
			fx, fy := d.Apply(x, y)
			ex, ey := fx-xd, fy-yd
			a, b, c, e := d.bcJacobian(x, y)
			det := a*e - b*c
			if !(det > 0) {
				return x, y, false
			}
			if math.Abs(ex) <= tol && math.Abs(ey) <= tol {
				return x, y, true
			}
			x -= (e*ex - b*ey) / det
			y -= (a*ey - c*ex) / det
		}
		fx, fy := d.Apply(x, y)
		return x, y, math.Abs(fx-xd) <= 1e-9 && math.Abs(fy-yd) <= 1e-9
	case KannalaBrandt:
		rd := math.Hypot(xd, yd)
		if rd == 0 {
			return xd, yd, true
		}
		t := math.Atan(math.Hypot(gx, gy))
		if !(t > 0) {
			t = rd
		}
		for range lensIterations {
			t2 := t * t
			f := d.kbTheta(t) - rd
			df := 1 + t2*(3*d.K1+t2*(5*d.K2+t2*(7*d.K3+t2*9*d.K4)))
			if !(df > 0) {
				return 0, 0, false
			}
			if math.Abs(f) <= 1e-14*(1+rd) {
				break
			}
			t -= f / df
		}
		if !(t > 0 && t < math.Pi/2) || math.Abs(d.kbTheta(t)-rd) > 1e-9 {
			return 0, 0, false
		}
		s := math.Tan(t) / rd
		return xd * s, yd * s, true
	}
	return xd, yd, true
}

// ProjectCamera projects a camera-frame point to continuous image
// coordinates (u, v) through the camera's lens model. The result is
// meaningful only for z > 0.
func (c Camera) ProjectCamera(p mgl64.Vec3) (u, v float64) {
	x, y := p[0]/p[2], p[1]/p[2]
	if !c.Distortion.Identity() {
		x, y = c.Distortion.Apply(x, y)
	}
	return c.Fx*x + c.Cx, c.Fy*y + c.Cy
}

// Ray returns the camera-frame direction (x, y, 1) of the view ray through
// image point (u, v), and false when the lens model does not image any
// ray there.
func (c Camera) Ray(u, v float64) (mgl64.Vec3, bool) {
	x, y := (u-c.Cx)/c.Fx, (v-c.Cy)/c.Fy
	if c.Distortion.Identity() {
		return mgl64.Vec3{x, y, 1}, true
	}
	x, y, ok := c.Distortion.Remove(x, y, x, y)
	return mgl64.Vec3{x, y, 1}, ok
}

// UndistortedBounds returns the smallest box [x0, x1]×[y0, y1] of
// normalized pinhole coordinates (X/Z, Y/Z) holding the view ray of every
// point of the image rectangle [0, Width]×[0, Height]: the field of view a
// pinhole image must cover to be resampled into this camera's image. It
// returns an error when the lens model is not one-to-one over the image
// (coefficients that fold the image back on itself) or images no ray
// somewhere in it.
func (c Camera) UndistortedBounds() (x0, y0, x1, y1 float64, err error) {
	w, h := float64(c.Width), float64(c.Height)
	if c.Distortion.Identity() {
		return -c.Cx / c.Fx, -c.Cy / c.Fy, (w - c.Cx) / c.Fx, (h - c.Cy) / c.Fy, nil
	}
	x0, y0, x1, y1 = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	// An injective continuous map takes the rectangle's border to the
	// border of its image, so the extremes lie on the border. Walk it,
	// and the two axes through the principal point (where a model that
	// folds shows it first), in steps of at most half a pixel, each
	// solve starting from the previous one.
	step := func(n float64) int { return int(math.Ceil(2*n)) + 1 }
	paths := [][4]float64{
		{0, 0, w, 0}, {w, 0, w, h}, {w, h, 0, h}, {0, h, 0, 0},
		{c.Cx, c.Cy, 0, c.Cy}, {c.Cx, c.Cy, w, c.Cy}, {c.Cx, c.Cy, c.Cx, 0}, {c.Cx, c.Cy, c.Cx, h},
		{c.Cx, c.Cy, 0, 0}, {c.Cx, c.Cy, w, 0}, {c.Cx, c.Cy, w, h}, {c.Cx, c.Cy, 0, h},
	}
	for pi, p := range paths {
		n := step(math.Max(math.Abs(p[2]-p[0]), math.Abs(p[3]-p[1])))
		gx, gy := (p[0]-c.Cx)/c.Fx, (p[1]-c.Cy)/c.Fy
		prevR := -1.0
		for i := 0; i <= n; i++ {
			t := float64(i) / float64(n)
			u, v := p[0]+t*(p[2]-p[0]), p[1]+t*(p[3]-p[1])
			xd, yd := (u-c.Cx)/c.Fx, (v-c.Cy)/c.Fy
			x, y, ok := c.Distortion.Remove(xd, yd, gx, gy)
			if !ok || !finite(x) || !finite(y) {
				return 0, 0, 0, 0, fmt.Errorf("lens %s %v: no view ray through image point (%.1f, %.1f): the model is not one-to-one over the image", c.Distortion.Model, c.Distortion.Coefficients(), u, v)
			}
			if pi >= 4 {
				// Along a ray from the principal point the undistorted
				// radius must grow: a model whose radius turns back
				// folds the image.
				r := math.Hypot(x, y)
				if r < prevR-1e-12 {
					return 0, 0, 0, 0, fmt.Errorf("lens %s %v: the image folds back on itself near image point (%.1f, %.1f)", c.Distortion.Model, c.Distortion.Coefficients(), u, v)
				}
				prevR = r
				continue
			}
			gx, gy = x, y
			x0, y0, x1, y1 = math.Min(x0, x), math.Min(y0, y), math.Max(x1, x), math.Max(y1, y)
		}
	}
	return x0, y0, x1, y1, nil
}

// Validate reports a model or coefficients that no camera may have:
// an unknown model, non-finite or huge coefficients, or coefficients the
// model does not use. (Whether the model is one-to-one over an image is
// checked by Camera validation, which knows the image.)
func (d Distortion) Validate() error {
	if int(d.Model) >= len(lensModelNames) {
		return fmt.Errorf("unknown lens model %d", d.Model)
	}
	for _, k := range [...]float64{d.K1, d.K2, d.K3, d.K4, d.P1, d.P2} {
		if !finite(k) || math.Abs(k) > MaxDistortionCoefficient {
			return fmt.Errorf("lens %s: coefficients %v must be finite and at most %g in magnitude", d.Model, d.Coefficients(), float64(MaxDistortionCoefficient))
		}
	}
	switch {
	case d.Model == Pinhole && d != (Distortion{}):
		return fmt.Errorf("lens pinhole has coefficients %+v", d)
	case d.Model == BrownConrady && d.K4 != 0:
		return fmt.Errorf("lens brown_conrady has no k4 (got %g)", d.K4)
	case d.Model == KannalaBrandt && (d.P1 != 0 || d.P2 != 0):
		return fmt.Errorf("lens kannala_brandt has no tangential terms (p1=%g p2=%g)", d.P1, d.P2)
	}
	return nil
}
