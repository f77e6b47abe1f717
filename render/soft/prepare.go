package soft

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// objRec is one scene object in the form the pipeline uses.
type objRec struct {
	m      mgl64.Mat4 // local → camera: Camera.Pose × Object.Transform
	affine bool       // bottom row of m is (0, 0, 0, 1)
	// flip is set when the linear part of m has a negative determinant:
	// mirroring swaps which winding is the front (glTF's rule).
	flip bool
	nm   [9]float32 // normal matrix (row-major), maps local normals to camera normals
	mesh *scene.Mesh
	mat  matRec
}

// matRec is a material with its derived shading constants.
type matRec struct {
	base     vec
	metallic float32
	exp      float32 // Blinn-Phong exponent 2/α²−2
	norm     float32 // (exp+8)/8: the lobe's normalisation times π
	emissive vec
	unlit    bool
	double   bool
	hasUVT   bool
	uvt      [6]float32 // u' = uvt[0]u+uvt[1]v+uvt[2], v' = uvt[3]u+uvt[4]v+uvt[5]
	hasTex   bool
	tex      texRec
}

// lightRec is a directional or point light in the camera frame.
type lightRec struct {
	point bool
	dir   vec        // unit vector towards the light (directional)
	pos   [3]float64 // camera-frame position (point)
	rad   vec        // Color·Intensity
	src   int        // index in Scene.Lights
	// shadow is the light's shadow map, nil when unshadowed.
	shadow *shadowMap
}

// prepare fills o from scene object i.
func (o *objRec) prepare(s *scene.Scene, i int) {
	ob := &s.Objects[i]
	m := s.Camera.Pose.Mul4(ob.Transform)
	*o = objRec{
		m:      m,
		affine: m[3] == 0 && m[7] == 0 && m[11] == 0 && m[15] == 1,
		mesh:   ob.Mesh,
	}
	l := m.Mat3()
	det := l.Det()
	o.flip = det < 0
	// The cofactor matrix is det·L^-T: it maps normals like L^-T up to
	// scale, and still gives the right normal when L is singular (an
	// object flattened to a plane). Its sign is fixed so that outward
	// normals stay outward under a mirroring L.
	cof := cofactor(l)
	if o.flip {
		cof = cof.Mul(-1)
	}
	for r := 0; r < 3; r++ {
		for c := 0; c < 3; c++ {
			o.nm[3*r+c] = float32(cof.At(r, c))
		}
	}
	o.mat.prepare(ob.MaterialOrDefault())
}

// cofactor returns the cofactor matrix of l.
func cofactor(l mgl64.Mat3) mgl64.Mat3 {
	a := func(r, c int) float64 { return l.At(r, c) }
	var out mgl64.Mat3
	for r := 0; r < 3; r++ {
		for c := 0; c < 3; c++ {
			r1, r2 := (r+1)%3, (r+2)%3
			c1, c2 := (c+1)%3, (c+2)%3
			out.Set(r, c, a(r1, c1)*a(r2, c2)-a(r1, c2)*a(r2, c1))
		}
	}
	return out
}

// prepare derives the shading constants of mt. Out-of-range or NaN
// parameters are clamped so that shading stays finite.
func (m *matRec) prepare(mt *scene.Material) {
	m.base = vec{mt.BaseColor.R, mt.BaseColor.G, mt.BaseColor.B}
	m.metallic = clamp01(mt.Metallic)
	r := clamp01(mt.Roughness)
	alpha := r * r
	if !(alpha >= 0.03) {
		alpha = 0.03
	}
	m.exp = 2/(alpha*alpha) - 2
	m.norm = (m.exp + 8) / 8
	m.emissive = vec{mt.Emissive.R, mt.Emissive.G, mt.Emissive.B}
	m.unlit = mt.Unlit
	m.double = mt.DoubleSided
	if t := mt.UVTransform; t != (mgl32.Mat3{}) {
		m.hasUVT = true
		m.uvt = [6]float32{t[0], t[3], t[6], t[1], t[4], t[7]}
	}
	if mt.BaseColorTexture != nil {
		m.hasTex = m.tex.prepare(mt.BaseColorTexture)
	}
}

// clamp01 clamps v to [0, 1], mapping NaN to 0.
func clamp01(v float32) float32 {
	if !(v > 0) {
		return 0
	}
	return min(v, 1)
}

// prepareLights moves the lights into the camera frame. Lighting is
// computed in the camera frame, which equals world-frame lighting for the
// rigid poses LookAt builds.
func (st *state) prepareLights(s *scene.Scene) {
	st.bg = vec{s.Background.R, s.Background.G, s.Background.B}
	st.bgRGBA = [4]uint8{encodeSRGB(st.bg.x), encodeSRGB(st.bg.y), encodeSRGB(st.bg.z), 255}
	st.ambient = vec{}
	st.lights = st.lights[:0]
	pose := s.Camera.Pose
	for li, l := range s.Lights {
		k := float32(l.Intensity)
		rad := vec{l.Color.R * k, l.Color.G * k, l.Color.B * k}
		switch l.Kind {
		case scene.Ambient:
			st.ambient = st.ambient.add(rad)
		case scene.Directional:
			d := pose.Mat3().Mul3x1(l.Direction)
			if n := d.Len(); n > 0 && !math.IsInf(n, 0) {
				d = d.Mul(-1 / n)
				st.lights = append(st.lights, lightRec{dir: vec{float32(d[0]), float32(d[1]), float32(d[2])}, rad: rad, src: li})
			}
		case scene.Point:
			p := mgl64.TransformCoordinate(l.Position, pose)
			st.lights = append(st.lights, lightRec{point: true, pos: [3]float64{p[0], p[1], p[2]}, rad: rad, src: li})
		}
	}
}
