package job

import (
	"fmt"
	"math"

	"github.com/synthkit/synthkit/labels"

	"github.com/synthkit/synthkit/dataset"
)

// CompareMode says how Verify compares a stored row with the row it
// regenerates.
type CompareMode string

// Compare modes.
const (
	// CompareAuto is CompareExact for the soft renderer and CompareTolerant
	// for gl.
	CompareAuto CompareMode = ""
	// CompareExact requires every column to be identical: the encoded
	// bytes of image, depth and instances, and every field of objects and
	// camera bit for bit. The soft renderer is deterministic, so an honest
	// row always passes.
	CompareExact CompareMode = "exact"
	// CompareTolerant allows what differs between GPUs and drivers (the
	// tolerances of render/gl's conformance tests with render/soft, which
	// set the floor):
	//   - index, seed, camera, and per object id, category, category_id,
	//     truncated, pose and keypoint coordinates are geometric, computed
	//     on the CPU: equal within 1e-9 (relative, or absolute below 1);
	//   - instances: per object IoU >= 0.99 for objects of at least 50
	//     pixels (in either map), and at most 0.05% of all pixels with
	//     different ids;
	//   - depth, where both rows have a surface of the same instance id:
	//     within a relative 1e-4 or one encoding step (1 mm), whichever is
	//     larger; pixels whose surface differs (an edge given to the object
	//     in front by one GPU and to the one behind, or the background, by
	//     another; without an instances column, any pixel beyond the
	//     tolerance): at most 0.05% of all pixels;
	//   - image: mean absolute difference at most 1 level (of 255) per
	//     channel and 99.5% of channel values within 2 levels (JPEG: 2
	//     levels and 99% within 8);
	//   - objects: the same objects (one of fewer than 50 visible pixels
	//     may be in one list only); bbox and bbox_amodal within ±1 pixel;
	//     the RLE mask IoU >= 0.99 for masks of at least 50 pixels;
	//     visible_fraction within 0.02; a keypoint's visibility may differ
	//     between occluded and visible (a depth test) but not whether it
	//     is labelled at all.
	CompareTolerant CompareMode = "tolerant"
)

// Tolerances of CompareTolerant.
const (
	tolMinIoU       = 0.99
	tolIoUMinPixels = 50
	tolPixelShare   = 0.0005 // of all pixels: ids, depth coverage
	tolDepthRel     = 1e-4
	tolDepthStep    = 0.001 // metres: one step of the depth PNG
	tolBoxPixels    = 1
	tolVisible      = 0.02
	tolGeometric    = 1e-9
)

// colDiff is a difference found in one column of a row.
type colDiff struct {
	column string
	detail string
}

// compareSample compares a stored row with its regeneration in mode
// (CompareExact or CompareTolerant), column by column in schema order, and
// returns the first difference, or nil.
func compareSample(mode CompareMode, spec *Spec, stored, fresh *dataset.Sample) *colDiff {
	tol := mode == CompareTolerant
	if stored.Index != fresh.Index {
		return &colDiff{dataset.ColIndex, fmt.Sprintf("stored %d, expected %d", stored.Index, fresh.Index)}
	}
	if stored.Seed != fresh.Seed {
		return &colDiff{dataset.ColSeed, fmt.Sprintf("stored %d, expected %d", stored.Seed, fresh.Seed)}
	}
	type check struct {
		col string
		fn  func() string
	}
	for _, c := range []check{
		{dataset.ColImage, func() string {
			if tol {
				return imageTolerant(stored.Image, fresh.Image, spec)
			}
			return imageExact(stored.Image, fresh.Image, spec)
		}},
		{dataset.ColDepth, func() string { return depthDiff(stored, fresh, spec, tol) }},
		{dataset.ColInstances, func() string { return instancesDiff(stored.Instances, fresh.Instances, spec, tol) }},
		{dataset.ColObjects, func() string { return objectsDiff(stored.Objects, fresh.Objects, spec, tol) }},
		{dataset.ColCamera, func() string { return cameraDiff(stored.Camera, fresh.Camera, tol) }},
	} {
		if !spec.Has(c.col) {
			continue
		}
		if d := c.fn(); d != "" {
			return &colDiff{c.col, d}
		}
	}
	return nil
}

// near reports whether a and b are equal: bit for bit when exact, else
// within tolGeometric (relative, or absolute below 1).
func near(a, b float64, exact bool) bool {
	if exact {
		return math.Float64bits(a) == math.Float64bits(b)
	}
	return a == b || math.Abs(a-b) <= tolGeometric*max(1, math.Abs(a), math.Abs(b))
}

func nearAll(a, b []float64, exact bool) bool {
	for i := range a {
		if !near(a[i], b[i], exact) {
			return false
		}
	}
	return true
}

func cameraDiff(a, b dataset.Camera, tol bool) string {
	exact := !tol
	switch {
	case a.Width != b.Width || a.Height != b.Height:
		return fmt.Sprintf("size: stored %dx%d, regenerated %dx%d", a.Width, a.Height, b.Width, b.Height)
	case !nearAll([]float64{a.Fx, a.Fy, a.Cx, a.Cy}, []float64{b.Fx, b.Fy, b.Cx, b.Cy}, exact):
		return fmt.Sprintf("intrinsics: stored fx %g fy %g cx %g cy %g, regenerated fx %g fy %g cx %g cy %g", a.Fx, a.Fy, a.Cx, a.Cy, b.Fx, b.Fy, b.Cx, b.Cy)
	case !nearAll(a.Pose[:], b.Pose[:], exact):
		return fmt.Sprintf("pose: stored %v, regenerated %v", a.Pose, b.Pose)
	case a.Model != b.Model || len(a.Distortion) != len(b.Distortion) || !nearAll(a.Distortion, b.Distortion, exact):
		return fmt.Sprintf("lens: stored %s %v, regenerated %s %v", a.Model, a.Distortion, b.Model, b.Distortion)
	}
	return ""
}

// objectsDiff compares the objects columns, matching objects by id.
func objectsDiff(stored, fresh []dataset.Object, spec *Spec, tol bool) string {
	if !tol {
		if len(stored) != len(fresh) {
			return fmt.Sprintf("%d objects stored, %d regenerated", len(stored), len(fresh))
		}
		for j := range stored {
			s, f := &stored[j], &fresh[j]
			if s.ID != f.ID {
				return fmt.Sprintf("object %d: id: stored %d, regenerated %d", j, s.ID, f.ID)
			}
			if d := objectDiff(s, f, spec, false); d != "" {
				return fmt.Sprintf("object %d (id %d): %s", j, s.ID, d)
			}
		}
		return ""
	}
	byID := func(objs []dataset.Object) map[uint32]*dataset.Object {
		m := make(map[uint32]*dataset.Object, len(objs))
		for i := range objs {
			m[objs[i].ID] = &objs[i]
		}
		return m
	}
	sm, fm := byID(stored), byID(fresh)
	for j := range stored {
		s := &stored[j]
		f := fm[s.ID]
		if f == nil {
			if s.Area < tolIoUMinPixels {
				continue
			}
			return fmt.Sprintf("object %d (id %d, %s): stored but not regenerated", j, s.ID, s.Category)
		}
		if d := objectDiff(s, f, spec, true); d != "" {
			return fmt.Sprintf("object %d (id %d): %s", j, s.ID, d)
		}
	}
	for j := range fresh {
		if f := &fresh[j]; sm[f.ID] == nil && f.Area >= tolIoUMinPixels {
			return fmt.Sprintf("object id %d (%s): regenerated but not stored", f.ID, f.Category)
		}
	}
	return ""
}

// objectDiff compares two objects of the same id, field by field in
// schema order.
func objectDiff(s, f *dataset.Object, spec *Spec, tol bool) string {
	exact := !tol
	box := func(a, b [4]float64) bool {
		if exact {
			return nearAll(a[:], b[:], true)
		}
		for i := range a {
			if math.Abs(a[i]-b[i]) > tolBoxPixels {
				return false
			}
		}
		return true
	}
	switch {
	case s.Category != f.Category:
		return fmt.Sprintf("category: stored %q, regenerated %q", s.Category, f.Category)
	case s.CategoryID != f.CategoryID:
		return fmt.Sprintf("category_id: stored %d, regenerated %d", s.CategoryID, f.CategoryID)
	case !box(s.BBox, f.BBox):
		return fmt.Sprintf("bbox: stored %v, regenerated %v", s.BBox, f.BBox)
	case !box(s.BBoxAmodal, f.BBoxAmodal):
		return fmt.Sprintf("bbox_amodal: stored %v, regenerated %v", s.BBoxAmodal, f.BBoxAmodal)
	case exact && s.Area != f.Area:
		return fmt.Sprintf("area: stored %d, regenerated %d", s.Area, f.Area)
	case exact && !near(s.VisibleFraction, f.VisibleFraction, true),
		!exact && math.Abs(s.VisibleFraction-f.VisibleFraction) > tolVisible:
		return fmt.Sprintf("visible_fraction: stored %g, regenerated %g", s.VisibleFraction, f.VisibleFraction)
	case s.Truncated != f.Truncated:
		return fmt.Sprintf("truncated: stored %v, regenerated %v", s.Truncated, f.Truncated)
	}
	if d := rleDiff(s, f, spec, tol); d != "" {
		return d
	}
	if !nearAll(s.Pose[:], f.Pose[:], exact) {
		return fmt.Sprintf("pose: stored %v, regenerated %v", s.Pose, f.Pose)
	}
	for k := 0; k < len(s.Keypoints); k += 3 {
		xs, xf := s.Keypoints[k:k+2], f.Keypoints[k:k+2]
		vs, vf := s.Keypoints[k+2], f.Keypoints[k+2]
		vOK := vs == vf || tol && vs != labels.NotLabeled && vf != labels.NotLabeled
		if !nearAll(xs, xf, exact) || !vOK {
			return fmt.Sprintf("keypoints: point %d: stored (%g, %g, v=%g), regenerated (%g, %g, v=%g)", k/3, xs[0], xs[1], vs, xf[0], xf[1], vf)
		}
	}
	return ""
}

// rleDiff compares the rle fields of two objects.
func rleDiff(s, f *dataset.Object, spec *Spec, tol bool) string {
	if s.RLE == f.RLE {
		return ""
	}
	if !tol {
		return fmt.Sprintf("rle: stored %q, regenerated %q", clip(s.RLE), clip(f.RLE))
	}
	a, err := labels.ParseRLE(spec.Height, spec.Width, s.RLE)
	if err != nil {
		return "rle: stored mask does not parse: " + err.Error()
	}
	b, err := labels.ParseRLE(spec.Height, spec.Width, f.RLE)
	if err != nil {
		return "rle: regenerated mask does not parse: " + err.Error()
	}
	if max(a.Area(), b.Area()) < tolIoUMinPixels {
		return ""
	}
	iou, err := labels.IoU(a, b)
	if err != nil {
		return "rle: " + err.Error()
	}
	if iou < tolMinIoU {
		return fmt.Sprintf("rle: mask IoU %.4f, below %g", iou, tolMinIoU)
	}
	return ""
}

// clip shortens a long string for a message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
