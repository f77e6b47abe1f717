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
	start, ok := schedTime(dir)
	if !ok {
		if start, ok = statTime(dir); !ok {
			spun <- fmt.Errorf("no CPU time in %s", dir)
			return
		}
	}
	x := uint64(1)
	for {
		for range 1 << 16 {
			x = x*6364136223846793005 + 1442695040888963407
		}
		now, ok := schedTime(dir)
		if !ok {
			now, _ = statTime(dir)
		}
		if now-start >= work {
			break
		}
	}
	_ = x
	spun <- nil
	<-release
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
