//go:build gl

package gl

import (
	"fmt"
	"strconv"

	"github.com/go-gl/gl/v4.1-core/gl"

	"github.com/synthkit/synthkit/render"
)

// The JPEG re-compression of the post-effects (render.PostPlan, stage 3)
// as shaders. The image's planes live in one R32I texture in image row
// order: luma in the top PH rows (PW×PH, the image padded to whole 16×16
// macroblocks), and below it, PH/2 rows of Cb (left half) and Cr (right
// half), so every 8×8 block of the texture is one JPEG block. Five passes
// ping-pong between two such textures (load, forward rows, forward
// columns with quantization, inverse columns, inverse rows) and a sixth
// converts back to RGB into the post result. Sums that need more than 32
// bits are in double, exact below 2^53 (they stay below 2^38).

// postJPEGShader holds the JPEG passes; one of JPEG_LOAD, JPEG_FROWS,
// JPEG_FCOLS, JPEG_IROWS, JPEG_ICOLS and JPEG_COMPOSE is defined.
const postJPEGShader = `
uniform int uPW; // padded width and height: whole macroblocks
uniform int uPH;
uniform int uK[64]; // the DCT basis, [u][x] row-major

int K(int u, int x) { return uK[8 * u + x]; }
// clampShift is color's (v >> 16) clamped to 0..255 (v < 0 gives 0).
int clampShift(int v) { return v < 0 ? 0 : (v >= (1 << 24) ? 255 : v >> 16); }
int clampSample(int v) { return clamp(v + 128, 0, 255); }

#ifdef JPEG_COMPOSE
layout(location = 0) out vec4 oColor;
#else
layout(location = 0) out ivec4 oPlane;
#endif

#if defined(JPEG_LOAD) || defined(JPEG_COMPOSE)
uniform sampler2D uColor; // the rendered colour (alpha; codes with uSRGB)
#endif
#ifndef JPEG_LOAD
uniform isampler2D uPlane;
int plane(int x, int y) { return texelFetch(uPlane, ivec2(x, y), 0).r; }
#endif

#ifdef JPEG_LOAD
uniform sampler2D uCodes; // the codes to compress: RGBA8, or uColor itself (uSRGB)
uniform bool uSRGB;
ivec3 rgbAt(int x, int y) {
	ivec2 w = ivec2(min(x, uW - 1), winRow(min(y, uH - 1)));
	if (uSRGB) {
		vec3 c = texelFetch(uColor, w, 0).rgb;
		return ivec3(code(c.r), code(c.g), code(c.b));
	}
	return ivec3(texelFetch(uCodes, w, 0).rgb * 255.0 + 0.5);
}
void main() {
	ivec2 p = ivec2(gl_FragCoord.xy);
	int v;
	if (p.y < uPH) {
		ivec3 c = rgbAt(p.x, p.y);
		v = ((19595 * c.r + 38470 * c.g + 7471 * c.b + (1 << 15)) >> 16) - 128;
	} else {
		bool cr = p.x >= uPW / 2;
		int cx = cr ? p.x - uPW / 2 : p.x;
		int cy = p.y - uPH;
		int s = 0;
		for (int dy = 0; dy < 2; dy++) {
			for (int dx = 0; dx < 2; dx++) {
				ivec3 c = rgbAt(2 * cx + dx, 2 * cy + dy);
				s += cr ? clampShift(32768 * c.r - 27440 * c.g - 5328 * c.b + (257 << 15))
				        : clampShift(-11056 * c.r - 21712 * c.g + 32768 * c.b + (257 << 15));
			}
		}
		v = ((s + 2) >> 2) - 128;
	}
	oPlane = ivec4(v, 0, 0, 0);
}
#endif

#ifdef JPEG_FROWS
void main() {
	ivec2 p = ivec2(gl_FragCoord.xy);
	int u = p.x & 7, b = p.x - u;
	int acc = 0;
	for (int x = 0; x < 4; x++) {
		int a = plane(b + x, p.y), c = plane(b + 7 - x, p.y);
		acc += K(u, x) * ((u & 1) == 0 ? a + c : a - c);
	}
	oPlane = ivec4((acc + (1 << (SHIFT1 - 1))) >> SHIFT1, 0, 0, 0);
}
#endif

#ifdef JPEG_FCOLS
uniform int uQ[128]; // luma table, then chroma, each [v][u]
void main() {
	ivec2 p = ivec2(gl_FragCoord.xy);
	int v = p.y & 7, b = p.y - v, u = p.x & 7;
	double f = 0.0LF;
	for (int y = 0; y < 4; y++) {
		int a = plane(p.x, b + y), c = plane(p.x, b + 7 - y);
		f += double(K(v, y)) * double((v & 1) == 0 ? a + c : a - c);
	}
	int q = uQ[(p.y < uPH ? 0 : 64) + 8 * v + u];
	double d = double(q) * double(1 << (BASIS_BITS + FRAC_BITS));
	int n = 0;
	if (!(f < 0.5LF * d && f > -0.5LF * d)) {
		double x = f / d;
		n = x < 0.0LF ? -int(0.5LF - x) : int(x + 0.5LF);
	}
	oPlane = ivec4(n * q, 0, 0, 0);
}
#endif

#ifdef JPEG_ICOLS
void main() {
	ivec2 p = ivec2(gl_FragCoord.xy);
	int r = p.y & 7, b = p.y - r;
	int y = r < 4 ? r : 7 - r;
	int e = K(0, y) * plane(p.x, b) + K(2, y) * plane(p.x, b + 2) + K(4, y) * plane(p.x, b + 4) + K(6, y) * plane(p.x, b + 6);
	int o = K(1, y) * plane(p.x, b + 1) + K(3, y) * plane(p.x, b + 3) + K(5, y) * plane(p.x, b + 5) + K(7, y) * plane(p.x, b + 7);
	oPlane = ivec4(((r < 4 ? e + o : e - o) + (1 << (SHIFT1 - 1))) >> SHIFT1, 0, 0, 0);
}
#endif

#ifdef JPEG_IROWS
void main() {
	ivec2 p = ivec2(gl_FragCoord.xy);
	int c = p.x & 7, b = p.x - c;
	int x = c < 4 ? c : 7 - c;
	double e = 0.0LF, o = 0.0LF;
	for (int u = 0; u < 8; u += 2) {
		e += double(K(u, x)) * double(plane(b + u, p.y));
		o += double(K(u + 1, x)) * double(plane(b + u + 1, p.y));
	}
	double s = double(1 << (SHIFT2 - 1)), m = double(1 << SHIFT2);
	oPlane = ivec4(int(floor(((c < 4 ? e + o : e - o) + s) / m)), 0, 0, 0);
}
#endif

#ifdef JPEG_COMPOSE
void main() {
	ivec2 w = ivec2(gl_FragCoord.xy);
	int x = w.x, y = winRow(w.y);
	int yy = clampSample(plane(x, y)) * 0x10101;
	int cb = clampSample(plane(x / 2, uPH + y / 2)) - 128;
	int cr = clampSample(plane(uPW / 2 + x / 2, uPH + y / 2)) - 128;
	ivec3 c = ivec3(clampShift(yy + 91881 * cr), clampShift(yy - 22554 * cb - 46802 * cr), clampShift(yy + 116130 * cb));
	float a = texelFetch(uColor, w, 0).a;
	oColor = vec4(vec3(c) / 255.0, float(int(a * 255.0 + 0.5)) / 255.0);
}
#endif
`

// jpegPasses are the programs of the JPEG passes, in order.
type jpegPasses struct {
	load, frows, fcols, icols, irows, compose *postProgram
}

func newJPEGPasses() (*jpegPasses, error) {
	jp := &jpegPasses{}
	header := "#version 410 core\n" +
		"#define BASIS_BITS " + strconv.Itoa(render.JPEGBasisBits) + "\n" +
		"#define FRAC_BITS " + strconv.Itoa(render.JPEGFracBits) + "\n" +
		"#define SHIFT1 " + strconv.Itoa(render.JPEGBasisBits-render.JPEGFracBits) + "\n" +
		"#define SHIFT2 " + strconv.Itoa(render.JPEGBasisBits+render.JPEGFracBits) + "\n"
	if err := linkPasses(header, postJPEGShader, map[string]**postProgram{
		"JPEG_LOAD": &jp.load, "JPEG_FROWS": &jp.frows, "JPEG_FCOLS": &jp.fcols,
		"JPEG_ICOLS": &jp.icols, "JPEG_IROWS": &jp.irows, "JPEG_COMPOSE": &jp.compose,
	}); err != nil {
		jp.delete()
		return nil, err
	}
	return jp, nil
}

func (jp *jpegPasses) delete() {
	if jp == nil {
		return
	}
	deletePasses(jp.load, jp.frows, jp.fcols, jp.icols, jp.irows, jp.compose)
}

// jpegPlanes are one image size's two plane textures (R32I) and their
// framebuffers.
type jpegPlanes struct {
	pw, ph   int // padded image size
	tex, fbo [2]uint32
}

// jpegPlaneSize returns the padded image size of a w×h image and the
// height of its plane textures.
func jpegPlaneSize(w, h int) (pw, ph, rows int) {
	pw, ph = (w+15)&^15, (h+15)&^15
	return pw, ph, ph + ph/2
}

func newJPEGPlanes(w, h int) (*jpegPlanes, error) {
	jpl := &jpegPlanes{}
	var rows int
	jpl.pw, jpl.ph, rows = jpegPlaneSize(w, h)
	for i := range jpl.tex {
		jpl.tex[i] = newTexture(gl.R32I, jpl.pw, rows)
		var err error
		if jpl.fbo[i], err = textureFramebuffer(jpl.tex[i], fmt.Sprintf("%dx%d JPEG planes framebuffer", jpl.pw, rows)); err != nil {
			jpl.delete()
			return nil, err
		}
	}
	gl.BindFramebuffer(gl.FRAMEBUFFER, 0)
	return jpl, nil
}

func (jpl *jpegPlanes) delete() {
	if jpl == nil {
		return
	}
	for i := range jpl.tex {
		if jpl.fbo[i] != 0 {
			gl.DeleteFramebuffers(1, &jpl.fbo[i])
			jpl.fbo[i] = 0
		}
		if jpl.tex[i] != 0 {
			gl.DeleteTextures(1, &jpl.tex[i])
			jpl.tex[i] = 0
		}
	}
}

// drawJPEG runs the JPEG passes of pl: from the post result (or, when
// fromColor is set, from the rendered colour itself) back into the post
// result. The caller has set the post passes' state (drawPost).
func (r *Renderer) drawJPEG(t *targets, pl *render.PostPlan, fromColor bool) error {
	ps, pt := r.post, t.post
	if ps.jpeg == nil {
		jp, err := newJPEGPasses()
		if err != nil {
			return err
		}
		ps.jpeg = jp
	}
	if pt.jpeg == nil {
		jpl, err := newJPEGPlanes(t.w, t.h)
		if err != nil {
			return err
		}
		pt.jpeg = jpl
	}
	jp, jpl := ps.jpeg, pt.jpeg
	_, _, rows := jpegPlaneSize(t.w, t.h)
	var q [128]int32
	copy(q[:64], pl.JPEGLuma[:])
	copy(q[64:], pl.JPEGChroma[:])
	pass := func(p *postProgram, src uint32, fbo uint32, w, h int) *postProgram {
		r.usePass(p, t, src, fbo)
		gl.Uniform1i(p.uniform("uPW"), int32(jpl.pw))
		gl.Uniform1i(p.uniform("uPH"), int32(jpl.ph))
		gl.Uniform1iv(p.uniform("uK"), 64, &pl.JPEGBasis[0][0])
		gl.ActiveTexture(gl.TEXTURE0 + postUnitSrc)
		gl.BindTexture(gl.TEXTURE_2D, src)
		gl.BindFramebuffer(gl.FRAMEBUFFER, fbo)
		gl.Viewport(0, 0, int32(w), int32(h))
		return p
	}
	draw := func() { gl.DrawArrays(gl.TRIANGLES, 0, 3) }
	p := pass(jp.load, pt.out, jpl.fbo[0], jpl.pw, rows)
	srgb := int32(0)
	if fromColor {
		srgb = 1
	}
	gl.Uniform1i(p.uniform("uSRGB"), srgb)
	draw()
	pass(jp.frows, jpl.tex[0], jpl.fbo[1], jpl.pw, rows)
	draw()
	p = pass(jp.fcols, jpl.tex[1], jpl.fbo[0], jpl.pw, rows)
	gl.Uniform1iv(p.uniform("uQ"), 128, &q[0])
	draw()
	pass(jp.icols, jpl.tex[0], jpl.fbo[1], jpl.pw, rows)
	draw()
	pass(jp.irows, jpl.tex[1], jpl.fbo[0], jpl.pw, rows)
	draw()
	pass(jp.compose, jpl.tex[0], pt.outFBO, t.w, t.h)
	draw()
	return glError("drawing the JPEG re-compression")
}
