package scene

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"
)

// boundsRef is Mesh.Bounds as a plain float64 loop: each referenced
// position converted, then min and max.
func boundsRef(m *Mesh) (lo, hi mgl64.Vec3) {
	first := true
	for _, i := range m.Indices {
		if int(i) >= len(m.Positions) {
			continue
		}
		p := m.Positions[i]
		q := mgl64.Vec3{float64(p[0]), float64(p[1]), float64(p[2])}
		if first {
			lo, hi, first = q, q, false
			continue
		}
		for k := range 3 {
			lo[k], hi[k] = min(lo[k], q[k]), max(hi[k], q[k])
		}
	}
	return lo, hi
}

// sameVec reports whether a and b hold the same values bit for bit, any
// NaN matching any NaN.
func sameVec(a, b mgl64.Vec3) bool {
	for k := range 3 {
		if math.IsNaN(a[k]) && math.IsNaN(b[k]) {
			continue
		}
		if math.Float64bits(a[k]) != math.Float64bits(b[k]) {
			return false
		}
	}
	return true
}

// TestBoundsExact checks Mesh.Bounds against boundsRef bit for bit: on
// random meshes with out-of-range indices, unreferenced extreme vertices,
// signed zeros, infinities, NaNs and subnormals, and on the edge cases.
func TestBoundsExact(t *testing.T) {
	nan := float32(math.NaN())
	inf := float32(math.Inf(1))
	special := []float32{0, float32(math.Copysign(0, -1)), 1e-45, -1e-45, math.MaxFloat32, -math.MaxFloat32, inf, -inf, nan, 1, -1}
	cases := []struct {
		name string
		m    *Mesh
	}{
		{"empty", &Mesh{}},
		{"no positions", &Mesh{Indices: []uint32{0, 1, 2}}},
		{"all out of range", &Mesh{Positions: []mgl32.Vec3{{1, 2, 3}}, Indices: []uint32{5, 6, 7}}},
		{"one vertex", &Mesh{Positions: []mgl32.Vec3{{1, -2, 3}}, Indices: []uint32{0, 0, 0}}},
		{"signed zeros", &Mesh{Positions: []mgl32.Vec3{{0, float32(math.Copysign(0, -1)), 0}, {float32(math.Copysign(0, -1)), 0, 0}}, Indices: []uint32{0, 1, 0}}},
		{"unreferenced extreme", &Mesh{Positions: []mgl32.Vec3{{1, 1, 1}, {1e30, -1e30, 5}, {2, 0, 1}}, Indices: []uint32{0, 2, 0}}},
		{"box", Box(1, 2, 3)},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for r := range 300 {
		n := 1 + rng.IntN(40)
		m := &Mesh{Positions: make([]mgl32.Vec3, n)}
		for i := range m.Positions {
			for k := range 3 {
				if rng.IntN(6) == 0 {
					m.Positions[i][k] = special[rng.IntN(len(special))]
				} else {
					m.Positions[i][k] = float32(rng.NormFloat64() * 10)
				}
			}
		}
		for range rng.IntN(60) {
			m.Indices = append(m.Indices, uint32(rng.IntN(n+3))) // some out of range
		}
		cases = append(cases, struct {
			name string
			m    *Mesh
		}{"random " + string(rune('a'+r%26)), m})
	}
	for _, tc := range cases {
		lo, hi := tc.m.Bounds()
		wlo, whi := boundsRef(tc.m)
		if !sameVec(lo, wlo) || !sameVec(hi, whi) {
			t.Errorf("%s: Bounds = %v..%v, want %v..%v", tc.name, lo, hi, wlo, whi)
		}
	}
}

// BenchmarkBounds: the bounds of a 32-segment bottle (a shelves product's
// mesh), which labels.Extract takes for every mesh of every sample.
func BenchmarkBounds(b *testing.B) {
	m, err := Lathe([]mgl64.Vec2{{0.03, 0}, {0.03, 0.15}, {0.012, 0.2}, {0.012, 0.22}}, 32, true, true)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		m.Bounds()
	}
	b.ReportMetric(float64(len(m.Indices)), "indices")
}
