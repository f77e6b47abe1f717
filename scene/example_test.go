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
