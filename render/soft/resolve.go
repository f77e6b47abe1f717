package soft

import (
	"github.com/go-gl/mathgl/mgl32"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/shading"
)

// shadeRec returns the shading record of visibility key k (non-zero).
func (st *state) shadeRec(k uint32) *shadeTri {
	k--
	return &st.chunks[k>>chunkShift].sh[k&chunkMask]
}

// resolveBand turns the label-pass visibility of band b into ids, depth
// and normals, and into colour when colour is set (no supersampling).
// Each pixel is shaded once, whatever the overdraw.
func (st *state) resolveBand(w *bandScratch, b int, f *render.Frame, colour bool) {
	pi := &st.passes[0]
	W := st.cam.w
	y0 := b * bandRows
	y1 := min(y0+bandRows, st.cam.h)
	run := &w.run
	if colour {
		run.reserve(len(st.lights))
	}
	m := 0 // lit pixels of the row waiting in run
	for y := y0; y < y1; y++ {
		src := (y - y0) * W
		zrow := w.z[src : src+W]
		krow := w.k[src : src+W]
		dst := y * W
		ids := f.IDs[dst : dst+W]
		depth := f.Depth[dst : dst+W]
		normals := f.Normals[dst : dst+W]
		pix := f.Color.Pix[y*f.Color.Stride : y*f.Color.Stride+4*W]
		ry := pi.ry[y]
		for x, k := range krow {
			px := pix[4*x : 4*x+4 : 4*x+4]
			if k == 0 {
				ids[x], depth[x], normals[x] = 0, 0, mgl32.Vec3{}
				if colour {
					if st.hasSky {
						c := st.background(pi.rx[x], ry)
						px[0], px[1], px[2], px[3] = encodeSRGB(c.x), encodeSRGB(c.y), encodeSRGB(c.z), 255
					} else { // the same, encoded once per render
						px[0], px[1], px[2], px[3] = st.bgRGBA[0], st.bgRGBA[1], st.bgRGBA[2], 255
					}
				}
				continue
			}
			sh := st.shadeRec(k)
			iz := zrow[x]
			ids[x] = uint32(sh.obj) + 1
			depth[x] = float32(1 / iz)
			if !colour {
				n, _ := st.shade(sh, pi.rx[x], ry, iz, false)
				normals[x] = mgl32.Vec3{n.x, n.y, n.z}
				continue
			}
			n, c, lit := st.surface(sh, pi.rx[x], ry, iz, true, &run.s[m])
			normals[x] = mgl32.Vec3{n.x, n.y, n.z}
			if !lit {
				px[0], px[1], px[2], px[3] = encodeSRGB(c.x), encodeSRGB(c.y), encodeSRGB(c.z), 255
				continue
			}
			run.x[m] = int32(x)
			if m++; m == runMax {
				st.shadeRun(run, m)
				run.write(m, pix)
				m = 0
			}
		}
		if m > 0 {
			st.shadeRun(run, m)
			run.write(m, pix)
			m = 0
		}
	}
}

// runMax is how many lit pixels of a row shadeRun takes at a time.
const runMax = 64

// runScratch is the scratch of shadeRun: the lit pixels of a run, each
// after surface, and the specular terms gatherLights collects for them.
type runScratch struct {
	x   [runMax]int32 // each pixel's column
	s   [runMax]surf
	col [runMax]vec   // each pixel's linear colour, once shaded
	end [runMax]int32 // pixel i's specular terms end at end[i] (start at end[i-1], or 0)
	// With an environment and no lanes, each pixel's EnvBRDF exponent
	// (surf.envArg) and its Exp2.
	t, e [runMax]float32
	// laneRun's groups of four pixels side by side.
	q [runMax / 4]shading.Lanes4
	// lanes says that shadeRun left the run's colours in q's Col (with
	// the environment and lanes), not in col.
	lanes bool
	// The specular terms, runMax·len(st.lights) of room: N·H, the
	// exponent, the weight E·(N·L), the light's index, the power.
	nh, exp, w, pw []float32
	li             []int32
}

// reserve makes room in r for the specular terms of runMax pixels lit by
// lights lights.
func (r *runScratch) reserve(lights int) {
	n := runMax * lights
	r.nh, r.exp, r.w, r.pw = resize(r.nh, n), resize(r.exp, n), resize(r.w, n), resize(r.pw, n)
	r.li = resize(r.li, n)
}

// colour returns the linear colour shadeRun gave pixel i of the run.
func (r *runScratch) colour(i int) vec {
	if r.lanes {
		c := &r.q[i/4].Col
		return vec{c[0][i%4], c[1][i%4], c[2][i%4]}
	}
	return r.col[i]
}

// write encodes the colours of the first m pixels of r to sRGB in their
// columns of the image row pix: from the lanes' Col where shadeRun left
// them there (writeLanes), else from r.col.
func (r *runScratch) write(m int, pix []uint8) {
	if r.lanes {
		writeLanes(pix, r.x[:], r.q[:], m)
		return
	}
	for i, x := range r.x[:m] {
		c := r.col[i]
		px := pix[4*x : 4*x+4 : 4*x+4]
		px[0], px[1], px[2], px[3] = encodeSRGB(c.x), encodeSRGB(c.y), encodeSRGB(c.z), 255
	}
}

// shadeRun finishes the shading of the m lit samples of r (surface done)
// into r.col. Where shading's lanes are assembly (shading.LanesAssembly),
// laneRun takes four pixels side by side: the lights' sums when no light
// is shadowed (else gatherRun first, a pixel at a time with the run's
// powers in one call) and, with an environment, the model's sum.
// Otherwise, and for shadowed lights without an environment, gatherRun
// takes the lights, the EnvBRDF exponentials of the run are taken in one
// shading.Exp2N, and finish takes each pixel's sum. The same float32
// operations as shade's, in the same order: the same bits
// (TestShadeRunMatchesShade; CI's purego step runs the scalar path).
func (st *state) shadeRun(r *runScratch, m int) {
	r.lanes = false
	shadowed := len(st.shadows) != 0
	if shading.LanesAssembly && (!shadowed || st.hasEnv) {
		if shadowed {
			st.gatherRun(r, m)
		}
		st.laneRun(r, m, !shadowed)
		return
	}
	st.gatherRun(r, m)
	if st.hasEnv {
		for i := range m {
			r.t[i] = r.s[i].envArg()
		}
		shading.Exp2N(r.e[:m], r.t[:m])
	}
	for i := range m {
		r.col[i] = st.finish(&r.s[i], r.e[i])
	}
}

// gatherRun is shadeRun's lights phase a pixel at a time (with shadow
// maps, or where shading's lanes are not assembly): gatherLights for
// every pixel, the specular powers of the whole run in one
// shading.PowN (independent of one another, so the processor overlaps
// them, where one pixel's few powers are a chain of dependent
// multiply-adds), then addSpecular for every pixel.
func (st *state) gatherRun(r *runScratch, m int) {
	off := 0
	for i := range m {
		s := &r.s[i]
		ns := st.gatherLights(s, st.lights, 0, r.nh[off:], r.w[off:], r.li[off:])
		for j := off; j < off+ns; j++ {
			r.exp[j] = s.exp
		}
		off += ns
		r.end[i] = int32(off)
	}
	shading.PowN(r.pw[:off], r.nh[:off], r.exp[:off])
	start := int32(0)
	for i := range m {
		s := &r.s[i]
		end := r.end[i]
		st.addSpecular(s, r.li[start:end], r.w[start:end], r.pw[start:end])
		start = end
	}
}

// laneRun shades the m lit pixels of r in the lanes of r.q, four pixels
// a group: the lights' sums of every group by shading.Direct4 when
// lights is set (no light is shadowed; else gatherRun has taken them),
// then, with an environment, the reflections of every group by
// shading.Reflect4 and the model's sums by shading.Finish4; without,
// finish for each pixel. fillLanes fills whole groups: the lanes past m
// in the last group hold the surfs left there by an earlier run (or
// zeros); lanes do not affect one another, and their results are not
// used.
func (st *state) laneRun(r *runScratch, m int, lights bool) {
	env := &st.env
	groups := r.q[:(m+3)/4]
	fillLanes(&groups[0], &r.s[0], len(groups))
	if st.hasEnv {
		shading.Reflect4(groups, env)
	}
	if lights {
		shading.Direct4(groups, st.camLights)
	}
	if st.hasEnv {
		shading.Finish4(groups, env)
		r.lanes = true // write takes the colours from the lanes
		return
	}
	for g := range groups {
		q := &groups[g]
		for j := range min(4, m-4*g) {
			s := &r.s[4*g+j]
			s.ed = vec{q.Ed[0][j], q.Ed[1][j], q.Ed[2][j]}
			s.es = vec{q.Es[0][j], q.Es[1][j], q.Es[2][j]}
			r.col[4*g+j] = st.finish(s, 0)
		}
	}
}

// resolveSamples shades the colour sub-samples of band b and writes their
// linear average, encoded to sRGB, to the colour image.
func (st *state) resolveSamples(w *bandScratch, b int, f *render.Frame) {
	pi := &st.passes[1]
	s := pi.scale
	W := st.cam.w
	y0 := b * bandRows
	y1 := min(y0+bandRows, st.cam.h)
	gy0 := b * pi.rows
	inv := 1 / float32(s*s)
	for y := y0; y < y1; y++ {
		pix := f.Color.Pix[y*f.Color.Stride : y*f.Color.Stride+4*W]
		for x := range W {
			var sum vec
			for j := range s {
				gy := y*s + j
				row := (gy - gy0) * pi.w
				for i := range s {
					gx := x*s + i
					k := w.k[row+gx]
					var c vec
					if k != 0 {
						_, c = st.shade(st.shadeRec(k), pi.rx[gx], pi.ry[gy], w.z[row+gx], true)
					} else {
						c = st.background(pi.rx[gx], pi.ry[gy])
					}
					sum = sum.add(c)
				}
			}
			px := pix[4*x : 4*x+4 : 4*x+4]
			px[0], px[1], px[2], px[3] = encodeSRGB(sum.x*inv), encodeSRGB(sum.y*inv), encodeSRGB(sum.z*inv), 255
		}
	}
}

// background is the linear colour of a sample no object covers, at
// normalised image coordinates (rx, ry): the environment along the
// camera-frame ray (rx, ry, 1) when it is drawn behind the scene
// (shading.EnvLight.Background), else Scene.Background.
func (st *state) background(rx, ry float64) vec {
	if !st.hasSky {
		return st.bg
	}
	c, _ := st.env.Background(shading.Vec3{X: float32(rx), Y: float32(ry), Z: 1})
	return fromShading(c)
}
