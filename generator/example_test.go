package generator_test

import (
	"encoding/json"
	"fmt"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/scene"
)

// A vendor's generator lives in its own package: a params struct with json
// and doc tags, its defaults, a Validate method, a constructor that builds
// what samples share, and a registration in init.

type shelfParams struct {
	Rows  int             `json:"rows" doc:"number of boards"`
	Width generator.Range `json:"width" doc:"board width, metres"`
}

func defaultShelfParams() shelfParams {
	return shelfParams{Rows: 3, Width: generator.Range{Min: 0.8, Max: 1.2}}
}

func (p shelfParams) Validate() error {
	if p.Rows < 1 || p.Rows > 10 {
		return fmt.Errorf("rows %d: want 1..10", p.Rows)
	}
	if err := p.Width.Validate(); err != nil {
		return fmt.Errorf("width: %w", err)
	}
	return nil
}

type shelf struct {
	p     shelfParams
	board *scene.Mesh // built once, shared by every sample
}

func newShelf(p shelfParams) (generator.Generator, error) {
	return &shelf{p: p, board: scene.Box(1, 1, 1)}, nil
}

func (g *shelf) Sample(c *generator.Context) (*scene.Scene, error) {
	s := &scene.Scene{Camera: scene.NewCameraFOV(c.Width, c.Height, 50)}
	for i := range g.p.Rows {
		w := g.p.Width.Draw(c.Rand) // all randomness from the Context
		s.Objects = append(s.Objects, scene.Object{
			Name:      fmt.Sprintf("board-%d", i),
			Mesh:      g.board,
			Transform: mgl64.Translate3D(0, 0.4*float64(i), 2).Mul4(mgl64.Scale3D(w, 0.02, 0.4)),
			Category:  "board",
		})
	}
	return s, nil
}

func init() {
	generator.Register(generator.Info{
		Name:        "example-shelf",
		Version:     "0.1.0",
		Description: "boards of random width stacked above each other",
		Categories:  []string{"board"},
	}, defaultShelfParams, newShelf)
}

func Example() {
	// The job runner builds the generator from the spec's name and params...
	g, info, err := generator.New("example-shelf", json.RawMessage(`{"rows": 2}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	// ...and calls Sample with each sample's Context.
	s, err := g.Sample(generator.NewContext(42, 0, 64, 48, nil))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(info.Name, info.Version, generator.CategoriesOf(g, info))
	for _, o := range s.Objects {
		fmt.Printf("%s width %.3f\n", o.Name, o.Transform[0])
	}

	// Mistakes in params are errors that say where.
	_, _, err = generator.New("example-shelf", json.RawMessage(`{"rows": "two"}`))
	fmt.Println(err)
	_, _, err = generator.New("example-shelf", json.RawMessage(`{"rows": 0}`))
	fmt.Println(err)

	// What `synth list` shows.
	e, _ := generator.Lookup("example-shelf")
	for _, p := range e.Params {
		fmt.Printf("%s %s = %s: %s\n", p.Name, p.Type, p.Default, p.Doc)
	}
	// Output:
	// example-shelf 0.1.0 [board]
	// board-0 width 0.971
	// board-1 width 1.164
	// generator "example-shelf": param "rows": want integer, got string
	// generator "example-shelf": invalid params: rows 0: want 1..10
	// rows integer = 3: number of boards
	// width object = {"min":0.8,"max":1.2}: board width, metres
}
