package merge_test

import (
	"fmt"
	"image"
	"log"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
	"github.com/synthkit/synthkit/scene/merge"
)

// A bottle modelled in two parts, a labelled body and a red cap, becomes
// one mesh with one material, so that it is one object and one instance.
func ExampleModel() {
	body, err := scene.Cylinder(0.035, 0.2, 16)
	if err != nil {
		log.Fatal(err)
	}
	capMesh, err := scene.Cylinder(0.015, 0.02, 16)
	if err != nil {
		log.Fatal(err)
	}
	label := image.NewNRGBA(image.Rect(0, 0, 256, 128))
	for i := range label.Pix {
		label.Pix[i] = 255
	}
	bottle := &scene.Model{Name: "bottle", Parts: []scene.Part{
		{Name: "body", Mesh: body, Transform: mgl64.Translate3D(0, 0.1, 0),
			Material: &scene.Material{BaseColor: scene.RGB(1, 1, 1), BaseColorTexture: &scene.Texture{Image: label}, Roughness: 0.3}},
		{Name: "cap", Mesh: capMesh, Transform: mgl64.Translate3D(0, 0.21, 0),
			Material: &scene.Material{BaseColor: scene.SRGB8(200, 20, 20), Roughness: 0.8}},
	}}

	mesh, mat, err := merge.Model(bottle, merge.Options{Name: "bottle", MaxTextureSide: 64})
	if err != nil {
		log.Fatal(err)
	}
	lo, hi := mesh.Bounds()
	atlas := mat.BaseColorTexture.Image.Rect
	fmt.Printf("%d + %d triangles -> %d in one mesh, %.2f m tall\n",
		body.NumTriangles(), capMesh.NumTriangles(), mesh.NumTriangles(), hi[1]-lo[1])
	fmt.Printf("atlas %dx%d: the label shrunk to 64x32 in a border, then the cap's swatch\n", atlas.Dx(), atlas.Dy())
	mr := mat.MetallicRoughnessTexture.Image
	fmt.Printf("roughness in the metallic-roughness atlas: body %.2f, cap %.2f\n",
		float64(mr.NRGBAAt(10, 10).G)/255, float64(mr.NRGBAAt(1, 35).G)/255)

	s := scene.Scene{Objects: []scene.Object{{Name: "bottle", Category: "drink", Mesh: mesh, Material: mat, Transform: mgl64.Ident4()}}}
	fmt.Println(len(s.Objects), "object")
	// Output:
	// 64 + 64 triangles -> 128 in one mesh, 0.22 m tall
	// atlas 66x38: the label shrunk to 64x32 in a border, then the cap's swatch
	// roughness in the metallic-roughness atlas: body 0.30, cap 0.80
	// 1 object
}
