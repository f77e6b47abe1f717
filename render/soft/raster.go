package soft

import (
	"math"

	"github.com/synthkit/synthkit/render"
)

// bandScratch is one worker's visibility buffer for the band it is
// working on: the nearest 1/z and visibility key per grid sample.
type bandScratch struct {
	z []float64
	k []uint32
	// Blending scratch: the linear colour of each grid sample, and the
	// band's blended triangles in compositing order.
	col   []vec
	blend []blendRef
	// run is resolveBand's shading scratch (shadeRun).
	run runScratch
}

// blendRef is one blended raster triangle of a band: its object's rank in
// shading.BlendOrder and where it lives.
type blendRef struct {
	rank, chunk, tri int32
}

// band renders band b completely: rasterizes the label pass, resolves ids,
// depth, normals (and colour without supersampling), then, when
// supersampling, rasterizes and resolves the colour sub-samples of the
// same rows.
//
// With blended objects in the scene, colour always comes from a pass of
// its own on the colour grid (pixel centres, or the sub-samples): the
// opaque and masked triangles are drawn and shaded, then the blended
// ones are composited over them (blendBand).
func (w *bandScratch) band(st *state, b int, f *render.Frame) {
	blend := len(st.blendOrder) > 0
	st.rasterBand(w, 0, b, false)
	st.resolveBand(w, b, f, len(st.passes) == 1 && !blend)
	p := len(st.passes) - 1
	switch {
	case blend:
		st.rasterBand(w, p, b, true)
		st.blendBand(w, p, b, f)
	case p == 1:
		st.rasterBand(w, 1, b, false)
		st.resolveSamples(w, b, f)
	}
}

// rasterBand fills w with the visibility of band b on grid p, drawing the
// band's triangles in scene order. A sample takes a triangle when the
// triangle covers it, its depth lies in [Near, Far] and it is strictly
// nearer than what the sample holds, so on equal depth the earlier
// triangle stays. The label pass also marks silhouette coverage. With
// opaqueOnly, blended triangles are left out (the colour pass of a scene
// with blending).
func (st *state) rasterBand(w *bandScratch, p, b int, opaqueOnly bool) {
	pi := &st.passes[p]
	gy0 := b * pi.rows
	gy1 := min(gy0+pi.rows, pi.h)
	n := (gy1 - gy0) * pi.w
	w.z = resize(w.z, n)
	w.k = resize(w.k, n)
	clear(w.z)
	clear(w.k)
	for ci := range st.chunks {
		pb := &st.chunks[ci].pass[p]
		for _, ri := range pb.refs[pb.start[b]:pb.start[b+1]] {
			t := &pb.tris[ri]
			if opaqueOnly && st.blendRank[t.obj] >= 0 {
				continue
			}
			st.rasterTri(w, pi, t, gy0, gy1, p == 0)
		}
	}
}

// spanMin is the box width from which a row's span is first estimated in
// floating point (then checked exactly) instead of scanned from the left.
const spanMin = 16

// rasterTri draws t into the rows [gy0, gy1) of the visibility buffer.
func (st *state) rasterTri(w *bandScratch, pi *passInfo, t *rasterTri, gy0, gy1 int, sil bool) {
	ya, yb := max(int(t.y0), gy0), min(int(t.y1), gy1-1)
	if ya > yb {
		return
	}
	var mask []uint8
	var mw, mx0, my0 int
	if sil {
		s := &st.sil[t.obj]
		mw, mx0, my0 = s.box.dx(), int(s.box.x0), int(s.box.y0)
		mask = st.maskArena[s.off : s.off+mw*s.box.dy()]
	}
	width := int(t.x1 - t.x0)
	wide := width >= spanMin
	var inv [3]float64
	if wide {
		for i := range 3 {
			if t.sx[i] != 0 {
				inv[i] = 1 / float64(t.sx[i])
			}
		}
	}
	invNear, invFar := st.cam.invNear, st.cam.invFar
	rx := pi.rx[t.x0 : int(t.x1)+1]
	if st.objs[t.obj].mat.masked() {
		st.rasterMasked(w, pi, t, gy0, ya, yb, mask, mw, mx0, my0)
		return
	}
	for y := ya; y <= yb; y++ {
		dy := int64(y - int(t.y0))
		e := [3]int64{t.e[0] + dy*t.sy[0], t.e[1] + dy*t.sy[1], t.e[2] + dy*t.sy[2]}
		lo, hi := 0, width
		if wide {
			lo, hi = span(e, t.sx, inv, width)
		}
		// The covered samples of a row are contiguous (the triangle is
		// convex): find the first from lo on and the last from hi back,
		// exactly, so that the loops below test no edge.
		lo, hi = t.coveredRun(e, lo, hi)
		if lo > hi {
			continue
		}
		rowZ := t.zb*pi.ry[y] + t.zc
		off := (y-gy0)*pi.w + int(t.x0)
		zrow := w.z[off+lo : off+hi+1]
		krow := w.k[off+lo : off+hi+1]
		rrow := rx[lo : hi+1]
		key := t.key
		if sil {
			m := (y-my0)*mw + int(t.x0) - mx0
			mrow := mask[m+lo : m+hi+1]
			for x, r := range rrow {
				iz := t.za*r + rowZ
				if iz >= invFar && iz <= invNear {
					mrow[x] = 1
					if iz > zrow[x] {
						zrow[x] = iz
						krow[x] = key
					}
				}
			}
			continue
		}
		for x, r := range rrow {
			iz := t.za*r + rowZ
			if iz >= invFar && iz <= invNear && iz > zrow[x] {
				zrow[x] = iz
				krow[x] = key
			}
		}
	}
}

// rasterMasked is rasterTri for a triangle of a masked material: a
// covered sample whose alpha (alphaAt) is below the cutoff does not
// exist, neither for the visibility buffer nor for the silhouette.
func (st *state) rasterMasked(w *bandScratch, pi *passInfo, t *rasterTri, gy0, ya, yb int, mask []uint8, mw, mx0, my0 int) {
	sh := st.shadeRec(t.key)
	cutoff := st.objs[t.obj].mat.cutoff
	invNear, invFar := st.cam.invNear, st.cam.invFar
	width := int(t.x1 - t.x0)
	for y := ya; y <= yb; y++ {
		dy := int64(y - int(t.y0))
		e := [3]int64{t.e[0] + dy*t.sy[0], t.e[1] + dy*t.sy[1], t.e[2] + dy*t.sy[2]}
		lo, hi := t.coveredRun(e, 0, width)
		if lo > hi {
			continue
		}
		ry := pi.ry[y]
		rowZ := t.zb*ry + t.zc
		off := (y-gy0)*pi.w + int(t.x0)
		m := (y-my0)*mw + int(t.x0) - mx0
		for x := lo; x <= hi; x++ {
			r := pi.rx[int(t.x0)+x]
			iz := t.za*r + rowZ
			if !(iz >= invFar && iz <= invNear) || (mask == nil && iz <= w.z[off+x]) {
				continue
			}
			if st.alphaAt(sh, r, ry, iz) < cutoff {
				continue
			}
			if mask != nil {
				mask[m+x] = 1
			}
			if iz > w.z[off+x] {
				w.z[off+x] = iz
				w.k[off+x] = t.key
			}
		}
	}
}

// coveredRun narrows [lo, hi], a range of box columns holding every
// covered sample of a row whose edge values at column 0 are e, to the
// covered samples exactly; lo > hi when there are none. A sample is
// covered when its three edge values are >= 0.
func (t *rasterTri) coveredRun(e [3]int64, lo, hi int) (int, int) {
	if lo > hi {
		return 1, 0
	}
	sx0, sx1, sx2 := t.sx[0], t.sx[1], t.sx[2]
	x := int64(lo)
	e0, e1, e2 := e[0]+x*sx0, e[1]+x*sx1, e[2]+x*sx2
	for e0|e1|e2 < 0 {
		if lo >= hi {
			return 1, 0
		}
		lo++
		e0 += sx0
		e1 += sx1
		e2 += sx2
	}
	x = int64(hi)
	e0, e1, e2 = e[0]+x*sx0, e[1]+x*sx1, e[2]+x*sx2
	for e0|e1|e2 < 0 { // stops at lo at the latest, which is covered
		hi--
		e0 -= sx0
		e1 -= sx1
		e2 -= sx2
	}
	return lo, hi
}

// span returns a conservative range [lo, hi] of box columns that may be
// covered in a row whose edge values at column 0 are e: a floating-point
// estimate of where each edge function changes sign, widened by one
// column so that rounding cannot exclude a covered sample. The exact
// integer test decides each column inside it.
func span(e, sx [3]int64, inv [3]float64, width int) (lo, hi int) {
	lo, hi = 0, width
	for i := range 3 {
		switch {
		case sx[i] > 0 && e[i] < 0: // inside from column -e/sx on
			k := math.Floor(float64(-e[i])*inv[i]) - 1
			if k > float64(width) {
				return 1, 0
			}
			lo = max(lo, int(k))
		case sx[i] < 0: // inside up to column e/(-sx)
			if e[i] < 0 {
				return 1, 0
			}
			k := math.Ceil(float64(e[i])*-inv[i]) + 1
			if k < float64(hi) {
				hi = int(k)
			}
		case sx[i] == 0 && e[i] < 0:
			return 1, 0
		}
	}
	return lo, hi
}
