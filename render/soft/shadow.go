package soft

import (
	"context"
	"math"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/render/shading"
	"github.com/synthkit/synthkit/scene"
)

const shadowBandRows = 64 // shadow-map rows per band when rasterizing

// shadowMap is one rasterized shadow map and what shading needs to look
// it up.
type shadowMap struct {
	cam   shading.ShadowCamera
	n     int
	depth []float32 // n×n, row-major; +Inf where nothing was drawn
	// fromCam maps a camera-frame point to (x, y, z) of the map, rows of
	// an affine 3×4 matrix.
	fromCam [12]float32
	offset  float32 // normal offset in world units
	bias    float32 // depth bias in z units
	size    float32 // n as a float
	xform   []objXform
	tris    [][]rasterTri // per triangle chunk
}

// objXform is an object's local → shadow-map transform.
type objXform struct {
	m      mgl64.Mat4
	affine bool
}

// shadowSize resolves Options.ShadowMapSize.
func shadowSize(o Options) int {
	if o.ShadowMapSize == 0 {
		return shading.DefaultShadowMapSize
	}
	return o.ShadowMapSize
}

// buildShadows rasterizes a shadow map for every shadowed light and
// links st.lights to them. It runs after triangle setup (it uses the
// triangle chunks' boundaries).
func (st *state) buildShadows(ctx context.Context, s *scene.Scene, size int, nChunks int) error {
	sl := shading.ShadowedLights(s, size)
	st.shadows = resize(st.shadows, len(sl))
	used := 0
	for _, l := range sl {
		rows, ok := l.Camera.FromCamera(s.Camera.Pose)
		if !ok {
			continue
		}
		sm := &st.shadows[used]
		sm.cam, sm.n, sm.size = l.Camera, l.Camera.Size, float32(l.Camera.Size)
		for i, v := range rows {
			sm.fromCam[i] = float32(v)
		}
		sm.offset = float32(l.Camera.NormalOffset())
		sm.bias = float32(l.Camera.DepthBias())
		if err := st.rasterShadow(ctx, s, sm, nChunks); err != nil {
			return err
		}
		used++
		for li := range st.lights {
			if st.lights[li].src == l.Light {
				st.lights[li].shadow = sm
			}
		}
	}
	st.shadows = st.shadows[:used]
	return nil
}

// rasterShadow fills sm.depth: both faces of every triangle, nearest
// depth per texel centre, with the top-left rule of the main
// rasterizer. Set-up runs in parallel over the triangle chunks and
// drawing over bands of rows; a texel keeps the minimum, which does not
// depend on the order, so the map is the same whatever the workers.
func (st *state) rasterShadow(ctx context.Context, s *scene.Scene, sm *shadowMap, nChunks int) error {
	n := len(s.Objects)
	sm.xform = resize(sm.xform, n)
	for i := range s.Objects {
		m := sm.cam.Transform.Mul4(s.Objects[i].Transform)
		sm.xform[i] = objXform{m: m, affine: m[3] == 0 && m[7] == 0 && m[11] == 0 && m[15] == 1}
	}
	sm.tris = resize(sm.tris, nChunks)
	if err := st.parallel(ctx, "shadow set-up", nChunks, func(_, k int) {
		st.setupShadowChunk(s, sm, k)
	}); err != nil {
		return err
	}
	sm.depth = resize(sm.depth, sm.n*sm.n)
	bands := (sm.n + shadowBandRows - 1) / shadowBandRows
	return st.parallel(ctx, "shadow rasterization", bands, func(_, b int) {
		sm.rasterBand(b)
	})
}

// setupShadowChunk transforms and snaps the triangles of chunk k into
// the shadow map's raster triangles. za, zb, zc hold the depth plane
// z = za·x + zb·y + zc at texel (x, y).
func (st *state) setupShadowChunk(s *scene.Scene, sm *shadowMap, k int) {
	out := sm.tris[k][:0]
	total := st.triStart[len(st.triStart)-1]
	lo := k * st.chunkLen
	hi := min(lo+st.chunkLen, total)
	obj := st.objectOf(lo)
	lim := float64(sm.n + 1<<16)
	for g := lo; g < hi; obj++ {
		base := st.triStart[obj]
		end := min(st.triStart[obj+1], hi)
		mesh := s.Objects[obj].Mesh
		xf := &sm.xform[obj]
		for ; g < end; g++ {
			t := g - base
			idx := mesh.Indices[3*t : 3*t+3 : 3*t+3]
			var v [3]mgl64.Vec3
			ok := true
			for i := range 3 {
				p := mesh.Positions[idx[i]]
				q := mgl64.Vec3{float64(p[0]), float64(p[1]), float64(p[2])}
				m := &xf.m
				r := mgl64.Vec3{
					m[0]*q[0] + m[4]*q[1] + m[8]*q[2] + m[12],
					m[1]*q[0] + m[5]*q[1] + m[9]*q[2] + m[13],
					m[2]*q[0] + m[6]*q[1] + m[10]*q[2] + m[14],
				}
				if !xf.affine {
					w := m[3]*q[0] + m[7]*q[1] + m[11]*q[2] + m[15]
					if w == 0 {
						ok = false
						break
					}
					r = r.Mul(1 / w)
				}
				if !(math.Abs(r[0]) < lim && math.Abs(r[1]) < lim) || !finite(r[2]) {
					ok = false
					break
				}
				v[i] = r
			}
			if !ok {
				continue
			}
			if rt, ok := shadowTri(v, sm.n); ok {
				out = append(out, rt)
			}
		}
	}
	sm.tris[k] = out
}

// shadowTri sets up one light-space triangle (x, y in texels, z depth)
// for an n×n map; false when it is degenerate, edge-on to the light or
// covers no texel centre.
func shadowTri(v [3]mgl64.Vec3, n int) (r rasterTri, ok bool) {
	var x, y [3]int64
	for i := range 3 {
		x[i] = int64(math.Floor(v[i][0]*subScale + 0.5))
		y[i] = int64(math.Floor(v[i][1]*subScale + 0.5))
	}
	area := (x[1]-x[0])*(y[2]-y[0]) - (y[1]-y[0])*(x[2]-x[0])
	if area == 0 {
		return r, false
	}
	if area < 0 { // both faces: make every triangle positive
		x[1], x[2] = x[2], x[1]
		y[1], y[2] = y[2], y[1]
	}
	bx0 := max(0, ceilDiv(min(x[0], x[1], x[2])-subHalf, subScale))
	bx1 := min(int64(n-1), floorDiv(max(x[0], x[1], x[2])-subHalf, subScale))
	by0 := max(0, ceilDiv(min(y[0], y[1], y[2])-subHalf, subScale))
	by1 := min(int64(n-1), floorDiv(max(y[0], y[1], y[2])-subHalf, subScale))
	if bx0 > bx1 || by0 > by1 {
		return r, false
	}
	// Depth plane through the unsnapped vertices.
	e1, e2 := v[1].Sub(v[0]), v[2].Sub(v[0])
	nrm := e1.Cross(e2)
	if nrm[2] == 0 || !finite3(nrm) {
		return r, false
	}
	za, zb := -nrm[0]/nrm[2], -nrm[1]/nrm[2]
	// z at the centre of texel (x, y) = v0.z + za·(x+0.5−v0.x) + zb·(y+0.5−v0.y).
	zc := v[0][2] + za*(0.5-v[0][0]) + zb*(0.5-v[0][1])
	if !finite(za) || !finite(zb) || !finite(zc) {
		return r, false
	}
	r = rasterTri{x0: int32(bx0), y0: int32(by0), x1: int32(bx1), y1: int32(by1), za: za, zb: zb, zc: zc}
	px, py := bx0*subScale+subHalf, by0*subScale+subHalf
	for i := range 3 {
		j, k := i, (i+1)%3
		dx, dy := x[k]-x[j], y[k]-y[j]
		e := dx*(py-y[j]) - dy*(px-x[j])
		if !(dy < 0 || (dy == 0 && dx > 0)) {
			e--
		}
		r.e[i], r.sx[i], r.sy[i] = e, -dy*subScale, dx*subScale
	}
	return r, true
}

// rasterBand clears and draws rows [b·shadowBandRows, …) of the map.
func (sm *shadowMap) rasterBand(b int) {
	n := sm.n
	y0 := b * shadowBandRows
	y1 := min(y0+shadowBandRows, n)
	rows := sm.depth[y0*n : y1*n]
	inf := float32(math.Inf(1))
	for i := range rows {
		rows[i] = inf
	}
	var inv [3]float64
	for _, tris := range sm.tris {
		for ti := range tris {
			t := &tris[ti]
			ya, yb := max(int(t.y0), y0), min(int(t.y1), y1-1)
			if ya > yb {
				continue
			}
			width := int(t.x1 - t.x0)
			wide := width >= spanMin
			if wide {
				for i := range 3 {
					inv[i] = 0
					if t.sx[i] != 0 {
						inv[i] = 1 / float64(t.sx[i])
					}
				}
			}
			for y := ya; y <= yb; y++ {
				dy := int64(y - int(t.y0))
				e := [3]int64{t.e[0] + dy*t.sy[0], t.e[1] + dy*t.sy[1], t.e[2] + dy*t.sy[2]}
				lo, hi := 0, width
				if wide {
					lo, hi = span(e, t.sx, inv, width)
				}
				lo, hi = t.coveredRun(e, lo, hi)
				if lo > hi {
					continue
				}
				x0 := int(t.x0)
				row := sm.depth[y*n+x0+lo : y*n+x0+hi+1]
				zr := t.zb*float64(y) + t.zc
				for i := range row {
					z := t.za*float64(x0+lo+i) + zr
					zf := float32(min(max(z, 0), 1))
					if zf < row[i] {
						row[i] = zf
					}
				}
			}
		}
	}
}

// lightFactor returns the fraction of the shadowed light that reaches the
// camera-frame point p with unit shading normal n: shading.PCF, with the
// rows of texels taken in place.
func (sm *shadowMap) lightFactor(p, n vec) float32 {
	q := p.madd(n, sm.offset)
	m := &sm.fromCam
	x := m[0]*q.x + m[1]*q.y + m[2]*q.z + m[3]
	y := m[4]*q.x + m[5]*q.y + m[6]*q.z + m[7]
	z := m[8]*q.x + m[9]*q.y + m[10]*q.z + m[11]
	const edge = shading.PCFRadius + 1
	if !(x > -edge && x < sm.size+edge && y > -edge && y < sm.size+edge) {
		return 1
	}
	ix := int(math.Floor(float64(x)))
	iy := int(math.Floor(float64(y)))
	zb := z - sm.bias
	nn := sm.n
	lit := 0
	for j := iy - shading.PCFRadius; j <= iy+shading.PCFRadius; j++ {
		if j < 0 || j >= nn {
			lit += 2*shading.PCFRadius + 1
			continue
		}
		row := sm.depth[j*nn : (j+1)*nn]
		for i := ix - shading.PCFRadius; i <= ix+shading.PCFRadius; i++ {
			if i < 0 || i >= nn || zb <= row[i] {
				lit++
			}
		}
	}
	return float32(lit) / shading.PCFTaps
}
