package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/synthkit/synthkit/generator"
)

func newListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the registered generators and their params",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			out := cmd.OutOrStdout()
			for i, e := range generator.List() {
				if i > 0 {
					fmt.Fprintln(out)
				}
				fmt.Fprintf(out, "%s %s — %s\n", e.Info.Name, e.Info.Version, e.Info.Description)
				if len(e.Info.Categories) > 0 {
					fmt.Fprintf(out, "  categories: %s\n", strings.Join(e.Info.Categories, ", "))
				}
				if len(e.Params) == 0 {
					continue
				}
				fmt.Fprintln(out, "  params:")
				tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
				for _, p := range e.Params {
					fmt.Fprintf(tw, "    %s\t%s\tdefault %s\t%s\n", p.Name, p.Type, p.Default, p.Doc)
				}
				tw.Flush()
			}
			return nil
		},
	}
}
