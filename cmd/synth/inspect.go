package main

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/synthkit/synthkit/store"
)

func newInspectCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "inspect DIR",
		Short: "Summarise a dataset: shards, rows, categories, label counts, visibility",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := inspect(cmd, args[0])
			if err != nil {
				return err
			}
			st.print(cmd.OutOrStdout())
			return nil
		},
	}
}

// stats accumulates what inspect reports.
type stats struct {
	status    store.StatusReport
	rows      int64
	objects   int64
	perCat    map[string]int64
	perImage  []int // labelled objects per image
	visible   [10]int64
	truncated int64
	occluded  int64 // fully hidden
	columns   map[string]int64
}

func inspect(cmd *cobra.Command, dir string) (*stats, error) {
	st := &stats{perCat: map[string]int64{}, columns: map[string]int64{}}
	rep, err := store.Status(dir)
	if err != nil {
		return nil, err
	}
	st.status = rep
	r, err := store.Open(dir)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	for s, err := range r.All() {
		if err != nil {
			return nil, err
		}
		if err := cmd.Context().Err(); err != nil {
			return nil, err
		}
		st.rows++
		for name, b := range map[string][]byte{"image": s.Image, "depth": s.Depth, "instances": s.Instances} {
			if b != nil {
				st.columns[name]++
			}
		}
		if s.Objects != nil {
			st.columns["objects"]++
		}
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
			}
		}
	}
	return st, nil
}

func (st *stats) print(w io.Writer) {
	rep := st.status
	fmt.Fprintf(w, "shards: %d complete, %d missing, %d corrupt (of %d)\n", len(rep.Complete), len(rep.Missing), len(rep.Corrupt), rep.NumShards)
	for _, c := range rep.Corrupt {
		fmt.Fprintf(w, "  corrupt: %s\n", c)
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
	for _, c := range cats {
		fmt.Fprintf(tw, "  %s\t%d\t\n", c.k, c.v)
	}
	tw.Flush()
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
