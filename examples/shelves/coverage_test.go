package shelves

import (
	"slices"
	"testing"
)

// TestSweepCoverage checks the stated minimum of balanced coverage: a job
// of CoverageSamples(k) samples with sku_sweep places every SKU of the
// catalogue at least k times in view (counting the labelled objects of
// the generated scenes, not a render), for catalogues large and small,
// eager and described at New.
func TestSweepCoverage(t *testing.T) {
	for _, tc := range []struct {
		name   string
		params string
		k      int
	}{
		{"300 SKUs, chunks of 4, one sample each", `{"procedural_skus": 300, "sku_sweep": 4, "sku_pool_samples": 1}`, 2},
		{"2100 lazy SKUs, chunks of 2", `{"procedural_skus": 2100, "sku_sweep": 2, "sku_pool_samples": 1}`, 1},
		{"60 SKUs, chunks of 2", `{"procedural_skus": 60, "sku_sweep": 2, "sku_pool_samples": 1}`, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := small(t, tc.params)
			n := g.CoverageSamples(tc.k)
			cats := g.Categories()
			if n <= 0 || n > 3000 {
				t.Fatalf("CoverageSamples(%d) = %d", tc.k, n)
			}
			count := make(map[string]int, len(cats))
			for i := range n {
				objs, _ := products(sample(t, g, 3, i, 160, 120))
				for _, o := range objs {
					count[o.Category]++
				}
			}
			var short []string
			counts := make([]int, 0, len(cats))
			for _, c := range cats {
				counts = append(counts, count[c])
				if count[c] < tc.k {
					short = append(short, c)
				}
			}
			slices.Sort(counts)
			t.Logf("%d SKUs, %d samples: instances per SKU min %d, median %d, max %d", len(cats), n, counts[0], counts[len(counts)/2], counts[len(counts)-1])
			if len(short) > 0 {
				t.Errorf("%d of %d SKUs placed fewer than %d times in %d samples, e.g. %v", len(short), len(cats), tc.k, n, short[:min(5, len(short))])
			}
		})
	}
}

// TestSweepCoverageFormula checks CoverageSamples against the chunk count
// written down in pool.go: k · Σ⌈m/w⌉ · B.
func TestSweepCoverageFormula(t *testing.T) {
	g := small(t, `{"procedural_skus": 300, "sku_sweep": 4, "sku_pool_samples": 3}`)
	want := 0
	for _, grp := range g.lib.groups {
		want += (len(g.lib.byGroup[grp]) + 3) / 4
	}
	if got := g.CoverageSamples(2); got != int64(2*want*3) {
		t.Errorf("CoverageSamples(2) = %d, want 2·%d·3", got, want)
	}
	off := small(t, `{"procedural_skus": 300}`)
	if got := off.CoverageSamples(2); got != 2 {
		t.Errorf("without a pool or sweep: CoverageSamples(2) = %d, want 2", got)
	}
}
