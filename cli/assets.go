package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/synthkit/synthkit/product"
)

// newAssetsCmd is `synth assets skus -n 50 -o DIR [--seed S]`.
func newAssetsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "assets",
		Short: "Make 3D asset libraries",
		Long: `Make 3D assets for generators to place: for now procedural supermarket
products (see "synth assets skus").`,
	}
	cmd.AddCommand(newAssetsSKUsCmd())
	return cmd
}

// newAssetsSKUsCmd writes a catalogue of procedural products.
func newAssetsSKUsCmd() *cobra.Command {
	var (
		n, brands, resolution, segments int
		output                          string
		seed                            uint64
		kinds                           []string
	)
	cmd := &cobra.Command{
		Use:   "skus -o DIR",
		Short: "Generate a catalogue of procedural products (GLB files + catalogue.json)",
		Long: `Generate a catalogue of procedural supermarket products: bottles, cans,
gable-top cartons, boxes, pillow bags, jars and blister packs, from made-up
brands, with printed labels (brand, flavour, nutrition table, EAN-13
barcode). Each product is written as DIR/ID.glb, with its origin at the
bottom centre and its front facing +z, and DIR/catalogue.json lists id,
kind, brand, category, dimensions in metres and file. The same seed always
gives the same catalogue. Files with the same names are replaced.

Kinds: ` + kindList() + `.`,
		Example: `  synth assets skus -n 50 -o skus/
  synth assets skus -n 200 -o drinks/ --kinds bottle,can --seed 7`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts := product.Options{Brands: brands, Resolution: resolution, Segments: segments}
			for _, k := range kinds {
				opts.Kinds = append(opts.Kinds, product.Kind(strings.TrimSpace(k)))
			}
			cat, err := product.Export(cmd.Context(), output, seed, n, opts)
			if err != nil {
				return err
			}
			names := map[string]bool{}
			for _, e := range cat.SKUs {
				names[e.Brand] = true
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %d SKUs from %d brands to %s\n", len(cat.SKUs), len(names), filepath.Join(output, product.CatalogueFile))
			return nil
		},
	}
	fl := cmd.Flags()
	fl.IntVarP(&n, "count", "n", 50, fmt.Sprintf("number of products (0..%d)", product.MaxSKUs))
	fl.StringVarP(&output, "output", "o", "", "output directory (required; created if missing)")
	fl.Uint64Var(&seed, "seed", 1, "catalogue seed")
	fl.StringSliceVar(&kinds, "kinds", nil, "only these kinds, comma-separated (default all)")
	fl.IntVar(&brands, "brands", 0, "number of brands (default about one per four products)")
	fl.IntVar(&resolution, "resolution", product.DefaultResolution, "label texture size in pixels (32..2048)")
	fl.IntVar(&segments, "segments", product.DefaultSegments, "segments around bottles, cans and jars (multiple of 4, 8..256)")
	cmd.MarkFlagRequired("output")
	return cmd
}

func kindList() string {
	var s []string
	for _, k := range product.Kinds() {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}
