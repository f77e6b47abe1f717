package render_test

import (
	"context"
	"slices"
	"testing"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"
)

// BenchmarkCoverVisible runs CoverVisible on a 640×480 shelf rendered by
// render/soft: "complete", its silhouettes as rendered (they hold every
// visible pixel, the usual case); "edges", every silhouette missing the
// first covered pixel of each of its rows, as if a separate silhouette
// pass had lost an edge pixel there (restored on each iteration).
func BenchmarkCoverVisible(b *testing.B) {
	r := soft.New(soft.Options{})
	f, err := r.Render(context.Background(), testscenes.Shelf(640, 480))
	if err != nil {
		b.Fatal(err)
	}
	edges := slices.Clone(f.Silhouettes)
	for i, s := range edges {
		m := slices.Clone(s.Mask)
		w := s.Bounds.Dx()
		for y := 0; w > 0 && y < s.Bounds.Dy(); y++ {
			if k := slices.IndexFunc(m[y*w:(y+1)*w], func(v uint8) bool { return v != 0 }); k >= 0 {
				m[y*w+k] = 0
				edges[i].Pixels--
			}
		}
		edges[i].Mask = m
	}
	for _, c := range []struct {
		name string
		sils []render.Silhouette
	}{{"complete", f.Silhouettes}, {"edges", edges}} {
		b.Run(c.name, func(b *testing.B) {
			g := *f
			added := 0
			for b.Loop() {
				// CoverVisible writes into masks whose bounds hold the
				// pixel: each iteration gets copies, outside the timing.
				b.StopTimer()
				g.Silhouettes = slices.Clone(c.sils)
				for i := range g.Silhouettes {
					g.Silhouettes[i].Mask = slices.Clone(g.Silhouettes[i].Mask)
				}
				b.StartTimer()
				added = g.CoverVisible()
			}
			b.ReportMetric(float64(added), "added")
		})
	}
}
