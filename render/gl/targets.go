//go:build gl

package gl

import (
	"fmt"

	"github.com/go-gl/gl/v4.1-core/gl"
)

// Colour attachments of the single-sample framebuffer; the indices match
// the fragment outputs' locations.
const (
	attColor  = 0 // SRGB8_ALPHA8: shaded colour, sRGB-encoded by GL
	attID     = 1 // R32UI: instance id, 0 = background
	attDepth  = 2 // R32F: camera z, 0 = background
	attNormal = 3 // RGBA32F: camera-frame normal in xyz
)

// targets are the framebuffers of one image size: a single-sample one with
// every output, and, when multisampling, a multisampled one for colour
// alone whose result is resolved into the single-sample colour attachment.
type targets struct {
	w, h, samples int

	fbo   uint32
	color uint32    // attColor: a texture, which the post-effects sample
	rbs   [4]uint32 // the other colour attachments (rbs[attColor] stays 0), see att*
	depth uint32    // DEPTH_COMPONENT32F

	post *postTargets // the post-effects' buffers, made on first use

	msFBO, msColor, msDepth uint32
}

func newTargets(w, h, samples int) (*targets, error) {
	t := &targets{w: w, h: h, samples: samples}
	gl.GenFramebuffers(1, &t.fbo)
	gl.BindFramebuffer(gl.FRAMEBUFFER, t.fbo)
	formats := [4]uint32{attID: gl.R32UI, attDepth: gl.R32F, attNormal: gl.RGBA32F}
	t.color = newTexture(gl.SRGB8_ALPHA8, w, h)
	gl.FramebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0+attColor, gl.TEXTURE_2D, t.color, 0)
	for i, f := range formats {
		if i == attColor {
			continue
		}
		gl.GenRenderbuffers(1, &t.rbs[i])
		gl.BindRenderbuffer(gl.RENDERBUFFER, t.rbs[i])
		gl.RenderbufferStorage(gl.RENDERBUFFER, f, int32(w), int32(h))
		gl.FramebufferRenderbuffer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0+uint32(i), gl.RENDERBUFFER, t.rbs[i])
	}
	gl.GenRenderbuffers(1, &t.depth)
	gl.BindRenderbuffer(gl.RENDERBUFFER, t.depth)
	gl.RenderbufferStorage(gl.RENDERBUFFER, gl.DEPTH_COMPONENT32F, int32(w), int32(h))
	gl.FramebufferRenderbuffer(gl.FRAMEBUFFER, gl.DEPTH_ATTACHMENT, gl.RENDERBUFFER, t.depth)
	if err := checkFramebuffer(fmt.Sprintf("%dx%d label framebuffer", w, h)); err != nil {
		t.delete()
		return nil, err
	}
	if samples > 0 {
		gl.GenFramebuffers(1, &t.msFBO)
		gl.BindFramebuffer(gl.FRAMEBUFFER, t.msFBO)
		gl.GenRenderbuffers(1, &t.msColor)
		gl.BindRenderbuffer(gl.RENDERBUFFER, t.msColor)
		gl.RenderbufferStorageMultisample(gl.RENDERBUFFER, int32(samples), gl.SRGB8_ALPHA8, int32(w), int32(h))
		gl.FramebufferRenderbuffer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.RENDERBUFFER, t.msColor)
		gl.GenRenderbuffers(1, &t.msDepth)
		gl.BindRenderbuffer(gl.RENDERBUFFER, t.msDepth)
		gl.RenderbufferStorageMultisample(gl.RENDERBUFFER, int32(samples), gl.DEPTH_COMPONENT32F, int32(w), int32(h))
		gl.FramebufferRenderbuffer(gl.FRAMEBUFFER, gl.DEPTH_ATTACHMENT, gl.RENDERBUFFER, t.msDepth)
		if err := checkFramebuffer(fmt.Sprintf("%dx%d %d-sample colour framebuffer", w, h, samples)); err != nil {
			t.delete()
			return nil, err
		}
	}
	gl.BindRenderbuffer(gl.RENDERBUFFER, 0)
	gl.BindFramebuffer(gl.FRAMEBUFFER, 0)
	if err := glError(fmt.Sprintf("allocating %dx%d render targets", w, h)); err != nil {
		t.delete()
		return nil, err
	}
	return t, nil
}

func (t *targets) delete() {
	if t == nil {
		return
	}
	for _, fb := range []*uint32{&t.fbo, &t.msFBO} {
		if *fb != 0 {
			gl.DeleteFramebuffers(1, fb)
			*fb = 0
		}
	}
	for _, rb := range []*uint32{&t.rbs[0], &t.rbs[1], &t.rbs[2], &t.rbs[3], &t.depth, &t.msColor, &t.msDepth} {
		if *rb != 0 {
			gl.DeleteRenderbuffers(1, rb)
			*rb = 0
		}
	}
	if t.color != 0 {
		gl.DeleteTextures(1, &t.color)
		t.color = 0
	}
	t.post.delete()
	t.post = nil
}

// newTexture returns a w×h texture of the given internal format with one
// level, nearest filtering and clamped edges (read with texelFetch), bound
// to nothing.
func newTexture(format uint32, w, h int) uint32 {
	var id uint32
	gl.GenTextures(1, &id)
	gl.BindTexture(gl.TEXTURE_2D, id)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAX_LEVEL, 0)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE)
	ext, kind := textureFormat(format)
	gl.TexImage2D(gl.TEXTURE_2D, 0, int32(format), int32(w), int32(h), 0, ext, kind, nil)
	gl.BindTexture(gl.TEXTURE_2D, 0)
	return id
}

// textureFormat returns a pixel format and type that TexImage2D accepts
// for the internal format.
func textureFormat(internal uint32) (format, kind uint32) {
	switch internal {
	case gl.R8UI:
		return gl.RED_INTEGER, gl.UNSIGNED_BYTE
	case gl.R32I:
		return gl.RED_INTEGER, gl.INT
	case gl.RG32UI:
		return gl.RG_INTEGER, gl.UNSIGNED_INT
	case gl.R32F:
		return gl.RED, gl.FLOAT
	case gl.RGBA32F:
		return gl.RGBA, gl.FLOAT
	default: // RGBA8, SRGB8_ALPHA8
		return gl.RGBA, gl.UNSIGNED_BYTE
	}
}

// drawBuffers selects which colour attachments of the bound framebuffer
// receive fragment outputs: output i goes to attachment i when on[i].
func drawBuffers(on ...bool) {
	bufs := make([]uint32, len(on))
	for i, b := range on {
		bufs[i] = gl.NONE
		if b {
			bufs[i] = gl.COLOR_ATTACHMENT0 + uint32(i)
		}
	}
	gl.DrawBuffers(int32(len(bufs)), &bufs[0])
}

func checkFramebuffer(what string) error {
	st := gl.CheckFramebufferStatus(gl.FRAMEBUFFER)
	if st == gl.FRAMEBUFFER_COMPLETE {
		return nil
	}
	names := map[uint32]string{
		gl.FRAMEBUFFER_UNDEFINED:                     "GL_FRAMEBUFFER_UNDEFINED",
		gl.FRAMEBUFFER_INCOMPLETE_ATTACHMENT:         "GL_FRAMEBUFFER_INCOMPLETE_ATTACHMENT",
		gl.FRAMEBUFFER_INCOMPLETE_MISSING_ATTACHMENT: "GL_FRAMEBUFFER_INCOMPLETE_MISSING_ATTACHMENT",
		gl.FRAMEBUFFER_UNSUPPORTED:                   "GL_FRAMEBUFFER_UNSUPPORTED",
		gl.FRAMEBUFFER_INCOMPLETE_MULTISAMPLE:        "GL_FRAMEBUFFER_INCOMPLETE_MULTISAMPLE",
	}
	name, ok := names[st]
	if !ok {
		name = fmt.Sprintf("status 0x%04x", st)
	}
	return fmt.Errorf("gl: %s is incomplete: %s (%s)", what, name, glErrorName(gl.GetError()))
}

// atlas is the R8 target silhouettes are drawn into, each object in its own
// rectangle (see silhouette.go).
type atlas struct {
	w, h    int
	fbo, rb uint32
}

func newAtlas(w, h int) (*atlas, error) {
	a := &atlas{w: w, h: h}
	gl.GenFramebuffers(1, &a.fbo)
	gl.BindFramebuffer(gl.FRAMEBUFFER, a.fbo)
	gl.GenRenderbuffers(1, &a.rb)
	gl.BindRenderbuffer(gl.RENDERBUFFER, a.rb)
	gl.RenderbufferStorage(gl.RENDERBUFFER, gl.R8, int32(w), int32(h))
	gl.FramebufferRenderbuffer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.RENDERBUFFER, a.rb)
	err := checkFramebuffer(fmt.Sprintf("%dx%d silhouette atlas", w, h))
	gl.BindRenderbuffer(gl.RENDERBUFFER, 0)
	gl.BindFramebuffer(gl.FRAMEBUFFER, 0)
	if err == nil {
		err = glError(fmt.Sprintf("allocating the %dx%d silhouette atlas", w, h))
	}
	if err != nil {
		a.delete()
		return nil, err
	}
	return a, nil
}

func (a *atlas) delete() {
	if a == nil {
		return
	}
	if a.fbo != 0 {
		gl.DeleteFramebuffers(1, &a.fbo)
	}
	if a.rb != 0 {
		gl.DeleteRenderbuffers(1, &a.rb)
	}
	a.fbo, a.rb = 0, 0
}
