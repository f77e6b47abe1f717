package soft

import (
	"context"
	"testing"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/scene"
)

// BenchmarkSoftRender renders the shared benchmark scenes at 640×480.
func BenchmarkSoftRender(b *testing.B) {
	for _, c := range []struct {
		name  string
		scene *scene.Scene
	}{
		{"shelf-30k", testscenes.Shelf(640, 480)},
		{"small-2k", testscenes.Small2k(640, 480)},
	} {
		b.Run(c.name, func(b *testing.B) {
			r := New(Options{})
			defer r.Close()
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.Render(ctx, c.scene); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
