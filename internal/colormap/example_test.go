package colormap_test

import (
	"fmt"
	"image/color"

	"github.com/synthkit/synthkit/internal/colormap"
)

// A depth map of three surfaces at 1, 2 and 4 m and one background pixel,
// coloured by inverse depth: near yellow, far purple, background black.
func ExampleDepth() {
	img, near, far := colormap.Depth([]float32{1, 2, 4, 0}, 4, 1, color.RGBA{A: 255})
	fmt.Printf("depth %g..%g m\n", near, far)
	for x := range 4 {
		c := img.RGBAAt(x, 0)
		fmt.Printf("#%02x%02x%02x\n", c.R, c.G, c.B)
	}
	// Output:
	// depth 1..4 m
	// #fde725
	// #32678b
	// #440154
	// #000000
}
