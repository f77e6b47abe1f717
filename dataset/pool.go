package dataset

import (
	"math/bits"
	"sync"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// BufferPool is a memory.Allocator that keeps the large buffers freed to
// it and hands them out again, so that a Writer's record batches reuse
// the memory of the batch before instead of asking the Go heap for
// fresh pages each time. A 640×480 shelf batch holds about 60 MB of
// encoded images; fresh, those pages are faulted in and zeroed on first
// touch, which cost 3.3 ms of CPU a sample in the shard writer (profile
// of synth generate shelves -n 100), more than the rest of the write.
//
// Buffers of at least 64 KiB are pooled, at most 16 of them and
// MaxBatchBytes·4/3 in all; smaller ones go straight to the underlying
// allocator. A large buffer is taken from that allocator rounded up to an
// eighth of its power of two, so that the next batch's slightly larger
// request still fits a pooled one. Pooling changes no byte written: a
// reused buffer is cleared before it is handed out, as a fresh one is.
//
// A Writer pools its own allocations and returns them at Close; give
// several Writers in turn one BufferPool (job.Run does, across a run's
// shards) to keep the memory from one shard to the next. Release frees
// what the pool holds. A BufferPool is safe for concurrent use.
type BufferPool struct {
	mem      memory.Allocator
	maxBytes int

	mu    sync.Mutex
	live  map[*byte][]byte // large buffers handed out, by first byte: as allocated
	free  [][]byte         // large buffers freed to the pool, as allocated
	bytes int              // total length of free
}

const (
	poolMinBytes = 64 << 10
	poolMaxBufs  = 16
)

// NewBufferPool returns a pool over mem (nil means
// memory.DefaultAllocator).
func NewBufferPool(mem memory.Allocator) *BufferPool {
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	return &BufferPool{mem: mem, maxBytes: DefaultMaxBatchBytes * 4 / 3, live: map[*byte][]byte{}}
}

// poolSize rounds a large request up to a multiple of an eighth of its
// power of two (at most 12.5% more).
func poolSize(size int) int {
	step := 1 << (bits.Len(uint(size)) - 4)
	return (size + step - 1) / step * step
}

// Allocate returns a zeroed buffer of size bytes.
func (p *BufferPool) Allocate(size int) []byte {
	if size < poolMinBytes {
		return p.mem.Allocate(size)
	}
	p.mu.Lock()
	best := -1
	for i, b := range p.free {
		if len(b) >= size && (best < 0 || len(b) < len(p.free[best])) {
			best = i
		}
	}
	var full []byte
	if best >= 0 {
		full = p.free[best]
		p.free[best] = p.free[len(p.free)-1]
		p.free = p.free[:len(p.free)-1]
		p.bytes -= len(full)
	} else {
		full = p.mem.Allocate(poolSize(size))
	}
	p.live[&full[0]] = full
	p.mu.Unlock()
	clearChunked(full[:size])
	return full[:size]
}

// clearChunk is how many bytes clearChunked clears at a time.
const clearChunk = 256 << 10

// clearChunked zeroes b a chunk at a time. A reused buffer needs it; a
// fresh one from the Go heap is zero already but usually not yet backed
// by memory, and this is where its pages are faulted in. Either way the
// work is done here in steps the scheduler can preempt: one clear of a
// batch's 40 MB is a single non-preemptible call that, on fresh pages,
// runs for tens of milliseconds, and a garbage collection that starts
// meanwhile spins until it ends, waiting to scan the writer's stack (the
// arrow builder's own memset then runs over memory already faulted in).
func clearChunked(b []byte) {
	for len(b) > clearChunk {
		clear(b[:clearChunk])
		b = b[clearChunk:]
	}
	clear(b)
}

// Reallocate returns a buffer of size bytes that starts with the contents
// of b: b itself, resliced, when it has the capacity.
func (p *BufferPool) Reallocate(size int, b []byte) []byte {
	if len(b) == 0 {
		return p.Allocate(size)
	}
	p.mu.Lock()
	_, ours := p.live[&b[0]]
	p.mu.Unlock()
	switch {
	case ours && cap(b) >= size:
		return b[:size]
	case !ours && size < poolMinBytes:
		return p.mem.Reallocate(size, b)
	}
	nb := p.Allocate(size)
	copy(nb, b)
	p.Free(b)
	return nb
}

// Free returns b to the pool (a large buffer of the pool's, while the
// pool has room) or to the underlying allocator.
func (p *BufferPool) Free(b []byte) {
	if len(b) == 0 {
		p.mem.Free(b)
		return
	}
	p.mu.Lock()
	full, ours := p.live[&b[0]]
	if !ours {
		p.mu.Unlock()
		p.mem.Free(b)
		return
	}
	delete(p.live, &b[0])
	if len(p.free) < poolMaxBufs && p.bytes+len(full) <= p.maxBytes {
		p.free = append(p.free, full)
		p.bytes += len(full)
		full = nil
	}
	p.mu.Unlock()
	if full != nil {
		p.mem.Free(full)
	}
}

// Release frees the buffers the pool holds to the underlying allocator.
// Buffers still handed out go back to it when they are freed; the pool
// stays usable.
func (p *BufferPool) Release() {
	p.mu.Lock()
	free := p.free
	p.free, p.bytes = nil, 0
	p.mu.Unlock()
	for _, b := range free {
		p.mem.Free(b)
	}
}

var _ memory.Allocator = (*BufferPool)(nil)
