package soft

import (
	"math"

	"github.com/synthkit/synthkit/render/shading"
)

// vec is the shading path's 3-vector. It is a struct rather than an
// array (mgl32.Vec3) because the Go compiler keeps the fields of small
// structs in registers but keeps arrays in memory.
type vec struct{ x, y, z float32 }

func (a vec) add(b vec) vec             { return vec{a.x + b.x, a.y + b.y, a.z + b.z} }
func (a vec) sub(b vec) vec             { return vec{a.x - b.x, a.y - b.y, a.z - b.z} }
func (a vec) mul(b vec) vec             { return vec{a.x * b.x, a.y * b.y, a.z * b.z} }
func (a vec) scale(k float32) vec       { return vec{a.x * k, a.y * k, a.z * k} }
func (a vec) dot(b vec) float32         { return a.x*b.x + a.y*b.y + a.z*b.z }
func (a vec) madd(b vec, k float32) vec { return vec{a.x + b.x*k, a.y + b.y*k, a.z + b.z*k} }

// normalize returns a/|a|, or false when a is zero, tiny or not finite.
func (a vec) normalize() (vec, bool) {
	l2 := a.dot(a)
	if !(l2 > 1e-30 && l2 < 1e30) {
		return a, false
	}
	return a.scale(1 / float32(math.Sqrt(float64(l2)))), true
}

// bary interpolates three vertex attributes with the weights lb, lc of
// the second and third vertex, as a + (b−a)·lb + (c−a)·lc so that a
// constant attribute stays exact.
func bary(a, b, c *vec, lb, lc float32) vec {
	return vec{
		a.x + (b.x-a.x)*lb + (c.x-a.x)*lc,
		a.y + (b.y-a.y)*lb + (c.y-a.y)*lc,
		a.z + (b.z-a.z)*lb + (c.z-a.z)*lc,
	}
}

// shade evaluates the surface of sh at the sample whose ray is
// (rx, ry, 1) and whose 1/z is iz: the unit camera-frame normal facing the
// camera and, when colour is set, the linear RGB radiance of the shading
// model, lit by st.lights at the camera-frame point p: shading.Shade,
// computed with the same float32 operations in the same order (tested bit
// for bit in reference_test.go).
func (st *state) shade(sh *shadeTri, rx, ry, iz float64, colour bool) (n, col vec) {
	// Perspective-correct barycentrics, clamped to the triangle so that
	// samples on slivers never extrapolate far.
	z := 1 / iz
	wb := clampUnit((sh.b[0]*rx + sh.b[1]*ry + sh.b[2]) * z)
	wc := clampUnit((sh.c[0]*rx + sh.c[1]*ry + sh.c[2]) * z)
	if s := wb + wc; s > 1 {
		wb, wc = wb/s, wc/s
	}
	lb, lc := float32(wb), float32(wc)
	p := vec{float32(rx * z), float32(ry * z), float32(z)} // camera-frame position

	n = sh.fn
	switch {
	case sh.flags&flatNormals != 0:
		n = sh.nflat // what the case below gives, computed once in gather
	case sh.flags&hasNormals != 0:
		if u, ok := bary(&sh.n0, &sh.n1, &sh.n2, lb, lc).normalize(); ok {
			n = u
		}
	}
	// An interpolated normal may face away from the camera near a
	// silhouette; remove its component along the view ray so that normals
	// always face the camera (continuous: nothing changes while they do).
	if d := n.dot(p); d > 0 {
		if u, ok := n.madd(p, -d/p.dot(p)).normalize(); ok {
			n = u
		} else {
			n = sh.fn
		}
	}
	if !colour {
		return n, col
	}

	mt := &st.objs[sh.obj].mat
	alb := mt.base
	if sh.flags&hasColors != 0 {
		alb = bary(&sh.c0, &sh.c1, &sh.c2, lb, lc)
	}
	var u, v float32
	if mt.anyTex {
		uv := &sh.uv
		u = uv[0] + (uv[2]-uv[0])*lb + (uv[4]-uv[0])*lc
		v = uv[1] + (uv[3]-uv[1])*lb + (uv[5]-uv[1])*lc
	}
	if mt.hasTex {
		alb = alb.mul(mt.tex.sample(u, v))
	}
	if mt.unlit {
		return n, alb
	}
	if mt.extra {
		return n, st.shadeTextured(sh, mt, p, n, alb, u, v, lb, lc)
	}
	// Diffuse and specular irradiance are summed separately and weighted
	// once at the end.
	var view vec
	if mt.exp != 0 || st.hasEnv {
		view, _ = p.scale(-1).normalize()
	}
	ed, es := st.direct(p, n, view, mt.exp)
	diff := alb.scale(1 - mt.metallic)
	f0 := alb.scale(mt.metallic).add(vec{shading.DielectricF0, shading.DielectricF0, shading.DielectricF0}.scale(1 - mt.metallic))
	if st.hasEnv {
		ea, env := st.envTerms(n, view, f0, st.ambient, mt.rough, 1)
		return n, diff.mul(ea.add(ed)).add(f0.mul(st.ambient.add(es.scale(mt.norm)))).add(env).add(mt.emissive)
	}
	return n, diff.mul(st.ambient.add(ed)).add(f0.mul(st.ambient.add(es.scale(mt.norm)))).add(mt.emissive)
}

// envTerms returns what the environment light adds at a point, as
// shading.ShadeEnv computes it: the ambient light amb (already scaled by
// the ambient occlusion occ) plus the environment's irradiance, for the
// diffuse lobe, and the environment's specular reflection. n and view are
// the shading normal and view direction, f0 the specular reflectance and
// rough the roughness at the point.
func (st *state) envTerms(n, view, f0, amb vec, rough, occ float32) (diffuse, specular vec) {
	sn, sv := toShading(n), toShading(view)
	diffuse = amb.add(fromShading(st.env.Irradiance(sn).Scale(occ)))
	a, b := shading.EnvBRDF(rough, sn.Dot(sv))
	specular = fromShading(st.env.Reflection(sn, sv, rough)).mul(f0.scale(a).add(vec{b, b, b})).scale(occ)
	return diffuse, specular
}

// shadeTextured is the lighting of shade for a material with textures
// other than the base colour's (package render/shading, "Textures"): the
// same float32 operations as shade's loop, with the metallic factor,
// exponent, ambient occlusion, emission and shading normal taken per
// point. It is apart from shade so that the common path keeps its
// registers. n is the label normal, alb the colour c at texture
// coordinates (u, v), (lb, lc) the barycentric weights of vertices 1 and
// 2.
func (st *state) shadeTextured(sh *shadeTri, mt *matRec, p, n, alb vec, u, v, lb, lc float32) vec {
	metallic, exp, norm, amb, emis, rough := mt.metallic, mt.exp, mt.norm, st.ambient, mt.emissive, mt.rough
	if mt.hasMR {
		c := mt.mr.sample(u, v)
		metallic *= c.z
		rough *= c.y
		exp = shading.SpecularExponent(rough)
		norm = shading.LobeNorm(exp)
	}
	occ := float32(1)
	if mt.hasOcc {
		occ = 1 + mt.occStrength*(mt.occ.sample(u, v).x-1)
		amb = amb.scale(occ)
	}
	if mt.hasEmis {
		emis = emis.mul(mt.emis.sample(u, v))
	}
	if mt.hasNormal {
		switch {
		case sh.flags&hasVertexTangent != 0:
			t, w := shading.VertexTangent(toShading(sh.tv[0]), toShading(sh.tv[1]), toShading(sh.tv[2]),
				sh.tvw, lb, lc)
			n = fromShading(shading.PerturbNormal(toShading(n), t, w, toShading(mt.normal.sample(u, v)), mt.normalScale))
		case sh.flags&hasTangent != 0:
			pn := shading.PerturbNormal(toShading(n), toShading(sh.t), sh.tw, toShading(mt.normal.sample(u, v)), mt.normalScale)
			n = fromShading(pn)
		}
	}
	var view vec
	if exp != 0 || st.hasEnv {
		view, _ = p.scale(-1).normalize()
	}
	ed, es := st.direct(p, n, view, exp)
	diff := alb.scale(1 - metallic)
	f0 := alb.scale(metallic).add(vec{shading.DielectricF0, shading.DielectricF0, shading.DielectricF0}.scale(1 - metallic))
	if st.hasEnv {
		ea, env := st.envTerms(n, view, f0, amb, rough, occ)
		return diff.mul(ea.add(ed)).add(f0.mul(amb.add(es.scale(norm)))).add(env).add(emis)
	}
	return diff.mul(amb.add(ed)).add(f0.mul(amb.add(es.scale(norm)))).add(emis)
}

// direct returns the sums over st.lights at the camera-frame point p with
// unit normal n and view direction view: ed = Σ E·(N·L) for the diffuse
// lobe and es = Σ E·(N·L)·(N·H)^exp for the specular one (E·(N·L) when
// exp is 0), each light's E including its attenuation and shadow.
//
// The lights are taken in batches. The first loop accumulates the
// diffuse term and collects each specular light's weight and N·H; the
// second evaluates the powers (N·H)^exp, which no longer depend on one
// another, four at a time with shading.Pow4 (side by side in one SSE2
// register on amd64: in a shelves profile the powers took 1.15 s instead
// of 2.31 s of 24, one call for a point's two or three specular lights). Both sums are
// still accumulated in light order, so the result is bit-identical to a
// single loop.
func (st *state) direct(p, n, view vec, exp float32) (ed, es vec) {
	var (
		specLight [lightBatch]int32 // index in the batch
		specW     [lightBatch]float32
		specNH    [lightBatch]float32
	)
	for base := 0; base < len(st.lights); base += lightBatch {
		batch := st.lights[base:min(base+lightBatch, len(st.lights))]
		ns := 0
		for li := range batch {
			l := &batch[li]
			dir, att := l.dir, float32(1)
			if l.point {
				dx, dy, dz := l.pos[0]-float64(p.x), l.pos[1]-float64(p.y), l.pos[2]-float64(p.z)
				d2 := dx*dx + dy*dy + dz*dz
				if !(d2 > 0) || d2 > math.MaxFloat64 { // zero, NaN or infinite
					continue
				}
				s := 1 / math.Sqrt(d2)
				dir = vec{float32(dx * s), float32(dy * s), float32(dz * s)}
				att = float32(s * s)
			}
			nl := n.dot(dir)
			if !(nl > 0) {
				continue
			}
			w := nl * att
			if l.shadow != nil {
				if w *= l.shadow.lightFactor(p, n); w == 0 {
					continue
				}
			}
			ed = ed.madd(l.rad, w)
			if exp == 0 {
				es = es.madd(l.rad, w)
				continue
			}
			h, ok := dir.add(view).normalize()
			if nh := n.dot(h); ok && nh > 0 {
				specLight[ns], specW[ns], specNH[ns] = int32(li), w, nh
				ns++
			}
		}
		for j := 0; j < ns; j += 4 {
			// Four powers at a time (bit for bit Pow's); the lanes past
			// ns hold what the array held and are not used.
			var pw [4]float32
			pw[0], pw[1], pw[2], pw[3] = shading.Pow4(specNH[j], specNH[j+1], specNH[j+2], specNH[j+3], exp)
			for k := range min(4, ns-j) {
				es = es.madd(batch[specLight[j+k]].rad, specW[j+k]*pw[k])
			}
		}
	}
	return ed, es
}

// alphaAt returns the coverage alpha of sh at the sample whose ray is
// (rx, ry, 1) and whose 1/z is iz (package render/shading, "Alpha"): the
// base colour's alpha times the interpolated vertex colour alpha times
// the texture's alpha, with the barycentrics, UVs and texture filter that
// shade uses for the colour at the same sample.
func (st *state) alphaAt(sh *shadeTri, rx, ry, iz float64) float32 {
	mt := &st.objs[sh.obj].mat
	// The same barycentrics as shade's, written out again: a shared
	// helper does not inline, and in shade it cost about 5% of a frame
	// (BenchmarkSoftRender/shelf-30k).
	z := 1 / iz
	wb := clampUnit((sh.b[0]*rx + sh.b[1]*ry + sh.b[2]) * z)
	wc := clampUnit((sh.c[0]*rx + sh.c[1]*ry + sh.c[2]) * z)
	if s := wb + wc; s > 1 {
		wb, wc = wb/s, wc/s
	}
	lb, lc := float32(wb), float32(wc)
	a := mt.baseA
	if sh.flags&hasColors != 0 {
		a = sh.a[0] + (sh.a[1]-sh.a[0])*lb + (sh.a[2]-sh.a[0])*lc
	}
	if mt.hasTex {
		uv := &sh.uv
		u := uv[0] + (uv[2]-uv[0])*lb + (uv[4]-uv[0])*lc
		v := uv[1] + (uv[3]-uv[1])*lb + (uv[5]-uv[1])*lc
		a *= mt.tex.sampleAlpha(u, v)
	}
	return a
}

// lightBatch is how many lights shade takes at a time: its specular
// scratch lives on the stack. A multiple of 4 (direct's Pow4 reads the
// scratch four entries at a time).
const lightBatch = 16

var _ = [1]int{}[lightBatch%4] // a compile error unless lightBatch%4 == 0

// clampUnit clamps v to [0, 1], mapping NaN to 0.
func clampUnit(v float64) float64 {
	if !(v > 0) {
		return 0
	}
	return min(v, 1)
}
