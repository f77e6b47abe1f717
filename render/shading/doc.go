// Package shading is the one definition of how synthkit renderers light a
// scene: the material and light model, the shadow maps of directional
// lights, and the numbers both need. render/soft implements it in fast Go
// and is tested bit for bit against Shade and PCF, the readable reference
// functions here; render/gl implements it in GLSL, with the constants
// injected from this package when its shaders are compiled and its light
// set-up, normal matrices and shadow cameras taken from here.
//
// Data enters as scene types (scene.Material, scene.Light, scene.Scene)
// and leaves as camera-frame lights (CameraLights), derived material
// numbers (NewMaterial), light cameras (ShadowedLights) and, per point,
// linear RGB radiance (Shade) and light visibility (PCF).
//
// # Shading model
//
// Materials follow glTF's metallic-roughness parameters, evaluated with a
// simple model that every renderer implements identically. At a surface
// point with unit normal N facing the camera (back faces of double-sided
// materials use the flipped normal), unit direction V towards the camera
// and, per light, unit direction L towards the light and H = norm(L+V):
//
//	c   = BaseColor · vertex colour · texture      (linear RGB; alpha: see Alpha)
//	c_d = c·(1−m)   F0 = 0.04·(1−m) + c·m          (m = Metallic)
//	α   = clamp(Roughness², 0.03, 1)   p = 2/α² − 2 (0 at Roughness 1)
//	(N·H)^p = Pow(N·H, p), a polynomial exp2/log2 (see Pow)
//	out = Emissive + A·o·(c_d + F0)
//	      + Σ E·max(N·L, 0)·(c_d + F0·(p+8)/8·max(N·H, 0)^p)
//
// where A sums Color·Intensity over the ambient lights, o is the ambient
// occlusion (1 without an occlusion texture; see Textures), E is Color·Intensity
// for a directional light and Color·Intensity/d² for a point light at
// distance d, and x^0 = 1. This is Lambert diffuse c_d/π plus the
// normalised Blinn-Phong lobe F0·(p+8)/(8π)·(N·H)^p, both multiplied by π so
// that a white light of intensity 1 on a white Lambert surface facing it
// gives a radiance of 1 (plus the 4% of F0). Ambient light reflects off
// both terms (the lobe's directional albedo is about F0), so metals are not
// black under it. Unlit materials output c. Parameters outside [0, 1] are
// clamped. The constants are DielectricF0 (0.04), MinAlpha (0.03) and
// LobeNormOffset/LobeNormScale (8/8); Shade spells out the order of the
// float32 operations. A scene with an Environment adds its light (see
// Environment light; ShadeEnv).
//
// Normals reach the camera frame through NormalMatrix. Lights are taken
// in the camera frame (CameraLights): the ambient ones summed, the others
// in scene order.
//
// Shading happens in linear RGB. Textures are sRGB-encoded; texture
// coordinates follow glTF ((0, 0) is the top-left corner of the image,
// texel centres at ((i+0.5)/w, (j+0.5)/h)), pass through
// Material.UVTransform, and are sampled bilinearly after conversion to
// linear (or from the nearest texel). The result is clamped to [0, 1] and
// encoded back to the nearest 8-bit sRGB code.
//
// # Textures
//
// Besides the base colour, a material may have the other textures of
// glTF's metallic-roughness model. All of them read the base colour's
// texture coordinates (the mesh's UVs through Material.UVTransform), each
// with its own wrap modes and filter (nearest, or bilinear); the
// metallic-roughness, normal and occlusion textures hold linear values
// (8-bit code/255, filtered as stored), the emissive texture is sRGB and
// decoded before filtering, like the base colour. At a point:
//
//   - metallic-roughness (G, B): m = Metallic·B and the exponent p and
//     normalisation of Roughness·G (Material.WithMetalRough);
//   - occlusion (R): o = 1 + strength·(R − 1), multiplying the ambient
//     light only (Material.WithOcclusion);
//   - emissive (RGB): Emissive·RGB (Material.WithEmission);
//   - normal: the tangent-space normal bends the shading normal N after
//     its facing correction (PerturbNormal), in the frame of the
//     triangle's texture coordinates (TriangleTangent: T = ∂p/∂u, the
//     handedness from the direction of the image's up). On a back face
//     (double-sided materials) the frame flips with the normal: T and the
//     handedness are negated, so the bent normal is the negated front
//     one, the true normal of a thin sheet's back side. A mesh with
//     vertex tangents (Mesh.Tangents, glTF's TANGENT) uses them instead
//     (VertexTangent: turned by the object's transform, the handedness
//     negated by a mirroring one, interpolated like the normals, and
//     negated with them on a back face); otherwise the frame is per
//     triangle, so a normal map over a smooth mesh shows the facets'
//     tangent directions.
//
// # Environment light
//
// A scene's Environment (an equirectangular radiance map in the world
// frame, turned by its Rotation about +Y and scaled by its Intensity)
// lights every surface as ambient light does, but from its directions,
// with the split-sum approximation of image-based lighting. At a point
// with occlusion o, roughness r (after the metallic-roughness texture)
// and R = 2(N·V)N − V:
//
//	out += o·c_d·I(N) + o·P(R, r)·(F0·a + b)      (a, b) = EnvBRDF(r, N·V)
//
// I(N) is the irradiance divided by π, from the map's spherical
// harmonics of bands 0–2 (Ramamoorthi and Hanrahan's quadratic form,
// clamped at 0; a uniform map of radiance c gives c, so the map's units
// are an Ambient light's). P(R, r) is the map prefiltered with a Phong
// lobe for roughness r: EnvLevels cube levels (faces of 128 down to 8
// texels, a mip chain) for roughness k/4, sampled bilinearly within
// bordered faces (continuous across cube edges) and linearly between
// levels; level 0 is the map itself, level k ≥ 1 its convolution with
// max(0, R·ω)^s, s = p/4 + 1 for the Blinn-Phong exponent p of that
// roughness (EnvLobeExponent). (a, b) is Karis's analytic fit of the
// environment BRDF table. PrepareEnv computes the map's part once
// (about 0.15 s for a 256×128 map), EnvCache keeps it by content, and
// NewEnvLight places it for a frame. The environment casts no shadows.
// With Environment.Background it is drawn behind the objects: a sample
// no object covers takes EnvLight.Background along its camera ray, the
// map (box-filtered to at most MaxSkyHeight rows, EnvMap.Sky) sampled
// bilinearly, wrapped in azimuth and clamped at the poles, times the
// intensity; otherwise such samples take Scene.Background.
//
// Textures change colour only: ids, depth, silhouettes and the normals
// a renderer writes (the interpolated mesh normal, before any normal
// map) are the same with and without them.
//
// # Alpha
//
// The coverage alpha of a sample is BaseColor.A × vertex colour alpha ×
// texture alpha, the texture sampled with the same filter as its colour
// (nearest or bilinear, the alpha channel filtered as stored, 8-bit
// linear). Materials with scene.AlphaOpaque ignore it. With
// scene.AlphaMask a sample whose alpha is below Material.Cutoff does not
// exist: it writes no colour, id, depth or silhouette, in every pass and
// at every supersample. With scene.AlphaBlend the shaded colour c is
// composited over the colour behind it in linear light, out = a·c +
// (1−a)·behind (the over operator, premultiplied by alpha), after every
// opaque and masked surface is drawn, the blended objects back to front
// in BlendOrder and each object's triangles in mesh order, with the
// depth test and depth writes on: a blended sample composites only where
// it is nearer than what is drawn there (the opaque surface, or an
// earlier blended sample), and then writes its depth, except a sample of
// alpha 0, which neither composites nor writes. So an object's opaque
// parts occlude its own farther triangles whatever their mesh order, and
// a model whose inner parts (a bottle's contents) come before its outer
// shell in mesh order shows them through the shell; an inner part after
// the shell is hidden behind it. Labels (ids, depth, normals, silhouettes) treat blended surfaces
// as opaque. Shadow maps ignore alpha: masked-out texels and blended
// surfaces cast full shadows.
//
// # Shadows
//
// A directional light with CastShadows is shadowed with a shadow map that
// every renderer builds identically from NewShadowCamera and ShadowedLights.
// Point lights are never shadowed (a cube map is not implemented), and
// only the first MaxShadowMaps (4) directional lights with CastShadows, in
// scene order, get a map.
//
//   - Light camera: orthographic, looking along f = norm(Direction), with
//     axes r = norm(f × a) and u = f × r, where a = (0, 1, 0), or (0, 0, 1)
//     when |f.y| > 0.9.
//   - Bounds: every object with at least one triangle (labelled and
//     context objects alike) contributes the 8 corners of its mesh's local
//     Bounds mapped by its Transform (with the homogeneous divide);
//     non-finite corners are skipped. Let [lo, hi] be the ranges of the
//     corners' coordinates along r, u and f, E the largest of the three
//     extents and pad = 4·E/N for a map of N×N texels. There is no map (the
//     light is unshadowed) when no corner remains or E is 0.
//   - Map: square, centred on the r and u ranges, half-side
//     h = max(extent_r, extent_u)/2 + pad, so a texel is 2h/N wide; texel
//     (i, j) covers [i, i+1)×[j, j+1) in x = (r·p − c_r + h)·N/(2h),
//     y = (u·p − c_u + h)·N/(2h). Depth z = (f·p − near)/(far − near) with
//     near = lo_f − pad and far = hi_f + pad, clamped to [0, 1].
//   - Content: both faces of every triangle (so single-sided meshes do not
//     leak light), the nearest z at each texel centre, with the top-left
//     rule; texels nothing covers are lit.
//   - Lookup: the surface point moves 2.5 texels (world size) along its
//     shading normal (normal offset), is mapped to (x, y, z), and compared
//     with the 3×3 texels around it, columns ⌊x⌋−1..⌊x⌋+1 and rows
//     ⌊y⌋−1..⌊y⌋+1: a texel lights the point when z − bias <= its depth,
//     with bias = 1 texel of world size (in z units); texels off the map
//     are lit (ShadowNormalOffset, ShadowBias, PCFRadius; see PCF). The fraction of lit texels, 0, 1/9, …, 1, multiplies the
//     light's E in both the diffuse and the specular term; ambient light
//     and emission are unaffected.
//
// Shadows change colour only: ids, depth, normals and silhouettes are the
// same with and without them. The map resolution is a renderer option
// (1024 by default).
package shading
