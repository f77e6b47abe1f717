package soft

import (
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// TestShadingModel renders a quad facing the camera under single lights
// and compares the centre pixel with the shading model of scene's package
// documentation, evaluated here by hand in float64:
//
//	c = base·vertex·texture, c_d = c·(1−m), F0 = 0.04·(1−m) + c·m,
//	L = emissive + A·(c_d + F0) + Σ E·(N·L)·(c_d + F0·(p+8)/8·(N·H)^p)
//
// with p = 2/α²−2, α = clamp(roughness², 0.03, 1).
func TestShadingModel(t *testing.T) {
	// The centre pixel (32, 24) of a 64×48 camera with fx = 32 looks along
	// r = (0.5/32, 0.5/32, 1) and meets the quad (plane z = 2, normal
	// (0, 0, −1)) at P = 2r.
	cam := scene.Camera{Fx: 32, Fy: 32, Cx: 32, Cy: 24, Width: 64, Height: 48, Near: 0.1, Far: 10, Pose: mgl64.Ident4()}
	P := mgl64.Vec3{1.0 / 32, 1.0 / 32, 2}
	N := mgl64.Vec3{0, 0, -1}
	V := P.Mul(-1).Normalize()
	type light struct {
		kind      scene.LightKind
		intensity float64
		dir, pos  mgl64.Vec3
	}
	cases := []struct {
		name             string
		base, emissive   [3]float64
		metal, roughness float64
		lights           []light
		unlit, back      bool
	}{
		{"lambert head-on", [3]float64{1, 1, 1}, [3]float64{}, 0, 1, []light{{scene.Directional, 0.5, mgl64.Vec3{0, 0, 1}, mgl64.Vec3{}}}, false, false},
		{"lambert 60°", [3]float64{0.8, 0.4, 0.2}, [3]float64{}, 0, 1, []light{{scene.Directional, 1, mgl64.Vec3{math.Sqrt(3) / 2, 0, 0.5}, mgl64.Vec3{}}}, false, false},
		{"light from behind", [3]float64{1, 1, 1}, [3]float64{}, 0, 1, []light{{scene.Directional, 1, mgl64.Vec3{0, 0, -1}, mgl64.Vec3{}}}, false, false},
		{"ambient dielectric", [3]float64{0.5, 0.2, 0.1}, [3]float64{}, 0, 1, []light{{scene.Ambient, 0.25, mgl64.Vec3{}, mgl64.Vec3{}}}, false, false},
		{"ambient metal", [3]float64{0.9, 0.6, 0.2}, [3]float64{}, 1, 0.7, []light{{scene.Ambient, 0.3, mgl64.Vec3{}, mgl64.Vec3{}}}, false, false},
		{"glossy point light", [3]float64{0.3, 0.5, 0.7}, [3]float64{}, 0.2, 0.5, []light{{scene.Point, 2, mgl64.Vec3{}, mgl64.Vec3{0.1, -0.2, 0.5}}}, false, false},
		{"mirror-like sun", [3]float64{0.9, 0.9, 0.9}, [3]float64{}, 1, 0.1, []light{{scene.Directional, 0.05, mgl64.Vec3{-0.01, -0.01, 1}, mgl64.Vec3{}}}, false, false},
		{"emissive", [3]float64{0.2, 0.2, 0.2}, [3]float64{0.1, 0.2, 0.3}, 0, 1, nil, false, false},
		{"unlit", [3]float64{0.25, 0.5, 0.75}, [3]float64{0.5, 0.5, 0.5}, 0, 1, []light{{scene.Ambient, 1, mgl64.Vec3{}, mgl64.Vec3{}}}, true, false},
		{"double-sided back", [3]float64{1, 1, 1}, [3]float64{}, 0, 1, []light{{scene.Directional, 0.5, mgl64.Vec3{0, 0, 1}, mgl64.Vec3{}}}, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mat := &scene.Material{
				BaseColor: scene.RGB(float32(c.base[0]), float32(c.base[1]), float32(c.base[2])),
				Emissive:  scene.RGB(float32(c.emissive[0]), float32(c.emissive[1]), float32(c.emissive[2])),
				Metallic:  float32(c.metal), Roughness: float32(c.roughness), Unlit: c.unlit, DoubleSided: c.back,
			}
			tr := mgl64.Translate3D(0, 0, 2).Mul4(facing)
			if c.back {
				tr = mgl64.Translate3D(0, 0, 2) // faces away: the back is seen
			}
			s := &scene.Scene{Camera: cam, Objects: []scene.Object{{Name: "q", Mesh: scene.Quad(1, 1), Material: mat, Transform: tr}}}
			for _, l := range c.lights {
				s.Lights = append(s.Lights, scene.Light{Kind: l.kind, Color: scene.RGB(1, 1, 1), Intensity: l.intensity, Direction: l.dir, Position: l.pos})
			}
			f := renderScene(t, s)
			if n := f.Normals[24*64+32]; n != (mgl32.Vec3{0, 0, -1}) {
				t.Fatalf("normal %v", n)
			}
			// The model, by hand.
			rough := float64(float32(c.roughness))
			alpha := max(0.03, min(1, rough*rough))
			p := 2/(alpha*alpha) - 2
			var want [3]uint8
			for k := range 3 {
				base := float64(float32(c.base[k]))
				if c.unlit {
					want[k] = exactEncode(base)
					continue
				}
				cd := base * (1 - c.metal)
				f0 := 0.04*(1-c.metal) + base*c.metal
				out := float64(float32(c.emissive[k]))
				for _, l := range c.lights {
					var L mgl64.Vec3
					E := l.intensity
					switch l.kind {
					case scene.Ambient:
						out += E * (cd + f0)
						continue
					case scene.Directional:
						L = l.dir.Normalize().Mul(-1)
					case scene.Point:
						d := l.pos.Sub(P)
						E /= d.Dot(d)
						L = d.Normalize()
					}
					nl := N.Dot(L)
					if nl <= 0 {
						continue
					}
					nh := N.Dot(L.Add(V).Normalize())
					out += E * nl * (cd + f0*(p+8)/8*math.Pow(max(nh, 0), p))
				}
				want[k] = exactEncode(out)
			}
			got := pixelAt(f, 32, 24)
			for k := range 3 {
				if d := int(got[k]) - int(want[k]); d < -1 || d > 1 {
					t.Fatalf("centre pixel %v, want %v", got, want)
				}
			}
		})
	}
}

// TestFlatNormals checks what gather relies on to compute the normal of a
// triangle with equal vertex normals once: bary of three equal normals
// (equal as floats, zeros of either sign) gives, for every weight in
// [0, 1], bit for bit what it gives for weights (0, 0).
func TestFlatNormals(t *testing.T) {
	zero, negZero := float32(0), float32(math.Copysign(0, -1))
	comps := [][]float32{{zero, negZero}, {0.3, 0.3}, {-1.7e-20, -1.7e-20}, {2e30, 2e30}}
	weights := []float32{0, 1e-30, 1e-7, 0.25, 0.5, 0.999999, 1}
	for _, c := range comps {
		for signs := range 8 { // each vertex takes the first or second form of c
			pick := func(i int) vec {
				v := c[(signs>>i)&1]
				return vec{v, 0.5, v}
			}
			n0, n1, n2 := pick(0), pick(1), pick(2)
			if n0 != n1 || n0 != n2 {
				t.Fatalf("%v %v %v are not equal", n0, n1, n2)
			}
			want := bary(&n0, &n1, &n2, 0, 0)
			for _, lb := range weights {
				for _, lc := range weights {
					if lb+lc > 1 {
						continue
					}
					got := bary(&n0, &n1, &n2, lb, lc)
					if math.Float32bits(got.x) != math.Float32bits(want.x) || math.Float32bits(got.z) != math.Float32bits(want.z) || got.y != want.y {
						t.Errorf("bary(%v, %v, %v, %g, %g) = %v, want %v", n0, n1, n2, lb, lc, got, want)
					}
				}
			}
		}
	}
}
