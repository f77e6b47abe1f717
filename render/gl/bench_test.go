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
		{"shelf-640x480-msaa4", func(b *testing.B) render.Renderer { return newTestRenderer(b, Options{MSAA: 4}) }},
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

// BenchmarkGLPipeline compares Render in a loop with the pipelined path
// (Submit of frame i+1 before Collect of frame i, two frames in flight) on
// the 640×480 shelf scene, in the same run on the same context kind.
func BenchmarkGLPipeline(b *testing.B) {
	s := testscenes.Shelf(640, 480)
	b.Run("render-loop", func(b *testing.B) {
		r := newTestRenderer(b, Options{})
		if _, err := r.Render(context.Background(), s); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for b.Loop() {
			if _, err := r.Render(context.Background(), s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("pipelined", func(b *testing.B) {
		r := newTestRenderer(b, Options{})
		ctx := context.Background()
		if _, err := r.Render(ctx, s); err != nil {
			b.Fatal(err)
		}
		var pending []Ticket
		b.ResetTimer()
		for b.Loop() {
			t, err := r.Submit(ctx, s)
			if err != nil {
				b.Fatal(err)
			}
			pending = append(pending, t)
			if len(pending) == PipelineDepth {
				if _, err := r.Collect(ctx, pending[0]); err != nil {
					b.Fatal(err)
				}
				pending = pending[1:]
			}
		}
		for _, t := range pending {
			if _, err := r.Collect(ctx, t); err != nil {
				b.Fatal(err)
			}
		}
	})
}
