package labels

import (
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"sync"
)

// Encoder writes label maps: depth as 16-bit PNG or raw float32, instance
// ids and class ids as 16-bit PNG (see the package documentation for the
// formats); and colour images as 8-bit RGB PNG. It keeps compressors and buffers between calls, so one Encoder
// per process (or per worker) makes encoding cheap. It is safe for
// concurrent use, its zero value is ready to use, and it must not be copied
// after first use.
type Encoder struct {
	png     sync.Pool // *pngState
	scratch sync.Pool // *[]byte, rawChunk bytes
}

// NewEncoder returns a ready Encoder; new(Encoder) is equivalent.
func NewEncoder() *Encoder { return new(Encoder) }

// rawChunk is the size of the buffer raw depth is staged through.
const rawChunk = 1 << 15

// MaxDepthPNG is the largest depth, in metres, a depth PNG can hold
// (65535 mm); deeper surfaces saturate to it.
const MaxDepthPNG = 65.535

// DepthMillimetres converts a depth in metres to the 16-bit value of a
// depth PNG: millimetres rounded to nearest (halves up); 0 (background)
// for 0, negative or NaN depths; 65535 for depths from 65.5345 m up
// (saturated, +Inf included); and at least 1 for any positive depth, so
// that a surface nearer than 0.5 mm never reads as background.
func DepthMillimetres(d float32) uint16 {
	if !(d > 0) {
		return 0
	}
	mm := float64(d)*1000 + 0.5
	switch {
	case mm >= math.MaxUint16:
		return math.MaxUint16
	case mm < 1:
		return 1
	}
	return uint16(mm)
}

// checkMap checks that a map of n values is width×height.
func checkMap(what string, n, width, height int) error {
	if width <= 0 || height <= 0 || width > math.MaxInt32/height {
		return fmt.Errorf("labels: %s: invalid size %dx%d", what, width, height)
	}
	if n != width*height {
		return fmt.Errorf("labels: %s: %d values for %dx%d pixels", what, n, width, height)
	}
	return nil
}

// EncodeDepthPNG writes a row-major width×height depth map (metres, 0 for
// background, as render.Frame.Depth) as a 16-bit grayscale PNG in
// millimetres; see DepthMillimetres for rounding and saturation.
func (e *Encoder) EncodeDepthPNG(w io.Writer, depth []float32, width, height int) error {
	if err := checkMap("depth png", len(depth), width, height); err != nil {
		return err
	}
	err := e.writePNG16(w, width, height, pngGray, func(y int, row []byte) {
		putDepth16(row, depth[y*width:(y+1)*width])
	})
	if err != nil {
		return fmt.Errorf("labels: depth png: %w", err)
	}
	return nil
}

// EncodeDepthFloat32 writes depth values as raw little-endian IEEE float32,
// 4 bytes each, in the order given (row-major for a frame), with no header.
func (e *Encoder) EncodeDepthFloat32(w io.Writer, depth []float32) error {
	bp, _ := e.scratch.Get().(*[]byte)
	if bp == nil {
		b := make([]byte, rawChunk)
		bp = &b
	}
	defer e.scratch.Put(bp)
	buf := *bp
	for len(depth) > 0 {
		k := min(len(depth), len(buf)/4)
		for i, d := range depth[:k] {
			binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(d))
		}
		if _, err := w.Write(buf[:4*k]); err != nil {
			return fmt.Errorf("labels: depth float32: %w", err)
		}
		depth = depth[k:]
	}
	return nil
}

// EncodeInstancePNG writes a row-major width×height instance id map (as
// render.Frame.IDs) as a PNG: 16-bit grayscale holding the id when every id
// is at most 65535, otherwise 16-bit RGB with R = id>>16, G = id&0xffff and
// B = 0. DecodeInstancePNG reads both.
func (e *Encoder) EncodeInstancePNG(w io.Writer, ids []uint32, width, height int) error {
	if err := checkMap("instance png", len(ids), width, height); err != nil {
		return err
	}
	var err error
	if orAll(ids) <= math.MaxUint16 {
		err = e.writePNG16(w, width, height, pngGray, func(y int, row []byte) {
			put16(row, ids[y*width:(y+1)*width])
		})
	} else {
		err = e.writePNG16(w, width, height, pngRGB, func(y int, row []byte) {
			src := ids[y*width : (y+1)*width]
			row = row[:6*len(src)]
			for x, id := range src {
				r := row[6*x : 6*x+6]
				r[0], r[1], r[2], r[3], r[4], r[5] = byte(id>>24), byte(id>>16), byte(id>>8), byte(id), 0, 0
			}
		})
	}
	if err != nil {
		return fmt.Errorf("labels: instance png: %w", err)
	}
	return nil
}

// EncodeGray16PNG writes a row-major width×height map of 16-bit values,
// such as the class ids of CategoryMap, as a 16-bit grayscale PNG.
func (e *Encoder) EncodeGray16PNG(w io.Writer, pix []uint16, width, height int) error {
	if err := checkMap("gray16 png", len(pix), width, height); err != nil {
		return err
	}
	err := e.writePNG16(w, width, height, pngGray, func(y int, row []byte) {
		put16(row, pix[y*width:(y+1)*width])
	})
	if err != nil {
		return fmt.Errorf("labels: gray16 png: %w", err)
	}
	return nil
}

// EncodeRGBPNG writes img, which must be opaque (every alpha 255, as
// render.Frame.Color), as an 8-bit RGB PNG without an alpha channel;
// image/png decodes it back to the same pixels. A photo-like image is
// written with the Sub filter and Huffman-only deflate (photoCoding, by
// litCoder): when it was chosen, on the shelves generator's 640×480 photos,
// that took about 0.5× the time of the label maps' Up filter and zlib
// BestSpeed (both measured with compress/zlib) for 0.5% more bytes with
// sensor noise (7% without); litCoder has since made it 0.6× faster again
// (BenchmarkEncodePhoto). An image that is mostly flat (see
// flatFraction: the basic generator's, say) is written as the label maps
// are, since Huffman-only coding cannot shrink long runs: 3.8× the bytes
// there. The choice depends only on the pixels. The output depends only on
// the pixels. A pixel that is not opaque is an error (dropping its alpha
// would lose it); w may then have received part of the PNG.
func (e *Encoder) EncodeRGBPNG(w io.Writer, img *image.RGBA) error {
	if img == nil {
		return errors.New("labels: rgb png: nil image")
	}
	b := img.Rect
	width, height := b.Dx(), b.Dy()
	if width <= 0 || height <= 0 || img.Stride < 4*width || len(img.Pix) < img.PixOffset(b.Max.X-1, b.Max.Y-1)+4 {
		return fmt.Errorf("labels: rgb png: invalid image: bounds %v, %d bytes with stride %d", b, len(img.Pix), img.Stride)
	}
	coding := photoCoding
	if flatFraction(img) >= 0.5 {
		coding = mapCoding // mostly flat: LZ77 finds the runs
	}
	err := e.writePNG(w, width, height, 8, pngRGB, coding, func(y int, row []byte) error {
		off := img.PixOffset(b.Min.X, b.Min.Y+y)
		if a := rgbaToRGB(row[:3*width], img.Pix[off:off+4*width]); a != 0xff {
			for x := range width {
				if alpha := img.Pix[off+4*x+3]; alpha != 0xff {
					return fmt.Errorf("pixel (%d, %d) has alpha %d, want 255 (opaque)", b.Min.X+x, b.Min.Y+y, alpha)
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("labels: rgb png: %w", err)
	}
	return nil
}

// flatFraction estimates the share of img's pixels that lie in runs of at
// least 5 equal pixels along a row, from every 16th row.
func flatFraction(img *image.RGBA) float64 {
	b := img.Rect
	w := b.Dx()
	inRuns, total := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 16 {
		row := img.Pix[img.PixOffset(b.Min.X, y):]
		run := 0
		for x := 1; x < w; x++ {
			p := row[4*x : 4*x+3 : 4*x+3]
			q := row[4*x-4 : 4*x-1 : 4*x-1]
			if p[0] == q[0] && p[1] == q[1] && p[2] == q[2] {
				run++
				continue
			}
			if run >= 4 {
				inRuns += run
			}
			run = 0
		}
		if run >= 4 {
			inRuns += run
		}
		total += max(w-1, 0)
	}
	if total == 0 {
		return 0
	}
	return float64(inRuns) / float64(total)
}

// rgbaToRGB copies the RGB of the RGBA pixels src into dst (3 bytes per
// pixel) and returns the AND of their alphas: 0xff when all are opaque.
// Four pixels at a time where it can, as two 8-byte words in and twelve
// bytes out.
func rgbaToRGB(dst, src []byte) byte {
	n := len(src) / 4
	dst = dst[:3*n]
	alpha := ^uint64(0)
	x := 0
	for ; x+4 <= n; x += 4 {
		// Little-endian: pixel k's R, G, B, A are bits 32k..32k+31.
		p := binary.LittleEndian.Uint64(src[4*x:])
		q := binary.LittleEndian.Uint64(src[4*x+8:])
		alpha &= p & q
		lo := p&0xffffff | p>>8&0xffffff000000 // pixels x, x+1: 6 bytes
		hi := q&0xffffff | q>>8&0xffffff000000 // pixels x+2, x+3
		binary.LittleEndian.PutUint64(dst[3*x:], lo|hi<<48)
		binary.LittleEndian.PutUint32(dst[3*x+8:], uint32(hi>>16))
	}
	a := byte(alpha>>24) & byte(alpha>>56)
	for ; x < n; x++ {
		s := src[4*x : 4*x+4 : 4*x+4]
		d := dst[3*x : 3*x+3 : 3*x+3]
		d[0], d[1], d[2] = s[0], s[1], s[2]
		a &= s[3]
	}
	return a
}

// orAll returns the bitwise OR of ids: at most 65535 exactly when every id
// is (cheaper than their maximum: no compare, four independent chains).
func orAll(ids []uint32) uint32 {
	var a, b, c, d uint32
	i := 0
	for ; i+4 <= len(ids); i += 4 {
		s := ids[i : i+4 : i+4]
		a, b, c, d = a|s[0], b|s[1], c|s[2], d|s[3]
	}
	for _, id := range ids[i:] {
		a |= id
	}
	return a | b | c | d
}

// put16 writes the low 16 bits of each value of src big-endian into row
// (2 bytes each), four values to an 8-byte store; a value's upper bits
// are ignored.
func put16[T uint16 | uint32](row []byte, src []T) {
	row = row[:2*len(src)]
	i := 0
	for ; i+4 <= len(src); i += 4 {
		s := src[i : i+4 : i+4]
		v := uint64(uint16(s[0])) | uint64(uint16(s[1]))<<16 | uint64(uint16(s[2]))<<32 | uint64(uint16(s[3]))<<48
		binary.LittleEndian.PutUint64(row[2*i:], swapBytes16(v))
	}
	for ; i < len(src); i++ {
		row[2*i], row[2*i+1] = byte(src[i]>>8), byte(src[i])
	}
}

// putDepth16 writes DepthMillimetres of each depth of src big-endian into
// row (2 bytes each), four values to an 8-byte store.
func putDepth16(row []byte, src []float32) {
	row = row[:2*len(src)]
	i := 0
	for ; i+4 <= len(src); i += 4 {
		s := src[i : i+4 : i+4]
		v := uint64(DepthMillimetres(s[0])) | uint64(DepthMillimetres(s[1]))<<16 |
			uint64(DepthMillimetres(s[2]))<<32 | uint64(DepthMillimetres(s[3]))<<48
		binary.LittleEndian.PutUint64(row[2*i:], swapBytes16(v))
	}
	for ; i < len(src); i++ {
		binary.BigEndian.PutUint16(row[2*i:], DepthMillimetres(src[i]))
	}
}

// swapBytes16 swaps the two bytes of each 16-bit lane of v.
func swapBytes16(v uint64) uint64 {
	const m = 0x00ff00ff00ff00ff
	return (v&m)<<8 | (v>>8)&m
}
