package scene

import (
	"errors"
	"fmt"
	"math"

	"github.com/go-gl/mathgl/mgl64"
)

// Limits bound what a scene may ask of a renderer. Scenes come from vendor
// code and strangers' assets, so every size is checked before anything is
// allocated for it.
type Limits struct {
	MaxImageSide  int // largest width or height, pixels
	MaxPixels     int // largest width×height
	MaxObjects    int
	MaxTriangles  int // summed over all objects of a scene
	MaxLights     int
	MaxTextureDim int // largest texture width or height
}

// DefaultLimits returns limits that are generous for real datasets and still
// keep a bad scene from exhausting a worker's memory.
func DefaultLimits() Limits {
	return Limits{
		MaxImageSide:  16384,
		MaxPixels:     64 << 20,
		MaxObjects:    1 << 20,
		MaxTriangles:  50_000_000,
		MaxLights:     256,
		MaxTextureDim: 16384,
	}
}

// ErrInvalid is wrapped by every error Validate returns.
var ErrInvalid = errors.New("invalid scene")

// Validate checks s against DefaultLimits; see ValidateLimits.
func (s *Scene) Validate() error { return s.ValidateLimits(DefaultLimits()) }

// ValidateLimits reports the first problem that would stop a renderer from
// producing a correct frame: a bad camera, a non-finite transform, a mesh
// index out of range, mismatched attribute lengths, or a size beyond lim;
// and what would stop a label writer: a Meta or annotation attribute key
// that is not an identifier (ValidAttrKey), an annotation without a
// category, with an object index out of range, a non-finite or inverted
// region or a one-point polyline. Degenerate triangles and empty scenes are valid (they draw nothing).
func (s *Scene) ValidateLimits(lim Limits) error {
	if s == nil {
		return fmt.Errorf("%w: nil scene", ErrInvalid)
	}
	if err := s.Camera.validate(lim); err != nil {
		return err
	}
	if err := s.Post.Validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if len(s.Objects) > lim.MaxObjects {
		return fmt.Errorf("%w: %d objects exceed the limit of %d", ErrInvalid, len(s.Objects), lim.MaxObjects)
	}
	if len(s.Lights) > lim.MaxLights {
		return fmt.Errorf("%w: %d lights exceed the limit of %d", ErrInvalid, len(s.Lights), lim.MaxLights)
	}
	for i, l := range s.Lights {
		if !finite(l.Intensity) || l.Intensity < 0 || !finite3(l.Direction) || !finite3(l.Position) {
			return fmt.Errorf("%w: light %d: non-finite or negative parameters", ErrInvalid, i)
		}
		if l.Kind == Directional && l.Direction.Len() == 0 {
			return fmt.Errorf("%w: light %d: directional light has zero direction", ErrInvalid, i)
		}
		if l.Kind > Point {
			return fmt.Errorf("%w: light %d: unknown kind %d", ErrInvalid, i, l.Kind)
		}
	}
	if e := s.Environment; e != nil {
		if err := e.Validate(); err != nil {
			return fmt.Errorf("%w: %w", ErrInvalid, err)
		}
	}
	checked := make(map[*Mesh]bool)
	tris := 0
	for i := range s.Objects {
		o := &s.Objects[i]
		if o.Mesh == nil {
			return fmt.Errorf("%w: object %d (%q): nil mesh", ErrInvalid, i, o.Name)
		}
		if !finiteMat(o.Transform) {
			return fmt.Errorf("%w: object %d (%q): transform has NaN or Inf", ErrInvalid, i, o.Name)
		}
		if err := checkAttrs(o.Meta); err != nil {
			return fmt.Errorf("%w: object %d (%q): meta: %w", ErrInvalid, i, o.Name, err)
		}
		tris += o.Mesh.NumTriangles()
		if tris > lim.MaxTriangles {
			return fmt.Errorf("%w: more than %d triangles in the scene", ErrInvalid, lim.MaxTriangles)
		}
		if !checked[o.Mesh] {
			if err := o.Mesh.Validate(); err != nil {
				return fmt.Errorf("%w: object %d (%q): %w", ErrInvalid, i, o.Name, err)
			}
			checked[o.Mesh] = true
		}
		if m := o.Material; m != nil {
			if err := m.validateParams(); err != nil {
				return fmt.Errorf("%w: object %d (%q): %w", ErrInvalid, i, o.Name, err)
			}
		}
		if m := o.Material; m != nil {
			for k, t := range m.Textures() {
				if t == nil {
					continue
				}
				img := t.Image
				if img == nil || img.Rect.Empty() {
					return fmt.Errorf("%w: object %d (%q): material %q: empty %s texture", ErrInvalid, i, o.Name, m.Name, textureSlots[k])
				}
				if img.Rect.Dx() > lim.MaxTextureDim || img.Rect.Dy() > lim.MaxTextureDim {
					return fmt.Errorf("%w: object %d (%q): material %q: %s texture %dx%d exceeds %d", ErrInvalid, i, o.Name, m.Name, textureSlots[k], img.Rect.Dx(), img.Rect.Dy(), lim.MaxTextureDim)
				}
			}
		}
	}
	return s.validateAnnotations()
}

// textureSlots names the slots of Material.Textures in error messages.
var textureSlots = [5]string{"base colour", "metallic-roughness", "normal", "occlusion", "emissive"}

// validateParams checks the alpha mode and cutoff of m, and the normal
// scale and occlusion strength.
func (m *Material) validateParams() error {
	if m.AlphaMode > AlphaBlend {
		return fmt.Errorf("material %q: unknown alpha mode %d", m.Name, m.AlphaMode)
	}
	if c := m.AlphaCutoff; !(c >= 0 && c <= 1) {
		return fmt.Errorf("material %q: alpha cutoff %g outside [0, 1]", m.Name, c)
	}
	if s := m.NormalScale; !(s >= -maxNormalScale && s <= maxNormalScale) {
		return fmt.Errorf("material %q: normal scale %g outside [-%d, %d]", m.Name, s, maxNormalScale, maxNormalScale)
	}
	if s := m.OcclusionStrength; !(s >= 0 && s <= 1) {
		return fmt.Errorf("material %q: occlusion strength %g outside [0, 1]", m.Name, s)
	}
	return nil
}

// maxNormalScale bounds |Material.NormalScale|: beyond it a normal map
// only folds normals flat into the surface.
const maxNormalScale = 100

func (c *Camera) validate(lim Limits) error {
	switch {
	case c.Width <= 0 || c.Height <= 0:
		return fmt.Errorf("%w: camera: image size %dx%d must be positive", ErrInvalid, c.Width, c.Height)
	case c.Width > lim.MaxImageSide || c.Height > lim.MaxImageSide || c.Width*c.Height > lim.MaxPixels:
		return fmt.Errorf("%w: camera: image size %dx%d exceeds the limit (%d per side, %d pixels)", ErrInvalid, c.Width, c.Height, lim.MaxImageSide, lim.MaxPixels)
	case !finite(c.Fx) || !finite(c.Fy) || c.Fx <= 0 || c.Fy <= 0:
		return fmt.Errorf("%w: camera: focal lengths fx=%g fy=%g must be positive and finite", ErrInvalid, c.Fx, c.Fy)
	case !finite(c.Cx) || !finite(c.Cy):
		return fmt.Errorf("%w: camera: principal point (%g, %g) is not finite", ErrInvalid, c.Cx, c.Cy)
	case !finite(c.Near) || !finite(c.Far) || c.Near <= 0 || c.Far <= c.Near:
		return fmt.Errorf("%w: camera: clip planes near=%g far=%g need 0 < near < far", ErrInvalid, c.Near, c.Far)
	case !finiteMat(c.Pose):
		return fmt.Errorf("%w: camera: pose has NaN or Inf", ErrInvalid)
	}
	if err := c.Distortion.Validate(); err != nil {
		return fmt.Errorf("%w: camera: %w", ErrInvalid, err)
	}
	if !c.Distortion.Identity() {
		if _, err := c.CoveringPinhole(1); err != nil {
			return fmt.Errorf("%w: %w", ErrInvalid, err)
		}
	}
	return nil
}

// Validate checks index ranges and attribute lengths.
func (m *Mesh) Validate() error {
	name := m.Name
	if len(m.Indices)%3 != 0 {
		return fmt.Errorf("mesh %q: %d indices is not a multiple of 3", name, len(m.Indices))
	}
	n := len(m.Positions)
	if len(m.Normals) != 0 && len(m.Normals) != n {
		return fmt.Errorf("mesh %q: %d normals for %d positions", name, len(m.Normals), n)
	}
	if len(m.UVs) != 0 && len(m.UVs) != n {
		return fmt.Errorf("mesh %q: %d UVs for %d positions", name, len(m.UVs), n)
	}
	if len(m.Colors) != 0 && len(m.Colors) != n {
		return fmt.Errorf("mesh %q: %d colours for %d positions", name, len(m.Colors), n)
	}
	if len(m.Tangents) != 0 && len(m.Tangents) != n {
		return fmt.Errorf("mesh %q: %d tangents for %d positions", name, len(m.Tangents), n)
	}
	for i, t := range m.Tangents {
		if !finite(float64(t[0])) || !finite(float64(t[1])) || !finite(float64(t[2])) || (t[3] != 1 && t[3] != -1) {
			return fmt.Errorf("mesh %q: tangent %d is %v, want a finite direction and w = ±1", name, i, t)
		}
	}
	for i, idx := range m.Indices {
		if int(idx) >= n {
			return fmt.Errorf("mesh %q: index %d at position %d is out of range (%d vertices)", name, idx, i, n)
		}
	}
	for i, p := range m.Positions {
		for _, x := range p {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				return fmt.Errorf("mesh %q: vertex %d is not finite", name, i)
			}
		}
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func finiteMat(m mgl64.Mat4) bool {
	for _, x := range m {
		if !finite(x) {
			return false
		}
	}
	return true
}
