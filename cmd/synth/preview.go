package main

import (
	"bytes"
	"fmt"
	"image/png"
	"os"

	"github.com/spf13/cobra"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/export"
)

// maxPreviewRows bounds the samples preview holds in memory.
const maxPreviewRows = 1024

// newPreviewCmd is `synth preview DATASET -o sheet.png`.
func newPreviewCmd() *cobra.Command {
	var (
		output string
		rows   int
		start  int64
		opts   export.SheetOptions
		gp     genPreview
	)
	cmd := &cobra.Command{
		Use:   "preview (DATASET | GENERATOR) -o sheet.png",
		Short: "Draw a contact sheet of samples with their masks, boxes, categories and depth",
		Long: `Draw a contact sheet (PNG) of the samples of DATASET from --start on:
--rows dataset rows (samples), --cols per line of the grid. Each sample shows
the colour image with every visible annotated object's mask tinted and
outlined, its box and its category, and beside it the depth map (inverse
depth in the viridis colormap: near is yellow, background black).

Given a generator name instead of a dataset directory, preview renders the
samples directly (--seed, --size, -p name=value), without writing shards.`,
		Example: `  synth preview out/ -o sheet.png
  synth preview out/ --rows 32 --cols 8 --tile-width 160 -o sheet.png
  synth preview shelves --seed 7 --rows 4 --cols 2 -o sheet.png`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if rows <= 0 || rows > maxPreviewRows {
				return fmt.Errorf("preview: --rows %d: want 1 to %d samples", rows, maxPreviewRows)
			}
			var samples []*dataset.Sample
			if gp.applies(args[0]) {
				s, err := gp.samples(cmd.Context(), args[0], start, rows)
				if err != nil {
					return fmt.Errorf("preview: %w", err)
				}
				samples = s
			} else {
				d, err := export.OpenDataset(args[0])
				if err != nil {
					return fmt.Errorf("preview: %w", err)
				}
				s, err := d.Head(cmd.Context(), start, rows)
				if err != nil {
					return fmt.Errorf("preview: %w", err)
				}
				samples = s
			}
			if len(samples) == 0 {
				return fmt.Errorf("preview: %s has no sample from index %d on", args[0], start)
			}
			var b bytes.Buffer
			if err := png.Encode(&b, export.ContactSheet(samples, opts)); err != nil {
				return fmt.Errorf("preview: %w", err)
			}
			if err := os.WriteFile(output, b.Bytes(), 0o644); err != nil {
				return fmt.Errorf("preview: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %d samples (%d to %d)\n", output, len(samples), samples[0].Index, samples[len(samples)-1].Index)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&output, "output", "o", "", "PNG file to write (required)")
	fl.IntVar(&rows, "rows", 16, "number of samples (dataset rows) to show")
	fl.Int64Var(&start, "start", 0, "index of the first sample")
	fl.IntVar(&opts.Columns, "cols", 4, "samples per line of the grid")
	fl.IntVar(&opts.TileWidth, "tile-width", 256, "width in pixels of each image and depth tile")
	gp.register(fl)
	cmd.MarkFlagRequired("output")
	return cmd
}
