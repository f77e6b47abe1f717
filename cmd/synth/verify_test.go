package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runSynth runs the CLI with args and returns its output and error.
func runSynth(args ...string) (string, error) {
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

// arraySpec is a small job of 4 shards.
const arraySpec = "generator: basic\nseed: 11\nsamples: 8\nsamples_per_shard: 2\nwidth: 64\nheight: 48\nparams: {min_objects: 1, max_objects: 3}\n"

func writeSpec(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "job.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// clearArrayEnv unsets the array-job variables for the test.
func clearArrayEnv(t *testing.T) {
	for _, k := range []string{"JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX", "SLURM_ARRAY_TASK_STEP", "SLURM_ARRAY_TASK_COUNT"} {
		t.Setenv(k, "")
	}
}

func TestSelectShards(t *testing.T) {
	tests := []struct {
		name   string
		flags  []string
		env    map[string]string
		want   []int
		source string
		err    string
	}{
		{name: "all", want: nil},
		{name: "set", flags: []string{"--shards", "3,1-2"}, want: []int{3, 1, 2}},
		{name: "index", flags: []string{"--shard-index", "2"}, want: []int{2}, source: "--shard-index"},
		{name: "index beats the environment", flags: []string{"--shard-index", "2"}, env: map[string]string{"JOB_COMPLETION_INDEX": "1"}, want: []int{2}},
		{name: "set beats the environment", flags: []string{"--shards", "0"}, env: map[string]string{"JOB_COMPLETION_INDEX": "1"}, want: []int{0}},
		{name: "kubernetes", env: map[string]string{"JOB_COMPLETION_INDEX": "3"}, want: []int{3}, source: "JOB_COMPLETION_INDEX=3"},
		{name: "slurm 1-4", env: map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_STEP": "1"}, want: []int{3}, source: "SLURM_ARRAY_TASK_ID=4 (MIN=1, STEP=1)"},
		{name: "slurm 0-6:2", env: map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_STEP": "2"}, want: []int{2}},
		{name: "slurm out of range", env: map[string]string{"SLURM_ARRAY_TASK_ID": "4"}, err: "out of range"},
		{name: "garbage", env: map[string]string{"JOB_COMPLETION_INDEX": "x"}, err: "not an integer"},
		{name: "both flags", flags: []string{"--shards", "1", "--shard-index", "1"}, err: "both set"},
		{name: "index out of range", flags: []string{"--shard-index", "4"}, err: "--shard-index 4 out of range"},
		{name: "negative index", flags: []string{"--shard-index", "-1"}, err: "out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := newGenerateCmd()
			if err := cmd.ParseFlags(tt.flags); err != nil {
				t.Fatal(err)
			}
			set, _ := cmd.Flags().GetString("shards")
			idx, _ := cmd.Flags().GetInt("shard-index")
			got, source, err := selectShards(cmd, 4, set, idx, func(k string) string { return tt.env[k] })
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !equalInts(got, tt.want) || (tt.source != "" && source != tt.source) {
				t.Errorf("shards %v from %q, want %v from %q", got, source, tt.want, tt.source)
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestArrayJobThroughTheCLI runs a 4-shard job as four tasks of a
// Kubernetes Indexed Job and, into another directory, of a Slurm array
// starting at 1 with --num-shards; finalizes and verifies both, and
// requires the files of a single local run.
func TestArrayJobThroughTheCLI(t *testing.T) {
	clearArrayEnv(t)
	spec := writeSpec(t, arraySpec)
	base := t.TempDir()
	local := filepath.Join(base, "local")
	if out, err := runSynth("generate", spec, "-q", "-o", local); err != nil {
		t.Fatalf("local run: %v\n%s", err, out)
	}
	for _, tt := range []struct {
		name  string
		env   func(t *testing.T, k int)
		extra []string
	}{
		{"kubernetes", func(t *testing.T, k int) { t.Setenv("JOB_COMPLETION_INDEX", string(rune('0'+k))) }, nil},
		{"slurm from 1 with --num-shards", func(t *testing.T, k int) {
			t.Setenv("SLURM_ARRAY_TASK_ID", string(rune('1'+k)))
			t.Setenv("SLURM_ARRAY_TASK_MIN", "1")
			t.Setenv("SLURM_ARRAY_TASK_MAX", "4")
			t.Setenv("SLURM_ARRAY_TASK_STEP", "1")
			t.Setenv("SLURM_ARRAY_TASK_COUNT", "4")
		}, []string{"--num-shards", "4"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(base, strings.ReplaceAll(tt.name, " ", "_"))
			for _, k := range []int{2, 0, 3, 1} {
				tt.env(t, k)
				out, err := runSynth(append([]string{"generate", spec, "-q", "-o", dir}, tt.extra...)...)
				if err != nil {
					t.Fatalf("task %d: %v\n%s", k, err, out)
				}
				if !strings.Contains(out, "wrote 1 shard(s)") || strings.Contains(out, "manifest") {
					t.Errorf("task %d: %s", k, out)
				}
			}
			// A task run again is a no-op.
			if out, err := runSynth(append([]string{"generate", spec, "-q", "-o", dir}, tt.extra...)...); err != nil || !strings.Contains(out, "skipped 1 existing") {
				t.Errorf("re-run: %v\n%s", err, out)
			}
			clearArrayEnv(t)
			if out, err := runSynth("status", dir); err != nil || !strings.Contains(out, "4/4 shards complete, 8 rows") {
				t.Errorf("status: %v\n%s", err, out)
			}
			if out, err := runSynth("finalize", dir); err != nil {
				t.Fatalf("finalize: %v\n%s", err, out)
			}
			if out, err := runSynth("verify", dir, "--samples", "1", "--seed", "5", "-q"); err != nil || !strings.Contains(out, "4 of 4 shards verified, 4 rows") {
				t.Errorf("verify: %v\n%s", err, out)
			}
			for _, name := range []string{"data-00000-of-00004.arrow", "data-00003-of-00004.json", "manifest.json"} {
				a, _ := os.ReadFile(filepath.Join(local, name))
				b, _ := os.ReadFile(filepath.Join(dir, name))
				if len(a) == 0 || !bytes.Equal(a, b) {
					t.Errorf("%s differs from the local run's", name)
				}
			}
		})
	}
}

func TestVerifyCommandReportsDamage(t *testing.T) {
	clearArrayEnv(t)
	dir := filepath.Join(t.TempDir(), "ds")
	if out, err := runSynth("generate", writeSpec(t, arraySpec), "-q", "-o", dir); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	p := filepath.Join(dir, "data-00002-of-00004.arrow")
	b, _ := os.ReadFile(p)
	b[len(b)/3] ^= 0x10
	os.WriteFile(p, b, 0o644)
	out, err := runSynth("verify", dir, "--samples", "1", "-q")
	if err == nil || !strings.Contains(err.Error(), "data-00002-of-00004.arrow") || !strings.Contains(out, "MISMATCH data-00002-of-00004.arrow") {
		t.Errorf("verify: %v\n%s", err, out)
	}
	if out, err := runSynth("status", dir); err == nil || !strings.Contains(out, "corrupt: data-00002-of-00004.arrow") {
		t.Errorf("status: %v\n%s", err, out)
	}
}

func TestGenerateFlagErrors(t *testing.T) {
	clearArrayEnv(t)
	spec := writeSpec(t, arraySpec)
	out := filepath.Join(t.TempDir(), "ds")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--num-shards", "5"}, "cannot be split into 5 shards"},
		{[]string{"--num-shards", "4", "--shard-size", "2"}, "give one of them"},
		{[]string{"--shard-index", "9"}, "out of range"},
		{[]string{"-o", "gs://bucket/ds"}, "-tags cloud"},
		{[]string{"-o", "s3://bucket/ds"}, "s3:// needs a synth built with -tags cloud"},
		{[]string{"-o", "nope://bucket/ds"}, "unknown URL scheme"},
	} {
		args := append([]string{"generate", spec, "-q", "-o", out}, tt.args...)
		if _, err := runSynth(args...); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: %v, want %q", tt.args, err, tt.want)
		}
	}
	if _, err := runSynth("status", "gs://bucket/ds"); err == nil || !strings.Contains(err.Error(), "-tags cloud") {
		t.Errorf("status gs://: %v", err)
	}
}
