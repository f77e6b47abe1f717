package basic

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/scene"
	"github.com/synthkit/synthkit/scene/envmap"
)

// Generator draws "basic" scenes. Build it with New; it is safe for
// concurrent use because Sample only reads the generator.
type Generator struct {
	p      Params
	shapes map[string][]variant // cached meshes of each enabled shape
	box    *scene.Mesh          // unit cube: box objects, table top and legs
	floor  *scene.Mesh          // unit square facing +y
	// env is the environment of the environment param: the studio, built
	// in New, or the map read from the assets by UseAssets; nil without.
	env *scene.Environment
}

// variant is one cached mesh of a shape with the local y of its lowest
// point, so that an object can be stood on the table without scanning its
// vertices per sample.
type variant struct {
	mesh   *scene.Mesh
	bottom float64
}

// Mesh resolution of the round shapes: fine enough that silhouettes look
// round at 1080p for objects a few centimetres across.
const (
	segments = 48
	rings    = 24
)

// New builds the generator and its meshes. Round meshes have a footprint
// radius of 1 and are scaled uniformly (or, for cylinders, by radius and
// height along the axes), so that normals stay exact whichever way a
// renderer transforms them.
func New(p Params) (*Generator, error) {
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("basic: %w", err)
	}
	g := &Generator{p: p, shapes: make(map[string][]variant), box: scene.Box(1, 1, 1), floor: scene.Plane(1, 1)}
	g.p.Shapes = slices.Clone(p.Shapes)
	for _, name := range p.Shapes {
		meshes, err := shapeMeshes(name, g.box)
		if err != nil {
			return nil, fmt.Errorf("basic: %s meshes: %w", name, err)
		}
		for _, m := range meshes {
			lo, _ := m.Bounds()
			g.shapes[name] = append(g.shapes[name], variant{mesh: m, bottom: lo[1]})
		}
	}
	if p.Environment == EnvironmentStudio {
		g.env = envmap.Studio(studioHeight)
	}
	return g, nil
}

// studioHeight is the height of the studio environment's map.
const studioHeight = 256

// UseAssets reads the environment param's map from the job's assets
// (package scene/envmap: at most envmap.DefaultMaxHeight rows are kept);
// it does nothing when the param names no file.
func (g *Generator) UseAssets(assets fs.FS) error {
	name := g.p.Environment
	if name == "" || name == EnvironmentStudio {
		return nil
	}
	f, err := assets.Open(name)
	if err != nil {
		return fmt.Errorf("basic: environment: %w", err)
	}
	defer f.Close()
	e, err := envmap.Decode(f, name, envmap.DefaultMaxHeight)
	if err != nil {
		return fmt.Errorf("basic: environment: %w", err)
	}
	g.env = e
	return nil
}

// shapeMeshes returns the unit-sized meshes of a shape.
func shapeMeshes(name string, box *scene.Mesh) ([]*scene.Mesh, error) {
	switch name {
	case Box:
		return []*scene.Mesh{box}, nil // 1×1×1, stretched per object
	case Cylinder:
		m, err := scene.Cylinder(1, 1, segments) // radius 1, height 1
		return []*scene.Mesh{m}, err
	case Sphere:
		var out []*scene.Mesh
		for _, ry := range []float64{1, 0.6, 1.5} { // sphere, squashed, stretched
			m, err := scene.Ellipsoid(1, ry, 1, segments, rings)
			if err != nil {
				return nil, err
			}
			out = append(out, m)
		}
		return out, nil
	case Cone:
		var out []*scene.Mesh
		for _, h := range []float64{1, 1.8, 2.6} { // base radius 1, three heights
			m, err := scene.Lathe([]mgl64.Vec2{{1, -h / 2}, {0, h / 2}}, segments, true, false)
			if err != nil {
				return nil, err
			}
			m.Name = fmt.Sprintf("cone-h%g", h)
			out = append(out, m)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown shape %q", name)
}

// Categories returns the shapes the params enable, which are the categories
// it labels (see generator.CategoriesOf).
func (g *Generator) Categories() []string { return slices.Clone(g.p.Shapes) }

// table is the size of this sample's table; its top is centred above the
// world origin at height h.
type table struct {
	w, d, h float64 // width (x), depth (z), height of the top surface, metres
}

const (
	tableThickness = 0.03
	legSide        = 0.05
	floorSide      = 12.0
)

// Sample draws one scene: table, objects, camera, lights, in that order of
// random draws.
func (g *Generator) Sample(c *generator.Context) (*scene.Scene, error) {
	if c == nil || c.Rand == nil {
		return nil, errors.New("basic: sample: context has no random source")
	}
	if c.Width <= 0 || c.Height <= 0 {
		return nil, fmt.Errorf("basic: sample %d: image size %dx%d must be positive", c.Index, c.Width, c.Height)
	}
	r := c.Rand
	t := table{w: uniform(r, 0.9, 1.4), d: uniform(r, 0.6, 0.9), h: uniform(r, 0.70, 0.78)}

	s := &scene.Scene{Background: generator.HSV(uniform(r, 0, 360), uniform(r, 0, 0.3), uniform(r, 0.05, 0.35))}
	s.Objects = g.objects(r, t)
	s.Objects = append(s.Objects, g.furniture(r, t)...)

	cam, err := g.camera(r, t, c.Width, c.Height)
	if err != nil {
		return nil, fmt.Errorf("basic: sample %d: %w", c.Index, err)
	}
	s.Camera = cam
	s.Lights = lights(r, t)
	if g.p.Environment != "" {
		// Drawn last, so that samples without an environment keep their
		// draws.
		if g.env == nil {
			return nil, fmt.Errorf("basic: sample %d: environment %q is read from the job's assets, and the generator got none (--assets)", c.Index, g.p.Environment)
		}
		e := *g.env
		e.Rotation = uniform(r, 0, 2*math.Pi)
		e.Intensity = g.p.EnvironmentIntensity.Draw(r)
		e.Background = g.p.EnvironmentBackground
		s.Environment = &e
	}
	return s, nil
}

// objects draws the labelled objects and stands them on the table.
func (g *Generator) objects(r *rand.Rand, t table) []scene.Object {
	n := generator.IntRange{Min: g.p.MinObjects, Max: g.p.MaxObjects}.Draw(r)
	if n == 0 {
		return nil
	}
	// Shrink objects as there are more of them, so that at most a fifth of
	// the table is covered and placement rarely needs a second try.
	maxRadius := min(0.09, math.Sqrt(0.2*t.w*t.d/(math.Pi*float64(n))))
	objs := make([]scene.Object, 0, n)
	placed := make([]footprint, 0, n)
	for i := range n {
		shape := g.p.Shapes[r.IntN(len(g.p.Shapes))]
		b := g.body(r, shape, uniform(r, 0.55, 1)*maxRadius)
		f, ok := placeShrinking(r, t, b.radius, placed)
		if !ok {
			continue // practically never: see placeShrinking
		}
		b.scale = b.scale.Mul(f.r / b.radius)
		placed = append(placed, f)
		yaw := generator.Angle(r)
		objs = append(objs, scene.Object{
			Name:     fmt.Sprintf("%s-%d", shape, i),
			Mesh:     b.v.mesh,
			Material: objectMaterial(r),
			Transform: mgl64.Translate3D(f.x, t.h-b.v.bottom*b.scale[1], f.z).
				Mul4(mgl64.HomogRotate3DY(yaw)).
				Mul4(mgl64.Scale3D(b.scale[0], b.scale[1], b.scale[2])),
			Category: shape,
		})
	}
	return objs
}

// body is a labelled object before placement: a cached mesh, the scale
// that sizes it, and the radius of its footprint once scaled.
type body struct {
	v      variant
	scale  mgl64.Vec3
	radius float64
}

// body sizes an object of the given shape to a footprint of the given
// radius.
func (g *Generator) body(r *rand.Rand, shape string, radius float64) body {
	vs := g.shapes[shape]
	v := vs[r.IntN(len(vs))]
	switch shape {
	case Box:
		// The footprint circle is the box's diagonal circle, whatever its turn.
		a := mgl64.DegToRad(uniform(r, 20, 70))
		return body{v: v, radius: radius, scale: mgl64.Vec3{2 * radius * math.Cos(a), radius * uniform(r, 0.6, 2.2), 2 * radius * math.Sin(a)}}
	case Cylinder:
		return body{v: v, radius: radius, scale: mgl64.Vec3{radius, radius * uniform(r, 0.8, 3.5), radius}}
	}
	return body{v: v, radius: radius, scale: mgl64.Vec3{radius, radius, radius}}
}

// furniture returns the unlabelled context: table top, legs and floor.
func (g *Generator) furniture(r *rand.Rand, t table) []scene.Object {
	wood := &scene.Material{
		Name:      "table",
		BaseColor: generator.HSV(uniform(r, 18, 40), uniform(r, 0.3, 0.65), uniform(r, 0.3, 0.75)),
		Roughness: float32(uniform(r, 0.5, 0.85)),
	}
	floor := &scene.Material{
		Name:      "floor",
		BaseColor: generator.HSV(uniform(r, 0, 360), uniform(r, 0, 0.15), uniform(r, 0.2, 0.6)),
		Roughness: 0.9,
	}
	box := func(name string, x, y, z, sx, sy, sz float64, m *scene.Material) scene.Object {
		return scene.Object{Name: name, Mesh: g.box, Material: m, Transform: mgl64.Translate3D(x, y, z).Mul4(mgl64.Scale3D(sx, sy, sz))}
	}
	objs := []scene.Object{box("table-top", 0, t.h-tableThickness/2, 0, t.w, tableThickness, t.d, wood)}
	legH := t.h - tableThickness
	lx, lz := t.w/2-legSide, t.d/2-legSide
	for i, p := range [][2]float64{{-lx, -lz}, {lx, -lz}, {lx, lz}, {-lx, lz}} {
		objs = append(objs, box(fmt.Sprintf("table-leg-%d", i), p[0], legH/2, p[1], legSide, legH, legSide, wood))
	}
	objs = append(objs, scene.Object{Name: "floor", Mesh: g.floor, Material: floor, Transform: mgl64.Scale3D(floorSide, 1, floorSide)})
	return objs
}

// camera looks at a point near the middle of the table from above.
func (g *Generator) camera(r *rand.Rand, t table, width, height int) (scene.Camera, error) {
	target := mgl64.Vec3{uniform(r, -0.15, 0.15) * t.w, t.h, uniform(r, -0.15, 0.15) * t.d}
	dir := generator.SphereBand(r, mgl64.DegToRad(25), mgl64.DegToRad(75))
	eye := target.Add(dir.Mul(g.p.CameraDistance.Draw(r)))
	cam := scene.NewCameraFOV(width, height, g.p.FOVDeg.Draw(r))
	cam.Near, cam.Far = 0.05, 50
	return cam.WithLookAt(eye, target, mgl64.Vec3{0, 1, 0})
}

// lights returns an ambient term, a shadow-casting key light from above
// and, half the time, a point light over the table.
func lights(r *rand.Rand, t table) []scene.Light {
	ls := []scene.Light{
		{Kind: scene.Ambient, Color: scene.Kelvin(uniform(r, 5000, 7500)), Intensity: uniform(r, 0.15, 0.35)},
		{
			Kind:        scene.Directional,
			Color:       scene.Kelvin(uniform(r, 2800, 6500)),
			Intensity:   uniform(r, 0.8, 1.6),
			Direction:   generator.SphereBand(r, mgl64.DegToRad(35), mgl64.DegToRad(80)).Mul(-1), // travels downwards
			CastShadows: true,
		},
	}
	if generator.Bernoulli(r, 0.5) {
		ls = append(ls, scene.Light{
			Kind:      scene.Point,
			Color:     scene.Kelvin(uniform(r, 2700, 5000)),
			Intensity: uniform(r, 0.3, 1.2),
			Position:  mgl64.Vec3{uniform(r, -1, 1), t.h + uniform(r, 0.8, 1.8), uniform(r, -1, 1)},
		})
	}
	return ls
}

// objectMaterial draws a plastic or, one time in five, a metal.
func objectMaterial(r *rand.Rand) *scene.Material {
	m := &scene.Material{
		Name:      "object",
		BaseColor: generator.HSV(uniform(r, 0, 360), uniform(r, 0.35, 0.95), uniform(r, 0.35, 0.95)),
		Roughness: float32(uniform(r, 0.15, 0.9)),
	}
	if generator.Bernoulli(r, 0.2) {
		m.Metallic = float32(uniform(r, 0.7, 1))
	}
	return m
}

// uniform draws from [lo, hi].
func uniform(r *rand.Rand, lo, hi float64) float64 {
	return generator.Range{Min: lo, Max: hi}.Draw(r)
}
