package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/synthkit/synthkit/scene/gltf"
)

// addAssetMemoryFlag adds --asset-memory to every command: the process's
// one memory budget for decoded assets (gltf.ProcessBudget), shared by
// all workers, so --workers does not multiply it.
func addAssetMemoryFlag(root *cobra.Command) {
	var spec string
	root.PersistentFlags().StringVar(&spec, "asset-memory", "",
		fmt.Sprintf("memory budget for decoded models and textures, shared by all workers: bytes or 512M, 2G, \"unbounded\" (default: an eighth of the machine's memory within %d MiB..%d MiB, or $%s)",
			gltf.MinBudget>>20, gltf.MaxDefaultBudget>>20, gltf.BudgetEnv))
	prev := root.PersistentPreRunE
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if spec != "" {
			n, err := gltf.ParseBytes(spec)
			if err != nil {
				return fmt.Errorf("--asset-memory: %w", err)
			}
			if n > 0 && n < 1<<20 {
				return fmt.Errorf("--asset-memory %s: want at least 1M (or \"unbounded\")", spec)
			}
			gltf.ProcessBudget().SetMax(n)
		}
		if prev != nil {
			return prev(cmd, args)
		}
		return nil
	}
}
