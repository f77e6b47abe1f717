// Package cpustat measures the CPU time a process spends over an interval
// and splits it between the process's own threads and the threads that
// libraries it loads start and name for themselves, such as the
// rasterizer threads of Mesa's llvmpipe ("llvmpipe-0", ...). synth bench
// uses it to report the CPU a sample costs outside the GL driver.
//
// The process total is the user and system time of getrusage, so it
// includes threads that exited during the interval. The split needs
// per-thread times (Linux's /proc/self/task): a Sampler reads them when
// it starts, every Interval while it runs, and when it stops, and counts
// as "named" every thread whose name (comm) differs from the process's.
// Go's own threads and threads a library starts without naming them
// keep the process's name and count as own. A named thread that exits
// between two reads loses at most one interval of its time to own, so
// Named is a lower bound and Own an upper bound.
//
// A thread this module names for itself with NameThread (render/gl's GL
// thread, "synthkit-gl") is own time, also reported by role in
// Usage.Self, so that a report can say how much of own is that thread's.
package cpustat

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Interval is how often a running Sampler reads the per-thread times.
const Interval = 100 * time.Millisecond

// Usage is the CPU time of a process over an interval.
type Usage struct {
	// Total is the user plus system time of the whole process; 0 where
	// the platform has no getrusage.
	Total time.Duration
	// Named is the part of Total spent in threads named other than the
	// process (see the package doc); 0 where per-thread times are not
	// available (Threads is then false).
	Named time.Duration
	// Threads reports whether the per-thread split was measured.
	Threads bool
	// Names lists the named threads' names with a count each, e.g.
	// "llvmpipe-*×16", most CPU first, digits folded into *.
	Names []string
	// Self is the time of the threads named with NameThread, by role
	// (all the threads of one role summed); it is part of Own, not of
	// Named. Nil when there are none or Threads is false.
	Self map[string]time.Duration
}

// SelfPrefix begins the name NameThread gives a thread: a thread so named
// is the process's own, whatever follows.
const SelfPrefix = "synthkit-"

// NameThread names the calling OS thread SelfPrefix+role (Linux keeps the
// first 15 bytes), so that a Sampler reports its time in Usage.Self. The
// caller must have locked its goroutine to the thread
// (runtime.LockOSThread) and keep it locked until the thread exits, or
// other goroutines would run under the name. Threads that C code (a GL
// driver) starts from it and does not name inherit the name, and count
// with it. It is a no-op where threads cannot be named.
func NameThread(role string) error { return nameThread(SelfPrefix + role) }

// Own is Total minus Named: the time spent in the process's own threads.
func (u Usage) Own() time.Duration { return u.Total - u.Named }

// Sampler measures a Usage from Start to Stop.
type Sampler struct {
	start   time.Duration // process CPU at Start
	self    string        // the process's thread name
	threads bool
	tasks   *taskReader // used by one goroutine at a time: Start's, the ticker's, then Stop's

	mu      sync.Mutex
	seen    map[int]*thread // by thread id
	retired []*thread       // threads whose id a later thread reused
	first   bool            // the next read is Start's
	stop    chan struct{}
	done    chan struct{}

	stopOnce sync.Once
	result   Usage
}

// thread is what a Sampler knows of one thread: its name, its CPU time at
// the first and the latest read.
type thread struct {
	name        string
	first, last time.Duration
}

// Start begins measuring.
func Start() *Sampler {
	s := &Sampler{start: processCPU(), seen: map[int]*thread{}, first: true, stop: make(chan struct{}), done: make(chan struct{})}
	s.self, s.threads = selfName()
	s.tasks = newTaskReader()
	if !s.threads {
		close(s.done)
		return s
	}
	s.read()
	go func() {
		defer close(s.done)
		t := time.NewTicker(Interval)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-t.C:
				s.read()
			}
		}
	}()
	return s
}

// read takes one reading of every thread's time.
func (s *Sampler) read() {
	ts := s.tasks.read()
	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() { s.first = false }()
	for _, t := range ts {
		if x, ok := s.seen[t.id]; ok && x.name == t.name {
			x.last = max(x.last, t.cpu)
			continue
		}
		if x, ok := s.seen[t.id]; ok {
			s.retired = append(s.retired, x) // the id was reused
		}
		// A thread alive at Start counts from its time then, one born
		// since from zero.
		first := time.Duration(0)
		if s.first {
			first = t.cpu
		}
		s.seen[t.id] = &thread{name: t.name, first: first, last: t.cpu}
	}
}

// Stop ends the measurement and returns it; later calls return the same.
func (s *Sampler) Stop() Usage {
	s.stopOnce.Do(func() {
		if s.threads {
			close(s.stop)
			<-s.done
			s.read()
			s.tasks.close()
		}
		s.result = s.usage(processCPU() - s.start)
	})
	return s.result
}

// usage sums the readings into a Usage of the given process total.
func (s *Sampler) usage(total time.Duration) Usage {
	u := Usage{Total: total, Threads: s.threads}
	if !s.threads {
		return u
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	byName := map[string]*struct {
		n   int
		cpu time.Duration
	}{}
	for _, t := range append(slices.Collect(maps.Values(s.seen)), s.retired...) {
		if t.name == s.self {
			continue
		}
		d := t.last - t.first
		if role, ok := strings.CutPrefix(t.name, SelfPrefix); ok {
			if u.Self == nil {
				u.Self = map[string]time.Duration{}
			}
			u.Self[role] += d
			continue
		}
		u.Named += d
		k := foldDigits(t.name)
		e := byName[k]
		if e == nil {
			e = &struct {
				n   int
				cpu time.Duration
			}{}
			byName[k] = e
		}
		e.n++
		e.cpu += d
	}
	u.Named = min(u.Named, u.Total)
	keys := make([]string, 0, len(byName))
	for k := range byName {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(byName[b].cpu, byName[a].cpu), strings.Compare(a, b))
	})
	for _, k := range keys {
		name := k
		if n := byName[k].n; n > 1 {
			name += "×" + strconv.Itoa(n)
		}
		u.Names = append(u.Names, name)
	}
	return u
}

// foldDigits replaces every run of digits in name by one "*", so that a
// pool of threads ("llvmpipe-0", "llvmpipe-1", ...) is listed once.
func foldDigits(name string) string {
	var b strings.Builder
	digit := false
	for _, r := range name {
		if r >= '0' && r <= '9' {
			if !digit {
				b.WriteByte('*')
			}
			digit = true
			continue
		}
		digit = false
		b.WriteRune(r)
	}
	return b.String()
}

// threadTime is one reading of one thread.
type threadTime struct {
	id   int
	name string
	cpu  time.Duration
}
