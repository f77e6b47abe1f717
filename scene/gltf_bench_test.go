package scene

import (
	"bytes"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"
)

// BenchmarkLoadGLB loads a 250,000-vertex textured sphere drawn by two
// nodes; asset loading is off the per-sample path (see AssetCache) but must
// stay linear.
func BenchmarkLoadGLB(b *testing.B) {
	sphere, err := Sphere(1, 500, 500)
	if err != nil {
		b.Fatal(err)
	}
	mat := &Material{Name: "m", BaseColor: Color{1, 1, 1, 1}, BaseColorTexture: &Texture{Name: "t", Image: checkerNRGBA(256, 256, false)}}
	m := &Model{Name: "ball", Parts: []Part{
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
		if _, err := LoadGLTF(fsys, "ball.glb", AssetLimits{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestReferencedSkipsUnusedVertices(t *testing.T) {
	m := &Mesh{Positions: make([]mgl32.Vec3, 100_000), Indices: []uint32{7, 3, 7, 3, 9, 1}}
	if got := referenced(m); !slices.Equal(got, []uint32{7, 3, 9, 1}) {
		t.Errorf("referenced = %v", got)
	}
}
