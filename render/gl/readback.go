//go:build gl

package gl

import (
	"unsafe"

	"github.com/go-gl/gl/v4.1-core/gl"

	"github.com/synthkit/synthkit/render"
)

// readFrame reads every single-sample target straight into the frame's
// buffers. glReadPixels returns window rows from y = 0 up; in the preferred
// orientations window row y is image row y, so no copy or flip is needed.
func (r *Renderer) readFrame(t *targets, f *render.Frame) {
	w, h := int32(t.w), int32(t.h)
	gl.BindFramebuffer(gl.READ_FRAMEBUFFER, t.fbo)
	gl.Disable(gl.FRAMEBUFFER_SRGB) // read the stored sRGB bytes, no conversion
	gl.PixelStorei(gl.PACK_ALIGNMENT, 4)
	reads := []struct {
		att          uint32
		format, kind uint32
		dst          unsafe.Pointer
	}{
		{attColor, gl.RGBA, gl.UNSIGNED_BYTE, unsafe.Pointer(&f.Color.Pix[0])},
		{attID, gl.RED_INTEGER, gl.UNSIGNED_INT, unsafe.Pointer(&f.IDs[0])},
		{attDepth, gl.RED, gl.FLOAT, unsafe.Pointer(&f.Depth[0])},
		{attNormal, gl.RGB, gl.FLOAT, unsafe.Pointer(&f.Normals[0][0])},
	}
	for _, rd := range reads {
		gl.ReadBuffer(gl.COLOR_ATTACHMENT0 + rd.att)
		gl.ReadPixels(0, 0, w, h, rd.format, rd.kind, rd.dst)
	}
	gl.BindFramebuffer(gl.READ_FRAMEBUFFER, 0)
	if !r.orient.rowsTopFirst() {
		flipRows(f.Color.Pix, t.h)
		flipRows(f.IDs, t.h)
		flipRows(f.Depth, t.h)
		flipRows(f.Normals, t.h)
	}
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
