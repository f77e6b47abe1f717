package soft

import (
	"context"
	"testing"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/scene"
)

// BenchmarkSoftRender renders the shared benchmark scenes at 640×480, into
// a new frame each time and, for the -recycled cases, into the frame
// released after the previous render (as a pipeline that releases its
// frames does).
func BenchmarkSoftRender(b *testing.B) {
	for _, c := range []struct {
		name  string
		scene *scene.Scene
	}{
		{"shelf-30k", testscenes.Shelf(640, 480)},
		{"shelf-30k-shadows", shadowed(testscenes.Shelf(640, 480))},
		{"small-2k", testscenes.Small2k(640, 480)},
	} {
		for _, recycle := range []bool{false, true} {
			name := c.name
			if recycle {
				name += "-recycled"
			}
			b.Run(name, func(b *testing.B) {
				r := New(Options{})
				defer r.Close()
				ctx := context.Background()
				b.ReportAllocs()
				for b.Loop() {
					f, err := r.Render(ctx, c.scene)
					if err != nil {
						b.Fatal(err)
					}
					if recycle {
						r.ReleaseFrame(f)
					}
				}
			})
		}
	}
}
