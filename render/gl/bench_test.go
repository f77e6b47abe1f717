//go:build gl

package gl

import (
	"context"
	"testing"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"
)

// BenchmarkGLRender renders the ~31.5k-triangle shelf scene of
// internal/testscenes (100 products, 110 objects, 3 lights, 2 textures) at
// 640×480 and reads back every buffer of the Frame, silhouettes included.
// The soft sub-benchmark renders the same frame with render/soft on the
// same machine, for comparison.
func BenchmarkGLRender(b *testing.B) {
	s := testscenes.Shelf(640, 480)
	for _, bc := range []struct {
		name string
		new  func(b *testing.B) render.Renderer
	}{
		{"shelf-640x480", func(b *testing.B) render.Renderer { return newTestRenderer(b, Options{}) }},
		{"shelf-640x480-msaa4", func(b *testing.B) render.Renderer { return newTestRenderer(b, Options{Samples: 4}) }},
		{"soft-shelf-640x480", func(b *testing.B) render.Renderer { return soft.New(soft.Options{}) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			r := bc.new(b)
			if _, err := r.Render(context.Background(), s); err != nil { // uploads meshes and textures
				b.Fatal(err)
			}
			b.ReportMetric(float64(testscenes.NumTriangles(s)), "triangles")
			b.ResetTimer()
			for b.Loop() {
				if _, err := r.Render(context.Background(), s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
