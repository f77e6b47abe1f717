package scene

import (
	"fmt"

	"github.com/go-gl/mathgl/mgl64"
)

// Annotation is a labelled thing of a scene that is not one rendered
// object: a group of objects (a run of products), a region of space that
// holds no surface (an empty slot on a shelf), a polyline (the front edge
// of a board), or any mix of the three. It carries only world geometry
// and attributes; package labels turns it into image labels exactly, from
// the scene and a rendered frame, so it is independent of the renderer.
//
// Its visible pixels are those of its Objects (from the frame's instance
// ids) together with those whose view ray passes through Region before it
// meets the surface the frame shows there (see package labels).
type Annotation struct {
	// Category is the annotation's class, e.g. "price_tag". It must not be
	// empty.
	Category string
	// Attrs are the annotation's attributes; keys are identifiers (see
	// ValidAttrKey). They are shared, not copied, by label writers.
	Attrs map[string]string
	// Objects are indices into Scene.Objects whose pixels belong to the
	// annotation (a price tag: its quad; a facing group: its products).
	Objects []int
	// Region, when not nil, is a box of space that belongs to it.
	Region *Region
	// Line is a polyline in world coordinates (at least two points when
	// set), projected into the image and clipped by labels.
	Line []mgl64.Vec3
}

// Region is an oriented box of space: the box [Lo, Hi] of its own frame,
// placed in the world by Transform (an affine map, usually a rotation and
// a translation).
type Region struct {
	Transform mgl64.Mat4
	Lo, Hi    mgl64.Vec3
}

// ValidAttrKey reports whether k can be an attribute key (of
// Object.Meta or Annotation.Attrs): an identifier of ASCII letters,
// digits and '_', not starting with a digit, at most 64 bytes. Such keys
// are valid column, JSON and CSV names in every export.
func ValidAttrKey(k string) bool {
	if k == "" || len(k) > 64 {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c == '_', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// checkAttrs reports the first key of m that is not a valid attribute key.
func checkAttrs(m map[string]string) error {
	for k := range m {
		if !ValidAttrKey(k) {
			return fmt.Errorf("attribute key %q is not an identifier (letters, digits and '_', not starting with a digit, at most 64 bytes)", k)
		}
	}
	return nil
}

// validateAnnotations checks the scene's annotations: a category, valid
// attribute keys, object indices in range, a finite region with Lo <= Hi
// and finite polylines of at least two points.
func (s *Scene) validateAnnotations() error {
	for i := range s.Annotations {
		a := &s.Annotations[i]
		if a.Category == "" {
			return fmt.Errorf("%w: annotation %d: empty category", ErrInvalid, i)
		}
		if err := checkAttrs(a.Attrs); err != nil {
			return fmt.Errorf("%w: annotation %d (%q): %w", ErrInvalid, i, a.Category, err)
		}
		for _, o := range a.Objects {
			if o < 0 || o >= len(s.Objects) {
				return fmt.Errorf("%w: annotation %d (%q): object %d outside the scene's %d objects", ErrInvalid, i, a.Category, o, len(s.Objects))
			}
		}
		if r := a.Region; r != nil {
			if !finiteMat(r.Transform) || !finite3(r.Lo) || !finite3(r.Hi) {
				return fmt.Errorf("%w: annotation %d (%q): region has NaN or Inf", ErrInvalid, i, a.Category)
			}
			if r.Lo[0] > r.Hi[0] || r.Lo[1] > r.Hi[1] || r.Lo[2] > r.Hi[2] {
				return fmt.Errorf("%w: annotation %d (%q): region lo %v exceeds hi %v", ErrInvalid, i, a.Category, r.Lo, r.Hi)
			}
		}
		if len(a.Line) == 1 {
			return fmt.Errorf("%w: annotation %d (%q): a polyline needs at least two points", ErrInvalid, i, a.Category)
		}
		for _, p := range a.Line {
			if !finite3(p) {
				return fmt.Errorf("%w: annotation %d (%q): polyline point has NaN or Inf", ErrInvalid, i, a.Category)
			}
		}
	}
	return nil
}
