package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/synthkit/synthkit/internal/cpustat"
	"github.com/synthkit/synthkit/internal/stagecpu"
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
		byStage bool
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

The CPU per stage (--stage-cpu, on by default) comes from a Go CPU profile
of the run (every thread's CPU sampled every 10 ms), summed by the stage
each sampled goroutine was working on, goroutines a stage starts (a
renderer's bands, an encoder's maps) included: CPU where the table above
has wall time. "in C" is the part inside calls into C: on the gl path the
GL driver's work on the calling thread, so total less in C is synth's CPU
outside the driver. gl-thread is the GL thread's, whichever worker it
serves; start-up is the generator's and renderers' set-up; (gc) the
garbage collector's background workers; (other) the rest (scheduler,
timers). Threads a driver starts (llvmpipe's) are not in the profile: see
named above.

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
			prof, err := startProfile(cmd, profile, byStage)
			if err != nil {
				return err
			}
			defer prof.stop() // on an error; the report's stop below comes first otherwise
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
			usage := cpu.Stop()
			stages := prof.stop()
			printBench(cmd, spec, res, wall, workers, price, usage)
			printStageCPU(cmd.OutOrStdout(), stages, res.Samples)
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
	cmd.Flags().BoolVar(&byStage, "stage-cpu", true, "report the CPU per stage from a Go CPU profile of the run, which costs about 1% of the CPU (--stage-cpu=false: no profile)")
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

// benchProfile is the CPU profile a bench run takes: into the
// --cpuprofile file, and into buf when the CPU per stage is reported.
type benchProfile struct {
	cmd     *cobra.Command
	file    *os.File
	path    string
	buf     *bytes.Buffer // nil: no CPU per stage
	stopped bool
	sum     *stagecpu.Summary
}

// startProfile starts the run's CPU profile: into the file path (""
// for none) and, with byStage, into memory for the CPU per stage. When
// only the CPU per stage asks for one and the profiler is busy (a
// program that embeds the command profiling itself), the run goes on
// without it.
func startProfile(cmd *cobra.Command, path string, byStage bool) (*benchProfile, error) {
	p := &benchProfile{cmd: cmd, path: path}
	if path == "" && !byStage {
		p.stopped = true // none to stop
		return p, nil
	}
	var ws []io.Writer
	if path != "" {
		f, err := os.Create(path)
		if err != nil {
			return nil, fmt.Errorf("--cpuprofile: %w", err)
		}
		p.file = f
		ws = append(ws, f)
	}
	if byStage {
		p.buf = new(bytes.Buffer)
		ws = append(ws, p.buf)
	}
	if err := pprof.StartCPUProfile(io.MultiWriter(ws...)); err != nil {
		if p.file != nil {
			p.file.Close()
			return nil, fmt.Errorf("--cpuprofile %s: %w", path, err)
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "synth: no CPU per stage: %v\n", err)
		p.stopped = true
	}
	return p, nil
}

// stop ends the profile (once) and returns its sum by stage: nil when
// none was taken or it cannot be read (said on standard error).
func (p *benchProfile) stop() *stagecpu.Summary {
	if p.stopped {
		return p.sum
	}
	p.stopped = true
	pprof.StopCPUProfile()
	if p.file != nil {
		if err := p.file.Close(); err != nil {
			fmt.Fprintf(p.cmd.ErrOrStderr(), "synth: --cpuprofile %s: %v\n", p.path, err)
		}
	}
	if p.buf != nil {
		s, err := stagecpu.Read(p.buf)
		if err != nil {
			fmt.Fprintf(p.cmd.ErrOrStderr(), "synth: no CPU per stage: %v\n", err)
			return nil
		}
		p.sum = &s
	}
	return p.sum
}

// stageCPURows are the stages of the CPU-per-stage table, in order: the
// pipeline's (benchStages), then the GL thread, start-up and the
// pseudo-stages of unlabelled samples.
var stageCPURows = append(slices.Clone(benchStages), "gl-thread", "start-up", stagecpu.GC, stagecpu.CThreads, stagecpu.Other)

// stageCPUTitle begins the CPU-per-stage table's heading (parseBench
// looks for it).
const stageCPUTitle = "cpu per sample by stage"

// printStageCPU prints the CPU per sample of each stage of s (nil:
// nothing) over samples samples, and the total less the part in C.
func printStageCPU(out io.Writer, s *stagecpu.Summary, samples int64) {
	if s == nil || samples <= 0 || len(s.Stages) == 0 {
		return
	}
	per := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(samples) }
	fmt.Fprintf(out, "%s (Go CPU profile: %d samples every %s; in C: inside calls into C, e.g. a GL driver's):\n",
		stageCPUTitle, s.Samples, s.Period)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "  stage\tcpu\tin C\t\n")
	row := func(name string, t stagecpu.Times) {
		fmt.Fprintf(tw, "  %s\t%.3f ms\t%.3f ms\t\n", name, per(t.CPU), per(t.InC))
	}
	names := slices.Clone(stageCPURows)
	var more []string // stages this synth does not know of (a vendor's label), by name
	for name := range s.Stages {
		if !slices.Contains(names, name) {
			more = append(more, name)
		}
	}
	slices.Sort(more)
	names = append(names, more...)
	for _, name := range names {
		if t, ok := s.Stages[name]; ok {
			row(name, t)
		}
	}
	total := s.Total()
	row("total", total)
	tw.Flush()
	fmt.Fprintf(out, "  outside C: %.3f ms a sample (total less in C)\n", per(total.CPU-total.InC))
}
