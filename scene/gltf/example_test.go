package gltf_test

import (
	"bytes"
	"fmt"
	"log"
	"testing/fstest"

	"github.com/go-gl/mathgl/mgl64"
	"github.com/synthkit/synthkit/scene"
	"github.com/synthkit/synthkit/scene/gltf"
)

// A procedural SKU written as GLB, then loaded back from an in-memory file
// system through a cache and placed twice in a scene.
func ExampleLoadFS() {
	box := scene.Box(0.2, 0.25, 0.1)
	sku := &scene.Model{Name: "cereal", Parts: []scene.Part{{
		Name:      "carton",
		Mesh:      box,
		Material:  &scene.Material{Name: "print", BaseColor: scene.SRGB8(200, 40, 30), Roughness: 0.8},
		Transform: mgl64.Translate3D(0, 0.125, 0), // resting on y = 0
	}}}
	var glb bytes.Buffer
	if err := gltf.WriteGLB(&glb, sku); err != nil {
		log.Fatal(err)
	}
	fsys := fstest.MapFS{"skus/cereal.glb": {Data: glb.Bytes()}}

	cache := gltf.NewCache(fsys, gltf.DefaultLimits())
	model, err := cache.Load("skus/cereal.glb")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d part, %d triangles, bounds %.2f to %.2f\n", model.Name, len(model.Parts), model.NumTriangles(), model.Lo, model.Hi)

	var s scene.Scene
	s.Objects = model.AppendInstance(s.Objects, mgl64.Translate3D(-0.5, 0, 2), "sku-cereal")
	s.Objects = model.AppendInstance(s.Objects, mgl64.Translate3D(0.5, 0, 2), "sku-cereal")
	fmt.Println(len(s.Objects), "objects share one mesh:", s.Objects[0].Mesh == s.Objects[1].Mesh)
	// Output:
	// cereal: 1 part, 12 triangles, bounds [-0.10 0.00 -0.05] to [0.10 0.25 0.05]
	// 2 objects share one mesh: true
}
