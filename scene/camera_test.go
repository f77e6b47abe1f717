package scene

import (
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl64"
)

func TestLookAtAxes(t *testing.T) {
	tests := []struct {
		name         string
		eye, target  mgl64.Vec3
		up           mgl64.Vec3
		wantX, wantY mgl64.Vec3 // camera axes in world coordinates
		wantZ        mgl64.Vec3
	}{
		{"along +z, y up", mgl64.Vec3{0, 0, -5}, mgl64.Vec3{}, mgl64.Vec3{0, 1, 0},
			mgl64.Vec3{-1, 0, 0}, mgl64.Vec3{0, -1, 0}, mgl64.Vec3{0, 0, 1}},
		{"along -z, y up", mgl64.Vec3{0, 0, 5}, mgl64.Vec3{}, mgl64.Vec3{0, 1, 0},
			mgl64.Vec3{1, 0, 0}, mgl64.Vec3{0, -1, 0}, mgl64.Vec3{0, 0, -1}},
		{"down from above, z up in image", mgl64.Vec3{0, 3, 0}, mgl64.Vec3{}, mgl64.Vec3{0, 0, -1},
			mgl64.Vec3{1, 0, 0}, mgl64.Vec3{0, 0, 1}, mgl64.Vec3{0, -1, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pose, err := LookAt(tc.eye, tc.target, tc.up)
			if err != nil {
				t.Fatal(err)
			}
			// Rows of the rotation are the camera axes.
			rows := [3]mgl64.Vec3{pose.Row(0).Vec3(), pose.Row(1).Vec3(), pose.Row(2).Vec3()}
			for i, want := range []mgl64.Vec3{tc.wantX, tc.wantY, tc.wantZ} {
				if !rows[i].ApproxEqualThreshold(want, 1e-12) {
					t.Errorf("axis %d = %v, want %v", i, rows[i], want)
				}
			}
			if got := TransformCoordinate(tc.eye, pose); got.Len() > 1e-12 {
				t.Errorf("eye maps to %v, want origin", got)
			}
			c := NewCameraFOV(640, 480, 60)
			c.Pose = pose
			if p := c.Position(); !p.ApproxEqualThreshold(tc.eye, 1e-12) {
				t.Errorf("Position() = %v, want %v", p, tc.eye)
			}
			// The target projects to the principal point.
			u, v, z := c.Project(tc.target)
			if math.Abs(u-320) > 1e-9 || math.Abs(v-240) > 1e-9 || math.Abs(z-tc.eye.Sub(tc.target).Len()) > 1e-12 {
				t.Errorf("target projects to (%g, %g, z=%g)", u, v, z)
			}
		})
	}
}

func TransformCoordinate(p mgl64.Vec3, m mgl64.Mat4) mgl64.Vec3 {
	return mgl64.TransformCoordinate(p, m)
}

func TestLookAtDegenerate(t *testing.T) {
	if _, err := LookAt(mgl64.Vec3{1, 1, 1}, mgl64.Vec3{1, 1, 1}, mgl64.Vec3{0, 1, 0}); err == nil {
		t.Error("eye == target: want error")
	}
	if _, err := LookAt(mgl64.Vec3{0, 2, 0}, mgl64.Vec3{}, mgl64.Vec3{0, 1, 0}); err == nil {
		t.Error("up parallel to view: want error")
	}
}

func TestNewCameraFOV(t *testing.T) {
	c := NewCameraFOV(640, 480, 90)
	if math.Abs(c.Fy-240) > 1e-9 || c.Fx != c.Fy || c.Cx != 320 || c.Cy != 240 {
		t.Fatalf("90° vertical fov at 480 rows: got fx=%g fy=%g cx=%g cy=%g", c.Fx, c.Fy, c.Cx, c.Cy)
	}
	// A point at 45° below the axis lands on the bottom border.
	_, v, _ := c.Project(mgl64.Vec3{0, 1, 1})
	if math.Abs(v-480) > 1e-9 {
		t.Errorf("v = %g, want 480", v)
	}
	k := c.K()
	if k.At(0, 0) != c.Fx || k.At(0, 2) != c.Cx || k.At(1, 2) != c.Cy || k.At(2, 2) != 1 {
		t.Errorf("K = %v", k)
	}
}

func TestKelvin(t *testing.T) {
	warm, cool := Kelvin(2700), Kelvin(6500)
	if !(warm.R == 1 && warm.B < warm.G && warm.G < 1) {
		t.Errorf("2700 K = %+v, want red-dominant", warm)
	}
	if math.Abs(float64(cool.R-cool.B)) > 0.1 {
		t.Errorf("6500 K = %+v, want near white", cool)
	}
}

func TestSRGBRoundTrip(t *testing.T) {
	for i := 0; i <= 255; i++ {
		v := float32(i) / 255
		if got := LinearToSRGB(SRGBToLinear(v)); math.Abs(float64(got-v)) > 1e-5 {
			t.Fatalf("round trip of %d/255 = %g", i, got)
		}
	}
	if LinearToSRGB(float32(math.NaN())) != 0 || LinearToSRGB(2) != 1 {
		t.Error("LinearToSRGB must clamp NaN and >1")
	}
}

func TestHSVToSRGB(t *testing.T) {
	tests := []struct {
		h, s, v float64
		r, g, b float64
	}{
		{0, 1, 1, 1, 0, 0},
		{120, 1, 1, 0, 1, 0},
		{240, 1, 1, 0, 0, 1},
		{-120, 1, 1, 0, 0, 1},      // hue wraps
		{420, 1, 0.5, 0.5, 0.5, 0}, // 60°: yellow at half value
		{200, 0, 0.3, 0.3, 0.3, 0.3},
		{math.NaN(), 1, 1, 1, 0, 0}, // non-finite hue counts as 0
	}
	for _, tc := range tests {
		r, g, b := HSVToSRGB(tc.h, tc.s, tc.v)
		if math.Abs(r-tc.r) > 1e-12 || math.Abs(g-tc.g) > 1e-12 || math.Abs(b-tc.b) > 1e-12 {
			t.Errorf("HSVToSRGB(%g, %g, %g) = (%g, %g, %g), want (%g, %g, %g)", tc.h, tc.s, tc.v, r, g, b, tc.r, tc.g, tc.b)
		}
	}
}
