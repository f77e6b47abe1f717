package cpustat

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// nameThread names the calling thread (prctl PR_SET_NAME).
func nameThread(name string) error {
	b := append([]byte(name), 0)
	if err := unix.Prctl(unix.PR_SET_NAME, uintptr(unsafe.Pointer(&b[0])), 0, 0, 0); err != nil {
		return fmt.Errorf("cpustat: naming thread %q: %w", name, err)
	}
	return nil
}

// selfName returns the process's thread name (what its threads are
// called unless they rename themselves) and whether per-thread times can
// be read.
func selfName() (string, bool) {
	b, err := os.ReadFile("/proc/self/comm")
	if err != nil {
		return "", false
	}
	if _, err := os.ReadDir("/proc/self/task"); err != nil {
		return "", false
	}
	return string(bytes.TrimSpace(b)), true
}

// taskReader reads every live thread's name and CPU time, keeping each
// thread's /proc files open from one reading to the next: opening three
// /proc paths per thread at every reading cost the sampler about 1% of a
// core with a GL driver's threads (a CPU profile of synth bench --renderer
// gl), which synth bench would have counted as the process's own. A
// reader is used by one goroutine at a time.
type taskReader struct {
	dir   *os.File
	tasks map[int]*taskFiles
	buf   [512]byte
}

// taskFiles are the open files of one thread: comm, and schedstat or,
// where the kernel has none, stat (sched is then false).
type taskFiles struct {
	comm, time int
	sched      bool
	seen       bool // listed at the latest reading
}

func newTaskReader() *taskReader { return &taskReader{tasks: map[int]*taskFiles{}} }

// read returns one reading: the run time of /proc/self/task/ID/schedstat
// (nanoseconds) or, where the kernel has no schedstat, utime+stime of its
// stat (clock ticks of 1/100 s, the USER_HZ that /proc always uses). A
// thread that exits while being read is left out; its files are closed.
// An open file of a thread that has exited fails to read even if a new
// thread reuses its id, so a reused id is opened afresh in the same
// reading.
func (r *taskReader) read() []threadTime {
	if r.dir == nil {
		d, err := os.Open("/proc/self/task")
		if err != nil {
			return nil
		}
		r.dir = d
	} else if _, err := r.dir.Seek(0, io.SeekStart); err != nil {
		return nil
	}
	names, err := r.dir.Readdirnames(-1)
	if err != nil {
		return nil
	}
	for _, t := range r.tasks {
		t.seen = false
	}
	out := make([]threadTime, 0, len(names))
	for _, name := range names {
		id, err := strconv.Atoi(name)
		if err != nil {
			continue
		}
		t := r.tasks[id]
		if t == nil {
			if t = openTask(name); t == nil {
				continue
			}
			r.tasks[id] = t
		}
		comm, cpu, ok := r.readTask(t)
		if !ok {
			// The thread the files were opened for has exited: the id
			// is gone or a new thread has it, which is read afresh.
			t.close()
			delete(r.tasks, id)
			if t = openTask(name); t == nil {
				continue
			}
			if comm, cpu, ok = r.readTask(t); !ok {
				t.close()
				continue
			}
			r.tasks[id] = t
		}
		t.seen = true
		out = append(out, threadTime{id: id, name: comm, cpu: cpu})
	}
	for id, t := range r.tasks {
		if !t.seen {
			t.close()
			delete(r.tasks, id)
		}
	}
	return out
}

// close closes every file the reader holds.
func (r *taskReader) close() {
	for id, t := range r.tasks {
		t.close()
		delete(r.tasks, id)
	}
	if r.dir != nil {
		r.dir.Close()
		r.dir = nil
	}
}

// openTask opens the files of the thread whose /proc/self/task entry is
// name; nil when it has exited or they cannot be opened.
func openTask(name string) *taskFiles {
	dir := "/proc/self/task/" + name + "/"
	comm, err := unix.Open(dir+"comm", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	t := &taskFiles{comm: comm, sched: true}
	if t.time, err = unix.Open(dir+"schedstat", unix.O_RDONLY|unix.O_CLOEXEC, 0); err != nil {
		t.sched = false
		if t.time, err = unix.Open(dir+"stat", unix.O_RDONLY|unix.O_CLOEXEC, 0); err != nil {
			unix.Close(comm)
			return nil
		}
	}
	return t
}

func (t *taskFiles) close() {
	unix.Close(t.comm)
	unix.Close(t.time)
}

// readTask reads a thread's name and CPU time from its open files.
func (r *taskReader) readTask(t *taskFiles) (string, time.Duration, bool) {
	n, err := unix.Pread(t.comm, r.buf[:], 0)
	if err != nil || n == 0 {
		return "", 0, false
	}
	comm := string(bytes.TrimSpace(r.buf[:n]))
	if n, err = unix.Pread(t.time, r.buf[:], 0); err != nil || n == 0 {
		return "", 0, false
	}
	var cpu time.Duration
	var ok bool
	if t.sched {
		cpu, ok = parseSchedstat(r.buf[:n])
	} else {
		cpu, ok = parseStat(r.buf[:n])
	}
	return comm, cpu, ok
}

// parseSchedstat returns the first field of a schedstat file, the time
// the thread has run, in nanoseconds.
func parseSchedstat(b []byte) (time.Duration, bool) {
	f := bytes.Fields(b)
	if len(f) < 1 {
		return 0, false
	}
	ns, err := strconv.ParseInt(string(f[0]), 10, 64)
	if err != nil || ns < 0 {
		return 0, false
	}
	return time.Duration(ns), true
}

// parseStat returns utime+stime of a stat file. The fields are counted
// after the command name's closing parenthesis, since the name may hold
// spaces.
func parseStat(b []byte) (time.Duration, bool) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := bytes.Fields(b[i+1:])
	// After ")": state(3) ppid(4) ... utime(14) stime(15), so utime is
	// f[11] and stime f[12].
	if len(f) < 13 {
		return 0, false
	}
	ut, err1 := strconv.ParseInt(string(f[11]), 10, 64)
	st, err2 := strconv.ParseInt(string(f[12]), 10, 64)
	if err1 != nil || err2 != nil || ut < 0 || st < 0 {
		return 0, false
	}
	return time.Duration(ut+st) * (time.Second / 100), true
}
