package shading

import "github.com/synthkit/synthkit/scene"

// Material constants of the model (see the package documentation).
const (
	// DielectricF0 is the specular reflectance at normal incidence of a
	// non-metal: F0 = DielectricF0·(1−m) + c·m.
	DielectricF0 = 0.04
	// MinAlpha is the smallest α = Roughness² (keeps the Blinn-Phong
	// exponent 2/α²−2 finite for a mirror).
	MinAlpha = 0.03
	// LobeNormOffset and LobeNormScale give the normalisation of the
	// Blinn-Phong lobe times π, (p + LobeNormOffset)/LobeNormScale.
	LobeNormOffset = 8
	LobeNormScale  = 8
)

// Material is a scene material reduced to the numbers the model uses.
type Material struct {
	// Base is BaseColor's RGB (linear); vertex colours and the texture
	// multiply it per point.
	Base Vec3
	// Metallic is Material.Metallic clamped to [0, 1].
	Metallic float32
	// Exp is the Blinn-Phong exponent p = 2/α² − 2 (0 at Roughness 1) and
	// Norm the lobe's normalisation times π, (p+8)/8.
	Exp, Norm float32
	// Emissive is added to the result unlit.
	Emissive Vec3
	// Unlit materials output their colour c unchanged.
	Unlit bool
	// Roughness is Material.Roughness clamped to [0, 1] (times the
	// metallic-roughness texture's G after WithMetalRough): the level of
	// the prefiltered environment (EnvLight.Reflection, EnvBRDF).
	Roughness float32
	// Occlusion multiplies the ambient light: 1, or what WithOcclusion
	// gives at a point. OcclusionStrength is Material.Occlusion() and
	// NormalScale Material.NormalStrength().
	Occlusion, OcclusionStrength, NormalScale float32
}

// NewMaterial derives the model's numbers from mt. Out-of-range or NaN
// parameters are clamped so that shading stays finite.
func NewMaterial(mt *scene.Material) Material {
	exp := SpecularExponent(mt.Roughness)
	return Material{
		Base:     Vec3{mt.BaseColor.R, mt.BaseColor.G, mt.BaseColor.B},
		Metallic: Clamp01(mt.Metallic),
		Exp:      exp,
		Norm:     LobeNorm(exp),
		Emissive: Vec3{mt.Emissive.R, mt.Emissive.G, mt.Emissive.B},
		Unlit:    mt.Unlit,

		Roughness:         Clamp01(mt.Roughness),
		Occlusion:         1,
		OcclusionStrength: Clamp01(mt.Occlusion()),
		NormalScale:       mt.NormalStrength(),
	}
}

// WithMetalRough returns m at a point where its metallic-roughness
// texture reads green g and blue b (linear, filtered): Metallic·b,
// Roughness·g, and the exponent and lobe normalisation of that roughness.
func (m Material) WithMetalRough(g, b float32) Material {
	m.Metallic *= b
	m.Roughness *= g
	m.Exp = SpecularExponent(m.Roughness)
	m.Norm = LobeNorm(m.Exp)
	return m
}

// WithOcclusion returns m at a point where its occlusion texture reads
// red r (linear, filtered): Occlusion = 1 + OcclusionStrength·(r − 1).
func (m Material) WithOcclusion(r float32) Material {
	m.Occlusion = 1 + m.OcclusionStrength*(r-1)
	return m
}

// WithEmission returns m at a point where its emissive texture reads e
// (linear RGB, decoded from sRGB before filtering): Emissive·e.
func (m Material) WithEmission(e Vec3) Material {
	m.Emissive = m.Emissive.Mul(e)
	return m
}

// SpecularExponent returns the Blinn-Phong exponent of a roughness:
// 2/α² − 2 with α = max(Clamp01(roughness)², MinAlpha).
func SpecularExponent(roughness float32) float32 {
	r := Clamp01(roughness)
	alpha := r * r
	if !(alpha >= MinAlpha) {
		alpha = MinAlpha
	}
	return 2/(alpha*alpha) - 2
}

// LobeNorm returns the normalisation (times π) of the Blinn-Phong lobe of
// exponent p: (p+8)/8.
func LobeNorm(p float32) float32 { return (p + LobeNormOffset) / LobeNormScale }

// Clamp01 clamps v to [0, 1], mapping NaN to 0.
func Clamp01(v float32) float32 {
	if !(v > 0) {
		return 0
	}
	return min(v, 1)
}
