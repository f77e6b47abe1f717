package soft

import (
	"encoding/binary"
	"math"

	"github.com/synthkit/synthkit/scene"
)

// sRGB conversion tables. They are computed once from the exact IEC
// 61966-2-1 functions in float64 and never change.
var (
	// decodeLUT[k] is the linear value of the 8-bit sRGB code k.
	decodeLUT = makeDecodeLUT()
	// encodeThr[k] is the smallest linear value that encodes to code k+1:
	// the decoding of the midpoint (k+0.5)/255 between codes k and k+1, so
	// encoding rounds to the nearest code in sRGB space.
	encodeThr = makeEncodeThr()
	// encodeThrBits[k] is the bit pattern of the smallest float32 that
	// encodes to code k+1 (the smallest v with float64(v) >= encodeThr[k]);
	// entry 255 is a sentinel no float32 in [0, 1) reaches. Positive
	// float32s order like their bit patterns, so encodeSRGB compares bits.
	encodeThrBits = makeEncodeThrBits()
	// encodeStart[i] is the code of the float32 whose bits are
	// i<<encodeShift, a lower bound for the code of every value whose bits
	// start with i. Such a run of values spans less than one code (at most
	// 2^-7 relative, below the spacing of the thresholds), so it crosses at
	// most one threshold: see TestSRGBEncodeBuckets.
	encodeStart = makeEncodeStart()
)

const (
	encodeShift   = 16
	encodeBuckets = 0x3f800000 >> encodeShift // bits of 1.0, the first value that is always 255
)

func srgbToLinear64(v float64) float64 {
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

func makeDecodeLUT() *[256]float32 {
	var t [256]float32
	for k := range t {
		t[k] = float32(srgbToLinear64(float64(k) / 255))
	}
	return &t
}

func makeEncodeThr() *[255]float64 {
	var t [255]float64
	for k := range t {
		t[k] = srgbToLinear64((float64(k) + 0.5) / 255)
	}
	return &t
}

func makeEncodeThrBits() *[256]uint32 {
	var t [256]uint32
	for k, thr := range makeEncodeThr() {
		f := float32(thr)
		if float64(f) < thr {
			f = math.Nextafter32(f, 2)
		}
		t[k] = math.Float32bits(f)
	}
	t[255] = math.MaxUint32
	return &t
}

func makeEncodeStart() *[encodeBuckets]uint8 {
	thr := makeEncodeThrBits()
	var t [encodeBuckets]uint8
	k := 0
	for i := range t {
		for k < 255 && uint32(i)<<encodeShift >= thr[k] {
			k++
		}
		t[i] = uint8(k)
	}
	return &t
}

// encodeSRGB converts a linear value to the nearest 8-bit sRGB code,
// clamping to [0, 1] (NaN gives 0). It is exact: the result equals
// counting the thresholds encodeThr below v.
func encodeSRGB(v float32) uint8 {
	if !(v > 0) {
		return 0
	}
	if v >= 1 {
		return 255
	}
	b := math.Float32bits(v)
	k := encodeStart[b>>encodeShift]
	if b >= encodeThrBits[k] {
		k++
	}
	return k
}

// texRec is a texture ready for sampling.
type texRec struct {
	pix          []uint8
	stride       int
	off          int // offset of the top-left texel in pix
	w, h         int
	wrapS, wrapT scene.Wrap
	nearest      bool
	// lut maps an 8-bit code to its value: decodeLUT for sRGB textures,
	// linearLUT (code/255) for data textures.
	lut *[256]float32
}

// linearLUT[k] is k/255, the value of a code in a linear (data) texture.
var linearLUT = makeLinearLUT()

func makeLinearLUT() *[256]float32 {
	var t [256]float32
	for k := range t {
		t[k] = float32(k) / 255
	}
	return &t
}

// prepare fills r from t, decoding its texels from sRGB when srgb is set,
// and reports whether t can be sampled (it is not nil and not empty).
func (r *texRec) prepare(t *scene.Texture, srgb bool) bool {
	if t == nil {
		return false
	}
	img := t.Image
	if img == nil || img.Rect.Empty() {
		return false
	}
	*r = texRec{
		pix: img.Pix, stride: img.Stride, off: img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y),
		w: img.Rect.Dx(), h: img.Rect.Dy(),
		wrapS: t.WrapS, wrapT: t.WrapT, nearest: t.Nearest,
		lut: linearLUT,
	}
	if srgb {
		r.lut = decodeLUT
	}
	return true
}

// taps is where a filtered lookup reads: for a nearest-filtered texture
// the texel (xa, ya); otherwise the four texels {xa, xb}×{ya, yb} with the
// bilinear weights tx, ty of xb and yb.
type taps struct {
	xa, xb, ya, yb int
	tx, ty         float32
}

// taps returns the texels a lookup at (u, v) reads, glTF convention:
// (0, 0) is the top-left corner of the image and texel centres lie at
// ((i+0.5)/w, (j+0.5)/h), with the texture's wrap modes.
func (r *texRec) taps(u, v float32) taps {
	x := texCoord(u, r.w)
	y := texCoord(v, r.h)
	if r.nearest {
		xa, _ := floorInt(x)
		ya, _ := floorInt(y)
		return taps{xa: wrap(xa, r.w, r.wrapS), ya: wrap(ya, r.h, r.wrapT)}
	}
	x -= 0.5
	y -= 0.5
	// Inside the image, both columns (rows) are what every wrap mode
	// gives: the common case needs no call.
	xa, fx0 := floorInt(x)
	ya, fy0 := floorInt(y)
	xb, yb := xa+1, ya+1
	if uint(xa) >= uint(r.w-1) {
		xa, xb = wrap2(xa, r.w, r.wrapS)
	}
	if uint(ya) >= uint(r.h-1) {
		ya, yb = wrap2(ya, r.h, r.wrapT)
	}
	return taps{
		xa: xa, xb: xb, ya: ya, yb: yb,
		tx: float32(x - fx0), ty: float32(y - fy0),
	}
}

// sample returns the RGB of the texture at (u, v) (see taps): linear
// colour for an sRGB texture, filtered after decoding, or the stored
// values/255 for a data texture.
//
// Where the four texels have the same RGB (most lookups of the shelves'
// product maps: 59% of base-colour and 93% of data-map lookups), that
// colour is the result without the interpolations, which would give it
// bit for bit: each difference is +0, its product with a finite weight
// +0, and a decoded value (never negative) plus +0 the value itself.
//
// It reads the texels taps gives, with its weights, bit for bit
// (TestSampleMatchesInterpolation), but keeps the common case in
// registers: a bilinear lookup inside the image, with the floors taken by
// floorInt; nearest filtering and taps past an edge go out of line.
func (r *texRec) sample(u, v float32) vec {
	if r.nearest {
		return r.sampleNearest(u, v)
	}
	x := texCoord(u, r.w) - 0.5
	y := texCoord(v, r.h) - 0.5
	xa, fx := floorInt(x)
	ya, fy := floorInt(y)
	tx, ty := float32(x-fx), float32(y-fy)
	xb, yb := xa+1, ya+1
	if uint(xa) >= uint(r.w-1) || uint(ya) >= uint(r.h-1) {
		xa, xb, ya, yb = r.wrapTaps(xa, ya)
	}
	ra, rb := r.off+ya*r.stride, r.off+yb*r.stride
	w00, w10 := r.rgb(ra+4*xa), r.rgb(ra+4*xb)
	w01, w11 := r.rgb(rb+4*xa), r.rgb(rb+4*xb)
	if w00 == w10 && w00 == w01 && w00 == w11 {
		return r.decode(w00)
	}
	c00, c10 := r.decode(w00), r.decode(w10)
	c01, c11 := r.decode(w01), r.decode(w11)
	top := c00.add(c10.sub(c00).scale(tx))
	bot := c01.add(c11.sub(c01).scale(tx))
	return top.add(bot.sub(top).scale(ty))
}

// sampleNearest is sample for a nearest-filtered texture.
//
//go:noinline
func (r *texRec) sampleNearest(u, v float32) vec {
	t := r.taps(u, v)
	return r.texel(t.xa, t.ya)
}

// wrapTaps returns the columns and rows of a bilinear lookup whose first
// column xa or row ya (the floors) is not inside the image with its
// neighbour: wrapped by the texture's modes (wrap2) where needed.
//
//go:noinline
func (r *texRec) wrapTaps(xa, ya int) (x0, x1, y0, y1 int) {
	x0, x1, y0, y1 = xa, xa+1, ya, ya+1
	if uint(xa) >= uint(r.w-1) {
		x0, x1 = wrap2(xa, r.w, r.wrapS)
	}
	if uint(ya) >= uint(r.h-1) {
		y0, y1 = wrap2(ya, r.h, r.wrapT)
	}
	return x0, x1, y0, y1
}

// floorInt returns ⌊x⌋ as an int and as a float64 for |x| < 2^52 (what
// texCoord gives, less 0.5): the truncation, less one when it is above x.
// The float is math.Floor(x) bit for bit but for x = -0, where it is +0;
// sample subtracts it from x, and x - 0.5 is never -0.
func floorInt(x float64) (int, float64) {
	i := int(x)
	f := float64(i)
	if f > x {
		i--
		f--
	}
	return i, f
}

// sampleAlpha returns the alpha of the texture at (u, v) (0 to 1, as
// stored: alpha is not sRGB-encoded) with the filter sample uses for the
// colour: the same taps and weights.
func (r *texRec) sampleAlpha(u, v float32) float32 {
	t := r.taps(u, v)
	if r.nearest {
		return r.alpha(t.xa, t.ya)
	}
	a00, a10 := r.alpha(t.xa, t.ya), r.alpha(t.xb, t.ya)
	a01, a11 := r.alpha(t.xa, t.yb), r.alpha(t.xb, t.yb)
	top := a00 + (a10-a00)*t.tx
	bot := a01 + (a11-a01)*t.tx
	return top + (bot-top)*t.ty
}

func (r *texRec) alpha(x, y int) float32 {
	return float32(r.pix[r.off+y*r.stride+4*x+3]) / 255
}

// texCoord maps a texture coordinate to texel units, replacing non-finite
// or absurdly large values (which carry no precision anyway) by 0 so that
// the integer conversions that follow are well defined.
func texCoord(u float32, n int) float64 {
	x := float64(u) * float64(n)
	if !(math.Abs(x) < 1<<40) {
		return 0
	}
	return x
}

// rgb returns the red, green and blue codes of the texel at byte offset
// i of r.pix as the low three bytes of a word (red lowest).
func (r *texRec) rgb(i int) uint32 {
	return binary.LittleEndian.Uint32(r.pix[i:i+4:i+4]) & 0xffffff
}

// decode returns the values of the codes in w (rgb).
func (r *texRec) decode(w uint32) vec {
	lut := r.lut
	return vec{lut[uint8(w)], lut[uint8(w>>8)], lut[uint8(w>>16)]}
}

// texel returns the decoded RGB of texel (x, y).
func (r *texRec) texel(x, y int) vec { return r.decode(r.rgb(r.off + y*r.stride + 4*x)) }

// wrap2 returns wrap(i, n, mode) and wrap(i+1, n, mode), the columns (or
// rows) of a bilinear lookup, with at most one division: none when i is
// inside the first period (most lookups) or n is a power of two. |i| must
// be below 1<<62.
func wrap2(i, n int, mode scene.Wrap) (int, int) {
	switch mode {
	case scene.ClampToEdge:
		return max(0, min(i, n-1)), max(0, min(i+1, n-1))
	case scene.MirroredRepeat:
		p := 2 * n
		m := reduce(i, p)
		m1 := m + 1
		if m1 == p {
			m1 = 0
		}
		if m >= n {
			m = p - 1 - m
		}
		if m1 >= n {
			m1 = p - 1 - m1
		}
		return m, m1
	default: // Repeat, and unknown modes
		m := reduce(i, n)
		m1 := m + 1
		if m1 == n {
			m1 = 0
		}
		return m, m1
	}
}

// reduce returns i modulo p in [0, p), p > 0: i itself when it is there
// already, a mask when p is a power of two, else a division.
func reduce(i, p int) int {
	if uint(i) < uint(p) {
		return i
	}
	if p&(p-1) == 0 {
		return i & (p - 1)
	}
	m := i % p
	if m < 0 {
		m += p
	}
	return m
}

// wrap maps texel index i into [0, n) with the given wrap mode (the
// plain form: wrap2 is tested against it).
func wrap(i, n int, mode scene.Wrap) int {
	switch mode {
	case scene.ClampToEdge:
		return max(0, min(i, n-1))
	case scene.MirroredRepeat:
		m := i % (2 * n)
		if m < 0 {
			m += 2 * n
		}
		if m >= n {
			m = 2*n - 1 - m
		}
		return m
	default: // Repeat, and unknown modes
		m := i % n
		if m < 0 {
			m += n
		}
		return m
	}
}
