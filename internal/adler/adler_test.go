package adler

import (
	"bytes"
	"fmt"
	"hash/adler32"
	"math/rand/v2"
	"testing"
)

// TestUpdateMatchesStdlib: Update gives hash/adler32's checksum for every
// length from 0 to 600 and around the block, chunk and 5552-byte (zlib's
// NMAX) boundaries, for random bytes, all 0xff (the largest sums) and all
// zero, from the empty input's state and from random earlier inputs', and
// over any split of the input into Update calls.
func TestUpdateMatchesStdlib(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	var lengths []int
	for n := range 601 {
		lengths = append(lengths, n)
	}
	for _, c := range []int{5552, 2 * 5552, chunk, 3 * chunk} {
		for d := -17; d <= 17; d++ {
			lengths = append(lengths, c+d)
		}
	}
	fills := []struct {
		name string
		fill func([]byte)
	}{
		{"random", func(b []byte) {
			for i := range b {
				b[i] = byte(rng.Uint32())
			}
		}},
		{"0xff", func(b []byte) { copy(b, bytes.Repeat([]byte{0xff}, len(b))) }},
		{"zero", func(b []byte) { clear(b) }},
	}
	for _, f := range fills {
		for _, n := range lengths {
			p := make([]byte, n)
			f.fill(p)
			prefix := make([]byte, rng.IntN(40))
			f.fill(prefix)
			for _, start := range [][]byte{nil, prefix} {
				want := adler32.Checksum(append(append([]byte(nil), start...), p...))
				if got := Update(adler32.Checksum(start), p); got != want {
					t.Fatalf("%s, %d bytes after %d: %#08x, want %#08x", f.name, n, len(start), got, want)
				}
			}
			// The same input in random pieces.
			s, rest := uint32(1), p
			for len(rest) > 0 {
				k := min(len(rest), rng.IntN(3*n/2+2))
				s, rest = Update(s, rest[:k]), rest[k:]
			}
			if want := adler32.Checksum(p); s != want {
				t.Fatalf("%s, %d bytes in pieces: %#08x, want %#08x", f.name, n, s, want)
			}
		}
	}
}

// TestSumBlocksMatchesGo: the kernel's two sums are sumBlocksGo's for
// every whole number of blocks up to 64 and at the chunk, at any
// alignment of p.
func TestSumBlocksMatchesGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	buf := make([]byte, chunk+64)
	for i := range buf {
		buf[i] = byte(rng.Uint32())
	}
	for _, n := range []int{0, 16, 32, 48, 64, 256, 1008, 1024, chunk} {
		for off := range 16 {
			p := buf[off : off+n]
			a, w := sumBlocks(p)
			ga, gw := sumBlocksGo(p)
			if a != ga || w != gw {
				t.Fatalf("%d bytes at offset %d: a %d w %d, want %d %d", n, off, a, w, ga, gw)
			}
		}
	}
	all := bytes.Repeat([]byte{0xff}, chunk)
	if a, w := sumBlocks(all); a != 255*chunk || w != 255*uint64(chunk)*(chunk+1)/2 {
		t.Fatalf("chunk of 0xff: a %d w %d", a, w)
	}
}

func ExampleUpdate() {
	a := Update(1, []byte("Wikipedia"))
	fmt.Printf("%#08x\n", a)
	fmt.Printf("%#08x\n", Update(Update(1, []byte("Wiki")), []byte("pedia")))
	// Output:
	// 0x11e60398
	// 0x11e60398
}

// BenchmarkUpdate checksums a 640×480 colour PNG's filtered rows (921,600
// bytes plus a filter byte a row) with hash/adler32 and with Update.
func BenchmarkUpdate(b *testing.B) {
	p := make([]byte, 480*(1+3*640))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range p {
		p[i] = byte(rng.Uint32())
	}
	b.Run("impl=stdlib", func(b *testing.B) {
		b.SetBytes(int64(len(p)))
		for b.Loop() {
			adler32.Checksum(p)
		}
	})
	b.Run("impl=adler", func(b *testing.B) {
		b.SetBytes(int64(len(p)))
		for b.Loop() {
			Update(1, p)
		}
	})
}
