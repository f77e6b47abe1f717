package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/export"
	"github.com/synthkit/synthkit/export/report"
	"github.com/synthkit/synthkit/store"
)

// TestInspectCoverage checks the per-category (per-SKU) coverage line of
// synth inspect against the report's numbers for the same dataset: a
// shelves job over 300 SKUs whose 4 samples cannot show them all.
func TestInspectCoverage(t *testing.T) {
	ds := runSpec(t, "generator: shelves\nseed: 2\nsamples: 4\nsamples_per_shard: 2\nwidth: 96\nheight: 72\n"+
		"params: {procedural_skus: 300, texture_px: 32}\n")
	out, err := synth("inspect", ds)
	if err != nil {
		t.Fatalf("inspect: %v\n%s", err, out)
	}
	d, err := export.OpenDataset(ds)
	if err != nil {
		t.Fatal(err)
	}
	st, _, err := report.Collect(context.Background(), d, 0)
	if err != nil {
		t.Fatal(err)
	}
	c := st.Coverage
	if c.Categories != 300 || c.Never == 0 || c.Seen == 0 || c.Max == 0 {
		t.Fatalf("coverage %+v: want 300 categories, some seen, some never", c)
	}
	want := fmt.Sprintf("coverage: %d of 300 categories seen; visible instances per category: min 0, median %d, max %d; never seen: %d (first: %s",
		c.Seen, c.Median, c.Max, c.Never, c.NeverFirst[0])
	if !strings.Contains(out, want) {
		t.Errorf("inspect output lacks %q:\n%s", want, out[:min(len(out), 600)])
	}
}

// TestInspectRetail checks inspect's retail lines on a shelves job with the
// retail columns: the empty-facing counts, found from the annotations,
// equal the sums of the kpis column's own counts, and the KPI ranges are
// those of the rows.
func TestInspectRetail(t *testing.T) {
	ds := runSpec(t, "generator: shelves\nseed: 4\nsamples: 3\nwidth: 160\nheight: 120\n"+
		"params: {procedural_skus: 40, texture_px: 32, gap_prob: 0.3, null_share: 0.2}\ncolumns: [image, instances, objects, annotations, kpis]\n")
	out, err := synth("inspect", ds)
	if err != nil {
		t.Fatalf("inspect: %v\n%s", err, out)
	}
	r, err := store.Open(ds)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	full, partly := 0, 0
	var avail []float64
	for smp, err := range r.All() {
		if err != nil {
			t.Fatal(err)
		}
		full += smp.KPIs.EmptyFull
		partly += smp.KPIs.EmptyPartly
		avail = append(avail, smp.KPIs.Availability)
	}
	slices.Sort(avail)
	for _, want := range []string{
		"retail truth:",
		fmt.Sprintf("empty facings %d: out of stock %d, partly sold %d\n", full+partly, full, partly),
		fmt.Sprintf("KPIs of 3 images: availability min %.3f, median %.3f, max %.3f;", avail[0], avail[1], avail[2]),
		"label columns present: [annotations image instances kpis objects]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("inspect output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "null set 0 ") {
		t.Errorf("null_share 0.2 gave no null-set product:\n%s", out)
	}
}
