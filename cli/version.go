package cli

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/internal/numerics"
)

// synthkitPath is synthkit's module path.
const synthkitPath = "github.com/synthkit/synthkit"

// synthkitModule returns the synthkit module of this program's build
// information: the main module in synthkit's own cmd/synth, a dependency
// in a binary made by `synth build`. Its Version is "(devel)" when unknown.
func synthkitModule() generator.Module {
	m, ok := generator.ModuleOf(synthkitPath + "/cli")
	if !ok || m.Version == "" {
		m = generator.Module{Path: synthkitPath, Version: "(devel)"}
	}
	return m
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print synthkit's version and every linked generator's module",
		Long: `Version prints synthkit's version, the Go toolchain, and for each
registered generator its name and version and the Go module (path,
version, go.sum hash, replacement) it was built from, as the program's
build information records them (runtime/debug.ReadBuildInfo). A binary
made by "synth build" lists the modules it was built with.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			printVersion(cmd.OutOrStdout())
			return nil
		},
	}
}

func printVersion(w io.Writer) {
	sk := synthkitModule()
	fmt.Fprintf(w, "synth %s\n", version)
	fmt.Fprintf(w, "synthkit %s\n", sk)
	fmt.Fprintf(w, "go %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "numerics %s (nodes write the same soft-rendered bytes only with the same profile)\n", numerics.Profile())
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path != synthkitPath {
		fmt.Fprintf(w, "main %s %s\n", bi.Main.Path, bi.Main.Version)
	}
	for _, e := range generator.List() {
		m, ok := e.Module()
		mod := "module unknown (no build information)"
		if ok {
			mod = "module " + m.String()
		}
		fmt.Fprintf(w, "generator %s %s: %s (package %s)\n", e.Info.Name, e.Info.Version, mod, e.Package)
	}
}
