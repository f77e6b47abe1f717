package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/synthkit/synthkit/shard"
)

func newStatusCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "status DIR",
		Short: "Report complete, missing and corrupt shards of a dataset",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			rep, err := shard.Status(args[0])
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "%d/%d shards complete, %d rows, %d bytes\n", len(rep.Complete), rep.NumShards, rep.Rows, rep.Bytes)
			if len(rep.Missing) > 0 {
				fmt.Fprintf(out, "missing: %v\n", rep.Missing)
			}
			for _, c := range rep.Corrupt {
				fmt.Fprintf(out, "corrupt: %s\n", c)
			}
			if len(rep.Missing)+len(rep.Corrupt) > 0 {
				return fmt.Errorf("%s: dataset incomplete", args[0])
			}
			return nil
		},
	}
}

func newFinalizeCmd() *cobra.Command {
	var allowMissing bool
	cmd := &cobra.Command{
		Use:   "finalize DIR",
		Short: "Write manifest.json from the shards' sidecars",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := shard.Finalize(args[0], shard.FinalizeOptions{AllowMissing: allowMissing})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "manifest.json: %d shards, %d rows\n", len(m.Shards), m.Rows)
			return nil
		},
	}
	cmd.Flags().BoolVar(&allowMissing, "allow-missing", false, "write the manifest even when shards are missing")
	return cmd
}
