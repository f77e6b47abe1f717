package stagecpu

import (
	"bytes"
	"context"
	"reflect"
	"runtime"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/google/pprof/profile"

	"github.com/synthkit/synthkit/internal/cpustat"
)

// fakeProfile builds a CPU profile with one sample per entry: its cpu
// nanoseconds, its stage label ("" for none) and the functions of its
// stack, innermost first.
func fakeProfile(samples []fakeSample) *profile.Profile {
	p := &profile.Profile{
		SampleType: []*profile.ValueType{{Type: "samples", Unit: "count"}, {Type: "cpu", Unit: "nanoseconds"}},
		PeriodType: &profile.ValueType{Type: "cpu", Unit: "nanoseconds"},
		Period:     int64(10 * time.Millisecond),
	}
	funcs := map[string]*profile.Function{}
	for _, s := range samples {
		smp := &profile.Sample{Value: []int64{s.ns / int64(10*time.Millisecond), s.ns}}
		if s.stage != "" {
			smp.Label = map[string][]string{cpustat.StageLabel: {s.stage}}
		}
		for _, name := range s.stack {
			f := funcs[name]
			if f == nil {
				f = &profile.Function{ID: uint64(len(funcs) + 1), Name: name}
				funcs[name] = f
				p.Function = append(p.Function, f)
			}
			loc := &profile.Location{ID: uint64(len(p.Location) + 1), Line: []profile.Line{{Function: f}}}
			p.Location = append(p.Location, loc)
			smp.Location = append(smp.Location, loc)
		}
		p.Sample = append(p.Sample, smp)
	}
	return p
}

type fakeSample struct {
	ns    int64
	stage string
	stack []string
}

const ms = int64(time.Millisecond)

// TestSum: samples go to their label's stage, the part under
// runtime.cgocall counts as in C, and unlabelled samples go to the
// garbage collector, C threads or the rest by their stack.
func TestSum(t *testing.T) {
	samples := []fakeSample{
		{30 * ms, "render", []string{"soft.(*state).surface", "soft.(*Renderer).Render"}},
		{20 * ms, "render", []string{"runtime.cgocall", "gl.DrawElements", "gl.(*Renderer).draw"}},
		{10 * ms, "gl-thread", []string{"C.llvmpipe", "runtime.cgocall", "gl.ReadPixels"}},
		{10 * ms, "gl-thread", []string{"gl.(*glThread).loop"}},
		{40 * ms, "encode", []string{"flate.(*compressor).write", "labels.(*Encoder).writePNG"}},
		{10 * ms, "encode", []string{"runtime.gcAssistAlloc", "runtime.mallocgc"}}, // an assist counts with its stage
		{20 * ms, "", []string{"runtime.scanobject", "runtime.gcBgMarkWorker"}},
		{10 * ms, "", []string{"runtime._ExternalCode"}},
		{10 * ms, "", []string{"runtime.schedule", "runtime.mcall"}},
		{10 * ms, "a vendor's stage", []string{"vendor.work"}},
	}
	s, err := Sum(fakeProfile(samples))
	if err != nil {
		t.Fatal(err)
	}
	d := func(n int64) time.Duration { return time.Duration(n * ms) }
	want := map[string]Times{
		"render":           {CPU: d(50), InC: d(20)},
		"gl-thread":        {CPU: d(20), InC: d(10)},
		"encode":           {CPU: d(50)},
		GC:                 {CPU: d(20)},
		CThreads:           {CPU: d(10), InC: d(10)},
		Other:              {CPU: d(10)},
		"a vendor's stage": {CPU: d(10)},
	}
	if !reflect.DeepEqual(s.Stages, want) {
		t.Errorf("stages %v, want %v", s.Stages, want)
	}
	if tot := s.Total(); tot != (Times{CPU: d(170), InC: d(40)}) {
		t.Errorf("total %v, want 170 ms with 40 ms in C", tot)
	}
	if s.Samples != 17 || s.Period != 10*time.Millisecond {
		t.Errorf("%d samples every %v, want 17 every 10ms", s.Samples, s.Period)
	}

	// The same through the wire format.
	var buf bytes.Buffer
	if err := fakeProfile(samples).Write(&buf); err != nil {
		t.Fatal(err)
	}
	r, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r, s) {
		t.Errorf("read back %+v, want %+v", r, s)
	}
}

// TestSumRejects: a profile that is not a CPU profile, or not a profile.
func TestSumRejects(t *testing.T) {
	heap := &profile.Profile{SampleType: []*profile.ValueType{{Type: "alloc_space", Unit: "bytes"}}}
	if _, err := Sum(heap); err == nil || !strings.Contains(err.Error(), "not a CPU profile") {
		t.Errorf("a heap profile: %v", err)
	}
	short := fakeProfile([]fakeSample{{ms, "render", nil}})
	short.Sample[0].Value = short.Sample[0].Value[:1]
	if _, err := Sum(short); err == nil || !strings.Contains(err.Error(), "lacks its cpu value") {
		t.Errorf("a sample without its cpu value: %v", err)
	}
	if _, err := Read(strings.NewReader("not a profile")); err == nil || !strings.Contains(err.Error(), "cpu profile") {
		t.Errorf("garbage: %v", err)
	}
}

//go:noinline
func spin(d time.Duration) int {
	n := 0
	for end := time.Now().Add(d); time.Now().Before(end); n++ {
	}
	return n
}

//go:noinline
func spinChild(d time.Duration) int { return spin(d) }

// TestInStageLabelsChildren profiles real work: a goroutine started
// inside cpustat.InStage carries the stage, the work after it returns
// does not, and Sum puts each where it belongs. Which samples land where
// is exact; only their number is left to the profiler (about 30 of each
// spin at its 100 Hz).
func TestInStageLabelsChildren(t *testing.T) {
	var buf bytes.Buffer
	if err := pprof.StartCPUProfile(&buf); err != nil {
		t.Skipf("the CPU profiler is busy: %v", err)
	}
	cpustat.InStage(context.Background(), "render", func(context.Context) {
		done := make(chan int)
		go func() { done <- spinChild(300 * time.Millisecond) }()
		<-done
	})
	spin(300 * time.Millisecond) // no stage any more
	pprof.StopCPUProfile()
	p, err := profile.Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	in := func(s *profile.Sample, fn string) bool {
		for _, loc := range s.Location {
			for _, ln := range loc.Line {
				if ln.Function != nil && strings.HasSuffix(ln.Function.Name, "."+fn) {
					return true
				}
			}
		}
		return false
	}
	var child, after int64 // samples (a profile sample record counts several)
	for _, s := range p.Sample {
		stage := ""
		if v := s.Label[cpustat.StageLabel]; len(v) > 0 {
			stage = v[0]
		}
		switch {
		case in(s, "spinChild"):
			child += s.Value[0]
			if stage != "render" {
				t.Errorf("a sample of the stage's goroutine has stage %q", stage)
			}
		case in(s, "spin") && in(s, "TestInStageLabelsChildren"):
			after += s.Value[0]
			if stage != "" {
				t.Errorf("a sample after the stage has stage %q", stage)
			}
		}
	}
	t.Logf("%d samples in the stage's goroutine, %d after it", child, after)
	if child == 0 || after == 0 {
		t.Fatalf("%d samples in the stage's goroutine, %d after it: the profiler took none (GOMAXPROCS %d)", child, after, runtime.GOMAXPROCS(0))
	}
	s, err := Sum(p)
	if err != nil {
		t.Fatal(err)
	}
	if s.Stages["render"].CPU < time.Duration(child)*s.Period {
		t.Errorf("render %v, but %d samples of %v were in it", s.Stages["render"].CPU, child, s.Period)
	}
	if s.Stages[Other].CPU == 0 {
		t.Errorf("the unlabelled spin is not in %s: %v", Other, s.Stages)
	}
}
