// Package blocks is a template for a vendor's synthkit generator in its own
// Go module: "blocks" stacks coloured boxes into towers on a floor and
// labels each box as red, green or blue.
//
// A generator is an ordinary Go package that registers itself from init
// (generator.Register); any synth binary that blank-imports it can run it:
//
//	synth build --with example.com/synthkit-blocks@v0.1.0 -o synth-blocks
//	./synth-blocks generate blocks -n 100 -o out/
//
// or build cmd/synth-blocks of this module, which is the same few lines.
// The test (blocks_test.go) runs synthkit's contract kit,
// generatortest.Check.
package blocks

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/scene"
)

// Categories are the labels of the boxes, one per colour.
var Categories = []string{"red", "green", "blue"}

// colours are the linear base colours of Categories.
var colours = map[string]scene.Color{
	"red":   {R: 0.8, G: 0.08, B: 0.06, A: 1},
	"green": {R: 0.1, G: 0.6, B: 0.12, A: 1},
	"blue":  {R: 0.06, G: 0.12, B: 0.8, A: 1},
}

// Params are the generator's params (`synth list` shows their docs).
type Params struct {
	Towers generator.IntRange `json:"towers" doc:"number of towers"`
	Height generator.IntRange `json:"height" doc:"boxes per tower"`
	Size   generator.Range    `json:"size" doc:"box side, metres"`
}

// DefaultParams are the params of a job that sets none.
func DefaultParams() Params {
	return Params{
		Towers: generator.IntRange{Min: 1, Max: 4},
		Height: generator.IntRange{Min: 1, Max: 4},
		Size:   generator.Range{Min: 0.15, Max: 0.3},
	}
}

// Validate checks the params.
func (p Params) Validate() error {
	switch {
	case p.Towers.Min < 1 || p.Towers.Max > 16 || p.Towers.Min > p.Towers.Max:
		return fmt.Errorf("towers: [%d, %d] must lie in [1, 16], min <= max", p.Towers.Min, p.Towers.Max)
	case p.Height.Min < 1 || p.Height.Max > 12 || p.Height.Min > p.Height.Max:
		return fmt.Errorf("height: [%d, %d] must lie in [1, 12], min <= max", p.Height.Min, p.Height.Max)
	case !(p.Size.Min > 0) || p.Size.Max > 1 || p.Size.Min > p.Size.Max:
		return fmt.Errorf("size: [%g, %g] must lie in (0, 1], min <= max", p.Size.Min, p.Size.Max)
	}
	return nil
}

func init() {
	generator.Register(generator.Info{
		Name: "blocks", Version: "0.1.0",
		Description: "towers of red, green and blue boxes on a floor (the vendor template)",
		Categories:  Categories,
	}, DefaultParams, func(p Params) (generator.Generator, error) { return New(p) })
}

// Generator draws "blocks" scenes; it only reads itself in Sample, so it
// is safe for concurrent use.
type Generator struct {
	p     Params
	box   *scene.Mesh
	floor *scene.Mesh
}

// New builds the generator.
func New(p Params) (*Generator, error) {
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("blocks: %w", err)
	}
	return &Generator{p: p, box: scene.Box(1, 1, 1), floor: scene.Plane(1, 1)}, nil
}

// Categories returns the labels the generator uses.
func (g *Generator) Categories() []string { return append([]string(nil), Categories...) }

// Sample draws one scene, with randomness only from the Context.
func (g *Generator) Sample(c *generator.Context) (*scene.Scene, error) {
	if c == nil || c.Rand == nil {
		return nil, errors.New("blocks: sample: context has no random source")
	}
	r := c.Rand
	s := &scene.Scene{Background: generator.HSV(uniform(r, 180, 240), 0.2, 0.3)}
	s.Objects = append(s.Objects, scene.Object{
		Name: "floor", Mesh: g.floor, Transform: mgl64.Scale3D(6, 1, 6),
		Material: &scene.Material{Name: "floor", BaseColor: scene.Color{R: 0.5, G: 0.48, B: 0.45, A: 1}, Roughness: 0.8},
	})
	towers := g.p.Towers.Draw(r)
	for t := range towers {
		x := (float64(t) - float64(towers-1)/2) * 0.45
		z := uniform(r, -0.1, 0.1)
		y := 0.0
		for k := range g.p.Height.Draw(r) {
			side := g.p.Size.Draw(r)
			cat := Categories[r.IntN(len(Categories))]
			s.Objects = append(s.Objects, scene.Object{
				Name: fmt.Sprintf("tower%d-box%d", t, k),
				Mesh: g.box,
				Transform: mgl64.Translate3D(x, y+side/2, z).
					Mul4(mgl64.HomogRotate3DY(uniform(r, -0.4, 0.4))).
					Mul4(mgl64.Scale3D(side, side, side)),
				Material: &scene.Material{Name: cat, BaseColor: colours[cat], Roughness: float32(uniform(r, 0.3, 0.7))},
				Category: cat,
			})
			y += side
		}
	}
	cam := scene.NewCameraFOV(c.Width, c.Height, uniform(r, 45, 55))
	cam.Near, cam.Far = 0.05, 50
	target := mgl64.Vec3{0, 0.35, 0}
	eye := target.Add(generator.SphereBand(r, mgl64.DegToRad(15), mgl64.DegToRad(40)).Mul(uniform(r, 2.6, 3.2)))
	cam, err := cam.WithLookAt(eye, target, mgl64.Vec3{0, 1, 0})
	if err != nil {
		return nil, fmt.Errorf("blocks: sample %d: %w", c.Index, err)
	}
	s.Camera = cam
	s.Lights = []scene.Light{
		{Kind: scene.Ambient, Color: scene.Color{R: 1, G: 1, B: 1, A: 1}, Intensity: 0.3},
		{Kind: scene.Directional, Color: scene.Kelvin(uniform(r, 4500, 6500)), Intensity: 1.2,
			Direction: generator.SphereBand(r, mgl64.DegToRad(40), mgl64.DegToRad(70)).Mul(-1), CastShadows: true},
	}
	return s, nil
}

func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }
