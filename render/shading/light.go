package shading

import (
	"math"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// Light is a directional or point light of a scene moved into the camera
// frame, where both renderers light. (Camera-frame lighting equals
// world-frame lighting for the rigid poses scene.LookAt builds.)
type Light struct {
	// Point is set for a point light at Pos; otherwise the light is
	// directional, from unit direction Dir (pointing towards the light).
	Point bool
	Dir   Vec3
	Pos   [3]float64
	// Rad is Color·Intensity, computed in float32.
	Rad Vec3
	// Src is the light's index in Scene.Lights.
	Src int
}

// Radiance returns l's Color·Intensity as the model uses it: the
// intensity rounded to float32, times each colour channel in float32.
func Radiance(l *scene.Light) Vec3 {
	k := float32(l.Intensity)
	return Vec3{l.Color.R * k, l.Color.G * k, l.Color.B * k}
}

// CameraLights appends the directional and point lights of s, in scene
// order and in the camera frame, to dst, and returns them with the summed
// radiance of the ambient lights. A directional light whose direction,
// mapped to the camera frame, is zero or infinite is dropped; lights of
// unknown kinds are ignored.
func CameraLights(dst []Light, s *scene.Scene) (lights []Light, ambient Vec3) {
	pose := s.Camera.Pose
	for li := range s.Lights {
		l := &s.Lights[li]
		rad := Radiance(l)
		switch l.Kind {
		case scene.Ambient:
			ambient = ambient.Add(rad)
		case scene.Directional:
			d := pose.Mat3().Mul3x1(l.Direction)
			if n := d.Len(); n > 0 && !math.IsInf(n, 0) {
				d = d.Mul(-1 / n)
				dst = append(dst, Light{Dir: Vec3{float32(d[0]), float32(d[1]), float32(d[2])}, Rad: rad, Src: li})
			}
		case scene.Point:
			p := mgl64.TransformCoordinate(l.Position, pose)
			dst = append(dst, Light{Point: true, Pos: [3]float64{p[0], p[1], p[2]}, Rad: rad, Src: li})
		}
	}
	return dst, ambient
}

// Incidence returns the unit direction from camera-frame point p towards
// l and the falloff that multiplies l.Rad there: 1 for a directional
// light, 1/d² for a point light at distance d (computed in float64). ok is
// false when p is at the light or infinitely far from it.
func (l *Light) Incidence(p Vec3) (dir Vec3, falloff float32, ok bool) {
	if !l.Point {
		return l.Dir, 1, true
	}
	dx, dy, dz := l.Pos[0]-float64(p.X), l.Pos[1]-float64(p.Y), l.Pos[2]-float64(p.Z)
	d2 := dx*dx + dy*dy + dz*dz
	if !(d2 > 0) || math.IsInf(d2, 0) {
		return dir, 0, false
	}
	s := 1 / math.Sqrt(d2)
	return Vec3{float32(dx * s), float32(dy * s), float32(dz * s)}, float32(s * s), true
}

// NormalMatrix returns the matrix that maps an object's local normals to
// the camera frame for the linear part l of its model-view transform: the
// cofactor matrix of l, det(l)·l⁻ᵀ, negated when det(l) < 0. It is
// proportional to l⁻ᵀ with a positive factor, so outward normals stay
// outward under a mirroring l, and it still gives the right normal when l
// is singular (an object flattened to a plane). Normals it maps are
// unnormalised; shading normalises them after interpolation.
func NormalMatrix(l mgl64.Mat3) mgl64.Mat3 {
	var out mgl64.Mat3
	for r := range 3 {
		for c := range 3 {
			r1, r2 := (r+1)%3, (r+2)%3
			c1, c2 := (c+1)%3, (c+2)%3
			out.Set(r, c, l.At(r1, c1)*l.At(r2, c2)-l.At(r1, c2)*l.At(r2, c1))
		}
	}
	if l.Det() < 0 {
		out = out.Mul(-1)
	}
	return out
}
