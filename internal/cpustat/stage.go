package cpustat

import (
	"context"
	"runtime/pprof"
)

// StageLabel is the key of the profiler label (runtime/pprof) that says
// which stage of making a sample a goroutine is working on: job's
// pipeline sets it around each stage (scene, render, post, labels,
// encode, write, and start-up before the first sample), render/gl on its
// GL thread (gl-thread). Goroutines started inside a stage inherit it, so
// a renderer's or an encoder's helpers count with their stage. synth
// bench sums its CPU profile by it (package internal/stagecpu); in a
// profile written with --cpuprofile, `go tool pprof -tagfocus
// synth_stage=render` shows one stage.
const StageLabel = "synth_stage"

// InStage calls fn with the calling goroutine's profiler labels set to
// ctx's plus StageLabel=stage, and restores ctx's labels when fn returns
// (pprof.Do). fn's context carries the labels, for goroutines it starts
// with pprof.SetGoroutineLabels; goroutines started with a plain go
// statement inherit them anyway.
func InStage(ctx context.Context, stage string, fn func(context.Context)) {
	pprof.Do(ctx, pprof.Labels(StageLabel, stage), fn)
}

// LabelThread sets the calling goroutine's profiler labels to
// StageLabel=stage for the rest of its life, for a long-lived goroutine
// that serves every stage's requests (render/gl's GL thread).
func LabelThread(stage string) {
	pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels(StageLabel, stage)))
}
