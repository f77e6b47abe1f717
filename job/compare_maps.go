package job

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // stored colour images may be JPEG
	"image/png"
	"math"
	"slices"

	"github.com/synthkit/synthkit/labels"

	"github.com/synthkit/synthkit/dataset"
)

// Comparison of the image columns (image, depth, instances) of a stored
// row and its regeneration: decoded, with their size checked against the
// spec before any pixel is allocated (stored bytes are outside input),
// exactly or within the tolerances of CompareTolerant.

// decodeImage decodes a stored PNG or JPEG of the spec's size; the size is
// checked before the pixels are allocated.
func decodeImage(b []byte, spec *Spec) (image.Image, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	if cfg.Width != spec.Width || cfg.Height != spec.Height {
		return nil, fmt.Errorf("%dx%d, the spec says %dx%d", cfg.Width, cfg.Height, spec.Width, spec.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	return img, err
}

// decodePair decodes a stored and a regenerated image; the error names
// the one that failed.
func decodePair(stored, fresh []byte, spec *Spec) (a, b image.Image, problem string) {
	a, err := decodeImage(stored, spec)
	if err != nil {
		return nil, nil, "stored image does not decode: " + err.Error()
	}
	if b, err = decodeImage(fresh, spec); err != nil {
		return nil, nil, "regenerated image does not decode: " + err.Error()
	}
	return a, b, ""
}

func rgba8(img image.Image, x, y int) [4]uint8 {
	r, g, b, a := img.At(x, y).RGBA()
	return [4]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

func imageExact(stored, fresh []byte, spec *Spec) string {
	if bytes.Equal(stored, fresh) {
		return ""
	}
	a, b, problem := decodePair(stored, fresh, spec)
	if problem != "" {
		return problem
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if pa, pb := rgba8(a, x, y), rgba8(b, x, y); pa != pb {
				return fmt.Sprintf("pixel (%d, %d): stored rgba%v, regenerated rgba%v", x, y, pa, pb)
			}
		}
	}
	return fmt.Sprintf("encoded bytes differ (%d and %d bytes), the pixels do not", len(stored), len(fresh))
}

func imageTolerant(stored, fresh []byte, spec *Spec) string {
	if bytes.Equal(stored, fresh) {
		return ""
	}
	a, b, problem := decodePair(stored, fresh, spec)
	if problem != "" {
		return problem
	}
	maxMean, within, share := 1.0, 2, 0.995
	if _, err := png.DecodeConfig(bytes.NewReader(stored)); err != nil {
		maxMean, within, share = 2.0, 8, 0.99 // JPEG
	}
	r := a.Bounds()
	var sum, far, n float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			pa, pb := rgba8(a, x, y), rgba8(b, x, y)
			for c := range 3 {
				d := math.Abs(float64(pa[c]) - float64(pb[c]))
				sum += d
				if d > float64(within) {
					far++
				}
				n++
			}
		}
	}
	if mean := sum / n; mean > maxMean {
		return fmt.Sprintf("mean absolute difference %.3f levels per channel, more than %g", mean, maxMean)
	}
	if far > (1-share)*n {
		return fmt.Sprintf("%.2f%% of channel values differ by more than %d levels, more than %.1f%%", 100*far/n, within, 100*(1-share))
	}
	return ""
}

// decodeMaps decodes a stored and a regenerated label map with decode,
// checking the spec's size.
func decodeMaps[T any](stored, fresh []byte, spec *Spec, decode func([]byte) ([]T, int, int, error)) (a, b []T, problem string) {
	for i, in := range [][]byte{stored, fresh} {
		m, w, h, err := decode(in)
		if err == nil && (w != spec.Width || h != spec.Height) {
			err = fmt.Errorf("%dx%d, the spec says %dx%d", w, h, spec.Width, spec.Height)
		}
		if err != nil {
			return nil, nil, [2]string{"stored", "regenerated"}[i] + " map does not decode: " + err.Error()
		}
		if i == 0 {
			a = m
		} else {
			b = m
		}
	}
	return a, b, ""
}

func decodeDepth(b []byte) ([]float32, int, int, error) {
	return labels.DecodeDepthPNG(bytes.NewReader(b))
}
func decodeIDs(b []byte) ([]uint32, int, int, error) {
	return labels.DecodeInstancePNG(bytes.NewReader(b))
}

// depthDiff compares the depth maps of two rows. In tolerant mode a pixel
// must be within tolerance where both rows have a surface of the same
// instance id (when the rows have instance maps); pixels where the
// surfaces differ (an edge that one GPU gives to the object in front and
// another to the one behind, or to the background) may differ at most in
// tolPixelShare of all pixels.
func depthDiff(storedRow, freshRow *dataset.Sample, spec *Spec, tol bool) string {
	stored, fresh := storedRow.Depth, freshRow.Depth
	if bytes.Equal(stored, fresh) {
		return ""
	}
	a, b, problem := decodeMaps(stored, fresh, spec, decodeDepth)
	if problem != "" {
		return problem
	}
	var idsA, idsB []uint32
	if tol && spec.Has(dataset.ColInstances) {
		idsA, idsB, problem = decodeMaps(storedRow.Instances, freshRow.Instances, spec, decodeIDs)
		if problem != "" {
			idsA, idsB = nil, nil // instancesDiff reports it
		}
	}
	other := 0 // pixels whose surface differs
	for i := range a {
		da, db := float64(a[i]), float64(b[i])
		if da == db {
			continue
		}
		x, y := i%spec.Width, i/spec.Width
		if !tol {
			return fmt.Sprintf("pixel (%d, %d): stored %g m, regenerated %g m", x, y, da, db)
		}
		within := math.Abs(da-db) <= max(tolDepthRel*max(da, db), tolDepthStep)+1e-6 // 1e-6: float32 decoding
		sameID := da != 0 && db != 0 && idsA != nil && idsA[i] == idsB[i]
		switch {
		case within:
		case sameID:
			return fmt.Sprintf("pixel (%d, %d): stored %.4f m, regenerated %.4f m, beyond the tolerance", x, y, da, db)
		default:
			other++ // another surface, or (without instance maps) maybe an edge
		}
	}
	if float64(other) > tolPixelShare*float64(len(a)) {
		return fmt.Sprintf("%d pixels have a different surface (or depth beyond the tolerance), more than %.2f%% of %d", other, 100*tolPixelShare, len(a))
	}
	if !tol {
		return fmt.Sprintf("encoded bytes differ (%d and %d bytes), the depths do not", len(stored), len(fresh))
	}
	return ""
}

func instancesDiff(stored, fresh []byte, spec *Spec, tol bool) string {
	if bytes.Equal(stored, fresh) {
		return ""
	}
	a, b, problem := decodeMaps(stored, fresh, spec, decodeIDs)
	if problem != "" {
		return problem
	}
	if !tol {
		for i := range a {
			if a[i] != b[i] {
				return fmt.Sprintf("pixel (%d, %d): stored id %d, regenerated id %d", i%spec.Width, i/spec.Width, a[i], b[i])
			}
		}
		return fmt.Sprintf("encoded bytes differ (%d and %d bytes), the ids do not", len(stored), len(fresh))
	}
	type counts struct{ a, b, both int }
	per := map[uint32]*counts{}
	get := func(id uint32) *counts {
		c := per[id]
		if c == nil {
			c = &counts{}
			per[id] = c
		}
		return c
	}
	differ := 0
	for i := range a {
		if a[i] == b[i] {
			if a[i] != 0 {
				get(a[i]).both++
			}
			continue
		}
		differ++
		if a[i] != 0 {
			get(a[i]).a++
		}
		if b[i] != 0 {
			get(b[i]).b++
		}
	}
	ids := make([]uint32, 0, len(per))
	for id := range per {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		c := per[id]
		union := c.both + c.a + c.b
		if max(c.both+c.a, c.both+c.b) >= tolIoUMinPixels {
			if iou := float64(c.both) / float64(union); iou < tolMinIoU {
				return fmt.Sprintf("instance %d: IoU %.4f of the stored and regenerated masks, below %g", id, iou, tolMinIoU)
			}
		}
	}
	if float64(differ) > tolPixelShare*float64(len(a)) {
		return fmt.Sprintf("%d pixels have different ids, more than %.2f%% of %d", differ, 100*tolPixelShare, len(a))
	}
	return ""
}
