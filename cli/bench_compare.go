package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// benchStages are the stages a bench report lists, in order.
var benchStages = []string{"scene", "render", "post", "labels", "encode", "write"}

// benchCPU are the rows of a bench report's CPU table, in order: the
// process, its own threads, the part of own in its GL thread (gl runs
// only), threads that libraries named.
var benchCPU = []string{"process", "own", "gl-thread", "named"}

// glThreadLegend says what a bench report's gl-thread row counts.
const glThreadLegend = "the part of own in synth's GL thread, GL calls and the driver work inside them included"

// benchConfig is one configuration of `synth bench --compare`: a synth
// binary and the bench arguments it runs with.
type benchConfig struct {
	label string
	bin   string // "" is this synth
	args  []string
	env   []string // NAME=VALUE added to the environment
}

// benchRun is what one bench run reported.
type benchRun struct {
	rate   float64            // samples/s, wall
	stages map[string]float64 // ms per sample, summed over workers
	cpu    map[string]float64 // CPU ms per sample by benchCPU row; absent in reports of earlier binaries
	// stageCPU is the CPU ms per sample by stage and the part in C, from
	// the CPU-per-stage table (its total row under "total"); absent in
	// reports of earlier binaries and with --stage-cpu=false.
	stageCPU map[string][2]float64
}

// benchExec runs a bench configuration and returns its standard output;
// tests replace it to run in process.
var benchExec = func(ctx context.Context, bin string, args, env []string) (string, error) {
	if bin == "" {
		self, err := os.Executable()
		if err != nil {
			return "", err
		}
		bin = self
	}
	var out, stderr strings.Builder
	c := exec.CommandContext(ctx, bin, args...)
	c.Stdout, c.Stderr = &out, &stderr
	c.Env = append(os.Environ(), env...)
	if err := c.Run(); err != nil {
		return "", fmt.Errorf("%s %s: %w\n%s", bin, strings.Join(args, " "), err, stderr.String())
	}
	return out.String(), nil
}

// parseBench reads a bench report: the "throughput: R samples/s" line,
// the per-stage lines ("  render  12.345 ms  57.0%") and the CPU lines
// ("  process  170.123 ms") and the rows of the CPU-per-stage table
// ("  render  80.500 ms  0.000 ms"). The first two are the same in
// earlier synth binaries, which --against runs; the others are newer.
func parseBench(out string) (benchRun, error) {
	r := benchRun{rate: -1, stages: map[string]float64{}, cpu: map[string]float64{}, stageCPU: map[string][2]float64{}}
	sc := bufio.NewScanner(strings.NewReader(out))
	inStages := false
	for sc.Scan() {
		line := sc.Text()
		f := strings.Fields(line)
		if !strings.HasPrefix(line, " ") { // a heading or the throughput line
			inStages = strings.HasPrefix(line, stageCPUTitle)
		}
		switch {
		case inStages && len(f) == 5 && f[2] == "ms" && f[4] == "ms":
			c, err1 := strconv.ParseFloat(f[1], 64)
			inC, err2 := strconv.ParseFloat(f[3], 64)
			if err1 == nil && err2 == nil {
				r.stageCPU[f[0]] = [2]float64{c, inC}
			}
		case len(f) >= 3 && f[0] == "throughput:" && f[2] == "samples/s":
			v, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				return r, fmt.Errorf("bench report: throughput %q: %w", f[1], err)
			}
			r.rate = v
		case len(f) == 4 && f[2] == "ms" && slices.Contains(benchStages, f[0]):
			if v, err := strconv.ParseFloat(f[1], 64); err == nil {
				r.stages[f[0]] = v
			}
		case len(f) == 3 && f[2] == "ms" && slices.Contains(benchCPU, f[0]):
			if v, err := strconv.ParseFloat(f[1], 64); err == nil {
				r.cpu[f[0]] = v
			}
		}
	}
	if r.rate < 0 {
		return r, fmt.Errorf("bench report has no throughput line:\n%s", out)
	}
	return r, nil
}

// baseBenchArgs rebuilds the bench command line of cmd without the
// comparison flags: the positional argument, then every flag set.
func baseBenchArgs(cmd *cobra.Command, arg string) []string {
	args := []string{"bench", arg}
	cmd.Flags().Visit(func(f *pflag.Flag) {
		switch f.Name {
		case "compare", "against", "rounds":
			return
		}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			for _, v := range sv.GetSlice() {
				args = append(args, "--"+f.Name+"="+v)
			}
			return
		}
		args = append(args, "--"+f.Name+"="+f.Value.String())
	})
	if f := cmd.Flags().Lookup("asset-memory"); f != nil && f.Changed {
		args = append(args, "--asset-memory="+f.Value.String())
	}
	return args
}

// benchConfigs returns the configurations to compare: this synth with the
// base arguments, then one per --compare (base arguments plus those
// flags; later flags win; leading NAME=VALUE words set environment
// variables, e.g. "GOMAXPROCS=1 --workers 1") and one per --against
// binary.
func benchConfigs(base []string, compare, against []string) ([]benchConfig, error) {
	cfgs := []benchConfig{{label: "this synth", args: base}}
	for _, c := range compare {
		extra := strings.Fields(c) // flags, split at white space
		var env []string
		for len(extra) > 0 && envWord(extra[0]) {
			if err := checkRuntimeEnv(extra[0]); err != nil {
				return nil, fmt.Errorf("--compare %q: %w", c, err)
			}
			env, extra = append(env, extra[0]), extra[1:]
		}
		if len(extra) == 0 && len(env) == 0 {
			return nil, fmt.Errorf("--compare %q: no flags", c)
		}
		cfgs = append(cfgs, benchConfig{label: c, args: append(slices.Clone(base), extra...), env: env})
	}
	for _, bin := range against {
		if _, err := exec.LookPath(bin); err != nil {
			return nil, fmt.Errorf("--against %s: %w", bin, err)
		}
		cfgs = append(cfgs, benchConfig{label: bin, bin: bin, args: base})
	}
	return cfgs, nil
}

// checkRuntimeEnv checks the value of a Go runtime variable as the
// runtime parses it (Go 1.26's runtime/proc.go, mgcpacer.go, string.go),
// so that a comparison does not run on a value the runtime would ignore
// silently (GOMAXPROCS=abc runs with every CPU, GOGC=lots with 100) or
// refuse at start-up (a malformed GOMEMLIMIT). An empty value means the
// runtime's default and passes; so do other variables: synth checks its
// own SYNTHKIT_* variables itself.
func checkRuntimeEnv(w string) error {
	name, v, _ := strings.Cut(w, "=")
	if v == "" {
		return nil
	}
	var ok bool
	switch name {
	case "GOMAXPROCS":
		n, err := strconv.ParseInt(v, 10, 32)
		ok = err == nil && n > 0
	case "GOGC":
		_, err := strconv.ParseInt(v, 10, 32)
		ok = err == nil || v == "off"
	case "GOMEMLIMIT":
		ok = v == "off" || validByteCount(v)
	default:
		return nil
	}
	if !ok {
		return fmt.Errorf("%s=%q: the Go runtime would not use it (%s)", name, v, runtimeEnvWant[name])
	}
	return nil
}

// validByteCount reports whether the runtime takes v as a GOMEMLIMIT
// byte count: a whole number, not negative, with an optional unit B, KiB,
// MiB, GiB or TiB, that fits in an int64.
func validByteCount(v string) bool {
	unit := int64(1)
	for i, u := range []string{"TiB", "GiB", "MiB", "KiB", "B"} {
		if num, ok := strings.CutSuffix(v, u); ok {
			v, unit = num, 1<<(10*(4-i))
			break
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return err == nil && n >= 0 && n <= math.MaxInt64/unit
}

// runtimeEnvWant says what checkRuntimeEnv's variables take.
var runtimeEnvWant = map[string]string{
	"GOMAXPROCS": "want a whole number of CPUs, at least 1",
	"GOGC":       "want a whole number (percent) or off",
	"GOMEMLIMIT": "want a whole number of bytes with an optional unit B, KiB, MiB, GiB or TiB, or off",
}

// envWord reports whether w is NAME=VALUE with NAME an upper-case
// environment variable name.
func envWord(w string) bool {
	name, _, ok := strings.Cut(w, "=")
	if !ok || name == "" || name[0] >= '0' && name[0] <= '9' {
		return false
	}
	for _, c := range name {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// runCompare runs every configuration rounds times, interleaved (the
// order rotated each round so that none always runs first), and prints
// samples/s per round, the median and spread, the ratio of each median to
// the first configuration's, and the per-stage medians.
func runCompare(ctx context.Context, out io.Writer, cfgs []benchConfig, rounds int) error {
	runs := make([][]benchRun, len(cfgs))
	for r := range rounds {
		for k := range cfgs {
			i := (k + r) % len(cfgs)
			c := cfgs[i]
			fmt.Fprintf(out, "round %d/%d: %s\n", r+1, rounds, c.label)
			text, err := benchExec(ctx, c.bin, c.args, c.env)
			if err != nil {
				return err
			}
			br, err := parseBench(text)
			if err != nil {
				return fmt.Errorf("%s: %w", c.label, err)
			}
			runs[i] = append(runs[i], br)
		}
	}
	median := func(v []float64) float64 {
		s := slices.Sorted(slices.Values(v))
		if n := len(s); n%2 == 1 {
			return s[n/2]
		} else {
			return (s[n/2-1] + s[n/2]) / 2
		}
	}
	rates := make([][]float64, len(cfgs))
	for i := range cfgs {
		for _, br := range runs[i] {
			rates[i] = append(rates[i], br.rate)
		}
	}
	base := median(rates[0])
	fmt.Fprintf(out, "\nsamples/s, %d interleaved round(s) (ratio: median / the first configuration's median):\n", rounds)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	head := "  config\t"
	for r := range rounds {
		head += "round " + strconv.Itoa(r+1) + "\t"
	}
	fmt.Fprintln(tw, head+"median\tspread\tratio\t")
	for i, c := range cfgs {
		line := "  " + c.label + "\t"
		for _, v := range rates[i] {
			line += strconv.FormatFloat(v, 'f', 1, 64) + "\t"
		}
		m := median(rates[i])
		spread := (slices.Max(rates[i]) - slices.Min(rates[i])) / 2 / m * 100
		ratio := "–"
		if base > 0 {
			ratio = strconv.FormatFloat(m/base, 'f', 2, 64) + "×"
		}
		fmt.Fprintf(tw, "%s%.1f\t±%.1f%%\t%s\t\n", line, m, spread, ratio)
	}
	tw.Flush()
	fmt.Fprintln(out, "\nms per sample by stage, summed over workers (median over rounds):")
	tw = tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	head = "  stage\t"
	for i := range cfgs {
		head += string(rune('A'+i%26)) + "\t"
	}
	fmt.Fprintln(tw, head)
	for _, st := range benchStages {
		line := "  " + st + "\t"
		for i := range cfgs {
			var v []float64
			for _, br := range runs[i] {
				v = append(v, br.stages[st])
			}
			line += strconv.FormatFloat(median(v), 'f', 3, 64) + "\t"
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
	if slices.ContainsFunc(runs, func(rs []benchRun) bool { return len(rs) > 0 && len(rs[0].cpu) > 0 }) {
		// The rows some run reported: no gl-thread in a comparison of soft runs.
		rows := slices.DeleteFunc(slices.Clone(benchCPU), func(row string) bool {
			return !slices.ContainsFunc(runs, func(rs []benchRun) bool {
				return slices.ContainsFunc(rs, func(br benchRun) bool { _, ok := br.cpu[row]; return ok })
			})
		})
		legend := "own: synth's threads; "
		if slices.Contains(rows, "gl-thread") {
			legend += "gl-thread: " + glThreadLegend + "; "
		}
		legend += "named: threads libraries named, e.g. llvmpipe's"
		fmt.Fprintf(out, "\nCPU ms per sample, user+sys (median over rounds; %s):\n", legend)
		tw = tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "  cpu\t"+strings.TrimPrefix(head, "  stage\t"))
		for _, row := range rows {
			line := "  " + row + "\t"
			for i := range cfgs {
				var v []float64
				for _, br := range runs[i] {
					if x, ok := br.cpu[row]; ok {
						v = append(v, x)
					}
				}
				if len(v) == 0 {
					line += "–\t"
					continue
				}
				line += strconv.FormatFloat(median(v), 'f', 3, 64) + "\t"
			}
			fmt.Fprintln(tw, line)
		}
		tw.Flush()
	}
	printStageCPUCompare(out, cfgs, runs, median, head)
	for i, c := range cfgs {
		fmt.Fprintf(out, "  %c = %s\n", 'A'+i%26, c.label)
	}
	return nil
}

// printStageCPUCompare prints the medians of the runs' CPU per stage side
// by side and, where a run had CPU inside calls into C, that part and
// the total less it ("outside C"); nothing when no run reported the
// table. head is the stage
// table's heading row.
func printStageCPUCompare(out io.Writer, cfgs []benchConfig, runs [][]benchRun, median func([]float64) float64, head string) {
	var rows []string
	anyC := false
	for _, row := range append(slices.Clone(stageCPURows), "total") {
		for _, rs := range runs {
			for _, br := range rs {
				if v, ok := br.stageCPU[row]; ok {
					if !slices.Contains(rows, row) {
						rows = append(rows, row)
					}
					anyC = anyC || v[1] != 0
				}
			}
		}
	}
	if len(rows) == 0 {
		return
	}
	legend := "Go CPU profile"
	if anyC {
		legend += "; in parentheses the part inside calls into C, e.g. the GL driver's"
	}
	fmt.Fprintf(out, "\nCPU ms per sample by stage (median over rounds; %s):\n", legend)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, head)
	if anyC {
		rows = append(rows, "outside C")
	}
	for _, row := range rows {
		line := "  " + row + "\t"
		for i := range cfgs {
			var cpu, inC []float64
			for _, br := range runs[i] {
				key := row
				if row == "outside C" {
					key = "total"
				}
				v, ok := br.stageCPU[key]
				if !ok {
					continue
				}
				if row == "outside C" {
					v = [2]float64{v[0] - v[1], 0}
				}
				cpu, inC = append(cpu, v[0]), append(inC, v[1])
			}
			switch {
			case len(cpu) == 0:
				line += "–\t"
			case anyC && row != "outside C":
				line += fmt.Sprintf("%.3f (%.3f)\t", median(cpu), median(inC))
			default:
				line += strconv.FormatFloat(median(cpu), 'f', 3, 64) + "\t"
			}
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
}
