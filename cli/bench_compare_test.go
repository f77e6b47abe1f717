package cli

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/synthkit/synthkit/internal/stagecpu"
)

// oldBenchReport is what synth bench printed before --compare existed
// (the binary of commit 19b084b): --against parses it.
const oldBenchReport = `basic: 10 samples of 160x120 with 2 worker(s) on 2 CPU(s) in 217ms
throughput: 46.0 samples/s (21.74 ms per sample, wall)
time per sample by stage (summed over workers):
     scene   0.124 ms   0.3%
    render  32.027 ms  81.8%
      post   0.956 ms   2.4%
    labels   0.224 ms   0.6%
    encode   3.966 ms  10.1%
     write   1.833 ms   4.7%
`

// newBenchReport is a report with the CPU table (GL on llvmpipe).
const newBenchReport = `shelves: 60 samples of 640x480 with 2 worker(s) on 2 CPU(s) in 11.645s
throughput: 5.2 samples/s (194.08 ms per sample, wall)
time per sample by stage (summed over workers):
     scene   10.801 ms   3.0%
    render  294.172 ms  80.5%
      post   28.269 ms   7.7%
    labels    2.969 ms   0.8%
    encode   20.141 ms   5.5%
     write    8.873 ms   2.4%
cpu per sample (user+sys; 1.61 CPUs busy on average):
    process  312.285 ms
        own  122.365 ms
  gl-thread   61.004 ms
      named  189.920 ms
  (gl-thread: the part of own in synth's GL thread, GL calls and the driver work inside them included)
  (named: threads that libraries named, e.g. a GL driver's: llvmpipe-*×2, synth-g:disk$*)
cpu per sample by stage (Go CPU profile: 2345 samples every 10ms; in C: inside calls into C, e.g. a GL driver's):
      stage      cpu      in C
     render  40.250 ms   2.500 ms
     encode  20.000 ms   0.000 ms
  gl-thread  61.000 ms  55.125 ms
       (gc)   1.000 ms   0.000 ms
      total 122.250 ms  57.625 ms
  outside C: 64.625 ms a sample (total less in C)
`

func TestParseBench(t *testing.T) {
	r, err := parseBench(oldBenchReport)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"scene": 0.124, "render": 32.027, "post": 0.956, "labels": 0.224, "encode": 3.966, "write": 1.833}
	if r.rate != 46 || !reflect.DeepEqual(r.stages, want) {
		t.Errorf("parseBench = %+v", r)
	}
	if len(r.cpu) != 0 {
		t.Errorf("an old report gives CPU rows %v", r.cpu)
	}
	r, err = parseBench(newBenchReport)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]float64{"process": 312.285, "own": 122.365, "gl-thread": 61.004, "named": 189.92}; r.rate != 5.2 || !reflect.DeepEqual(r.cpu, want) || r.stages["render"] != 294.172 {
		t.Errorf("parseBench = %+v", r)
	}
	wantStages := map[string][2]float64{"render": {40.25, 2.5}, "encode": {20, 0}, "gl-thread": {61, 55.125}, "(gc)": {1, 0}, "total": {122.25, 57.625}}
	if !reflect.DeepEqual(r.stageCPU, wantStages) {
		t.Errorf("CPU per stage %v, want %v", r.stageCPU, wantStages)
	}
	if _, err := parseBench("no report here"); err == nil || !strings.Contains(err.Error(), "no throughput line") {
		t.Errorf("a text without a report: %v", err)
	}
}

// TestBenchCompare runs --compare in process and checks the runs (each
// configuration's arguments, the order rotated each round) and the report.
func TestBenchCompare(t *testing.T) {
	var calls [][]string
	defer func(f func(context.Context, string, []string, []string) (string, error)) { benchExec = f }(benchExec)
	var envs [][]string
	benchExec = func(ctx context.Context, bin string, args, env []string) (string, error) {
		if bin != "" {
			t.Errorf("ran binary %q", bin)
		}
		envs = append(envs, env)
		calls = append(calls, args)
		var out, errb strings.Builder
		if code := MainContext(ctx, args, &out, &errb); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, errb.String())
		}
		return out.String(), nil
	}
	out, err := synth("bench", "basic", "-n", "3", "--size", "64x48", "-p", "min_objects=1", "-p", "max_objects=2", "--compare", "GOMAXPROCS=1 --workers 1", "--rounds", "2")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	base := []string{"bench", "basic", "--param=min_objects=1", "--param=max_objects=2", "--samples=3", "--size=64x48"}
	withW := append(append([]string(nil), base...), "--workers", "1")
	if len(calls) != 4 {
		t.Fatalf("%d runs, want 2 configurations × 2 rounds: %q", len(calls), calls)
	}
	for i, want := range [][]string{base, withW, withW, base} { // round 2 starts with B
		if !sameArgs(calls[i], want) {
			t.Errorf("run %d: args %q, want %q", i, calls[i], want)
		}
	}
	if !reflect.DeepEqual(envs, [][]string{nil, {"GOMAXPROCS=1"}, {"GOMAXPROCS=1"}, nil}) {
		t.Errorf("environments %q, want GOMAXPROCS=1 for the second configuration", envs)
	}
	for _, s := range []string{"round 1/2: this synth", "round 2/2: GOMAXPROCS=1 --workers 1", "samples/s, 2 interleaved round(s)", "1.00×", "ms per sample by stage", "CPU ms per sample", "A = this synth", "B = GOMAXPROCS=1 --workers 1"} {
		if !strings.Contains(out, s) {
			t.Errorf("report lacks %q:\n%s", s, out)
		}
	}
	if strings.Contains(out, "gl-thread") { // soft runs have no GL thread
		t.Errorf("a comparison of soft runs has a gl-thread row:\n%s", out)
	}
	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"bench", "basic", "--against", "/no/such/synth"}, "--against /no/such/synth"},
		{[]string{"bench", "basic", "--compare", "  "}, "no flags"},
		{[]string{"bench", "basic", "--compare", "--workers 1", "--rounds", "0"}, "--rounds 0"},
	} {
		if _, err := synth(bad.args...); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%q: %v, want an error containing %q", bad.args, err, bad.want)
		}
	}
}

// TestBenchCompareOldBinary compares with a binary whose report has no
// CPU table: its column shows "–" there, the stages side by side.
func TestBenchCompareOldBinary(t *testing.T) {
	defer func(f func(context.Context, string, []string, []string) (string, error)) { benchExec = f }(benchExec)
	benchExec = func(ctx context.Context, bin string, args, env []string) (string, error) {
		if bin == "" {
			return newBenchReport, nil
		}
		return oldBenchReport, nil
	}
	var out strings.Builder
	cfgs := []benchConfig{{label: "this synth"}, {label: "old", bin: "./synth-old"}}
	if err := runCompare(context.Background(), &out, cfgs, 3); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"5.2  5.2  5.2  5.2  ±0.0%  1.00×", "46.0  46.0  46.0  46.0  ±0.0%  8.85×", "render  294.172  32.027", "process  312.285  –", "gl-thread  61.004  –", "named  189.920  –",
		"CPU ms per sample by stage", "render  40.250 (2.500)  –", "gl-thread  61.000 (55.125)  –", "total  122.250 (57.625)  –", "outside C  64.625  –"} {
		if !strings.Contains(strings.Join(strings.Fields(out.String()), "  "), strings.Join(strings.Fields(want), "  ")) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

// sameArgs compares two bench command lines as multisets after the
// command and its argument (flag order does not matter to cobra).
func sameArgs(a, b []string) bool {
	if len(a) != len(b) || len(a) < 2 || a[0] != b[0] || a[1] != b[1] {
		return false
	}
	count := map[string]int{}
	for _, x := range a[2:] {
		count[x]++
	}
	for _, x := range b[2:] {
		count[x]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}

// TestBenchConfigsBadEnv checks that --compare refuses a Go runtime
// variable the runtime would ignore, and keeps the good ones.
func TestBenchConfigsBadEnv(t *testing.T) {
	for _, tc := range []struct {
		compare string
		err     string // "" when accepted
	}{
		{"GOMAXPROCS=1 --workers 1", ""},
		{"GOMAXPROCS=abc --workers 1", `GOMAXPROCS="abc"`},
		{"GOMAXPROCS=0", `GOMAXPROCS="0"`},
		{"GOMAXPROCS=-2", `GOMAXPROCS="-2"`},
		{"GOGC=400", ""},
		{"GOGC=off", ""},
		{"GOGC=lots", `GOGC="lots"`},
		{"GOMEMLIMIT=2GiB", ""},
		{"GOMEMLIMIT=off", ""},
		{"GOMEMLIMIT=2GB", `GOMEMLIMIT="2GB"`},
		{"GOMEMLIMIT=1.5GiB", `GOMEMLIMIT="1.5GiB"`},
		{"GOMEMLIMIT=1073741824", ""},
		{"GOMEMLIMIT=+2GiB", ""},
		{"GOMEMLIMIT=9999999999TiB", `GOMEMLIMIT="9999999999TiB"`},
		{"GOMEMLIMIT=-1", `GOMEMLIMIT="-1"`},
		{"GOMEMLIMIT=", ""},
		{"GOMAXPROCS=3000000000", `GOMAXPROCS="3000000000"`},
		{"GOGC=-1", ""},
		{"GOGC=", ""},
		{"SYNTHKIT_GL_POST=gpu", ""},
		{"GODEBUG=madvdontneed=0", ""},
	} {
		cfgs, err := benchConfigs([]string{"bench", "basic"}, []string{tc.compare}, nil)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("--compare %q: %v", tc.compare, err)
		case tc.err == "" && len(cfgs) != 2:
			t.Errorf("--compare %q: %d configurations", tc.compare, len(cfgs))
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), "would not use it")):
			t.Errorf("--compare %q: error %v, want one naming %s", tc.compare, err, tc.err)
		}
	}
}

// TestStageCPURoundTrip: the CPU-per-stage table bench prints is what
// parseBench reads back, stage by stage, with the total; stages without
// samples are left out, and one this synth does not know is kept.
func TestStageCPURoundTrip(t *testing.T) {
	ms := func(n int64) time.Duration { return time.Duration(n) * time.Millisecond }
	sum := &stagecpu.Summary{Samples: 93, Period: 10 * time.Millisecond, Stages: map[string]stagecpu.Times{
		"render":          {CPU: ms(600), InC: ms(150)},
		"encode":          {CPU: ms(200)},
		"gl-thread":       {CPU: ms(90), InC: ms(60)},
		stagecpu.GC:       {CPU: ms(30)},
		stagecpu.Other:    {CPU: ms(10)},
		"vendor-specific": {CPU: ms(20)},
	}}
	var b strings.Builder
	b.WriteString("throughput: 1.0 samples/s (1000.00 ms per sample, wall)\n")
	printStageCPU(&b, sum, 4)
	r, err := parseBench(b.String())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]float64{"render": {150, 37.5}, "encode": {50, 0}, "gl-thread": {22.5, 15}, "(gc)": {7.5, 0}, "(other)": {2.5, 0}, "vendor-specific": {5, 0}, "total": {237.5, 52.5}}
	if !reflect.DeepEqual(r.stageCPU, want) {
		t.Errorf("read back %v, want %v\n%s", r.stageCPU, want, b.String())
	}
	if !strings.Contains(b.String(), "outside C: 185.000 ms a sample") {
		t.Errorf("no outside-C line:\n%s", b.String())
	}
	for _, nothing := range []*stagecpu.Summary{nil, {Stages: map[string]stagecpu.Times{}}} {
		var e strings.Builder
		printStageCPU(&e, nothing, 4)
		if e.Len() != 0 {
			t.Errorf("an empty summary prints %q", e.String())
		}
	}
}
