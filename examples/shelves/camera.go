package shelves

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/scene"
)

// Pitch limits of the camera's line of sight, degrees above the horizon:
// phone photos of shelves look down at the bottom boards or up at the top
// ones, never steeply.
const (
	minPitchDeg = -35
	maxPitchDeg = 20
)

// camera draws a phone-like view of the run: the camera stands in the
// aisle at a random height, distance and angle to the shelf and looks at a
// point on the front plane of the boards near the centre bay, with a
// random tilt and roll.
func (gen *Generator) camera(r *rand.Rand, g *gondola, width, height int) (scene.Camera, error) {
	p := &gen.p
	// The field of view is horizontal, as phone cameras are specified.
	fovH := mgl64.DegToRad(p.FOVDeg.Draw(r))
	fov := mgl64.RadToDeg(2 * math.Atan(math.Tan(fovH/2)*float64(height)/float64(width)))
	dist := p.CameraDistance.Draw(r)
	eyeY := p.CameraHeight.Draw(r)
	yaw := mgl64.DegToRad(p.YawDeg.Draw(r))
	target := mgl64.Vec3{uniform(r, -0.3, 0.3) * g.width, uniform(r, 0.3, 0.65) * g.height, g.depth}
	// Keep the line of sight within the pitch limits.
	pitch := math.Atan2(target[1]-eyeY, dist) + mgl64.DegToRad(p.PitchDeg.Draw(r))
	pitch = math.Max(mgl64.DegToRad(minPitchDeg), math.Min(mgl64.DegToRad(maxPitchDeg), pitch))
	target[1] = eyeY + dist*math.Tan(pitch)
	sy, cy := math.Sincos(yaw)
	eye := mgl64.Vec3{target[0] + dist*sy, eyeY, target[2] + dist*cy}
	cam := scene.NewCameraFOV(width, height, fov)
	cam.Near, cam.Far = 0.05, 60
	cam, err := cam.WithLookAt(eye, target, mgl64.Vec3{0, 1, 0})
	if err != nil {
		return cam, fmt.Errorf("camera: %w", err)
	}
	roll := mgl64.DegToRad(p.RollDeg.Draw(r))
	cam.Pose = mgl64.HomogRotate3DZ(roll).Mul4(cam.Pose)
	// The lens is drawn only when asked for, so that pinhole jobs keep
	// their random stream (and their bytes).
	if p.LensK1 != (generator.Range{}) || p.LensK2 != (generator.Range{}) {
		cam.Distortion = scene.Distortion{Model: scene.BrownConrady, K1: p.LensK1.Draw(r), K2: p.LensK2.Draw(r)}
		if err := (&scene.Scene{Camera: cam}).Validate(); err != nil {
			return cam, fmt.Errorf("camera: lens_k1 %g, lens_k2 %g: %w", cam.Distortion.K1, cam.Distortion.K2, err)
		}
	}
	return cam, nil
}

// frustum tests boxes against the camera's view frustum (without the far
// plane) in the camera frame.
type frustum struct {
	cam scene.Camera
}

// newFrustum returns the frustum of cam: for a camera with a lens, that of
// the pinhole camera covering its image (the lens shows more than the
// pinhole with the same intrinsics when it is barrel-shaped).
func newFrustum(cam scene.Camera) (frustum, error) {
	if cam.Distortion.Identity() {
		return frustum{cam: cam}, nil
	}
	p, err := cam.CoveringPinhole(1)
	if err != nil {
		return frustum{}, err
	}
	return frustum{cam: p}, nil
}

// seesBox reports whether some part of the box [lo, hi] placed by t may
// be in view: false only when all eight corners lie outside one plane of
// the frustum, so a box it rejects is certainly invisible.
func (f frustum) seesBox(t mgl64.Mat4, lo, hi mgl64.Vec3) bool {
	c := &f.cam
	m := c.Pose.Mul4(t)
	w, h := float64(c.Width), float64(c.Height)
	var out [5]int // near, left, right, top, bottom
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
		q := mgl64.TransformCoordinate(p, m)
		if q[2] < c.Near {
			out[0]++
		}
		if c.Fx*q[0]+c.Cx*q[2] < 0 {
			out[1]++
		}
		if c.Fx*q[0]-(w-c.Cx)*q[2] > 0 {
			out[2]++
		}
		if c.Fy*q[1]+c.Cy*q[2] < 0 {
			out[3]++
		}
		if c.Fy*q[1]-(h-c.Cy)*q[2] > 0 {
			out[4]++
		}
	}
	for _, n := range out {
		if n == 8 {
			return false
		}
	}
	return true
}

// nearLights is how many of the ceiling lights nearest the view centre
// stay point lights; the others are merged into one directional light.
const nearLights = 2

// lights returns the store lighting: an ambient term and a row of nine
// ceiling strip lights above the aisle (each strip a point light), all of
// one colour temperature with a little spread, and a weak directional
// fill from above.
//
// Shading costs in proportion to the lights, so only the nearLights
// strips nearest the centre of the view stay point lights. The others,
// 1.5–6 m away, and the fill light up what is in view nearly uniformly and
// from nearly one direction: they are replaced by a single directional
// light that gives the same irradiance (same sum of intensity·direction /
// distance²) at the centre of the view on the shelf front, coloured by
// their weighted mean. Faces turned up or towards the aisle, which see
// all of them, get the same light there as from the separate lights.
func (gen *Generator) lights(r *rand.Rand, g *gondola, cam scene.Camera) []scene.Light {
	p := &gen.p
	eye := cam.Position()
	camX := eye[0]
	kelvin := p.LightKelvin.Draw(r)
	// A phone balances white to roughly the light's colour: what remains
	// is a mild tint, warmer or cooler.
	wb := kelvin * uniform(r, 0.88, 1.12)
	ambient := scene.Light{Kind: scene.Ambient, Color: balanced(kelvin+uniform(r, -300, 300), wb), Intensity: p.Ambient.Draw(r)}
	fill := scene.Light{Kind: scene.Directional, Color: balanced(kelvin, wb), Intensity: uniform(r, 0.1, 0.35),
		Direction: mgl64.Vec3{uniform(r, -0.3, 0.3), -1, -uniform(r, 0.3, 0.9)}}
	y := g.height + uniform(r, 0.6, 1.3)
	z := g.depth + uniform(r, 0.4, 1.4)
	spacing := uniform(r, 1.0, 1.6)
	power := p.LightPower.Draw(r)
	phase := uniform(r, 0, spacing)
	var strips [9]scene.Light
	for i := range strips {
		x := math.Floor(camX/spacing)*spacing + float64(i-4)*spacing + phase
		strips[i] = scene.Light{
			Kind:      scene.Point,
			Color:     balanced(kelvin+uniform(r, -150, 150), wb),
			Intensity: power * uniform(r, 0.85, 1.15),
			Position:  mgl64.Vec3{x, y, z},
		}
	}

	ref := viewCentre(cam, g)
	order := []int{0, 1, 2, 3, 4, 5, 6, 7, 8}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(math.Abs(strips[a].Position[0]-ref[0]), math.Abs(strips[b].Position[0]-ref[0]))
	})
	ls := []scene.Light{ambient}
	// The merged light: Σ E·u over the far strips and the fill, where u
	// points to the light and E is its irradiance on a face turned to it.
	var sum mgl64.Vec3
	var col [3]float64 // Σ E·colour
	var weight float64
	add := func(u mgl64.Vec3, e float64, c scene.Color) {
		sum = sum.Add(u.Mul(e))
		col[0], col[1], col[2] = col[0]+e*float64(c.R), col[1]+e*float64(c.G), col[2]+e*float64(c.B)
		weight += e
	}
	add(fill.Direction.Normalize().Mul(-1), fill.Intensity, fill.Color)
	for i, k := range order {
		l := strips[k]
		if i < nearLights {
			ls = append(ls, l)
			continue
		}
		d := l.Position.Sub(ref)
		d2 := d.Dot(d)
		add(d.Mul(1/math.Sqrt(d2)), l.Intensity/d2, l.Color)
	}
	// The weighted mean colour, scaled to a largest component of 1 with
	// the scale moved to the intensity.
	m := max(col[0], col[1], col[2]) / weight
	return append(ls, scene.Light{
		Kind:      scene.Directional,
		Color:     scene.RGB(float32(col[0]/weight/m), float32(col[1]/weight/m), float32(col[2]/weight/m)),
		Intensity: sum.Len() * m,
		Direction: sum.Mul(-1),
	})
}

// viewCentre returns where the camera's optical axis meets the shelf
// front (z = g.depth), its height clamped to the gondola; the point below
// the camera on the shelf front if the axis does not reach it.
func viewCentre(cam scene.Camera, g *gondola) mgl64.Vec3 {
	eye := cam.Position()
	// The camera looks along its +z axis: the third row of the pose's
	// rotation, in world coordinates.
	fwd := mgl64.Vec3{cam.Pose[2], cam.Pose[6], cam.Pose[10]}
	c := mgl64.Vec3{eye[0], eye[1], g.depth}
	if fwd[2] < -1e-6 {
		if t := (g.depth - eye[2]) / fwd[2]; t > 0 {
			c = eye.Add(fwd.Mul(t))
		}
	}
	c[1] = max(0, min(g.height, c[1]))
	c[2] = g.depth
	return c
}

// balanced returns the colour of a black body at t kelvin as a camera
// white-balanced for wb kelvin records it, normalised to a largest
// component of 1.
func balanced(t, wb float64) scene.Color {
	c, w := scene.Kelvin(t), scene.Kelvin(wb)
	c = scene.RGB(c.R/w.R, c.G/w.G, c.B/w.B)
	m := max(c.R, c.G, c.B)
	return c.Scale(1 / m)
}

// background draws the colour of what lies beyond the fixtures: the
// store's walls and ceiling.
func background(r *rand.Rand) scene.Color {
	return generator.HSV(uniform(r, 0, 360), uniform(r, 0, 0.12), uniform(r, 0.45, 0.85))
}
