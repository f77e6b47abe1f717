// Package soft is the pure-Go reference rasterizer: a render.Renderer
// that runs anywhere, produces exact labels, and gives the same bytes on
// every run whatever the number of goroutines.
//
// A scene enters through Renderer.Render, which validates it
// (scene.Validate) and returns a render.Frame: sRGB colour, instance
// ids, camera-frame depth and normals, and one silhouette per object. The
// conventions (OpenCV camera frame, pixel centres at (x+0.5, y+0.5),
// instance id = object index + 1, depth = camera z) are those of package
// scene; the shading model, shadow maps and their constants are those of
// package render/shading, which this renderer matches bit for bit.
//
// # Pipeline
//
//  1. Object setup (parallel over objects): object → camera transform
//     (Camera.Pose × Object.Transform, float64), normal matrix, material
//     constants.
//  2. Triangle setup (parallel over chunks of consecutive triangles):
//     vertices to the camera frame in float64; triangles wholly in front
//     of the near plane or beyond the far plane are dropped; the rest is
//     clipped against z = Near (Sutherland–Hodgman, in camera space) and,
//     only if a vertex projects more than 2^18 pixels outside the image,
//     against guard-band planes, then projected with the pinhole
//     intrinsics, snapped to fixed point, split into a fan, culled, and
//     binned into bands of 16 image rows.
//  3. Bands (parallel over bands; each band owns its rows): draw the
//     band's triangles in scene order into a visibility buffer (nearest
//     1/z and triangle per pixel centre), marking silhouette coverage on
//     the way; then shade each visible pixel once (deferred shading, so
//     shading cost does not grow with overdraw) and write ids, depth,
//     normals and colour. A row's lit pixels are shaded in runs of up to
//     64: each pixel's surface, put four pixels side by side (fillLanes,
//     SSE2 on amd64), then the lights: four pixels side by side
//     (shading.Direct4) when no light is shadowed, else each pixel's
//     lights with the run's specular powers in one shading.PowN call;
//     then, with an environment, the reflection lookups and the model's
//     sums four pixels side by side (shading.Reflect4, shading.Finish4),
//     without one each pixel's sum. Builds without
//     the assembly (shading.LanesAssembly false) take every phase a
//     pixel at a time. The same float32
//     operations as one pixel at a time (so the same bits), more of them
//     at once. With supersampling, the band is drawn again on
//     an n×n finer grid and each sub-sample is shaded for colour only.
//     Before the bands, each shadowed directional light gets its shadow
//     map (package render/shading, "Shadows"): triangles are moved to the
//     light's map in parallel over the same chunks, snapped and set up like screen
//     triangles with both faces kept, then drawn in parallel over bands of
//     64 map rows keeping the minimum depth (order-independent, so the map
//     does not depend on the workers). Shading looks it up per sample.
//     Options.ShadowMapSize sets the resolution (1024 by default: on
//     BenchmarkSoftRender/shelf-30k a shadowed key light costs about 1.4×
//     the unshadowed render; 2048 cost about 1.6×).
//  4. Silhouettes (parallel over objects): crop each object's coverage
//     to its tight bounds.
//
// # Coverage and precision
//
// Projected vertices are snapped to 1/256 pixel (round half up) and held
// in int64; edge functions are evaluated exactly at pixel centres. A
// centre is covered when all three edge functions are positive, or zero
// on a top edge (horizontal, interior below) or a left edge. So two
// triangles sharing an edge never both own a pixel and never both miss
// one, including clipped edges: a clip vertex is always interpolated from
// the edge's inside endpoint towards its outside one, so neighbours compute
// it bit-identically. The guard band keeps coordinates below 2^30
// fixed-point units (image side <= 16384, 4× supersampling, plus a safety
// margin), so differences stay below 2^31 and no edge function exceeds
// 2^62: int64 never overflows.
//
// Front faces are counter-clockwise seen from the front (glTF); the sign
// of the snapped screen area decides, and a transform with a negative
// determinant (a mirror) swaps the winding, as glTF specifies. Back faces
// are culled unless the material is double-sided; then they are drawn and
// shaded with the flipped normal.
//
// Depth does not come from the snapped triangle: 1/z is the exact plane
// of the camera-space triangle evaluated along each pixel-centre ray in
// float64, so Frame.Depth is the ray–plane intersection z to float32
// precision (about 6e-8 relative), also for clipped triangles. The same
// holds for perspective-correct barycentrics, from which normals, UVs and
// vertex colours are interpolated (in float32). A pixel keeps a triangle
// when Near <= z <= Far (the far plane is a per-pixel test, not a clip)
// and its 1/z is strictly greater than what the pixel holds, so on equal
// depth the earlier triangle in scene order wins.
//
// # Alpha
//
// The rules are those of package render/shading ("Alpha"). A triangle
// of a MASK material is tested at each sample it covers, on every grid:
// the coverage alpha (base colour alpha × interpolated vertex colour
// alpha × texture alpha) is computed with the perspective-correct
// barycentrics, UVs and texture filter that shading uses for the base
// colour at that sample (the nearest texel with Texture.Nearest,
// otherwise bilinear on the stored 8-bit alpha), and a sample below the
// cutoff is skipped before the depth test. So a masked-out texel writes no
// depth, no id and no silhouette bit, labels cover exactly the pixels
// whose centre samples alpha >= cutoff, and each colour sub-sample is
// tested on its own. BLEND triangles take part in the label pass like
// opaque ones (their object owns its silhouette's pixels, depth is the
// first surface). Colour is then drawn in a pass of its own on the colour
// grid (pixel centres, or the SSAA sub-samples): the opaque and masked
// triangles are drawn and shaded, and the band's blended triangles are
// composited over each sample they are in front of, in linear light
// (a·c + (1−a)·behind), objects in shading.BlendOrder and each object's
// triangles in mesh order, each blended sample depth-tested against and
// then written to the colour grid's depth (alpha-0 samples skipped); the
// samples are then averaged and encoded. Scenes without BLEND
// materials take the single pass described above, unchanged. Shadow maps
// ignore alpha.
//
// Normals are unit camera-frame vectors facing the camera: interpolated
// vertex normals (or the face normal for meshes without normals), with any
// component pointing away from the camera removed near silhouettes.
//
// # Determinism and threading
//
// Bands own disjoint pixels and draw their triangles in scene order;
// chunk sizes and band heights do not depend on the number of workers; no
// floating-point sum crosses goroutines. Every buffer is therefore
// byte-identical whatever Options.Workers and GOMAXPROCS are (on a given
// platform: floating-point results may differ between architectures that
// fuse multiply-adds). Shading uses plain float32 arithmetic, polynomial
// log2/exp2 for the specular power and exact table-driven sRGB
// conversions, not libm.
//
// A Renderer keeps scratch buffers between renders; the returned Frame
// belongs to the caller. A caller done with a frame can hand it back with
// ReleaseFrame (render.FrameRecycler), and the next Render refills its
// buffers instead of allocating some 8 MB at 640×480; the bytes are the
// same either way.
package soft
