//go:build gl

package gl

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"
	"github.com/synthkit/synthkit/scene"
)

// TestLens: with a lens, GL through render.WithLens agrees with soft
// through it (ids ≥ 99.9%, colour MAD reported), and the pipelined path
// (Start, wait) gives the frame Render gives.
func TestLens(t *testing.T) {
	s := testscenes.Small2k(160, 120)
	s.Camera.Distortion = scene.Distortion{Model: scene.BrownConrady, K1: -0.15, K2: 0.03, P1: 0.001}
	gr, err := render.WithLens(sharedRenderer(t), 2) // not closed: the shared renderer outlives the test
	if err != nil {
		t.Fatal(err)
	}
	sr, err := render.WithLens(soft.New(soft.Options{}), 2)
	if err != nil {
		t.Fatal(err)
	}
	defer sr.Close()
	g, f := mustRender(t, gr, s), mustRender(t, sr, s)
	same, sum, n := 0, 0, 0
	for i := range f.IDs {
		if g.IDs[i] == f.IDs[i] {
			same++
		}
	}
	for i := range f.Color.Pix {
		if i%4 != 3 {
			sum += absDiff(g.Color.Pix[i], f.Color.Pix[i])
			n++
		}
	}
	frac := float64(same) / float64(len(f.IDs))
	t.Logf("lens: ids agree on %d of %d pixels (%.3f%%); colour MAD %.3f levels", same, len(f.IDs), 100*frac, float64(sum)/float64(n))
	if frac < 0.999 {
		t.Errorf("GL and soft ids agree on %.3f%% < 99.9%%", 100*frac)
	}
	p, ok := gr.(render.Pipeliner)
	if !ok {
		t.Fatal("WithLens over render/gl is not a Pipeliner")
	}
	wait, err := p.Start(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	q, err := wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(q.IDs, g.IDs) || !slices.Equal(q.Depth, g.Depth) || !bytes.Equal(q.Color.Pix, g.Color.Pix) {
		t.Error("pipelined lens frame differs from Render's")
	}
}
