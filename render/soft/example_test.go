package soft_test

import (
	"context"
	"fmt"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/render/soft"
	"github.com/synthkit/synthkit/scene"
)

// Render a unit box 2 m in front of the camera and read the labels at the
// image centre: the box is object 0 (instance id 1), its front face lies
// at z = 1.5 and faces the camera. With fx = 24/tan 30° ≈ 41.57 the face
// spans u = 32 ± 13.86 and v = 24 ± 13.86, i.e. the 28×28 pixels whose
// centres lie inside; the side faces are back faces.
func Example() {
	s := &scene.Scene{
		Camera: scene.NewCameraFOV(64, 48, 60),
		Objects: []scene.Object{
			{Name: "box", Mesh: scene.Box(1, 1, 1), Transform: mgl64.Translate3D(0, 0, 2)},
		},
		Lights: []scene.Light{{Kind: scene.Ambient, Color: scene.RGB(1, 1, 1), Intensity: 1}},
	}
	r := soft.New(soft.Options{})
	defer r.Close()
	f, err := r.Render(context.Background(), s)
	if err != nil {
		fmt.Println(err)
		return
	}
	i := 24*f.Width + 32
	fmt.Println("id:", f.IDs[i], "depth:", f.Depth[i], "normal:", f.Normals[i])
	fmt.Println("silhouette:", f.Silhouettes[0].Bounds, f.Silhouettes[0].Pixels, "pixels")
	// Output:
	// id: 1 depth: 1.5 normal: [0 0 -1]
	// silhouette: (18,10)-(46,38) 784 pixels
}
