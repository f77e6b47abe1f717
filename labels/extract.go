package labels

import (
	"errors"
	"fmt"
	"image"
	"math"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// ErrMismatch is wrapped by the errors of Extract and CategoryMap when a
// frame does not belong to the scene or contradicts itself: sizes that
// differ, a silhouette per object missing, an instance id beyond the
// scene's objects, visible pixels outside the object's silhouette.
var ErrMismatch = errors.New("frame does not match scene")

// Extract returns the labels of every object of s whose silhouette in f
// covers at least one pixel, in object order; objects hidden entirely by
// others are included with Area 0 and VisibleFraction 0, objects outside
// the image are not. It reads the frame's IDs once to build every
// instance's visible box, area and RLE together, and computes the
// geometric labels from the scene. An error wrapping
// ErrMismatch reports a frame that does not fit the scene; Extract never
// panics on such input.
func Extract(s *scene.Scene, f *render.Frame) ([]Instance, error) {
	if err := checkFrame(s, f); err != nil {
		return nil, fmt.Errorf("labels: extract: %w", err)
	}
	w, h, n := f.Width, f.Height, len(s.Objects)
	if len(f.Depth) != w*h {
		return nil, fmt.Errorf("labels: extract: %w: %d depth values for %dx%d pixels", ErrMismatch, len(f.Depth), w, h)
	}
	bounds := image.Rect(0, 0, w, h)
	amodal := 0
	for i := range f.Silhouettes {
		if err := checkSilhouette(&f.Silhouettes[i], bounds); err != nil {
			return nil, fmt.Errorf("labels: extract: object %d (%q): %w", i, s.Objects[i].Name, err)
		}
		if f.Silhouettes[i].Pixels > 0 {
			amodal++
			if s.Objects[i].Mesh == nil {
				return nil, fmt.Errorf("labels: extract: object %d (%q): %w: nil mesh but %d silhouette pixels", i, s.Objects[i].Name, ErrMismatch, f.Silhouettes[i].Pixels)
			}
		}
	}
	sc, err := scanIDs(f.IDs, w, h, n)
	if err != nil {
		return nil, fmt.Errorf("labels: extract: %w", err)
	}
	for i := range f.Silhouettes {
		if err := checkVisible(sc, uint32(i+1), &f.Silhouettes[i]); err != nil {
			return nil, fmt.Errorf("labels: extract: object %d (%q): %w", i, s.Objects[i].Name, err)
		}
	}
	counts := sc.counts(func(id int) bool { return f.Silhouettes[id-1].Pixels > 0 })

	v := newView(&s.Camera, f.Depth)
	out := make([]Instance, 0, amodal)
	for i := range s.Objects {
		sil := &f.Silhouettes[i]
		if sil.Pixels == 0 {
			continue
		}
		o := &s.Objects[i]
		id := uint32(i + 1)
		out = append(out, Instance{
			ID: id, Object: i,
			Name: o.Name, Category: o.Category, Meta: objectMeta(o),
			Box:        sc.box(id),
			AmodalBox:  rectBox(sil.Bounds),
			Area:       sc.stats[id].area,
			AmodalArea: sil.Pixels,
			RLE:        RLE{H: h, W: w, Counts: counts[id]},
		})
		inst := &out[len(out)-1]
		inst.VisibleFraction = float64(inst.Area) / float64(inst.AmodalArea)
		v.placeObject(inst, o)
	}
	return out, nil
}

// AttrSeeThrough is the attribute Extract adds, with the value "true", to
// the Meta of every object whose material is scene.AlphaBlend: its pixels
// in the mask are its own (labels treat blended surfaces as opaque), but
// what lies behind it shows through its colour.
const AttrSeeThrough = "see_through"

// objectMeta returns o's Meta (shared) or, for a blended object, a copy
// with AttrSeeThrough set, so that the scene's map is never modified.
func objectMeta(o *scene.Object) map[string]string {
	if o.MaterialOrDefault().AlphaMode != scene.AlphaBlend {
		return o.Meta
	}
	m := make(map[string]string, len(o.Meta)+1)
	for k, v := range o.Meta {
		m[k] = v
	}
	m[AttrSeeThrough] = "true"
	return m
}

// checkFrame checks what every consumer of a frame relies on: both exist,
// the frame has the camera's size, one id per pixel and one silhouette per
// object.
func checkFrame(s *scene.Scene, f *render.Frame) error {
	switch {
	case s == nil:
		return fmt.Errorf("%w: nil scene", ErrMismatch)
	case f == nil:
		return fmt.Errorf("%w: nil frame", ErrMismatch)
	case f.Width != s.Camera.Width || f.Height != s.Camera.Height:
		return fmt.Errorf("%w: frame is %dx%d, camera %dx%d", ErrMismatch, f.Width, f.Height, s.Camera.Width, s.Camera.Height)
	case f.Width <= 0 || f.Height <= 0 || f.Width > math.MaxInt32/f.Height:
		return fmt.Errorf("%w: frame size %dx%d is empty or too large", ErrMismatch, f.Width, f.Height)
	case len(f.IDs) != f.Width*f.Height:
		return fmt.Errorf("%w: %d instance ids for %dx%d pixels", ErrMismatch, len(f.IDs), f.Width, f.Height)
	case len(f.Silhouettes) != len(s.Objects):
		return fmt.Errorf("%w: %d silhouettes for %d objects", ErrMismatch, len(f.Silhouettes), len(s.Objects))
	case uint64(len(s.Objects)) >= math.MaxUint32:
		return fmt.Errorf("%w: %d objects exceed the uint32 instance ids", ErrMismatch, len(s.Objects))
	}
	return nil
}

// checkSilhouette checks that a silhouette is well formed and inside the
// image.
func checkSilhouette(sil *render.Silhouette, img image.Rectangle) error {
	b := sil.Bounds
	switch {
	case sil.Pixels < 0:
		return fmt.Errorf("%w: silhouette has %d pixels", ErrMismatch, sil.Pixels)
	case b.Empty() && sil.Pixels != 0:
		return fmt.Errorf("%w: silhouette has empty bounds but %d pixels", ErrMismatch, sil.Pixels)
	case b.Empty():
		return nil
	case !b.In(img):
		return fmt.Errorf("%w: silhouette bounds %v exceed the image %v", ErrMismatch, b, img)
	case len(sil.Mask) != b.Dx()*b.Dy():
		return fmt.Errorf("%w: silhouette mask has %d entries for bounds %v", ErrMismatch, len(sil.Mask), b)
	case sil.Pixels == 0 || sil.Pixels > len(sil.Mask):
		return fmt.Errorf("%w: silhouette has %d pixels in bounds %v", ErrMismatch, sil.Pixels, b)
	}
	return nil
}

// checkVisible checks that the visible pixels of instance id can lie within
// its silhouette: no more of them, and a box inside the silhouette's.
func checkVisible(sc *idScan, id uint32, sil *render.Silhouette) error {
	st := &sc.stats[id]
	if st.spans == 0 {
		return nil
	}
	b := sil.Bounds
	if st.area > sil.Pixels || st.x0 < b.Min.X || st.y0 < b.Min.Y || st.x1 >= b.Max.X || st.y1 >= b.Max.Y {
		return fmt.Errorf("%w: %d visible pixels in box %v but the silhouette has %d in %v",
			ErrMismatch, st.area, sc.box(id).COCO(), sil.Pixels, b)
	}
	return nil
}

// rectBox converts a pixel rectangle to a COCO box.
func rectBox(r image.Rectangle) Box {
	if r.Empty() {
		return Box{}
	}
	return Box{X: float64(r.Min.X), Y: float64(r.Min.Y), W: float64(r.Dx()), H: float64(r.Dy())}
}
