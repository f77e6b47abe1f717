package scene_test

import (
	"fmt"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// A camera 2 m in front of a 20 cm box, looking at it: where do the box's
// front corners land in the image?
func Example() {
	cam := scene.NewCameraFOV(640, 480, 60)
	cam, err := cam.WithLookAt(mgl64.Vec3{0, 0, 2}, mgl64.Vec3{0, 0, 0}, mgl64.Vec3{0, 1, 0})
	if err != nil {
		panic(err)
	}
	s := &scene.Scene{
		Camera: cam,
		Objects: []scene.Object{{
			Name: "carton", Category: "box",
			Mesh:      scene.Box(0.2, 0.2, 0.2),
			Transform: mgl64.Ident4(),
		}},
		Lights: []scene.Light{{Kind: scene.Ambient, Color: scene.RGB(1, 1, 1), Intensity: 1}},
	}
	if err := s.Validate(); err != nil {
		panic(err)
	}
	for _, p := range []mgl64.Vec3{{-0.1, 0.1, 0.1}, {0.1, -0.1, 0.1}} {
		u, v, z := cam.Project(p)
		fmt.Printf("(%.1f, %.1f) at depth %.2f m\n", u, v, z)
	}
	// Output:
	// (298.1, 218.1) at depth 1.90 m
	// (341.9, 261.9) at depth 1.90 m
}

// A phone-like lens: the camera projects through OpenCV's Brown–Conrady
// model, and Ray leads back to the point's direction.
func ExampleDistortion() {
	c := scene.NewCameraFOV(640, 480, 60)
	c.Distortion = scene.Distortion{Model: scene.BrownConrady, K1: -0.12, K2: 0.02}
	p := mgl64.Vec3{0.5, 0.25, 1}
	u, v := c.ProjectCamera(p)
	pu, pv := c.Undistorted().ProjectCamera(p)
	r, _ := c.Ray(u, v)
	fmt.Printf("pinhole (%.2f, %.2f), lens (%.2f, %.2f)\n", pu, pv, u, v)
	fmt.Printf("ray (%.4f, %.4f, %.0f)\n", r[0], r[1], r[2])
	fmt.Println(c.Distortion.Model, c.Distortion.Coefficients())
	// Output:
	// pinhole (527.85, 343.92), lens (520.46, 340.23)
	// ray (0.5000, 0.2500, 1)
	// brown_conrady [-0.12 0.02 0 0 0]
}
