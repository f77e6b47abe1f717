package soft

import (
	"bytes"
	"fmt"
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/shading"
	"github.com/synthkit/synthkit/scene"
)

// occluderScene is a 4×4 m floor at y = 0 under a straight-down
// directional light, with a 0.4×0.02×0.4 m slab whose underside is at
// y = 0.5 centred over the origin: its shadow is the square |x|, |z| <= 0.2
// on the floor. The camera looks down at the floor from the front.
func occluderScene(light scene.Light) *scene.Scene {
	cam, _ := scene.NewCameraFOV(200, 150, 50).WithLookAt(mgl64.Vec3{0, 2.2, 2}, mgl64.Vec3{0, 0, 0}, mgl64.Vec3{0, 1, 0})
	s := &scene.Scene{Camera: cam, Background: scene.RGB(0.1, 0.1, 0.1),
		Lights: []scene.Light{{Kind: scene.Ambient, Color: scene.RGB(1, 1, 1), Intensity: 0.2}}}
	if light.Intensity != 0 {
		s.Lights = append(s.Lights, light)
	}
	s.Objects = []scene.Object{
		{Name: "floor", Mesh: scene.Plane(4, 4), Material: &scene.Material{BaseColor: scene.RGB(0.5, 0.5, 0.5), Roughness: 1}, Transform: mgl64.Ident4()},
		{Name: "slab", Mesh: scene.Box(0.4, 0.02, 0.4), Material: &scene.Material{BaseColor: scene.RGB(0.2, 0.4, 0.8), Roughness: 1},
			Transform: mgl64.Translate3D(0, 0.51, 0)},
	}
	return s
}

// TestShadowAnalytic: under a straight-down light the slab's shadow on the
// floor is its projection. Floor pixels whose surface point lies well
// inside the square get exactly the colour of the scene without the light;
// floor pixels well outside it get exactly the colour of the scene with an
// unshadowed light.
func TestShadowAnalytic(t *testing.T) {
	sun := scene.Light{Kind: scene.Directional, Color: scene.RGB(1, 1, 1), Intensity: 1.5, Direction: mgl64.Vec3{0, -1, 0}}
	plain := renderScene(t, occluderScene(sun))
	dark := renderScene(t, occluderScene(scene.Light{}))
	sun.CastShadows = true
	sh := renderScene(t, occluderScene(sun))
	cam := occluderScene(sun).Camera
	inv := cam.Pose.Inv()
	// The map spans the 4 m floor plus padding in 2048 texels (2 mm); the
	// PCF reaches 1.5 texels and the normal offset runs along the light.
	// 2 cm keeps well clear of the edge.
	const margin = 0.02
	inside, outside := 0, 0
	for y := range sh.Height {
		for x := range sh.Width {
			i := y*sh.Width + x
			if sh.IDs[i] != 1 {
				continue
			}
			z := float64(sh.Depth[i])
			pc := mgl64.Vec3{(float64(x) + 0.5 - cam.Cx) / cam.Fx * z, (float64(y) + 0.5 - cam.Cy) / cam.Fy * z, z}
			pw := mgl64.TransformCoordinate(pc, inv)
			d := max(math.Abs(pw[0]), math.Abs(pw[2]))
			got := sh.Color.RGBAAt(x, y)
			switch {
			case d < 0.2-margin:
				inside++
				if want := dark.Color.RGBAAt(x, y); got != want {
					t.Fatalf("pixel (%d, %d) at %.3v inside the shadow: %v, want %v (unlit)", x, y, pw, got, want)
				}
			case d > 0.2+margin:
				outside++
				if want := plain.Color.RGBAAt(x, y); got != want {
					t.Fatalf("pixel (%d, %d) at %.3v outside the shadow: %v, want %v (lit)", x, y, pw, got, want)
				}
			}
		}
	}
	t.Logf("%d floor pixels inside the shadow, %d outside", inside, outside)
	if inside < 200 || outside < 1000 {
		t.Fatalf("too few floor pixels checked: %d inside, %d outside", inside, outside)
	}
}

// TestShadowsKeepLabels: shadows change colour only.
func TestShadowsKeepLabels(t *testing.T) {
	for _, samples := range []int{1, 2} {
		r := New(Options{SSAA: samples})
		a := mustRender(t, r, testscenes.Shelf(160, 120))
		b := mustRender(t, r, shadowed(testscenes.Shelf(160, 120)))
		r.Close()
		if bytes.Equal(a.Color.Pix, b.Color.Pix) {
			t.Errorf("samples %d: shadows changed no colour", samples)
		}
		a.Color, b.Color = nil, nil
		if !bytes.Equal(labelBytes(a), labelBytes(b)) {
			t.Errorf("samples %d: labels differ with shadows", samples)
		}
	}
}

func labelBytes(f *render.Frame) []byte {
	var b bytes.Buffer
	fmt.Fprint(&b, f.IDs, f.Depth, f.Normals)
	for _, s := range f.Silhouettes {
		fmt.Fprint(&b, s.Bounds, s.Pixels)
		b.Write(s.Mask)
	}
	return b.Bytes()
}

// TestShadowDeterminism: shadowed frames are byte-identical whatever the
// number of workers, with and without supersampling, and on reuse.
func TestShadowDeterminism(t *testing.T) {
	s := shadowed(testscenes.Shelf(160, 120))
	for _, samples := range []int{1, 2} {
		var ref []byte
		for _, w := range []int{1, 2, 7} {
			r := New(Options{SSAA: samples, Workers: w, ShadowMapSize: 1000})
			for rep := range 2 {
				got := frameBytes(mustRender(t, r, s))
				if ref == nil {
					ref = got
				} else if !bytes.Equal(got, ref) {
					t.Errorf("samples %d workers %d render %d: frame differs", samples, w, rep)
				}
			}
			r.Close()
		}
	}
}

// TestShadowDegenerate: shadowed lights with nothing to shadow, or
// degenerate bounds or directions, render without error and change no
// label.
func TestShadowDegenerate(t *testing.T) {
	sun := func(dir mgl64.Vec3) scene.Light {
		return scene.Light{Kind: scene.Directional, Color: scene.RGB(1, 1, 1), Intensity: 1, Direction: dir, CastShadows: true}
	}
	cam, _ := scene.NewCameraFOV(64, 48, 50).WithLookAt(mgl64.Vec3{0, 1, 3}, mgl64.Vec3{}, mgl64.Vec3{0, 1, 0})
	point := &scene.Mesh{Positions: []mgl32.Vec3{{0.1, 0.2, 0.3}, {0.1, 0.2, 0.3}, {0.1, 0.2, 0.3}}, Indices: []uint32{0, 1, 2}}
	plane := scene.Object{Mesh: scene.Plane(2, 2), Transform: mgl64.Ident4()}
	cases := map[string]*scene.Scene{
		"no objects":            {Camera: cam, Lights: []scene.Light{sun(mgl64.Vec3{0, -1, 0})}},
		"empty mesh":            {Camera: cam, Lights: []scene.Light{sun(mgl64.Vec3{0, -1, 0})}, Objects: []scene.Object{{Mesh: &scene.Mesh{}, Transform: mgl64.Ident4()}}},
		"zero-size bounds":      {Camera: cam, Lights: []scene.Light{sun(mgl64.Vec3{0, -1, 0})}, Objects: []scene.Object{{Mesh: point, Transform: mgl64.Ident4()}}},
		"light along the plane": {Camera: cam, Lights: []scene.Light{sun(mgl64.Vec3{1, 0, 0})}, Objects: []scene.Object{plane}},
		"light onto the plane":  {Camera: cam, Lights: []scene.Light{sun(mgl64.Vec3{0, -1, 0})}, Objects: []scene.Object{plane}},
		"flattened object":      {Camera: cam, Lights: []scene.Light{sun(mgl64.Vec3{0, -1, 0.2})}, Objects: []scene.Object{{Mesh: scene.Box(1, 1, 1), Transform: mgl64.Scale3D(1, 0, 1)}}},
	}
	for name, s := range cases {
		t.Run(name, func(t *testing.T) {
			f := renderScene(t, s)
			u := *s
			u.Lights = append([]scene.Light(nil), s.Lights...)
			u.Lights[0].CastShadows = false
			g := renderScene(t, &u)
			f.Color, g.Color = nil, nil
			if !bytes.Equal(labelBytes(f), labelBytes(g)) {
				t.Error("labels differ with shadows")
			}
		})
	}
	// A plane facing the light is lit, not self-shadowed (no acne).
	s := cases["light onto the plane"]
	f := renderScene(t, s)
	u := *s
	u.Lights = []scene.Light{s.Lights[0]}
	u.Lights[0].CastShadows = false
	if g := renderScene(t, &u); !bytes.Equal(f.Color.Pix, g.Color.Pix) {
		t.Error("a lone plane facing the light shadows itself")
	}
}

// TestShadowOptions rejects out-of-range shadow-map sizes.
func TestShadowOptions(t *testing.T) {
	for _, n := range []int{-1, shading.MaxShadowMapSize + 1} {
		r := New(Options{ShadowMapSize: n})
		if _, err := r.Render(t.Context(), occluderScene(scene.Light{})); err == nil {
			t.Errorf("ShadowMapSize %d accepted", n)
		}
		r.Close()
	}
}
