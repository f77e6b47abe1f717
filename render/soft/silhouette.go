package soft

import (
	"context"
	"encoding/binary"
	"image"
	"math/bits"

	"github.com/synthkit/synthkit/render"
)

// layoutSilhouettes merges the per-chunk silhouette boxes of the label
// pass into one conservative box per object and gives each object a
// cleared scratch mask over its box. Rasterization then marks covered
// pixels there (bands own disjoint rows, so no two workers write the
// same byte).
func (st *state) layoutSilhouettes(n int) {
	st.sil = resize(st.sil, n)
	for i := range st.sil {
		st.sil[i] = silRec{box: emptyBox}
	}
	for ci := range st.chunks {
		c := &st.chunks[ci]
		for j, b := range c.boxes {
			if !b.empty() {
				s := &st.sil[c.objLo+j]
				s.box = s.box.union(b)
			}
		}
	}
	total := 0
	for i := range st.sil {
		s := &st.sil[i]
		if !s.box.empty() {
			s.off = total
			total += s.box.dx() * s.box.dy()
		}
	}
	st.maskArena = resize(st.maskArena, total)
	clear(st.maskArena)
}

// finishSilhouettes crops each scratch mask to the covered pixels and
// stores it in f.Silhouettes. All masks of a frame are carved from its
// MaskStorage, which a recycled frame keeps.
func (st *state) finishSilhouettes(ctx context.Context, f *render.Frame) error {
	n := len(st.sil)
	groups := (n + objGroup - 1) / objGroup
	// First the tight box and pixel count of every object...
	if err := st.parallel(ctx, "silhouettes", groups, func(_, g int) {
		for i := g * objGroup; i < min(n, (g+1)*objGroup); i++ {
			st.tighten(i, f)
		}
	}); err != nil {
		return err
	}
	total := 0
	for i := range f.Silhouettes {
		total += f.Silhouettes[i].Bounds.Dx() * f.Silhouettes[i].Bounds.Dy()
	}
	arena := f.MaskStorage(total) // copyMask writes every byte
	off := 0
	for i := range f.Silhouettes {
		s := &f.Silhouettes[i]
		if k := s.Bounds.Dx() * s.Bounds.Dy(); k > 0 {
			s.Mask = arena[off : off+k : off+k]
			off += k
		}
	}
	// ...then the copies into the frame's masks.
	return st.parallel(ctx, "silhouettes", groups, func(_, g int) {
		for i := g * objGroup; i < min(n, (g+1)*objGroup); i++ {
			st.copyMask(i, f)
		}
	})
}

// tighten sets the Bounds and Pixels of f.Silhouettes[i] from object i's
// scratch mask (Mask is attached by finishSilhouettes).
func (st *state) tighten(i int, f *render.Frame) {
	s := &st.sil[i]
	out := &f.Silhouettes[i]
	*out = render.Silhouette{}
	if s.box.empty() {
		return
	}
	w := s.box.dx()
	mask := st.scratchMask(i)
	x0, y0, x1, y1 := w, -1, -1, -1
	count := 0
	for y := 0; y*w < len(mask); y++ {
		row := mask[y*w : (y+1)*w]
		n := countNonZero(row)
		if n == 0 {
			continue
		}
		count += n
		first := 0
		for row[first] == 0 {
			first++
		}
		last := len(row) - 1
		for row[last] == 0 {
			last--
		}
		if y0 < 0 {
			y0 = y
		}
		y1 = y
		x0, x1 = min(x0, first), max(x1, last)
	}
	if count == 0 {
		return
	}
	bx, by := int(s.box.x0), int(s.box.y0)
	out.Bounds = image.Rect(bx+x0, by+y0, bx+x1+1, by+y1+1)
	out.Pixels = count
}

// copyMask copies the covered part of object i's scratch mask into
// f.Silhouettes[i].Mask.
func (st *state) copyMask(i int, f *render.Frame) {
	out := &f.Silhouettes[i]
	if out.Pixels == 0 {
		return
	}
	s := &st.sil[i]
	w := s.box.dx()
	mask := st.scratchMask(i)
	b := out.Bounds
	dx := b.Dx()
	x0 := b.Min.X - int(s.box.x0)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		src := (y-int(s.box.y0))*w + x0
		copy(out.Mask[(y-b.Min.Y)*dx:(y-b.Min.Y+1)*dx], mask[src:src+dx])
	}
}

// scratchMask returns object i's scratch mask, row-major over its box.
func (st *state) scratchMask(i int) []uint8 {
	s := &st.sil[i]
	return st.maskArena[s.off : s.off+s.box.dx()*s.box.dy()]
}

// countNonZero counts the non-zero bytes of b, which are all 0 or 1 (the
// rasterizer writes 1), eight at a time.
func countNonZero(b []uint8) int {
	n := 0
	for len(b) >= 8 {
		v := binary.LittleEndian.Uint64(b)
		if v != 0 {
			n += bits.OnesCount64(v)
		}
		b = b[8:]
	}
	for _, v := range b {
		n += int(v)
	}
	return n
}
