//go:build gl

package gl_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/render/gl"
	"github.com/synthkit/synthkit/scene"
)

// Render a box on a headless node: New picks EGL (a GPU through the EGL
// device platform, or Mesa's llvmpipe through the surfaceless platform),
// or a hidden GLFW window where a display exists. (Not run as a test: it
// needs an OpenGL driver.)
func ExampleNew() {
	r, err := gl.New(gl.Options{MSAA: 4})
	if errors.Is(err, gl.ErrNoContext) {
		log.Fatalf("no OpenGL here, use render/soft: %v", err)
	}
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	fmt.Println("rendering with", r.Info().Renderer, "via", r.Info().Provider)

	cam, err := scene.NewCameraFOV(640, 480, 60).WithLookAt(mgl64.Vec3{1, 1, 2}, mgl64.Vec3{}, mgl64.Vec3{0, 1, 0})
	if err != nil {
		log.Fatal(err)
	}
	s := &scene.Scene{
		Camera:  cam,
		Objects: []scene.Object{{Name: "box", Mesh: scene.Box(0.5, 0.5, 0.5), Transform: mgl64.Ident4()}},
		Lights:  []scene.Light{{Kind: scene.Directional, Color: scene.RGB(1, 1, 1), Intensity: 2, Direction: mgl64.Vec3{-1, -2, -1}}},
	}
	f, err := r.Render(context.Background(), s)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("box covers", f.Silhouettes[0].Pixels, "pixels at depth", f.Depth[240*640+320])
}
