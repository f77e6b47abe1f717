package soft

import (
	"cmp"
	"slices"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/shading"
)

// blendBand computes the colour of band b on grid p for a scene with
// blended objects, after rasterBand drew its opaque and masked triangles
// into w: every sample is shaded (or takes the background), then the
// band's blended triangles are composited over the samples they are in
// front of, in linear light with the over operator (package
// render/shading, "Alpha"), object by object in shading.BlendOrder and
// within an object in mesh order; finally each pixel's samples are
// averaged and encoded to sRGB. Blended samples test and write depth
// (blendTri), so the nearest of them stays in front.
func (st *state) blendBand(w *bandScratch, p, b int, f *render.Frame) {
	pi := &st.passes[p]
	gy0 := b * pi.rows
	gy1 := min(gy0+pi.rows, pi.h)
	w.col = resize(w.col, (gy1-gy0)*pi.w)
	for gy := gy0; gy < gy1; gy++ {
		row := (gy - gy0) * pi.w
		for gx := range pi.w {
			var c vec
			if k := w.k[row+gx]; k != 0 {
				_, c = st.shade(st.shadeRec(k), pi.rx[gx], pi.ry[gy], w.z[row+gx], true)
			} else {
				c = st.background(pi.rx[gx], pi.ry[gy])
			}
			w.col[row+gx] = c
		}
	}

	// The band's blended triangles: collected in scene order, then
	// stably sorted by their object's rank, which keeps mesh order within
	// each object.
	w.blend = w.blend[:0]
	for ci := range st.chunks {
		pb := &st.chunks[ci].pass[p]
		for _, ri := range pb.refs[pb.start[b]:pb.start[b+1]] {
			if r := st.blendRank[pb.tris[ri].obj]; r >= 0 {
				w.blend = append(w.blend, blendRef{rank: r, chunk: int32(ci), tri: ri})
			}
		}
	}
	slices.SortStableFunc(w.blend, func(a, b blendRef) int { return cmp.Compare(a.rank, b.rank) })
	for _, br := range w.blend {
		st.blendTri(w, pi, &st.chunks[br.chunk].pass[p].tris[br.tri], gy0, gy1)
	}

	s := pi.scale
	W := st.cam.w
	y0 := b * bandRows
	y1 := min(y0+bandRows, st.cam.h)
	inv := 1 / float32(s*s)
	for y := y0; y < y1; y++ {
		pix := f.Color.Pix[y*f.Color.Stride : y*f.Color.Stride+4*W]
		for x := range W {
			var sum vec
			for j := range s {
				row := (y*s + j - gy0) * pi.w
				for i := range s {
					sum = sum.add(w.col[row+x*s+i])
				}
			}
			if s > 1 {
				sum = sum.scale(inv)
			}
			px := pix[4*x : 4*x+4 : 4*x+4]
			px[0], px[1], px[2], px[3] = encodeSRGB(sum.x), encodeSRGB(sum.y), encodeSRGB(sum.z), 255
		}
	}
}

// blendTri composites the blended triangle t over the samples of rows
// [gy0, gy1) of w.col that it covers and that lie in front of what is
// drawn there (w.z: the opaque surface or an earlier blended sample)
// within [Near, Far]: col = a·c + (1−a)·col with the shaded colour c and
// the coverage alpha a (alphaAt, clamped to [0, 1]), then writes the
// sample's depth; a sample of alpha 0 is skipped.
func (st *state) blendTri(w *bandScratch, pi *passInfo, t *rasterTri, gy0, gy1 int) {
	ya, yb := max(int(t.y0), gy0), min(int(t.y1), gy1-1)
	sh := st.shadeRec(t.key)
	invNear, invFar := st.cam.invNear, st.cam.invFar
	width := int(t.x1 - t.x0)
	for y := ya; y <= yb; y++ {
		dy := int64(y - int(t.y0))
		e := [3]int64{t.e[0] + dy*t.sy[0], t.e[1] + dy*t.sy[1], t.e[2] + dy*t.sy[2]}
		lo, hi := t.coveredRun(e, 0, width)
		ry := pi.ry[y]
		rowZ := t.zb*ry + t.zc
		off := (y-gy0)*pi.w + int(t.x0)
		for x := lo; x <= hi; x++ {
			r := pi.rx[int(t.x0)+x]
			iz := t.za*r + rowZ
			if !(iz >= invFar && iz <= invNear && iz > w.z[off+x]) {
				continue
			}
			a := shading.Clamp01(st.alphaAt(sh, r, ry, iz))
			if a == 0 {
				continue
			}
			_, c := st.shade(sh, r, ry, iz, true)
			w.col[off+x] = c.scale(a).add(w.col[off+x].scale(1 - a))
			w.z[off+x] = iz
		}
	}
}
