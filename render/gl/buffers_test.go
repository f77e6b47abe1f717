//go:build gl

package gl

import "testing"

// TestBufferList: a kept buffer is reused for any request it can hold
// (the smallest that fits), a new one has room to spare, and a full list
// keeps the largest buffers.
func TestBufferList(t *testing.T) {
	var l bufferList
	a := l.get(1000)
	if len(*a) != 1000 || cap(*a) != 1024 {
		t.Fatalf("new buffer: len %d cap %d, want 1000 and 1024 (rounded up to 1/8 of 1024's power of two)", len(*a), cap(*a))
	}
	l.put(a)
	for _, n := range []int{1020, 10, 1024} {
		b := l.get(n)
		if b != a || len(*b) != n {
			t.Fatalf("get(%d) after put: a new buffer (cap %d) or the wrong length %d, want the kept one", n, cap(*b), len(*b))
		}
		l.put(b)
	}
	if b := l.get(1025); b == a {
		t.Fatal("get(1025) returned a buffer of capacity 1024")
	}

	// The smallest buffer that fits is taken.
	l = bufferList{}
	big, small := l.get(1<<20), l.get(1<<10)
	l.put(big)
	l.put(small)
	if b := l.get(500); b != small {
		t.Errorf("get(500) took the buffer of cap %d, want the smallest (%d)", cap(*b), cap(*small))
	}

	// Full: the smallest is dropped for a larger one, a smaller one is not kept.
	l = bufferList{}
	tiny := l.get(100)
	kept := make([]*[]byte, maxAtlasCopies)
	for i := range kept {
		kept[i] = l.get(4096 * (i + 1))
	}
	for _, b := range kept {
		l.put(b)
	}
	l.put(tiny)           // smaller than every kept buffer: dropped
	l.put(l.get(1 << 20)) // larger than all (a new one): replaces the smallest
	if len(l.free) != maxAtlasCopies {
		t.Fatalf("%d buffers kept, want %d", len(l.free), maxAtlasCopies)
	}
	for _, b := range l.free {
		if b == tiny || b == kept[0] {
			t.Errorf("a buffer of cap %d is kept, want the %d largest", cap(*b), maxAtlasCopies)
		}
	}
}
