package shading

import (
	"math"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// Shadow-map constants of the definition (see the package documentation,
// "Shadows").
const (
	// DefaultShadowMapSize is the side, in texels, of a shadow map when
	// Options.ShadowMapSize is 0.
	DefaultShadowMapSize = 1024
	// MaxShadowMapSize bounds Options.ShadowMapSize.
	MaxShadowMapSize = 8192
	// MaxShadowMaps is how many lights of a scene get a shadow map: the
	// first MaxShadowMaps directional lights with CastShadows (and a
	// light camera, see NewShadowCamera), in scene order. Others are
	// unshadowed.
	MaxShadowMaps = 4
	// ShadowNormalOffset is how far, in texels, the receiving point moves
	// along its shading normal before it is looked up.
	ShadowNormalOffset = 2.5
	// ShadowBias is the constant depth bias, in texels of world size.
	ShadowBias = 1.0
	// ShadowPad is the margin, in texels of the largest extent, added
	// around the scene bounds on every side.
	ShadowPad = 4
	// PCFRadius is the half-width of the box filter of a lookup: the
	// (2·PCFRadius+1)² texels around the point are compared.
	PCFRadius = 1
	// PCFTaps is the number of texels a lookup compares.
	PCFTaps = (2*PCFRadius + 1) * (2*PCFRadius + 1)
)

// ShadowCamera is the orthographic light camera of one shadowed
// directional light (see the package documentation, "Shadows").
type ShadowCamera struct {
	// Size is the number of texels per side of the square map.
	Size int
	// Transform maps world coordinates to shadow-map coordinates: x and
	// y in texels (texel (i, j) covers [i, i+1)×[j, j+1), its sample
	// point is its centre), z the depth along the light direction
	// normalised to [0, 1] over the padded bounds (0 nearest the light).
	// Its bottom row is (0, 0, 0, 1).
	Transform mgl64.Mat4
	// Texel is the world size of one texel; DepthRange the world length
	// that z = 0..1 spans.
	Texel, DepthRange float64
}

// NewShadowCamera returns the light camera of l for the objects of s, for
// a map of size texels per side. ok is false when l casts no shadow map:
// it is not a directional light with CastShadows, its direction is zero
// or not finite, or the scene has no object with triangles and finite
// bounds. It never panics.
func NewShadowCamera(s *scene.Scene, l *scene.Light, size int) (c ShadowCamera, ok bool) {
	if l.Kind != scene.Directional || !l.CastShadows || size <= 0 {
		return c, false
	}
	dl := l.Direction.Len()
	if !(dl > 0) || math.IsInf(dl, 0) {
		return c, false
	}
	f := l.Direction.Mul(1 / dl)
	a := mgl64.Vec3{0, 1, 0}
	if math.Abs(f[1]) > 0.9 {
		a = mgl64.Vec3{0, 0, 1}
	}
	r := f.Cross(a).Normalize()
	u := f.Cross(r)
	axes := [3]mgl64.Vec3{r, u, f}
	lo := [3]float64{math.Inf(1), math.Inf(1), math.Inf(1)}
	hi := [3]float64{math.Inf(-1), math.Inf(-1), math.Inf(-1)}
	found := false
	for i := range s.Objects {
		o := &s.Objects[i]
		if o.Mesh == nil || o.Mesh.NumTriangles() == 0 {
			continue
		}
		bl, bh := o.Mesh.Bounds()
		for k := range 8 {
			p := bl
			if k&1 != 0 {
				p[0] = bh[0]
			}
			if k&2 != 0 {
				p[1] = bh[1]
			}
			if k&4 != 0 {
				p[2] = bh[2]
			}
			w, okp := transformPoint(&o.Transform, p)
			if !okp {
				continue
			}
			found = true
			for j, ax := range axes {
				d := ax.Dot(w)
				lo[j] = min(lo[j], d)
				hi[j] = max(hi[j], d)
			}
		}
	}
	if !found {
		return c, false
	}
	ext := max(hi[0]-lo[0], hi[1]-lo[1], hi[2]-lo[2])
	if !(ext > 0) || math.IsInf(ext, 0) {
		return c, false // a single point: nothing can cast a shadow
	}
	pad := ShadowPad * ext / float64(size)
	h := 0.5*max(hi[0]-lo[0], hi[1]-lo[1]) + pad
	near, far := lo[2]-pad, hi[2]+pad
	rng := far - near
	k := float64(size) / (2 * h)
	x0 := 0.5*(lo[0]+hi[0]) - h
	y0 := 0.5*(lo[1]+hi[1]) - h
	var m mgl64.Mat4 // column-major
	for j := range 3 {
		m[4*j+0] = r[j] * k
		m[4*j+1] = u[j] * k
		m[4*j+2] = f[j] / rng
	}
	m[12], m[13], m[14], m[15] = -x0*k, -y0*k, -near/rng, 1
	c = ShadowCamera{Size: size, Transform: m, Texel: 2 * h / float64(size), DepthRange: rng}
	if !finite(c.Texel) || !finite(rng) || !(c.Texel > 0) || !(rng > 0) {
		return ShadowCamera{}, false
	}
	for _, v := range m {
		if !finite(v) {
			return ShadowCamera{}, false
		}
	}
	return c, true
}

// ShadowedLight is a light of a scene that gets a shadow map.
type ShadowedLight struct {
	Light  int // index in Scene.Lights
	Camera ShadowCamera
}

// ShadowedLights returns the lights of s that get a shadow map at size
// texels per side, in scene order: the first MaxShadowMaps directional
// lights with CastShadows for which NewShadowCamera succeeds.
func ShadowedLights(s *scene.Scene, size int) []ShadowedLight {
	var out []ShadowedLight
	for i := range s.Lights {
		if len(out) == MaxShadowMaps {
			break
		}
		if c, ok := NewShadowCamera(s, &s.Lights[i], size); ok {
			out = append(out, ShadowedLight{Light: i, Camera: c})
		}
	}
	return out
}

// FromCamera returns the map from camera-frame coordinates to shadow-map
// coordinates for a camera of the given pose (world → camera), as three
// rows (x, y, z) of an affine 3×4 matrix, row-major; ok is false when the
// pose is not invertible.
func (c ShadowCamera) FromCamera(pose mgl64.Mat4) (rows [12]float64, ok bool) {
	if pose.Det() == 0 {
		return rows, false
	}
	m := c.Transform.Mul4(pose.Inv())
	for r := range 3 {
		for k := range 4 {
			rows[4*r+k] = m.At(r, k)
			if !finite(rows[4*r+k]) {
				return rows, false
			}
		}
	}
	return rows, true
}

// transformPoint applies t to p with a homogeneous divide; false when the
// result is not finite.
func transformPoint(t *mgl64.Mat4, p mgl64.Vec3) (mgl64.Vec3, bool) {
	x, y, z := p[0], p[1], p[2]
	r := mgl64.Vec3{
		t[0]*x + t[4]*y + t[8]*z + t[12],
		t[1]*x + t[5]*y + t[9]*z + t[13],
		t[2]*x + t[6]*y + t[10]*z + t[14],
	}
	if w := t[3]*x + t[7]*y + t[11]*z + t[15]; w != 1 {
		if w == 0 {
			return r, false
		}
		r = r.Mul(1 / w)
	}
	return r, finite3(r)
}

// NormalOffset is how far, in world units, a receiving point moves along
// its shading normal before it is looked up in c's map.
func (c ShadowCamera) NormalOffset() float64 { return ShadowNormalOffset * c.Texel }

// DepthBias is the depth bias of c's map in its z units.
func (c ShadowCamera) DepthBias() float64 { return ShadowBias * c.Texel / c.DepthRange }

// finite reports whether x is neither NaN nor ±Inf (x−x is NaN for both).
func finite(x float64) bool { return x-x == 0 }

func finite3(v mgl64.Vec3) bool { return v[0]-v[0] == 0 && v[1]-v[1] == 0 && v[2]-v[2] == 0 }
