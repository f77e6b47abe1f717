package cli

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/synthkit/synthkit/internal/cpustat"
	"github.com/synthkit/synthkit/job"
)

func newBenchCmd() *cobra.Command {
	var (
		jf      jobFlags
		workers int
		price   float64
		keep    bool
		compare []string
		against []string
		rounds  int
		profile string
	)
	cmd := &cobra.Command{
		Use:   "bench (SPEC.yaml | GENERATOR) [flags]",
		Short: "Measure this node's samples/s and where the time goes",
		Long: `Bench runs a job end to end (scene, render, labels, encode, write) into a
temporary directory and reports samples per second, the time split by stage,
the CPU time per sample, and, with --price-per-hour, the cost of 1,000
samples on this node.

The stage times are wall time in each worker, summed over workers. The CPU
time is the process's user+sys; on Linux it is split into "own" (synth's
threads, GL calls made from them included) and "named" (threads that
libraries start and name, such as llvmpipe's rasterizer threads), read
from /proc every 100 ms, so a named thread's last moments before it exits
may count as own. With --renderer gl, "gl-thread" is the part of own spent
in synth's GL thread, which makes every GL call: the driver work done
inside those calls (on llvmpipe, vertex processing and texture uploads),
and the Go work around them (draw lists, copies out of the readback);
threads a driver starts from it without naming them count with it, and
with several contexts (SYNTHKIT_GL_WORKERS_PER_CONTEXT) it sums their
threads. Own less gl-thread is synth's CPU outside the GL thread: scene,
labels, encoding and writing.

--compare FLAGS and --against BINARY compare configurations in one sitting:
each configuration (this synth as given, this synth with FLAGS added, or
BINARY with the same arguments) runs as its own process, --rounds times,
interleaved with the order rotated each round, and the report gives every
round's samples/s, the median, the spread and the ratio to the first
configuration, then the per-stage medians side by side. On a shared machine
only such ratios mean much.`,
		Example: "  synth bench basic -n 200\n  synth bench job.yaml --price-per-hour 0.40\n" +
			"  synth bench shelves -n 300 --compare \"--workers 1\"            # worker scaling, 3 interleaved rounds\n" +
			"  synth bench shelves -n 500 --against ./synth-old --rounds 3     # before/after, one sitting",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if workers < 0 {
				return fmt.Errorf("--workers %d: want 0 (every core) or more", workers)
			}
			if len(compare) > 0 || len(against) > 0 {
				if rounds < 1 {
					return fmt.Errorf("--rounds %d: want at least 1", rounds)
				}
				cfgs, err := benchConfigs(baseBenchArgs(cmd, args[0]), compare, against)
				if err != nil {
					return err
				}
				return runCompare(cmd.Context(), cmd.OutOrStdout(), cfgs, rounds)
			}
			spec, err := jf.spec(cmd, args[0])
			if err != nil {
				return err
			}
			if !cmd.Flags().Changed("output") {
				dir, err := os.MkdirTemp("", "synth-bench-")
				if err != nil {
					return err
				}
				if !keep {
					defer os.RemoveAll(dir)
				}
				spec.Output = dir
			}
			factory, err := rendererFactory(spec, workers)
			if err != nil {
				return err
			}
			if profile != "" {
				f, err := os.Create(profile)
				if err != nil {
					return fmt.Errorf("--cpuprofile: %w", err)
				}
				if err := pprof.StartCPUProfile(f); err != nil {
					f.Close()
					return fmt.Errorf("--cpuprofile %s: %w", profile, err)
				}
				defer func() {
					pprof.StopCPUProfile()
					if err := f.Close(); err != nil {
						fmt.Fprintf(cmd.ErrOrStderr(), "synth: --cpuprofile %s: %v\n", profile, err)
					}
				}()
			}
			start := time.Now()
			cpu := cpustat.Start()
			defer cpu.Stop() // on an error; the report's Stop below comes first otherwise
			assets, closeAssets, err := openAssets(cmd.Context(), jf.assets)
			if err != nil {
				return err
			}
			defer closeAssets()
			res, err := job.Run(cmd.Context(), spec, job.RunOptions{Assets: assets, NewRenderer: factory, Workers: workers, Force: true, Version: version})
			if err != nil {
				return err
			}
			wall := time.Since(start)
			printBench(cmd, spec, res, wall, workers, price, cpu.Stop())
			return nil
		},
	}
	jf.register(cmd, sampleFlags|datasetFlags, job.Spec{})
	cmd.Flags().IntVar(&workers, "workers", 0, "samples rendered in parallel (0 = all cores)")
	cmd.Flags().Float64Var(&price, "price-per-hour", 0, "price of this node per hour, to report the cost of 1,000 samples")
	cmd.Flags().BoolVar(&keep, "keep", false, "keep the temporary output directory")
	cmd.Flags().StringArrayVar(&compare, "compare", nil, "also run with these extra flags (e.g. \"--workers 1\"; split at spaces; leading NAME=VALUE words are environment variables, e.g. \"GOMAXPROCS=1\") and print both side by side; repeatable")
	cmd.Flags().StringArrayVar(&against, "against", nil, "also run the same bench with this synth binary (an earlier build) and print both side by side; repeatable")
	cmd.Flags().StringVar(&profile, "cpuprofile", "", "write a Go CPU profile of the run to this file (go tool pprof reads it; time in C, such as a GL driver's, shows as cgo calls)")
	cmd.Flags().IntVar(&rounds, "rounds", 3, "with --compare or --against: interleaved rounds of every configuration")
	return cmd
}

func printBench(cmd *cobra.Command, spec *job.Spec, res job.Result, wall time.Duration, workers int, price float64, cpu cpustat.Usage) {
	out := cmd.OutOrStdout()
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	rate := float64(res.Samples) / wall.Seconds()
	fmt.Fprintf(out, "%s: %d samples of %dx%d with %d worker(s) on %d CPU(s) in %s\n",
		spec.Generator, res.Samples, spec.Width, spec.Height, workers, runtime.NumCPU(), wall.Round(time.Millisecond))
	fmt.Fprintf(out, "throughput: %.1f samples/s (%.2f ms per sample, wall)\n", rate, 1000/rate)
	t := res.Timing
	total := t.Scene + t.Render + t.Post + t.Labels + t.Encode + t.Write
	if t.Samples > 0 && total > 0 {
		fmt.Fprintln(out, "time per sample by stage (summed over workers):")
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
		for _, st := range []struct {
			name string
			d    time.Duration
		}{{"scene", t.Scene}, {"render", t.Render}, {"post", t.Post}, {"labels", t.Labels}, {"encode", t.Encode}, {"write", t.Write}} {
			fmt.Fprintf(tw, "  %s\t%.3f ms\t%.1f%%\t\n", st.name, float64(st.d.Microseconds())/1000/float64(t.Samples), 100*float64(st.d)/float64(total))
		}
		tw.Flush()
	}
	if cpu.Total > 0 && res.Samples > 0 {
		per := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(res.Samples) }
		fmt.Fprintf(out, "cpu per sample (user+sys; %.2f CPUs busy on average):\n", cpu.Total.Seconds()/wall.Seconds())
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "  process\t%.3f ms\t\n", per(cpu.Total))
		if cpu.Threads {
			names := "none"
			if len(cpu.Names) > 0 {
				names = strings.Join(cpu.Names, ", ")
			}
			fmt.Fprintf(tw, "  own\t%.3f ms\t\n", per(cpu.Own()))
			gl, hasGL := cpu.Self["gl"]
			if hasGL {
				fmt.Fprintf(tw, "  gl-thread\t%.3f ms\t\n", per(gl))
			}
			fmt.Fprintf(tw, "  named\t%.3f ms\t\n", per(cpu.Named))
			tw.Flush()
			if hasGL {
				fmt.Fprintf(out, "  (gl-thread: %s)\n", glThreadLegend)
			}
			fmt.Fprintf(out, "  (named: threads that libraries named, e.g. a GL driver's: %s)\n", names)
		} else {
			tw.Flush()
		}
	}
	if price > 0 {
		fmt.Fprintf(out, "cost: %.4f per 1,000 samples at %.2f per hour\n", price/3600/rate*1000, price)
	}
}
