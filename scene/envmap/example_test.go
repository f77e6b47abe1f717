package envmap_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/synthkit/synthkit/scene"
	"github.com/synthkit/synthkit/scene/envmap"
)

func ExampleStore() {
	e := envmap.Store(envmap.StoreParams{Seed: 42})
	fmt.Println(e.Name, e.Width, e.Height)
	for _, f := range []struct {
		name string
		n    [3]float64
	}{{"up", [3]float64{0, 1, 0}}, {"along the aisle", [3]float64{1, 0, 0}}, {"across it", [3]float64{0, 0, 1}}, {"down", [3]float64{0, -1, 0}}} {
		c := envmap.Irradiance(e, f.n)
		fmt.Printf("white matte facing %s: %.2f %.2f %.2f\n", f.name, c[0], c[1], c[2])
	}
	// Output:
	// store 256 128
	// white matte facing up: 1.48 0.90 0.55
	// white matte facing along the aisle: 0.82 0.50 0.31
	// white matte facing across it: 0.78 0.48 0.29
	// white matte facing down: 0.40 0.24 0.15
}

func ExampleDecode() {
	// A 4×2 PNG, sRGB grey 128 on top and white below, as a file would
	// hold it.
	img := image.NewGray(image.Rect(0, 0, 4, 2))
	for x := range 4 {
		img.SetGray(x, 0, color.Gray{128})
		img.SetGray(x, 1, color.Gray{255})
	}
	var file bytes.Buffer
	if err := png.Encode(&file, img); err != nil {
		fmt.Println(err)
		return
	}
	e, err := envmap.Decode(&file, "tiny.png", 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.Name, e.Width, e.Height)
	fmt.Printf("linear %.4f above, %.4f below\n", e.Radiance[0], e.Radiance[3*4])

	_, err = envmap.Decode(bytes.NewReader([]byte("GIF89a")), "shelf.gif", 0)
	fmt.Println(err)
	// Output:
	// tiny.png 4 2
	// linear 0.2159 above, 1.0000 below
	// envmap "shelf.gif": unknown format (want Radiance .hdr, PNG or JPEG)
}

func ExampleStudio() {
	e := envmap.Studio(64)
	up := envmap.Irradiance(e, [3]float64{0, 1, 0})
	side := envmap.Irradiance(e, [3]float64{1, 0, 0})
	fmt.Printf("%s %dx%d: up %.2f, side %.2f\n", e.Name, e.Width, e.Height, up[1], side[1])
	// Output:
	// studio 128x64: up 1.00, side 0.59
}

func ExampleUniform() {
	e := envmap.Uniform(scene.RGB(0.8, 0.8, 0.8), 16)
	c := envmap.Irradiance(e, [3]float64{0, 0, -1})
	fmt.Printf("%.3f\n", c[0])
	// Output:
	// 0.800
}
