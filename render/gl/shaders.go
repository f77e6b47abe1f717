//go:build gl

package gl

// GLSL sources. Vertex inputs use fixed locations shared with the vertex
// array set-up in cache.go; fragment outputs use fixed locations that match
// the colour attachments in targets.go.

const (
	locPosition  = 0
	locNormal    = 1
	locUV        = 2
	locColor     = 3
	locModelView = 4  // mat4: locations 4..7, one per column
	locTangent   = 8  // vec4: Mesh.Tangents, or zero
	locID        = 11 // uint instance id
	locMaterial  = 12 // 4 × vec4: locations 12..15, see instance layout in cache.go
)

// maxLights is the size of the light uniform block; scene.DefaultLimits
// allows 256 lights, ambient ones are summed on the CPU.
const maxLights = 256

const vertexShader = `#version 410 core
layout(location = 0) in vec3 aPosition;
layout(location = 1) in vec3 aNormal;
layout(location = 2) in vec2 aUV;
layout(location = 3) in vec4 aColor;
layout(location = 4) in mat4 iModelView;
layout(location = 8) in vec4 aTangent;
layout(location = 11) in uint iID;
layout(location = 12) in vec4 iBaseColor;
layout(location = 13) in vec4 iUV0Metallic;  // first row of the UV transform, metallic
layout(location = 14) in vec4 iUV1Exponent; // second row of the UV transform, specular exponent
layout(location = 15) in vec4 iEmissiveRough; // emissive RGB, roughness (−1 when unlit)

uniform mat4 uProj;

out vec3 vPos;      // camera frame (OpenCV axes)
out vec3 vNormal;   // camera frame
out vec2 vUV;       // after the material's UV transform (affine: commutes with interpolation)
out vec4 vColor;
out vec3 vTangent;  // camera frame, with uVertexTangents
out float vTangentW; // handedness, negated by a mirroring transform
flat out uint vID;
flat out vec4 vBaseColor;
flat out vec4 vMaterial; // metallic, specular exponent, unlit, roughness
flat out vec3 vEmissive;

void main() {
	vec4 p = iModelView * vec4(aPosition, 1.0);
	p /= p.w; // a no-op for affine transforms; projective ones divide, as in render/soft
	vPos = p.xyz;
	// shading.NormalMatrix: the cofactor matrix of the linear part, its
	// sign that of the determinant.
	mat3 l = mat3(iModelView);
	mat3 nm = mat3(cross(l[1], l[2]), cross(l[2], l[0]), cross(l[0], l[1]));
	float det = dot(l[0], nm[0]);
	vNormal = (det < 0.0 ? -nm : nm) * aNormal;
	vTangent = l * aTangent.xyz;
	vTangentW = det < 0.0 ? -aTangent.w : aTangent.w;
	vec3 uv = vec3(aUV, 1.0);
	vUV = vec2(dot(iUV0Metallic.xyz, uv), dot(iUV1Exponent.xyz, uv));
	vColor = aColor;
	vID = iID;
	vBaseColor = iBaseColor;
	float r = iEmissiveRough.w;
	vMaterial = vec4(iUV0Metallic.w, iUV1Exponent.w, r < 0.0 ? 1.0 : 0.0, max(r, 0.0));
	vEmissive = iEmissiveRough.rgb;
	gl_Position = uProj * p;
}
`

// fragmentShader is compiled twice: with SHADE defined it computes the
// colour (location 0) as well as the labels; without, only the labels (for
// the single-sample label pass beside a multisampled colour pass). The
// model's constants (DIELECTRIC_F0, LOBE_NORM_*, PCF_*) and array sizes are
// #defines that shaderDefines builds from package render/shading.
const fragmentShader = `
in vec3 vPos;
in vec3 vNormal;
in vec2 vUV;
in vec4 vColor;
in vec3 vTangent;
in float vTangentW;
flat in uint vID;
flat in vec4 vBaseColor;
flat in vec4 vMaterial; // metallic, specular exponent, unlit, roughness
flat in vec3 vEmissive;

layout(location = 1) out uint oID;
layout(location = 2) out float oDepth;
layout(location = 3) out vec4 oNormal;

uniform bool uTextured;
uniform sampler2D uTexture;
ALPHA_TEST

// shadingNormal is the unit interpolated normal, flipped on back faces
// (visible only for double-sided materials). An interpolated normal may face
// away from the camera near a silhouette; as in render/soft, its component
// along the view ray is removed so that normals always face the camera
// (nothing changes while they do). Degenerate cases fall back to the
// geometric normal, oriented towards the camera.
vec3 shadingNormal() {
	vec3 n = vNormal;
	if (!gl_FrontFacing) {
		n = -n;
	}
	float l2 = dot(n, n);
	bool ok = l2 > 1e-30 && l2 < 1e30;
	if (ok) {
		n *= inversesqrt(l2);
		float d = dot(n, vPos);
		if (d > 0.0) {
			vec3 v = n - (d / dot(vPos, vPos)) * vPos;
			float v2 = dot(v, v);
			ok = v2 > 1e-30;
			n = v * inversesqrt(max(v2, 1e-30));
		}
	}
	if (!ok) {
		n = normalize(cross(dFdx(vPos), dFdy(vPos)));
		if (dot(n, vPos) > 0.0) {
			n = -n;
		}
	}
	return n;
}

#ifdef SHADE
layout(location = 0) out vec4 oColor;

uniform vec3 uAmbient;
uniform int uNumLights;

// Lights in the camera frame. vector.w = 0: directional, xyz = unit
// direction towards the light; vector.w = 1: point, xyz = position.
// radiance.rgb = Color·Intensity.
layout(std140) uniform Lights {
	vec4 vector[MAX_LIGHTS];
	vec4 radiance[MAX_LIGHTS];
};

// Shadow maps (see package render/shading, "Shadows"): rows x, y, z of the affine
// map from the camera frame to map coordinates (texels, normalised
// depth), and per map its size, normal offset (camera-frame units) and
// depth bias. radiance[i].w of a shadowed light is its map index + 1.
uniform int uNumShadows;
uniform sampler2DArray uShadowMaps;
uniform vec4 uShadowX[MAX_SHADOWS];
uniform vec4 uShadowY[MAX_SHADOWS];
uniform vec4 uShadowZ[MAX_SHADOWS];
uniform vec4 uShadowParams[MAX_SHADOWS];

// lightFactor is shading.PCF: the fraction of the PCF_TAPS texels around
// the offset point whose stored depth is not nearer than the point's depth
// minus the bias; texels off the map count as lit.
float lightFactor(int k, vec3 n) {
	vec4 q = vec4(vPos + n * uShadowParams[k].y, 1.0);
	float x = dot(uShadowX[k], q);
	float y = dot(uShadowY[k], q);
	float z = dot(uShadowZ[k], q);
	float size = uShadowParams[k].x;
	float edge = float(PCF_RADIUS + 1);
	if (!(x > -edge && x < size + edge && y > -edge && y < size + edge)) {
		return 1.0;
	}
	int ix = int(floor(x));
	int iy = int(floor(y));
	int sz = int(size);
	float zb = z - uShadowParams[k].z;
	float lit = 0.0;
	for (int j = iy - PCF_RADIUS; j <= iy + PCF_RADIUS; j++) {
		for (int i = ix - PCF_RADIUS; i <= ix + PCF_RADIUS; i++) {
			if (i < 0 || j < 0 || i >= sz || j >= sz || zb <= texelFetch(uShadowMaps, ivec3(i, j, k), 0).r) {
				lit += 1.0;
			}
		}
	}
	return lit / PCF_TAPS;
}

// The material's other textures (package render/shading, "Textures"):
// uTexMask has a TEX_* bit per bound texture, all read at vUV. The
// metallic-roughness, normal and occlusion textures are GL_RGBA8 (linear
// data), the emissive one GL_SRGB8_ALPHA8.
uniform int uTexMask;
uniform sampler2D uMetalRoughTex;
uniform sampler2D uNormalTex;
uniform sampler2D uOcclusionTex;
uniform sampler2D uEmissiveTex;
uniform float uNormalScale;       // Material.NormalStrength()
uniform bool uVertexTangents;     // the mesh has Tangents: vTangent, vTangentW hold them
uniform float uOcclusionStrength; // Material.Occlusion()

// specularExponent is shading.SpecularExponent.
float specularExponent(float roughness) {
	float r = clamp(roughness, 0.0, 1.0);
	float a = max(r * r, MIN_ALPHA);
	return 2.0 / (a * a) - 2.0;
}

// perturbNormal is shading.PerturbNormal in the frame of the mesh's
// vertex tangents (uVertexTangents: shading.VertexTangent) or else of
// shading.TriangleTangent, computed from the screen-space derivatives of
// the camera-frame position and the texture coordinates (exact for a
// triangle, on which position is an affine function of UV): tangent
// t = ∂p/∂u, handedness from the winding's side. Both are negated on back
// faces. n is the shading normal, tex the normal map's texel.
vec3 perturbNormal(vec3 n, vec3 tex) {
	vec3 t;
	float w;
	if (uVertexTangents) {
		// shading.VertexTangent: the interpolated tangent and the sign of
		// the interpolated handedness.
		t = vTangent;
		w = vTangentW < 0.0 ? -1.0 : 1.0;
	} else {
		vec3 px = dFdx(vPos), py = dFdy(vPos);
		vec2 tx = dFdx(vUV), ty = dFdy(vUV);
		float det = tx.x * ty.y - ty.x * tx.y;
		if (det == 0.0) {
			return n;
		}
		t = (px * ty.y - py * tx.y) / det;  // ∂p/∂u
		vec3 bv = (py * tx.x - px * ty.x) / det; // ∂p/∂v
		vec3 front = cross(px, py);
		if (dot(front, vPos) > 0.0) {
			front = -front; // now facing the camera
		}
		if (!gl_FrontFacing) {
			front = -front;
		}
		w = dot(cross(front, t), bv) > 0.0 ? -1.0 : 1.0;
	}
	if (!gl_FrontFacing) {
		t = -t;
		w = -w;
	}
	vec3 tp = t - n * dot(n, t);
	float l2 = dot(tp, tp);
	if (!(l2 > 1e-30 && l2 < 1e30)) {
		return n;
	}
	tp *= inversesqrt(l2);
	vec3 bp = w * cross(n, tp);
	vec3 m = vec3((2.0 * tex.xy - 1.0) * uNormalScale, 2.0 * tex.z - 1.0);
	vec3 o = tp * m.x + bp * m.y + n * m.z;
	float o2 = dot(o, o);
	if (!(o2 > 1e-30 && o2 < 1e30)) {
		return n;
	}
	return o * inversesqrt(o2);
}

// The environment light (package render/shading, "Environment light"),
// set per frame from shading.NewEnvLight when uEnvOn: uEnvIrr holds
// EnvLight.Irr (the camera-frame quadratic form of irradiance/π),
// uEnvToMap EnvLight.ToMap (the camera→map rotation), uEnvScale
// EnvLight.Scale, and uEnvMap the atlas of the prepared specular cube
// levels (env.go): level k's six bordered faces of side
// n = ENV_FACE_SIZE >> k side by side from row ENV_LEVEL_ROWS[k].
uniform bool uEnvOn;
uniform vec3 uEnvIrr[10];
uniform mat3 uEnvToMap;
uniform float uEnvScale;
uniform sampler2D uEnvMap;
const int envLevelRows[ENV_LEVELS] = ENV_LEVEL_ROWS;

// envIrradiance is EnvLight.Irradiance: the quadratic form at the unit
// camera-frame normal n, clamped at 0.
vec3 envIrradiance(vec3 n) {
	float x = n.x, y = n.y, z = n.z;
	vec3 v = uEnvIrr[0] * (x * x) + uEnvIrr[1] * (y * y) + uEnvIrr[2] * (z * z) +
		uEnvIrr[3] * (x * y) + uEnvIrr[4] * (x * z) + uEnvIrr[5] * (y * z) +
		uEnvIrr[6] * x + uEnvIrr[7] * y + uEnvIrr[8] * z + uEnvIrr[9];
	return max(v, vec3(0.0));
}

// envFace is shading.CubeFace: the face direction d selects and the
// coordinates (s, t) in [0, 1]² within it, after the OpenGL table of
// major axes (ties go to x, then y); false for a zero or non-finite d.
bool envFace(vec3 d, out int face, out vec2 st) {
	vec3 a = abs(d);
	float sc, tc, ma;
	if (a.x >= a.y && a.x >= a.z) {
		ma = a.x;
		if (d.x >= 0.0) {
			face = 0; sc = -d.z; tc = -d.y;
		} else {
			face = 1; sc = d.z; tc = -d.y;
		}
	} else if (a.y >= a.z) {
		ma = a.y;
		if (d.y >= 0.0) {
			face = 2; sc = d.x; tc = d.z;
		} else {
			face = 3; sc = d.x; tc = -d.z;
		}
	} else {
		ma = a.z;
		if (d.z >= 0.0) {
			face = 4; sc = d.x; tc = -d.y;
		} else {
			face = 5; sc = -d.x; tc = -d.y;
		}
	}
	st = vec2(0.0);
	if (!(ma > 0.0) || isinf(ma)) {
		return false;
	}
	float inv = 0.5 / ma;
	st = vec2(sc, tc) * inv + 0.5;
	return true;
}

// envLookup is CubeLevel.Sample of level k at (s, t) = st of face: the
// bordered texel coordinates x = s·n + 0.5, y = t·n + 0.5 blend texels
// ⌊x⌋, ⌊x⌋+1 (and rows ⌊y⌋, ⌊y⌋+1) with weights fract(x), fract(y).
// GL's bilinear filter at texel coordinate u blends texels ⌊u − 0.5⌋
// and the next with weight fract(u − 0.5), so u = x + 0.5 from the
// face's corner in the atlas; it never leaves the bordered face.
vec3 envLookup(int k, int face, vec2 st) {
	float n = float(ENV_FACE_SIZE >> k);
	vec2 corner = vec2(float(face) * (n + 2.0), float(envLevelRows[k]));
	vec2 uv = corner + (st * n + 0.5) + 0.5;
	return textureLod(uEnvMap, uv / vec2(ENV_ATLAS_WIDTH, ENV_ATLAS_HEIGHT), 0.0).rgb;
}

// envPrefiltered is EnvMap.Prefiltered: level r·(ENV_LEVELS−1) of the
// map-frame direction d, linear between the two levels around it (only
// the last at r = 1).
vec3 envPrefiltered(vec3 d, float r) {
	int face;
	vec2 st;
	if (!envFace(d, face, st)) {
		return vec3(0.0);
	}
	float lv = clamp(r, 0.0, 1.0) * float(ENV_LEVELS - 1);
	int k = int(lv);
	if (k >= ENV_LEVELS - 1) {
		return envLookup(ENV_LEVELS - 1, face, st);
	}
	vec3 a = envLookup(k, face, st);
	float w = lv - float(k);
	if (w == 0.0) {
		return a;
	}
	vec3 b = envLookup(k + 1, face, st);
	return a + (b - a) * w;
}

// envReflection is EnvLight.Reflection: the prefiltered radiance along
// R = 2(N·V)N − V, turned into the map's frame, at roughness r, times
// the intensity.
vec3 envReflection(vec3 n, vec3 v, float r) {
	vec3 rf = n * (2.0 * dot(n, v)) - v;
	return envPrefiltered(uEnvToMap * rf, r) * uEnvScale;
}

// envBRDF is shading.EnvBRDF, Karis's analytic fit: the scale and bias
// (a, b) of F0 in the environment's specular reflectance.
vec2 envBRDF(float r, float nv) {
	r = clamp(r, 0.0, 1.0);
	nv = clamp(nv, 0.0, 1.0);
	float rx = 1.0 - r;
	float ry = 0.0425 - 0.0275 * r;
	float rz = 1.04 - 0.572 * r;
	float rw = 0.022 * r - 0.04;
	float a004 = min(rx * rx, exp2(-9.28 * nv)) * rx + ry;
	return vec2(-1.04 * a004 + rz, 1.04 * a004 + rw);
}

vec3 shade(vec3 n) {
	vec4 base = vBaseColor * vColor;
	if (uTextured) {
		base *= texture(uTexture, vUV); // sRGB texture: decoded before filtering
	}
	if (vMaterial.z != 0.0) { // unlit
		return base.rgb;
	}
	// shading.Shade, with the material numbers of shading.NewMaterial
	// and, per point, those of its textures (Material.WithMetalRough,
	// WithOcclusion, WithEmission and PerturbNormal).
	float metallic = vMaterial.x;
	float s = vMaterial.y; // specular exponent, shading.SpecularExponent
	float rough = vMaterial.w; // shading.Material.Roughness
	float ao = 1.0;
	vec3 emissive = vEmissive;
	if ((uTexMask & TEX_METAL_ROUGH) != 0) {
		vec4 mr = texture(uMetalRoughTex, vUV);
		metallic *= mr.b;
		rough *= mr.g;
		s = specularExponent(rough);
	}
	if ((uTexMask & TEX_OCCLUSION) != 0) {
		ao = 1.0 + uOcclusionStrength * (texture(uOcclusionTex, vUV).r - 1.0);
	}
	if ((uTexMask & TEX_EMISSIVE) != 0) {
		emissive *= texture(uEmissiveTex, vUV).rgb;
	}
	if ((uTexMask & TEX_NORMAL) != 0) {
		n = perturbNormal(n, texture(uNormalTex, vUV).rgb);
	}
	vec3 albedo = base.rgb * (1.0 - metallic);
	vec3 f0 = mix(vec3(DIELECTRIC_F0), base.rgb, metallic);
	float norm = (s + LOBE_NORM_OFFSET) / LOBE_NORM_SCALE;
	vec3 v = normalize(-vPos);
	// Ambient light reaches both lobes: a metal under
	// ambient light alone shows its F0 colour rather than black.
	vec3 c = uAmbient * ao * (albedo + f0);
	if (uEnvOn) {
		// shading.ShadeEnv: the diffuse lobe gains the irradiance, and
		// the split-sum reflection is added, both times the occlusion,
		// at the (possibly bent) normal n and the point's roughness.
		vec2 ab = envBRDF(rough, dot(n, v));
		c += albedo * (envIrradiance(n) * ao) + envReflection(n, v, rough) * (f0 * ab.x + ab.y) * ao;
	}
	for (int i = 0; i < uNumLights; i++) {
		vec3 l;
		vec3 e = radiance[i].rgb;
		if (vector[i].w == 0.0) {
			l = vector[i].xyz;
		} else {
			vec3 d = vector[i].xyz - vPos;
			float d2 = dot(d, d);
			if (d2 <= 0.0) {
				continue;
			}
			l = d * inversesqrt(d2);
			e /= d2;
		}
		float nl = dot(n, l);
		if (nl <= 0.0) {
			continue;
		}
		if (radiance[i].w > 0.0) {
			e *= lightFactor(int(radiance[i].w) - 1, n);
		}
		vec3 h = normalize(l + v);
		float nh = max(dot(n, h), 0.0);
		float lobe = s > 0.0 ? pow(nh, s) : 1.0;
		c += (albedo + f0 * (norm * lobe)) * e * nl;
	}
	return c + emissive;
}
#endif

void main() {
	if (masked()) {
		discard;
	}
	vec3 n = shadingNormal();
	oID = vID;
	oDepth = 1.0 / gl_FragCoord.w; // w_clip = camera z
	oNormal = vec4(n, 0.0);
#ifdef SHADE
	// Premultiplied by the coverage alpha for blending (GL_ONE,
	// GL_ONE_MINUS_SRC_ALPHA); opaque and masked surfaces have alpha 1.
	float a = uAlphaMode == ALPHA_BLEND ? clamp(coverageAlpha(), 0.0, 1.0) : 1.0;
	if (a == 0.0) {
		discard; // neither composites nor writes depth
	}
	oColor = vec4(shade(n) * a, a);
#endif
}
`

// silhouetteFragmentShader marks covered pixels in the R8 silhouette
// atlas; masked-out samples are not covered.
const silhouetteFragmentShader = `
in vec2 vUV;
in vec4 vColor;
flat in vec4 vBaseColor;
uniform bool uTextured;
uniform sampler2D uTexture;
ALPHA_TEST
layout(location = 0) out float oCover;
void main() {
	if (masked()) {
		discard;
	}
	oCover = 1.0;
}
`

// alphaTest is the coverage alpha and the MASK test (package
// render/shading, "Alpha"), shared by every fragment shader that writes
// ids, depth, colour or silhouettes: the base colour's alpha times the
// vertex colour's times the texture's, the texture sampled as for the
// colour (GL_NEAREST or GL_LINEAR after the sampler of the texture; the
// alpha channel of GL_SRGB8_ALPHA8 is linear). It replaces ALPHA_TEST in
// those sources.
const alphaTest = `
uniform int uAlphaMode; // ALPHA_OPAQUE, ALPHA_MASK or ALPHA_BLEND
uniform float uCutoff;  // Material.Cutoff()

float coverageAlpha() {
	float a = vBaseColor.a * vColor.a;
	if (uTextured) {
		a *= texture(uTexture, vUV).a;
	}
	return a;
}

bool masked() {
	return uAlphaMode == ALPHA_MASK && coverageAlpha() < uCutoff;
}
`

// skyVertexShader draws one triangle over the whole viewport (from
// gl_VertexID, no vertex buffers) and hands the fragment shader each
// fragment's image coordinates (u right, v down, pixel centres at
// half-integers), inverting the NDC mapping of orientation.projection:
// x_ndc = 2u/W − 1, y_ndc = 1 − 2v/H upright or 2v/H − 1 mirrored. It is
// affine in NDC, so interpolation is exact.
const skyVertexShader = `
uniform vec2 uSize;    // image width and height
uniform bool uMirrorY; // orientation.mirrorY
out vec2 vImage;
void main() {
	vec2 ndc = vec2(gl_VertexID == 1 ? 3.0 : -1.0, gl_VertexID == 2 ? 3.0 : -1.0);
	vImage.x = (ndc.x + 1.0) * 0.5 * uSize.x;
	vImage.y = uMirrorY ? (ndc.y + 1.0) * 0.5 * uSize.y : (1.0 - ndc.y) * 0.5 * uSize.y;
	gl_Position = vec4(ndc, 0.0, 1.0);
}
`

// skyFragmentShader is shading.EnvLight.Background: the sky texture
// (EnvMap.Sky: wrapped in s, clamped in t, bilinear) along the
// fragment's camera ray ((u − cx)/fx, (v − cy)/fy, 1) turned into the
// map's frame, times the intensity, in linear light (GL_FRAMEBUFFER_SRGB
// encodes it).
const skyFragmentShader = `
in vec2 vImage;
uniform vec4 uK; // fx, fy, cx, cy
uniform mat3 uSkyToMap;
uniform float uSkyScale;
uniform sampler2D uSky;
layout(location = 0) out vec4 oColor;
const float PI = 3.14159265358979;
void main() {
	vec3 d = normalize(uSkyToMap * vec3((vImage.x - uK.z) / uK.x, (vImage.y - uK.w) / uK.y, 1.0));
	vec2 uv = vec2(atan(d.x, -d.z) / (2.0 * PI) + 0.5, acos(clamp(d.y, -1.0, 1.0)) / PI);
	oColor = vec4(texture(uSky, uv).rgb * uSkyScale, 1.0);
}
`
