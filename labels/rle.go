package labels

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/synthkit/synthkit/scene"
)

// ErrRLE is wrapped by every error about a malformed RLE or RLE string.
var ErrRLE = errors.New("invalid RLE")

// maxRLEGroups bounds the 5-bit groups of one count in the compressed
// string form: a uint32 count minus another needs at most 33 signed bits,
// which fit in 7 groups (35 bits).
const maxRLEGroups = 7

// checkSize reports whether an h×w mask can be run-length encoded with
// uint32 counts.
func checkSize(h, w int) error {
	if h < 0 || w < 0 {
		return fmt.Errorf("%w: negative size %dx%d (h×w)", ErrRLE, h, w)
	}
	if w != 0 && h > math.MaxUint32/w {
		return fmt.Errorf("%w: size %dx%d (h×w) exceeds 2^32-1 pixels", ErrRLE, h, w)
	}
	return nil
}

// EncodeMask returns the COCO RLE of a row-major h×w mask (index y*w+x);
// every true or non-zero entry is foreground. The runs follow the mask in
// column-major order, as pycocotools' rleEncode does on a Fortran-ordered
// array. It returns an error when len(mask) != h*w or the size is negative
// or beyond 2^32-1 pixels.
func EncodeMask[T ~bool | ~uint8](mask []T, h, w int) (RLE, error) {
	if err := checkSize(h, w); err != nil {
		return RLE{}, err
	}
	if len(mask) != h*w {
		return RLE{}, fmt.Errorf("%w: mask has %d entries, want %d×%d = %d", ErrRLE, len(mask), h, w, h*w)
	}
	var zero T
	counts := make([]uint32, 0, 8)
	cur := false // the runs start with background
	run := uint32(0)
	for x := 0; x < w; x++ {
		for i := x; i < len(mask); i += w {
			if v := mask[i] != zero; v != cur {
				counts = append(counts, run)
				cur, run = v, 0
			}
			run++
		}
	}
	counts = append(counts, run)
	return RLE{H: h, W: w, Counts: counts}, nil
}

// Validate checks that the size is non-negative and the counts add up to
// exactly H*W pixels.
func (r RLE) Validate() error {
	if err := checkSize(r.H, r.W); err != nil {
		return err
	}
	var sum uint64
	for _, c := range r.Counts {
		sum += uint64(c)
	}
	if sum != uint64(r.H*r.W) {
		return fmt.Errorf("%w: counts add up to %d pixels, want %d×%d = %d", ErrRLE, sum, r.H, r.W, r.H*r.W)
	}
	return nil
}

// String returns the counts in COCO's compressed string form, byte for byte
// as pycocotools' rleToString: each count, minus the count two places
// before it from the fourth on, written as 6-bit little-endian groups of 5
// value bits plus a continuation bit, sign-terminated, offset by '0'.
func (r RLE) String() string {
	var b strings.Builder
	b.Grow(r.stringLen())
	var chunk [64]byte // staged on the stack: String allocates once
	buf := chunk[:0]
	for i := range r.Counts {
		if len(buf) > len(chunk)-maxRLEGroups {
			b.Write(buf)
			buf = buf[:0]
		}
		buf = appendCount(buf, r.delta(i))
	}
	b.Write(buf)
	return b.String()
}

// AppendString appends the compressed string form of r (see String) to dst
// and returns the extended slice.
func (r RLE) AppendString(dst []byte) []byte {
	dst = slices.Grow(dst, r.stringLen())
	for i := range r.Counts {
		dst = appendCount(dst, r.delta(i))
	}
	return dst
}

// delta returns the value the string form stores for count i: the count,
// minus the count two before it from the fourth count on.
func (r RLE) delta(i int) int64 {
	x := int64(r.Counts[i])
	if i > 2 {
		x -= int64(r.Counts[i-2])
	}
	return x
}

// appendCount appends x in 5-bit groups, low bits first, each with a
// continuation bit (0x20) and offset by '0', until the rest is the sign
// extension of the last group (rleToString).
func appendCount(dst []byte, x int64) []byte {
	for {
		g := byte(x & 0x1f)
		x >>= 5
		more := x != 0
		if g&0x10 != 0 {
			more = x != -1
		}
		if !more {
			return append(dst, g+'0')
		}
		dst = append(dst, g|0x20+'0')
	}
}

// stringLen returns the length of the string form of r: each value takes
// as many 5-bit groups as its two's complement form needs bits, sign bit
// included.
func (r RLE) stringLen() int {
	n := 0
	for i := range r.Counts {
		x := r.delta(i)
		n += (bits.Len64(uint64(x^x>>63)) + 1 + 4) / 5
	}
	return n
}

// ParseRLE decodes COCO's compressed counts string (the inverse of String,
// as pycocotools' rleFrString) for an h×w mask. Unlike pycocotools it
// rejects, with an error wrapping ErrRLE, bytes outside '0'..'o', a count
// cut off mid-way, counts longer than 7 groups, counts that decode below 0
// or above 2^32-1, and counts that do not add up to h*w. Since a few bytes
// can describe a huge mask, it also rejects masks of more pixels than
// scene.DefaultLimits allows an image, which bounds what Decode allocates.
func ParseRLE(h, w int, s string) (RLE, error) {
	if err := checkSize(h, w); err != nil {
		return RLE{}, err
	}
	if lim := scene.DefaultLimits().MaxPixels; h*w > lim {
		return RLE{}, fmt.Errorf("%w: size %dx%d (h×w) exceeds the limit of %d pixels", ErrRLE, h, w, lim)
	}
	total := uint64(h * w)
	counts := make([]uint32, 0, min(len(s), 1024))
	var sum uint64
	for p := 0; p < len(s); {
		start := p
		var x int64
		for k := 0; ; k++ {
			if p >= len(s) {
				return RLE{}, fmt.Errorf("%w: count %d at byte %d is cut off", ErrRLE, len(counts), start)
			}
			if k == maxRLEGroups {
				return RLE{}, fmt.Errorf("%w: count %d at byte %d is longer than %d bytes", ErrRLE, len(counts), start, maxRLEGroups)
			}
			ch := s[p]
			if ch < '0' || ch > '0'+63 {
				return RLE{}, fmt.Errorf("%w: byte %d (%q) is outside '0'..'o'", ErrRLE, p, ch)
			}
			g := int64(ch - '0')
			x |= (g & 0x1f) << (5 * k)
			p++
			if g&0x20 == 0 {
				if g&0x10 != 0 {
					x |= -1 << (5 * (k + 1))
				}
				break
			}
		}
		if m := len(counts); m > 2 {
			x += int64(counts[m-2])
		}
		if x < 0 || x > math.MaxUint32 {
			return RLE{}, fmt.Errorf("%w: count %d at byte %d decodes to %d", ErrRLE, len(counts), start, x)
		}
		sum += uint64(x)
		if sum > total {
			return RLE{}, fmt.Errorf("%w: counts exceed %d×%d = %d pixels at byte %d", ErrRLE, h, w, total, start)
		}
		counts = append(counts, uint32(x))
	}
	if sum != total {
		return RLE{}, fmt.Errorf("%w: counts add up to %d pixels, want %d×%d = %d", ErrRLE, sum, h, w, total)
	}
	return RLE{H: h, W: w, Counts: counts}, nil
}

// Decode returns the mask as H*W row-major bytes, 1 for foreground and 0
// for background. Runs beyond H*W pixels are ignored and missing ones are
// background, so an RLE that fails Validate still decodes without panic;
// Decode returns nil when the size is invalid.
func (r RLE) Decode() []uint8 {
	if checkSize(r.H, r.W) != nil {
		return nil
	}
	n := r.H * r.W
	out := make([]uint8, n)
	if n == 0 {
		return out
	}
	p := 0 // column-major position
	for i, c := range r.Counts {
		end := min(p+int(c), n)
		if i%2 == 1 {
			x, y := p/r.H, p%r.H
			for q := p; q < end; q++ {
				out[y*r.W+x] = 1
				if y++; y == r.H {
					x, y = x+1, 0
				}
			}
		}
		if p = end; p == n {
			break
		}
	}
	return out
}

// Area returns the number of foreground pixels (rleArea).
func (r RLE) Area() int {
	a := 0
	for i := 1; i < len(r.Counts); i += 2 {
		a += int(r.Counts[i])
	}
	return a
}

// BBox returns the tight box of the foreground with pycocotools' rleToBbox
// semantics: [x0, y0, x1-x0+1, y1-y0+1] over the foreground pixels, and the
// zero box for an empty mask. Zero-length foreground runs (which no encoder
// produces) are skipped.
func (r RLE) BBox() Box {
	if r.H <= 0 || r.W <= 0 {
		return Box{}
	}
	x0, y0, x1, y1 := math.MaxInt, math.MaxInt, -1, -1
	p := 0
	for i, c := range r.Counts {
		if i%2 == 1 && c > 0 {
			sx, sy := p/r.H, p%r.H
			e := p + int(c) - 1
			ex, ey := e/r.H, e%r.H
			if ex > sx { // the run wraps into the next column
				sy, ey = 0, r.H-1
			}
			x0, x1 = min(x0, sx), max(x1, ex)
			y0, y1 = min(y0, sy, ey), max(y1, sy, ey)
		}
		p += int(c)
	}
	if x1 < 0 {
		return Box{}
	}
	return Box{X: float64(x0), Y: float64(y0), W: float64(x1 - x0 + 1), H: float64(y1 - y0 + 1)}
}

// IoU returns the intersection over union of two masks of the same size,
// computed on the runs without decoding; 0 when both are empty. It returns
// an error when the sizes differ.
func IoU(a, b RLE) (float64, error) {
	if a.H != b.H || a.W != b.W {
		return 0, fmt.Errorf("%w: IoU of masks of different sizes %dx%d and %dx%d", ErrRLE, a.H, a.W, b.H, b.W)
	}
	inter := intersection(a.Counts, b.Counts)
	union := a.Area() + b.Area() - inter
	if union == 0 {
		return 0, nil
	}
	return float64(inter) / float64(union), nil
}

// intersection returns the number of pixels that are foreground in both
// run lists, walking them in step.
func intersection(a, b []uint32) int {
	i, j := 0, 0
	var ra, rb uint32 // pixels left in run i of a and run j of b
	if len(a) > 0 {
		ra = a[0]
	}
	if len(b) > 0 {
		rb = b[0]
	}
	n := 0
	for {
		for ra == 0 && i < len(a) {
			if i++; i < len(a) {
				ra = a[i]
			}
		}
		for rb == 0 && j < len(b) {
			if j++; j < len(b) {
				rb = b[j]
			}
		}
		if i >= len(a) || j >= len(b) {
			return n
		}
		step := min(ra, rb)
		if i%2 == 1 && j%2 == 1 {
			n += int(step)
		}
		ra -= step
		rb -= step
	}
}
