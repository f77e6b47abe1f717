package cpustat

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// spinNamed locks a thread, names it (prctl PR_SET_NAME) unless name is
// empty, burns CPU until the thread's own time has grown by work, reports
// on spun and keeps the thread alive until release is closed; it then
// gives the thread its name back and unlocks it (it may be the main
// thread, whose name is the process's).
func spinNamed(t *testing.T, name string, work time.Duration, spun chan<- error, release <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if name != "" {
		old, err := os.ReadFile("/proc/thread-self/comm")
		if err != nil {
			spun <- err
			return
		}
		if err := setName(name); err != nil {
			spun <- err
			return
		}
		defer setName(string(bytes.TrimSpace(old)))
	}
	dir := fmt.Sprintf("/proc/self/task/%d/", syscall.Gettid())
	start, ok := threadCPU(dir)
	if !ok {
		spun <- fmt.Errorf("no CPU time in %s", dir)
		return
	}
	x := uint64(1)
	for {
		for range 1 << 16 {
			x = x*6364136223846793005 + 1442695040888963407
		}
		now, _ := threadCPU(dir)
		if now-start >= work {
			break
		}
	}
	_ = x
	spun <- nil
	<-release
}

// threadCPU reads the CPU time of the thread whose /proc directory is
// dir, as taskReader does, without keeping the files open.
func threadCPU(dir string) (time.Duration, bool) {
	if b, err := os.ReadFile(dir + "schedstat"); err == nil {
		return parseSchedstat(b)
	}
	b, err := os.ReadFile(dir + "stat")
	if err != nil {
		return 0, false
	}
	return parseStat(b)
}

// TestTaskReaderThreadExit: a thread that exits between two readings is
// left out of the second, and its files are closed; one born between
// them is in it.
func TestTaskReaderThreadExit(t *testing.T) {
	r := newTaskReader()
	defer r.close()
	// A goroutine that ends locked to its thread ends the thread, unless
	// the thread is the process's main one, which Go keeps: start
	// goroutines until one is not on it.
	var id int
	exit := make(chan struct{})
	for id == 0 {
		tid := make(chan int)
		go func() {
			runtime.LockOSThread() // never unlocked: the thread exits with the goroutine
			tid <- syscall.Gettid()
			<-exit
		}()
		if x := <-tid; x != os.Getpid() {
			id = x
		}
	}
	has := func(ts []threadTime, id int) bool {
		for _, x := range ts {
			if x.id == id {
				return true
			}
		}
		return false
	}
	if ts := r.read(); !has(ts, id) || r.tasks[id] == nil {
		t.Fatalf("thread %d missing from the reading %v", id, ts)
	}
	if ts := r.read(); !has(ts, id) {
		t.Fatalf("thread %d missing from a second reading", id)
	}
	close(exit)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(fmt.Sprintf("/proc/self/task/%d", id)); err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("thread %d did not exit", id)
		}
		time.Sleep(time.Millisecond)
	}
	// A stale entry (the files of a thread that has exited) fails to
	// read, as the reader expects of an id a new thread has taken.
	if _, _, ok := r.readTask(r.tasks[id]); ok {
		t.Errorf("the files of exited thread %d still read", id)
	}
	runtime.LockOSThread() // so that the calling thread is the one read
	defer runtime.UnlockOSThread()
	ts := r.read()
	if has(ts, id) || r.tasks[id] != nil {
		t.Errorf("thread %d read after it exited", id)
	}
	if len(ts) != len(r.tasks) {
		t.Errorf("%d threads read, %d kept open", len(ts), len(r.tasks))
	}
	self := syscall.Gettid()
	if !has(ts, self) {
		t.Errorf("the calling thread %d is not in the reading", self)
	}
}

// BenchmarkTaskReader is one reading of every thread's time, as a running
// Sampler takes every Interval.
func BenchmarkTaskReader(b *testing.B) {
	r := newTaskReader()
	defer r.close()
	n := len(r.read())
	for b.Loop() {
		r.read()
	}
	b.ReportMetric(float64(n), "threads")
}

// setName names the calling thread.
func setName(name string) error {
	b := append([]byte(name), 0)
	if _, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_NAME, uintptr(unsafe.Pointer(&b[0])), 0); e != 0 {
		return fmt.Errorf("prctl PR_SET_NAME: %v", e)
	}
	return nil
}

// TestNameThread: NameThread gives the calling thread SelfPrefix+role.
func TestNameThread(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	old, err := os.ReadFile("/proc/thread-self/comm")
	if err != nil {
		t.Fatal(err)
	}
	defer setName(string(bytes.TrimSpace(old)))
	if err := NameThread("gl"); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("/proc/thread-self/comm")
	if err != nil {
		t.Fatal(err)
	}
	if name := string(bytes.TrimSpace(got)); name != SelfPrefix+"gl" {
		t.Errorf("thread name %q, want %q", name, SelfPrefix+"gl")
	}
}

func TestParseTimes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    string
		sched bool
		want  time.Duration
		ok    bool
	}{
		{"schedstat", "123456789 2000 17\n", true, 123456789 * time.Nanosecond, true},
		{"schedstat empty", "", true, 0, false},
		{"schedstat negative", "-5 0 0\n", true, 0, false},
		{"stat", "42 (synth) S 1 42 42 0 -1 4194560 100 0 0 0 250 30 0 0 20 0 9 0 100 0 0", false, 280 * 10 * time.Millisecond, true},
		{"stat name with spaces and parentheses", "42 (a (b) c) S 1 42 42 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 9 0 100 0 0", false, 100 * time.Millisecond, true},
		{"stat short", "42 (synth) S 1 42", false, 0, false},
		{"stat no name", "42 synth S", false, 0, false},
	} {
		var got time.Duration
		var ok bool
		if tc.sched {
			got, ok = parseSchedstat([]byte(tc.in))
		} else {
			got, ok = parseStat([]byte(tc.in))
		}
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: %v, %v; want %v, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}
