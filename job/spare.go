package job

import (
	"sync"
	"sync/atomic"
)

// spareCPUs counts the goroutines of a run that are doing CPU work on
// samples (workers between their waits), so that a worker encoding a
// sample can spread its maps over CPUs that would otherwise sit idle: with
// fewer workers than CPUs, at the end of a job when workers run out of
// samples, or on a GPU node while the other workers wait for their frames.
// With every CPU busy it hands out nothing, and encoding stays on the
// worker's goroutine. Which goroutine encodes a map never changes its
// bytes.
type spareCPUs struct {
	cpus int64
	busy atomic.Int64
	// helped counts the maps encoded on a spare CPU (tests read it).
	helped atomic.Int64
}

// newSpareCPUs returns a counter for cpus CPUs with none busy.
func newSpareCPUs(cpus int) *spareCPUs { return &spareCPUs{cpus: int64(max(cpus, 1))} }

// enter marks one goroutine busy; leave marks it done. Both do nothing on
// a nil counter.
func (c *spareCPUs) enter() {
	if c != nil {
		c.busy.Add(1)
	}
}

func (c *spareCPUs) leave() {
	if c != nil {
		c.busy.Add(-1)
	}
}

// take claims up to k idle CPUs and returns how many it got (0 on a nil
// counter); each is counted busy until given back with leave.
func (c *spareCPUs) take(k int) int {
	if c == nil || k <= 0 {
		return 0
	}
	for {
		b := c.busy.Load()
		free := c.cpus - b
		if free <= 0 {
			return 0
		}
		m := min(int64(k), free)
		if c.busy.CompareAndSwap(b, b+m) {
			return int(m)
		}
	}
}

// run runs the jobs, on the calling goroutine and on as many spare CPUs
// as take gives (at most len(jobs)-1), and returns the error of the first
// failing job in the jobs' order, whichever ran first.
func (c *spareCPUs) run(jobs []func() error) error {
	errs := make([]error, len(jobs))
	var next atomic.Int64
	work := func() (n int64) {
		for {
			i := next.Add(1) - 1
			if i >= int64(len(jobs)) {
				return n
			}
			errs[i] = jobs[i]()
			n++
		}
	}
	var wg sync.WaitGroup
	for range c.take(len(jobs) - 1) {
		wg.Go(func() {
			defer c.leave()
			c.helped.Add(work())
		})
	}
	work()
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
