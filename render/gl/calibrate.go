//go:build gl

package gl

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// GL leaves the tie rule for pixel centres exactly on an edge to the
// implementation (conformant ones use a top-left rule in some window
// orientation), and the orientation of that rule relative to the image
// depends on the clip origin. calibrate renders a tiny scene whose edges
// pass exactly through pixel centres in each candidate orientation and keeps
// the first that reproduces the image-space top-left rule of package scene,
// and culls back faces, and puts rows where they belong.

// calibrationScene is 8×8 pixels: object 1 is a camera-facing square whose
// edges lie at u, v = 2.5 and 5.5 (every coordinate exact in float32), so
// the top-left rule covers exactly columns and rows 2..4; object 2 is a
// single-sided square facing away, which must be culled.
func calibrationScene() *scene.Scene {
	cam := scene.Camera{Fx: 8, Fy: 8, Width: 8, Height: 8, Near: 0.25, Far: 4, Pose: mgl64.Ident4()}
	turn := mgl64.Scale3D(-1, 1, -1) // rotation by π about y: the quad's +z normal faces the camera
	return &scene.Scene{
		Camera: cam,
		Objects: []scene.Object{
			{Name: "facing", Mesh: scene.Quad(0.375, 0.375), Transform: mgl64.Translate3D(0.5, 0.5, 1).Mul4(turn)},
			{Name: "away", Mesh: scene.Quad(0.125, 0.75), Transform: mgl64.Translate3D(0.8125, 0.5, 1)},
		},
		Lights: []scene.Light{{Kind: scene.Ambient, Color: scene.RGB(1, 1, 1), Intensity: 1}},
	}
}

// calibrate picks r.orient. It reports whether the pick reproduces the
// top-left rule exactly; it fails only when no orientation gives a sane
// image at all (a driver bug).
func (r *Renderer) calibrate() (exact bool, err error) {
	s := calibrationScene()
	fallback := -1
	var errs []error
	for i, o := range orientations {
		r.orient = o
		f := render.NewFrame(8, 8, len(s.Objects))
		c, err := r.renderOn(context.Background(), s, nil, f) // the scene has no environment
		if err != nil {
			return false, fmt.Errorf("gl: calibration render (%s): %w", o, err)
		}
		r.finish(c)
		ok, sane, err := checkCalibration(f)
		if ok {
			return true, nil
		}
		errs = append(errs, fmt.Errorf("%s: %w", o, err))
		if sane && fallback < 0 {
			fallback = i
		}
	}
	if fallback < 0 {
		return false, fmt.Errorf("gl: calibration found no working clip-space orientation: %w", errors.Join(errs...))
	}
	r.orient = orientations[fallback]
	return false, nil
}

// checkCalibration reports whether f shows the expected 3×3 block at
// columns and rows 2..4 (ok), or at least a 3×3 block shifted by at most
// one pixel towards the other tie rule with the back face culled (sane).
func checkCalibration(f *render.Frame) (ok, sane bool, err error) {
	var box image.Rectangle
	n := 0
	for y := range 8 {
		for x := range 8 {
			switch f.IDs[y*8+x] {
			case 0:
			case 1:
				box = box.Union(image.Rect(x, y, x+1, y+1))
				n++
			default:
				return false, false, fmt.Errorf("back-facing square drawn at (%d, %d)", x, y)
			}
		}
	}
	want := image.Rect(2, 2, 5, 5)
	if n != 9 || box.Dx() != 3 || box.Dy() != 3 {
		return false, false, fmt.Errorf("square covers %d pixels in %v, want 9 in %v", n, box, want)
	}
	if d := f.Depth[3*8+3]; math.Abs(float64(d)-1) > 1e-6 {
		return false, false, fmt.Errorf("depth %g at the square's centre, want 1", d)
	}
	if box != want {
		shifted := box.Min.X >= 2 && box.Min.X <= 3 && box.Min.Y >= 2 && box.Min.Y <= 3
		return false, shifted, fmt.Errorf("square covers %v, want %v (tie rule)", box, want)
	}
	if sil := f.Silhouettes[0]; sil.Bounds != want || sil.Pixels != 9 {
		return false, true, fmt.Errorf("silhouette %v with %d pixels, want %v with 9", sil.Bounds, sil.Pixels, want)
	}
	if sil := f.Silhouettes[1]; sil.Pixels != 0 {
		return false, false, fmt.Errorf("back-facing square has a silhouette of %d pixels", sil.Pixels)
	}
	return true, true, nil
}
