package job

import (
	"bytes"
	"context"
	"testing"

	"github.com/synthkit/synthkit/labels"
)

// BenchmarkEncode makes the row of one rendered 640×480 shelves sample
// (the default columns: colour, depth and instance PNGs, objects, camera)
// from its frame, as a worker does after rendering: every iteration
// encodes into new byte slices, which the row keeps.
func BenchmarkEncode(b *testing.B) {
	spec := parse(b, "generator: shelves\nseed: 3\nsamples: 1\nwidth: 640\nheight: 480\n")
	pl, err := NewPipeline(spec, nil)
	if err != nil {
		b.Fatal(err)
	}
	r, _ := softFactory(spec)
	defer r.Close()
	sc, seed, err := pl.Scene(0)
	if err != nil {
		b.Fatal(err)
	}
	f, insts, err := pl.Frame(context.Background(), r, 0, sc)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		out, err := pl.encode(0, seed, sc, f, insts, new(Timing), nil)
		if err != nil {
			b.Fatal(err)
		}
		n = len(out.Image) + len(out.Depth) + len(out.Instances)
	}
	b.ReportMetric(float64(n), "bytes")
}

// BenchmarkEncodePhoto writes the colour PNG of one rendered 640×480
// shelves sample (post-effects and sensor noise on, as the job writes
// it), the largest of the row's maps.
func BenchmarkEncodePhoto(b *testing.B) {
	spec := parse(b, "generator: shelves\nseed: 3\nsamples: 1\nwidth: 640\nheight: 480\n")
	pl, err := NewPipeline(spec, nil)
	if err != nil {
		b.Fatal(err)
	}
	r, _ := softFactory(spec)
	defer r.Close()
	sc, _, err := pl.Scene(0)
	if err != nil {
		b.Fatal(err)
	}
	f, _, err := pl.Frame(context.Background(), r, 0, sc)
	if err != nil {
		b.Fatal(err)
	}
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
