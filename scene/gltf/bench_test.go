package gltf

import (
	"bytes"
	"testing"
	"testing/fstest"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// BenchmarkLoadGLB loads a 250,000-vertex textured sphere drawn by two
// nodes; asset loading is off the per-sample path (see Cache) but must
// stay linear.
func BenchmarkLoadGLB(b *testing.B) {
	sphere, err := scene.Sphere(1, 500, 500)
	if err != nil {
		b.Fatal(err)
	}
	mat := &scene.Material{Name: "m", BaseColor: scene.Color{R: 1, G: 1, B: 1, A: 1}, BaseColorTexture: &scene.Texture{Name: "t", Image: checkerNRGBA(256, 256, false)}}
	m := &scene.Model{Name: "ball", Parts: []scene.Part{
		{Name: "a", Mesh: sphere, Material: mat, Transform: mgl64.Ident4()},
		{Name: "b", Mesh: sphere, Material: mat, Transform: mgl64.Translate3D(3, 0, 0)},
	}}
	var buf bytes.Buffer
	if err := WriteGLB(&buf, m); err != nil {
		b.Fatal(err)
	}
	fsys := fstest.MapFS{"ball.glb": {Data: buf.Bytes()}}
	b.SetBytes(int64(buf.Len()))
	b.ResetTimer()
	for b.Loop() {
		if _, err := LoadFS(fsys, "ball.glb", Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
