package scene

import (
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"
)

// checkClosedOutward verifies that every triangle's geometric normal agrees
// with its vertex normals (winding is counter-clockwise from outside) and
// that the mesh is well formed.
func checkWinding(t *testing.T, m *Mesh) {
	t.Helper()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(m.Indices); i += 3 {
		a, b, c := m.Positions[m.Indices[i]], m.Positions[m.Indices[i+1]], m.Positions[m.Indices[i+2]]
		g := b.Sub(a).Cross(c.Sub(a))
		if g.Len() < 1e-12 {
			continue // degenerate slivers at poles are allowed
		}
		n := m.Normals[m.Indices[i]].Add(m.Normals[m.Indices[i+1]]).Add(m.Normals[m.Indices[i+2]])
		if g.Dot(n) <= 0 {
			t.Fatalf("%s: triangle %d winds against its normals (geometric %v, vertex %v)", m.Name, i/3, g, n)
		}
	}
	for i, n := range m.Normals {
		if math.Abs(float64(n.Len())-1) > 1e-5 {
			t.Fatalf("%s: normal %d has length %g", m.Name, i, n.Len())
		}
	}
	for i, uv := range m.UVs {
		if uv[0] < 0 || uv[0] > 1 || uv[1] < 0 || uv[1] > 1 {
			t.Fatalf("%s: uv %d = %v outside [0,1]", m.Name, i, uv)
		}
	}
}

// volume returns the signed volume enclosed by a closed mesh (divergence
// theorem); positive when faces point outward.
func volume(m *Mesh) float64 {
	var v float64
	for i := 0; i < len(m.Indices); i += 3 {
		a, b, c := m.Positions[m.Indices[i]], m.Positions[m.Indices[i+1]], m.Positions[m.Indices[i+2]]
		v += float64(a.Dot(b.Cross(c))) / 6
	}
	return v
}

func TestPrimitives(t *testing.T) {
	cyl, err := Cylinder(0.5, 2, 64)
	if err != nil {
		t.Fatal(err)
	}
	sph, err := Ellipsoid(1, 0.5, 2, 64, 32)
	if err != nil {
		t.Fatal(err)
	}
	bottle, err := Lathe([]mgl64.Vec2{{0.03, 0}, {0.03, 0.15}, {0.012, 0.2}, {0.012, 0.22}}, 32, true, true)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		m          *Mesh
		lo, hi     mgl64.Vec3
		wantVolume float64 // 0: not closed
		volTol     float64
	}{
		{"box", Box(1, 2, 3), mgl64.Vec3{-0.5, -1, -1.5}, mgl64.Vec3{0.5, 1, 1.5}, 6, 1e-6},
		{"cylinder", cyl, mgl64.Vec3{-0.5, -1, -0.5}, mgl64.Vec3{0.5, 1, 0.5}, math.Pi * 0.25 * 2, 0.01},
		{"ellipsoid", sph, mgl64.Vec3{-1, -0.5, -2}, mgl64.Vec3{1, 0.5, 2}, 4.0 / 3 * math.Pi * 1 * 0.5 * 2, 0.01},
		{"bottle", bottle, mgl64.Vec3{-0.03, 0, -0.03}, mgl64.Vec3{0.03, 0.22, 0.03}, 0, 0},
		{"plane", Plane(2, 4), mgl64.Vec3{-1, 0, -2}, mgl64.Vec3{1, 0, 2}, 0, 0},
		{"quad", Quad(2, 4), mgl64.Vec3{-1, -2, 0}, mgl64.Vec3{1, 2, 0}, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkWinding(t, tc.m)
			lo, hi := tc.m.Bounds()
			if !lo.ApproxEqualThreshold(tc.lo, 1e-6) || !hi.ApproxEqualThreshold(tc.hi, 1e-6) {
				t.Errorf("bounds = %v..%v, want %v..%v", lo, hi, tc.lo, tc.hi)
			}
			if tc.wantVolume != 0 {
				if v := volume(tc.m); math.Abs(v-tc.wantVolume) > tc.volTol*tc.wantVolume {
					t.Errorf("volume = %g, want %g (±%g%%): mesh not closed or inside out", v, tc.wantVolume, tc.volTol*100)
				}
			}
		})
	}
	// Plane faces +y, quad faces +z.
	if Plane(1, 1).Normals[0] != (mgl32.Vec3{0, 1, 0}) || Quad(1, 1).Normals[0] != (mgl32.Vec3{0, 0, 1}) {
		t.Error("plane/quad normals")
	}
}

func TestPrimitiveErrors(t *testing.T) {
	tests := []struct {
		name string
		f    func() error
	}{
		{"lathe few segments", func() error { _, err := Lathe([]mgl64.Vec2{{1, 0}, {1, 1}}, 2, false, false); return err }},
		{"lathe one point", func() error { _, err := Lathe([]mgl64.Vec2{{1, 0}}, 8, false, false); return err }},
		{"lathe negative radius", func() error { _, err := Lathe([]mgl64.Vec2{{-1, 0}, {1, 1}}, 8, false, false); return err }},
		{"lathe NaN", func() error { _, err := Lathe([]mgl64.Vec2{{math.NaN(), 0}, {1, 1}}, 8, false, false); return err }},
		{"lathe zero length", func() error { _, err := Lathe([]mgl64.Vec2{{1, 0}, {1, 0}}, 8, false, false); return err }},
		{"ellipsoid zero axis", func() error { _, err := Ellipsoid(0, 1, 1, 8, 4); return err }},
		{"ellipsoid huge", func() error { _, err := Ellipsoid(1, 1, 1, 1<<20, 4); return err }},
		{"cylinder few segments", func() error { _, err := Cylinder(1, 1, 1); return err }},
	}
	for _, tc := range tests {
		if err := tc.f(); err == nil {
			t.Errorf("%s: want error", tc.name)
		}
	}
}
