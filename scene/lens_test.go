package scene

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl64"
)

// TestProjectOpenCV: ProjectCamera gives the pixel OpenCV's projectPoints
// (Brown–Conrady) and fisheye.projectPoints (Kannala–Brandt) give, within
// 1e-3 px. The vectors were printed by testdata/opencv_lens.py with
// Debian's python3-opencv 4.6.0.
func TestProjectOpenCV(t *testing.T) {
	pts := []mgl64.Vec3{{0.3, -0.2, 2.0}, {-0.9, 0.6, 1.5}, {0.05, 0.01, 3.0}, {1.2, 0.9, 1.1}}
	tests := []struct {
		model LensModel
		coef  []float64
		want  [][2]float64
	}{
		{BrownConrady, []float64{-0.28, 0.07, 0.0012, -0.0007, 0.015}, [][2]float64{
			{394.2779589316, 192.4735462838}, {56.646864, 408.72904704}, {328.3324304191, 241.6000124538}, {765.6748623261, 562.4255702963}}},
		{BrownConrady, []float64{0.12, -0.03, 0.0005, 0.0008}, [][2]float64{
			{395.3136234375, 191.815401}, {4.0896, 442.440576}, {328.3339877569, 241.600172796}, {932.7282363972, 681.0750740076}}},
		{KannalaBrandt, []float64{0.05, -0.01, 0.002, -0.0003}, [][2]float64{
			{394.3202694761, 192.4350275353}, {55.3811159855, 409.3560857693}, {328.3326513319, 241.5998690557}, {709.2659245453, 520.2714656726}}},
	}
	for _, tt := range tests {
		d, err := NewDistortion(tt.model, tt.coef)
		if err != nil {
			t.Fatal(err)
		}
		c := Camera{Fx: 500, Fy: 480, Cx: 320, Cy: 240, Width: 640, Height: 480, Near: 0.01, Far: 100, Pose: mgl64.Ident4(), Distortion: d}
		for i, p := range pts {
			u, v := c.ProjectCamera(p)
			if math.Abs(u-tt.want[i][0]) > 1e-3 || math.Abs(v-tt.want[i][1]) > 1e-3 {
				t.Errorf("%s %v: point %v projects to (%.6f, %.6f), OpenCV (%.6f, %.6f)", tt.model, tt.coef, p, u, v, tt.want[i][0], tt.want[i][1])
			}
			// The ray through the projection leads back to the point.
			r, ok := c.Ray(u, v)
			if q := p.Mul(1 / p[2]); !ok || math.Abs(r[0]-q[0]) > 1e-9 || math.Abs(r[1]-q[1]) > 1e-9 {
				t.Errorf("%s: Ray(%.3f, %.3f) = %v, %v; want %v", tt.model, u, v, r, ok, q)
			}
		}
		if got := d.Coefficients(); len(tt.coef) == 5 || tt.model == KannalaBrandt {
			for i := range tt.coef {
				if got[i] != tt.coef[i] {
					t.Errorf("%s: Coefficients() = %v, want %v", tt.model, got, tt.coef)
				}
			}
		}
	}
}

// TestRemoveRoundTrip: Remove inverts Apply over a phone-like image.
func TestRemoveRoundTrip(t *testing.T) {
	for _, d := range []Distortion{
		{Model: BrownConrady, K1: -0.12, K2: 0.03, P1: 0.001, P2: -0.0005},
		{Model: BrownConrady, K1: 0.08, K2: -0.01, K3: 0.002},
		{Model: KannalaBrandt, K1: 0.02, K2: -0.004},
	} {
		for x := -0.8; x <= 0.8; x += 0.05 {
			for y := -0.6; y <= 0.6; y += 0.05 {
				xd, yd := d.Apply(x, y)
				gx, gy, ok := d.Remove(xd, yd, xd, yd)
				if !ok || math.Abs(gx-x) > 1e-10 || math.Abs(gy-y) > 1e-10 {
					t.Fatalf("%+v: Remove(Apply(%g, %g)) = (%g, %g), %v", d, x, y, gx, gy, ok)
				}
			}
		}
	}
}

func TestIdentity(t *testing.T) {
	for _, tt := range []struct {
		d    Distortion
		want bool
	}{
		{Distortion{}, true},
		{Distortion{Model: BrownConrady}, true},
		{Distortion{Model: BrownConrady, P2: 1e-9}, false},
		{Distortion{Model: KannalaBrandt}, false}, // equidistant fisheye
	} {
		if got := tt.d.Identity(); got != tt.want {
			t.Errorf("%+v.Identity() = %v, want %v", tt.d, got, tt.want)
		}
	}
}

func TestLensModelNames(t *testing.T) {
	for _, m := range []LensModel{Pinhole, BrownConrady, KannalaBrandt} {
		got, err := ParseLensModel(m.String())
		if err != nil || got != m {
			t.Errorf("ParseLensModel(%q) = %v, %v", m, got, err)
		}
	}
	if m, err := ParseLensModel(""); err != nil || m != Pinhole {
		t.Errorf(`ParseLensModel("") = %v, %v`, m, err)
	}
	if _, err := ParseLensModel("fisheye"); err == nil || !strings.Contains(err.Error(), "kannala_brandt") {
		t.Errorf("ParseLensModel(fisheye): %v", err)
	}
	if _, err := NewDistortion(KannalaBrandt, []float64{1, 2}); err == nil || !strings.Contains(err.Error(), "takes 4") {
		t.Errorf("NewDistortion with 2 fisheye coefficients: %v", err)
	}
}

// TestLensValidation: cameras whose lens folds the image, images no ray,
// needs an absurd pinhole image, or has bad coefficients are refused with
// an error naming the problem.
func TestLensValidation(t *testing.T) {
	base := NewCameraFOV(640, 480, 50)
	tests := []struct {
		name string
		d    Distortion
		want string
	}{
		{"fold", Distortion{Model: BrownConrady, K1: -0.9}, "one-to-one"},
		{"nan", Distortion{Model: BrownConrady, K1: math.NaN()}, "finite"},
		{"huge", Distortion{Model: BrownConrady, K2: 1e6}, "at most"},
		{"k4 on brown", Distortion{Model: BrownConrady, K4: 0.1}, "no k4"},
		{"p1 on fisheye", Distortion{Model: KannalaBrandt, P1: 0.1}, "tangential"},
		{"pinhole coefficients", Distortion{K1: 0.1}, "pinhole"},
		{"unknown model", Distortion{Model: 7}, "unknown lens model"},
		{"fisheye beyond 90 degrees", Distortion{Model: KannalaBrandt, K1: -0.3}, "view ray"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			c.Distortion = tt.d
			if tt.name == "fisheye beyond 90 degrees" {
				c.Fx, c.Fy = 150, 150
			}
			s := &Scene{Camera: c}
			err := s.Validate()
			if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want an ErrInvalid naming %q", err, tt.want)
			}
		})
	}
	ok := base
	ok.Distortion = Distortion{Model: BrownConrady, K1: -0.1, K2: 0.02}
	if err := (&Scene{Camera: ok}).Validate(); err != nil {
		t.Fatalf("phone-like lens: %v", err)
	}
}

// TestCoveringPinhole: the covering pinhole image holds the ray of every
// pixel corner and edge of a barrel-distorted image, and is the camera
// itself for a pinhole at scale 1.
func TestCoveringPinhole(t *testing.T) {
	c := NewCameraFOV(640, 480, 60)
	if p, err := c.CoveringPinhole(1); err != nil || p != c {
		t.Fatalf("pinhole: %+v, %v", p, err)
	}
	c.Distortion = Distortion{Model: BrownConrady, K1: -0.2, K2: 0.05, P1: 0.002}
	for _, scale := range []float64{1, 2} {
		p, err := c.CoveringPinhole(scale)
		if err != nil {
			t.Fatal(err)
		}
		if p.Fx != scale*c.Fx || !p.Distortion.Identity() {
			t.Fatalf("scale %g: %+v", scale, p)
		}
		for u := 0.0; u <= 640; u += 8 {
			for _, v := range []float64{0, 240, 480} {
				r, ok := c.Ray(u, v)
				if !ok {
					t.Fatalf("no ray at (%g, %g)", u, v)
				}
				su, sv := p.ProjectCamera(r)
				if su < 0.999 || sv < 0.999 || su > float64(p.Width)-0.999 || sv > float64(p.Height)-0.999 {
					t.Errorf("scale %g: ray of (%g, %g) lands at (%.2f, %.2f), outside the %dx%d pinhole less its margin", scale, u, v, su, sv, p.Width, p.Height)
				}
			}
		}
	}
}
