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
//
// Shading runs in phases, which shade takes for one sample: surface (the
// point, normals and material), gatherLights (the lights' diffuse sums
// and the bases of their specular powers), the powers (shading.Pow4),
// addSpecular, EnvBRDF's exponential with an environment (shading.Exp2),
// and finish (the environment and the sum). resolveBand takes a run of
// pixels at a time (shadeRun): surface for each, then the other phases
// for four pixels side by side (shading.Direct4, shading.Finish4) where
// those are assembly, or for each with the run's powers in one
// shading.PowN (and where lights are shadowed).
func (st *state) shade(sh *shadeTri, rx, ry, iz float64, colour bool) (n, col vec) {
	var s surf
	n, col, lit := st.surface(sh, rx, ry, iz, colour, &s)
	if !lit {
		return n, col
	}
	var (
		specLight [lightBatch]int32 // index in st.lights
		specW     [lightBatch]float32
		specNH    [lightBatch]float32
		pw        [lightBatch]float32
	)
	for base := 0; base < len(st.lights); base += lightBatch {
		batch := st.lights[base:min(base+lightBatch, len(st.lights))]
		ns := st.gatherLights(&s, batch, int32(base), specNH[:], specW[:], specLight[:])
		for j := 0; j < ns; j += 4 {
			// Four powers at a time (bit for bit Pow's); the lanes past
			// ns hold what the arrays held and are not used.
			pw[j], pw[j+1], pw[j+2], pw[j+3] = shading.Pow4(specNH[j], specNH[j+1], specNH[j+2], specNH[j+3], s.exp)
		}
		st.addSpecular(&s, specLight[:ns], specW[:ns], pw[:ns])
	}
	var e float32
	if st.hasEnv {
		e = shading.Exp2(s.envArg())
	}
	return n, st.finish(&s, e)
}

// surf is one lit sample between the phases of shading: the inputs of
// the lighting, as surface sets them, and its sums over the lights.
type surf struct {
	p    vec // camera-frame position
	ln   vec // the normal lit: the label normal, or the normal map's
	view vec // unit vector to the camera, when exp != 0 or there is an environment
	alb  vec // the colour c
	amb  vec // ambient light, times the ambient occlusion
	emis vec
	// The metallic factor, roughness, Blinn-Phong exponent, lobe
	// normalisation and ambient occlusion at the point.
	metallic, rough, exp, norm, occ float32
	// ed and es are Σ E·(N·L) and Σ E·(N·L)·(N·H)^exp over the lights
	// (E·(N·L) for es when exp is 0).
	ed, es vec
}

// surface is shading's first phase: the perspective-correct
// barycentrics, the position and the label normal n of the sample of sh
// whose ray is (rx, ry, 1) and whose 1/z is iz, then, when colour is set,
// the material at that point. When the colour needs no lighting (colour
// not set, or an unlit material) it is col and lit is false; otherwise
// lit is true and s holds the lighting's inputs.
func (st *state) surface(sh *shadeTri, rx, ry, iz float64, colour bool, s *surf) (n, col vec, lit bool) {
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
		n = sh.nflat // what the case below gives, computed once in objRec.gather
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
		return n, col, false
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
		return n, alb, false
	}
	// Field by field: the compiler builds a composite literal on the
	// stack and then copies it (2% of a shelves sample's CPU).
	s.p, s.ln, s.alb, s.amb, s.emis = p, n, alb, st.ambient, mt.emissive
	s.metallic, s.rough, s.exp, s.norm, s.occ = mt.metallic, mt.rough, mt.exp, mt.norm, 1
	s.view, s.ed, s.es = vec{}, vec{}, vec{}
	if mt.extra {
		st.textured(sh, mt, s, u, v, lb, lc)
	}
	if s.exp != 0 || st.hasEnv {
		s.view, _ = p.scale(-1).normalize()
	}
	return n, col, true
}

// textured applies a material's textures other than the base colour's
// (package render/shading, "Textures") to s: the metallic factor,
// exponent, ambient occlusion, emission and lit normal taken per point.
// It is apart from surface so that the common path keeps its registers.
// (u, v) are the texture coordinates, (lb, lc) the barycentric weights of
// vertices 1 and 2.
func (st *state) textured(sh *shadeTri, mt *matRec, s *surf, u, v, lb, lc float32) {
	if mt.hasMR {
		c := mt.mr.sample(u, v)
		s.metallic *= c.z
		s.rough *= c.y
		s.exp = shading.SpecularExponent(s.rough)
		s.norm = shading.LobeNorm(s.exp)
	}
	if mt.hasOcc {
		s.occ = 1 + mt.occStrength*(mt.occ.sample(u, v).x-1)
		s.amb = s.amb.scale(s.occ)
	}
	if mt.hasEmis {
		s.emis = s.emis.mul(mt.emis.sample(u, v))
	}
	if mt.hasNormal {
		switch {
		case sh.flags&hasVertexTangent != 0:
			t, w := shading.VertexTangent(toShading(sh.tv[0]), toShading(sh.tv[1]), toShading(sh.tv[2]),
				sh.tvw, lb, lc)
			s.ln = fromShading(shading.PerturbNormal(toShading(s.ln), t, w, toShading(mt.normal.sample(u, v)), mt.normalScale))
		case sh.flags&hasTangent != 0:
			pn := shading.PerturbNormal(toShading(s.ln), toShading(sh.t), sh.tw, toShading(mt.normal.sample(u, v)), mt.normalScale)
			s.ln = fromShading(pn)
		}
	}
}

// gatherLights is shading's second phase over lights (a run of st.lights
// starting at index base): it adds each light's E·(N·L) to s.ed, E
// including the light's attenuation and shadow, and, for a specular
// material, writes the N·H of each light that reaches the point's lobe,
// its weight E·(N·L) and its index in st.lights to nh, w and li, and
// returns how many it wrote (at most len(lights)); with exp = 0 it adds
// E·(N·L) to s.es instead and writes none. The powers (N·H)^exp no
// longer depend on one another, so the caller takes them together
// (shading.Pow4, shading.PowN) and adds them with addSpecular, in light
// order, so the sums are bit-identical to one loop over the lights.
func (st *state) gatherLights(s *surf, lights []lightRec, base int32, nh, w []float32, li []int32) int {
	p, n, view, exp := s.p, s.ln, s.view, s.exp
	ed, es := s.ed, s.es
	ns := 0
	for i := range lights {
		l := &lights[i]
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
		wt := nl * att
		if l.shadow != nil {
			if wt *= l.shadow.lightFactor(p, n); wt == 0 {
				continue
			}
		}
		ed = ed.madd(l.rad, wt)
		if exp == 0 {
			es = es.madd(l.rad, wt)
			continue
		}
		h, ok := dir.add(view).normalize()
		if d := n.dot(h); ok && d > 0 {
			nh[ns], w[ns], li[ns] = d, wt, base+int32(i)
			ns++
		}
	}
	s.ed, s.es = ed, es
	return ns
}

// addSpecular adds the specular terms that gatherLights collected, with their
// powers pw, to s.es in order.
func (st *state) addSpecular(s *surf, li []int32, w, pw []float32) {
	es := s.es
	for k, i := range li {
		es = es.madd(st.lights[i].rad, w[k]*pw[k])
	}
	s.es = es
}

// finish is shading's last phase: the environment's terms and the sum of
// the model (diffuse and specular irradiance are summed separately and
// weighted once at the end). With an environment, e is EnvBRDF's
// exponential at the point, Exp2(s.envArg()), which shade takes by
// itself and shadeRun for a run at once; without, e is not used. Where
// shading's lanes are assembly, runs with an environment take this phase
// in shading.Finish4 instead (laneRun).
func (st *state) finish(s *surf, e float32) vec {
	diff := s.alb.scale(1 - s.metallic)
	f0 := s.alb.scale(s.metallic).add(vec{shading.DielectricF0, shading.DielectricF0, shading.DielectricF0}.scale(1 - s.metallic))
	if st.hasEnv {
		ea, env := st.envTerms(s.ln, s.view, f0, s.amb, s.rough, s.occ, e)
		return diff.mul(ea.add(s.ed)).add(f0.mul(s.amb.add(s.es.scale(s.norm)))).add(env).add(s.emis)
	}
	return diff.mul(s.amb.add(s.ed)).add(f0.mul(s.amb.add(s.es.scale(s.norm)))).add(s.emis)
}

// envArg is the exponent of EnvBRDF's exponential at s
// (shading.EnvBRDFArg of N·V), for finish.
func (s *surf) envArg() float32 {
	return shading.EnvBRDFArg(toShading(s.ln).Dot(toShading(s.view)))
}

// envTerms returns what the environment light adds at a point, as
// shading.ShadeEnv computes it: the ambient light amb (already scaled by
// the ambient occlusion occ) plus the environment's irradiance, for the
// diffuse lobe, and the environment's specular reflection. n and view are
// the shading normal and view direction, f0 the specular reflectance and
// rough the roughness at the point, e the exponential of EnvBRDF there
// (shading.EnvBRDFExp).
func (st *state) envTerms(n, view, f0, amb vec, rough, occ, e float32) (diffuse, specular vec) {
	sn, sv := toShading(n), toShading(view)
	diffuse = amb.add(fromShading(st.env.Irradiance(sn).Scale(occ)))
	a, b := shading.EnvBRDFExp(rough, e)
	specular = fromShading(st.env.Reflection(sn, sv, rough)).mul(f0.scale(a).add(vec{b, b, b})).scale(occ)
	return diffuse, specular
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
