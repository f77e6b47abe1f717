package shading

import (
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

func near(a, b, tol float32) bool { return math.Abs(float64(a-b)) <= float64(tol) }

func nearVec(a, b Vec3, tol float32) bool {
	return near(a.X, b.X, tol) && near(a.Y, b.Y, tol) && near(a.Z, b.Z, tol)
}

// TestShade checks Shade against the closed forms of the package
// documentation for single lights.
func TestShade(t *testing.T) {
	white := Vec3{1, 1, 1}
	n := Vec3{0, 0, -1}
	p := Vec3{0, 0, 2}
	sun := func(rad float32, towards Vec3) Light { return Light{Dir: towards, Rad: Vec3{rad, rad, rad}} }
	lambert := NewMaterial(&scene.Material{BaseColor: scene.RGB(1, 1, 1), Roughness: 1})
	metal := NewMaterial(&scene.Material{BaseColor: scene.RGB(0.9, 0.6, 0.2), Metallic: 1, Roughness: 0.5})
	unlit := NewMaterial(&scene.Material{BaseColor: scene.RGB(0.2, 0.4, 0.6), Unlit: true})
	emissive := NewMaterial(&scene.Material{BaseColor: scene.RGB(0, 0, 0), Emissive: scene.RGB(0.1, 0.2, 0.3), Roughness: 1})
	cos60 := float32(0.5)
	sin60 := float32(math.Sqrt(3) / 2)
	full := &ShadowLookup{Size: 4, Depth: make([]float32, 16), FromCamera: [12]float32{1, 0, 0, 2, 0, 1, 0, 2, 0, 0, 0, 0.5}}
	cases := []struct {
		name    string
		m       *Material
		c       Vec3
		ambient Vec3
		lights  []Light
		shadows []*ShadowLookup
		want    Vec3
	}{
		// A white light of intensity 1 on a white Lambert surface facing
		// it: 1 plus the 4% of F0 (lobe = 1 at exponent 0).
		{"lambert head-on", &lambert, white, Vec3{}, []Light{sun(1, Vec3{0, 0, -1})}, nil, Vec3{1.04, 1.04, 1.04}},
		{"lambert 60°", &lambert, white, Vec3{}, []Light{sun(1, Vec3{sin60, 0, -cos60})}, nil, Vec3{0.52, 0.52, 0.52}},
		{"from behind", &lambert, white, Vec3{}, []Light{sun(1, Vec3{0, 0, 1})}, nil, Vec3{}},
		{"ambient", &lambert, white, Vec3{0.25, 0.25, 0.25}, nil, nil, Vec3{0.26, 0.26, 0.26}},
		{"ambient metal shows F0", &metal, metal.Base, Vec3{1, 1, 1}, nil, nil, metal.Base},
		// A point light 1 m in front of the surface: falloff 1/d² = 1.
		{"point light", &lambert, white, Vec3{}, []Light{{Point: true, Pos: [3]float64{0, 0, 1}, Rad: Vec3{2, 2, 2}}}, nil, Vec3{2.08, 2.08, 2.08}},
		{"point light at the point", &lambert, white, Vec3{}, []Light{{Point: true, Pos: [3]float64{0, 0, 2}, Rad: white}}, nil, Vec3{}},
		{"unlit", &unlit, unlit.Base, Vec3{1, 1, 1}, []Light{sun(1, Vec3{0, 0, -1})}, nil, unlit.Base},
		{"emissive", &emissive, Vec3{}, Vec3{}, nil, nil, emissive.Emissive},
		// Every texel of the map is nearer the light than the point.
		{"shadowed", &lambert, white, Vec3{}, []Light{sun(1, Vec3{0, 0, -1})}, []*ShadowLookup{full}, Vec3{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Shade(Point{Material: c.m, Colour: c.c, P: p, N: n, V: ViewDir(p)}, c.ambient, c.lights, c.shadows)
			if !nearVec(got, c.want, 1e-5) {
				t.Errorf("Shade = %v, want %v", got, c.want)
			}
		})
	}
}

// TestSpecularExponent checks the roughness → exponent mapping and its
// clamps.
func TestSpecularExponent(t *testing.T) {
	minExp := float32(2/(MinAlpha*MinAlpha) - 2)
	for _, c := range []struct {
		roughness, want float32
	}{
		{1, 0}, {2, 0}, {0.5, 2/(0.0625) - 2}, {0, minExp}, {-1, minExp}, {float32(math.NaN()), minExp},
	} {
		if got := SpecularExponent(c.roughness); !near(got, c.want, c.want*1e-6) {
			t.Errorf("SpecularExponent(%v) = %v, want %v", c.roughness, got, c.want)
		}
	}
	if got := LobeNorm(8); got != 2 {
		t.Errorf("LobeNorm(8) = %v, want 2", got)
	}
}

// TestPCF checks the box filter's fractions: a map half nearer and half
// farther than the point, looked up across the boundary.
func TestPCF(t *testing.T) {
	const size = 8
	depth := make([]float32, size*size)
	for j := range size {
		for i := range size {
			depth[j*size+i] = 1 // lit
			if i < 4 {
				depth[j*size+i] = 0 // nearer the light: shadowed
			}
		}
	}
	sm := &ShadowLookup{Size: size, Depth: depth, FromCamera: [12]float32{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0.5}}
	for _, c := range []struct {
		x, y float32
		want float32
	}{
		{1.5, 4.5, 0}, {3.5, 4.5, 3.0 / 9}, {4.5, 4.5, 6.0 / 9}, {6.5, 4.5, 1},
		{0.5, 4.5, 3.0 / 9}, // one column off the map (lit), the others shadowed
		{1.5, 0.5, 3.0 / 9}, // one row off the map
		{-5, 4, 1}, {4, 100, 1}, {float32(math.NaN()), 4, 1},
	} {
		if got := PCF(sm, Vec3{c.x, c.y, 1}, Vec3{0, 0, -1}); !near(got, c.want, 1e-7) {
			t.Errorf("PCF at (%v, %v) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
}

// TestNewShadowCamera checks the light camera of a unit cube seen from
// above, and the cases without a map.
func TestNewShadowCamera(t *testing.T) {
	cube := &scene.Scene{Objects: []scene.Object{{Mesh: scene.Box(1, 1, 1), Transform: mgl64.Ident4()}}}
	down := scene.Light{Kind: scene.Directional, CastShadows: true, Direction: mgl64.Vec3{0, -1, 0}}
	c, ok := NewShadowCamera(cube, &down, 100)
	if !ok {
		t.Fatal("no camera for a cube under a directional light")
	}
	// Extent 1 on every axis, pad 4/100, half-side 0.5 + 0.04.
	if want := 2 * 0.54 / 100; math.Abs(c.Texel-want) > 1e-12 || math.Abs(c.DepthRange-1.08) > 1e-12 {
		t.Errorf("texel %v, depth range %v; want %v, 1.08", c.Texel, c.DepthRange, want)
	}
	top := c.Transform.Mul4x1(mgl64.Vec4{0, 0.5, 0, 1}) // the cube's top centre
	if math.Abs(top[0]-50) > 1e-9 || math.Abs(top[1]-50) > 1e-9 || math.Abs(top[2]-0.04/1.08) > 1e-9 {
		t.Errorf("top centre maps to %v", top)
	}
	if got, want := c.NormalOffset(), ShadowNormalOffset*c.Texel; got != want {
		t.Errorf("NormalOffset = %v, want %v", got, want)
	}
	if got, want := c.DepthBias(), ShadowBias*c.Texel/c.DepthRange; got != want {
		t.Errorf("DepthBias = %v, want %v", got, want)
	}
	point := scene.Light{Kind: scene.Point, CastShadows: true}
	noCast := down
	noCast.CastShadows = false
	zero := down
	zero.Direction = mgl64.Vec3{}
	empty := &scene.Scene{}
	for _, c := range []struct {
		name string
		s    *scene.Scene
		l    *scene.Light
		size int
	}{
		{"point light", cube, &point, 100},
		{"no CastShadows", cube, &noCast, 100},
		{"zero direction", cube, &zero, 100},
		{"no objects", empty, &down, 100},
		{"size 0", cube, &down, 0},
	} {
		if _, ok := NewShadowCamera(c.s, c.l, c.size); ok {
			t.Errorf("%s: got a shadow camera", c.name)
		}
	}
	many := *cube
	for range MaxShadowMaps + 2 {
		many.Lights = append(many.Lights, down)
	}
	if got := ShadowedLights(&many, 64); len(got) != MaxShadowMaps {
		t.Errorf("ShadowedLights: %d maps, want %d", len(got), MaxShadowMaps)
	}
}

// TestNormalMatrix checks that normals stay perpendicular to surfaces and
// outward under scaling, mirroring and flattening.
func TestNormalMatrix(t *testing.T) {
	for _, c := range []struct {
		name     string
		l        mgl64.Mat3
		in, want mgl64.Vec3
	}{
		{"identity", mgl64.Ident3(), mgl64.Vec3{0, 0, 1}, mgl64.Vec3{0, 0, 1}},
		{"scale", mgl64.Diag3(mgl64.Vec3{2, 1, 1}), mgl64.Vec3{1, 1, 0}.Normalize(), mgl64.Vec3{1, 2, 0}.Normalize()},
		{"mirror x", mgl64.Diag3(mgl64.Vec3{-1, 1, 1}), mgl64.Vec3{1, 0, 0}, mgl64.Vec3{-1, 0, 0}},
		{"flattened", mgl64.Diag3(mgl64.Vec3{1, 1, 0}), mgl64.Vec3{0, 0, 1}, mgl64.Vec3{0, 0, 1}},
	} {
		got := NormalMatrix(c.l).Mul3x1(c.in).Normalize()
		if !got.ApproxEqualThreshold(c.want, 1e-12) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// TestCameraLights checks the move to the camera frame and the ambient sum.
func TestCameraLights(t *testing.T) {
	pose := mgl64.Translate3D(0, 0, 5).Mul4(mgl64.HomogRotate3DY(math.Pi / 2))
	s := &scene.Scene{Camera: scene.Camera{Pose: pose}, Lights: []scene.Light{
		{Kind: scene.Ambient, Color: scene.RGB(1, 0.5, 0), Intensity: 0.5},
		{Kind: scene.Directional, Color: scene.RGB(1, 1, 1), Intensity: 2, Direction: mgl64.Vec3{0, 0, 3}},
		{Kind: scene.Directional, Color: scene.RGB(1, 1, 1), Intensity: 2}, // zero direction: dropped
		{Kind: scene.Ambient, Color: scene.RGB(0, 0.5, 1), Intensity: 0.5},
		{Kind: scene.Point, Color: scene.RGB(1, 1, 1), Intensity: 1, Position: mgl64.Vec3{1, 0, 0}},
	}}
	lights, ambient := CameraLights(nil, s)
	if ambient != (Vec3{0.5, 0.5, 0.5}) {
		t.Errorf("ambient %v", ambient)
	}
	if len(lights) != 2 || lights[0].Src != 1 || lights[1].Src != 4 || lights[0].Point || !lights[1].Point {
		t.Fatalf("lights %+v", lights)
	}
	// The light shines along world +z, which the pose turns to camera +x;
	// the direction towards it is −x.
	if !nearVec(lights[0].Dir, Vec3{-1, 0, 0}, 1e-7) || lights[0].Rad != (Vec3{2, 2, 2}) {
		t.Errorf("directional %+v", lights[0])
	}
	if p := lights[1].Pos; math.Abs(p[0]) > 1e-12 || math.Abs(p[2]-4) > 1e-12 {
		t.Errorf("point light at %v, want (0, 0, 4)", p)
	}
	d, f, ok := lights[1].Incidence(Vec3{0, 0, 2})
	if !ok || !nearVec(d, Vec3{0, 0, 1}, 1e-7) || f != 0.25 {
		t.Errorf("Incidence = %v, %v, %v", d, f, ok)
	}
}
