//go:build gl

package gl

import (
	"cmp"
	"encoding/binary"
	"image"
	"math/bits"
	"slices"

	"github.com/go-gl/gl/v4.1-core/gl"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// Silhouettes (amodal masks) are drawn object by object, without depth
// test, into one R8 atlas: each object gets its own rectangle, sized by the
// projection of its mesh bounds, and is steered there by shifting the
// viewport by whole pixels (which changes no rasterisation decision) and
// scissoring to the rectangle. One readback then serves every object in the
// atlas; a scene whose rectangles do not fit takes several rounds. The cost
// is one draw call per object plus rasterising each object's projected area
// once more, and reading back the summed area of the rectangles.

// silRect is one object's place in the atlas.
type silRect struct {
	obj int
	img image.Rectangle // pixels the object may cover, image coordinates
	at  image.Point     // lower-left corner of its rectangle in the atlas
}

// minAtlasSide is the smallest atlas side; a larger atlas means fewer
// readback rounds for scenes with many or large objects.
const minAtlasSide = 2048

// silRound is one filling of the atlas: its rectangles use rows [0, used).
type silRound struct {
	rects []silRect
	used  int
}

// planSilhouettes computes each drawn object's rectangle, makes sure the
// atlas exists, and packs the rectangles into rounds (shelf packing,
// tallest first).
func (r *Renderer) planSilhouettes(s *scene.Scene, d *drawList) ([]silRound, error) {
	cam := &s.Camera
	var rects []silRect
	for i := range s.Objects {
		if d.instance[i] < 0 {
			continue
		}
		b := d.batches[d.batchOf[i]]
		box := projectedBox(cam, d.modelView[i], b.mesh.lo, b.mesh.hi)
		if !box.Empty() {
			rects = append(rects, silRect{obj: i, img: box})
		}
	}
	if len(rects) == 0 {
		return nil, nil
	}
	side := r.atlasSide
	if side == 0 {
		side = minAtlasSide
	}
	aw := min(r.caps.maxSize, max(cam.Width, side))
	ah := min(r.caps.maxSize, max(cam.Height, side))
	if r.atlas == nil || r.atlas.w < aw || r.atlas.h < ah || r.atlas.w > 2*aw || r.atlas.h > 2*ah {
		r.atlas.delete()
		r.atlas = nil
		a, err := newAtlas(aw, ah)
		if err != nil {
			return nil, err
		}
		r.atlas = a
	}
	aw, ah = r.atlas.w, r.atlas.h
	slices.SortStableFunc(rects, func(a, b silRect) int { return cmp.Compare(b.img.Dy(), a.img.Dy()) }) // tallest first
	var rounds []silRound
	var cur []silRect
	x, y, rowH := 0, 0, 0
	for _, sr := range rects {
		w, h := sr.img.Dx(), sr.img.Dy()
		if x+w > aw {
			x, y, rowH = 0, y+rowH, 0
		}
		if y+h > ah {
			rounds = append(rounds, silRound{cur, y + rowH})
			cur = nil
			x, y, rowH = 0, 0, 0
		}
		sr.at = image.Pt(x, y)
		cur = append(cur, sr)
		x += w
		rowH = max(rowH, h)
	}
	return append(rounds, silRound{cur, y + rowH}), nil
}

// drawSilhouettes draws the objects of one round into the atlas.
func (r *Renderer) drawSilhouettes(s *scene.Scene, d *drawList, rd silRound) {
	cam := &s.Camera
	a := r.atlas
	gl.BindFramebuffer(gl.FRAMEBUFFER, a.fbo)
	drawBuffers(true)
	gl.Disable(gl.FRAMEBUFFER_SRGB)
	gl.Disable(gl.DEPTH_TEST)
	gl.Enable(gl.SCISSOR_TEST)
	gl.Scissor(0, 0, int32(a.w), int32(rd.used))
	var zero [4]float32
	gl.ClearBufferfv(gl.COLOR, 0, &zero[0])
	p := r.progs.sil
	gl.UseProgram(p.id)
	proj := r.orient.projection(cam)
	gl.UniformMatrix4fv(p.proj, 1, false, &proj[0])
	for _, sr := range rd.rects {
		win := r.orient.windowRect(sr.img, cam.Height)
		gl.Viewport(int32(sr.at.X-win.Min.X), int32(sr.at.Y-win.Min.Y), int32(cam.Width), int32(cam.Height))
		gl.Scissor(int32(sr.at.X), int32(sr.at.Y), int32(win.Dx()), int32(win.Dy()))
		b := d.batches[d.batchOf[sr.obj]]
		r.setBatchState(p, b)
		gl.BindVertexArray(b.mesh.vao)
		gl.DrawElementsInstancedBaseVertexBaseInstance(gl.TRIANGLES, b.mesh.count, gl.UNSIGNED_INT, nil,
			1, 0, uint32(d.instance[sr.obj]))
	}
	gl.BindVertexArray(0)
	gl.Disable(gl.SCISSOR_TEST)
	gl.Viewport(0, 0, int32(cam.Width), int32(cam.Height))
}

// readAtlasTo queues the readback of the atlas rows of one round into the
// bound pixel pack buffer at off; collectOn copies them out and finish
// cuts the masks.
func (r *Renderer) readAtlasTo(rd silRound, off int) {
	a := r.atlas
	gl.PixelStorei(gl.PACK_ALIGNMENT, 1)
	gl.BindFramebuffer(gl.READ_FRAMEBUFFER, a.fbo)
	gl.ReadBuffer(gl.COLOR_ATTACHMENT0)
	gl.ReadPixels(0, 0, int32(a.w), int32(rd.used), gl.RED, gl.UNSIGNED_BYTE, gl.PtrOffset(off))
	gl.BindFramebuffer(gl.READ_FRAMEBUFFER, 0)
}

// silhouetteBounds and cutMask extract one object's mask from the atlas
// readback: finish finds every object's box first, then carves all masks
// from the frame's MaskStorage.
//
// Both work on eight atlas bytes at a time: nonZero turns a word into one
// flag bit per non-zero byte, whose first and last give a row's bounds
// without a branch per pixel (read from the row's two ends), and whose
// count and bits shifted down are the coverage and the mask's bytes
// (BenchmarkCutSilhouette, 150 masks of 40×90: 1.10 ms → 0.49 ms against
// the byte loop it replaced, the same masks; the bounds from the rows'
// ends instead of a whole pass over each row: see docs/performance.md).

// atlasRow returns the atlas row of buf holding row j of sr's rectangle
// (j = 0 at the top of the image).
func atlasRow(buf []byte, stride int, sr silRect, rowsTopFirst bool, j int) []byte {
	if !rowsTopFirst {
		j = sr.img.Dy() - 1 - j
	}
	o := (sr.at.Y+j)*stride + sr.at.X
	return buf[o : o+sr.img.Dx()]
}

// silhouetteBounds returns the smallest box, in coordinates of sr's
// rectangle, that holds every covered atlas pixel of sr, and false when
// none is.
func silhouetteBounds(buf []byte, stride int, sr silRect, rowsTopFirst bool) (image.Rectangle, bool) {
	w, h := sr.img.Dx(), sr.img.Dy()
	minX, minY, maxX, maxY := w, h, -1, -1
	for j := range h {
		row := atlasRow(buf, stride, sr, rowsTopFirst, j)
		first := firstNonZero(row)
		if first < 0 {
			continue
		}
		minX, maxX = min(minX, first), max(maxX, lastNonZero(row))
		minY, maxY = min(minY, j), j
	}
	if maxY < 0 {
		return image.Rectangle{}, false
	}
	return image.Rect(minX, minY, maxX+1, maxY+1), true
}

// cutMask writes sr's mask over box (from silhouetteBounds) into mask,
// box.Dx()·box.Dy() bytes whose contents may be anything: every byte is
// written, 1 where covered and 0 elsewhere. It returns the silhouette.
func cutMask(buf []byte, stride int, sr silRect, rowsTopFirst bool, box image.Rectangle, mask []uint8) render.Silhouette {
	bw := box.Dx()
	n := 0
	for j := range box.Dy() {
		row := atlasRow(buf, stride, sr, rowsTopFirst, box.Min.Y+j)[box.Min.X : box.Min.X+bw]
		m := mask[j*bw : (j+1)*bw]
		i := 0
		for ; i+8 <= bw; i += 8 {
			f := nonZero(binary.LittleEndian.Uint64(row[i:]))
			n += bits.OnesCount64(f)
			binary.LittleEndian.PutUint64(m[i:], f>>7)
		}
		for ; i < bw; i++ {
			m[i] = 0
			if row[i] != 0 {
				m[i] = 1
				n++
			}
		}
	}
	return render.Silhouette{Bounds: box.Add(sr.img.Min), Mask: mask, Pixels: n}
}

// firstNonZero returns the index of the first non-zero byte of b, or -1.
func firstNonZero(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if f := nonZero(binary.LittleEndian.Uint64(b[i:])); f != 0 {
			return i + bits.TrailingZeros64(f)/8
		}
	}
	for ; i < len(b); i++ {
		if b[i] != 0 {
			return i
		}
	}
	return -1
}

// lastNonZero returns the index of the last non-zero byte of b, which has
// one.
func lastNonZero(b []byte) int {
	i := len(b)
	for ; i >= 8; i -= 8 {
		if f := nonZero(binary.LittleEndian.Uint64(b[i-8:])); f != 0 {
			return i - 8 + (63-bits.LeadingZeros64(f))/8
		}
	}
	for i--; b[i] == 0; i-- {
	}
	return i
}

// nonZero returns x with the top bit of each byte set where that byte of
// x is non-zero and every other bit clear: adding 0x7f to a byte's low
// seven bits carries into its top bit unless they are all zero, and the
// byte's own top bit is or-ed in. No carry crosses a byte.
func nonZero(x uint64) uint64 {
	const low7, top = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	return ((x & low7) + low7 | x) & top
}
