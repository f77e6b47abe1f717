//go:build gl

package gl

import (
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/shading"
	"github.com/synthkit/synthkit/scene"
)

// envColourLimit bounds the mean absolute colour difference, in 8-bit
// levels over the pixels of an object whose ids agree, between the GL and
// soft renders of an environment-lit scene; envOffLimit bounds the
// fraction of those pixels more than envOffLevels apart. What is left
// between the backends is float32 evaluation order, the GPU's sRGB
// encoding, its exp2 and the sub-texel precision of its bilinear filter
// (llvmpipe: 8 bits), well under a level on average; a wrong face, a
// flipped reflection, a missing border offset or a wrong level shifts
// reflections by whole texels or faces, tens of levels on many pixels.
const (
	envColourLimit = 1.0
	envOffLevels   = 4
	envOffLimit    = 0.005
)

// testEnvironment returns a procedural equirectangular map that varies
// in every direction: a blue sky brightening towards the zenith over a
// brown-green ground, both modulated in azimuth, a bright warm strip low
// over the horizon on one side and a small hot "sun" high on another,
// so that a wrong face, sign or rotation shows.
func testEnvironment(name string, w int, rotation, intensity float64) *scene.Environment {
	h := w / 2
	e := &scene.Environment{Name: name, Width: w, Height: h, Radiance: make([]float32, 3*w*h), Rotation: rotation, Intensity: intensity}
	for j := range h {
		for i := range w {
			d := scene.EnvironmentDirection((float64(i)+0.5)/float64(w), (float64(j)+0.5)/float64(h))
			phi := math.Atan2(d[0], -d[2])
			var c [3]float64
			if d[1] >= 0 {
				c = [3]float64{0.25 + 0.15*math.Sin(3*phi), 0.45 + 0.1*math.Cos(2*phi), 0.8 + 0.4*d[1]}
			} else {
				k := 0.5 + 0.5*math.Sin(5*phi+3*d[1])
				c = [3]float64{0.35 + 0.2*k, 0.25 + 0.15*(1-k), 0.08}
			}
			if d[1] > 0.05 && d[1] < 0.3 && phi > 0.3 && phi < 1.4 { // the strip
				c = [3]float64{6, 4.5, 3}
			}
			if dx, dy, dz := d[0]+0.4, d[1]-0.8, d[2]+0.45; dx*dx+dy*dy+dz*dz < 0.02 { // the sun
				c = [3]float64{20, 19, 17}
			}
			for k := range 3 {
				e.Radiance[3*(j*w+i)+k] = float32(c[k])
			}
		}
	}
	return e
}

// envTexture8 returns an n×n nearest-sampled data texture.
func envTexture8(name string, n int, f func(i, j int) color.NRGBA) *scene.Texture {
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	for j := range n {
		for i := range n {
			img.SetNRGBA(i, j, f(i, j))
		}
	}
	return &scene.Texture{Name: name, Image: img, WrapS: scene.ClampToEdge, WrapT: scene.ClampToEdge, Nearest: true}
}

// envScene returns a scene lit by testEnvironment (turned by rotation),
// a little ambient light and a weak directional light, seen by a camera
// looking down at an angle: a glossy floor, four spheres (matte, glossy
// dielectric, rough metal, smooth metal) and a tilted quad with
// metallic-roughness, normal and occlusion textures.
func envScene(tb testing.TB, rotation float64) *scene.Scene {
	tb.Helper()
	sphere, err := scene.Sphere(0.5, 48, 24)
	if err != nil {
		tb.Fatal(err)
	}
	cam := scene.Camera{Fx: 170, Fy: 170, Cx: 80, Cy: 60, Width: 160, Height: 120, Near: 0.05, Far: 100}
	if cam, err = cam.WithLookAt(mgl64.Vec3{0.6, 2.2, -4.8}, mgl64.Vec3{0, 0.4, 0}, mgl64.Vec3{0, 1, 0}); err != nil {
		tb.Fatal(err)
	}
	normal := envTexture8("bumps", 8, func(i, j int) color.NRGBA {
		th := 0.5 * math.Sin(float64(i)*1.3+float64(j)*0.7)
		ph := float64(i*j) * 0.9
		x, y, z := math.Sin(th)*math.Cos(ph), math.Sin(th)*math.Sin(ph), math.Cos(th)
		enc := func(v float64) uint8 { return uint8(math.Round((v + 1) / 2 * 255)) }
		return color.NRGBA{enc(x), enc(y), enc(z), 255}
	})
	mr := envTexture8("metal-rough", 8, func(i, j int) color.NRGBA {
		return color.NRGBA{0, uint8(20 + 30*j), uint8(255 * ((i / 2) % 2)), 255}
	})
	occ := envTexture8("occlusion", 8, func(i, j int) color.NRGBA {
		return color.NRGBA{uint8(255 - 25*((i+j)%8)), 0, 0, 255}
	})
	mats := []*scene.Material{
		{Name: "floor", BaseColor: scene.RGB(0.5, 0.55, 0.6), Roughness: 0.35},
		{Name: "matte", BaseColor: scene.RGB(0.8, 0.8, 0.75), Roughness: 1},
		{Name: "glossy", BaseColor: scene.RGB(0.7, 0.1, 0.1), Roughness: 0.15},
		{Name: "rough-metal", BaseColor: scene.RGB(1, 0.75, 0.35), Metallic: 1, Roughness: 0.6},
		{Name: "smooth-metal", BaseColor: scene.RGB(0.95, 0.95, 0.97), Metallic: 1, Roughness: 0.03},
		{Name: "textured", BaseColor: scene.RGB(0.8, 0.6, 0.9), Metallic: 1, Roughness: 1, DoubleSided: true,
			MetallicRoughnessTexture: mr, NormalTexture: normal, OcclusionTexture: occ, OcclusionStrength: 0.8},
	}
	s := &scene.Scene{
		Camera:      cam,
		Background:  scene.RGB(0.02, 0.02, 0.03),
		Environment: testEnvironment("test sky", 256, rotation, 1.2),
		Lights: []scene.Light{
			{Kind: scene.Ambient, Color: scene.RGB(1, 1, 1), Intensity: 0.05},
			{Kind: scene.Directional, Color: scene.RGB(1, 0.95, 0.9), Intensity: 0.4, Direction: mgl64.Vec3{0.3, 1, -0.4}},
		},
	}
	add := func(m *scene.Material, mesh *scene.Mesh, t mgl64.Mat4) {
		s.Objects = append(s.Objects, scene.Object{Name: m.Name, Category: "thing", Mesh: mesh, Material: m, Transform: t})
	}
	add(mats[0], scene.Plane(8, 8), mgl64.Translate3D(0, -0.1, 1))
	for k, m := range mats[1:5] {
		add(m, sphere, mgl64.Translate3D(-1.65+1.1*float64(k), 0.4, 0.2*float64(k%2)))
	}
	add(mats[5], scene.Quad(1.4, 1.1), mgl64.Translate3D(0.3, 1.45, 1.6).Mul4(mgl64.HomogRotate3DY(math.Pi+0.5)).Mul4(mgl64.HomogRotate3DX(-0.35)))
	return s
}

// envCompare is how the GL and soft renders of one scene compare.
type envCompare struct {
	idAgree, pixels int
	mad             []float64 // per object, over the pixels whose ids agree
	worst, n, off   []int
}

func compareEnv(s *scene.Scene, g, f *render.Frame) envCompare {
	c := envCompare{pixels: len(f.IDs), mad: make([]float64, len(s.Objects)),
		worst: make([]int, len(s.Objects)), n: make([]int, len(s.Objects)), off: make([]int, len(s.Objects))}
	sum := make([]int, len(s.Objects))
	for i := range f.IDs {
		if g.IDs[i] != f.IDs[i] {
			continue
		}
		c.idAgree++
		id := f.IDs[i]
		if id == 0 {
			continue
		}
		worst := 0
		for k := range 3 {
			d := absDiff(g.Color.Pix[4*i+k], f.Color.Pix[4*i+k])
			sum[id-1] += d
			worst = max(worst, d)
		}
		c.n[id-1]++
		c.worst[id-1] = max(c.worst[id-1], worst)
		if worst > envOffLevels {
			c.off[id-1]++
		}
	}
	for q := range s.Objects {
		if c.n[q] > 0 {
			c.mad[q] = float64(sum[q]) / float64(3*c.n[q])
		}
	}
	return c
}

// TestEnvironmentLighting renders envScene with the environment at two
// rotations with both backends: ids must agree on at least 99.9% of the
// pixels, the environment must not change ids, depth or normals (GL with
// and without it agree bit for bit), and each object's colour must be
// within envColourLimit levels of soft on average over the pixels whose
// ids agree, with at most envOffLimit of them more than envOffLevels
// apart.
func TestEnvironmentLighting(t *testing.T) {
	r := sharedRenderer(t)
	for _, tc := range []struct {
		name     string
		rotation float64
	}{{"rotation 0.7", 0.7}, {"rotation -2.2", -2.2}} {
		t.Run(tc.name, func(t *testing.T) {
			s := envScene(t, tc.rotation)
			f := renderSoft(t, s)
			g := mustRender(t, r, s)
			bare := *s
			bare.Environment = nil
			b := mustRender(t, r, &bare)
			labelDiff := 0
			for i := range g.IDs {
				if g.IDs[i] != b.IDs[i] || math.Float32bits(g.Depth[i]) != math.Float32bits(b.Depth[i]) || g.Normals[i] != b.Normals[i] {
					labelDiff++
				}
			}
			if labelDiff != 0 {
				t.Errorf("the environment changes ids, depth or normals on %d pixels; want 0", labelDiff)
			}
			colourDiff := 0
			for i := range g.Color.Pix {
				if g.Color.Pix[i] != b.Color.Pix[i] {
					colourDiff++
				}
			}
			if colourDiff < len(g.Color.Pix)/4 {
				t.Errorf("the environment changes only %d of %d colour values", colourDiff, len(g.Color.Pix))
			}
			c := compareEnv(s, g, f)
			frac := float64(c.idAgree) / float64(c.pixels)
			t.Logf("ids agree on %d of %d pixels (%.3f%%)", c.idAgree, c.pixels, 100*frac)
			if frac < 0.999 {
				t.Errorf("ids agree on %.3f%% of the pixels, want >= 99.9%%", 100*frac)
			}
			for q, o := range s.Objects {
				if c.n[q] < 200 {
					t.Fatalf("%s covers only %d pixels", o.Name, c.n[q])
				}
				offFrac := float64(c.off[q]) / float64(c.n[q])
				t.Logf("%s: %d pixels, colour MAD %.3f levels, max %d, %.2f%% over %d", o.Name, c.n[q], c.mad[q], c.worst[q], 100*offFrac, envOffLevels)
				if c.mad[q] > envColourLimit {
					t.Errorf("%s: colour MAD %.3f levels > %g", o.Name, c.mad[q], envColourLimit)
				}
				if offFrac > envOffLimit {
					t.Errorf("%s: %.2f%% of the pixels differ by more than %d levels, want <= %.2f%%", o.Name, 100*offFrac, envOffLevels, 100*envOffLimit)
				}
			}
		})
	}
}

// TestEnvironmentAtlas checks the atlas layout against the levels it
// holds: every bordered face texel lands where the shader's envLookup
// expects it, and an EnvMap of the wrong shape is an error.
func TestEnvironmentAtlas(t *testing.T) {
	m := shading.PrepareEnv(testEnvironment("atlas", 64, 0, 1))
	px, err := envAtlasPixels(m)
	if err != nil {
		t.Fatal(err)
	}
	if want := 3 * envAtlasWidth * envAtlasHeight; len(px) != want {
		t.Fatalf("atlas holds %d values, want %d", len(px), want)
	}
	for k := range m.Levels {
		lv := &m.Levels[k]
		st := lv.Stride()
		for f := range 6 {
			for _, p := range [][2]int{{0, 0}, {st - 1, 0}, {0, st - 1}, {st - 1, st - 1}, {st / 2, st / 3}} {
				x, y := f*st+p[0], envLevelRow[k]+p[1]
				for ch := range 3 {
					got, want := px[3*(y*envAtlasWidth+x)+ch], lv.Faces[f][3*(p[1]*st+p[0])+ch]
					if got != want {
						t.Fatalf("level %d face %d texel %v channel %d: atlas (%d, %d) = %v, want %v", k, f, p, ch, x, y, got, want)
					}
				}
			}
		}
	}
	bad := &shading.EnvMap{SH: m.SH, Levels: m.Levels}
	bad.Levels[2].Size++
	if _, err := envAtlasPixels(bad); err == nil {
		t.Error("an EnvMap with a level of the wrong size gave no error")
	}
}

// TestEnvironmentCache checks that the renderer prepares and uploads a
// map once however its scenes turn or scale it, and keeps at most
// envCacheSize atlases, the most recently used.
func TestEnvironmentCache(t *testing.T) {
	r := newTestRenderer(t, Options{})
	s := envScene(t, 0)
	s.Camera.Width, s.Camera.Height, s.Camera.Cx, s.Camera.Cy = 32, 24, 16, 12
	count := func() (n int, has func(*shading.EnvMap) bool) {
		var ids map[*shading.EnvMap]bool
		if err := r.thread.do(func() error {
			ids = map[*shading.EnvMap]bool{}
			for m := range r.env.textures {
				ids[m] = true
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return len(ids), func(m *shading.EnvMap) bool { return ids[m] }
	}
	base := s.Environment
	for k, e := range []*scene.Environment{base, {Name: "same, turned", Width: base.Width, Height: base.Height, Radiance: base.Radiance, Rotation: 1, Intensity: 3}} {
		s.Environment = e
		mustRender(t, r, s)
		if n, _ := count(); n != 1 {
			t.Fatalf("after render %d of one map: %d atlases, want 1", k+1, n)
		}
	}
	var first *shading.EnvMap
	for k := range envCacheSize + 2 {
		s.Environment = testEnvironment("small", 16, 0, 1)
		s.Environment.Radiance[0] = float32(k) // a different map each time
		mustRender(t, r, s)
		if k == 0 {
			_ = r.thread.do(func() error { first = r.env.light.Map; return nil })
		}
	}
	n, has := count()
	if n != envCacheSize {
		t.Errorf("after %d maps: %d atlases, want %d", envCacheSize+3, n, envCacheSize)
	}
	if has(first) {
		t.Error("the least recently used atlas was kept")
	}
}

// TestEnvironmentBackgroundConformance draws envScene with its
// environment behind it (scene.Environment.Background) with both
// backends, at two rotations, and holds them to the conformance
// tolerances (compareFrames): the sky's pixels agree with soft's as the
// objects' do, and labels are unchanged.
func TestEnvironmentBackgroundConformance(t *testing.T) {
	r := sharedRenderer(t)
	for _, rot := range []float64{-2.2, 0.7, -2.2} {
		s := envScene(t, rot)
		s.Environment.Background = true
		f := renderSoft(t, s)
		g := mustRender(t, r, s)
		sky := 0
		bg := [3]uint8{5, 5, 8} // about Background (0.02, 0.02, 0.03) in sRGB
		for i, id := range g.IDs {
			if id != 0 {
				continue
			}
			p := g.Color.Pix[4*i : 4*i+3]
			if int(p[0])+int(p[1])+int(p[2]) > int(bg[0])+int(bg[1])+int(bg[2])+12 {
				sky++
			}
		}
		if sky < len(g.IDs)/10 {
			t.Fatalf("rotation %g: only %d background pixels show the sky", rot, sky)
		}
		compareFrames(g, f).check(t)
	}
	// With multisampling the sky is drawn into the multisampled colour
	// buffer: away from object edges it is the same.
	ms := newTestRenderer(t, Options{MSAA: 4})
	s := envScene(t, 0.7)
	s.Environment.Background = true
	f, g := renderSoft(t, s), mustRender(t, ms, s)
	w, h := s.Camera.Width, s.Camera.Height
	sum, n := 0, 0
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			i := y*w + x
			if f.IDs[i] != 0 || f.IDs[i-1] != 0 || f.IDs[i+1] != 0 || f.IDs[i-w] != 0 || f.IDs[i+w] != 0 {
				continue
			}
			for k := range 3 {
				sum += absDiff(g.Color.Pix[4*i+k], f.Color.Pix[4*i+k])
			}
			n++
		}
	}
	if n < w*h/10 {
		t.Fatalf("MSAA 4: only %d sky pixels away from edges", n)
	}
	if mad := float64(sum) / float64(3*n); mad > 0.5 {
		t.Errorf("MSAA 4: sky colour MAD %.3f levels against soft, want <= 0.5", mad)
	} else {
		t.Logf("MSAA 4: sky colour MAD %.3f levels over %d pixels", mad, n)
	}
}
