package shading

import (
	"math"
	"sync"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// envFrom samples f (world direction → RGB radiance) at the texel centres
// of an equirectangular map of height h.
func envFrom(h int, f func(d [3]float64) [3]float64) *scene.Environment {
	e := &scene.Environment{Name: "test", Width: 2 * h, Height: h, Radiance: make([]float32, 6*h*h), Intensity: 1}
	for j := range h {
		for i := range 2 * h {
			c := f(scene.EnvironmentDirection((float64(i)+0.5)/float64(2*h), (float64(j)+0.5)/float64(h)))
			o := 3 * (j*2*h + i)
			e.Radiance[o], e.Radiance[o+1], e.Radiance[o+2] = float32(c[0]), float32(c[1]), float32(c[2])
		}
	}
	return e
}

// testDirs are unit directions spread over the sphere, including the axes
// and cube-face edges and corners.
func testDirs() []Vec3 {
	var out []Vec3
	for _, d := range [][3]float64{{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1},
		{1, 1, 0}, {1, -1, 1}, {-1, 1, 1}, {0.3, -0.8, 0.2}, {-0.5, 0.1, -0.9}, {0.05, 0.99, -0.1}} {
		l := math.Sqrt(d[0]*d[0] + d[1]*d[1] + d[2]*d[2])
		out = append(out, Vec3{float32(d[0] / l), float32(d[1] / l), float32(d[2] / l)})
	}
	return out
}

// TestEnvAnalytic checks irradiance and prefiltered radiance against
// closed forms for maps whose answers are known: a constant map (exact),
// a linear one L = a + b·ω_y and a quadratic one L = ω_y², for several
// camera poses and map rotations.
func TestEnvAnalytic(t *testing.T) {
	poses := map[string]mgl64.Mat4{
		"identity": mgl64.Ident4(),
		"look-at":  mgl64.LookAtV(mgl64.Vec3{1, 2, 3}, mgl64.Vec3{-1, 0.5, 0}, mgl64.Vec3{0, 1, 0}),
	}
	type want struct {
		irr  func(n [3]float64) [3]float64            // E(n)/π, world normal
		pref func(r [3]float64, s float64) [3]float64 // lobe mean about world R
	}
	cases := []struct {
		name string
		l    func(d [3]float64) [3]float64
		want want
		tol  float32
	}{
		{"constant", func([3]float64) [3]float64 { return [3]float64{0.2, 0.5, 1.5} }, want{
			func([3]float64) [3]float64 { return [3]float64{0.2, 0.5, 1.5} },
			func([3]float64, float64) [3]float64 { return [3]float64{0.2, 0.5, 1.5} },
		}, 2e-5},
		// ∫(a+b·ω_y)·max(0, n·ω)dω/π = a + (2/3)·b·n_y, and the Phong
		// lobe's mean of ω about R is R·(s+1)/(s+2).
		{"linear", func(d [3]float64) [3]float64 { return [3]float64{1 + d[1], 2 - d[1], 1} }, want{
			func(n [3]float64) [3]float64 { return [3]float64{1 + 2*n[1]/3, 2 - 2*n[1]/3, 1} },
			func(r [3]float64, s float64) [3]float64 {
				m := r[1] * (s + 1) / (s + 2)
				return [3]float64{1 + m, 2 - m, 1}
			},
		}, 4e-3},
		// ω_y² = 1/3 + (2/3)·P2(ω_y); the clamped cosine passes band 2 at
		// 1/4 of band 0: E/π = 1/3 + (3n_y² − 1)/12.
		{"quadratic", func(d [3]float64) [3]float64 { y2 := d[1] * d[1]; return [3]float64{y2, y2, y2} }, want{
			func(n [3]float64) [3]float64 { v := 1.0/3 + (3*n[1]*n[1]-1)/12; return [3]float64{v, v, v} }, nil,
		}, 4e-3},
	}
	for _, tc := range cases {
		for _, rot := range []float64{0, 1.1} {
			e := envFrom(128, func(d [3]float64) [3]float64 {
				// The map holds L at map directions; world = R_y(rot)·map.
				w := mgl64.Rotate3DY(rot).Mul3x1(mgl64.Vec3(d))
				return tc.l([3]float64(w))
			})
			e.Rotation = rot
			m := PrepareEnv(e)
			for pname, pose := range poses {
				el := NewEnvLight(m, pose, rot, 1)
				for _, d := range testDirs() {
					nw := [3]float64{float64(d.X), float64(d.Y), float64(d.Z)}
					nc := pose.Mat3().Mul3x1(mgl64.Vec3(nw))
					n := Vec3{float32(nc[0]), float32(nc[1]), float32(nc[2])}
					w := tc.want.irr(nw)
					if got := el.Irradiance(n); !nearVec(got, Vec3{float32(w[0]), float32(w[1]), float32(w[2])}, tc.tol) {
						t.Errorf("%s rot %v %s: irradiance at world n %v = %v, want %v", tc.name, rot, pname, nw, got, w)
					}
					if tc.want.pref == nil {
						continue
					}
					// A view along the normal reflects along it.
					for k := range EnvLevels {
						w := tc.want.pref(nw, EnvLobeExponent(k))
						// Level 0 is not prefiltered: the map itself.
						if k == 0 {
							w = tc.l(nw)
						}
						r := float32(k) / (EnvLevels - 1)
						// Bilinear filtering on faces of side fs misses a
						// function linear in the direction by up to its
						// amplitude times 1 − cos(half a texel diagonal),
						// twice for levels computed at fs and upsampled.
						tol := tc.tol
						if fs := envFilterSize[k]; k > 0 {
							tol += float32(2 * (1 - math.Cos(math.Atan(math.Sqrt2/float64(fs)))))
						}
						if got := el.Reflection(n, n, r); !nearVec(got, Vec3{float32(w[0]), float32(w[1]), float32(w[2])}, tol) {
							t.Errorf("%s rot %v %s: level %d at world R %v = %v, want %v", tc.name, rot, pname, k, nw, got, w)
						}
					}
				}
			}
		}
	}
}

// TestEnvReflectionDirection checks the mirror direction and the map's
// orientation: a small bright patch on the map's −Z axis, turned to −X by
// a rotation of π/2, is seen by a mirror facing the camera along −X only.
func TestEnvReflectionDirection(t *testing.T) {
	patch := func(d [3]float64) [3]float64 {
		if d[2] < -0.98 {
			return [3]float64{10, 10, 10}
		}
		return [3]float64{}
	}
	e := envFrom(64, patch)
	e.Rotation = math.Pi / 2
	m := PrepareEnv(e)
	el := NewEnvLight(m, mgl64.Ident4(), e.Rotation, 1)
	// With N = V the reflection is R = V: a mirror facing the camera
	// along −X sees the patch.
	for _, tc := range []struct {
		v      Vec3
		bright bool
	}{{Vec3{-1, 0, 0}, true}, {Vec3{1, 0, 0}, false}, {Vec3{0, 0, -1}, false}, {Vec3{0, 0, 1}, false}} {
		got := el.Reflection(tc.v, tc.v, 0)
		if (got.X > 5) != tc.bright {
			t.Errorf("mirror along %v sees %v, want bright=%v", tc.v, got, tc.bright)
		}
	}
	// R = 2(N·V)N − V: N = norm(V+R) reflects V into R.
	n2, _ := Vec3{0, 0, 1}.Add(Vec3{0, 0, 1}).Normalize()
	if got := el.Reflection(n2, Vec3{0, 0, 1}, 0); got.X > 5 {
		t.Errorf("mirror facing +Z sees the −X patch: %v", got)
	}
	n3, _ := Vec3{0, 0, 1}.Add(Vec3{-1, 0, 0}).Normalize()
	if got := el.Reflection(n3, Vec3{0, 0, 1}, 0); got.X < 5 {
		t.Errorf("mirror at 45° reflecting +Z to −X misses the patch: %v", got)
	}
}

// TestCubeFace checks the face selection against OpenGL's table of major
// axes and that cubeDir inverts it.
func TestCubeFace(t *testing.T) {
	for _, tc := range []struct {
		d    Vec3
		face int
		s, t float32
	}{
		{Vec3{1, 0, 0}, 0, 0.5, 0.5}, {Vec3{-1, 0, 0}, 1, 0.5, 0.5},
		{Vec3{0, 1, 0}, 2, 0.5, 0.5}, {Vec3{0, -1, 0}, 3, 0.5, 0.5},
		{Vec3{0, 0, 1}, 4, 0.5, 0.5}, {Vec3{0, 0, -1}, 5, 0.5, 0.5},
		{Vec3{1, 0.5, 0.5}, 0, 0.25, 0.25}, {Vec3{0.5, 1, 0.5}, 2, 0.75, 0.75},
		{Vec3{0.5, -0.5, 1}, 4, 0.75, 0.75}, {Vec3{0.5, -0.5, -1}, 5, 0.25, 0.75},
	} {
		f, s, tt, ok := CubeFace(tc.d)
		if !ok || f != tc.face || s != tc.s || tt != tc.t {
			t.Errorf("CubeFace(%v) = %d %v %v %v, want %d %v %v", tc.d, f, s, tt, ok, tc.face, tc.s, tc.t)
		}
	}
	for f := range 6 {
		for _, st := range [][2]float64{{0.5, 0.5}, {0.1, 0.8}, {0.95, 0.02}} {
			d := cubeDir(f, st[0], st[1])
			g, s, tt, _ := CubeFace(Vec3{float32(d[0]), float32(d[1]), float32(d[2])})
			if g != f || math.Abs(float64(s)-st[0]) > 1e-6 || math.Abs(float64(tt)-st[1]) > 1e-6 {
				t.Errorf("face %d at %v: direction %v comes back as face %d (%v, %v)", f, st, d, g, s, tt)
			}
		}
	}
	nan := float32(math.NaN())
	for _, d := range []Vec3{{}, {1e-40, 0, 0}, {1e-40, 1e-41, 1e-41}, {0, -1e-39, 5e-40},
		{1, nan, 0}, {0, 1, nan}, {nan, 0, 1}, {nan, nan, nan}, {float32(math.Inf(1)), 0, 0}} {
		// Zero, a subnormal major component (½/ma overflows), a NaN
		// minor one, an infinite one: no face coordinates (Prefiltered
		// and Sample return zero there; they used to index out of the
		// face for the subnormal and NaN directions).
		if f, s, tt, ok := CubeFace(d); ok {
			t.Errorf("CubeFace(%v) = %d %v %v, ok", d, f, s, tt)
		}
	}
	if _, _, _, ok := CubeFace(Vec3{2e-38, 1e-38, 0}); !ok {
		t.Error("CubeFace of a small normal direction is not ok")
	}
}

// TestEnvBRDF pins the analytic fit at a few points worked by hand from
// its coefficients.
func TestEnvBRDF(t *testing.T) {
	for _, tc := range []struct{ r, nv, a, b float32 }{
		// r = 0, n·v = 1: a004 = min(1, 2^−9.28)·1 + 0.0425.
		{0, 1, 1.04 - 1.04*(float32(math.Exp2(-9.28))+0.0425), 1.04*(float32(math.Exp2(-9.28))+0.0425) - 0.04},
		// r = 1: rx = 0, a004 = 0.015.
		{1, 0.3, -1.04*0.015 + 0.468, 1.04*0.015 - 0.018},
		// n·v = 0 at r = 0: a004 = 1 + 0.0425.
		{0, 0, -1.04*1.0425 + 1.04, 1.04*1.0425 - 0.04},
	} {
		a, b := EnvBRDF(tc.r, tc.nv)
		if abs32(a-tc.a) > 1e-6 || abs32(b-tc.b) > 1e-6 {
			t.Errorf("EnvBRDF(%v, %v) = %v, %v, want %v, %v", tc.r, tc.nv, a, b, tc.a, tc.b)
		}
	}
}

// TestShadeEnvUniform checks ShadeEnv in a uniform environment of colour
// c with no other light: the diffuse lobe receives c, the specular c·(F0·a
// + b), and ambient occlusion scales both.
func TestShadeEnvUniform(t *testing.T) {
	c := Vec3{0.5, 0.8, 1.2}
	e := envFrom(128, func([3]float64) [3]float64 { return [3]float64{0.5, 0.8, 1.2} })
	el := NewEnvLight(PrepareEnv(e), mgl64.Ident4(), 0, 1)
	for _, tc := range []struct {
		name                string
		metallic, rough, ao float32
	}{{"matte", 0, 1, 1}, {"glossy", 0, 0.3, 1}, {"metal", 1, 0.2, 1}, {"occluded", 0, 0.6, 0.25}} {
		m := NewMaterial(&scene.Material{BaseColor: scene.RGB(0.8, 0.4, 0.2), Metallic: tc.metallic, Roughness: tc.rough, OcclusionStrength: 1})
		m = m.WithOcclusion(tc.ao)
		n := Vec3{0, 0, -1}
		v, _ := Vec3{0.3, 0, -1}.Normalize()
		got := ShadeEnv(Point{Material: &m, Colour: m.Base, P: v.Scale(-2), N: n, V: v}, Vec3{}, &el, nil, nil)
		a, b := EnvBRDF(tc.rough, n.Dot(v))
		cd := m.Base.Scale(1 - tc.metallic)
		f0 := m.Base.Scale(tc.metallic).Add(Vec3{0.04, 0.04, 0.04}.Scale(1 - tc.metallic))
		want := cd.Mul(c).Add(c.Mul(f0.Scale(a).Add(Vec3{b, b, b}))).Scale(tc.ao)
		if !nearVec(got, want, 1e-4) {
			t.Errorf("%s: ShadeEnv = %v, want %v", tc.name, got, want)
		}
	}
}

// TestEnvCache checks that equal contents share one prepared map and
// changed contents do not.
func TestEnvCache(t *testing.T) {
	c := NewEnvCache(2)
	a := envFrom(8, func(d [3]float64) [3]float64 { return [3]float64{d[0] + 1, 1, 1} })
	b := *a
	b.Radiance = append([]float32(nil), a.Radiance...)
	if c.Get(a) != c.Get(&b) {
		t.Error("two maps with equal contents prepared twice")
	}
	ma := c.Get(a)
	b.Radiance[5] += 1
	if c.Get(&b) == ma {
		t.Error("a changed map came from the cache")
	}
	b.Radiance[5] -= 1
	b.Intensity, b.Rotation = 2, 1
	if c.Get(&b) != ma {
		t.Error("a map differing only in intensity and rotation was prepared again")
	}
	if got := c.Get(a); got == nil {
		t.Error("nil map")
	}
	// Shared by concurrent renderers: every goroutine gets the one map
	// prepared for each contents (run with -race).
	b.Radiance[5] += 1
	shared := NewEnvCache(4)
	maps := make([]*EnvMap, 16)
	var wg sync.WaitGroup
	for i := range maps {
		wg.Go(func() {
			e := a
			if i%2 == 1 {
				e = &b
			}
			maps[i] = shared.Get(e)
		})
	}
	wg.Wait()
	for i, m := range maps {
		if m == nil || m != maps[i%2] {
			t.Fatalf("goroutine %d got map %p, want the one of goroutine %d, %p", i, m, i%2, maps[i%2])
		}
	}
	if maps[0] == maps[1] {
		t.Error("two different maps shared one entry")
	}
}

// BenchmarkPrepareEnv prepares a 256×128 map (the size of the shelves
// generator's store maps): its spherical harmonics and prefiltered cube.
func BenchmarkPrepareEnv(b *testing.B) {
	e := envFrom(128, func(d [3]float64) [3]float64 {
		l := 0.5 + 0.5*d[1]
		return [3]float64{l, l * l, 1 - l + 4*math.Max(0, d[0])}
	})
	for b.Loop() {
		PrepareEnv(e)
	}
}
