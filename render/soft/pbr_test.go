package soft

import (
	"image/color"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/shading"
	"github.com/synthkit/synthkit/scene"
)

// pbrTexel returns the texel of tex that pixel (x, y) of quad q samples in
// testscenes.PBR.
func pbrTexel(tex *scene.Texture, q, x, y int) color.NRGBA {
	return tex.Image.NRGBAAt((x-q*testscenes.PBRQuad)/4, y/4)
}

// TestPBRTexturesReference renders testscenes.PBR and checks every pixel
// against shading.Shade given the texel the pixel samples (through
// WithMetalRough, WithOcclusion, WithEmission and PerturbNormal): byte for
// byte. It also checks that the textures change colour only (ids, depth,
// normals and silhouettes equal those of the untextured scene) and that
// every texture changes some pixels.
func TestPBRTexturesReference(t *testing.T) {
	s := testscenes.PBR(true)
	f := renderScene(t, s)
	plain := renderScene(t, testscenes.PBR(false))
	if !slices.Equal(f.IDs, plain.IDs) || !slices.Equal(f.Depth, plain.Depth) || !slices.Equal(f.Normals, plain.Normals) ||
		!reflect.DeepEqual(f.Silhouettes, plain.Silhouettes) {
		t.Fatal("textures changed a label")
	}
	lights, ambient := shading.CameraLights(nil, s)
	c := &s.Camera
	lin := func(v uint8) float32 { return float32(v) / 255 }
	changed := make([]int, len(s.Objects))
	for y := range c.Height {
		for x := range c.Width {
			i := y*c.Width + x
			id := f.IDs[i]
			if id == 0 {
				t.Fatalf("pixel (%d, %d) is background", x, y)
			}
			q := int(id) - 1
			mt := s.Objects[q].Material
			m := shading.NewMaterial(mt)
			n := shading.Vec3{X: f.Normals[i][0], Y: f.Normals[i][1], Z: f.Normals[i][2]}
			switch {
			case mt.NormalTexture != nil:
				tx := pbrTexel(mt.NormalTexture, q, x, y)
				n = shading.PerturbNormal(n, shading.Vec3{X: 1}, 1, shading.Vec3{X: lin(tx.R), Y: lin(tx.G), Z: lin(tx.B)}, m.NormalScale)
			case mt.MetallicRoughnessTexture != nil:
				tx := pbrTexel(mt.MetallicRoughnessTexture, q, x, y)
				m = m.WithMetalRough(lin(tx.G), lin(tx.B))
			case mt.OcclusionTexture != nil:
				m = m.WithOcclusion(lin(pbrTexel(mt.OcclusionTexture, q, x, y).R))
			case mt.EmissiveTexture != nil:
				tx := pbrTexel(mt.EmissiveTexture, q, x, y)
				m = m.WithEmission(shading.Vec3{X: decodeLUT[tx.R], Y: decodeLUT[tx.G], Z: decodeLUT[tx.B]})
			}
			z := float64(f.Depth[i])
			rx, ry := (float64(x)+0.5-c.Cx)/c.Fx, (float64(y)+0.5-c.Cy)/c.Fy
			p := shading.Vec3{X: float32(rx * z), Y: float32(ry * z), Z: float32(z)}
			want := shading.Shade(shading.Point{Material: &m, Colour: m.Base, P: p, N: n, V: shading.ViewDir(p)}, ambient, lights, nil)
			w := [3]uint8{encodeSRGB(want.X), encodeSRGB(want.Y), encodeSRGB(want.Z)}
			if got := pixelAt(f, x, y); got != w {
				t.Fatalf("pixel (%d, %d) of %q: %v, reference %v", x, y, mt.Name, got, w)
			}
			if pixelAt(f, x, y) != pixelAt(plain, x, y) {
				changed[q]++
			}
		}
	}
	for q, n := range changed {
		if n < testscenes.PBRQuad*testscenes.PBRQuad/2 {
			t.Errorf("the %s texture changes only %d pixels", s.Objects[q].Material.Name, n)
		}
	}
}

// TestNormalMapAnalytic checks the normal-mapped quad of testscenes.PBR
// against the closed form: a white rough dielectric (c_d = 1, F0 = 0.04,
// exponent 0) whose normal is the camera-facing −z turned by
// testscenes.PBRTilt towards the image's right (+x) or up (−y), lit as
// (1 + 0.04)·(A + Σ E·max(N'·L, 0)), computed in float64 from the exact
// (unquantised) normal. The texel's 8-bit encoding moves the normal by
// under 1/255, so each channel must be within one sRGB code.
func TestNormalMapAnalytic(t *testing.T) {
	s := testscenes.PBR(true)
	checkNormalMapClosedForm(t, s, renderScene(t, s), func(sn, cs float64, j int) [3]float64 {
		if j >= 2 {
			return [3]float64{0, -sn, -cs}
		}
		return [3]float64{sn, 0, -cs}
	})
}

// TestVertexTangents checks that a mesh's vertex tangents (glTF's TANGENT)
// replace the frame derived from its UVs, against the same closed form:
// the quad of TestNormalMapAnalytic gets tangents T (local = camera frame
// here) of handedness w, so a texel bent by the tilt towards the
// tangent turns the normal towards T, and one bent towards the
// bitangent turns it towards B = w·(n × T). Tangents along +x with w = +1
// are the UV frame itself; along +y (down the image) the tilts turn by a
// quarter, and w = −1 mirrors the bitangent's.
func TestVertexTangents(t *testing.T) {
	for _, tc := range []struct {
		name string
		t    mgl32.Vec4
		b    [3]float64 // w·(n × T), n = −z
	}{
		{"uv frame", mgl32.Vec4{1, 0, 0, 1}, [3]float64{0, -1, 0}},
		{"down", mgl32.Vec4{0, 1, 0, 1}, [3]float64{1, 0, 0}},
		{"down mirrored", mgl32.Vec4{0, 1, 0, -1}, [3]float64{-1, 0, 0}},
		{"unnormalised left", mgl32.Vec4{-3, 0, 0, 1}, [3]float64{0, 1, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := testscenes.PBR(true)
			m := *s.Objects[0].Mesh
			m.Tangents = slices.Repeat([]mgl32.Vec4{tc.t}, len(m.Positions))
			s.Objects[0].Mesh = &m
			l := float64(mgl32.Vec3{tc.t[0], tc.t[1], tc.t[2]}.Len())
			dir := [3]float64{float64(tc.t[0]) / l, float64(tc.t[1]) / l, float64(tc.t[2]) / l}
			checkNormalMapClosedForm(t, s, renderScene(t, s), func(sn, cs float64, j int) [3]float64 {
				d := dir
				if j >= 2 { // tilted towards the image's up, the UV frame's bitangent
					d = tc.b
				}
				return [3]float64{sn * d[0], sn * d[1], sn*d[2] - cs}
			})
		})
	}
}

// checkNormalMapClosedForm compares the normal-mapped quad of
// testscenes.PBR in f with the closed form of TestNormalMapAnalytic, the
// bent normal of texel (i, j) being normal(sin, cos of its tilt, j).
func checkNormalMapClosedForm(t *testing.T, s *scene.Scene, f *render.Frame, normal func(sn, cs float64, j int) [3]float64) {
	t.Helper()
	c := &s.Camera
	worst := 0
	for y := range c.Height {
		for x := range testscenes.PBRQuad {
			i, j := x/4, y/4
			sn, cs := math.Sincos(testscenes.PBRTilt(i, j))
			nrm := normal(sn, cs, j)
			z := 4.0
			p := [3]float64{(float64(x) + 0.5) / c.Fx * z, (float64(y) + 0.5) / c.Fy * z, z}
			var want [3]float64
			for k := range want {
				want[k] = s.Lights[0].Intensity
			}
			for _, l := range s.Lights[1:] {
				var dir [3]float64
				e := l.Intensity
				if l.Kind == scene.Directional {
					d := l.Direction
					n := d.Len()
					dir = [3]float64{-d[0] / n, -d[1] / n, -d[2] / n}
				} else {
					d := [3]float64{l.Position[0] - p[0], l.Position[1] - p[1], l.Position[2] - p[2]}
					d2 := d[0]*d[0] + d[1]*d[1] + d[2]*d[2]
					dir = [3]float64{d[0] / math.Sqrt(d2), d[1] / math.Sqrt(d2), d[2] / math.Sqrt(d2)}
					e /= d2
				}
				nl := max(0, nrm[0]*dir[0]+nrm[1]*dir[1]+nrm[2]*dir[2])
				want[0] += e * float64(l.Color.R) * nl
				want[1] += e * float64(l.Color.G) * nl
				want[2] += e * float64(l.Color.B) * nl
			}
			got := pixelAt(f, x, y)
			for k := range want {
				w := int(encodeSRGB(float32(1.04 * want[k])))
				d := int(got[k]) - w
				worst = max(worst, d, -d)
			}
			if worst > 1 {
				t.Fatalf("pixel (%d, %d), tilt %.0f°: %v, closed form %.4f (linear)", x, y, testscenes.PBRTilt(i, j)*180/math.Pi, got, want)
			}
		}
	}
	t.Logf("largest difference to the closed form: %d code(s)", worst)
}

// TestNormalMapBackFace checks the tangent frame on back faces. A
// double-sided normal-mapped quad is turned half a turn about its
// vertical axis (diag(−1, 1, −1) about its centre), so the camera sees its
// back with the texture mirrored left to right. The true normal of a
// sheet's back side is the negated front normal: with front bent normal
// N_o = T_o·m.x + B_o·m.y + n_o·m.z in the quad's frame (T_o = +x, image
// up B_o = −y, n_o = −z), the back's is −N_o, which the turn maps to
// +x·m.x + (+y)·m.y + (−z)·m.z in the camera frame: T' = +x, B' = +y
// (down the screen), n = −z. Every pixel must equal
// shading.Shade with that normal, byte for byte, and the back view must
// differ from the front one (the light has a vertical component, so a
// wrong B' shows).
func TestNormalMapBackFace(t *testing.T) {
	s := testscenes.PBR(true)
	s.Objects = s.Objects[:1]
	s.Camera.Width = testscenes.PBRQuad
	mt := *s.Objects[0].Material
	mt.DoubleSided = true
	s.Objects[0].Material = &mt
	front := renderScene(t, s)
	c := float64(testscenes.PBRQuad) / 2 / testscenes.PixelFocal * 4 // the quad's centre x, at depth 4
	s.Objects[0].Transform = mgl64.Translate3D(c, 0, 4).Mul4(mgl64.Scale3D(-1, 1, -1)).Mul4(mgl64.Translate3D(-c, 0, -4))
	f := renderScene(t, s)
	lights, ambient := shading.CameraLights(nil, s)
	m := shading.NewMaterial(&mt)
	cam := &s.Camera
	w := cam.Width
	differs := 0
	for y := range cam.Height {
		for x := range w {
			i := y*w + x
			if f.IDs[i] != 1 || f.Normals[i] != [3]float32{0, 0, -1} {
				t.Fatalf("back view pixel (%d, %d): id %d normal %v, want 1 and the camera-facing (0, 0, -1)", x, y, f.IDs[i], f.Normals[i])
			}
			tx := mt.NormalTexture.Image.NRGBAAt((w-1-x)/4, y/4) // mirrored
			tex := shading.Vec3{X: float32(tx.R) / 255, Y: float32(tx.G) / 255, Z: float32(tx.B) / 255}
			n := shading.PerturbNormal(shading.Vec3{Z: -1}, shading.Vec3{X: 1}, -1, tex, m.NormalScale) // B' = −(n × T') = +y
			z := float64(f.Depth[i])
			rx, ry := (float64(x)+0.5-cam.Cx)/cam.Fx, (float64(y)+0.5-cam.Cy)/cam.Fy
			p := shading.Vec3{X: float32(rx * z), Y: float32(ry * z), Z: float32(z)}
			want := shading.Shade(shading.Point{Material: &m, Colour: m.Base, P: p, N: n, V: shading.ViewDir(p)}, ambient, lights, nil)
			if got, w := pixelAt(f, x, y), [3]uint8{encodeSRGB(want.X), encodeSRGB(want.Y), encodeSRGB(want.Z)}; got != w {
				t.Fatalf("back view pixel (%d, %d): %v, want %v", x, y, got, w)
			}
			if pixelAt(f, x, y) != pixelAt(front, x, y) {
				differs++
			}
		}
	}
	if differs < w*cam.Height/4 {
		t.Errorf("the back view equals the front view on all but %d pixels: the test shows nothing", differs)
	}
}
