package shelves

import (
	"context"
	"testing"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/labels"
	"github.com/synthkit/synthkit/render/soft"
	"github.com/synthkit/synthkit/scene"
)

// BenchmarkShelvesSample measures building one default scene (the
// generator itself is built once, outside the timer).
func BenchmarkShelvesSample(b *testing.B) {
	g := shared(b)
	b.ReportAllocs()
	b.ResetTimer()
	objs := 0
	for i := range int64(b.N) {
		s, err := g.Sample(generator.NewContext(1, i, 640, 480, nil))
		if err != nil {
			b.Fatal(err)
		}
		objs += len(s.Objects)
	}
	b.ReportMetric(float64(objs)/float64(b.N), "objects/op")
}

// BenchmarkShelvesRender measures a whole default sample at 640×480:
// scene, soft render (one sample per pixel, all cores) and labels.
func BenchmarkShelvesRender(b *testing.B) {
	g := shared(b)
	r := soft.New(soft.Options{})
	defer r.Close()
	b.ReportAllocs()
	b.ResetTimer()
	visible := 0
	for i := range int64(b.N) {
		s, err := g.Sample(generator.NewContext(1, i, 640, 480, nil))
		if err != nil {
			b.Fatal(err)
		}
		f, err := r.Render(context.Background(), s)
		if err != nil {
			b.Fatal(err)
		}
		insts, err := labels.Extract(s, f)
		if err != nil {
			b.Fatal(err)
		}
		for _, in := range insts {
			if in.Category != "" && in.Area > 0 {
				visible++
			}
		}
	}
	b.ReportMetric(float64(visible)/float64(b.N), "visible/op")
}

// BenchmarkShelvesFrame measures the render side of a default sample: four
// seeded 640×480 scenes are built outside the timer, then each op renders
// one of them with a single soft renderer that recycles its frames
// (render.ReleaseFrame) and extracts its labels.
func BenchmarkShelvesFrame(b *testing.B) {
	g := shared(b)
	const n = 4
	scenes := make([]*scene.Scene, n)
	tris := 0
	for i := range scenes {
		s, err := g.Sample(generator.NewContext(1, int64(i), 640, 480, nil))
		if err != nil {
			b.Fatal(err)
		}
		scenes[i] = s
		for _, o := range s.Objects {
			tris += o.Mesh.NumTriangles()
		}
	}
	r := soft.New(soft.Options{})
	defer r.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		s := scenes[i%n]
		f, err := r.Render(context.Background(), s)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := labels.Extract(s, f); err != nil {
			b.Fatal(err)
		}
		r.ReleaseFrame(f)
	}
	b.ReportMetric(float64(tris)/n, "tris/op")
}
