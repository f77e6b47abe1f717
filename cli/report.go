package cli

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/synthkit/synthkit/export/report"
)

// newReportCmd is `synth report DATASET -o report/`.
func newReportCmd() *cobra.Command {
	var (
		output string
		opts   report.Options
		read   readFlags
	)
	cmd := &cobra.Command{
		Use:   "report DATASET -o DIR",
		Short: "Write an HTML report: category, size, aspect, visibility and depth plots, sample overlays",
		Long: `Read DATASET once and write DIR/index.html with the plots it links
(categories, objects per image, box size and aspect, visible fraction,
depth range per image), a contact sheet of the first samples and
stats.json. Links are relative, so DIR can be zipped or served as is.`,
		Example: `  synth report out/ -o report/ && xdg-open report/index.html`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Samples == 0 {
				opts.Samples = -1 // the library's 0 means its default
			}
			opts.Read = read.options()
			st, err := report.Write(cmd.Context(), args[0], output, opts)
			if err != nil {
				return err
			}
			for _, s := range st.Skipped {
				fmt.Fprintf(cmd.ErrOrStderr(), "synth: warning: skipped shard %s\n", s)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %d samples, %d visible objects\n", filepath.Join(output, report.IndexFile), st.Samples, st.Visible)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&output, "output", "o", "", "report directory (required; created if missing, earlier report files replaced)")
	fl.IntVar(&opts.Samples, "samples", 8, "samples on the contact sheet (0 for none)")
	read.register(cmd)
	cmd.MarkFlagRequired("output")
	return cmd
}
