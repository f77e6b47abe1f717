package cpustat

import (
	"bytes"
	"fmt"
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

// readThreads reads every live thread's name and CPU time: the run time
// of /proc/self/task/ID/schedstat (nanoseconds) or, where the kernel has
// no schedstat, utime+stime of its stat (clock ticks of 1/100 s, the
// USER_HZ that /proc always uses). A thread that exits while being read
// is left out.
func readThreads() []threadTime {
	ents, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return nil
	}
	out := make([]threadTime, 0, len(ents))
	for _, e := range ents {
		id, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		dir := "/proc/self/task/" + e.Name() + "/"
		comm, err := os.ReadFile(dir + "comm")
		if err != nil {
			continue
		}
		cpu, ok := schedTime(dir)
		if !ok {
			if cpu, ok = statTime(dir); !ok {
				continue
			}
		}
		out = append(out, threadTime{id: id, name: string(bytes.TrimSpace(comm)), cpu: cpu})
	}
	return out
}

// schedTime returns the first field of dir/schedstat, the time the thread
// has run, in nanoseconds.
func schedTime(dir string) (time.Duration, bool) {
	b, err := os.ReadFile(dir + "schedstat")
	if err != nil {
		return 0, false
	}
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

// statTime returns utime+stime of dir/stat. The fields are counted after
// the command name's closing parenthesis, since the name may hold spaces.
func statTime(dir string) (time.Duration, bool) {
	b, err := os.ReadFile(dir + "stat")
	if err != nil {
		return 0, false
	}
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
