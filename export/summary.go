package export

import (
	"fmt"
	"strings"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/labels"
)

// Summary reports what an export wrote and what it left out.
type Summary struct {
	Images  int // images written
	Objects int // objects written: COCO annotations, or YOLO objects
	// Annotations counts the annotations of included categories written
	// (COCOOptions.Include, YOLOOptions.Include).
	Annotations int
	Rows        int // label rows: YOLO rows (one per object or annotation), COCO annotations
	Occluded    int // objects left out because no pixel of them is visible
	Hidden      int // objects left out because their visible fraction is below MinVisible
	Splits      []SplitSummary
	// Skipped lists the shards not exported: corrupt ones skipped, or the
	// missing shards of an interrupted run (see store.ReadOptions).
	Skipped []dataset.Skipped
}

// SplitSummary counts the images and objects of one split; Name is "" for
// an export without splits.
type SplitSummary struct {
	Name    string
	Images  int
	Objects int // objects and included annotations
}

// String formats the summary on one line, e.g.
// "100 images, 412 objects (3 fully occluded, 9 below min visible left out); train 91, val 9".
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d images, %d objects", s.Images, s.Objects)
	if s.Annotations > 0 {
		fmt.Fprintf(&b, " and %d included annotations", s.Annotations)
	}
	if s.Rows != s.Objects+s.Annotations {
		fmt.Fprintf(&b, " in %d rows", s.Rows)
	}
	fmt.Fprintf(&b, " (%d fully occluded, %d below min visible left out)", s.Occluded, s.Hidden)
	var parts []string
	for _, sp := range s.Splits {
		if sp.Name != "" {
			parts = append(parts, fmt.Sprintf("%s %d", sp.Name, sp.Images))
		}
	}
	if len(parts) > 0 {
		b.WriteString("; " + strings.Join(parts, ", "))
	}
	if len(s.Skipped) > 0 {
		fmt.Fprintf(&b, "; %d shard(s) skipped", len(s.Skipped))
	}
	return b.String()
}

// count counts one object (or, when extra, one included annotation)
// written into split k.
func (s *Summary) count(extra bool, k int) {
	if extra {
		s.Annotations++
	} else {
		s.Objects++
	}
	s.Splits[k].Objects++
}

// objectMask parses an object's RLE for an h×w image and checks its
// category against the job's category list.
func objectMask(o *dataset.Object, categories []string, h, w int) (labels.RLE, error) {
	if o.CategoryID < 0 || int(o.CategoryID) >= len(categories) {
		return labels.RLE{}, fmt.Errorf("object %d: category_id %d is outside the dataset's %d categories", o.ID, o.CategoryID, len(categories))
	}
	if categories[o.CategoryID] != o.Category {
		return labels.RLE{}, fmt.Errorf("object %d: category_id %d names %q in the dataset's category list, but the object says %q", o.ID, o.CategoryID, categories[o.CategoryID], o.Category)
	}
	rle, err := labels.ParseRLE(h, w, o.RLE)
	if err != nil {
		return labels.RLE{}, fmt.Errorf("object %d: mask for a %d×%d image: %w", o.ID, w, h, err)
	}
	return rle, nil
}

// filter decides which objects go into an export.
type filter struct {
	minVisible float64
}

// keep reports whether an object of visible area and visible fraction
// goes into the export, counting those left out in sum.
func (f filter) keep(area int, visible float64, sum *Summary) bool {
	switch {
	case area == 0:
		sum.Occluded++
		return false
	case visible < f.minVisible:
		sum.Hidden++
		return false
	}
	return true
}

func checkMinVisible(v float64) error {
	if !(v >= 0 && v <= 1) {
		return fmt.Errorf("min visible %g: want a fraction in [0, 1]", v)
	}
	return nil
}
