package scene

import (
	"errors"
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl64"
)

func TestPostValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    Post
		ok   bool
	}{
		{"zero", Post{}, true},
		{"all", Post{Seed: 1, Blur: 1, MotionLength: 3, MotionAngle: 1, Vignette: 0.3, WhiteBalance: [3]float64{0.1, 0, -0.1},
			Exposure: -1, ShotNoise: 0.01, Contrast: 0.2, Saturation: -1, Noise: 0.01, JPEGQuality: 100}, true},
		{"jpeg 1", Post{JPEGQuality: 1}, true},
		{"blur NaN", Post{Blur: math.NaN()}, false},
		{"blur negative", Post{Blur: -1}, false},
		{"blur too large", Post{Blur: MaxBlurSigma + 1}, false},
		{"motion Inf", Post{MotionLength: math.Inf(1)}, false},
		{"angle NaN", Post{MotionAngle: math.NaN()}, false},
		{"vignette > 1", Post{Vignette: 1.5}, false},
		{"white balance -1", Post{WhiteBalance: [3]float64{0, -1, 0}}, false},
		{"exposure", Post{Exposure: -9}, false},
		{"shot noise", Post{ShotNoise: -0.1}, false},
		{"contrast -1", Post{Contrast: -1}, false},
		{"saturation", Post{Saturation: -1.1}, false},
		{"noise", Post{Noise: 0.6}, false},
		{"jpeg 101", Post{JPEGQuality: 101}, false},
		{"jpeg -1", Post{JPEGQuality: -1}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.p.Validate()
			if (err == nil) != tc.ok {
				t.Fatalf("Validate() = %v, want ok=%v", err, tc.ok)
			}
			s := &Scene{Camera: Camera{Width: 4, Height: 4, Fx: 4, Fy: 4, Cx: 2, Cy: 2, Near: 0.1, Far: 10, Pose: mgl64.Ident4()}, Post: tc.p}
			if err := s.Validate(); (err == nil) != tc.ok || (err != nil && !errors.Is(err, ErrInvalid)) {
				t.Fatalf("Scene.Validate() = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

func TestPostIsZero(t *testing.T) {
	if !(&Post{Seed: 5}).IsZero() || (&Post{Noise: 0.01}).IsZero() || (&Post{Exposure: 0.1}).Linear() != true {
		t.Error("IsZero/Linear")
	}
}
