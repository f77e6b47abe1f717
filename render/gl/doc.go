// Package gl is the OpenGL backend of package render: a render.Renderer
// that draws scenes on a GPU (or on Mesa's llvmpipe) and returns the same
// Frame as render/soft, the pure-Go reference, to within float precision.
// It is compiled only with the build tag gl (go build -tags gl), needs cgo,
// and links libGL, libEGL and the X11 libraries GLFW uses; without the tag
// the rest of the module builds and tests with Go alone, and this package
// holds only this documentation (doc.go is its one untagged file, so that
// go doc shows it in a default build).
//
// # Data flow
//
// New creates a context and compiles three shader programs on a dedicated
// OS thread; every later GL call runs there. Render validates the scene,
// then on that thread:
//
//  1. groups objects into batches that share a mesh, a base-colour texture,
//     culling and the handedness of their transform, and uploads meshes and
//     textures the cache lacks (cache.go, drawlist.go);
//  2. streams one record per object (model-view and normal matrices in
//     float32, instance id, material parameters) and the lights, moved to
//     the camera frame on the CPU in float64;
//  3. draws each batch with one instanced call into a framebuffer with an
//     sRGB colour target, an R32UI id target, an R32F depth target and an
//     RGBA32F normal target (passes.go);
//  4. draws each object's silhouette into an atlas (silhouette.go);
//  5. queues glReadPixels of every target, then of the atlas, into a pixel
//     buffer object (GL_PIXEL_PACK_BUFFER) behind a fence (pipeline.go),
//     and, once the fence has signalled, maps the buffer and copies it
//     into the Frame and a copy of the atlas rows; the masks are then cut
//     out on the caller's goroutine, not the GL thread (readback.go,
//     pipeline.go).
//
// # Pipelined rendering
//
// Render is Submit and Collect in one call. The pipelined API overlaps a
// sample's readback with the next sample's drawing:
//
//	t, err := r.Submit(ctx, s)  // validate, draw, queue readback into PBOs, fence
//	f, err := r.Collect(ctx, t) // wait on the fence, map, copy into the Frame
//
// Submit returns a Ticket without waiting for the GPU; each render in
// flight owns a slot (its own framebuffer set and PBO), so the next
// Submit draws into other targets while the previous readback completes.
// At most PipelineDepth (2) tickets of the Renderer, and as many of each
// Client, may await Collect (ErrPipelineFull
// beyond that); tickets may be collected in any order, each once; a Collect
// whose ctx ends first abandons the render and frees its slot. RenderBatch
// drives the pipeline for a slice of scenes and hands frames to a callback
// in order, while the next scene renders. Frames are byte for byte those of
// Render, silhouettes included: every silhouette round is read into the
// same PBO, so silhouettes are pipelined too. Shared state (the instance
// and light buffers, shadow maps, the silhouette atlas) is reused across
// slots: GL orders every command, so the results stay exact, and buffer
// orphaning keeps the driver from waiting. ctx is checked before the work
// and while waiting on the fence, no longer between silhouette rounds.
//
// The gain depends on the driver. On a GPU, drawing sample i+1 overlaps
// the transfer of sample i, and the CPU work of Submit (draw lists,
// uploads) overlaps the GPU's. On llvmpipe the rasteriser runs on the
// CPU, glReadPixels into a PBO is a CPU copy done at the call, and the PBO
// adds one more copy, so pipelining gains nothing there (see
// BenchmarkGLPipeline).
//
// A shard worker (package job) renders a stream of samples through
// render.Pipeliner, which Renderer implements with Submit and Collect
// (Start, PipelineDepth): it keeps up to PipelineDepth samples in flight,
// starting sample i+1 before it collects, post-processes, labels and
// encodes sample i. Frames are those of Render, so the shards are
// byte-identical to one-by-one rendering (job.RunOptions.Sequential;
// TestJobPipelinedIdentical); an error from Submit or Collect fails the
// sample as Render's would. The workers of one run share one Renderer
// (render.Sharer: each gets a Client with its own PipelineDepth), so a
// process holds one context and one cache of meshes and textures per
// GPU, and one GL thread feeds the device while the workers' CPUs make
// scenes, silhouette masks, labels and PNGs (synth does this for
// --renderer gl). The GL thread does only GL calls and the copies out of
// mapped buffers, since every worker waits on it (environment maps are
// looked up and prepared on the caller's goroutine too): on llvmpipe its
// Go work is 1.2 ms per shelves sample (6.2 ms when it also cut the masks
// and hashed the environment), and synth bench reports its whole CPU time
// as gl-thread.
//
// # Context loss
//
// Both providers ask for a context with reset notification
// (GL_LOSE_CONTEXT_ON_RESET: the EGL 1.5 attribute
// EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY, else
// EGL_EXT_create_context_robustness, else none; GLFW's
// ContextRobustness hint), so that a GPU reset is reported instead of
// being undefined; Info.RobustRequest, Info.ResetNotification and
// Info.ResetQuery say what was obtained. After every Render, Submit and
// Collect, successful or not (GL_OUT_OF_MEMORY and other errors included),
// the renderer calls glGetGraphicsResetStatus (OpenGL 4.5, or the KHR or
// ARB variant); a reset, or a GL_CONTEXT_LOST error, makes that call fail
// with an error wrapping ErrContextLost, drops the tickets in flight, and
// every later call fails the same way. Close still works; a worker should
// close the renderer and create a new one. On llvmpipe a context cannot
// actually be lost; the tests fake the reset status.
//
// # Context providers
//
// Options.Context picks how the context is made:
//
//   - "egl": EGL without any window system. Hardware devices of the EGL
//     device platform come first (EGL_EXT_platform_device with
//     eglQueryDevicesEXT: the usual headless path on NVIDIA servers, and on
//     Mesa with a render node), then Mesa's surfaceless platform
//     (EGL_MESA_platform_surfaceless: llvmpipe on a machine with no GPU),
//     then software devices of the device platform. The context is made
//     current with EGL_NO_SURFACE; rendering goes to framebuffer objects.
//     Options.EGLDevice pins one device on multi-GPU nodes.
//   - "glfw": a hidden 1×1 GLFW window, where DISPLAY or WAYLAND_DISPLAY is
//     set (for instance under xvfb-run).
//   - "auto" (the default): EGL, then GLFW. EGL goes first because it needs
//     no window system and because a DISPLAY inherited over ssh -X would
//     otherwise send every frame through a remote X server.
//
// When nothing works, New returns an error wrapping ErrNoContext that says
// what each provider lacked (no libEGL vendor, no device, eglInitialize
// failed, no DISPLAY, display unreachable); a context without the needed
// features gives ErrUnsupported. Neither panics.
//
// The renderer asks for a 4.1 core context and also needs glClipControl
// (OpenGL 4.5 or ARB_clip_control) and base-instance draws (4.2 or
// ARB_base_instance): Mesa 20+ (llvmpipe, radeonsi, iris) and the NVIDIA
// and AMD drivers have both.
//
// # Projection
//
// Scenes use the OpenCV camera frame (x right, y down, z forward) and
// pinhole intrinsics: a camera point (X, Y, Z) lands at u = fx·X/Z + cx,
// v = fy·Y/Z + cy, with pixel (i, j) covering [i, i+1)×[j, j+1). GL maps
// normalised device coordinates to window coordinates by
// x_w = (x_ndc+1)·W/2 and, with the lower-left clip origin,
// y_w = (y_ndc+1)·H/2, and samples pixel centres at (i+0.5, j+0.5). So
//
//	x_ndc = 2u/W − 1   ⇒  x_clip = (2fx/W)·X + (2cx/W − 1)·Z
//	w_clip = Z
//
// puts image column u at window x = u exactly. For y there are two choices:
// y_ndc = 1 − 2v/H (upright: the image's top at the window's top, rows read
// back bottom first) or y_ndc = 2v/H − 1 (mirrored: window row y holds
// image row y, so glReadPixels returns rows top first and no flip is
// needed):
//
//	upright:  y_clip = −(2fy/H)·Y + (1 − 2cy/H)·Z
//	mirrored: y_clip =  (2fy/H)·Y + (2cy/H − 1)·Z
//
// Mirroring y also mirrors every triangle on screen, so with it GL must
// treat clockwise triangles as front-facing (glFrontFace(GL_CW)); the
// upper-left clip origin flips y_w once more and the winding test with it.
// Depth is reversed and uses glClipControl's [0, 1] range:
//
//	z_clip = −n/(f−n)·Z + n·f/(f−n)  ⇒  z_ndc = n·(f−Z)/((f−n)·Z),
//
// 1 at the near plane and 0 at the far one, tested with GL_GREATER against
// a DEPTH_COMPONENT32F buffer cleared to 0: a float depth buffer then keeps
// nearly constant relative precision (about 1e-7) from near to far, where
// the classic [−1, 1] mapping would lose most of it. The clip volume
// 0 ≤ z_clip ≤ w_clip is exactly n ≤ Z ≤ f.
//
// # Fill rule and calibration
//
// Like render/soft, GL rasterisers snap vertices to 1/256 pixel (8 bits of
// sub-pixel precision) and cover a pixel when its centre is inside the
// triangle, and a pixel centre exactly on an edge goes to one side only.
// Which side is up to the implementation and is tied to the window
// orientation: llvmpipe, for instance, applies its rule in memory order, so
// it reproduces the image-space top-left rule of package scene only with
// the mirrored projection. At start-up New renders an 8×8 scene whose edges
// pass exactly through pixel centres in each of the four combinations of
// clip origin and y sign (orientations in projection.go) and keeps the
// first that yields the exact top-left rule, culls the back face and puts
// rows in place; Info reports the choice. On llvmpipe that is the lower-left
// origin with the mirrored projection.
//
// # Depth, normals and precision
//
// The depth target receives 1/gl_FragCoord.w, which is the camera z of the
// surface at the pixel centre (w_clip = Z and GL interpolates 1/w linearly
// in screen space, as render/soft interpolates 1/z). Both are exact for
// planar triangles up to rounding: GL transforms float32 vertices with a
// float32 model-view matrix (composed in float64 on the CPU and rounded
// once) and interpolates in float32, render/soft does both in float64. On
// llvmpipe the relative difference stays below 5e-6 on the test scenes and
// below 2e-7 against the exact ray–plane depth on a slanted plane; the
// conformance test allows 2e-5. Normals are the interpolated vertex normals
// (face normals for meshes without them, expanded at upload), mapped by
// shading.NormalMatrix of the model-view transform, flipped on back faces,
// and, when an interpolated normal points away from the camera near a
// silhouette, with its component along the view ray removed, exactly as in
// render/soft.
//
// # Shading
//
// The fragment shader implements shading.Shade, the model of package
// render/shading, with its constants injected as #defines when the
// programs are compiled (shaderDefines) and its per-object numbers
// (clamped metallic, specular exponent) and camera-frame lights computed
// on the CPU by the same Go functions render/soft uses (shading.NewMaterial,
// shading.CameraLights): Lambert albedo·(1−metallic), Blinn-Phong lobe
// weighted by F0·(exponent+8)/8 and by n·l, lights skipped when n·l ≤ 0,
// point lights falling off as 1/d², ambient·(albedo + F0), emissive, unlit
// materials passing base colour × vertex colour × texture through. The
// lobe uses GLSL's pow where the model uses shading.Pow. The material's
// other textures (shading's "Textures") are bound to their own units with
// a bit mask (uTexMask) per batch: metallic-roughness, normal and
// occlusion as GL_RGBA8 (linear data), emissive as GL_SRGB8_ALPHA8; the
// normal map's tangent frame comes from the mesh's vertex tangents (a
// vertex attribute, turned by the model-view matrix; the vertex shader
// derives the normal matrix from the same matrix, as the cofactors of
// shading.NormalMatrix) or else from screen-space derivatives of the
// camera-frame position and UV (dFdx/dFdy), which give shading's
// TriangleTangent up to rounding. Batches are split by texture set,
// normal scale and occlusion strength; the roughness factor travels per
// instance. Colour textures are stored as
// GL_SRGB8_ALPHA8, so texels are decoded to linear before bilinear
// filtering, without mipmaps, with glTF's wrap modes and texel centres at
// (i+0.5)/w; image row 0 is texture row 0, matching glTF's uv origin at the
// top-left. The colour target is sRGB too: GL encodes the linear result and
// the background is cleared with its encoded value. Differences from
// render/soft: lighting runs in float32 (soft mixes float32 and float64),
// hardware samplers weight texels with limited sub-texel precision (8 bits
// on most GPUs), and GL's sRGB encoding may round differently; on the test
// scenes no channel differs by more than one level. Multisampling
// (Options.MSAA) is GL MSAA in a separate colour pass resolved in linear
// light, where render/soft supersamples on a regular grid; the two agree
// inside objects and differ in edge weights.
//
// # Alpha
//
// The rules are those of package render/shading ("Alpha"), the same as
// render/soft's. MASK: every fragment shader that writes ids, depth,
// colour or silhouettes (the shading, label and silhouette programs)
// computes the coverage alpha (base colour × vertex colour × texture
// alpha, the texture through its own sampler, so the filter is the
// colour's) and discards fragments below the cutoff; batches are split by
// alpha mode and cutoff, which travel as uniforms. BLEND: the colour passes
// draw the opaque and masked batches, then each blended object with one
// draw in shading.BlendOrder (GL keeps primitive order, so triangles blend
// in mesh order), the shader's colour premultiplied by its alpha and
// blended with (GL_ONE, GL_ONE_MINUS_SRC_ALPHA) into the sRGB colour
// buffer with GL_FRAMEBUFFER_SRGB, that is in linear light; the depth test
// against the opaque surfaces stays on and depth is not written. Without
// MSAA the blended batches are then drawn once more into the label buffers
// only, as opaque surfaces; with MSAA the single-sample label pass draws
// every batch anyway. On equal depth between a blended and an opaque
// surface the opaque one keeps the label here, where render/soft keeps the
// earlier in scene order. Shadow maps ignore alpha.
//
// # Shadows
//
// Directional lights with CastShadows are shadowed exactly as package
// render/shading defines ("Shadows"), with its light cameras
// (shading.ShadowedLights): before the main pass, a depth-only pass per map
// draws every batch, both faces, with GL_DEPTH_CLAMP and GL_LESS into a
// layer of a DEPTH_COMPONENT32F texture array (Options.ShadowMapSize, 1024
// by default, as in render/soft); the fragment shader reads it with
// texelFetch (no hardware comparison or filtering) and applies the same
// normal offset, bias and box PCF (shading.PCF). Differences from render/soft: the
// map's rasterisation and the lookup run in float32 from camera-frame
// positions, so a texel on a shadow edge may flip and change that pixel by
// 1/9 of the light; on the conformance scenes colour still agrees to at
// most one level per channel. Point lights are not shadowed.
//
// # Silhouettes
//
// Each object is drawn alone, without depth test and with its own culling,
// into its own rectangle of an R8 atlas: the rectangle is the projection of
// its mesh's bounding box (the whole image when the box crosses the near
// plane), and the object is steered there by offsetting the viewport by
// whole pixels, which changes no rasterisation decision, plus a scissor.
// One readback serves the whole atlas; scenes whose rectangles overflow
// a 2048×2048 atlas take several rounds. The cost is one draw call per
// object, rasterising every object's projected area once more, and reading
// back the summed rectangle area (for the 110-object shelf at 640×480: 110
// draws and about 1.1 MB). On the test scenes the masks equal render/soft's
// pixel for pixel.
//
// # Post-effects
//
// The scene's Post runs on the GPU, so that a GPU node does not spend its
// CPU on it: the colour attachment is a texture, and full-screen passes
// follow render.PlanPost's plan over it. Stages 1 and 2 (render.PostLinear:
// blur, motion blur, vignette, gains, shot noise; render.PostDisplay:
// contrast, saturation, sensor noise) decode to linear RGBA32F through the
// plan's table, blur horizontally and vertically, motion-blur, then do
// the rest in one pass that writes codes into an RGBA8 texture. They take
// render.ApplyPost's float32 operations in its order, with precise
// against fusing, and its noise bit for bit: each row's 64-bit key comes
// from the plan, the SplitMix64 hash is done in 32-bit words
// (umulExtended), and the inverse-CDF and encode tables are textures.
// Stage 3, JPEG re-compression, runs ApplyPost's integer DCT round trip
// on the Y'CbCr planes of the image held in R32I textures, one pass per
// step, with the sums that need 64 bits in double (exact, below 2^38).
// The colour readback reads the result, and the frame's PostApplied says
// which stages ran, so render.ApplyPost does none of them again (JPEG is
// left to it when the planes would exceed the largest texture).
// TestPostShaders holds the result to ApplyPost's on the same rendered
// image: on Mesa llvmpipe every byte agrees, for every effect alone, two
// JPEG qualities and the phone mix, in both row orders and with MSAA.
// Options.Post says where they run: by default on the GPU, but on the CPU
// when the context is a software rasteriser, where shaders run on the CPU
// too and the Go code is faster (on llvmpipe the shaders cost about 0.88×
// the throughput of synth bench shelves). Scenes with lens distortion get their
// post-effects on the CPU, after the resampling (render.WithLens clears
// the inner scene's Post).
//
// # Caching
//
// Meshes and textures are uploaded on first use and kept, keyed by their
// *scene.Mesh and *scene.Texture pointers (package scene forbids modifying
// them once rendered), so the many facings of one SKU on a shelf share one
// vertex buffer and are drawn by one instanced call. Once a render ends
// with the cache above Options.CacheBytes, the least recently used entries
// not needed by that render are released.
//
// # Global state
//
// Three pieces of process-wide state are forced on the package: go-gl's
// function pointers, loaded once from the first context (glvnd, which Mesa
// and current NVIDIA drivers use, hands out dispatching entry points that
// serve every context); a count of GLFW users, so that glfwTerminate runs
// only when the last GLFW renderer closes; and a count of users per EGL
// display, because eglTerminate would destroy other renderers' contexts.
//
// # Concurrency
//
// A Renderer owns one context on one locked OS thread and serialises the
// Render, Submit and Collect calls made on it from any goroutines. Render
// does not count against PipelineDepth, so it works while tickets are in
// flight. Several Renderers (several
// contexts, several threads) may render concurrently, but prefer Clients
// of one (see Client for a Mesa llvmpipe crash with several contexts).
package gl
