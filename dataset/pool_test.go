package dataset

import (
	"bytes"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestBufferPool checks the pool's contract: large buffers come back
// zeroed and reused, grow in place within their rounded capacity, keep
// their contents when they move, small ones and the overflow go to the
// underlying allocator, and Release returns everything.
func TestBufferPool(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	p := NewBufferPool(mem)

	small := p.Allocate(100)
	if len(small) != 100 || mem.CurrentAlloc() != 100 {
		t.Fatalf("small buffer: len %d, underlying %d bytes", len(small), mem.CurrentAlloc())
	}
	p.Free(small)

	const size = 1_000_000
	a := p.Allocate(size)
	if len(a) != size || cap(a) != poolSize(size) || cap(a) < size || cap(a) > size*9/8 {
		t.Fatalf("large buffer: len %d cap %d, want %d and %d", len(a), cap(a), size, poolSize(size))
	}
	for i := range a {
		a[i] = 0xff
	}
	p.Free(a)
	b := p.Allocate(size - 1000)
	if &b[0] != &a[0] {
		t.Error("a freed buffer of the right size was not reused")
	}
	if !bytes.Equal(b, make([]byte, len(b))) {
		t.Error("a reused buffer is not zeroed")
	}
	c := p.Reallocate(cap(b), b) // within its capacity: in place
	if &c[0] != &b[0] || len(c) != cap(b) {
		t.Error("growing within capacity moved the buffer")
	}
	c[0], c[len(c)-1] = 7, 9
	d := p.Reallocate(2*size, c)
	if len(d) != 2*size || d[0] != 7 || d[cap(b)-1] != 9 {
		t.Error("growing past capacity lost the contents")
	}
	// c's buffer went back to the pool; d is live.
	if got := p.Allocate(size); &got[0] != &a[0] {
		t.Error("the buffer given up by Reallocate was not pooled")
	} else {
		p.Free(got)
	}
	p.Free(d)

	// No more than poolMaxBufs are kept.
	var many [][]byte
	for range poolMaxBufs + 4 {
		many = append(many, p.Allocate(poolMinBytes))
	}
	for _, m := range many {
		p.Free(m)
	}
	if len(p.free) > poolMaxBufs || p.bytes > p.maxBytes {
		t.Errorf("pool holds %d buffers, %d bytes; limits %d, %d", len(p.free), p.bytes, poolMaxBufs, p.maxBytes)
	}
	// A buffer from elsewhere is passed through.
	other := mem.Allocate(poolMinBytes * 2)
	p.Free(other)
	p.Release()
	if len(p.live) != 0 {
		t.Errorf("%d buffers still marked live", len(p.live))
	}
}

// TestClearChunked zeroes buffers around the chunk size: every byte, and
// not one past the slice.
func TestClearChunked(t *testing.T) {
	for _, n := range []int{0, 1, clearChunk - 1, clearChunk, clearChunk + 1, 3*clearChunk + 5} {
		buf := bytes.Repeat([]byte{0xaa}, n+1)
		clearChunked(buf[:n])
		if i := bytes.IndexFunc(buf[:n], func(r rune) bool { return r != 0 }); i >= 0 {
			t.Errorf("len %d: byte %d not cleared", n, i)
		}
		if buf[n] != 0xaa {
			t.Errorf("len %d: the byte after the slice was cleared", n)
		}
	}
}
