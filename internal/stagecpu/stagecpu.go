// Package stagecpu sums a Go CPU profile by the stage of making a sample
// that each sampled goroutine was working on: the value of its profiler
// label cpustat.StageLabel (scene, render, post, labels, encode, write,
// start-up, gl-thread), with the part spent inside calls into C (cgo) apart.
// synth bench uses it to report CPU, not wall time, per stage, and on
// the gl path the CPU outside the GL driver: the driver's work on the
// calling thread is inside cgo calls, and the threads a driver starts
// (llvmpipe's) are not Go threads, so the Go profiler does not sample
// them (package internal/cpustat measures those).
//
// A profile samples each thread's CPU every period (10 ms by default),
// so a stage's figure has an error of about period·√samples; over a
// bench of a few thousand samples that is a few percent of a stage that
// takes a tenth of the CPU.
package stagecpu

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/google/pprof/profile"

	"github.com/synthkit/synthkit/internal/cpustat"
)

// Pseudo-stages of samples without a stage label.
const (
	// GC is the garbage collector's background workers (a goroutine's own
	// allocation assists count with its stage).
	GC = "(gc)"
	// CThreads is threads that C code started, which the profiler samples
	// outside any goroutine (runtime._ExternalCode).
	CThreads = "(c threads)"
	// Other is every other sample without a stage: the scheduler, timers,
	// the bench's own sampler, goroutines started outside a stage.
	Other = "(other)"
)

// Times is the CPU a profile attributes to one stage.
type Times struct {
	// CPU is all of the stage's sampled CPU time.
	CPU time.Duration
	// InC is the part of CPU inside calls from Go into C (a stack through
	// runtime.cgocall): on the gl path the GL driver's work on the
	// calling thread.
	InC time.Duration
}

// Summary is a CPU profile summed by stage.
type Summary struct {
	// Stages maps a stage (a StageLabel value, or GC, CThreads, Other) to
	// its times; stages with no sample are absent.
	Stages map[string]Times
	// Samples is the number of profile samples, Period their interval.
	Samples int64
	Period  time.Duration
}

// Total returns the sum over all stages.
func (s Summary) Total() Times {
	var t Times
	for _, v := range s.Stages {
		t.CPU += v.CPU
		t.InC += v.InC
	}
	return t
}

// Read parses a CPU profile in runtime/pprof's format (gzipped protocol
// buffer) and sums it by stage.
func Read(r io.Reader) (Summary, error) {
	p, err := profile.Parse(r)
	if err != nil {
		return Summary{}, fmt.Errorf("cpu profile: %w", err)
	}
	return Sum(p)
}

// Sum sums a parsed CPU profile by stage. It needs the profile's
// "cpu" value in nanoseconds (runtime/pprof's CPU profiles have it).
func Sum(p *profile.Profile) (Summary, error) {
	cpu, count := -1, -1
	for i, st := range p.SampleType {
		switch {
		case st.Type == "cpu" && st.Unit == "nanoseconds":
			cpu = i
		case st.Type == "samples" && st.Unit == "count":
			count = i
		}
	}
	if cpu < 0 {
		return Summary{}, errors.New("cpu profile: no cpu/nanoseconds sample value (not a CPU profile?)")
	}
	s := Summary{Stages: map[string]Times{}}
	if p.PeriodType != nil && p.PeriodType.Type == "cpu" && p.PeriodType.Unit == "nanoseconds" {
		s.Period = time.Duration(p.Period)
	}
	for _, smp := range p.Sample {
		if cpu >= len(smp.Value) {
			return Summary{}, errors.New("cpu profile: a sample lacks its cpu value")
		}
		if count >= 0 && count < len(smp.Value) {
			s.Samples += smp.Value[count]
		}
		d := time.Duration(smp.Value[cpu])
		inC := false
		stage := ""
		if v := smp.Label[cpustat.StageLabel]; len(v) > 0 {
			stage = v[0]
		}
		for _, loc := range smp.Location {
			for _, ln := range loc.Line {
				if ln.Function == nil {
					continue
				}
				switch ln.Function.Name {
				case "runtime.cgocall":
					inC = true
				case "runtime.gcBgMarkWorker":
					if stage == "" {
						stage = GC
					}
				case "runtime._ExternalCode":
					if stage == "" {
						stage = CThreads
					}
				}
			}
		}
		if stage == "" {
			stage = Other
		}
		t := s.Stages[stage]
		t.CPU += d
		if inC || stage == CThreads {
			t.InC += d
		}
		s.Stages[stage] = t
	}
	return s, nil
}
