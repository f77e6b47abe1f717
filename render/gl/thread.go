//go:build gl

package gl

import (
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/synthkit/synthkit/internal/cpustat"
)

// errClosed is returned by calls on a closed Renderer.
var errClosed = errors.New("gl: renderer is closed")

// glThread runs functions on one goroutine locked to one OS thread: an
// OpenGL context is current on exactly one thread, and every GL call must
// come from it.
type glThread struct {
	jobs chan func()
	mu   sync.Mutex // guards closed and sends on jobs
	done chan struct{}

	closed bool
}

func newGLThread() *glThread {
	t := &glThread{jobs: make(chan func()), done: make(chan struct{})}
	go func() {
		runtime.LockOSThread()
		// The thread stays locked when this goroutine exits, so the runtime
		// discards it with whatever GL/EGL thread state it still holds.
		// Named "synthkit-gl" so that synth bench reports its CPU (the GL
		// calls, the driver work done in them and the Go around them)
		// apart; a thread left unnamed costs only that line.
		_ = cpustat.NameThread("gl")
		// Its CPU in a Go profile: the stage "gl-thread", whichever
		// worker's draw, readback or post-effects it runs.
		cpustat.LabelThread("gl-thread")
		defer close(t.done)
		for f := range t.jobs {
			f()
		}
	}()
	return t
}

// do runs f on the GL thread and returns its error. A panic in f (a GL
// binding bug, not a user error) is recovered and returned as an error so
// that the worker survives.
func (t *glThread) do(f func() error) error {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return errClosed
	}
	res := make(chan error, 1)
	t.jobs <- func() {
		defer func() {
			if r := recover(); r != nil {
				res <- fmt.Errorf("gl: internal error on the GL thread: %v", r)
			}
		}()
		res <- f()
	}
	t.mu.Unlock()
	return <-res
}

// stop runs final on the GL thread, then ends the thread. Later calls to
// do return errClosed; stop itself is idempotent.
func (t *glThread) stop(final func()) {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return
	}
	t.closed = true
	t.jobs <- func() {
		defer func() { _ = recover() }()
		final()
	}
	close(t.jobs)
	t.mu.Unlock()
	<-t.done
}
