package soft

import (
	"context"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/scene"
)

// TestShadeRunMatchesShade checks that resolveBand's shading of runs of
// pixels (surface, then gatherLights, shading.PowN, addSpecular and finish over
// the run) gives every lit pixel the colour that shade gives it alone,
// bit for bit in linear float32, on scenes that take each path: plain
// and textured materials, shadows, an environment, more lights than
// shade's batch of lightBatch, rough materials (exponent 0, no powers)
// and unlit ones, and rows with more lit pixels than one run holds.
func TestShadeRunMatchesShade(t *testing.T) {
	manyLights := func(s *scene.Scene) *scene.Scene {
		c := *s
		c.Lights = append([]scene.Light(nil), s.Lights...)
		for i := range 2*lightBatch + 3 {
			c.Lights = append(c.Lights, scene.Light{Kind: scene.Point, Color: scene.RGB(1, 0.9, 0.8), Intensity: 0.4,
				Position: mgl64.Vec3{float64(i%7) - 3, 2, float64(i/7) - 1}})
		}
		return &c
	}
	// rough gives every third object roughness 1 (Blinn-Phong exponent 0)
	// and every fifth an unlit material.
	rough := func(s *scene.Scene) *scene.Scene {
		c := *s
		c.Objects = append([]scene.Object(nil), s.Objects...)
		for i := range c.Objects {
			o := &c.Objects[i]
			m := *o.MaterialOrDefault()
			switch {
			case i%5 == 0:
				m.Unlit = true
			case i%3 == 0:
				m.Roughness, m.MetallicRoughnessTexture = 1, nil
			}
			o.Material = &m
		}
		return &c
	}
	for _, c := range []struct {
		name  string
		scene *scene.Scene
	}{
		{"shelf", testscenes.Shelf(320, 240)},
		{"shelf-lit", withEnvironment(withPBRTextures(shadowed(testscenes.Shelf(320, 240))))},
		{"shelf-many-lights", manyLights(withPBRTextures(testscenes.Shelf(200, 150)))},
		{"shelf-rough-unlit", rough(withEnvironment(testscenes.Shelf(320, 240)))},
		{"reference", referenceScene()},
		{"pbr", testscenes.PBR(true)},
	} {
		t.Run(c.name, func(t *testing.T) {
			lit, powers := compareRuns(t, c.scene)
			t.Logf("%d lit pixels, %d specular powers", lit, powers)
			if lit < 1000 {
				t.Errorf("only %d lit pixels compared", lit)
			}
		})
	}
}

// compareRuns rasterizes s and shades every row of every band both ways,
// failing on the first pixel whose colours differ; it returns how many
// lit pixels and specular powers it compared.
func compareRuns(t *testing.T, s *scene.Scene) (lit, powers int) {
	t.Helper()
	opts := Options{Workers: 1}
	r := New(opts)
	defer r.Close()
	st := new(state)
	st.envMap = r.envMap(s.Environment)
	f := r.frame(s.Camera.Width, s.Camera.Height, len(s.Objects))
	if err := st.render(context.Background(), s, opts, f); err != nil {
		t.Fatal(err)
	}
	pi := &st.passes[0]
	var w bandScratch
	w.run.reserve(len(st.lights))
	fullRun := false
	for b := range st.nBands {
		st.rasterBand(&w, 0, b, false)
		y0 := b * bandRows
		for y := y0; y < min(y0+bandRows, st.cam.h); y++ {
			row := (y - y0) * st.cam.w
			m := 0
			flush := func() {
				st.shadeRun(&w.run, m)
				powers += int(w.run.end[m-1])
				for i, x := range w.run.x[:m] {
					k := w.k[row+int(x)]
					_, want := st.shade(st.shadeRec(k), pi.rx[x], pi.ry[y], w.z[row+int(x)], true)
					if got := w.run.colour(i); !sameBits(got, toShading(want)) {
						t.Fatalf("pixel (%d, %d), run position %d: run colour %v, shade %v", x, y, i, got, want)
					}
				}
				lit += m
				fullRun = fullRun || m == runMax
				m = 0
			}
			for x := range st.cam.w {
				k := w.k[row+x]
				if k == 0 {
					continue
				}
				if _, _, ok := st.surface(st.shadeRec(k), pi.rx[x], pi.ry[y], w.z[row+x], true, &w.run.s[m]); !ok {
					continue
				}
				w.run.x[m] = int32(x)
				if m++; m == runMax {
					flush()
				}
			}
			if m > 0 {
				flush()
			}
		}
	}
	if !fullRun && s.Camera.Width >= runMax {
		t.Error("no row filled a whole run")
	}
	return lit, powers
}
