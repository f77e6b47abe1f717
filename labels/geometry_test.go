package labels

import (
	"testing"

	"github.com/go-gl/mathgl/mgl64"
)

func TestCuboidCorners(t *testing.T) {
	lo, hi := mgl64.Vec3{-1, -2, -3}, mgl64.Vec3{1, 2, 3}
	want := [8]mgl64.Vec3{
		{-1, -2, -3}, {-1, -2, 3}, {-1, 2, -3}, {-1, 2, 3},
		{1, -2, -3}, {1, -2, 3}, {1, 2, -3}, {1, 2, 3},
	}
	if got := CuboidCorners(lo, hi); got != want {
		t.Errorf("CuboidCorners = %v, want %v", got, want)
	}
}

// TestKeypointVisibility exercises the visibility rule on a 4×4 depth
// buffer (digits are metres, '.' background) with a camera of f = 1 px and
// principal point (0, 0), so that a point at (u·z, v·z, z) projects to
// (u, v).
func TestKeypointVisibility(t *testing.T) {
	tests := []struct {
		name    string
		depth   string
		u, v, z float64
		want    Keypoint
	}{
		{"in front of a surface", "2222/2222/2222/2222", 1.5, 1.5, 1, Keypoint{1.5, 1.5, Visible}},
		{"behind a surface", "2222/2222/2222/2222", 1.5, 1.5, 3, Keypoint{1.5, 1.5, Occluded}},
		{"on the surface", "2222/2222/2222/2222", 1.5, 1.5, 2, Keypoint{1.5, 1.5, Visible}},
		{"within the tolerance", "2222/2222/2222/2222", 1.5, 1.5, 2.0015, Keypoint{1.5, 1.5, Visible}},
		{"beyond the tolerance", "2222/2222/2222/2222", 1.5, 1.5, 2.003, Keypoint{1.5, 1.5, Occluded}},
		{"over the background", "..../..../..../....", 1.5, 1.5, 3, Keypoint{1.5, 1.5, Visible}},
		// A point on a silhouette edge: of the four pixel centres around it,
		// (1, 0) and (1, 1) are covered, (2, 0) and (2, 1) are not.
		{"edge over background", "22../22../22../22..", 2, 1, 3, Keypoint{2, 1, Visible}},
		{"edge over a farther surface", "2299/2299/2299/2299", 2, 1, 3, Keypoint{2, 1, Visible}},
		{"edge behind nearer surfaces", "2211/2211/2211/2211", 2, 1, 3, Keypoint{2, 1, Occluded}},
		{"one clear centre of four", "22../2222/2222/2222", 2, 1, 3, Keypoint{2, 1, Visible}},
		// Near the image corner only pixel (0, 0) is around the point.
		{"corner pixel hides", "2.../..../..../....", 0.2, 0.2, 3, Keypoint{0.2, 0.2, Occluded}},
		{"corner pixel clear", ".222/2222/2222/2222", 0.2, 0.2, 3, Keypoint{0.2, 0.2, Visible}},
		{"last pixel", "2222/2222/2222/222.", 3.9, 3.9, 3, Keypoint{3.9, 3.9, Visible}},
		{"left of the image", "..../..../..../....", -0.1, 1, 3, Keypoint{-0.1, 1, NotLabeled}},
		{"right border", "..../..../..../....", 4, 1, 3, Keypoint{4, 1, NotLabeled}},
		{"below the image", "..../..../..../....", 1, 4.5, 3, Keypoint{1, 4.5, NotLabeled}},
		{"nearer than the near plane", "..../..../..../....", 1, 1, 0.05, Keypoint{1, 1, NotLabeled}},
		{"beyond the far plane", "..../..../..../....", 1, 1, 101, Keypoint{1, 1, NotLabeled}},
		{"in the camera plane", "..../..../..../....", 1, 1, 0, Keypoint{}},
		{"behind the camera", "2222/2222/2222/2222", 1, 1, -2, Keypoint{}},
	}
	cam := testCamera(4, 4)
	cam.Fx, cam.Fy, cam.Cx, cam.Cy = 1, 1, 0, 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, w, h := grid(t, tt.depth)
			depth := make([]float32, len(d))
			for i, x := range d {
				depth[i] = float32(x)
			}
			if w != cam.Width || h != cam.Height {
				t.Fatalf("depth is %dx%d", w, h)
			}
			v := newView(&cam, depth)
			p := mgl64.Vec3{tt.u * tt.z, tt.v * tt.z, tt.z}
			if tt.z == 0 {
				p = mgl64.Vec3{1, 1, 0}
			}
			got := v.keypoint(p)
			if !mgl64.FloatEqual(got.X, tt.want.X) || !mgl64.FloatEqual(got.Y, tt.want.Y) || got.V != tt.want.V {
				t.Errorf("keypoint = %v, want %v", got, tt.want)
			}
		})
	}
}
