package scene

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl64"
)

func TestValidAttrKey(t *testing.T) {
	for _, tt := range []struct {
		key  string
		want bool
	}{
		{"sku", true}, {"null_set", true}, {"_x1", true}, {"Brand2", true},
		{"", false}, {"1st", false}, {"shelf row", false}, {"a-b", false}, {"é", false}, {strings.Repeat("k", 65), false}, {strings.Repeat("k", 64), true},
	} {
		if got := ValidAttrKey(tt.key); got != tt.want {
			t.Errorf("ValidAttrKey(%q) = %v, want %v", tt.key, got, tt.want)
		}
	}
}

func TestValidateAnnotations(t *testing.T) {
	base := func() *Scene {
		return &Scene{Camera: NewCameraFOV(8, 8, 60), Objects: []Object{{Name: "a", Mesh: Box(1, 1, 1), Transform: mgl64.Ident4()}}}
	}
	for _, tt := range []struct {
		name string
		a    Annotation
		want string
	}{
		{"no category", Annotation{}, "empty category"},
		{"bad key", Annotation{Category: "c", Attrs: map[string]string{"a b": ""}}, `attribute key "a b" is not an identifier`},
		{"object", Annotation{Category: "c", Objects: []int{1}}, "object 1 outside the scene's 1 objects"},
		{"inverted", Annotation{Category: "c", Region: &Region{Transform: mgl64.Ident4(), Lo: mgl64.Vec3{1, 0, 0}}}, "exceeds hi"},
		{"nan", Annotation{Category: "c", Region: &Region{Transform: mgl64.Ident4(), Hi: mgl64.Vec3{math.NaN(), 0, 0}}}, "NaN or Inf"},
		{"one point", Annotation{Category: "c", Line: []mgl64.Vec3{{}}}, "at least two points"},
	} {
		s := base()
		s.Annotations = []Annotation{tt.a}
		if err := s.Validate(); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	s := base()
	s.Annotations = []Annotation{{Category: "c", Objects: []int{0}, Region: &Region{Transform: mgl64.Ident4(), Hi: mgl64.Vec3{1, 1, 1}}, Line: []mgl64.Vec3{{}, {1, 0, 0}}}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
}
