// Package cli is every command of synthkit's `synth` CLI as a library: a
// program calls Main and gets generate, verify, inspect, export, … with
// whatever generators it links in (each registers itself with
// generator.Register from its package's init). The stock binary,
// cmd/synth, is Main plus blank imports of the built-in generators; a
// vendor's binary is the same few lines with its own generator's import.
//
// synth generates perfectly labelled synthetic training data: it
// runs a registered generator over a job spec, renders every sample, and
// writes Arrow shards with images, depth, instance masks and annotations.
//
//	synth generate basic -n 200 -o out/       # quick start, pure-Go renderer
//	synth generate job.yaml --workers 2       # a job spec file
//	synth list                                # generators and their params
//	synth inspect out/                        # shards, rows, categories, labels
//	synth bench basic -n 100                  # samples/s and where time goes
//	synth status out/ · synth finalize out/   # shard states; manifest.json
//	synth verify out/ --samples 4             # re-render random rows, compare
//	synth export coco|yolo|hf out/ -o DIR     # COCO, Ultralytics, HF streams
//	synth preview out/ -o sheet.png           # contact sheet (or a generator name)
//	synth report out/ -o report/              # HTML page of label statistics
//	synth assets skus -n 50 -o skus/          # procedural product GLBs
//	synth compare render.png ref.png --fit    # PSNR and SSIM against a reference
//	synth view basic                          # GL preview window (-tags gl)
//
// Run `synth help COMMAND` for the flags of each command.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// extraCommands are added to the root command; files built with optional
// tags (view_gl.go) append to it from init.
var extraCommands []func() *cobra.Command

// version is synthkit's version, stamped into shard sidecars and printed
// by `synth version`. Set it with
//
//	go build -ldflags "-X github.com/synthkit/synthkit/cli.version=v1.2.3" ./cmd/synth
//
// When it is not set, init takes it from the program's build information
// (runtime/debug.ReadBuildInfo: the synthkit module's version, which `go
// build` stamps from VCS or the module proxy), else "(devel)".
var version = ""

func init() {
	if version == "" {
		version = synthkitModule().Version
	}
}

// Main runs the synth command line (os.Args) with the generators linked
// into the program and exits the process with status 1 on error.
//
// The first SIGINT or SIGTERM cancels the command's context: workers stop
// after the sample in hand (an asset being decoded is finished first) and
// the shard in progress is discarded. A second one ends the process at
// once, with the signal's default action: what is on disk stays
// consistent either way (shards are committed by rename, and a killed
// run's temporary files are removed by the next run).
func Main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sigs
		signal.Stop(sigs) // the default action again: a second signal ends the process
		fmt.Fprintf(os.Stderr, "synth: %v: stopping after the samples in hand; signal again to stop at once\n", s)
		cancel()
	}()
	if code := MainContext(ctx, os.Args[1:], os.Stdout, os.Stderr); code != 0 {
		os.Exit(code)
	}
}

// MainContext runs the synth command line args (without the program name)
// with ctx, writing to stdout and stderr, and returns the exit status: 0,
// or 1 after printing the error.
func MainContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(stderr, "synth: interrupted; completed shards are kept, the shard in progress was discarded")
		} else {
			fmt.Fprintln(stderr, "synth:", err)
		}
		return 1
	}
	return 0
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "synth",
		Short:         "Generate perfectly labelled synthetic training data",
		Long:          "synth renders procedural 3D scenes and writes exact labels (boxes, masks, depth, poses) as Arrow shards.",
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	addAssetMemoryFlag(root)
	root.AddCommand(newGenerateCmd(), newListCmd(), newInspectCmd(), newBenchCmd(), newStatusCmd(), newFinalizeCmd(), newExportCmd(), newPreviewCmd(), newReportCmd(), newAssetsCmd(), newVerifyCmd(), newVersionCmd(), newBuildCmd(), newCompareCmd())
	for _, c := range extraCommands {
		root.AddCommand(c())
	}
	return root
}
