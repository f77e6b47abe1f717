package job

import (
	"strings"
	"testing"
)

func TestIndexFromEnv(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		shards int
		ok     bool
		index  int
		err    string // substring of the error; "" for none
	}{
		{name: "nothing set", env: nil, shards: 4},
		{name: "empty values count as unset", env: map[string]string{"JOB_COMPLETION_INDEX": "", "SLURM_ARRAY_TASK_ID": " "}, shards: 4},
		{name: "kubernetes", env: map[string]string{"JOB_COMPLETION_INDEX": "3"}, shards: 4, ok: true, index: 3},
		{name: "kubernetes first index", env: map[string]string{"JOB_COMPLETION_INDEX": "0"}, shards: 1, ok: true, index: 0},
		{name: "kubernetes wins over slurm", env: map[string]string{"JOB_COMPLETION_INDEX": "1", "SLURM_ARRAY_TASK_ID": "3"}, shards: 4, ok: true, index: 1},
		{name: "kubernetes out of range", env: map[string]string{"JOB_COMPLETION_INDEX": "4"}, shards: 4, ok: true, err: "shard index 4 out of range: the job has 4 shards (0..3)"},
		{name: "kubernetes negative", env: map[string]string{"JOB_COMPLETION_INDEX": "-1"}, shards: 4, ok: true, err: "out of range"},
		{name: "kubernetes garbage", env: map[string]string{"JOB_COMPLETION_INDEX": "three"}, shards: 4, ok: true, err: `JOB_COMPLETION_INDEX="three": not an integer`},
		{name: "kubernetes float", env: map[string]string{"JOB_COMPLETION_INDEX": "1.0"}, shards: 4, ok: true, err: "not an integer"},
		{name: "slurm 0-3", env: slurm("2", "0", "3", "1", "4"), shards: 4, ok: true, index: 2},
		{name: "slurm without MIN, STEP, MAX, COUNT", env: map[string]string{"SLURM_ARRAY_TASK_ID": "3"}, shards: 4, ok: true, index: 3},
		{name: "slurm 1-4, first task", env: slurm("1", "1", "4", "1", "4"), shards: 4, ok: true, index: 0},
		{name: "slurm 1-4, last task", env: slurm("4", "1", "4", "1", "4"), shards: 4, ok: true, index: 3},
		{name: "slurm 1-7:2", env: slurm("5", "1", "7", "2", "4"), shards: 4, ok: true, index: 2},
		{name: "slurm 0-6:2 last", env: slurm("6", "0", "6", "2", "4"), shards: 4, ok: true, index: 3},
		{name: "slurm 10-40:10 with a throttle", env: slurm("30", "10", "40", "10", "4"), shards: 4, ok: true, index: 2},
		{name: "slurm off the step", env: slurm("4", "1", "7", "2", "4"), shards: 4, ok: true, err: "not MIN + k·STEP"},
		{name: "slurm below MIN", env: slurm("0", "1", "4", "1", "4"), shards: 4, ok: true, err: "not MIN + k·STEP"},
		{name: "slurm array larger than the job", env: slurm("4", "0", "7", "1", "8"), shards: 4, ok: true, err: "shard index 4 out of range"},
		{name: "slurm 1-based array too long by one", env: slurm("5", "1", "5", "1", "5"), shards: 4, ok: true, err: "out of range"},
		{name: "slurm sparse list 3,7-9", env: slurm("7", "3", "9", "1", "4"), shards: 10, ok: true, err: "sparse job array"},
		{name: "slurm step zero", env: slurm("1", "0", "3", "0", "4"), shards: 4, ok: true, err: "must be at least 1"},
		{name: "slurm garbage id", env: slurm("x", "0", "3", "1", "4"), shards: 4, ok: true, err: `SLURM_ARRAY_TASK_ID="x"`},
		{name: "slurm garbage min", env: slurm("1", "zero", "3", "1", "4"), shards: 4, ok: true, err: `SLURM_ARRAY_TASK_MIN="zero"`},
		{name: "slurm garbage step", env: slurm("1", "0", "3", "1x", "4"), shards: 4, ok: true, err: `SLURM_ARRAY_TASK_STEP="1x"`},
		{name: "slurm garbage count", env: slurm("1", "0", "3", "1", "four"), shards: 4, ok: true, err: `SLURM_ARRAY_TASK_COUNT="four"`},
		{name: "slurm huge id", env: slurm("99999999999999999999", "0", "3", "1", "4"), shards: 4, ok: true, err: "not an integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ti, ok, err := IndexFromEnv(func(k string) string { return tt.env[k] }, tt.shards)
			if ok != tt.ok {
				t.Errorf("ok = %v, want %v", ok, tt.ok)
			}
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ok && (ti.Index != tt.index || ti.Source == "") {
				t.Errorf("index %d (%q), want %d", ti.Index, ti.Source, tt.index)
			}
		})
	}
}

// slurm returns the variables Slurm sets in a task of a job array (as
// Slurm 22.05 sets them: checked with sbatch --array on slurm-wlm).
func slurm(id, lo, hi, step, count string) map[string]string {
	return map[string]string{"SLURM_ARRAY_TASK_ID": id, "SLURM_ARRAY_TASK_MIN": lo, "SLURM_ARRAY_TASK_MAX": hi,
		"SLURM_ARRAY_TASK_STEP": step, "SLURM_ARRAY_TASK_COUNT": count, "SLURM_ARRAY_JOB_ID": "77"}
}

func TestSetNumShards(t *testing.T) {
	tests := []struct {
		samples int64
		n       int
		per     int64
		err     string
	}{
		{16, 4, 4, ""},
		{17, 4, 5, ""}, // 5, 5, 5, 2
		{10, 4, 3, ""}, // 3, 3, 3, 1
		{10, 6, 0, "cannot be split into 6 shards"},
		{10, 10, 1, ""},
		{10, 11, 0, "at most one shard per sample"},
		{10, 0, 0, "must be positive"},
		{1_000_000, 1000, 1000, ""},
	}
	for _, tt := range tests {
		s := &Spec{Generator: "basic", Samples: tt.samples}
		if err := s.Normalize(); err != nil {
			t.Fatal(err)
		}
		before := s.SamplesPerShard
		err := s.SetNumShards(tt.n)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || s.SamplesPerShard != before {
				t.Errorf("%d samples in %d shards: %v (per shard %d), want %q", tt.samples, tt.n, err, s.SamplesPerShard, tt.err)
			}
			continue
		}
		if err != nil || s.SamplesPerShard != tt.per || s.Plan().NumShards() != tt.n {
			t.Errorf("%d samples in %d shards: %v, per shard %d (want %d), %d shards", tt.samples, tt.n, err, s.SamplesPerShard, tt.per, s.Plan().NumShards())
		}
	}
}
