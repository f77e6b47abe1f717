package shelves_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	_ "github.com/synthkit/synthkit/examples/shelves" // registers "shelves"
	"github.com/synthkit/synthkit/generator"
)

// Build the generator as a job would, from its registered name and JSON
// params, and draw one sample.
func Example() {
	g, info, err := generator.New("shelves", json.RawMessage(`{"procedural_skus": 24, "texture_px": 32, "category_level": "kind"}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := g.Sample(generator.NewContext(42, 0, 640, 480, nil))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(info.Name, info.Version, "valid:", s.Validate() == nil)
	products := 0
	for _, o := range s.Objects {
		if o.Category != "" {
			products++
		}
	}
	fmt.Println("dense:", products > 50)
	fmt.Println("meta:", slices.Sorted(maps.Keys(s.Objects[0].Meta)))

	_, _, err = generator.New("shelves", json.RawMessage(`{"category_level": "aisle"}`))
	fmt.Println(err)
	// Output:
	// shelves 1.0.0 valid: true
	// dense: true
	// meta: [bay board brand category facing kind misplaced null_set pose row sku]
	// generator "shelves": invalid params: category_level "aisle" is not one of sku, kind, brand
}
