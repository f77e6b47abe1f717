package shelves

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"
)

const lensSpec = "generator: shelves\nseed: 9\nsamples: 4\nsamples_per_shard: 2\nwidth: 96\nheight: 72\n" +
	"params: {lens_k1: {min: -0.15, max: -0.05}, lens_k2: {min: 0, max: 0.03}}\n"

// TestLensShards: shelves with a phone-like lens give byte-identical
// shards for any number of workers, and the camera column carries the
// drawn model and coefficients; every visible box lies inside its amodal
// box and the image (nearest-pixel resampling keeps visible ⊆ amodal).
func TestLensShards(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 8 samples")
	}
	lens := func(spec *job.Spec) (render.Renderer, error) {
		return render.WithLens(soft.New(soft.Options{SSAA: spec.Render.SSAA, Workers: 1}), 0)
	}
	run := func(workers int) (string, map[string][]byte) { return runJobWith(t, lensSpec, workers, lens) }
	dir, ref := run(1)
	_, got := run(3)
	for name, data := range ref {
		if !bytes.Equal(got[name], data) {
			t.Errorf("%s differs between 1 and 3 workers", name)
		}
	}
	var shards []string
	for name := range ref {
		if strings.HasSuffix(name, ".arrow") {
			shards = append(shards, filepath.Join(dir, name))
		}
	}
	if len(shards) != 2 {
		t.Fatalf("shards %v", shards)
	}
	r, err := dataset.OpenFiles(shards...)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rows, objects := 0, 0
	for s, err := range r.All() {
		if err != nil {
			t.Fatal(err)
		}
		rows++
		c := s.Camera
		d, err := c.Lens()
		if err != nil || c.Model != "brown_conrady" || len(c.Distortion) != 5 || !(d.K1 >= -0.15 && d.K1 <= -0.05) || !(d.K2 >= 0 && d.K2 <= 0.03) || d.P1 != 0 || d.K3 != 0 {
			t.Errorf("row %d: camera lens %q %v (%v)", s.Index, c.Model, c.Distortion, err)
		}
		for _, o := range s.Objects {
			if o.Area == 0 {
				continue // fully occluded: no visible box
			}
			objects++
			b, a := o.BBox, o.BBoxAmodal
			if b[0] < 0 || b[1] < 0 || b[0]+b[2] > 96 || b[1]+b[3] > 72 ||
				b[0] < a[0] || b[1] < a[1] || b[0]+b[2] > a[0]+a[2] || b[1]+b[3] > a[1]+a[3] {
				t.Errorf("row %d object %d: box %v outside the image or its amodal box %v", s.Index, o.ID, b, a)
			}
		}
	}
	if rows != 4 || objects < 20 {
		t.Fatalf("%d rows, %d objects", rows, objects)
	}
}
