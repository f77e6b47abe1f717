package shading

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// TestDirect4Layout checks the offsets of Lanes4 and Light that
// pow4_amd64.s's direct4 is written for.
func TestDirect4Layout(t *testing.T) {
	var q Lanes4
	var l Light
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
	} {
		if c.got != c.want {
			t.Errorf("%s at %d, direct4 takes it at %d", c.name, c.got, c.want)
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
	unit := func() Vec3 {
		for {
			v := Vec3{float32(r.NormFloat64()), float32(r.NormFloat64()), float32(r.NormFloat64())}
			if u, ok := v.Normalize(); ok {
				return u
			}
		}
	}
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
		var q Lanes4
		var pts [4]struct{ p, n, v, ed, es Vec3 }
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
		Direct4(&q, lights)
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
				if math.Float32bits(got[c]) != math.Float32bits(want[c]) {
					if mismatches++; mismatches <= 10 {
						t.Errorf("round %d lane %d sum %d: Direct4 %g (%#08x), ShadeEnv's loop %g (%#08x); exp %g, %d lights",
							round, k, c, got[c], math.Float32bits(got[c]), want[c], math.Float32bits(want[c]), q.Exp[k], len(lights))
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

// TestDirect4NoLights checks that Direct4 with no lights leaves q alone.
func TestDirect4NoLights(t *testing.T) {
	q := Lanes4{Exp: [4]float32{1, 2, 3, 4}}
	q.Ed[1][2] = 5
	want := q
	Direct4(&q, nil)
	if q != want {
		t.Errorf("Direct4 with no lights changed q: %+v", q)
	}
}
