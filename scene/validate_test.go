package scene

import (
	"errors"
	"image"
	"math"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"
)

func validScene() *Scene {
	c := NewCameraFOV(64, 48, 60)
	return &Scene{
		Camera:  c,
		Objects: []Object{{Name: "box", Mesh: Box(1, 1, 1), Transform: mgl64.Translate3D(0, 0, 3)}},
		Lights:  []Light{{Kind: Ambient, Color: RGB(1, 1, 1), Intensity: 0.3}},
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(s *Scene)
		wantErr string // "" means valid
	}{
		{"valid", func(s *Scene) {}, ""},
		{"empty scene", func(s *Scene) { s.Objects = nil; s.Lights = nil }, ""},
		{"zero width", func(s *Scene) { s.Camera.Width = 0 }, "image size 0x48"},
		{"negative height", func(s *Scene) { s.Camera.Height = -5 }, "must be positive"},
		{"absurd size", func(s *Scene) { s.Camera.Width, s.Camera.Height = 100000, 100000 }, "exceeds the limit"},
		{"zero focal", func(s *Scene) { s.Camera.Fx = 0 }, "focal"},
		{"NaN principal point", func(s *Scene) { s.Camera.Cx = math.NaN() }, "principal point"},
		{"near >= far", func(s *Scene) { s.Camera.Near = 5; s.Camera.Far = 1 }, "clip planes"},
		{"NaN pose", func(s *Scene) { s.Camera.Pose[3] = math.NaN() }, "pose"},
		{"NaN object transform", func(s *Scene) { s.Objects[0].Transform[12] = math.NaN() }, `object 0 ("box"): transform`},
		{"nil mesh", func(s *Scene) { s.Objects[0].Mesh = nil }, "nil mesh"},
		{"index out of range", func(s *Scene) { s.Objects[0].Mesh = &Mesh{Positions: []mgl32.Vec3{{}}, Indices: []uint32{0, 0, 7}} }, "out of range"},
		{"indices not triples", func(s *Scene) { s.Objects[0].Mesh = &Mesh{Positions: []mgl32.Vec3{{}}, Indices: []uint32{0, 0}} }, "multiple of 3"},
		{"normals length", func(s *Scene) { s.Objects[0].Mesh = &Mesh{Positions: []mgl32.Vec3{{}, {}}, Normals: []mgl32.Vec3{{}}} }, "normals"},
		{"tangents length", func(s *Scene) {
			s.Objects[0].Mesh = &Mesh{Name: "bag", Positions: []mgl32.Vec3{{}, {}}, Tangents: []mgl32.Vec4{{1, 0, 0, 1}}}
		}, `mesh "bag": 1 tangents for 2 positions`},
		{"tangent handedness", func(s *Scene) {
			s.Objects[0].Mesh = &Mesh{Name: "bag", Positions: []mgl32.Vec3{{}}, Tangents: []mgl32.Vec4{{1, 0, 0, 0.5}}}
		}, `mesh "bag": tangent 0 is`},
		{"NaN tangent", func(s *Scene) {
			s.Objects[0].Mesh = &Mesh{Name: "bag", Positions: []mgl32.Vec3{{}}, Tangents: []mgl32.Vec4{{float32(math.NaN()), 0, 0, 1}}}
		}, "want a finite direction and w = ±1"},
		{"inf vertex", func(s *Scene) {
			s.Objects[0].Mesh = &Mesh{Positions: []mgl32.Vec3{{float32(math.Inf(1)), 0, 0}}, Indices: []uint32{0, 0, 0}}
		}, "not finite"},
		{"degenerate triangle is fine", func(s *Scene) {
			s.Objects[0].Mesh = &Mesh{Positions: []mgl32.Vec3{{1, 1, 1}}, Indices: []uint32{0, 0, 0}}
		}, ""},
		{"negative light", func(s *Scene) { s.Lights[0].Intensity = -1 }, "light 0"},
		{"zero direction", func(s *Scene) { s.Lights = []Light{{Kind: Directional, Intensity: 1}} }, "zero direction"},
		{"empty texture", func(s *Scene) { s.Objects[0].Material = &Material{BaseColorTexture: &Texture{}} }, "empty base colour texture"},
		{"empty normal texture", func(s *Scene) { s.Objects[0].Material = &Material{Name: "foil", NormalTexture: &Texture{}} }, `material "foil": empty normal texture`},
		{"huge emissive texture", func(s *Scene) {
			s.Objects[0].Material = &Material{Name: "lamp", EmissiveTexture: &Texture{Image: image.NewNRGBA(image.Rect(0, 0, 16385, 1))}}
		}, `material "lamp": emissive texture 16385x1 exceeds 16384`},
		{"normal scale", func(s *Scene) { s.Objects[0].Material = &Material{Name: "m", NormalScale: -2} }, ""},
		{"NaN normal scale", func(s *Scene) { s.Objects[0].Material = &Material{Name: "foil", NormalScale: float32(math.NaN())} }, `material "foil": normal scale NaN`},
		{"occlusion strength above 1", func(s *Scene) { s.Objects[0].Material = &Material{Name: "box", OcclusionStrength: 1.5} }, `material "box": occlusion strength 1.5 outside [0, 1]`},
		{"alpha mask", func(s *Scene) { s.Objects[0].Material = &Material{Name: "m", AlphaMode: AlphaMask, AlphaCutoff: 0.3} }, ""},
		{"alpha blend", func(s *Scene) { s.Objects[0].Material = &Material{Name: "m", AlphaMode: AlphaBlend} }, ""},
		{"cutoff 1", func(s *Scene) { s.Objects[0].Material = &Material{Name: "m", AlphaMode: AlphaMask, AlphaCutoff: 1} }, ""},
		{"unknown alpha mode", func(s *Scene) { s.Objects[0].Material = &Material{Name: "glass", AlphaMode: 7} }, `material "glass": unknown alpha mode 7`},
		{"cutoff above 1", func(s *Scene) { s.Objects[0].Material = &Material{Name: "leaf", AlphaCutoff: 1.5} }, `material "leaf": alpha cutoff 1.5`},
		{"negative cutoff", func(s *Scene) { s.Objects[0].Material = &Material{Name: "leaf", AlphaCutoff: -0.1} }, `material "leaf": alpha cutoff -0.1`},
		{"NaN cutoff", func(s *Scene) { s.Objects[0].Material = &Material{Name: "leaf", AlphaCutoff: float32(math.NaN())} }, `material "leaf": alpha cutoff NaN`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := validScene()
			tc.mutate(s)
			err := s.Validate()
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.wantErr != "" && err == nil:
				t.Fatalf("want error containing %q", tc.wantErr)
			case tc.wantErr != "" && (!strings.Contains(err.Error(), tc.wantErr) || !errors.Is(err, ErrInvalid)):
				t.Fatalf("error %q: want it to contain %q and wrap ErrInvalid", err, tc.wantErr)
			}
		})
	}
	var nilScene *Scene
	if err := nilScene.Validate(); err == nil {
		t.Error("nil scene: want error")
	}
}

func TestValidateManyObjects(t *testing.T) {
	s := validScene()
	m := Box(0.01, 0.01, 0.01)
	s.Objects = make([]Object, 70000)
	for i := range s.Objects {
		s.Objects[i] = Object{Mesh: m, Transform: mgl64.Translate3D(0, 0, 5)}
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("70000 objects must be valid: %v", err)
	}
	lim := DefaultLimits()
	lim.MaxObjects = 1000
	if err := s.ValidateLimits(lim); err == nil || !strings.Contains(err.Error(), "70000 objects") {
		t.Fatalf("want object-limit error, got %v", err)
	}
}

func TestMaterialCutoff(t *testing.T) {
	tests := []struct {
		cutoff, want float32
	}{{0, 0.5}, {0.25, 0.25}, {1, 1}, {0.5, 0.5}}
	for _, tc := range tests {
		m := Material{AlphaMode: AlphaMask, AlphaCutoff: tc.cutoff}
		if got := m.Cutoff(); got != tc.want {
			t.Errorf("Cutoff() with AlphaCutoff %g = %g, want %g", tc.cutoff, got, tc.want)
		}
	}
	for mode, want := range map[AlphaMode]string{AlphaOpaque: "OPAQUE", AlphaMask: "MASK", AlphaBlend: "BLEND", 9: "AlphaMode(9)"} {
		if got := mode.String(); got != want {
			t.Errorf("AlphaMode(%d).String() = %q, want %q", mode, got, want)
		}
	}
}

func TestEnvironmentValidate(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	tests := []struct {
		name string
		edit func(e *Environment)
		want string // "" for valid
	}{
		{"valid", func(*Environment) {}, ""},
		{"minus zero", func(e *Environment) { e.Radiance[5] = float32(math.Copysign(0, -1)) }, ""},
		{"largest finite", func(e *Environment) { e.Radiance[0] = math.MaxFloat32 }, ""},
		{"subnormal", func(e *Environment) { e.Radiance[7] = math.SmallestNonzeroFloat32 }, ""},
		{"negative", func(e *Environment) { e.Radiance[4] = -1e-30 }, "texel 1 channel 1: radiance -1e-30 is negative"},
		{"smallest negative", func(e *Environment) { e.Radiance[8] = -math.SmallestNonzeroFloat32 }, "texel 2 channel 2"},
		{"NaN", func(e *Environment) { e.Radiance[3] = nan }, "texel 1 channel 0: radiance NaN"},
		{"negative NaN", func(e *Environment) { e.Radiance[3] = -nan }, "texel 1 channel 0: radiance NaN"},
		{"+Inf", func(e *Environment) { e.Radiance[len(e.Radiance)-1] = inf }, "channel 2: radiance +Inf"},
		{"-Inf", func(e *Environment) { e.Radiance[0] = -inf }, "texel 0 channel 0: radiance -Inf"},
		{"not 2:1", func(e *Environment) { e.Width = 10 }, "is not an equirectangular map"},
		{"too small", func(e *Environment) { e.Height, e.Width = MinEnvironmentHeight-1, 2*MinEnvironmentHeight-2 }, "height"},
		{"short radiance", func(e *Environment) { e.Radiance = e.Radiance[1:] }, "radiance values for"},
		{"negative intensity", func(e *Environment) { e.Intensity = -1 }, "intensity -1"},
		{"rotation NaN", func(e *Environment) { e.Rotation = math.NaN() }, "rotation NaN"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := max(MinEnvironmentHeight, 4)
			e := &Environment{Name: "sky", Width: 2 * h, Height: h, Radiance: make([]float32, 6*h*h), Intensity: 1}
			for i := range e.Radiance {
				e.Radiance[i] = float32(i%7) * 0.25
			}
			tc.edit(e)
			err := e.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("Validate: %v, want nil", err)
			case tc.want != "" && err == nil:
				t.Fatalf("Validate: nil, want an error containing %q", tc.want)
			case tc.want != "" && !strings.Contains(err.Error(), tc.want):
				t.Fatalf("Validate: %v, want an error containing %q", err, tc.want)
			case err != nil && !strings.HasPrefix(err.Error(), `environment "sky": `):
				t.Fatalf("Validate: %v does not name the environment", err)
			}
		})
	}
}

// BenchmarkEnvironmentValidate checks a 512×256 map, which renderers do
// for every frame that has it.
func BenchmarkEnvironmentValidate(b *testing.B) {
	e := &Environment{Name: "sky", Width: 512, Height: 256, Radiance: make([]float32, 3*512*256), Intensity: 1}
	for i := range e.Radiance {
		e.Radiance[i] = float32(i%97) * 0.125
	}
	for b.Loop() {
		if err := e.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}
