package cli

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/export/report"
	"github.com/synthkit/synthkit/retail"
	"github.com/synthkit/synthkit/store"
)

func newInspectCmd() *cobra.Command {
	var read readFlags
	cmd := &cobra.Command{
		Use:   "inspect DIR",
		Short: "Summarise a dataset: shards, rows, categories, label counts, visibility",
		Long: `Summarise a dataset. Every shard is read once and its sha256 checked
against its sidecar as it is read: a corrupt or missing shard fails the
command unless --skip-corrupt or --allow-incomplete leave it out.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := inspect(cmd, args[0], read.options())
			if err != nil {
				return err
			}
			warnSkipped(cmd, st.skipped)
			st.print(cmd.OutOrStdout())
			return nil
		},
	}
	read.register(cmd)
	return cmd
}

// maxListedCategories is how many of the most and of the least frequent
// categories inspect lists when there are more than twice as many.
const maxListedCategories = 15

// stats accumulates what inspect reports.
type stats struct {
	status    store.StatusReport
	skipped   []dataset.Skipped
	rows      int64
	objects   int64
	perCat    map[string]int64
	perImage  []int // labelled objects per image
	visible   [10]int64
	truncated int64
	occluded  int64 // fully hidden
	columns   map[string]int64
	// categories is the job's category list (the catalogue's SKUs for a
	// shelves job at category_level sku); seen counts the visible
	// instances of each, by category id.
	categories []string
	seen       []int
	// retail counts the retail truth and the COCO size buckets.
	retail *report.Retail
}

func inspect(cmd *cobra.Command, dir string, opts store.ReadOptions) (*stats, error) {
	st := &stats{perCat: map[string]int64{}, columns: map[string]int64{}, retail: report.NewRetail()}
	ctx := cmd.Context()
	loc, err := openStore(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer loc.Close()
	// Sizes only: the reader hashes each shard as it reads it.
	rep, err := store.SizeStatus(ctx, loc)
	if err != nil {
		return nil, err
	}
	st.status = rep
	r, err := store.OpenStoreReaderWith(ctx, loc, opts)
	if err != nil {
		return nil, err
	}
	defer func() { st.skipped = r.Skipped(); r.Close() }()
	// The job's category list, from the first complete shard's schema
	// (the reader verifies that shard's hash when it reads it below).
	if len(rep.Complete) > 0 {
		cats, err := categoriesOf(ctx, loc, rep.Shards[rep.Complete[0]].Sidecar.File)
		if err != nil {
			return nil, err
		}
		st.categories = cats
		st.seen = make([]int, len(cats))
	}
	for s, err := range r.All() {
		if err != nil {
			return nil, err
		}
		if err := cmd.Context().Err(); err != nil {
			return nil, err
		}
		st.rows++
		for name, b := range map[string][]byte{"image": s.Image, "depth": s.Depth, "instances": s.Instances, "normals": s.Normals, "semantic": s.Semantic} {
			if b != nil {
				st.columns[name]++
			}
		}
		for name, ok := range map[string]bool{"objects": s.Objects != nil, "annotations": s.Annotations != nil, "planogram": s.Planogram != nil, "kpis": s.KPIs != nil} {
			if ok {
				st.columns[name]++
			}
		}
		st.retail.Add(s)
		st.perImage = append(st.perImage, len(s.Objects))
		for _, o := range s.Objects {
			st.objects++
			st.perCat[o.Category]++
			st.visible[min(int(o.VisibleFraction*10), 9)]++
			if o.Truncated {
				st.truncated++
			}
			if o.Area == 0 {
				st.occluded++
			} else if o.CategoryID >= 0 && int(o.CategoryID) < len(st.seen) {
				st.seen[o.CategoryID]++
			}
		}
	}
	st.retail.Finish()
	return st, nil
}

func (st *stats) print(w io.Writer) {
	rep := st.status
	fmt.Fprintf(w, "shards: %d read, %d skipped (of %d)\n", rep.NumShards-len(st.skipped), len(st.skipped), rep.NumShards)
	for _, s := range st.skipped {
		fmt.Fprintf(w, "  skipped: %s\n", s)
	}
	fmt.Fprintf(w, "rows: %d   bytes: %d\n", st.rows, rep.Bytes)
	cols := slices.Sorted(maps.Keys(st.columns))
	fmt.Fprintf(w, "label columns present: %v\n", cols)
	if st.rows == 0 {
		return
	}
	per := slices.Clone(st.perImage)
	sort.Ints(per)
	fmt.Fprintf(w, "objects: %d labelled (per image: min %d, median %d, max %d, mean %.1f)\n",
		st.objects, per[0], per[len(per)/2], per[len(per)-1], float64(st.objects)/float64(st.rows))
	fmt.Fprintf(w, "truncated by the border: %d   fully occluded: %d\n", st.truncated, st.occluded)
	cov := report.CoverageOf(st.categories, st.seen)
	fmt.Fprintf(w, "coverage: %d of %d categories seen; visible instances per category: min %d, median %d, max %d; never seen: %d",
		cov.Seen, cov.Categories, cov.Min, cov.Median, cov.Max, cov.Never)
	if len(cov.NeverFirst) > 0 {
		fmt.Fprintf(w, " (first: %s)", strings.Join(cov.NeverFirst, ", "))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "categories:")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	type kv struct {
		k string
		v int64
	}
	var cats []kv
	for k, v := range st.perCat {
		cats = append(cats, kv{k, v})
	}
	slices.SortFunc(cats, func(a, b kv) int { return cmp.Or(cmp.Compare(b.v, a.v), cmp.Compare(a.k, b.k)) })
	// A catalogue-scale category list would drown the rest: the most and
	// least frequent only (synth report plots them all).
	for i, c := range cats {
		if len(cats) > 2*maxListedCategories && i == maxListedCategories {
			fmt.Fprintf(tw, "  … %d more\t\t\n", len(cats)-2*maxListedCategories)
		}
		if len(cats) <= 2*maxListedCategories || i < maxListedCategories || i >= len(cats)-maxListedCategories {
			fmt.Fprintf(tw, "  %s\t%d\t\n", c.k, c.v)
		}
	}
	tw.Flush()
	if z := st.retail.Sizes; st.objects > 0 {
		fmt.Fprintf(w, "COCO box sizes (visible mask area): small (< 32²) %d, medium (< 96²) %d, large %d\n", z.Small, z.Medium, z.Large)
	}
	st.printRetail(w)
	fmt.Fprintln(w, "visible fraction:")
	for i, n := range st.visible {
		bar := ""
		if st.objects > 0 {
			for j := int64(0); j < n*40/st.objects; j++ {
				bar += "#"
			}
		}
		fmt.Fprintf(w, "  %.1f–%.1f %7d %s\n", float64(i)/10, float64(i+1)/10, n, bar)
	}
}

// printRetail prints the retail truth's counts, if the dataset has any.
func (st *stats) printRetail(w io.Writer) {
	r := st.retail
	if !r.Present() {
		return
	}
	a := r.Annotations
	fmt.Fprintln(w, "retail truth:")
	fmt.Fprintf(w, "  shelf rows %d, price tags %d, facing groups %d, planogram slots %d (visible)\n",
		a[retail.ShelfRow], a[retail.PriceTag], a[retail.Facing], a[retail.Slot])
	fmt.Fprintf(w, "  empty facings %d: out of stock %d, partly sold %d\n", a[retail.EmptyFacing], r.EmptyFull, r.EmptyPartly)
	fmt.Fprintf(w, "  products %d visible of %d SKUs; null set %d (%.1f%%); misplaced %d, fallen %d, turned %d\n",
		r.Products, r.SKUs, r.NullSet, 100*r.NullShare, r.Misplaced, r.Fallen, r.Turned)
	if r.KPISamples > 0 {
		av, co := report.RangeOf(r.Availability), report.RangeOf(r.Compliance)
		fmt.Fprintf(w, "  KPIs of %d images: availability min %.3f, median %.3f, max %.3f; compliance min %.3f, median %.3f, max %.3f\n",
			r.KPISamples, av.Min, av.Median, av.Max, co.Min, co.Median, co.Max)
		if brands, share := r.TopBrands(3); len(brands) > 0 {
			var parts []string
			for i, b := range brands {
				parts = append(parts, fmt.Sprintf("%s %.1f%%", b, 100*share[i]))
			}
			fmt.Fprintf(w, "  share of shelf (facing width), top brands: %s\n", strings.Join(parts, ", "))
		}
	}
}

// categoriesOf reads the category list from the schema of the shard file
// name in loc.
func categoriesOf(ctx context.Context, loc store.Store, name string) ([]string, error) {
	obj, err := loc.Open(ctx, name)
	if err != nil {
		return nil, err
	}
	defer obj.Close()
	info, err := dataset.SchemaInfoOf(obj, loc.Path(name))
	if err != nil {
		return nil, err
	}
	return info.Categories, nil
}
