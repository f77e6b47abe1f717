package job

import (
	"fmt"
	"strconv"
	"strings"
)

// Environment variables through which array-job engines tell a task its
// index.
const (
	// EnvJobCompletionIndex is set by Kubernetes in the pods of an Indexed
	// Job: 0..completions-1.
	EnvJobCompletionIndex = "JOB_COMPLETION_INDEX"
	// EnvSlurmArrayTaskID is set by Slurm in each task of a job array
	// (sbatch --array=0-15, --array=1-16, --array=0-30:2, ...).
	EnvSlurmArrayTaskID = "SLURM_ARRAY_TASK_ID"
	// EnvSlurmArrayTaskMin is the smallest task id of the array.
	EnvSlurmArrayTaskMin = "SLURM_ARRAY_TASK_MIN"
	// EnvSlurmArrayTaskMax is the largest task id of the array.
	EnvSlurmArrayTaskMax = "SLURM_ARRAY_TASK_MAX"
	// EnvSlurmArrayTaskStep is the step between task ids (1 unless
	// --array=A-B:STEP).
	EnvSlurmArrayTaskStep = "SLURM_ARRAY_TASK_STEP"
	// EnvSlurmArrayTaskCount is the number of tasks in the array.
	EnvSlurmArrayTaskCount = "SLURM_ARRAY_TASK_COUNT"
)

// TaskIndex is the shard index of an array task, with where it came from.
type TaskIndex struct {
	Index  int    // the shard index, 0..numShards-1
	Source string // e.g. "SLURM_ARRAY_TASK_ID=5 (MIN=1, STEP=2)"
}

// IndexFromEnv returns the shard index of this process when it is a task
// of an array job, reading the environment through getenv (os.Getenv; a
// variable set to "" counts as unset). ok is false when no engine's
// variable is set. The rules:
//
//   - JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is the index itself.
//     It wins when Slurm's variables are set too.
//   - Otherwise SLURM_ARRAY_TASK_ID is normalized with SLURM_ARRAY_TASK_MIN
//     (0 when unset) and SLURM_ARRAY_TASK_STEP (1 when unset):
//     index = (ID − MIN) / STEP, so that --array=0-15, --array=1-16 and
//     --array=0-30:2 all give the indices 0..15. An ID below MIN or not on
//     the step is an error.
//   - A sparse array such as --array=3,7-9 (Slurm then sets MIN=3, STEP=1
//     and COUNT=4, which is not (MAX − MIN)/STEP + 1 = 7) cannot be
//     normalized: that is an error, which says to pass the index
//     explicitly (synth generate --shard-index "$SLURM_ARRAY_TASK_ID" when
//     the task ids are the shard indices, as when re-running shards 3, 7,
//     8 and 9).
//   - Every value must be a decimal integer, and the index must be below
//     numShards, the job's shard count (which never comes from the
//     environment: the spec or a flag gives it).
func IndexFromEnv(getenv func(string) string, numShards int) (t TaskIndex, ok bool, err error) {
	get := func(name string) string { return strings.TrimSpace(getenv(name)) }
	num := func(name string, def int64) (int64, error) {
		v := get(name)
		if v == "" {
			return def, nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s=%q: not an integer", name, v)
		}
		return n, nil
	}
	check := func(t TaskIndex, idx int64) (TaskIndex, bool, error) {
		if idx < 0 || idx >= int64(numShards) {
			return TaskIndex{}, true, fmt.Errorf("%s: shard index %d out of range: the job has %d shards (0..%d)", t.Source, idx, numShards, numShards-1)
		}
		t.Index = int(idx)
		return t, true, nil
	}
	if v := get(EnvJobCompletionIndex); v != "" {
		idx, err := num(EnvJobCompletionIndex, 0)
		if err != nil {
			return TaskIndex{}, true, err
		}
		return check(TaskIndex{Source: EnvJobCompletionIndex + "=" + v}, idx)
	}
	v := get(EnvSlurmArrayTaskID)
	if v == "" {
		return TaskIndex{}, false, nil
	}
	id, err := num(EnvSlurmArrayTaskID, 0)
	if err != nil {
		return TaskIndex{}, true, err
	}
	lo, err := num(EnvSlurmArrayTaskMin, 0)
	if err != nil {
		return TaskIndex{}, true, err
	}
	step, err := num(EnvSlurmArrayTaskStep, 1)
	if err != nil {
		return TaskIndex{}, true, err
	}
	t = TaskIndex{Source: fmt.Sprintf("%s=%d (MIN=%d, STEP=%d)", EnvSlurmArrayTaskID, id, lo, step)}
	if step < 1 {
		return TaskIndex{}, true, fmt.Errorf("%s: %s=%d must be at least 1", t.Source, EnvSlurmArrayTaskStep, step)
	}
	if id < lo || (id-lo)%step != 0 {
		return TaskIndex{}, true, fmt.Errorf("%s: the task id is not MIN + k·STEP", t.Source)
	}
	hi, err := num(EnvSlurmArrayTaskMax, -1)
	if err != nil {
		return TaskIndex{}, true, err
	}
	count, err := num(EnvSlurmArrayTaskCount, -1)
	if err != nil {
		return TaskIndex{}, true, err
	}
	if hi >= lo && count >= 0 && count != (hi-lo)/step+1 {
		return TaskIndex{}, true, fmt.Errorf("%s: a sparse job array (%d tasks between %d and %d) cannot be normalized: pass the index explicitly, e.g. --shard-index $%s when the task ids are shard indices", t.Source, count, lo, hi, EnvSlurmArrayTaskID)
	}
	return check(t, (id-lo)/step)
}
