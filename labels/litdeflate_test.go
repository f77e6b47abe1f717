package labels

import (
	"bytes"
	"compress/zlib"
	"container/heap"
	"encoding/binary"
	"fmt"
	"image"
	"io"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestHuffLengths checks huffBuilder.lengths on frequency tables whose
// answer is known: every used symbol gets a code of 1..maxBits bits, an
// unused one none, the code is complete (Kraft sum exactly 1, which zlib's
// and Go's decoders require), and it costs what an optimal Huffman code
// costs when the optimal code fits in maxBits (more, when it does not).
func TestHuffLengths(t *testing.T) {
	fib := make([]uint32, 40)
	a, b := uint32(1), uint32(1)
	for i := range fib {
		fib[i] = a
		a, b = b, a+b
	}
	r := rand.New(rand.NewPCG(1, 2))
	random := func(n, maxF int, zeros float64) []uint32 {
		f := make([]uint32, n)
		for i := range f {
			if r.Float64() >= zeros {
				f[i] = uint32(1 + r.IntN(maxF))
			}
		}
		return f
	}
	one := func(n, at int) []uint32 { f := make([]uint32, n); f[at] = 7; return f }
	tests := []struct {
		name    string
		freq    []uint32
		maxBits int
		limited bool // the optimal code is longer than maxBits
	}{
		{"two symbols", []uint32{0, 5, 0, 9}, 15, false},
		{"one symbol first", one(257, 0), 15, false},
		{"one symbol last", one(257, 256), 15, false},
		{"one symbol middle", one(19, 7), 7, false},
		{"uniform 257", slices.Repeat([]uint32{3}, 257), 15, false},
		{"powers of two", []uint32{1, 1, 2, 4, 8, 16, 32, 64, 128, 256}, 15, false},
		{"fibonacci 20, limit 15", fib[:20], 15, true},
		{"fibonacci 40, limit 15", fib[:40], 15, true},
		{"fibonacci 19 code lengths, limit 7", fib[:19], 7, true},
		{"fibonacci 16 fits 15", fib[:16], 15, false},
		{"random bytes", random(257, 5000, 0), 15, false},
		{"random sparse", random(257, 100000, 0.8), 15, false},
		{"random code lengths", random(19, 300, 0.3), 7, false},
		{"19 symbols, tight limit 5", fib[:19], 5, true},
		{"257 symbols, tight limit 9", append(slices.Clone(fib[:30]), slices.Repeat([]uint32{1}, 227)...), 9, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var h huffBuilder
			lens := make([]uint8, len(tc.freq))
			h.lengths(tc.freq, lens, tc.maxBits)
			used, kraft, cost, maxLen := 0, uint64(0), uint64(0), 0
			for s, l := range lens {
				if tc.freq[s] > 0 {
					used++
					if l < 1 || int(l) > tc.maxBits {
						t.Fatalf("symbol %d (frequency %d): length %d, want 1..%d", s, tc.freq[s], l, tc.maxBits)
					}
				}
				if l > 0 {
					kraft += 1 << (tc.maxBits - int(l))
					cost += uint64(tc.freq[s]) * uint64(l)
					maxLen = max(maxLen, int(l))
				}
			}
			if kraft != 1<<tc.maxBits {
				t.Fatalf("Kraft sum %d/%d, want 1 (a complete code): lengths %v", kraft, uint64(1)<<tc.maxBits, lens)
			}
			if used == 1 {
				return // the partner's length is fixed by completeness
			}
			opt, optMax := huffmanCost(tc.freq)
			if optMax > tc.maxBits != tc.limited {
				t.Fatalf("optimal code's longest is %d bits: the table's limited = %v is wrong", optMax, tc.limited)
			}
			switch {
			case !tc.limited && cost != opt:
				t.Errorf("cost %d bits, want the optimal %d", cost, opt)
			case tc.limited && cost < opt:
				t.Errorf("cost %d bits, below the optimal %d: impossible", cost, opt)
			}
		})
	}
}

// huffmanCost returns the cost in bits of an optimal (unlimited) Huffman
// code for freq, as the sum of the weights of its merges, and its longest
// code: a reference made with container/heap, apart from the builder.
func huffmanCost(freq []uint32) (cost uint64, longest int) {
	var q nodeHeap
	for _, f := range freq {
		if f > 0 {
			q = append(q, hnode{uint64(f), 0})
		}
	}
	heap.Init(&q)
	for q.Len() > 1 {
		a, b := heap.Pop(&q).(hnode), heap.Pop(&q).(hnode)
		cost += a.w + b.w
		heap.Push(&q, hnode{a.w + b.w, max(a.depth, b.depth) + 1})
	}
	return cost, q[0].depth
}

type hnode struct {
	w     uint64
	depth int // the height of its subtree
}

type nodeHeap []hnode

func (h nodeHeap) Len() int { return len(h) }
func (h nodeHeap) Less(i, j int) bool {
	if h[i].w != h[j].w {
		return h[i].w < h[j].w
	}
	return h[i].depth < h[j].depth
}
func (h nodeHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *nodeHeap) Push(x any)   { *h = append(*h, x.(hnode)) }
func (h *nodeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// litStream compresses data with a litCoder, handed over in pieces of
// the given size (as rows are), and returns the zlib stream.
func litStream(t testing.TB, c *litCoder, data []byte, piece int) []byte {
	t.Helper()
	var buf bytes.Buffer
	c.reset(&buf)
	for p := 0; p < len(data); p += piece {
		chunk := data[p:min(p+piece, len(data))]
		copy(c.next(len(chunk)), chunk)
	}
	if err := c.close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestLitCoderRoundTrip: streams of known content, in one block or many,
// with short and long codes, decode with the standard library's zlib
// reader (a decoder apart from this coder and from klauspost's, which
// checks the Adler-32 and rejects incomplete codes) to exactly the bytes
// given. One coder is reused across the cases, as the pool reuses them.
func TestLitCoderRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	noise := make([]byte, 3*litBlockSize+1234)
	for i := range noise {
		noise[i] = byte(r.Uint32())
	}
	// Residual-like: small values around 0, as Sub leaves on a photo.
	residual := make([]byte, 2*litBlockSize+77)
	for i := range residual {
		residual[i] = byte(int(r.NormFloat64() * 3))
	}
	// Byte i's count is a Fibonacci number: an optimal code needs ~24 bits.
	var skewed []byte
	a, b := 1, 1
	for v := range 25 {
		skewed = append(skewed, bytes.Repeat([]byte{byte(v)}, a)...)
		a, b = b, a+b
	}
	r.Shuffle(len(skewed), func(i, j int) { skewed[i], skewed[j] = skewed[j], skewed[i] })
	allBytes := make([]byte, 256*5)
	for i := range allBytes {
		allBytes[i] = byte(i)
	}
	tests := []struct {
		name  string
		data  []byte
		piece int
	}{
		{"empty", nil, 1},
		{"one byte", []byte{42}, 1},
		{"two bytes", []byte{0, 255}, 2},
		{"one value repeated", bytes.Repeat([]byte{9}, 100000), 1921},
		{"every byte value", allBytes, 100},
		{"noise, rows of 1921", noise, 1921},
		{"noise, one piece", noise, len(noise)},
		{"noise, pieces of 7", noise[:50000], 7},
		{"residuals, rows of 1921", residual, 1921},
		{"skewed (codes limited to 15 bits), one block", skewed[:litBlockSize], litBlockSize},
		{"skewed, rows of 4097", skewed, 4097},
	}
	var c litCoder
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			z := litStream(t, &c, tc.data, tc.piece)
			zr, err := zlib.NewReader(bytes.NewReader(z))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(zr)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if !bytes.Equal(got, tc.data) {
				t.Fatalf("decoded %d bytes, want the %d given (first difference at %d)", len(got), len(tc.data), firstDiff(got, tc.data))
			}
			// Huffman-only: never more than stored blocks and a header a block.
			if limit := len(tc.data) + 200*(len(tc.data)/litBlockSize+1) + 6; len(z) > limit {
				t.Errorf("%d bytes for %d: more than %d", len(z), len(tc.data), limit)
			}
		})
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestLitCoderDeterministic: the same bytes give the same stream whatever
// the coder did before (scratch reused between streams and blocks).
func TestLitCoderDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	data := make([]byte, litBlockSize+5000)
	for i := range data {
		data[i] = byte(r.IntN(40))
	}
	var fresh, used litCoder
	want := litStream(t, &fresh, data, 1921)
	other := bytes.Repeat([]byte{1, 2, 3, 200}, 70000)
	litStream(t, &used, other, 333)
	if got := litStream(t, &used, data, 1921); !bytes.Equal(got, want) {
		t.Fatal("a reused coder wrote other bytes than a fresh one")
	}
}

// TestLitCoderWriteError: a writer's error in the first block comes back
// from close (later blocks write nothing more), and the coder can be
// reset after it.
func TestLitCoderWriteError(t *testing.T) {
	var c litCoder
	fw := &failWriter{n: 1000}
	c.reset(fw)
	copy(c.next(3*litBlockSize/2), bytes.Repeat([]byte{1, 2}, 3*litBlockSize/4))
	copy(c.next(litBlockSize), bytes.Repeat([]byte{5}, litBlockSize))
	if err := c.close(); err == nil || err.Error() != "disk full" {
		t.Fatalf("close: %v, want disk full", err)
	}
	if fw.n != 1000 {
		t.Errorf("%d bytes accepted after the failed write, want none", 1000-fw.n)
	}
	z := litStream(t, &c, []byte("after"), 5)
	zr, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(zr); err != nil || string(got) != "after" {
		t.Fatalf("after an error: %q, %v", got, err)
	}
}

// FuzzLitCoder: any bytes, handed over in any piece size, round-trip
// through the standard library's zlib reader.
func FuzzLitCoder(f *testing.F) {
	f.Add([]byte("hello, hello, hello"), uint16(3))
	f.Add(bytes.Repeat([]byte{0}, 70000), uint16(1921))
	f.Add([]byte{}, uint16(1))
	var skewed []byte // Fibonacci counts, the rarest bytes first: 14–15-bit codes
	a, b := 1, 1
	for v := range 24 {
		skewed = append(skewed, bytes.Repeat([]byte{byte(v)}, a)...)
		a, b = b, a+b
	}
	f.Add(skewed[:min(len(skewed), 65535)], uint16(65535))
	var c litCoder
	f.Fuzz(func(t *testing.T, data []byte, piece uint16) {
		z := litStream(t, &c, data, max(1, int(piece)))
		zr, err := zlib.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatal(fmt.Errorf("round trip: %d bytes back of %d, %v", len(got), len(data), err))
		}
	})
}

// TestRowTransforms: the word-at-a-time Sub and Up filters and RGBA→RGB
// copy give what the byte-at-a-time definitions give, for every length
// around the word sizes, every pixel size, and a pixel that is not opaque
// at every position.
func TestRowTransforms(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for n := 0; n <= 70; n++ {
		cur := make([]byte, n)
		for i := range cur {
			cur[i] = byte(r.Uint32())
		}
		for bpp := 1; bpp <= 8; bpp++ {
			want := make([]byte, n+1)
			want[0] = 1
			for i := range cur {
				want[1+i] = cur[i]
				if i >= bpp {
					want[1+i] = cur[i] - cur[i-bpp]
				}
			}
			got := make([]byte, n+1)
			subFilter(got, cur, bpp)
			if !bytes.Equal(got, want) {
				t.Fatalf("subFilter, %d bytes, bpp %d: %v, want %v", n, bpp, got, want)
			}
		}
		prev := make([]byte, n)
		for i := range prev {
			prev[i] = byte(r.Uint32())
		}
		want := make([]byte, n+1)
		want[0] = 2
		for i := range cur {
			want[1+i] = cur[i] - prev[i]
		}
		got := make([]byte, n+1)
		if upFilter(got, cur, prev); !bytes.Equal(got, want) {
			t.Fatalf("upFilter, %d bytes: %v, want %v", n, got, want)
		}
	}
	for px := 0; px <= 19; px++ {
		src := make([]byte, 4*px)
		for i := range src {
			src[i] = byte(r.Uint32())
		}
		for clear := -1; clear < px; clear++ { // the one pixel not opaque; -1: none
			for k := range px {
				src[4*k+3] = 0xff
			}
			wantA := byte(0xff)
			if clear >= 0 {
				src[4*clear+3] = byte(r.IntN(255))
				wantA = src[4*clear+3]
			}
			want := make([]byte, 3*px)
			for k := range px {
				copy(want[3*k:3*k+3], src[4*k:4*k+3])
			}
			got := make([]byte, 3*px)
			if a := rgbaToRGB(got, src); a != wantA || !bytes.Equal(got, want) {
				t.Fatalf("rgbaToRGB, %d pixels, pixel %d not opaque: alpha %d (want %d), %v, want %v", px, clear, a, wantA, got, want)
			}
		}
	}
}

// TestLitCoderLongCodesAfterHeader: a block whose first bytes have the
// longest codes (14–15 bits), with the header ending at the many bit
// offsets the variations below give, so that up to 31 bits left over from
// the header and three long codes meet in the 64-bit buffer (the coder
// lost bits there until the header's whole bytes were written out before
// the fast loop); all must decode.
func TestLitCoderLongCodesAfterHeader(t *testing.T) {
	var c litCoder
	offsets := map[int]bool{}
	for extra := range 40 {
		// Bytes 0..24 with Fibonacci counts (the rarest get 15-bit codes
		// once limited), then `extra` more values once each, which
		// changes the header's length.
		var data []byte
		a, b := 1, 1
		for v := range 25 {
			data = append(data, bytes.Repeat([]byte{byte(v)}, a)...)
			a, b = b, a+b
		}
		for v := range extra {
			data = append(data, byte(100+v))
		}
		// The rarest first: 0, 1 (count 1 each) and 2 (count 2).
		rest := data[3:]
		r := rand.New(rand.NewPCG(uint64(extra), 1))
		r.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
		data = data[:min(len(data), litBlockSize)]
		var h huffBuilder
		var freq [numLitSymbols]uint32
		for _, v := range data {
			freq[v]++
		}
		freq[endOfBlock] = 1
		var lens [numLitSymbols]uint8
		h.lengths(freq[:], lens[:], 15)
		if n := int(lens[data[0]]) + int(lens[data[1]]) + int(lens[data[2]]); n < 40 {
			t.Fatalf("extra %d: the first three codes take %d bits, want at least 40 (the case this test is for)", extra, n)
		}
		z := litStream(t, &c, data, len(data))
		offsets[headerBits(lens[:])%32] = true
		zr, err := zlib.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("extra %d: %d bytes back of %d, %v", extra, len(got), len(data), err)
		}
	}
	if len(offsets) < 16 {
		t.Errorf("the header ended at only %d of 32 bit offsets", len(offsets))
	}
}

// headerBits returns the length in bits of the zlib header and the
// dynamic block header litCoder writes for literal lengths lens, by
// writing them.
func headerBits(lens []uint8) int {
	var c litCoder
	c.reset(io.Discard)
	c.out = append(c.out, 0x78, 0x01)
	all := append(append([]uint8(nil), lens...), 1)
	c.bits(0, 3)
	c.hb.writeLengths(&c, all)
	return 8*len(c.out) + int(c.nacc)
}

// TestSub8Exhaustive: sub8 subtracts every pair of byte values in every
// lane without a borrow reaching the next lane.
func TestSub8Exhaustive(t *testing.T) {
	for x := range 256 {
		for y := range 256 {
			// The pair in lanes 0, 3 and 7, neighbours that provoke borrows.
			xs := uint64(x) | uint64(x)<<24 | uint64(x)<<56 | 0x00_00_00_00_00_ff_00_00
			ys := uint64(y) | uint64(y)<<24 | uint64(y)<<56 | 0x00_01_00_00_00_00_00_00
			got := sub8(xs, ys)
			var want uint64
			for lane := range 8 {
				d := byte(xs>>(8*lane)) - byte(ys>>(8*lane))
				want |= uint64(d) << (8 * lane)
			}
			if got != want {
				t.Fatalf("sub8(%#x, %#x) = %#x, want %#x", xs, ys, got, want)
			}
		}
	}
}

// TestEncodeRGBPNGBlocks: a noisy photo larger than one coder block
// (700×40: 2,101-byte rows, 31 to a block) decodes with image/png to its
// pixels, and its deflate stream is in one IDAT chunk a block, the
// trailer with the last.
func TestEncodeRGBPNGBlocks(t *testing.T) {
	const w, h = 700, 40
	r := rand.New(rand.NewPCG(21, 22))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(i/4%7*30 + r.IntN(20))
		if i%4 == 3 {
			img.Pix[i] = 0xff
		}
	}
	var buf bytes.Buffer
	if err := NewEncoder().EncodeRGBPNG(&buf, img); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	idat := 0
	for p := len(pngSignature); p+8 <= len(b); p += 12 + int(binary.BigEndian.Uint32(b[p:])) {
		if string(b[p+4:p+8]) == "IDAT" {
			idat++
		}
	}
	if idat != 2 {
		t.Errorf("%d IDAT chunks, want 2 (one a block)", idat)
	}
	decodesTo(t, "two-block photo", b, img)
}
