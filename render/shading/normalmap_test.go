package shading

import (
	"math"
	"testing"

	"github.com/synthkit/synthkit/scene"
)

// TestTriangleTangent checks the tangent frame of triangles whose UV
// layout is known: u along +x and the image's up along +y (w = +1), the
// same with the image mirrored (w = −1), a rotated layout, and degenerate
// UVs.
func TestTriangleTangent(t *testing.T) {
	front := [3]float64{0, 0, 1} // the triangle's winding faces +z
	e1 := [3]float64{2, 0, 0}    // p1 − p0
	e2 := [3]float64{0, 2, 0}    // p2 − p0
	cases := []struct {
		name               string
		du1, dv1, du2, dv2 float64
		want               Vec3
		w                  float32
		ok                 bool
	}{
		// p0 at uv (0, 1), p1 at (1, 1), p2 at (0, 0): u right, v down the
		// image, which is up in the world: the usual glTF layout.
		{"upright", 1, 0, 0, -1, Vec3{2, 0, 0}, 1, true},
		// The image flipped left-right: u grows towards −x.
		{"mirrored u", -1, 0, 0, -1, Vec3{-2, 0, 0}, -1, true},
		// The image flipped upside down: v grows with +y.
		{"mirrored v", 1, 0, 0, 1, Vec3{2, 0, 0}, -1, true},
		// The image turned a quarter: u grows along +y, up is −x.
		{"rotated", 0, 1, 1, 0, Vec3{0, 2, 0}, 1, true},
		{"degenerate", 1, 1, 2, 2, Vec3{}, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, w, ok := TriangleTangent(e1, e2, front, tc.du1, tc.dv1, tc.du2, tc.dv2)
			if ok != tc.ok || got != tc.want || w != tc.w {
				t.Errorf("TriangleTangent = %v, %v, %v; want %v, %v, %v", got, w, ok, tc.want, tc.w, tc.ok)
			}
		})
	}
	// Turning the triangle over (its winding facing −z) mirrors the frame.
	if _, w, _ := TriangleTangent(e1, e2, [3]float64{0, 0, -1}, 1, 0, 0, -1); w != -1 {
		t.Errorf("back-facing winding: handedness %v, want -1", w)
	}
}

// TestPerturbNormal checks the bent normal against closed forms: a flat
// texel leaves the normal alone, a texel encoding a tilt of θ towards the
// tangent (or the image's up) turns the normal by θ towards T (or B), and
// the scale multiplies tan θ.
func TestPerturbNormal(t *testing.T) {
	n := Vec3{0, 0, -1}    // facing a camera on −z
	tan := Vec3{3, 0, 0.5} // not unit, not orthogonal to n
	enc := func(x, y, z float64) Vec3 {
		return Vec3{float32((x + 1) / 2), float32((y + 1) / 2), float32((z + 1) / 2)}
	}
	s30, c30 := math.Sincos(math.Pi / 6)
	b := n.Cross(Vec3{1, 0, 0}) // B' for w = +1: n × T' = (0, −1, 0)
	cases := []struct {
		name  string
		tex   Vec3
		w     float32
		scale float32
		want  Vec3
	}{
		{"flat", enc(0, 0, 1), 1, 1, n},
		{"30° towards T", enc(s30, 0, c30), 1, 1, Vec3{float32(s30), 0, float32(-c30)}},
		{"30° towards B", enc(0, s30, c30), 1, 1, Vec3{0, b.Y * float32(s30), float32(-c30)}},
		{"30° towards B, mirrored", enc(0, s30, c30), -1, 1, Vec3{0, -b.Y * float32(s30), float32(-c30)}},
		// scale 2 doubles x: the tilt becomes atan(2·tan 30°).
		{"scaled", enc(s30, 0, c30), 1, 2, func() Vec3 {
			x, z := 2*s30, c30
			l := math.Hypot(x, z)
			return Vec3{float32(x / l), 0, float32(-z / l)}
		}()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := PerturbNormal(n, tan, tc.w, tc.tex, tc.scale)
			if !nearVec(got, tc.want, 1e-6) {
				t.Errorf("PerturbNormal = %v, want %v", got, tc.want)
			}
		})
	}
	// A tangent along n leaves no frame: n comes back.
	if got := PerturbNormal(n, Vec3{0, 0, 2}, 1, enc(s30, 0, c30), 1); got != n {
		t.Errorf("tangent along n: %v, want n", got)
	}
}

// TestTexturedMaterial checks WithMetalRough, WithOcclusion and
// WithEmission against their definitions, and that Shade applies the
// occlusion to ambient light only.
func TestTexturedMaterial(t *testing.T) {
	m := NewMaterial(&scene.Material{BaseColor: scene.RGB(1, 1, 1), Metallic: 0.8, Roughness: 0.6,
		Emissive: scene.RGB(0.5, 1, 2), OcclusionStrength: 0.5})
	mr := m.WithMetalRough(0.5, 0.25)
	if mr.Metallic != 0.8*0.25 || mr.Exp != SpecularExponent(0.3) || mr.Norm != LobeNorm(SpecularExponent(0.3)) {
		t.Errorf("WithMetalRough: %+v", mr)
	}
	if o := m.WithOcclusion(0.2).Occlusion; !near(o, 1-0.5*0.8, 1e-7) {
		t.Errorf("WithOcclusion(0.2) = %v, want 0.6", o)
	}
	if e := m.WithEmission(Vec3{0.5, 0.5, 0.25}).Emissive; e != (Vec3{0.25, 0.5, 0.5}) {
		t.Errorf("WithEmission = %v", e)
	}
	if m.Occlusion != 1 || NewMaterial(&scene.Material{}).OcclusionStrength != 1 {
		t.Errorf("defaults: occlusion %v, strength of a zero material %v; want 1, 1", m.Occlusion, NewMaterial(&scene.Material{}).OcclusionStrength)
	}
	lambert := NewMaterial(&scene.Material{BaseColor: scene.RGB(1, 1, 1), Roughness: 1})
	occluded := lambert.WithOcclusion(0) // strength 1: no ambient light at all
	pt := Point{Material: &occluded, Colour: Vec3{1, 1, 1}, P: Vec3{0, 0, 2}, N: Vec3{0, 0, -1}, V: Vec3{0, 0, -1}}
	if got := Shade(pt, Vec3{0.5, 0.5, 0.5}, nil, nil); got != (Vec3{}) {
		t.Errorf("fully occluded, ambient only: %v, want black", got)
	}
	sun := []Light{{Dir: Vec3{0, 0, -1}, Rad: Vec3{1, 1, 1}}}
	if got, want := Shade(pt, Vec3{0.5, 0.5, 0.5}, sun, nil), Shade(pt, Vec3{}, sun, nil); got != want {
		t.Errorf("fully occluded under a light: %v, want the light's %v alone", got, want)
	}
}
