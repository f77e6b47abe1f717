//go:build gl

package gl

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/go-gl/gl/v4.1-core/gl"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// The post-effects on the GPU (package documentation, "Post-effects"):
// stages 1 and 2 of scene.Post run as full-screen passes over the colour
// texture, following render.PostPlan step by step, then stage 3 (JPEG,
// post_jpeg.go), and the colour readback reads their result.

// Sizes of the post shaders' uniform arrays: the largest Gaussian kernel
// (r = ⌈3·MaxBlurSigma⌉) and the most motion-blur taps (⌈length⌉ + 1).
const (
	maxBlurTaps   = 2*3*scene.MaxBlurSigma + 1
	maxMotionTaps = scene.MaxMotionLength + 1
)

// Texture units of the post passes.
const (
	postUnitSrc    = 0 // the pass's input (RGBA32F)
	postUnitColor  = 1 // the rendered colour (SRGB8_ALPHA8)
	postUnitEncode = 2 // linear index → code (R8UI, 256×256)
	postUnitNormal = 3 // 16-bit draw → normal value (R32F, 256×256)
	postUnitKeys   = 4 // row keys (RG32UI, height×2: shot, sensor)
)

// postVertexShader draws one triangle covering the viewport.
const postVertexShader = `#version 410 core
void main() {
	gl_Position = vec4(gl_VertexID == 1 ? 3.0 : -1.0, gl_VertexID == 2 ? 3.0 : -1.0, 0.0, 1.0);
}
`

// postPrelude starts every post and JPEG pass's fragment shader: the image
// size, the row order, and the functions they share.
const postPrelude = `
uniform int uW;
uniform int uH;
uniform bool uTopFirst;

int winRow(int y) { return uTopFirst ? y : uH - 1 - y; }

// code recovers the 8-bit sRGB code from the linear value a texelFetch of
// an SRGB8_ALPHA8 texture returns (codes lie 1/255 apart in sRGB, far
// more than the decoder's error).
int code(float v) {
	float s = v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1.0 / 2.4) - 0.055;
	return int(clamp(floor(s * 255.0 + 0.5), 0.0, 255.0));
}
`

// postFragmentShader is every post pass; one of PASS_DECODE, PASS_BLUR_H,
// PASS_BLUR_V, PASS_MOTION and PASS_FINISH is defined. Positions are
// image pixels (x right, y down from the top row); uTopFirst says whether
// window row y holds image row y or row H−1−y. Every sum runs in the
// order render.ApplyPost takes, and precise keeps the compiler from
// fusing or reordering it.
const postFragmentShader = `
layout(location = 0) out vec4 oColor;

// at is the window texel of image pixel (x, y), clamped to the image.
ivec2 at(int x, int y) { return ivec2(clamp(x, 0, uW - 1), winRow(clamp(y, 0, uH - 1))); }
// here is this fragment's image pixel.
ivec2 here() { ivec2 p = ivec2(gl_FragCoord.xy); return ivec2(p.x, winRow(p.y)); }

#if defined(PASS_BLUR_H) || defined(PASS_BLUR_V) || defined(PASS_MOTION) || defined(PASS_FINISH)
uniform sampler2D uSrc;
#endif
#if defined(PASS_DECODE) || defined(PASS_FINISH)
uniform sampler2D uColor;
#endif

#ifdef PASS_DECODE
uniform float uDecode[256];
void main() {
	vec3 c = texelFetch(uColor, ivec2(gl_FragCoord.xy), 0).rgb;
	oColor = vec4(uDecode[code(c.r)], uDecode[code(c.g)], uDecode[code(c.b)], 1.0);
}
#endif

#if defined(PASS_BLUR_H) || defined(PASS_BLUR_V)
uniform int uR;
uniform float uK[MAX_BLUR_TAPS];
void main() {
	ivec2 q = here();
	precise vec3 s = vec3(0.0);
	for (int i = 0; i <= 2 * uR; i++) {
#ifdef PASS_BLUR_H
		vec3 v = texelFetch(uSrc, at(q.x + i - uR, q.y), 0).rgb;
#else
		vec3 v = texelFetch(uSrc, at(q.x, q.y + i - uR), 0).rgb;
#endif
		s += uK[i] * v;
	}
	oColor = vec4(s, 1.0);
}
#endif

#ifdef PASS_MOTION
uniform int uTaps;
uniform vec3 uTap[MAX_MOTION_TAPS]; // dx, dy, weight
void main() {
	ivec2 q = here();
	precise vec3 acc = vec3(0.0);
	for (int i = 0; i < uTaps; i++) {
		vec3 t = uTap[i];
		precise float fx = float(q.x) + t.x;
		precise float fy = float(q.y) + t.y;
		int ix = int(floor(fx));
		int iy = int(floor(fy));
		precise float ax = fx - float(ix);
		precise float ay = fy - float(iy);
		precise float w00 = (1.0 - ax) * (1.0 - ay) * t.z;
		precise float w10 = ax * (1.0 - ay) * t.z;
		precise float w01 = (1.0 - ax) * ay * t.z;
		precise float w11 = ax * ay * t.z;
		vec3 p00 = texelFetch(uSrc, at(ix, iy), 0).rgb;
		vec3 p10 = texelFetch(uSrc, at(ix + 1, iy), 0).rgb;
		vec3 p01 = texelFetch(uSrc, at(ix, iy + 1), 0).rgb;
		vec3 p11 = texelFetch(uSrc, at(ix + 1, iy + 1), 0).rgb;
		acc += w00 * p00 + w10 * p10 + w01 * p01 + w11 * p11;
	}
	oColor = vec4(acc, 1.0);
}
#endif

#ifdef PASS_FINISH
uniform bool uLinear;
uniform bool uDisplay;
uniform vec3 uGain;
uniform float uVignette;
uniform float uShot;
uniform float uContrast;
uniform float uSaturation;
uniform float uSigma;
uniform usampler2D uEncode;
uniform sampler2D uNormal;
uniform usampler2D uKeys;

// 64-bit arithmetic on (low, high) word pairs.
uvec2 add64(uvec2 a, uvec2 b) {
	uint lo = a.x + b.x;
	return uvec2(lo, a.y + b.y + (lo < a.x ? 1u : 0u));
}
uvec2 mul64(uvec2 a, uvec2 b) {
	uint hi, lo;
	umulExtended(a.x, b.x, hi, lo);
	return uvec2(lo, hi + a.x * b.y + a.y * b.x);
}
// xorShift is z ^ z>>s for 0 < s < 32.
uvec2 xorShift(uvec2 z, int s) {
	return uvec2(z.x ^ ((z.x >> s) | (z.y << (32 - s))), z.y ^ (z.y >> s));
}
// mix64 is SplitMix64's finaliser.
uvec2 mix64(uvec2 z) {
	z = mul64(xorShift(z, 30), uvec2(0x1ce4e5b9u, 0xbf58476du));
	z = mul64(xorShift(z, 27), uvec2(0x133111ebu, 0x94d049bbu));
	return xorShift(z, 31);
}
float normal(uint u) { return texelFetch(uNormal, ivec2(u & 255u, u >> 8), 0).r; }
// draws returns pixel x's three standard normal values of a row's stream.
vec3 draws(int stream, int x, int y) {
	uvec2 key = texelFetch(uKeys, ivec2(y, stream), 0).rg;
	uvec2 bits = mix64(add64(key, mul64(uvec2(uint(x + 1), 0u), uvec2(0x7f4a7c15u, 0x9e3779b9u))));
	return vec3(normal(bits.x & 0xffffu), normal(bits.x >> 16), normal(bits.y & 0xffffu));
}
int encode(float v) {
	int i = 0;
	if (v >= 1.0) {
		i = 65535;
	} else if (v > 0.0) {
		precise float t = v * 65535.0 + 0.5;
		i = int(t);
	}
	return int(texelFetch(uEncode, ivec2(i & 255, i >> 8), 0).r);
}

void main() {
	ivec2 q = here();
	ivec2 w = ivec2(gl_FragCoord.xy);
	vec4 col = texelFetch(uColor, w, 0);
	ivec3 c8 = ivec3(code(col.r), code(col.g), code(col.b));
	if (uLinear) {
		vec3 lin = texelFetch(uSrc, w, 0).rgb;
		precise vec3 g = uGain;
		if (uVignette > 0.0) {
			precise float dx = float(q.x) + 0.5 - float(uW) * 0.5;
			precise float dy = float(q.y) + 0.5 - float(uH) * 0.5;
			precise float v = 1.0 - uVignette * (dx * dx + dy * dy);
			g = g * v;
		}
		vec3 z = uShot > 0.0 ? draws(0, q.x, q.y) : vec3(0.0);
		for (int k = 0; k < 3; k++) {
			precise float v = lin[k] * g[k];
			if (uShot > 0.0 && v > 0.0) {
				precise float n = sqrt(uShot * v) * z[k];
				v = v + n;
			}
			c8[k] = encode(v);
		}
	}
	if (uDisplay) {
		precise vec3 c = vec3(c8);
		if (uContrast != 1.0) {
			c = 127.5 + uContrast * (c - 127.5);
		}
		if (uSaturation != 1.0) {
			precise float l = 0.299 * c.r + 0.587 * c.g + 0.114 * c.b;
			c = l + uSaturation * (c - l);
		}
		if (uSigma > 0.0) {
			c = c + uSigma * draws(1, q.x, q.y);
		}
		c8 = ivec3(clamp(c, 0.0, 255.0) + 0.5);
	}
	oColor = vec4(vec3(c8) / 255.0, float(int(col.a * 255.0 + 0.5)) / 255.0);
}
#endif
`

// softwareRasterizer reports whether a GL_RENDERER string names a CPU
// rasteriser: Mesa's llvmpipe, softpipe or swrast.
func softwareRasterizer(renderer string) bool {
	r := strings.ToLower(renderer)
	for _, name := range []string{"llvmpipe", "softpipe", "swrast", "software rasterizer"} {
		if strings.Contains(r, name) {
			return true
		}
	}
	return false
}

// postProgram is one linked post pass and its uniform locations.
type postProgram struct {
	id  uint32
	loc map[string]int32
}

func (p *postProgram) uniform(name string) int32 {
	if l, ok := p.loc[name]; ok {
		return l
	}
	l := gl.GetUniformLocation(p.id, gl.Str(name+"\x00"))
	p.loc[name] = l
	return l
}

// linkPasses links one program per name in passes from the fragment
// source src with that name defined, and points its samplers at the post
// passes' texture units.
func linkPasses(header, src string, passes map[string]**postProgram) error {
	for name, dst := range passes {
		p, err := linkProgram("post "+name, postVertexShader, header+"#define "+name+"\n"+postPrelude+src)
		if err != nil {
			return err
		}
		pp := &postProgram{id: p.id, loc: map[string]int32{}}
		*dst = pp
		gl.UseProgram(pp.id)
		for sampler, unit := range map[string]int32{
			"uSrc": postUnitSrc, "uPlane": postUnitSrc, "uCodes": postUnitSrc, "uColor": postUnitColor,
			"uEncode": postUnitEncode, "uNormal": postUnitNormal, "uKeys": postUnitKeys,
		} {
			gl.Uniform1i(pp.uniform(sampler), unit) // a no-op where the pass has no such sampler
		}
	}
	gl.UseProgram(0)
	return nil
}

// deletePasses deletes the programs that were linked.
func deletePasses(ps ...*postProgram) {
	for _, p := range ps {
		if p != nil && p.id != 0 {
			gl.DeleteProgram(p.id)
			p.id = 0
		}
	}
}

// textureFramebuffer returns a framebuffer drawing into tex, checked.
func textureFramebuffer(tex uint32, what string) (uint32, error) {
	var fbo uint32
	gl.GenFramebuffers(1, &fbo)
	gl.BindFramebuffer(gl.FRAMEBUFFER, fbo)
	gl.FramebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, tex, 0)
	drawBuffers(true)
	if err := checkFramebuffer(what); err != nil {
		gl.DeleteFramebuffers(1, &fbo)
		return 0, err
	}
	return fbo, nil
}

// postState is what the post passes share across frames: their programs
// and the tables of render.PostTables as textures. It is made on the
// first frame with post-effects.
type postState struct {
	decode, blurH, blurV, motion, finish *postProgram
	encode, normal, keys                 uint32      // textures
	vao                                  uint32      // empty: vertices come from gl_VertexID
	jpeg                                 *jpegPasses // made on the first frame with JPEG
	keyBuf                               []uint32    // the row keys' upload, reused
}

func newPostState() (*postState, error) {
	ps := &postState{}
	header := "#version 410 core\n" +
		"#define MAX_BLUR_TAPS " + strconv.Itoa(maxBlurTaps) + "\n" +
		"#define MAX_MOTION_TAPS " + strconv.Itoa(maxMotionTaps) + "\n"
	if err := linkPasses(header, postFragmentShader, map[string]**postProgram{
		"PASS_DECODE": &ps.decode, "PASS_BLUR_H": &ps.blurH, "PASS_BLUR_V": &ps.blurV,
		"PASS_MOTION": &ps.motion, "PASS_FINISH": &ps.finish,
	}); err != nil {
		ps.delete()
		return nil, err
	}
	decode, encode, normal := render.PostTables()
	gl.UseProgram(ps.decode.id)
	gl.Uniform1fv(ps.decode.uniform("uDecode"), 256, &decode[0])
	gl.UseProgram(0)
	gl.PixelStorei(gl.UNPACK_ALIGNMENT, 1)
	ps.encode = newTexture(gl.R8UI, 256, len(encode)/256)
	gl.BindTexture(gl.TEXTURE_2D, ps.encode)
	gl.TexSubImage2D(gl.TEXTURE_2D, 0, 0, 0, 256, int32(len(encode)/256), gl.RED_INTEGER, gl.UNSIGNED_BYTE, gl.Ptr(&encode[0]))
	ps.normal = newTexture(gl.R32F, 256, len(normal)/256)
	gl.BindTexture(gl.TEXTURE_2D, ps.normal)
	gl.TexSubImage2D(gl.TEXTURE_2D, 0, 0, 0, 256, int32(len(normal)/256), gl.RED, gl.FLOAT, gl.Ptr(&normal[0]))
	gl.BindTexture(gl.TEXTURE_2D, 0)
	gl.PixelStorei(gl.UNPACK_ALIGNMENT, 4)
	gl.GenVertexArrays(1, &ps.vao)
	if err := glError("preparing the post-effects"); err != nil {
		ps.delete()
		return nil, err
	}
	return ps, nil
}

func (ps *postState) delete() {
	if ps == nil {
		return
	}
	deletePasses(ps.decode, ps.blurH, ps.blurV, ps.motion, ps.finish)
	ps.jpeg.delete()
	for _, t := range []*uint32{&ps.encode, &ps.normal, &ps.keys} {
		if *t != 0 {
			gl.DeleteTextures(1, t)
			*t = 0
		}
	}
	if ps.vao != 0 {
		gl.DeleteVertexArrays(1, &ps.vao)
		ps.vao = 0
	}
}

// postTargets are one image size's post buffers: two linear RGBA32F
// textures the passes ping-pong between, and the RGBA8 result the colour
// readback reads.
type postTargets struct {
	lin, linFBO [2]uint32
	out, outFBO uint32
	jpeg        *jpegPlanes // made on the first frame with JPEG
}

func newPostTargets(w, h int) (*postTargets, error) {
	pt := &postTargets{}
	var err error
	for i := range pt.lin {
		pt.lin[i] = newTexture(gl.RGBA32F, w, h)
		if pt.linFBO[i], err = textureFramebuffer(pt.lin[i], fmt.Sprintf("%dx%d post-effects linear framebuffer", w, h)); err != nil {
			pt.delete()
			return nil, err
		}
	}
	pt.out = newTexture(gl.RGBA8, w, h)
	if pt.outFBO, err = textureFramebuffer(pt.out, fmt.Sprintf("%dx%d post-effects result framebuffer", w, h)); err != nil {
		pt.delete()
		return nil, err
	}
	gl.BindFramebuffer(gl.FRAMEBUFFER, 0)
	if err := glError(fmt.Sprintf("allocating %dx%d post-effects buffers", w, h)); err != nil {
		pt.delete()
		return nil, err
	}
	return pt, nil
}

func (pt *postTargets) delete() {
	if pt == nil {
		return
	}
	pt.jpeg.delete()
	for _, fb := range []*uint32{&pt.linFBO[0], &pt.linFBO[1], &pt.outFBO} {
		if *fb != 0 {
			gl.DeleteFramebuffers(1, fb)
			*fb = 0
		}
	}
	for _, t := range []*uint32{&pt.lin[0], &pt.lin[1], &pt.out} {
		if *t != 0 {
			gl.DeleteTextures(1, t)
			*t = 0
		}
	}
}

// planPost returns the post-effects s asks the GPU for: nil when there are
// none (or they run on the CPU, Info.PostOnGPU), else the plan, its Stages cut to those the
// GPU runs: every stage, but JPEG when its planes would exceed the
// context's largest texture (ApplyPost then does it).
func (r *Renderer) planPost(s *scene.Scene) (*render.PostPlan, error) {
	if !r.postOnGPU || render.StagesOf(s.Post) == 0 {
		return nil, nil
	}
	pl, err := render.PlanPost(s.Post, s.Camera.Width, s.Camera.Height)
	if err != nil {
		return nil, err
	}
	if pw, _, rows := jpegPlaneSize(s.Camera.Width, s.Camera.Height); max(pw, rows) > r.caps.maxSize {
		pl.Stages &^= render.PostJPEG
	}
	if pl.Stages == 0 {
		return nil, nil
	}
	return pl, nil
}

// usePass makes p the current program for image t, with its input src on
// the source unit, drawing into fbo: the image size and row order
// (postPrelude) are set; the viewport is the caller's.
func (r *Renderer) usePass(p *postProgram, t *targets, src, fbo uint32) {
	top := int32(0)
	if r.orient.rowsTopFirst() {
		top = 1
	}
	gl.UseProgram(p.id)
	gl.Uniform1i(p.uniform("uW"), int32(t.w))
	gl.Uniform1i(p.uniform("uH"), int32(t.h))
	gl.Uniform1i(p.uniform("uTopFirst"), top)
	gl.ActiveTexture(gl.TEXTURE0 + postUnitSrc)
	gl.BindTexture(gl.TEXTURE_2D, src)
	gl.BindFramebuffer(gl.FRAMEBUFFER, fbo)
}

// drawPost runs the passes of pl over t's colour texture into t's post
// result (postTargets.out), on the GL thread.
func (r *Renderer) drawPost(t *targets, pl *render.PostPlan) error {
	if r.post == nil {
		ps, err := newPostState()
		if err != nil {
			return err
		}
		r.post = ps
	}
	if t.post == nil {
		pt, err := newPostTargets(t.w, t.h)
		if err != nil {
			return err
		}
		t.post = pt
	}
	ps, pt := r.post, t.post
	w, h := int32(t.w), int32(t.h)

	// Row keys: row y of the texture holds stream 0 (shot), row 1 the
	// sensor stream, each texel a key's low and high words.
	keys := slices.Grow(ps.keyBuf[:0], 4*t.h)[:4*t.h]
	clear(keys)
	ps.keyBuf = keys
	for s, ks := range [2][]uint64{pl.ShotKeys, pl.SensorKeys} {
		for y, k := range ks {
			keys[2*(s*t.h+y)], keys[2*(s*t.h+y)+1] = uint32(k), uint32(k>>32)
		}
	}
	if ps.keys == 0 {
		gl.GenTextures(1, &ps.keys)
		gl.BindTexture(gl.TEXTURE_2D, ps.keys)
		gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAX_LEVEL, 0)
		gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST)
		gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST)
	}
	gl.ActiveTexture(gl.TEXTURE0 + postUnitKeys)
	gl.BindTexture(gl.TEXTURE_2D, ps.keys)
	gl.TexImage2D(gl.TEXTURE_2D, 0, gl.RG32UI, h, 2, 0, gl.RG_INTEGER, gl.UNSIGNED_INT, gl.Ptr(&keys[0]))
	for _, u := range []struct {
		unit uint32
		tex  uint32
	}{{postUnitColor, t.color}, {postUnitEncode, ps.encode}, {postUnitNormal, ps.normal}} {
		gl.ActiveTexture(gl.TEXTURE0 + u.unit)
		gl.BindTexture(gl.TEXTURE_2D, u.tex)
	}

	gl.Viewport(0, 0, w, h)
	gl.Disable(gl.DEPTH_TEST)
	gl.Disable(gl.CULL_FACE)
	gl.Disable(gl.BLEND)
	gl.Disable(gl.SCISSOR_TEST)
	gl.Disable(gl.FRAMEBUFFER_SRGB)
	gl.DepthMask(false)
	gl.BindVertexArray(ps.vao)
	pass := func(p *postProgram, src uint32, fbo uint32) *postProgram {
		r.usePass(p, t, src, fbo)
		return p
	}
	draw := func() { gl.DrawArrays(gl.TRIANGLES, 0, 3) }

	cur := 0
	linear := pl.Stages&render.PostLinear != 0
	if linear {
		pass(ps.decode, 0, pt.linFBO[0])
		draw()
		if k := pl.Blur; k != nil {
			for _, dir := range []struct {
				p        *postProgram
				from, to int
			}{{ps.blurH, 0, 1}, {ps.blurV, 1, 0}} {
				p := pass(dir.p, pt.lin[dir.from], pt.linFBO[dir.to])
				gl.Uniform1i(p.uniform("uR"), int32(len(k)/2))
				gl.Uniform1fv(p.uniform("uK"), int32(len(k)), &k[0])
				draw()
			}
		}
		if taps := pl.Motion; taps != nil {
			p := pass(ps.motion, pt.lin[0], pt.linFBO[1])
			gl.Uniform1i(p.uniform("uTaps"), int32(len(taps)))
			gl.Uniform3fv(p.uniform("uTap"), int32(len(taps)), &taps[0].DX)
			draw()
			cur = 1
		}
	}
	display := pl.Stages&render.PostDisplay != 0
	if linear || display {
		p := pass(ps.finish, pt.lin[cur], pt.outFBO)
		b := func(v bool) int32 {
			if v {
				return 1
			}
			return 0
		}
		gl.Uniform1i(p.uniform("uLinear"), b(linear))
		gl.Uniform1i(p.uniform("uDisplay"), b(display))
		gl.Uniform3f(p.uniform("uGain"), pl.Gain[0], pl.Gain[1], pl.Gain[2])
		gl.Uniform1f(p.uniform("uVignette"), pl.Vignette)
		gl.Uniform1f(p.uniform("uShot"), float32(pl.ShotNoise))
		gl.Uniform1f(p.uniform("uContrast"), pl.Contrast)
		gl.Uniform1f(p.uniform("uSaturation"), pl.Saturation)
		gl.Uniform1f(p.uniform("uSigma"), pl.Sigma)
		draw()
	}
	var err error
	if pl.Stages&render.PostJPEG != 0 {
		err = r.drawJPEG(t, pl, !(linear || display))
	}

	gl.BindVertexArray(0)
	gl.UseProgram(0)
	gl.DepthMask(true)
	for _, u := range []uint32{postUnitKeys, postUnitNormal, postUnitEncode, postUnitColor, postUnitSrc} {
		gl.ActiveTexture(gl.TEXTURE0 + u)
		gl.BindTexture(gl.TEXTURE_2D, 0)
	}
	gl.BindFramebuffer(gl.FRAMEBUFFER, t.fbo)
	gl.Viewport(0, 0, w, h)
	if err != nil {
		return err
	}
	return glError("drawing the post-effects")
}
