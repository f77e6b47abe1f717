package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
)

// readFlags are the flags of the commands that read a dataset (export,
// inspect, report, preview): by default they refuse a dataset with a
// corrupt or missing shard; every shard's SHA-256 is checked as it is read.
type readFlags struct {
	skipCorrupt     bool
	allowIncomplete bool
}

func (f *readFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.BoolVar(&f.skipCorrupt, "skip-corrupt", false, "skip shards that do not match their sidecar (size or sha256) instead of failing; they are reported")
	fl.BoolVar(&f.allowIncomplete, "allow-incomplete", false, "read the complete shards of an interrupted run, leaving out the missing ones (reported)")
}

func (f *readFlags) options() store.ReadOptions {
	return store.ReadOptions{SkipCorrupt: f.skipCorrupt, AllowIncomplete: f.allowIncomplete}
}

// warnSkipped tells on stderr about the shards a command left out.
func warnSkipped(cmd *cobra.Command, skipped []dataset.Skipped) {
	for _, s := range skipped {
		fmt.Fprintf(cmd.ErrOrStderr(), "synth: warning: skipped shard %s\n", s)
	}
}
