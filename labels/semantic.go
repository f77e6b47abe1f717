package labels

import (
	"fmt"
	"math"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// ClassTable maps category names to class ids; 0 is reserved for the
// background. Its ID method is the classID function CategoryMap takes.
type ClassTable map[string]uint16

// NewClassTable numbers the distinct categories 1, 2, ... in the order
// given. It returns an error for more than 65535 distinct categories.
func NewClassTable(categories ...string) (ClassTable, error) {
	t := make(ClassTable, len(categories))
	for _, c := range categories {
		if _, ok := t[c]; ok {
			continue
		}
		if len(t) == math.MaxUint16 {
			return nil, fmt.Errorf("labels: class table: more than %d categories", math.MaxUint16)
		}
		t[c] = uint16(len(t) + 1)
	}
	return t, nil
}

// ID returns the class id of a category and whether it is in the table.
func (t ClassTable) ID(category string) (uint16, bool) {
	id, ok := t[category]
	return id, ok
}

// CategoryMap returns the semantic segmentation of a frame: row-major, one
// class id per pixel, classID(Category) of the object seen there and 0
// for the background. classID is called once per object; a category it
// does not know (second result false) is an error, so that no object is
// dropped silently: return (0, true) to map a category to the background
// on purpose. The result can be written with Encoder.EncodeGray16PNG.
func CategoryMap(s *scene.Scene, f *render.Frame, classID func(category string) (uint16, bool)) ([]uint16, error) {
	if err := checkFrame(s, f); err != nil {
		return nil, fmt.Errorf("labels: category map: %w", err)
	}
	if classID == nil {
		return nil, fmt.Errorf("labels: category map: nil classID function")
	}
	lut := make([]uint16, len(s.Objects)+1)
	for i := range s.Objects {
		c, ok := classID(s.Objects[i].Category)
		if !ok {
			return nil, fmt.Errorf("labels: category map: object %d (%q): unknown category %q", i, s.Objects[i].Name, s.Objects[i].Category)
		}
		lut[i+1] = c
	}
	out := make([]uint16, len(f.IDs))
	for i, id := range f.IDs {
		if uint64(id) >= uint64(len(lut)) {
			return nil, fmt.Errorf("labels: category map: %w: pixel (%d, %d) has instance id %d but the scene has %d objects",
				ErrMismatch, i%f.Width, i/f.Width, id, len(s.Objects))
		}
		out[i] = lut[id]
	}
	return out, nil
}
