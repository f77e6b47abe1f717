package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/store"
)

func newStatusCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "status OUT",
		Short: "Report complete, missing and corrupt shards of a dataset",
		Long: `Status reads the sidecars of the dataset at OUT (a directory or a URL such as
s3://bucket/prefix) and hashes every shard file to compare it with its
sidecar. A shard is complete when its sidecar exists and its file matches it;
missing without a sidecar (never written, or its commit did not finish);
corrupt when the file is missing, truncated or different. It exits non-zero
unless every shard is complete.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := openStore(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			defer st.Close()
			rep, err := store.StatusOf(cmd.Context(), st)
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
			if len(rep.Temp) > 0 {
				fmt.Fprintf(out, "%d temporary file(s) of interrupted commits (safe to delete once no worker runs)\n", len(rep.Temp))
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
		Use:   "finalize OUT",
		Short: "Write manifest.json from the shards' sidecars",
		Long: `Finalize verifies every shard of the dataset at OUT (a directory or a URL) against
its sidecar (size and SHA-256) and writes manifest.json. It refuses corrupt
shards, and missing ones unless --allow-missing.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := openStore(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			defer st.Close()
			m, err := job.FinalizeStore(cmd.Context(), st, job.FinalizeOptions{AllowMissing: allowMissing})
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
