package shading

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// TestDirect4Layout checks the offsets of Lanes4, Light, EnvLight, EnvMap
// and CubeLevel that pow4_amd64.s's direct4 and finish4 and
// reflect_amd64.s's reflect4 are written for.
func TestDirect4Layout(t *testing.T) {
	var q Lanes4
	var l Light
	var e EnvLight
	var m EnvMap
	var c CubeLevel
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"Lanes4.P", unsafe.Offsetof(q.P), 0},
		{"Lanes4.N", unsafe.Offsetof(q.N), 48},
		{"Lanes4.V", unsafe.Offsetof(q.V), 96},
		{"Lanes4.Exp", unsafe.Offsetof(q.Exp), 144},
		{"Lanes4.Ed", unsafe.Offsetof(q.Ed), 160},
		{"Lanes4.Es", unsafe.Offsetof(q.Es), 208},
		{"Light.Point", unsafe.Offsetof(l.Point), 0},
		{"Light.Dir", unsafe.Offsetof(l.Dir), 4},
		{"Light.Pos", unsafe.Offsetof(l.Pos), 16},
		{"Light.Rad", unsafe.Offsetof(l.Rad), 40},
		{"sizeof(Light)", unsafe.Sizeof(l), 64},
		{"Lanes4.Alb", unsafe.Offsetof(q.Alb), 256},
		{"Lanes4.Amb", unsafe.Offsetof(q.Amb), 304},
		{"Lanes4.Emis", unsafe.Offsetof(q.Emis), 352},
		{"Lanes4.R", unsafe.Offsetof(q.R), 400},
		{"Lanes4.Col", unsafe.Offsetof(q.Col), 448},
		{"Lanes4.Metallic", unsafe.Offsetof(q.Metallic), 496},
		{"Lanes4.Rough", unsafe.Offsetof(q.Rough), 512},
		{"Lanes4.Occ", unsafe.Offsetof(q.Occ), 528},
		{"Lanes4.Norm", unsafe.Offsetof(q.Norm), 544},
		{"sizeof(Lanes4)", unsafe.Sizeof(q), 560},
		{"EnvLight.Scale", unsafe.Offsetof(e.Scale), 8},
		{"EnvLight.Irr", unsafe.Offsetof(e.Irr), 12},
		{"EnvLight.Map", unsafe.Offsetof(e.Map), 0},
		{"EnvLight.ToMap", unsafe.Offsetof(e.ToMap), 132},
		{"EnvMap.Levels", unsafe.Offsetof(m.Levels), 112},
		{"CubeLevel.Size", unsafe.Offsetof(c.Size), 0},
		{"CubeLevel.Faces", unsafe.Offsetof(c.Faces), 8},
		{"sizeof(CubeLevel)", unsafe.Sizeof(c), 152},
		{"sizeof([]float32)", unsafe.Sizeof(c.Faces[0]), 24},
	} {
		if c.got != c.want {
			t.Errorf("%s at %d, direct4 takes it at %d", c.name, c.got, c.want)
		}
	}
}

// randUnit returns a random unit vector, uniform on the sphere.
func randUnit(r *rand.Rand) Vec3 {
	for {
		v := Vec3{float32(r.NormFloat64()), float32(r.NormFloat64()), float32(r.NormFloat64())}
		if u, ok := v.Normalize(); ok {
			return u
		}
	}
}

// TestDirect4MatchesShade checks that every lane of Direct4 sums, bit for
// bit, what ShadeEnv's loop over the lights (direct, one point at a time)
// sums: random points, normals, views and exponents (0 among them) under
// mixes of point and directional lights, and the edges where the Go code
// skips a light: a point light at the point (d² = 0), infinitely far
// (d² = +Inf), NaN positions, normals facing away (N·L <= 0), L+V zero
// (no half vector), N·H <= 0, and lanes with a zero normal, which get
// nothing. Starting sums are random, infinite radiances among them.
func TestDirect4MatchesShade(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	unit := func() Vec3 { return randUnit(r) }
	exps := []float32{0, 0, 1e-3, 0.5, 6.3, 30, 131, 2220}
	light := func(k int) Light {
		l := Light{Rad: Vec3{r.Float32() * 3, r.Float32() * 3, r.Float32() * 3}}
		switch k % 7 {
		case 0, 1, 2:
			l.Point = true
			l.Pos = [3]float64{r.NormFloat64() * 3, r.NormFloat64() * 3, r.NormFloat64()*3 - 2}
		case 3:
			l.Point = true // moved onto a point below, or far
			l.Pos = [3]float64{math.Inf(1), 0, 0}
			if r.IntN(2) == 0 {
				l.Pos = [3]float64{1e200, 1e200, 1e200} // d² overflows to +Inf
			}
		case 4:
			l.Point = true
			l.Pos = [3]float64{math.NaN(), 1, 1}
		default:
			l.Dir = unit()
			if r.IntN(8) == 0 {
				l.Rad.Y = float32(math.Inf(1))
			}
		}
		return l
	}
	mismatches, lit, lobes := 0, 0, 0
	rounds := 20000
	if testing.Short() {
		rounds = 3000
	}
	for round := range rounds {
		lights := make([]Light, 1+r.IntN(9))
		for i := range lights {
			lights[i] = light(r.IntN(7))
		}
		// One to three groups (Direct4 runs each light over every
		// group), and now and then 15 to 40 (the assembly takes 16 at a
		// time in two passes).
		ng := 1 + r.IntN(3)
		if round%50 == 0 {
			ng = 15 + r.IntN(26)
		}
		qs := make([]Lanes4, ng)
		groups := make([][4]struct{ p, n, v, ed, es Vec3 }, len(qs))
		for g := range qs {
			q, pts := &qs[g], &groups[g]
			for k := range 4 {
				p := Vec3{float32(r.NormFloat64()), float32(r.NormFloat64()), 2 + 3*r.Float32()}
				n := unit()
				v := ViewDir(p)
				switch r.IntN(12) {
				case 0:
					n = Vec3{} // a lane a caller leaves empty
				case 1:
					v = n.Scale(-1) // L+V may vanish for a light along N
					lights[0] = Light{Dir: n, Rad: Vec3{1, 1, 1}}
				case 2:
					if lights[0].Point { // the light at the point: d² = 0
						lights[0].Pos = [3]float64{float64(p.X), float64(p.Y), float64(p.Z)}
					}
				}
				ed := Vec3{r.Float32(), r.Float32(), r.Float32()}
				es := Vec3{r.Float32(), r.Float32(), r.Float32()}
				if round%5 == 0 {
					ed, es = Vec3{}, Vec3{}
				}
				pts[k] = struct{ p, n, v, ed, es Vec3 }{p, n, v, ed, es}
				q.Exp[k] = exps[r.IntN(len(exps))]
			}
			for k, pt := range pts {
				q.P[0][k], q.P[1][k], q.P[2][k] = pt.p.X, pt.p.Y, pt.p.Z
				q.N[0][k], q.N[1][k], q.N[2][k] = pt.n.X, pt.n.Y, pt.n.Z
				q.V[0][k], q.V[1][k], q.V[2][k] = pt.v.X, pt.v.Y, pt.v.Z
				q.Ed[0][k], q.Ed[1][k], q.Ed[2][k] = pt.ed.X, pt.ed.Y, pt.ed.Z
				q.Es[0][k], q.Es[1][k], q.Es[2][k] = pt.es.X, pt.es.Y, pt.es.Z
			}
		}
		Direct4(qs, lights)
		for g := range qs {
			q, pts := &qs[g], groups[g]
			for k, pt := range pts {
				ed, es := direct(pt.p, pt.n, pt.v, q.Exp[k], lights, nil, pt.ed, pt.es)
				got := [6]float32{q.Ed[0][k], q.Ed[1][k], q.Ed[2][k], q.Es[0][k], q.Es[1][k], q.Es[2][k]}
				want := [6]float32{ed.X, ed.Y, ed.Z, es.X, es.Y, es.Z}
				if got[0] != pt.ed.X {
					lit++
				}
				if q.Exp[k] != 0 && got[3] != pt.es.X {
					lobes++
				}
				if pt.n == (Vec3{}) && got != [6]float32{pt.ed.X, pt.ed.Y, pt.ed.Z, pt.es.X, pt.es.Y, pt.es.Z} {
					t.Fatalf("round %d lane %d: a zero normal got light: %v", round, k, got)
				}
				for c := range got {
					if !sameFloat(got[c], want[c]) {
						if mismatches++; mismatches <= 10 {
							t.Errorf("round %d lane %d sum %d: Direct4 %g (%#08x), ShadeEnv's loop %g (%#08x); exp %g, %d lights",
								round, k, c, got[c], math.Float32bits(got[c]), want[c], math.Float32bits(want[c]), q.Exp[k], len(lights))
						}
					}
				}
			}

		}
	}
	if mismatches > 0 {
		t.Errorf("%d sums differ", mismatches)
	}
	// The cases must be met, or the comparison proves little.
	if lit < rounds || lobes < rounds/2 {
		t.Errorf("only %d lit lanes and %d with a specular term in %d rounds", lit, lobes, rounds)
	}
}

// sameFloat reports whether a and b have the same bits or are both NaN:
// which operand's NaN an operation passes on depends on the operand
// order the compiler picks (Go does not specify it), and no output byte
// depends on it (the sRGB encodings map every NaN to 0).
func sameFloat(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || a != a && b != b
}

// TestDirect4NoLights checks that Direct4 with no lights leaves q alone.
func TestDirect4NoLights(t *testing.T) {
	q := Lanes4{Exp: [4]float32{1, 2, 3, 4}}
	q.Ed[1][2] = 5
	want := q
	qs := []Lanes4{q}
	Direct4(qs, nil)
	Direct4(nil, []Light{{Dir: Vec3{0, 0, 1}}})
	q = qs[0]
	if q != want {
		t.Errorf("Direct4 with no lights changed q: %+v", q)
	}
}

// TestReflect4MatchesPrefiltered checks that every lane of Reflect4 is,
// bit for bit, Prefiltered about ReflectDir: random normals (unit, not
// unit, zero) and views under random map rotations, and views crafted
// (with N = +z and ToMap the identity, R is exactly (−V.x, −V.y, V.z)) to
// reflect along axes, cube edges and corners (ties of |d|'s components),
// with zero and negative zero components, subnormal ones, and to
// overflow; NaN components; roughness
// random, at the levels, outside [0, 1] and NaN.
func TestReflect4MatchesPrefiltered(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	f := func(lo, hi float64) float32 { return float32(lo + (hi-lo)*r.Float64()) }
	unit := func() Vec3 { return randUnit(r) }
	maps := []*EnvMap{
		PrepareEnv(envFrom(32, func(d [3]float64) [3]float64 {
			return [3]float64{0.5 + 0.5*d[0], math.Abs(d[1]) * 3, math.Max(0, d[2]) * 40}
		})),
		PrepareEnv(envFrom(16, func(d [3]float64) [3]float64 {
			return [3]float64{1e6 * math.Max(0, d[1]), 0, 1e-20}
		})),
	}
	crafted := []Vec3{{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1},
		{1, 1, 0}, {1, -1, 0}, {-1, 1, 0}, {0, 1, 1}, {0, -1, -1}, {1, 0, 1}, {-1, 0, -1},
		{1, 1, 1}, {-1, -1, -1}, {1, -1, 1}, {-1, 1, -1}, {0.5, 0.5, -0.5},
		{0, 0, 0}, {float32(math.Copysign(0, -1)), 1, float32(math.Copysign(0, -1))},
		{3e38, 3e38, 3e38}, {3e38, 1, 0}, {1e-30, 1e-30, 1e-30},
		{1e-40, 0, 0}, {1e-40, 1e-41, 1e-41}, {1e-39, 0, 0}, {2e-39, 1e-39, 0}} // subnormal: ½/ma overflows
	rough := []float32{0, 0.25, 0.5, 0.75, 1, -0.1, 1.5, float32(math.NaN()), 1e-7, 0.9999999}
	rounds := 40000
	if testing.Short() {
		rounds = 4000
	}
	mismatches, looked := 0, 0
	for round := range rounds {
		e := &EnvLight{Map: maps[round%len(maps)], Scale: 1}
		craft := round%3 == 0
		if craft {
			e.ToMap = [9]float32{1, 0, 0, 0, 1, 0, 0, 0, 1}
		} else {
			for k := range e.ToMap {
				e.ToMap[k] = f(-1, 1)
			}
		}
		var q Lanes4
		for k := range 4 {
			set := func(a *[3][4]float32, v Vec3) { a[0][k], a[1][k], a[2][k] = v.X, v.Y, v.Z }
			n, v := unit(), unit()
			switch {
			case craft:
				d := crafted[r.IntN(len(crafted))]
				n, v = Vec3{0, 0, 1}, Vec3{-d.X, -d.Y, d.Z}
			case r.IntN(8) == 0:
				n = n.Scale(f(0, 3))
			case r.IntN(20) == 0:
				n = Vec3{}
			case r.IntN(30) == 0:
				v.Y = float32(math.NaN())
			}
			set(&q.N, n)
			set(&q.V, v)
			q.Rough[k] = f(-0.2, 1.2)
			if r.IntN(3) == 0 {
				q.Rough[k] = rough[r.IntN(len(rough))]
			}
			set(&q.R, Vec3{-1, -1, -1})
		}
		want := []Lanes4{q}
		reflect4Go(want, e)
		// Twice over, in two groups: the assembly's loop over groups.
		qs := []Lanes4{q, q}
		Reflect4(qs, e)
		for k := range 4 {
			if want[0].R[0][k] != 0 {
				looked++
			}
			for c := range 3 {
				g, w := qs[0].R[c][k], want[0].R[c][k]
				if !sameFloat(g, w) || !sameFloat(qs[1].R[c][k], w) {
					if mismatches++; mismatches <= 10 {
						t.Errorf("round %d lane %d channel %d: Reflect4 %g (%#08x) and %g, Prefiltered %g (%#08x); N %v V %v rough %g",
							round, k, c, g, math.Float32bits(g), qs[1].R[c][k], w, math.Float32bits(w),
							[3]float32{q.N[0][k], q.N[1][k], q.N[2][k]}, [3]float32{q.V[0][k], q.V[1][k], q.V[2][k]}, q.Rough[k])
					}
				}
			}
		}
	}
	if mismatches > 0 {
		t.Errorf("%d mismatching channels", mismatches)
	}
	if looked < rounds {
		t.Errorf("only %d lanes of %d rounds made a lookup", looked, rounds)
	}
	t.Logf("%d rounds, %d lanes with a lookup", rounds, looked)
}

// TestFinish4MatchesShade checks that every lane of Finish4 is, bit for
// bit, ShadeEnv's sum after its lights (envSum): random normals, views
// (N·V below 0 and above 1 among them), colours, metallic factors,
// roughness outside [0, 1], occlusion, sums and reflections, with
// irradiance polynomials that go negative (clamped at 0) and a NaN
// coefficient now and then (Go's max keeps NaN, MAXPS does not).
func TestFinish4MatchesShade(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	f := func(lo, hi float64) float32 { return float32(lo + (hi-lo)*r.Float64()) }
	unit := func() Vec3 { return randUnit(r) }
	rounds := 50000
	if testing.Short() {
		rounds = 5000
	}
	mismatches, clamped, nans := 0, 0, 0
	for round := range rounds {
		e := &EnvLight{Scale: f(0, 3)}
		for k := range e.Irr {
			e.Irr[k] = Vec3{f(-1, 1), f(-1, 1), f(-1, 1)}
		}
		if round%97 == 0 {
			e.Irr[r.IntN(10)].Y = float32(math.NaN())
		}
		var q Lanes4
		for k := range 4 {
			set := func(a *[3][4]float32, v Vec3) { a[0][k], a[1][k], a[2][k] = v.X, v.Y, v.Z }
			n := unit()
			v := unit()
			if r.IntN(4) == 0 {
				v = n // N·V = 1, or a rounding above
			}
			set(&q.N, n)
			set(&q.V, v)
			set(&q.Alb, Vec3{f(0, 1), f(0, 1), f(0, 1)})
			set(&q.Amb, Vec3{f(0, 0.5), f(0, 0.5), f(0, 0.5)})
			set(&q.Emis, Vec3{f(0, 0.2), 0, f(0, 0.2)})
			set(&q.Ed, Vec3{f(0, 4), f(0, 4), f(0, 4)})
			set(&q.Es, Vec3{f(0, 4), f(0, 4), f(0, 4)})
			set(&q.R, Vec3{f(0, 10), f(0, 10), f(0, 10)})
			q.Metallic[k], q.Rough[k], q.Occ[k], q.Norm[k] = f(0, 1), f(-0.2, 1.2), f(0, 1), f(1, 300)
			if r.IntN(6) == 0 {
				q.Metallic[k], q.Rough[k] = float32(r.IntN(2)), float32(r.IntN(2))
			}
		}
		// Twice over, in two groups: the assembly's loop over groups.
		qs := []Lanes4{q, q}
		ws := []Lanes4{q}
		finish4Go(ws, e)
		want := ws[0]
		Finish4(qs, e)
		for c := range 3 {
			for k := range 4 {
				if !sameFloat(qs[1].Col[c][k], qs[0].Col[c][k]) {
					t.Fatalf("round %d: Finish4 gave two groups of the same lanes different results", round)
				}
			}
		}
		q = qs[0]
		for k := range 4 {
			for c := range 3 {
				g, w := q.Col[c][k], want.Col[c][k]
				if w != w {
					nans++
				}
				if !sameFloat(g, w) {
					if mismatches++; mismatches <= 10 {
						t.Errorf("round %d lane %d channel %d: Finish4 %g (%#08x), envSum %g (%#08x)", round, k, c,
							g, math.Float32bits(g), w, math.Float32bits(w))
					}
				}
			}
			if e.Irradiance(Vec3{q.N[0][k], q.N[1][k], q.N[2][k]}).X == 0 {
				clamped++
			}
		}
	}
	if mismatches > 0 {
		t.Errorf("%d channels differ", mismatches)
	}
	if clamped < rounds/10 || nans == 0 {
		t.Errorf("only %d lanes with a clamped irradiance and %d NaN channels in %d rounds", clamped, nans, rounds)
	}
}

// benchLanes returns 256 groups of four lit points like a shelf's: unit
// normals facing the camera, views, colours, Blinn-Phong exponents of
// rough to glossy packaging, and two point lights and a directional one.
func benchLanes() ([]Lanes4, []Light, *EnvLight) {
	r := rand.New(rand.NewPCG(7, 8))
	qs := make([]Lanes4, 256)
	for i := range qs {
		q := &qs[i]
		for k := range 4 {
			p := Vec3{float32(r.NormFloat64() * 0.3), float32(r.NormFloat64() * 0.3), 1 + r.Float32()}
			n, _ := Vec3{float32(r.NormFloat64() * 0.3), float32(r.NormFloat64() * 0.3), -1}.Normalize()
			v := ViewDir(p)
			for c, x := range [3]float32{p.X, p.Y, p.Z} {
				q.P[c][k] = x
			}
			for c, x := range [3]float32{n.X, n.Y, n.Z} {
				q.N[c][k] = x
			}
			for c, x := range [3]float32{v.X, v.Y, v.Z} {
				q.V[c][k] = x
			}
			for c := range 3 {
				q.Alb[c][k], q.Amb[c][k], q.R[c][k] = r.Float32(), 0.05, 2*r.Float32()
			}
			q.Exp[k] = []float32{0, 6.3, 30, 131}[r.IntN(4)]
			q.Metallic[k], q.Rough[k], q.Occ[k], q.Norm[k] = 0, r.Float32(), 1, (q.Exp[k]+8)/8
		}
	}
	lights := []Light{
		{Point: true, Pos: [3]float64{0.5, 1.2, 0.8}, Rad: Vec3{3, 3, 2.8}},
		{Point: true, Pos: [3]float64{-0.7, 1.2, 0.9}, Rad: Vec3{3, 3, 2.8}},
	}
	d, _ := Vec3{0.2, 0.7, 0.6}.Normalize()
	lights = append(lights, Light{Dir: d, Rad: Vec3{0.8, 0.8, 0.8}})
	e := &EnvLight{Scale: 1.3}
	for k := range e.Irr {
		e.Irr[k] = Vec3{0.02 * float32(k), 0.03, 0.01}
	}
	return qs, lights, e
}

// BenchmarkDirect4 compares the lights' sums of 1,024 points by Direct4
// (four side by side) and by its one-lane-at-a-time Go version, under a
// shelf's three lights.
func BenchmarkDirect4(b *testing.B) {
	qs, lights, _ := benchLanes()
	for _, c := range []struct {
		name string
		f    func([]Lanes4, []Light)
	}{{"impl=go", direct4Go}, {"impl=direct4", Direct4}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				c.f(qs, lights)
			}
		})
	}
}

// BenchmarkFinish4 compares the model's sum with an environment at 1,024
// points by Finish4 and by its one-lane-at-a-time Go version.
func BenchmarkFinish4(b *testing.B) {
	qs, _, e := benchLanes()
	for _, c := range []struct {
		name string
		f    func([]Lanes4, *EnvLight)
	}{{"impl=go", finish4Go}, {"impl=finish4", Finish4}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				c.f(qs, e)
			}
		})
	}
}

// BenchmarkReflect4 compares Reflect4 with Prefiltered about ReflectDir
// a lane at a time, for 256 groups of view-coherent points under a
// 128×128-a-face map (the shelves store maps' size).
func BenchmarkReflect4(b *testing.B) {
	qs, _, e := benchLanes()
	e.Map = PrepareEnv(envFrom(128, func(d [3]float64) [3]float64 {
		l := 0.5 + 0.5*d[1]
		return [3]float64{l, l * l, 1 - l + 4*math.Max(0, d[0])}
	}))
	e.ToMap = [9]float32{1, 0, 0, 0, 1, 0, 0, 0, 1}
	for _, c := range []struct {
		name string
		f    func([]Lanes4, *EnvLight)
	}{{"impl=go", reflect4Go}, {"impl=reflect4", Reflect4}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				c.f(qs, e)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*4*len(qs)), "ns/point")
		})
	}
}
