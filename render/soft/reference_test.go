package soft

import (
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/render/shading"
	"github.com/synthkit/synthkit/scene"
)

// These tests hold render/soft's fast shading path to the reference
// definition in package render/shading bit for bit: same float32 results,
// not merely close ones.

// sameBits reports whether a and b have identical float32 bit patterns.
func sameBits(a vec, b shading.Vec3) bool {
	return math.Float32bits(a.x) == math.Float32bits(b.X) &&
		math.Float32bits(a.y) == math.Float32bits(b.Y) &&
		math.Float32bits(a.z) == math.Float32bits(b.Z)
}

// randomScene returns a scene with a random camera pose and up to 40
// random lights (more than lightBatch, so that shade's batching is
// exercised), and the material of its one object.
func randomScene(rng *rand.Rand) (*scene.Scene, *scene.Material) {
	u := func(lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }
	dir := func() mgl64.Vec3 { return mgl64.Vec3{u(-1, 1), u(-1, 1), u(-1, 1)} }
	pose, err := scene.LookAt(mgl64.Vec3{u(-3, 3), 3, u(-3, 3)}, mgl64.Vec3{u(-1, 1), u(-1, 1), u(-1, 1)}, mgl64.Vec3{0, 0, 1})
	if err != nil {
		pose = mgl64.Ident4()
	}
	cam := scene.Camera{Fx: 100, Fy: 100, Cx: 50, Cy: 50, Width: 100, Height: 100, Near: 0.01, Far: 100, Pose: pose}
	s := &scene.Scene{Camera: cam, Background: scene.RGB(0.1, 0.2, 0.3)}
	for range rng.IntN(41) {
		l := scene.Light{
			Kind:      []scene.LightKind{scene.Ambient, scene.Directional, scene.Directional, scene.Point, scene.Point}[rng.IntN(5)],
			Color:     scene.RGB(float32(u(0, 1)), float32(u(0, 1)), float32(u(0, 1))),
			Intensity: u(0, 3),
			Direction: dir(),
			Position:  dir().Mul(3),
		}
		if rng.IntN(20) == 0 {
			l.Direction = mgl64.Vec3{} // dropped
		}
		s.Lights = append(s.Lights, l)
	}
	m := &scene.Material{
		BaseColor: scene.RGB(float32(u(0, 1.1)), float32(u(0, 1.1)), float32(u(0, 1.1))),
		Metallic:  float32(u(-0.2, 1.2)),
		Roughness: float32(u(-0.1, 1.1)),
		Emissive:  scene.RGB(float32(u(0, 0.2)), 0, float32(u(0, 0.2))),
		Unlit:     rng.IntN(10) == 0,
	}
	switch rng.IntN(6) {
	case 0:
		m.Roughness = 1 // exponent 0
	case 1:
		m.Metallic = float32(math.NaN())
	case 2:
		m.Roughness = 0 // the MinAlpha clamp
	}
	return s, m
}

// randomShadow returns a shadow map of random depths whose map
// coordinates land around the points shade is asked about.
func randomShadow(rng *rand.Rand) *shadowMap {
	n := 4 + rng.IntN(29)
	sm := &shadowMap{n: n, size: float32(n), depth: make([]float32, n*n)}
	for i := range sm.depth {
		sm.depth[i] = rng.Float32()
		if rng.IntN(8) == 0 {
			sm.depth[i] = float32(math.Inf(1))
		}
	}
	k := float32(n) / 4
	for i := range sm.fromCam {
		sm.fromCam[i] = (rng.Float32()*2 - 1) * k
	}
	sm.fromCam[3], sm.fromCam[7], sm.fromCam[11] = float32(n)/2, float32(n)/2, 0.5
	sm.fromCam[8], sm.fromCam[9], sm.fromCam[10] = rng.Float32()*0.2, rng.Float32()*0.2, rng.Float32()*0.2
	sm.offset = rng.Float32() * 0.05
	sm.bias = rng.Float32() * 0.01
	return sm
}

func (sm *shadowMap) lookup() *shading.ShadowLookup {
	return &shading.ShadowLookup{Size: sm.n, Depth: sm.depth, FromCamera: sm.fromCam, Offset: sm.offset, Bias: sm.bias}
}

// TestShadeMatchesReference evaluates shade on random materials, lights,
// shadow maps, normals, vertex colours and sample positions, and compares
// the colour with shading.Shade at the same point and normal, bit for bit.
func TestShadeMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 1))
	u32 := func(lo, hi float32) float32 { return lo + (hi-lo)*rng.Float32() }
	rvec := func(lo, hi float32) vec { return vec{u32(lo, hi), u32(lo, hi), u32(lo, hi)} }
	const trials = 10000
	lit, glossy, shadowed, bent, envLit := 0, 0, 0, 0, 0
	// A third of the trials light with one of a few random environments.
	var envs []*scene.Environment
	var envMaps []*shading.EnvMap
	for range 3 {
		e := &scene.Environment{Width: 16, Height: 8, Radiance: make([]float32, 3*16*8), Intensity: float64(u32(0, 2))}
		for i := range e.Radiance {
			e.Radiance[i] = u32(0, 3)
		}
		envs, envMaps = append(envs, e), append(envMaps, shading.PrepareEnv(e))
	}
	for trial := range trials {
		s, mat := randomScene(rng)
		var st state
		var envLight *shading.EnvLight
		if trial%3 == 2 {
			k := rng.IntN(len(envs))
			e := *envs[k]
			e.Rotation = float64(u32(-7, 7))
			s.Environment, st.envMap = &e, envMaps[k]
			el := shading.NewEnvLight(envMaps[k], s.Camera.Pose, e.Rotation, e.Intensity)
			envLight = &el
		}
		st.prepareLights(s)
		st.objs = []objRec{{}}
		st.objs[0].mat.prepare(mat)
		var shadows []*shading.ShadowLookup
		for i := range st.lights {
			if rng.IntN(3) == 0 {
				sm := randomShadow(rng)
				st.lights[i].shadow = sm
				if shadows == nil {
					shadows = make([]*shading.ShadowLookup, len(st.lights))
				}
				shadows[i] = sm.lookup()
				shadowed++
			}
		}
		fn, _ := rvec(-1, 1).normalize()
		sh := &shadeTri{fn: fn, b: [3]float64{rng.Float64(), rng.Float64(), rng.Float64()},
			c: [3]float64{rng.Float64(), rng.Float64(), rng.Float64()}}
		if rng.IntN(4) != 0 {
			sh.flags |= hasNormals
			sh.n0, sh.n1, sh.n2 = rvec(-2, 2), rvec(-2, 2), rvec(-2, 2)
		}
		if rng.IntN(3) == 0 {
			sh.flags |= hasColors
			sh.c0, sh.c1, sh.c2 = rvec(0, 1), rvec(0, 1), rvec(0, 1)
		}
		// Half the trials give the material one-texel textures of every
		// other kind, so that the reference sees exactly the texel.
		textured := trial%2 == 1
		var mrT, occT, emT, nT [4]uint8
		if textured {
			texel := func() ([4]uint8, *scene.Texture) {
				c := [4]uint8{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 255}
				img := image.NewNRGBA(image.Rect(0, 0, 1, 1))
				copy(img.Pix, c[:])
				return c, &scene.Texture{Image: img}
			}
			m2 := *mat
			mrT, m2.MetallicRoughnessTexture = texel()
			occT, m2.OcclusionTexture = texel()
			emT, m2.EmissiveTexture = texel()
			nT, m2.NormalTexture = texel()
			m2.OcclusionStrength = rng.Float32()
			m2.NormalScale = u32(-2, 2)
			mat = &m2
			st.objs[0].mat.prepare(mat)
			sh.uv = [6]float32{u32(-1, 2), u32(-1, 2), u32(-1, 2), u32(-1, 2), u32(-1, 2), u32(-1, 2)}
			sh.t, sh.tw = rvec(-2, 2), []float32{-1, 1}[rng.IntN(2)]
			sh.flags |= hasTangent
			if rng.IntN(2) == 0 { // vertex tangents, which take precedence
				sh.tv = [3]vec{rvec(-2, 2), rvec(-2, 2), rvec(-2, 2)}
				for k := range sh.tvw {
					sh.tvw[k] = []float32{-1, 1}[rng.IntN(2)]
				}
				sh.flags |= hasVertexTangent
			}
		}
		rx, ry := rng.Float64()*2-1, rng.Float64()*2-1
		iz := 1 / (0.05 + 5*rng.Float64())
		n, col := st.shade(sh, rx, ry, iz, true)

		// The point and colour the reference is given: the camera-frame
		// point on the ray and the interpolated vertex colour, as shade
		// computes them (surface reconstruction, not the model).
		z := 1 / iz
		p := shading.Vec3{X: float32(rx * z), Y: float32(ry * z), Z: float32(z)}
		m := shading.NewMaterial(mat)
		c := m.Base
		wb := clampUnit((sh.b[0]*rx + sh.b[1]*ry + sh.b[2]) * z)
		wc := clampUnit((sh.c[0]*rx + sh.c[1]*ry + sh.c[2]) * z)
		if s := wb + wc; s > 1 {
			wb, wc = wb/s, wc/s
		}
		if sh.flags&hasColors != 0 {
			a := bary(&sh.c0, &sh.c1, &sh.c2, float32(wb), float32(wc))
			c = shading.Vec3{X: a.x, Y: a.y, Z: a.z}
		}
		sn := shading.Vec3{X: n.x, Y: n.y, Z: n.z}
		if textured {
			lin := func(c [4]uint8, k int) float32 { return float32(c[k]) / 255 }
			m = m.WithMetalRough(lin(mrT, 1), lin(mrT, 2)).WithOcclusion(lin(occT, 0)).
				WithEmission(shading.Vec3{X: decodeLUT[emT[0]], Y: decodeLUT[emT[1]], Z: decodeLUT[emT[2]]})
			t, w := toShading(sh.t), sh.tw
			if sh.flags&hasVertexTangent != 0 {
				t, w = shading.VertexTangent(toShading(sh.tv[0]), toShading(sh.tv[1]), toShading(sh.tv[2]), sh.tvw, float32(wb), float32(wc))
			}
			sn = shading.PerturbNormal(sn, t, w, shading.Vec3{X: lin(nT, 0), Y: lin(nT, 1), Z: lin(nT, 2)}, m.NormalScale)
		}
		lights, ambient := shading.CameraLights(nil, s)
		want := shading.ShadeEnv(shading.Point{Material: &m, Colour: c, P: p, N: sn, V: shading.ViewDir(p)},
			ambient, envLight, lights, shadows)
		if !sameBits(col, want) {
			t.Fatalf("trial %d (textured %v): shade = %v, reference %v (material %+v, %d lights)", trial, textured, col, want, m, len(lights))
		}
		if want != (shading.Vec3{}) && !m.Unlit {
			lit++
			if m.Exp != 0 {
				glossy++
			}
			if envLight != nil {
				envLit++
			}
			if textured && sn != (shading.Vec3{X: n.x, Y: n.y, Z: n.z}) {
				bent++
			}
		}
	}
	// The trials must exercise the model, not only its early exits.
	if lit < trials/2 || glossy < trials/3 || shadowed < trials || bent < trials/5 || envLit < trials/6 {
		t.Fatalf("only %d lit, %d glossy trials, %d shadowed lights, %d bent normals, %d lit by an environment", lit, glossy, shadowed, bent, envLit)
	}
}

// TestLightFactorMatchesReference compares shadowMap.lightFactor with
// shading.PCF on random maps and points, including points off the map.
func TestLightFactorMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 2))
	partial := 0
	for trial := range 30000 {
		sm := randomShadow(rng)
		p := vec{rng.Float32()*6 - 3, rng.Float32()*6 - 3, rng.Float32() * 3}
		n, _ := vec{rng.Float32()*2 - 1, rng.Float32()*2 - 1, rng.Float32()*2 - 1}.normalize()
		if trial%2 == 0 {
			// Put the point's own biased depth in some texels around it:
			// the comparison's tie (lit) must agree too.
			q := p.madd(n, sm.offset)
			m := &sm.fromCam
			x := m[0]*q.x + m[1]*q.y + m[2]*q.z + m[3]
			y := m[4]*q.x + m[5]*q.y + m[6]*q.z + m[7]
			zb := m[8]*q.x + m[9]*q.y + m[10]*q.z + m[11] - sm.bias
			for j := int(math.Floor(float64(y))) - 1; j <= int(math.Floor(float64(y)))+1; j++ {
				for i := int(math.Floor(float64(x))) - 1; i <= int(math.Floor(float64(x)))+1; i++ {
					if i >= 0 && j >= 0 && i < sm.n && j < sm.n && rng.IntN(2) == 0 {
						sm.depth[j*sm.n+i] = zb
					}
				}
			}
		}
		got := sm.lightFactor(p, n)
		want := shading.PCF(sm.lookup(), shading.Vec3{X: p.x, Y: p.y, Z: p.z}, shading.Vec3{X: n.x, Y: n.y, Z: n.z})
		if math.Float32bits(got) != math.Float32bits(want) {
			t.Fatalf("trial %d: lightFactor = %v, PCF = %v", trial, got, want)
		}
		if got > 0 && got < 1 {
			partial++
		}
	}
	if partial < 3000 {
		t.Fatalf("only %d lookups were partly lit", partial)
	}
}

// TestMaterialMatchesReference checks that the material numbers shade uses
// are shading.NewMaterial's.
func TestMaterialMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 3))
	for range 10000 {
		_, mat := randomScene(rng)
		var got matRec
		got.prepare(mat)
		want := shading.NewMaterial(mat)
		if !sameBits(got.base, want.Base) || !sameBits(got.emissive, want.Emissive) ||
			math.Float32bits(got.metallic) != math.Float32bits(want.Metallic) ||
			math.Float32bits(got.exp) != math.Float32bits(want.Exp) ||
			math.Float32bits(got.norm) != math.Float32bits(want.Norm) || got.unlit != want.Unlit {
			t.Fatalf("material %+v: soft %+v, reference %+v", mat, got, want)
		}
	}
}

// referenceScene is an analytic scene for TestRenderMatchesReference: a
// camera at the origin (identity pose) and a 3×2 grid of quads on the
// plane z = 2, each with its own material and smoothly varying vertex
// normals, lit by ambient, directional and point lights. On that plane
// every pixel's 1/z is exactly 0.5, so the frame's depth gives the
// camera-frame point shade used exactly.
func referenceScene() *scene.Scene {
	s := &scene.Scene{
		Camera:     scene.Camera{Fx: 60, Fy: 60, Cx: 48, Cy: 32, Width: 96, Height: 64, Near: 0.1, Far: 10, Pose: mgl64.Ident4()},
		Background: scene.RGB(0.05, 0.1, 0.2),
		Lights: []scene.Light{
			{Kind: scene.Ambient, Color: scene.RGB(1, 1, 1), Intensity: 0.08},
			{Kind: scene.Directional, Color: scene.Kelvin(5600), Intensity: 0.9, Direction: mgl64.Vec3{0.3, 0.4, 1}},
			{Kind: scene.Directional, Color: scene.RGB(0.4, 0.5, 1), Intensity: 0.3, Direction: mgl64.Vec3{-1, 0.2, 0.5}},
			{Kind: scene.Point, Color: scene.RGB(1, 0.9, 0.7), Intensity: 0.6, Position: mgl64.Vec3{-0.4, -0.3, 1.2}},
			{Kind: scene.Point, Color: scene.RGB(1, 1, 1), Intensity: 0.2, Position: mgl64.Vec3{0.8, 0.5, 1.6}},
		},
	}
	mats := []*scene.Material{
		{BaseColor: scene.RGB(0.8, 0.3, 0.2), Roughness: 1},
		{BaseColor: scene.RGB(0.2, 0.6, 0.3), Roughness: 0.4},
		{BaseColor: scene.RGB(0.9, 0.8, 0.5), Metallic: 1, Roughness: 0.25},
		{BaseColor: scene.RGB(0.5, 0.5, 0.9), Metallic: 0.3, Roughness: 0.1},
		{BaseColor: scene.RGB(0.7, 0.7, 0.7), Roughness: 0.6, Emissive: scene.RGB(0.1, 0, 0.05)},
		{BaseColor: scene.RGB(0.3, 0.8, 0.8), Unlit: true},
	}
	for i, m := range mats {
		x0, y0 := float32(-1.5+float64(i%3)), float32(-1+float64(i/3))
		const z = 2
		mesh := &scene.Mesh{
			Name:      fmt.Sprintf("tile-%d", i),
			Positions: []mgl32.Vec3{{x0, y0, z}, {x0 + 1, y0, z}, {x0 + 1, y0 + 1, z}, {x0, y0 + 1, z}},
			Normals:   []mgl32.Vec3{{-0.5, -0.4, -1}, {0.6, -0.3, -1}, {0.4, 0.5, -1}, {-0.3, 0.6, -1}},
			Indices:   []uint32{0, 2, 1, 0, 3, 2}, // front faces the camera
		}
		s.Objects = append(s.Objects, scene.Object{Name: mesh.Name, Category: "tile", Mesh: mesh, Material: m, Transform: mgl64.Ident4()})
	}
	return s
}

// TestRenderMatchesReference renders referenceScene and checks every pixel
// against shading.Shade evaluated at that pixel (from the frame's normal
// and the pixel's camera-frame point), encoded to sRGB: the rendered image
// is the model's, byte for byte.
func TestRenderMatchesReference(t *testing.T) {
	s := referenceScene()
	f := renderScene(t, s)
	lights, ambient := shading.CameraLights(nil, s)
	mats := make([]shading.Material, len(s.Objects))
	for i := range s.Objects {
		mats[i] = shading.NewMaterial(s.Objects[i].Material)
	}
	c := &s.Camera
	counts := make([]int, len(s.Objects))
	for y := range c.Height {
		for x := range c.Width {
			i := y*c.Width + x
			got := pixelAt(f, x, y)
			id := f.IDs[i]
			var want shading.Vec3
			if id == 0 {
				want = shading.Vec3{X: s.Background.R, Y: s.Background.G, Z: s.Background.B}
			} else {
				if f.Depth[i] != 2 {
					t.Fatalf("pixel (%d, %d): depth %v, want exactly 2", x, y, f.Depth[i])
				}
				z := float64(f.Depth[i])
				rx := (float64(x) + 0.5 - c.Cx) / c.Fx
				ry := (float64(y) + 0.5 - c.Cy) / c.Fy
				p := shading.Vec3{X: float32(rx * z), Y: float32(ry * z), Z: float32(z)}
				n := f.Normals[i]
				m := &mats[id-1]
				want = shading.Shade(shading.Point{Material: m, Colour: m.Base, P: p, N: shading.Vec3{X: n[0], Y: n[1], Z: n[2]}, V: shading.ViewDir(p)},
					ambient, lights, nil)
				counts[id-1]++
			}
			w := [3]uint8{encodeSRGB(want.X), encodeSRGB(want.Y), encodeSRGB(want.Z)}
			if got != w {
				t.Fatalf("pixel (%d, %d) id %d: %v, reference %v", x, y, id, got, w)
			}
		}
	}
	for i, n := range counts {
		if n < 200 {
			t.Errorf("tile %d covers only %d pixels", i, n)
		}
	}
}
