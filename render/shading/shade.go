package shading

import "math"

// Point is what the model needs to know about one surface point.
type Point struct {
	// Material is the surface's material.
	Material *Material
	// Colour is c = BaseColor · vertex colour · texture at the point
	// (linear RGB; alpha ignored).
	Colour Vec3
	// P is the point in the camera frame.
	P Vec3
	// N is the unit shading normal, facing the camera.
	N Vec3
	// V is the unit direction towards the camera, ViewDir(P). Only
	// glossy materials (Exp != 0) use it.
	V Vec3
}

// Shade is the reference definition of the model (see the package
// documentation, "Shading model"): the linear RGB radiance leaving point
// pt under ambient radiance ambient and lights. shadows is nil or holds,
// per light, its shadow map (nil for an unshadowed light). It is written
// for reading, one light at a time; render/soft computes the same float32
// operations in the same order, faster, and is tested to match it bit for
// bit.
//
// Per light with direction L and falloff f (see Light.Incidence), the
// weight is w = (N·L)·f, times PCF(map, P, N) for a shadowed light; a
// light with N·L <= 0, or a shadowed one whose weight is 0, adds nothing. The diffuse sum collects Rad·w, the specular sum Rad·(w·lobe)
// with lobe = Pow(N·H, p) for H = norm(L+V) (a light whose N·H <= 0, or
// whose L+V is zero, adds no specular), and lobe = 1 when p = 0.
func Shade(pt Point, ambient Vec3, lights []Light, shadows []*ShadowLookup) Vec3 {
	return ShadeEnv(pt, ambient, nil, lights, shadows)
}

// ShadeEnv is Shade with the scene's environment light env (nil for none;
// see the package documentation, "Environment light"). With env, the
// ambient term of the diffuse lobe gains o·env.Irradiance(N), and
// o·env.Reflection(N, V, r)·(F0·a + b) is added before the emission, with
// (a, b) = EnvBRDF(r, N·V) and r the point's Roughness; pt.V must be set.
func ShadeEnv(pt Point, ambient Vec3, env *EnvLight, lights []Light, shadows []*ShadowLookup) Vec3 {
	m := pt.Material
	if m.Unlit {
		return pt.Colour
	}
	// Σ E·(N·L) and Σ E·(N·L)·(N·H)^p
	diffuse, specular := direct(pt.P, pt.N, pt.V, m.Exp, lights, shadows, Vec3{}, Vec3{})
	ambient = ambient.Scale(m.Occlusion)
	c := pt.Colour
	if env != nil {
		r := env.Map.Prefiltered(env.ReflectDir(pt.N, pt.V), m.Roughness)
		return envSum(env, c, pt.N, pt.V, ambient, m.Emissive, diffuse, specular, r, m.Metallic, m.Roughness, m.Occlusion, m.Norm)
	}
	cd := c.Scale(1 - m.Metallic)                                                                       // c_d = c·(1−m)
	f0 := c.Scale(m.Metallic).Add(Vec3{DielectricF0, DielectricF0, DielectricF0}.Scale(1 - m.Metallic)) // F0
	return cd.Mul(ambient.Add(diffuse)).Add(f0.Mul(ambient.Add(specular.Scale(m.Norm)))).Add(m.Emissive)
}

// ShadowLookup is one shadow map as a lookup needs it.
type ShadowLookup struct {
	// Size is the map's side in texels; Depth its Size×Size depths,
	// row-major, +Inf where nothing was drawn.
	Size  int
	Depth []float32
	// FromCamera maps a camera-frame point to map coordinates (x, y in
	// texels, z depth): rows of an affine 3×4 matrix, row-major, rounded to
	// float32 (ShadowCamera.FromCamera).
	FromCamera [12]float32
	// Offset is ShadowCamera.NormalOffset and Bias ShadowCamera.DepthBias,
	// rounded to float32.
	Offset, Bias float32
}

// PCF returns the fraction of the light of map sm that reaches
// camera-frame point p with unit shading normal n: p moves Offset along
// n, is mapped to (x, y, z), and each of the PCFTaps texels in columns
// ⌊x⌋−PCFRadius..⌊x⌋+PCFRadius and the same rows around ⌊y⌋ lights it
// when z − Bias <= its depth; texels off the map are lit. The result is
// (lit texels)/PCFTaps.
func PCF(sm *ShadowLookup, p, n Vec3) float32 {
	q := p.Add(n.Scale(sm.Offset))
	m := &sm.FromCamera
	x := m[0]*q.X + m[1]*q.Y + m[2]*q.Z + m[3]
	y := m[4]*q.X + m[5]*q.Y + m[6]*q.Z + m[7]
	z := m[8]*q.X + m[9]*q.Y + m[10]*q.Z + m[11]
	// A point more than PCFRadius texels off the map (or not a number) has
	// only off-map texels around it: it is lit. This also keeps ⌊x⌋ and
	// ⌊y⌋ small.
	edge := float32(PCFRadius + 1)
	if !(x > -edge && x < float32(sm.Size)+edge && y > -edge && y < float32(sm.Size)+edge) {
		return 1
	}
	ix, iy := int(math.Floor(float64(x))), int(math.Floor(float64(y)))
	lit := 0
	for j := iy - PCFRadius; j <= iy+PCFRadius; j++ {
		for i := ix - PCFRadius; i <= ix+PCFRadius; i++ {
			off := i < 0 || j < 0 || i >= sm.Size || j >= sm.Size
			if off || z-sm.Bias <= sm.Depth[j*sm.Size+i] {
				lit++
			}
		}
	}
	return float32(lit) / PCFTaps
}
