package basic

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/synthkit/synthkit/generator"
)

// Shape names. Each is also the Category of the objects of that shape.
const (
	Box      = "box"
	Cylinder = "cylinder"
	Sphere   = "sphere" // spheres and ellipsoids
	Cone     = "cone"
)

// allShapes lists every shape this generator can draw, in a fixed order.
var allShapes = []string{Box, Cylinder, Sphere, Cone}

// MaxObjectsLimit is the largest accepted max_objects.
const MaxObjectsLimit = 200

// Params configures the generator. The registry decodes them from the job
// spec; fields left out keep the values of DefaultParams.
type Params struct {
	MinObjects            int             `json:"min_objects" doc:"fewest labelled objects per sample"`
	MaxObjects            int             `json:"max_objects" doc:"most labelled objects per sample (at most 200); objects get smaller as there are more"`
	Shapes                []string        `json:"shapes" doc:"shapes to draw, any of box, cylinder, sphere, cone; these are also the categories"`
	FOVDeg                generator.Range `json:"fov_deg" doc:"vertical field of view, degrees"`
	CameraDistance        generator.Range `json:"camera_distance" doc:"distance from the camera to the point it looks at, metres"`
	Environment           string          `json:"environment" doc:"image-based light around the table: empty for none (the key lights and a flat ambient only), studio (a procedural softbox studio), or the path in the job's assets of an equirectangular map (.hdr, .png, .jpg; an HDRI), turned at random about the vertical axis per sample"`
	EnvironmentBackground bool            `json:"environment_background" doc:"draw the environment behind the scene (an HDRI backdrop) instead of the plain background colour; labels are unchanged"`
	EnvironmentIntensity  generator.Range `json:"environment_intensity" doc:"multiplier of the environment's radiance, drawn per sample"`
}

// EnvironmentStudio is the environment param's procedural studio.
const EnvironmentStudio = "studio"

// DefaultParams returns 3 to 20 objects of all four shapes, seen with a
// 45°–65° field of view from 0.8–2 m away.
func DefaultParams() Params {
	return Params{
		MinObjects:           3,
		MaxObjects:           20,
		Shapes:               slices.Clone(allShapes),
		FOVDeg:               generator.Range{Min: 45, Max: 65},
		CameraDistance:       generator.Range{Min: 0.8, Max: 2},
		EnvironmentIntensity: generator.Range{Min: 0.6, Max: 1.2},
	}
}

// Validate reports the first param out of its allowed range.
func (p Params) Validate() error {
	switch {
	case p.MinObjects < 0:
		return fmt.Errorf("min_objects %d is negative", p.MinObjects)
	case p.MaxObjects < 0:
		return fmt.Errorf("max_objects %d is negative", p.MaxObjects)
	case p.MinObjects > p.MaxObjects:
		return fmt.Errorf("min_objects %d exceeds max_objects %d", p.MinObjects, p.MaxObjects)
	case p.MaxObjects > MaxObjectsLimit:
		return fmt.Errorf("max_objects %d exceeds the limit of %d", p.MaxObjects, MaxObjectsLimit)
	case len(p.Shapes) == 0:
		return fmt.Errorf("shapes is empty; want some of %s", strings.Join(allShapes, ", "))
	}
	for i, s := range p.Shapes {
		if !slices.Contains(allShapes, s) {
			return fmt.Errorf("shapes[%d] %q is not one of %s", i, s, strings.Join(allShapes, ", "))
		}
		if slices.Contains(p.Shapes[:i], s) {
			return fmt.Errorf("shapes[%d] %q is listed twice", i, s)
		}
	}
	if err := p.FOVDeg.Validate(); err != nil {
		return fmt.Errorf("fov_deg: %w", err)
	}
	if p.FOVDeg.Min < 10 || p.FOVDeg.Max > 120 {
		return fmt.Errorf("fov_deg [%g, %g] leaves [10, 120]", p.FOVDeg.Min, p.FOVDeg.Max)
	}
	if err := p.CameraDistance.Validate(); err != nil {
		return fmt.Errorf("camera_distance: %w", err)
	}
	if p.CameraDistance.Min < 0.5 || p.CameraDistance.Max > 10 {
		return fmt.Errorf("camera_distance [%g, %g] leaves [0.5, 10] m", p.CameraDistance.Min, p.CameraDistance.Max)
	}
	if err := p.EnvironmentIntensity.Validate(); err != nil {
		return fmt.Errorf("environment_intensity: %w", err)
	}
	if p.EnvironmentIntensity.Min < 0 || p.EnvironmentIntensity.Max > 100 {
		return fmt.Errorf("environment_intensity [%g, %g] leaves [0, 100]", p.EnvironmentIntensity.Min, p.EnvironmentIntensity.Max)
	}
	if e := p.Environment; e != "" && e != EnvironmentStudio {
		if !fs.ValidPath(e) {
			return fmt.Errorf("environment %q is not a slash-separated path inside the job's assets", e)
		}
		switch strings.ToLower(path.Ext(e)) {
		case ".hdr", ".pic", ".png", ".jpg", ".jpeg":
		default:
			return fmt.Errorf("environment %q: want %s, or an .hdr, .png or .jpg map in the job's assets", e, EnvironmentStudio)
		}
	}
	if p.EnvironmentBackground && p.Environment == "" {
		return errors.New("environment_background is set but there is no environment")
	}
	return nil
}

// info is how the generator is registered.
var info = generator.Info{
	Name:        "basic",
	Version:     "1.0.0",
	Description: "random boxes, cylinders, spheres and cones on a table under random light and camera",
	Categories:  slices.Clone(allShapes),
}

func init() {
	generator.Register(info, DefaultParams, func(p Params) (generator.Generator, error) {
		g, err := New(p)
		if err != nil {
			return nil, err
		}
		return g, nil
	})
}
