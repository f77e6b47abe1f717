//go:build gl

package gl

import (
	"context"
	"testing"

	"github.com/synthkit/synthkit/internal/testscenes"
)

// BenchmarkGLRender renders the ~31.5k-triangle shelf scene of
// internal/testscenes (100 products, 110 objects) at 640×480: every buffer
// of the Frame, silhouettes included.
func BenchmarkGLRender(b *testing.B) {
	for _, bc := range []struct {
		name string
		o    Options
	}{{"shelf-640x480", Options{}}, {"shelf-640x480-msaa4", Options{Samples: 4}}} {
		b.Run(bc.name, func(b *testing.B) {
			r := newTestRenderer(b, bc.o)
			s := testscenes.Shelf(640, 480)
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
