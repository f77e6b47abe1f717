package product_test

import (
	"fmt"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/product"
)

// Make a can of soft drink and place it on a shelf 1.2 m up: its origin
// is the bottom centre, so a translation puts it standing on the board.
func Example() {
	can, err := product.New(product.Spec{Kind: product.Can, Variant: "drink", Size: "330 ML", Flavour: "Orange", Seed: 42}, product.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %s, %s %s\n", can.Kind, can.Category, can.Name, can.Size)
	fmt.Printf("%.0f × %.0f mm, barcode valid: %v\n", can.Dims[0]*1000, can.Dims[1]*1000, product.ValidEAN13(can.Barcode))
	for _, p := range can.Parts {
		fmt.Println("part:", p.Name)
	}
	objs := can.Objects(mgl64.Translate3D(0.3, 1.2, 0))
	fmt.Println(len(objs), "objects labelled", objs[0].Category == can.ID)
	// Output:
	// can soft-drink, Orange 330 ML
	// 65 × 113 mm, barcode valid: true
	// part: body
	// part: bottom
	// part: top
	// part: tab
	// 4 objects labelled true
}

// A catalogue of twelve products from four brands.
func ExampleGenerate() {
	skus, err := product.Generate(7, 12, product.Options{Brands: 4, Resolution: 64})
	if err != nil {
		fmt.Println(err)
		return
	}
	brands := map[string]bool{}
	for _, s := range skus {
		brands[s.Brand] = true
	}
	fmt.Println(len(skus), "SKUs from", len(brands), "brands")
	// Output: 12 SKUs from 4 brands
}
