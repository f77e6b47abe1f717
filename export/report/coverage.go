package report

import (
	"slices"
)

// Coverage summarises how evenly a dataset covers its category list: for
// a shelves job at category_level sku the categories are the catalogue's
// SKUs, so it is the per-SKU coverage of the catalogue. Counts are of
// visible instances (annotated objects with at least one visible pixel).
type Coverage struct {
	Categories int      `json:"categories"`            // size of the job's category list
	Seen       int      `json:"seen"`                  // categories with at least one visible instance
	Never      int      `json:"never"`                 // categories never seen
	Min        int      `json:"min"`                   // fewest visible instances of a category (0 when any is never seen)
	Median     int      `json:"median"`                // the median over all categories, unseen ones included
	Max        int      `json:"max"`                   // most visible instances of a category
	NeverFirst []string `json:"never_first,omitempty"` // up to ten never-seen categories, in list order
}

// CoverageOf returns the coverage of counts (visible instances per
// category, in the order of categories; a shorter counts slice counts the
// rest as 0). It costs O(n log n) for n categories.
func CoverageOf(categories []string, counts []int) Coverage {
	n := len(categories)
	c := Coverage{Categories: n}
	if n == 0 {
		return c
	}
	all := make([]int, n)
	copy(all, counts)
	for i, v := range all {
		if v > 0 {
			c.Seen++
		} else if len(c.NeverFirst) < 10 {
			c.NeverFirst = append(c.NeverFirst, categories[i])
		}
	}
	c.Never = n - c.Seen
	slices.Sort(all)
	c.Min, c.Median, c.Max = all[0], all[n/2], all[n-1]
	return c
}
