package labels

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"

	"github.com/klauspost/compress/flate"

	"github.com/synthkit/synthkit/internal/adler"
)

// A minimal writer of non-interlaced PNGs: 16-bit grayscale and RGB for
// the label maps, 8-bit RGB for colour images.
//
// image/png encodes 16-bit images through image.Image.At, one interface
// call and one allocation per pixel (about 10 ms and 200k allocations for a
// 640×480 depth map), and encodes colour images with five trial filters
// per row and zlib at its default level (about 10 ms for a 640×480 frame).
// So the maps and colour images are written here instead: rows are
// converted straight into a row buffer, filtered with the Up filter (see
// upFilter) and compressed with zlib at BestSpeed; colour images with the
// Sub filter and Huffman-only deflate (see photoCoding). The maps' deflate
// is github.com/klauspost/compress's (already in the module graph through
// Arrow's zstd), in a zlib stream framed here with package adler's
// checksum (see mapZlibHeader): pure Go like compress/zlib, so its bytes
// are the same on every machine, and faster (BenchmarkEncode*: depth −29%, instances −17%;
// on the shelves generator the encode stage took 8.9 instead of 11.4 ms a
// sample for 1.2% fewer bytes). The photos' Huffman-only deflate is this
// package's litCoder, which does only that, in 0.6 of the time with the
// word-at-a-time filters (see litCoder). Tests read every image back with
// image/png, and the coder's streams with compress/zlib.

const pngSignature = "\x89PNG\r\n\x1a\n"

// PNG colour types used here.
const (
	pngGray = 0
	pngRGB  = 2
)

// pngState is the reusable part of one PNG encode: compressor, output
// buffer and row buffers. Encoder pools them.
type pngState struct {
	cw   chunkWriter
	bw   *bufio.Writer
	fw   *flate.Writer // BestSpeed, for the label maps (in a zlib stream: see mapZlibHeader)
	lc   litCoder      // Huffman-only, for colour images
	cur  []byte        // samples of the current row
	prev []byte        // samples of the previous row
	out  []byte        // filter byte and filtered current row
	tail [4]byte       // a map's zlib trailer
}

// chunkWriter writes PNG chunks to w; as an io.Writer it wraps each Write
// in an IDAT chunk.
type chunkWriter struct {
	w   io.Writer
	err error
	buf [8]byte
}

func (c *chunkWriter) chunk(name string, data []byte) {
	if c.err != nil {
		return
	}
	binary.BigEndian.PutUint32(c.buf[:4], uint32(len(data)))
	copy(c.buf[4:8], name)
	crc := crc32.Update(crc32.ChecksumIEEE(c.buf[4:8]), crc32.IEEETable, data)
	if _, c.err = c.w.Write(c.buf[:8]); c.err != nil {
		return
	}
	if _, c.err = c.w.Write(data); c.err != nil {
		return
	}
	binary.BigEndian.PutUint32(c.buf[:4], crc)
	_, c.err = c.w.Write(c.buf[:4])
}

// fail records err unless an error is already recorded.
func (c *chunkWriter) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

func (c *chunkWriter) Write(b []byte) (int, error) {
	c.chunk("IDAT", b)
	if c.err != nil {
		return 0, c.err
	}
	return len(b), nil
}

// writePNG16 writes a width×height PNG of 16-bit samples with the given
// colour type (pngGray: 1 channel, pngRGB: 3). fill(y, row) writes row y's
// samples big-endian into row (2·channels·width bytes).
func (e *Encoder) writePNG16(w io.Writer, width, height, colorType int, fill func(y int, row []byte)) error {
	return e.writePNG(w, width, height, 16, colorType, mapCoding, func(y int, row []byte) error {
		fill(y, row)
		return nil
	})
}

// mapZlibHeader begins the label maps' zlib streams (RFC 1950): deflate
// with a 32 KiB window (0x78), "fastest" compression and the check bits
// (0x01), the header klauspost's and the standard library's zlib writers
// give BestSpeed. The stream is written here around the flate writer so
// that its Adler-32 trailer comes from package adler, six times faster
// than hash/adler32, which those writers use (BenchmarkUpdate): the same
// bytes.
const mapZlibHeader = "\x78\x01"

// pngCoding is how writePNG filters and compresses rows.
type pngCoding int

const (
	// mapCoding, for the label maps: the Up filter (see upFilter) and
	// zlib at BestSpeed.
	mapCoding pngCoding = iota
	// photoCoding, for colour images: the Sub filter and Huffman-only
	// deflate (litCoder). A rendered photo with sensor noise, vignetting
	// and blur has few repeated strings for LZ77 to find, while the Sub
	// residuals (each byte minus the one to its left) are small and
	// skewed, which a Huffman code alone captures: measured on ten
	// 640×480 shelf photos with compress/zlib, 8.4 ms and 590 KB per image
	// against 19.6 ms and 553 KB with Up and BestSpeed (0.43× the time for
	// 7% more bytes).
	photoCoding
)

// writePNG writes a width×height PNG with the given bit depth (8 or 16)
// and colour type (pngGray: 1 channel, pngRGB: 3), filtered and
// compressed as coding says. fill(y, row) writes row y's samples
// (big-endian when 16-bit) into row, depth/8·channels·width bytes; an
// error from fill stops the encoding and is returned.
func (e *Encoder) writePNG(w io.Writer, width, height, bitDepth, colorType int, coding pngCoding, fill func(y int, row []byte) error) error {
	channels := 1
	if colorType == pngRGB {
		channels = 3
	}
	bpp := bitDepth / 8 * channels // bytes per pixel
	if width <= 0 || height <= 0 || width > math.MaxInt32/bpp || height > math.MaxInt32 {
		return fmt.Errorf("png: invalid image size %dx%d", width, height)
	}
	st, _ := e.png.Get().(*pngState)
	if st == nil {
		st = &pngState{}
	}
	defer e.png.Put(st)
	st.cw = chunkWriter{w: w}
	cw := &st.cw

	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:4], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:8], uint32(height))
	ihdr[8], ihdr[9] = byte(bitDepth), byte(colorType) // the rest 0
	if _, err := io.WriteString(w, pngSignature); err != nil {
		return fmt.Errorf("png: %w", err)
	}
	cw.chunk("IHDR", ihdr[:])

	n := bpp * width
	st.cur = grow(st.cur, n)
	if coding == photoCoding {
		// Each filtered row straight into the coder's block; the coder
		// writes an IDAT chunk a block.
		st.lc.reset(cw)
		for y := 0; y < height && cw.err == nil; y++ {
			if err := fill(y, st.cur); err != nil {
				cw.fail(err)
				break
			}
			subFilter(st.lc.next(n+1), st.cur, bpp)
		}
		if cw.err == nil {
			cw.fail(st.lc.close())
		}
	} else {
		st.prev, st.out = grow(st.prev, n), grow(st.out, n+1)
		if st.bw == nil {
			st.bw = bufio.NewWriterSize(cw, 1<<15)
		} else {
			st.bw.Reset(cw)
		}
		if st.fw == nil {
			st.fw, _ = flate.NewWriter(st.bw, flate.BestSpeed) // the level is valid
		} else {
			st.fw.Reset(st.bw)
		}
		if _, err := st.bw.WriteString(mapZlibHeader); err != nil {
			cw.fail(err)
		}
		sum := uint32(1) // Adler-32 of the empty input
		clear(st.prev)   // the row above the first is zero
		for y := 0; y < height && cw.err == nil; y++ {
			if err := fill(y, st.cur); err != nil {
				cw.fail(err)
				break
			}
			upFilter(st.out, st.cur, st.prev)
			sum = adler.Update(sum, st.out)
			if _, err := st.fw.Write(st.out); err != nil {
				cw.fail(err)
			}
			st.prev, st.cur = st.cur, st.prev
		}
		if cw.err == nil {
			cw.fail(st.fw.Close())
		}
		if cw.err == nil {
			binary.BigEndian.PutUint32(st.tail[:], sum)
			_, err := st.bw.Write(st.tail[:])
			cw.fail(err)
		}
		if cw.err == nil {
			cw.fail(st.bw.Flush())
		}
	}
	cw.chunk("IEND", nil)
	err := cw.err
	st.cw = chunkWriter{} // drop the reference to w
	if err != nil {
		return fmt.Errorf("png: %w", err)
	}
	return nil
}

// grow returns b resized to n bytes, reusing its storage when it can.
func grow(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}

// subFilter writes into out (filter byte included) PNG filter type 1, Sub:
// each byte minus the byte bpp to its left (0 for the first pixel). Eight
// bytes at a time where it can (see sub8): one colour row of 1,920 bytes
// in under half the time a byte at a time took (BenchmarkRowFilters).
func subFilter(out, cur []byte, bpp int) {
	out[0] = 1
	out = out[1 : 1+len(cur)]
	bpp = min(bpp, len(cur))
	copy(out[:bpp], cur[:bpp])
	i := bpp
	for ; i+8 <= len(cur); i += 8 {
		binary.LittleEndian.PutUint64(out[i:], sub8(
			binary.LittleEndian.Uint64(cur[i:]), binary.LittleEndian.Uint64(cur[i-bpp:])))
	}
	for ; i < len(cur); i++ {
		out[i] = cur[i] - cur[i-bpp]
	}
}

// sub8 returns the eight byte-wise differences x−y (mod 256) of the bytes
// packed in x and y, no borrow crossing from one byte to the next: the
// low seven bits of each byte are subtracted with the top bit of x set
// and of y clear, so no borrow leaves the byte, and the top bit is then
// put right (x's top bit XOR y's XOR the borrow, which the subtraction
// left in it inverted).
func sub8(x, y uint64) uint64 {
	const hi = 0x8080808080808080
	return ((x | hi) - (y &^ hi)) ^ ((x ^ ^y) & hi)
}

// upFilter writes into out (filter byte included) PNG filter type 2, Up:
// each byte minus the byte above it, eight at a time (see sub8). Label
// maps are mostly constant or smooth down their columns, so Up leaves
// long runs of zeros and small values. On a rendered shelf, Up alone gives
// a smaller instance PNG than libpng's per-row choice among the five
// filters (what image/png does) and a depth PNG 9% larger, in about half
// the time.
func upFilter(out, cur, prev []byte) {
	out[0] = 2
	out = out[1:]
	out = out[:len(cur)]
	prev = prev[:len(cur)]
	i := 0
	for ; i+8 <= len(cur); i += 8 {
		binary.LittleEndian.PutUint64(out[i:], sub8(
			binary.LittleEndian.Uint64(cur[i:]), binary.LittleEndian.Uint64(prev[i:])))
	}
	for ; i < len(cur); i++ {
		out[i] = cur[i] - prev[i]
	}
}
