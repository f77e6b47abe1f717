//go:build gl

package gl

import (
	"github.com/go-gl/gl/v4.1-core/gl"
)

// readFrameTo queues the readback of every single-sample target into the
// bound pixel pack buffer at offs (colour, ids, depth, normals), the colour
// from the post-effects' result when post is set: with a PBO
// bound, glReadPixels returns at once and the copy completes on the GPU's
// time. glReadPixels returns window rows from y = 0 up; in the preferred
// orientations window row y is image row y, so no flip is needed
// (collectOn flips otherwise).
func (r *Renderer) readFrameTo(t *targets, offs [4]int, post bool) {
	w, h := int32(t.w), int32(t.h)
	gl.BindFramebuffer(gl.READ_FRAMEBUFFER, t.fbo)
	gl.Disable(gl.FRAMEBUFFER_SRGB) // read the stored sRGB bytes, no conversion
	gl.PixelStorei(gl.PACK_ALIGNMENT, 4)
	reads := [4]struct {
		att          uint32
		format, kind uint32
	}{
		{attColor, gl.RGBA, gl.UNSIGNED_BYTE},
		{attID, gl.RED_INTEGER, gl.UNSIGNED_INT},
		{attDepth, gl.RED, gl.FLOAT},
		{attNormal, gl.RGB, gl.FLOAT},
	}
	for k, rd := range reads {
		if k == 3 && r.opts.SkipNormals {
			continue
		}
		if k == 0 && post {
			gl.BindFramebuffer(gl.READ_FRAMEBUFFER, t.post.outFBO)
			gl.ReadBuffer(gl.COLOR_ATTACHMENT0)
			gl.ReadPixels(0, 0, w, h, rd.format, rd.kind, gl.PtrOffset(offs[k]))
			gl.BindFramebuffer(gl.READ_FRAMEBUFFER, t.fbo)
			continue
		}
		gl.ReadBuffer(gl.COLOR_ATTACHMENT0 + rd.att)
		gl.ReadPixels(0, 0, w, h, rd.format, rd.kind, gl.PtrOffset(offs[k]))
	}
	gl.BindFramebuffer(gl.READ_FRAMEBUFFER, 0)
}

// flipRows reverses the order of the h rows of a row-major buffer.
func flipRows[T any](buf []T, h int) {
	if h < 2 {
		return
	}
	n := len(buf) / h
	tmp := make([]T, n)
	for top, bot := 0, h-1; top < bot; top, bot = top+1, bot-1 {
		a, b := buf[top*n:(top+1)*n], buf[bot*n:(bot+1)*n]
		copy(tmp, a)
		copy(a, b)
		copy(b, tmp)
	}
}
