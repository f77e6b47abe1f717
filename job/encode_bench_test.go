package job

import (
	"bytes"
	"context"
	"testing"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/labels"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// renderedShelves returns the pipeline, scene, seed, frame (post-effects
// applied) and instances of sample 0 of a 640×480 shelves job, rendered
// by the software renderer.
func renderedShelves(b *testing.B) (*Pipeline, *scene.Scene, uint64, *render.Frame, []labels.Instance) {
	b.Helper()
	spec := parse(b, "generator: shelves\nseed: 3\nsamples: 1\nwidth: 640\nheight: 480\n")
	pl, err := NewPipeline(spec, nil)
	if err != nil {
		b.Fatal(err)
	}
	r, _ := softFactory(spec)
	b.Cleanup(func() { r.Close() })
	sc, seed, err := pl.Scene(0)
	if err != nil {
		b.Fatal(err)
	}
	f, insts, err := pl.Frame(context.Background(), r, 0, sc)
	if err != nil {
		b.Fatal(err)
	}
	return pl, sc, seed, f, insts
}

// BenchmarkEncode makes the row of one rendered 640×480 shelves sample
// (the default columns: colour, depth and instance PNGs, objects, camera)
// from its frame, as a worker does after rendering: every iteration
// encodes into new byte slices, which the row keeps.
func BenchmarkEncode(b *testing.B) {
	pl, sc, seed, f, insts := renderedShelves(b)
	b.ReportAllocs()
	var out *dataset.Sample
	for b.Loop() {
		var err error
		if out, err = pl.encode(b.Context(), 0, seed, sc, f, insts, new(Timing), nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(out.Image)+len(out.Depth)+len(out.Instances)), "bytes")
}

// BenchmarkEncodePhoto writes the colour PNG of one rendered 640×480
// shelves sample (post-effects and sensor noise on, as the job writes
// it), the largest of the row's maps.
func BenchmarkEncodePhoto(b *testing.B) {
	_, _, _, f, _ := renderedShelves(b)
	enc := labels.NewEncoder()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := enc.EncodeRGBPNG(&buf, f.Color); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes")
}
