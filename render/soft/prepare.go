package soft

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/render/shading"
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
	lin  [9]float32 // linear part of m (row-major), maps local tangents to camera tangents
	mesh *scene.Mesh
	mat  matRec
	// cam holds the mesh's vertices in the camera frame (toCamera), each
	// computed once however many triangles share it; a vertex toCamera
	// rejects is NaN.
	cam []mgl64.Vec3
	// scr holds the same vertices projected and snapped to each pass's
	// grid, also once per vertex.
	scr []screenVert
	// outside is set when the mesh's bounding box lies wholly outside the
	// view (outsideView): no triangle of it can cover a sample, so its
	// vertices are not transformed (cam and scr are stale) and setup
	// skips its triangles.
	outside bool
}

// viewMargin is how far, in pixels, a bounding box must lie beyond an
// image side for outsideView: past the half pixel to the nearest sample
// centre, with room for the rounding of the transforms and the snapping.
const viewMargin = 2

// outsideView reports whether every point of o's mesh's bounding box
// (over all its positions), moved to the camera frame by o.m, lies in
// front of the far plane, behind the near plane, or more than viewMargin
// pixels beyond one side of the image: then every triangle, clipped or
// not, is rejected by setupTri, whose vertices and clipped corners lie in
// the box's image (the half-spaces are convex). Only affine transforms
// (a projective one can move points across the camera plane) and finite
// boxes are tested; a box corner's distance to a plane must exceed its
// rounding by far (a millionth of the terms' size), so that a vertex
// transformed by toCamera, rounded differently, is on the same side.
func (o *objRec) outsideView(c *camInfo) bool {
	ps := o.mesh.Positions
	if !o.affine || len(ps) == 0 || !(c.fx > 0) || !(c.fy > 0) {
		return false
	}
	lo, hi := ps[0], ps[0]
	for _, p := range ps[1:] {
		for k := range 3 {
			lo[k] = min(lo[k], p[k])
			hi[k] = max(hi[k], p[k])
		}
	}
	// The planes a·x + b·y + c·z + d > 0 outside which the box must lie:
	// behind the near plane, past the far one, and beyond each side.
	W, H, m := float64(c.w), float64(c.h), float64(viewMargin)
	planes := [6]plane{
		{0, 0, -1, c.near},         // z < near
		{0, 0, 1, -c.far},          // z > far
		{-c.fx, 0, -(c.cx + m), 0}, // u < −m
		{c.fx, 0, c.cx - W - m, 0}, // u > W+m
		{0, -c.fy, -(c.cy + m), 0}, // v < −m
		{0, c.fy, c.cy - H - m, 0}, // v > H+m
	}
	var corners [8]mgl64.Vec3
	for i := range corners {
		p := lo
		for k := range 3 {
			if i&(1<<k) != 0 {
				p[k] = hi[k]
			}
		}
		v, ok := o.toCamera(p) // affine: no divide
		if !ok {
			return false
		}
		corners[i] = v
	}
	for _, pl := range planes {
		out := true
		for _, v := range corners {
			d := pl.dist(v)
			size := math.Abs(pl.a*v[0]) + math.Abs(pl.b*v[1]) + math.Abs(pl.c*v[2]) + math.Abs(pl.d)
			if !(d > 1e-6*size) {
				out = false
				break
			}
		}
		if out {
			return true
		}
	}
	return false
}

// screenVert is a camera-frame vertex projected to the image and snapped
// to the fixed-point grid of each pass, exactly as setupTri would project
// and snap it (state.project, then rounding half up). in is set when the
// vertex lies on the camera side of the near plane and projects inside
// the guard band: a triangle of three such vertices needs no clipping, and
// its snapped corners are these.
type screenVert struct {
	x, y [2]int32
	in   bool
}

// transformVertices fills o.cam and o.scr from the mesh positions. A
// vertex's snapped corners are written only while it is in (setupTri
// reads them of vertices that are).
func (o *objRec) transformVertices(st *state) {
	nan := math.NaN()
	cam := &st.cam
	for i, p := range o.mesh.Positions {
		x, y, z, ok := o.toCameraXYZ(p)
		if !ok {
			x, y, z = nan, nan, nan
		}
		o.cam[i] = mgl64.Vec3{x, y, z}
		u, w, inBand := cam.projectPoint(x, y, z) // what project gives setupTri
		in := ok && !(z < cam.near) && inBand
		sv := &o.scr[i]
		for k := range st.passes {
			if !in {
				break
			}
			snap := st.passes[k].snap
			// Inside the guard band |u·snap| < 2^29 for the image sides
			// Render accepts (scene.DefaultLimits); should that limit grow,
			// a vertex that does not fit takes setupTri's general path.
			sx, sy := snapCoord(u, snap), snapCoord(w, snap)
			if !(math.Abs(sx) < math.MaxInt32 && math.Abs(sy) < math.MaxInt32) {
				in = false
				break
			}
			sv.x[k], sv.y[k] = int32(sx), int32(sy)
		}
		sv.in = in
	}
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
	// The other textures (package render/shading, "Textures"); extra
	// is set when any of them is, anyTex when any texture is.
	extra, anyTex                     bool
	hasMR, hasNormal, hasOcc, hasEmis bool
	mr, normal, occ, emis             texRec
	rough, occStrength, normalScale   float32
	// Alpha (package render/shading, "Alpha"): the material's mode, its
	// cutoff (MASK) and the base colour's alpha.
	alphaMode scene.AlphaMode
	cutoff    float32
	baseA     float32
}

// masked reports whether the material's samples pass an alpha test.
func (m *matRec) masked() bool { return m.alphaMode == scene.AlphaMask }

// blended reports whether the material's colour is composited.
func (m *matRec) blended() bool { return m.alphaMode == scene.AlphaBlend }

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
	o.flip = l.Det() < 0
	nm := shading.NormalMatrix(l)
	for r := 0; r < 3; r++ {
		for c := 0; c < 3; c++ {
			o.nm[3*r+c] = float32(nm.At(r, c))
			o.lin[3*r+c] = float32(l.At(r, c))
		}
	}
	o.mat.prepare(ob.MaterialOrDefault())
}

// prepare derives the shading constants of mt. Out-of-range or NaN
// parameters are clamped so that shading stays finite.
func (m *matRec) prepare(mt *scene.Material) {
	sm := shading.NewMaterial(mt)
	m.base = fromShading(sm.Base)
	m.metallic = sm.Metallic
	m.exp, m.norm = sm.Exp, sm.Norm
	m.emissive = fromShading(sm.Emissive)
	m.unlit = sm.Unlit
	m.double = mt.DoubleSided
	if t := mt.UVTransform; t != (mgl32.Mat3{}) {
		m.hasUVT = true
		m.uvt = [6]float32{t[0], t[3], t[6], t[1], t[4], t[7]}
	}
	m.hasTex = m.tex.prepare(mt.BaseColorTexture, true)
	m.hasMR = m.mr.prepare(mt.MetallicRoughnessTexture, false)
	m.hasNormal = m.normal.prepare(mt.NormalTexture, false)
	m.hasOcc = m.occ.prepare(mt.OcclusionTexture, false)
	m.hasEmis = m.emis.prepare(mt.EmissiveTexture, true)
	m.extra = m.hasMR || m.hasNormal || m.hasOcc || m.hasEmis
	m.anyTex = m.hasTex || m.extra
	m.rough, m.occStrength, m.normalScale = sm.Roughness, sm.OcclusionStrength, sm.NormalScale
	m.alphaMode, m.cutoff, m.baseA = mt.AlphaMode, mt.Cutoff(), mt.BaseColor.A
}

// prepareLights moves the lights into the camera frame
// (shading.CameraLights).
func (st *state) prepareLights(s *scene.Scene) {
	st.bg = vec{s.Background.R, s.Background.G, s.Background.B}
	st.bgRGBA = [4]uint8{encodeSRGB(st.bg.x), encodeSRGB(st.bg.y), encodeSRGB(st.bg.z), 255}
	var amb shading.Vec3
	st.camLights, amb = shading.CameraLights(st.camLights[:0], s)
	st.ambient = fromShading(amb)
	st.lights = st.lights[:0]
	for _, l := range st.camLights {
		st.lights = append(st.lights, lightRec{point: l.Point, dir: fromShading(l.Dir), pos: l.Pos, rad: fromShading(l.Rad), src: l.Src})
	}
	st.hasEnv = st.envMap != nil
	st.hasSky = false
	if st.hasEnv {
		st.env = shading.NewEnvLight(st.envMap, s.Camera.Pose, s.Environment.Rotation, s.Environment.Intensity)
		if s.Environment.Background {
			st.env.ShowSky(s.Environment)
			st.hasSky = true
		}
	}
}

// fromShading converts a shading vector to the shading path's vec.
func fromShading(v shading.Vec3) vec { return vec{v.X, v.Y, v.Z} }

// toShading converts the shading path's vec to a shading vector.
func toShading(v vec) shading.Vec3 { return shading.Vec3{X: v.x, Y: v.y, Z: v.z} }
