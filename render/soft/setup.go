package soft

import (
	"math"
	"slices"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/render/shading"
)

// chunk holds the setup results of a run of consecutive scene triangles.
// Chunks are filled in parallel and read in order, which keeps every
// per-pixel decision in scene order whatever the number of workers.
type chunk struct {
	index int
	sh    []shadeTri  // one per scene triangle with at least one raster triangle
	pass  [2]passBins // raster triangles and their bands, per pass
	objLo int         // first object of the chunk
	boxes []ibox      // silhouette pixel box per object from objLo (label pass)
	fill  []int32     // binning scratch
	poly  [2][maxPoly]mgl64.Vec3
	// Scratch of setupTri's general path: the clipped polygon's projected
	// coordinates and, per pass, its snapped ones. Here rather than local
	// arrays, which Go would zero on every call (about 50 stores a
	// triangle, most triangles taking the fast path that needs none).
	u, v [maxPoly]float64
	x, y [maxPoly]int64
	// The plane of setupTri's triangle, for the same reason.
	plane triPlane
}

// triPlane is the plane of a camera-frame triangle (a, b, d): edges e1 =
// b−a and e2 = d−a, normal n = e1×e2 and n·p = D, and zc = n/D (1/z along
// a ray is zc·(rx, ry, 1)).
type triPlane struct {
	e1, e2, n mgl64.Vec3
	D         float64
	zc        [3]float64
}

// passBins are the raster triangles of one chunk on one grid, bucketed by
// band: refs[start[b]:start[b+1]] index the triangles touching band b, in
// scene order.
type passBins struct {
	tris  []rasterTri
	start []int32
	refs  []int32
}

// rasterTri is a screen triangle ready for the rasterizer: its three edge
// functions in 24.8 fixed point, evaluated at the centre of pixel (x0, y0)
// of its grid, with the top-left bias folded in so that a sample is inside
// when all three are >= 0.
type rasterTri struct {
	e, sx, sy      [3]int64 // value at (x0, y0); change per pixel in x; in y
	x0, y0, x1, y1 int32    // inclusive pixel box on the grid
	key            uint32   // visibility key: (chunk<<chunkShift | shade index) + 1
	obj            int32
	za, zb, zc     float64 // 1/z = za·rx + zb·ry + zc along the ray (rx, ry, 1)
}

// shadeTri is what shading needs of a visible scene triangle: the
// perspective-correct barycentric weights of vertices 1 and 2 as
// (b·(rx, ry, 1))/(1/z), and its vertex attributes gathered from the mesh
// and moved to where shading uses them, so that shading a pixel touches
// no mesh data.
type shadeTri struct {
	b, c  [3]float64
	fn    vec // unit geometric normal, facing the camera
	obj   int32
	flags uint8
	// Camera-frame vertex normals (unnormalised, through the normal
	// matrix, flipped when the camera sees the back side).
	n0, n1, n2 vec
	// With flatNormals, the shading normal before the facing correction,
	// the same at every point of the triangle.
	nflat vec
	// Vertex UVs after Material.UVTransform.
	uv [6]float32
	// Vertex colours times the base colour.
	c0, c1, c2 vec
	// Vertex colour alphas times the base colour's (with hasColors), for
	// masked and blended materials.
	a [3]float32
	// With hasTangent, the triangle's tangent ∂p/∂u in the camera frame
	// and its handedness (shading.TriangleTangent), both negated on a
	// back face, for the material's normal map.
	t  vec
	tw float32
	// With hasVertexTangent, the mesh's vertex tangents in the camera
	// frame (through the linear part of the object's transform) and their
	// handedness (negated when the transform mirrors), both negated on a
	// back face, for the material's normal map.
	tv  [3]vec
	tvw [3]float32
}

// shadeTri flags.
const (
	hasNormals uint8 = 1 << iota
	hasColors
	// flatNormals: the three vertex normals are equal and finite, so the
	// interpolated normal is the same everywhere (nflat).
	flatNormals
	// hasTangent: t and tw hold the triangle's tangent frame.
	hasTangent
	// hasVertexTangent: tv and tvw hold the vertex tangents (Mesh.Tangents),
	// which take precedence over the triangle's frame.
	hasVertexTangent
)

// maxPoly bounds the vertices of a triangle clipped by the near plane and
// the four guard-band planes (each clip of a convex polygon adds at most
// one vertex).
const maxPoly = 8

// setupChunk transforms, clips, projects and snaps the triangles of chunk
// k and bins the results by band.
func (st *state) setupChunk(k int) {
	c := &st.chunks[k]
	c.index = k
	c.sh = c.sh[:0]
	for p := range st.passes {
		c.pass[p].tris = c.pass[p].tris[:0]
	}
	total := st.triStart[len(st.triStart)-1]
	lo := k * st.chunkLen
	hi := min(lo+st.chunkLen, total)
	obj := st.objectOf(lo)
	c.objLo = obj
	c.boxes = resize(c.boxes, st.objectOf(hi-1)-obj+1)
	for i := range c.boxes {
		c.boxes[i] = emptyBox
	}
	for g := lo; g < hi; obj++ {
		base := st.triStart[obj]
		end := min(st.triStart[obj+1], hi)
		o := &st.objs[obj]
		if o.outside {
			g = end
			continue
		}
		for ; g < end; g++ {
			st.setupTri(c, int32(obj), o, g-base)
		}
	}
	for p := range st.passes {
		c.bin(&c.pass[p], st.nBands, st.passes[p].rows)
	}
}

// setupTri handles triangle t of object obj.
func (st *state) setupTri(c *chunk, obj int32, o *objRec, t int) {
	idx := o.mesh.Indices[3*t : 3*t+3 : 3*t+3]
	a, b, d := o.cam[idx[0]], o.cam[idx[1]], o.cam[idx[2]]
	if a[0] != a[0] || b[0] != b[0] || d[0] != d[0] { // NaN: rejected by toCamera
		return
	}
	cam := &st.cam
	if a[2] < cam.near && b[2] < cam.near && d[2] < cam.near {
		return
	}
	if a[2] > cam.far && b[2] > cam.far && d[2] > cam.far {
		return
	}

	poly := c.poly[0][:0]
	poly = append(poly, a, b, d)
	// The common case: three vertices in front of the near plane that
	// project inside the guard band, whose snapped corners transformVertices
	// already has.
	sa, sb, sd := &o.scr[idx[0]], &o.scr[idx[1]], &o.scr[idx[2]]
	fast := sa.in && sb.in && sd.in
	if !fast {
		var ok bool
		if poly, ok = st.clipProject(c, poly, &c.u, &c.v); !ok {
			return
		}
	}

	// The plane of the triangle, n·p = D, is computed once a raster
	// triangle survives culling; D is zero when the plane passes through
	// the camera centre (the triangle is seen edge-on).
	pl := &c.plane // set when emitted
	key := uint32(c.index<<chunkShift|len(c.sh)) + 1
	emitted := false
	for p := range st.passes {
		snap := st.passes[p].snap
		// The snapped corners; only the first len(poly) are read.
		X, Y := &c.x, &c.y
		if fast {
			X[0], X[1], X[2] = int64(sa.x[p]), int64(sb.x[p]), int64(sd.x[p])
			Y[0], Y[1], Y[2] = int64(sa.y[p]), int64(sb.y[p]), int64(sd.y[p])
		} else {
			for i := range poly {
				// Round half up to the 1/256-pixel grid. |u·snap| < 2^29.
				X[i] = int64(snapCoord(c.u[i], snap))
				Y[i] = int64(snapCoord(c.v[i], snap))
			}
		}
		pb := &c.pass[p]
		for i := 1; i+1 < len(poly); i++ {
			// The raster triangle is built in place, past the end of
			// pb.tris, and kept only when raster accepts it.
			pb.tris = slices.Grow(pb.tris, 1)
			n0 := len(pb.tris)
			r := &pb.tris[:n0+1][n0]
			if !c.raster(st, p, X[0], X[i], X[i+1], Y[0], Y[i], Y[i+1], o, r) {
				continue
			}
			if !emitted {
				// b−a, d−a, their cross product and its dot product with
				// a, as mgl64's Sub, Cross and Dot compute them, in scalars.
				e10, e11, e12 := b[0]-a[0], b[1]-a[1], b[2]-a[2]
				e20, e21, e22 := d[0]-a[0], d[1]-a[1], d[2]-a[2]
				nx, ny, nz := e11*e22-e12*e21, e12*e20-e10*e22, e10*e21-e11*e20
				D := a[0]*nx + a[1]*ny + a[2]*nz
				if D == 0 || !finite(D) || !(finite(nx) && finite(ny) && finite(nz)) {
					return
				}
				pl.e1, pl.e2, pl.n, pl.D = mgl64.Vec3{e10, e11, e12}, mgl64.Vec3{e20, e21, e22}, mgl64.Vec3{nx, ny, nz}, D
				pl.zc = [3]float64{nx / D, ny / D, nz / D}
				emitted = true
			}
			r.key, r.obj = key, obj
			r.za, r.zb, r.zc = pl.zc[0], pl.zc[1], pl.zc[2]
			pb.tris = pb.tris[:n0+1]
			if p == 0 {
				bx := &c.boxes[int(obj)-c.objLo]
				*bx = bx.union(ibox{r.x0, r.y0, r.x1, r.y1})
			}
		}
	}
	if !emitted {
		return
	}
	// Perspective-correct barycentrics: for the ray r = (rx, ry, 1), the
	// weight of vertex 1 is (r·((d−a)×a))/(r·n) and of vertex 2
	// (r·(a×(b−a)))/(r·n); dividing the numerators by D turns r·n into
	// 1/z, which the rasterizer already has. In scalars (e2 × a, a × e1
	// and the unit normal, facing the camera), as mgl64's Cross,
	// Normalize and Mul compute them.
	e1, e2, n, D := &pl.e1, &pl.e2, &pl.n, pl.D
	eb0, eb1, eb2 := e2[1]*a[2]-e2[2]*a[1], e2[2]*a[0]-e2[0]*a[2], e2[0]*a[1]-e2[1]*a[0]
	ec0, ec1, ec2 := a[1]*e1[2]-a[2]*e1[1], a[2]*e1[0]-a[0]*e1[2], a[0]*e1[1]-a[1]*e1[0]
	l := 1.0 / math.Sqrt(n[0]*n[0]+n[1]*n[1]+n[2]*n[2])
	f0, f1, f2 := n[0]*l, n[1]*l, n[2]*l
	if D > 0 { // the normal points away from the camera
		f0, f1, f2 = f0*-1, f1*-1, f2*-1
	}
	c.sh = append(c.sh, shadeTri{
		b:   [3]float64{eb0 / D, eb1 / D, eb2 / D},
		c:   [3]float64{ec0 / D, ec1 / D, ec2 / D},
		fn:  vec{float32(f0), float32(f1), float32(f2)},
		obj: obj,
	})
	back := (D < 0) == o.flip
	sh := &c.sh[len(c.sh)-1]
	o.gather(sh, idx, back)
	if o.mat.hasNormal && len(o.mesh.Tangents) != 0 && len(o.mesh.Normals) != 0 {
		s, ws := float32(1), float32(1)
		if back {
			s, ws = -1, -1
		}
		if o.flip {
			ws = -ws
		}
		for k, i := range idx[:3] {
			tg := o.mesh.Tangents[i]
			sh.tv[k] = o.tangent(tg).scale(s)
			sh.tvw[k] = tg[3] * ws
		}
		sh.flags |= hasVertexTangent
	} else if o.mat.hasNormal && len(o.mesh.UVs) != 0 {
		front := mgl64.Vec3{f0, f1, f2}
		if back {
			front = front.Mul(-1)
		}
		uv := &sh.uv
		t, w, ok := shading.TriangleTangent([3]float64(*e1), [3]float64(*e2), [3]float64(front),
			float64(uv[2]-uv[0]), float64(uv[3]-uv[1]), float64(uv[4]-uv[0]), float64(uv[5]-uv[1]))
		if ok {
			if back {
				t, w = t.Scale(-1), -w
			}
			sh.t, sh.tw = fromShading(t), w
			sh.flags |= hasTangent
		}
	}
}

// clipProject clips poly, a triangle in the camera frame, against the
// near plane and, when part of it projects beyond the guard band, against
// the guard-band planes, and projects the result into u, v; false when
// nothing rasterizable is left. c's polygon scratch holds the result.
func (st *state) clipProject(c *chunk, poly []mgl64.Vec3, u, v *[maxPoly]float64) ([]mgl64.Vec3, bool) {
	cam := &st.cam
	a, b, d := poly[0], poly[1], poly[2]
	if a[2] < cam.near || b[2] < cam.near || d[2] < cam.near {
		poly = clipPoly(poly, c.poly[1][:0], plane{0, 0, 1, -cam.near})
	}
	if len(poly) > maxPoly {
		return nil, false // impossible for a convex polygon; rounding on a sliver
	}
	if !st.project(poly, u, v) {
		// Part of the polygon lies beyond the guard band: clip it against
		// the guard-band planes in camera space (z > 0 holds after the
		// near clip) and project again.
		gb := float64(guardBand)
		W, H := float64(cam.w), float64(cam.h)
		planes := [4]plane{
			{cam.fx, 0, cam.cx + gb, 0},      // u >= -gb
			{-cam.fx, 0, W + gb - cam.cx, 0}, // u <= W+gb
			{0, cam.fy, cam.cy + gb, 0},      // v >= -gb
			{0, -cam.fy, H + gb - cam.cy, 0}, // v <= H+gb
		}
		in, out := c.poly[0][:0], c.poly[1][:0]
		in = append(in, poly...)
		for _, pl := range planes {
			out = clipPoly(in, out[:0], pl)
			in, out = out, in
		}
		poly = in
		if len(poly) < 3 || len(poly) > maxPoly || !st.projectLimit(poly, u, v) {
			return nil, false
		}
	}
	return poly, len(poly) >= 3
}

// gather copies the vertex attributes of triangle idx into sh. back is set
// when the camera sees the triangle's back side.
func (o *objRec) gather(sh *shadeTri, idx []uint32, back bool) {
	m := o.mesh
	i0, i1, i2 := idx[0], idx[1], idx[2]
	if len(m.Normals) != 0 {
		sh.flags |= hasNormals
		s := float32(1)
		if back {
			s = -1
		}
		sh.n0 = o.normal(m.Normals[i0]).scale(s)
		sh.n1 = o.normal(m.Normals[i1]).scale(s)
		sh.n2 = o.normal(m.Normals[i2]).scale(s)
		if sh.n0 == sh.n1 && sh.n0 == sh.n2 && finiteVec(sh.n0) {
			// bary(n0, n0, n0, lb, lc) = n0 + 0·lb + 0·lc is the same for
			// every weight in [0, 1] (bit for bit: a zero component comes
			// out +0 whatever its sign in n0), so it and its normalisation
			// are computed once here, exactly as shade would.
			sh.flags |= flatNormals
			sh.nflat = sh.fn
			if u, ok := bary(&sh.n0, &sh.n1, &sh.n2, 0, 0).normalize(); ok {
				sh.nflat = u
			}
		}
	}
	mt := &o.mat
	if mt.anyTex && len(m.UVs) != 0 {
		for k, i := range [3]uint32{i0, i1, i2} {
			u, v := m.UVs[i][0], m.UVs[i][1]
			if mt.hasUVT {
				t := &mt.uvt
				u, v = t[0]*u+t[1]*v+t[2], t[3]*u+t[4]*v+t[5]
			}
			sh.uv[2*k], sh.uv[2*k+1] = u, v
		}
	} else if mt.hasUVT { // texture without UVs: every point has UV (0, 0)
		t := &mt.uvt
		sh.uv = [6]float32{t[2], t[5], t[2], t[5], t[2], t[5]}
	}
	if len(m.Colors) != 0 {
		sh.flags |= hasColors
		col := func(c [4]float32) vec { return vec{c[0], c[1], c[2]}.mul(mt.base) }
		sh.c0, sh.c1, sh.c2 = col(m.Colors[i0]), col(m.Colors[i1]), col(m.Colors[i2])
		sh.a = [3]float32{m.Colors[i0][3] * mt.baseA, m.Colors[i1][3] * mt.baseA, m.Colors[i2][3] * mt.baseA}
	}
}

// normal maps a local normal to the camera frame (unnormalised).
func (o *objRec) normal(l [3]float32) vec {
	nm := &o.nm
	return vec{
		nm[0]*l[0] + nm[1]*l[1] + nm[2]*l[2],
		nm[3]*l[0] + nm[4]*l[1] + nm[5]*l[2],
		nm[6]*l[0] + nm[7]*l[1] + nm[8]*l[2],
	}
}

// tangent maps the direction of a local tangent to the camera frame
// (unnormalised).
func (o *objRec) tangent(l mgl32.Vec4) vec {
	m := &o.lin
	return vec{
		m[0]*l[0] + m[1]*l[1] + m[2]*l[2],
		m[3]*l[0] + m[4]*l[1] + m[5]*l[2],
		m[6]*l[0] + m[7]*l[1] + m[8]*l[2],
	}
}

// project computes image coordinates of poly's vertices and reports
// whether all lie within the guard band.
func (st *state) project(poly []mgl64.Vec3, u, v *[maxPoly]float64) bool {
	ok := true
	for i, p := range poly {
		var in bool
		u[i], v[i], in = st.cam.projectPoint(p[0], p[1], p[2])
		ok = ok && in
	}
	return ok
}

// projectPoint maps camera-frame point (x, y, z), z > 0, to image
// coordinates (u, v) and reports whether they lie inside the guard band;
// false for non-finite results.
func (c *camInfo) projectPoint(x, y, z float64) (u, v float64, in bool) {
	gb := float64(guardBand)
	u = c.fx*x/z + c.cx
	v = c.fy*y/z + c.cy
	return u, v, u >= -gb && u <= float64(c.w)+gb && v >= -gb && v <= float64(c.h)+gb
}

// snapCoord rounds image coordinate u half up to the fixed-point grid of
// a pass with the given snap (passInfo.snap: 256 units per grid sample).
func snapCoord(u, snap float64) float64 { return math.Floor(u*snap + 0.5) }

// projectLimit projects poly after guard-band clipping; it reports false
// for vertices that still fall outside the fixed-point range (non-finite
// or absurd intrinsics).
func (st *state) projectLimit(poly []mgl64.Vec3, u, v *[maxPoly]float64) bool {
	st.project(poly, u, v)
	lim := float64(projLimit)
	for i := range poly {
		if !(u[i] >= -lim && u[i] <= float64(st.cam.w)+lim && v[i] >= -lim && v[i] <= float64(st.cam.h)+lim) {
			return false
		}
	}
	return true
}

// raster sets up in r the edge functions of one snapped screen triangle
// with corners (x0, y0), (x1, y1), (x2, y2) on grid p; false, leaving r
// undefined, when it is degenerate, culled, or covers no sample of the
// grid's box. The caller fills in key, obj and the depth plane. The
// corners come as scalars and r's fields are stored one by one, so that
// nothing is built (and zeroed) on the stack first.
func (c *chunk) raster(st *state, p int, x0, x1, x2, y0, y1, y2 int64, o *objRec, r *rasterTri) bool {
	area := (x1-x0)*(y2-y0) - (y1-y0)*(x2-x0)
	if area == 0 {
		return false
	}
	// In image coordinates (y down), a triangle whose front faces the
	// camera has negative area when its winding is counter-clockwise
	// (glTF) in a right-handed frame.
	front := (area < 0) != o.flip
	if !front && !o.mat.double {
		return false
	}
	if area < 0 {
		x1, x2 = x2, x1
		y1, y2 = y2, y1
	}
	pi := &st.passes[p]
	bx0 := max(0, ceilDiv(min(x0, x1, x2)-subHalf, subScale))
	bx1 := min(int64(pi.w-1), floorDiv(max(x0, x1, x2)-subHalf, subScale))
	by0 := max(0, ceilDiv(min(y0, y1, y2)-subHalf, subScale))
	by1 := min(int64(pi.h-1), floorDiv(max(y0, y1, y2)-subHalf, subScale))
	if bx0 > bx1 || by0 > by1 {
		return false
	}
	r.x0, r.y0, r.x1, r.y1 = int32(bx0), int32(by0), int32(bx1), int32(by1)
	px, py := bx0*subScale+subHalf, by0*subScale+subHalf
	r.e[0], r.sx[0], r.sy[0] = edgeFunction(x0, y0, x1, y1, px, py)
	r.e[1], r.sx[1], r.sy[1] = edgeFunction(x1, y1, x2, y2, px, py)
	r.e[2], r.sx[2], r.sy[2] = edgeFunction(x2, y2, x0, y0, px, py)
	return true
}

// edgeFunction returns the edge function of the edge from (xj, yj) to
// (xk, yk) of a triangle of positive area at the sample (px, py), with
// the top-left bias folded in, and its change per grid sample in x and
// in y. Top-left rule: with positive area in y-down coordinates the
// interior lies to the right of each edge; a top edge runs in +x (dy = 0,
// dx > 0), a left edge runs upwards (dy < 0). Samples exactly on other
// edges are outside.
func edgeFunction(xj, yj, xk, yk, px, py int64) (e, sx, sy int64) {
	dx, dy := xk-xj, yk-yj
	e = dx*(py-yj) - dy*(px-xj)
	if !(dy < 0 || (dy == 0 && dx > 0)) {
		e--
	}
	return e, -dy * subScale, dx * subScale
}

// bin buckets pb's triangles by band (rows grid rows per band), keeping
// scene order within each band.
func (c *chunk) bin(pb *passBins, nBands, rows int) {
	pb.start = resize(pb.start, nBands+1)
	clear(pb.start)
	r32 := int32(rows)
	for i := range pb.tris {
		t := &pb.tris[i]
		for b := t.y0 / r32; b <= t.y1/r32; b++ {
			pb.start[b+1]++
		}
	}
	for b := 1; b <= nBands; b++ {
		pb.start[b] += pb.start[b-1]
	}
	pb.refs = resize(pb.refs, int(pb.start[nBands]))
	c.fill = resize(c.fill, nBands)
	copy(c.fill, pb.start[:nBands])
	for i := range pb.tris {
		t := &pb.tris[i]
		for b := t.y0 / r32; b <= t.y1/r32; b++ {
			pb.refs[c.fill[b]] = int32(i)
			c.fill[b]++
		}
	}
}

// toCamera maps a mesh vertex to the camera frame, with a homogeneous
// divide for non-affine transforms; false when the result is not finite.
func (o *objRec) toCamera(p mgl32.Vec3) (mgl64.Vec3, bool) {
	x, y, z, ok := o.toCameraXYZ(p)
	return mgl64.Vec3{x, y, z}, ok
}

// toCameraXYZ is toCamera with the coordinates as scalars, which stay in
// registers (a returned array goes through the stack).
func (o *objRec) toCameraXYZ(p mgl32.Vec3) (cx, cy, cz float64, ok bool) {
	x, y, z := float64(p[0]), float64(p[1]), float64(p[2])
	m := &o.m
	cx = m[0]*x + m[4]*y + m[8]*z + m[12]
	cy = m[1]*x + m[5]*y + m[9]*z + m[13]
	cz = m[2]*x + m[6]*y + m[10]*z + m[14]
	if !o.affine {
		w := m[3]*x + m[7]*y + m[11]*z + m[15]
		if w == 0 {
			return cx, cy, cz, false
		}
		s := 1 / w // as mgl64.Vec3.Mul(1 / w)
		cx, cy, cz = cx*s, cy*s, cz*s
	}
	return cx, cy, cz, finite(cx) && finite(cy) && finite(cz)
}

// plane is the half-space a·x + b·y + c·z + d >= 0 in the camera frame.
type plane struct{ a, b, c, d float64 }

func (p plane) dist(v mgl64.Vec3) float64 { return p.a*v[0] + p.b*v[1] + p.c*v[2] + p.d }

// clipPoly clips the convex polygon in against pl (Sutherland–Hodgman),
// appending the result to out. A new vertex is always interpolated from
// the inside endpoint of its edge towards the outside one, so the two
// triangles sharing an edge compute bit-identical vertices on it and stay
// watertight after clipping.
func clipPoly(in, out []mgl64.Vec3, pl plane) []mgl64.Vec3 {
	for i, p := range in {
		q := in[(i+1)%len(in)]
		dp, dq := pl.dist(p), pl.dist(q)
		pin, qin := dp >= 0, dq >= 0
		if pin {
			out = append(out, p)
		}
		if pin != qin {
			if pin {
				out = append(out, lerp(p, q, dp/(dp-dq)))
			} else {
				out = append(out, lerp(q, p, dq/(dq-dp)))
			}
		}
	}
	return out
}

func lerp(a, b mgl64.Vec3, t float64) mgl64.Vec3 {
	return mgl64.Vec3{a[0] + (b[0]-a[0])*t, a[1] + (b[1]-a[1])*t, a[2] + (b[2]-a[2])*t}
}

// finite reports whether x is neither NaN nor ±Inf (x−x is NaN for both).
func finite(x float64) bool { return x-x == 0 }

func finiteVec(v vec) bool { return v.x-v.x == 0 && v.y-v.y == 0 && v.z-v.z == 0 }

func finite3(v mgl64.Vec3) bool { return v[0]-v[0] == 0 && v[1]-v[1] == 0 && v[2]-v[2] == 0 }

// floorDiv returns ⌊a/b⌋ for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// ceilDiv returns ⌈a/b⌉ for b > 0.
func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }
