package job

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestSpareCPUsTake(t *testing.T) {
	var none *spareCPUs
	none.enter()
	none.leave()
	if got := none.take(3); got != 0 {
		t.Errorf("nil counter: take = %d", got)
	}
	c := newSpareCPUs(4)
	c.enter() // one worker busy: three idle
	for _, tc := range []struct{ k, want int }{{0, 0}, {2, 2}, {5, 1}, {1, 0}} {
		if got := c.take(tc.k); got != tc.want {
			t.Fatalf("take(%d) = %d, want %d (busy %d)", tc.k, got, tc.want, c.busy.Load())
		}
	}
	for range 3 {
		c.leave()
	}
	if got := c.take(9); got != 3 {
		t.Errorf("after giving back: take(9) = %d, want 3", got)
	}
}

// TestSpareCPUsRun: with idle CPUs the jobs run at the same time (each
// waits until all three have started, which would never happen one at a
// time); with none they run on the caller, one at a time. Either way the
// error is the first failing job's in order.
func TestSpareCPUsRun(t *testing.T) {
	c := newSpareCPUs(4)
	c.enter()
	var started sync.WaitGroup
	started.Add(3)
	job := func(err error) func() error {
		return func() error {
			started.Done()
			done := make(chan struct{})
			go func() { started.Wait(); close(done) }()
			select {
			case <-done:
				return err
			case <-time.After(10 * time.Second):
				return errors.New("the jobs did not run together")
			}
		}
	}
	errA, errB := errors.New("a"), errors.New("b")
	if err := c.run([]func() error{job(nil), job(errB), job(errA)}); err != errB {
		t.Fatalf("parallel run: %v, want the second job's error", err)
	}
	if c.helped.Load() != 2 || c.busy.Load() != 1 {
		t.Errorf("helped %d, busy %d after the run, want 2 and 1", c.helped.Load(), c.busy.Load())
	}
	full := newSpareCPUs(1)
	full.enter()
	var running, most atomic.Int32
	seq := func(err error) func() error {
		return func() error {
			n := running.Add(1)
			if n > most.Load() {
				most.Store(n)
			}
			time.Sleep(time.Millisecond)
			running.Add(-1)
			return err
		}
	}
	if err := full.run([]func() error{seq(nil), seq(errA), seq(errB)}); err != errA || most.Load() != 1 || full.helped.Load() != 0 {
		t.Errorf("no idle CPU: error %v, %d at once, %d helped; want a, 1, 0", err, most.Load(), full.helped.Load())
	}
}

// TestEncodeOnSpareCPUs encodes samples with every map on a spare CPU and
// without, and requires the same rows.
func TestEncodeOnSpareCPUs(t *testing.T) {
	spec := parse(t, smallSpec)
	spec.Columns = append(spec.Columns, "normals")
	pl, err := NewPipeline(spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := softFactory(spec)
	defer r.Close()
	c := newSpareCPUs(8)
	// A helper goroutine may start only after the calling one has encoded
	// every map (the test binary runs beside other packages' tests), so
	// the samples are made again, each compared, until one has helped.
	for round := 0; ; round++ {
		for i := range int64(3) {
			want, err := pl.sample(context.Background(), r, i, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := pl.sample(context.Background(), r, i, nil, c)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("sample %d differs when encoded on spare CPUs (round %d)", i, round)
			}
		}
		if c.helped.Load() > 0 {
			break
		}
		if round == 30 {
			t.Fatal("no map was encoded on a spare CPU in 31 rounds of 3 samples")
		}
	}
}
