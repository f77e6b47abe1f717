//go:build gl

package gl

import (
	"math/bits"
	"sync"
)

// maxAtlasCopies is how many atlas copies a Renderer keeps for reuse: one
// is in use per frame between collectOn and finish, so about one per
// worker.
const maxAtlasCopies = 8

// bufferList is a bounded free list of byte buffers: the copies of the
// silhouette atlas rows that collectOn makes on the GL thread and finish
// consumes on a worker. Unlike a sync.Pool, which the garbage collector
// empties (every few frames at megabytes a frame), it keeps its buffers,
// so that the thread every worker waits on neither allocates nor clears
// memory in the steady state. It is safe for concurrent use.
type bufferList struct {
	mu   sync.Mutex
	free []*[]byte
}

// get returns a buffer of n bytes, contents unspecified: the smallest kept
// one that can hold n, or a new one with room to spare (rounded up to a
// multiple of an eighth of n's power of two, at most 12.5% more) so that
// a later frame using a few more rows still fits it.
func (l *bufferList) get(n int) *[]byte {
	l.mu.Lock()
	best := -1
	for i, b := range l.free {
		if cap(*b) >= n && (best < 0 || cap(*b) < cap(*l.free[best])) {
			best = i
		}
	}
	if best >= 0 {
		b := l.free[best]
		l.free[best] = l.free[len(l.free)-1]
		l.free = l.free[:len(l.free)-1]
		l.mu.Unlock()
		*b = (*b)[:n]
		return b
	}
	l.mu.Unlock()
	step := 1 << max(0, bits.Len(uint(n))-4)
	b := make([]byte, n, (n+step-1)/step*step)
	return &b
}

// put keeps b for a later get; when maxAtlasCopies are kept already, the
// smallest of them and b is dropped, so the kept buffers grow to the
// largest frames'.
func (l *bufferList) put(b *[]byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.free) < maxAtlasCopies {
		l.free = append(l.free, b)
		return
	}
	small := 0
	for i, k := range l.free {
		if cap(*k) < cap(*l.free[small]) {
			small = i
		}
	}
	if cap(*b) > cap(*l.free[small]) {
		l.free[small] = b
	}
}
