package render

import (
	"image/color"
	"math"
	"sync"
)

// JPEG re-compression (scene.Post.JPEGQuality) is simulated: what a
// baseline JPEG encoder followed by a decoder does to the pixels, without
// the entropy coding in between, which is lossless and so changes no
// pixel. For each 16×16 macroblock (edge pixels replicated past the
// image, as encoders do):
//
//  1. RGB to JFIF Y'CbCr (full range, color.RGBToYCbCr);
//  2. chroma subsampled 4:2:0, each 2×2 block averaged (rounded half up),
//     as image/jpeg's encoder does;
//  3. each 8×8 block level-shifted by 128, transformed by the
//     orthonormal 8×8 DCT-II of ITU-T T.81 (A.3.3), each coefficient
//     divided by its entry of the Annex K luminance or chrominance table
//     scaled by quality as libjpeg scales them (jpegQuantTables),
//     rounded to the nearest integer (halves away from zero), multiplied
//     back and inverse-transformed, then shifted back, rounded and
//     clamped to 0..255;
//  4. chroma upsampled by replication (as image/jpeg's decoder), and
//     Y'CbCr converted back to RGB (color.YCbCrToRGB).
//
// The transforms are in fixed point (jpegK, jpegKBits fractional bits)
// with integer arithmetic, and quantization divides in float64 (one
// correctly rounded operation), so the result is the same on every
// machine. It is within a rare level of the float64 definition, and
// differs from image/jpeg's encode-then-decode only by that codec's own
// DCT rounding (tested: TestJPEGBlockMatchesDefinition,
// TestJPEGMatchesCodec).

// jpegBlock is one 8×8 block of samples or coefficients, row-major.
type jpegBlock [64]int32

// jpegK[u][x] is round(2^jpegKBits · C(u)/2 · cos((2x+1)uπ/16)), C(0) = 1/√2
// and C(u) = 1 otherwise: the orthonormal 8-point DCT-II basis
// (read-only; a pointer, so that the passes do not copy it).
var jpegK = sync.OnceValue(func() *[8][8]int32 {
	k := new([8][8]int32)
	for u := range 8 {
		c := 0.5
		if u == 0 {
			c = 0.5 / math.Sqrt2
		}
		for x := range 8 {
			k[u][x] = int32(math.Round(1 << jpegKBits * c * math.Cos(float64(2*x+1)*float64(u)*math.Pi/16)))
		}
	}
	return k
})

// jpegLuma and jpegChroma are the example quantization tables of ITU-T
// T.81 Annex K (K.1 and K.2), row-major (vertical frequency first), which
// libjpeg and image/jpeg scale by quality.
var (
	jpegLuma = [64]int32{
		16, 11, 10, 16, 24, 40, 51, 61,
		12, 12, 14, 19, 26, 58, 60, 55,
		14, 13, 16, 24, 40, 57, 69, 56,
		14, 17, 22, 29, 51, 87, 80, 62,
		18, 22, 37, 56, 68, 109, 103, 77,
		24, 35, 55, 64, 81, 104, 113, 92,
		49, 64, 78, 87, 103, 121, 120, 101,
		72, 92, 95, 98, 112, 100, 103, 99,
	}
	jpegChroma = [64]int32{
		17, 18, 24, 47, 99, 99, 99, 99,
		18, 21, 26, 66, 99, 99, 99, 99,
		24, 26, 56, 99, 99, 99, 99, 99,
		47, 66, 99, 99, 99, 99, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
	}
)

// jpegQuantTables returns the luminance and chrominance tables for
// quality 1..100 as libjpeg's jpeg_quality_scaling and image/jpeg compute
// them: each Annex K entry times 5000/quality (quality < 50) or
// 200 − 2·quality percent, rounded, clamped to 1..255 (baseline).
func jpegQuantTables(quality int) (luma, chroma jpegBlock) {
	quality = min(max(quality, 1), 100)
	scale := int32(200 - 2*quality)
	if quality < 50 {
		scale = int32(5000 / quality)
	}
	q := func(base int32) int32 { return min(max((base*scale+50)/100, 1), 255) }
	for i := range 64 {
		luma[i], chroma[i] = q(jpegLuma[i]), q(jpegChroma[i])
	}
	return luma, chroma
}

// roundTrip quantizes block b (level-shifted samples, −128..127) in the
// DCT domain with table q and replaces it by the decoded samples, still
// level-shifted and not yet clamped. Between the passes values keep
// jpegFrac fractional bits; second passes sum in 64 bits.
func (b *jpegBlock) roundTrip(q *jpegBlock) {
	var t, f jpegBlock
	jpegRows(b, &t)
	jpegColsQuantize(&t, &f, q)
	jpegInvCols(&f, &t)
	jpegInvRows(&t, b)
}

// The passes of roundTrip. On amd64 their sums are SSE2 assembly with the
// same results (postjpeg_amd64.s); the Go functions here are their
// definitions.
const (
	jpegShift1 = jpegKBits - jpegFrac // the first passes' shift
	jpegShift2 = jpegKBits + jpegFrac // the inverse rows' shift
)

// jpegRowsGo is the forward pass over rows: t[y][u] = Σx K[u][x]·b[y][x],
// shifted to jpegFrac fractional bits. The basis is even in x for even u
// and odd for odd u, so each output needs four products of sums or
// differences.
func jpegRowsGo(b, t *jpegBlock) {
	k := jpegK()
	for y := range 8 {
		r := b[8*y : 8*y+8 : 8*y+8]
		s0, s1, s2, s3 := r[0]+r[7], r[1]+r[6], r[2]+r[5], r[3]+r[4]
		d0, d1, d2, d3 := r[0]-r[7], r[1]-r[6], r[2]-r[5], r[3]-r[4]
		o := t[8*y : 8*y+8 : 8*y+8]
		for u := 0; u < 8; u += 2 {
			ku := &k[u]
			o[u] = (ku[0]*s0 + ku[1]*s1 + ku[2]*s2 + ku[3]*s3 + 1<<(jpegShift1-1)) >> jpegShift1
			kv := &k[u+1]
			o[u+1] = (kv[0]*d0 + kv[1]*d1 + kv[2]*d2 + kv[3]*d3 + 1<<(jpegShift1-1)) >> jpegShift1
		}
	}
}

// jpegColsQuantizeGo is the forward pass over columns, F[v][u] = Σy
// K[v][y]·t[y][u] in 64 bits, quantized: round(F/Q) with halves away
// from zero, multiplied back by Q.
func jpegColsQuantizeGo(t, f, q *jpegBlock) {
	k := jpegK()
	for u := range 8 {
		s0, s1, s2, s3 := int64(t[u]+t[56+u]), int64(t[8+u]+t[48+u]), int64(t[16+u]+t[40+u]), int64(t[24+u]+t[32+u])
		d0, d1, d2, d3 := int64(t[u]-t[56+u]), int64(t[8+u]-t[48+u]), int64(t[16+u]-t[40+u]), int64(t[24+u]-t[32+u])
		for v := 0; v < 8; v += 2 {
			kv := &k[v]
			f[8*v+u] = quantize(int64(kv[0])*s0+int64(kv[1])*s1+int64(kv[2])*s2+int64(kv[3])*s3, q[8*v+u])
			kw := &k[v+1]
			f[8*v+8+u] = quantize(int64(kw[0])*d0+int64(kw[1])*d1+int64(kw[2])*d2+int64(kw[3])*d3, q[8*v+8+u])
		}
	}
}

// jpegInvColsGo is the inverse pass over columns: t[y][u] = Σv
// K[v][y]·F[v][u], shifted to jpegFrac fractional bits; even and odd
// frequencies give the halves y and 7−y. (A column with only its DC term
// gives every row the same value, which the sums give too: K[0][y] is
// the same for every y.)
func jpegInvColsGo(f, t *jpegBlock) {
	k := jpegK()
	for u := range 8 {
		if f[8+u]|f[16+u]|f[24+u]|f[32+u]|f[40+u]|f[48+u]|f[56+u] == 0 {
			c := (k[0][0]*f[u] + 1<<(jpegShift1-1)) >> jpegShift1 // every row gets the same
			for y := range 8 {
				t[8*y+u] = c
			}
			continue
		}
		for y := range 4 {
			e := k[0][y]*f[u] + k[2][y]*f[16+u] + k[4][y]*f[32+u] + k[6][y]*f[48+u]
			o := k[1][y]*f[8+u] + k[3][y]*f[24+u] + k[5][y]*f[40+u] + k[7][y]*f[56+u]
			t[8*y+u] = (e + o + 1<<(jpegShift1-1)) >> jpegShift1
			t[8*(7-y)+u] = (e - o + 1<<(jpegShift1-1)) >> jpegShift1
		}
	}
}

// jpegInvRowsGo is the inverse pass over rows: b[y][x] = Σu
// K[u][x]·t[y][u] in 64 bits, rounded to an integer.
func jpegInvRowsGo(t, b *jpegBlock) {
	k := jpegK()
	for y := range 8 {
		r := t[8*y : 8*y+8 : 8*y+8]
		o := b[8*y : 8*y+8 : 8*y+8]
		for x := range 4 {
			e := int64(k[0][x])*int64(r[0]) + int64(k[2][x])*int64(r[2]) + int64(k[4][x])*int64(r[4]) + int64(k[6][x])*int64(r[6])
			d := int64(k[1][x])*int64(r[1]) + int64(k[3][x])*int64(r[3]) + int64(k[5][x])*int64(r[5]) + int64(k[7][x])*int64(r[7])
			o[x] = int32((e + d + 1<<(jpegShift2-1)) >> jpegShift2)
			o[7-x] = int32((e - d + 1<<(jpegShift2-1)) >> jpegShift2)
		}
	}
}

// jpegKBits is the number of fractional bits of jpegK, jpegFrac that of
// the values between the passes of roundTrip. The bounds that keep the
// 32-bit first passes from overflowing: samples and dequantized
// coefficients are below 2^11 in magnitude, a basis entry below 2^(Kbits−1),
// so a sum of eight products stays below 2^(Kbits+13) and a pass output
// below 2^(Frac+13).
const (
	jpegKBits = 14
	jpegFrac  = 8
)

// quantize returns round(f/2^(jpegKBits+jpegFrac) / q)·q, halves away
// from zero, for a DCT coefficient f with that many fractional bits. The
// division is in float64, which is exact enough (|f| < 2^53, and a
// quotient that is not a half is at least 2^−30 from one) and correctly
// rounded on every machine.
func quantize(f int64, q int32) int32 {
	d := int64(q) << (jpegKBits + jpegFrac)
	if h := d >> 1; f < h && f > -h { // |f/d| < 1/2, most coefficients of a photo
		return 0
	}
	x := float64(f) / float64(d)
	if x < 0 {
		return -int32(0.5-x) * q
	}
	return int32(x+0.5) * q
}

// jpeg applies the simulated JPEG round trip, with the plan's tables, to
// the image, one band of 16 rows (a row of macroblocks) at a time:
// postBand is 16, so bands are whole macroblock rows and the result does
// not depend on the number of workers.
func (pp *postPass) jpeg() {
	ql, qc := jpegBlock(pp.plan.JPEGLuma), jpegBlock(pp.plan.JPEGChroma)
	pp.rows(func(y0, y1 int) {
		var y [4]jpegBlock // the macroblock's luma blocks: top left, top right, bottom left, bottom right
		var cb, cr jpegBlock
		for my := y0; my < y1; my += 16 {
			for mx := 0; mx < pp.w; mx += 16 {
				pp.loadMacroblock(mx, my, &y, &cb, &cr)
				for i := range y {
					y[i].roundTrip(&ql)
				}
				cb.roundTrip(&qc)
				cr.roundTrip(&qc)
				pp.storeMacroblock(mx, my, &y, &cb, &cr)
			}
		}
	})
}

// loadMacroblock converts the 16×16 pixels at (mx, my), edges replicated,
// to level-shifted luma blocks and 4:2:0 chroma blocks.
func (pp *postPass) loadMacroblock(mx, my int, y *[4]jpegBlock, cb, cr *jpegBlock) {
	if mx+16 <= pp.w && my+16 <= pp.h {
		pp.loadInner(mx, my, y, cb, cr)
		return
	}
	pp.loadEdge(mx, my, y, cb, cr)
}

// loadEdge is loadMacroblock for any macroblock, a pixel at a time; the
// definition loadInner follows.
func (pp *postPass) loadEdge(mx, my int, y *[4]jpegBlock, cb, cr *jpegBlock) {
	var sumB, sumR [64]int32
	for j := range 16 {
		row := pp.row(min(my+j, pp.h-1))
		for i := range 16 {
			o := 4 * min(mx+i, pp.w-1)
			yy, b, r := color.RGBToYCbCr(row[o], row[o+1], row[o+2])
			y[(j/8)*2+i/8][8*(j%8)+i%8] = int32(yy) - 128
			c := 8*(j/2) + i/2
			sumB[c] += int32(b)
			sumR[c] += int32(r)
		}
	}
	for c := range 64 {
		cb[c] = (sumB[c]+2)>>2 - 128
		cr[c] = (sumR[c]+2)>>2 - 128
	}
}

// storeMacroblock writes the decoded macroblock back, only the pixels
// inside the image.
func (pp *postPass) storeMacroblock(mx, my int, y *[4]jpegBlock, cb, cr *jpegBlock) {
	if mx+16 <= pp.w && my+16 <= pp.h {
		pp.storeInner(mx, my, y, cb, cr)
		return
	}
	pp.storeEdge(mx, my, y, cb, cr)
}

// storeEdge is storeMacroblock for any macroblock, a pixel at a time; the
// definition storeInner follows.
func (pp *postPass) storeEdge(mx, my int, y *[4]jpegBlock, cb, cr *jpegBlock) {
	for j := range min(16, pp.h-my) {
		row := pp.row(my + j)
		for i := range min(16, pp.w-mx) {
			c := 8*(j/2) + i/2
			r, g, b := color.YCbCrToRGB(clampSample(y[(j/8)*2+i/8][8*(j%8)+i%8]),
				clampSample(cb[c]), clampSample(cr[c]))
			o := 4 * (mx + i)
			row[o], row[o+1], row[o+2] = r, g, b
		}
	}
}

// clampSample undoes the level shift of a decoded sample and clamps it to
// 0..255.
func clampSample(v int32) uint8 {
	v += 128
	if v < 0 {
		return 0
	}
	if v > 255 {
		return 255
	}
	return uint8(v)
}

// loadInner is loadMacroblock for a macroblock inside the image, a 2×2
// quad of pixels (one chroma sample) at a time: the same values, without
// the edge clamps or the per-pixel block arithmetic.
func (pp *postPass) loadInner(mx, my int, y *[4]jpegBlock, cb, cr *jpegBlock) {
	for j := 0; j < 16; j += 2 {
		top := pp.row(my + j)[4*mx : 4*mx+64 : 4*mx+64]
		bot := pp.row(my + j + 1)[4*mx : 4*mx+64 : 4*mx+64]
		yt := 8 * (j % 8) // the quad's top row in its luma block
		c := cb[8*(j/2) : 8*(j/2)+8 : 8*(j/2)+8]
		d := cr[8*(j/2) : 8*(j/2)+8 : 8*(j/2)+8]
		for h := range 2 { // the left and right luma blocks
			blk := &y[(j/8)*2+h]
			lt := blk[yt : yt+8 : yt+8]
			lb := blk[yt+8 : yt+16 : yt+16]
			for i := range 4 {
				o := 32*h + 8*i
				p, q := top[o:o+8:o+8], bot[o:o+8:o+8]
				y0, b0, r0 := rgbToYCbCr(p[0], p[1], p[2])
				y1, b1, r1 := rgbToYCbCr(p[4], p[5], p[6])
				y2, b2, r2 := rgbToYCbCr(q[0], q[1], q[2])
				y3, b3, r3 := rgbToYCbCr(q[4], q[5], q[6])
				lt[2*i], lt[2*i+1], lb[2*i], lb[2*i+1] = y0-128, y1-128, y2-128, y3-128
				c[4*h+i] = (b0+b1+b2+b3+2)>>2 - 128
				d[4*h+i] = (r0+r1+r2+r3+2)>>2 - 128
			}
		}
	}
}

// storeInner is storeMacroblock for a macroblock inside the image, a 2×2
// quad of pixels at a time, each quad's chroma terms of
// color.YCbCrToRGB computed once: the same integer sums, so the same
// pixels.
func (pp *postPass) storeInner(mx, my int, y *[4]jpegBlock, cb, cr *jpegBlock) {
	for j := 0; j < 16; j += 2 {
		top := pp.row(my + j)[4*mx : 4*mx+64 : 4*mx+64]
		bot := pp.row(my + j + 1)[4*mx : 4*mx+64 : 4*mx+64]
		yt := 8 * (j % 8)
		c := cb[8*(j/2) : 8*(j/2)+8 : 8*(j/2)+8]
		d := cr[8*(j/2) : 8*(j/2)+8 : 8*(j/2)+8]
		for h := range 2 {
			blk := &y[(j/8)*2+h]
			lt := blk[yt : yt+8 : yt+8]
			lb := blk[yt+8 : yt+16 : yt+16]
			for i := range 4 {
				cb1, cr1 := int32(clampSample(c[4*h+i]))-128, int32(clampSample(d[4*h+i]))-128
				dr, dg, db := 91881*cr1, -22554*cb1-46802*cr1, 116130*cb1
				o := 32*h + 8*i
				p, q := top[o:o+8:o+8], bot[o:o+8:o+8]
				putRGB((*[3]uint8)(p[0:3]), int32(clampSample(lt[2*i]))*0x10101, dr, dg, db)
				putRGB((*[3]uint8)(p[4:7]), int32(clampSample(lt[2*i+1]))*0x10101, dr, dg, db)
				putRGB((*[3]uint8)(q[0:3]), int32(clampSample(lb[2*i]))*0x10101, dr, dg, db)
				putRGB((*[3]uint8)(q[4:7]), int32(clampSample(lb[2*i+1]))*0x10101, dr, dg, db)
			}
		}
	}
}

// rgbToYCbCr is color.RGBToYCbCr with int32 results, which the compiler
// inlines (TestColourConversionsMatch compares every input).
func rgbToYCbCr(r, g, b uint8) (y, cb, cr int32) {
	r1, g1, b1 := int32(r), int32(g), int32(b)
	y = (19595*r1 + 38470*g1 + 7471*b1 + 1<<15) >> 16
	// Before the shift Cb and Cr lie in [2^16, 2^24], so of image/color's
	// clamps only the top one can apply (at 2^24: pure blue, pure red).
	cb = min((-11056*r1-21712*g1+32768*b1+257<<15)>>16, 255)
	cr = min((32768*r1-27440*g1-5328*b1+257<<15)>>16, 255)
	return y, cb, cr
}

// putRGB writes color.YCbCrToRGB's result for a pixel whose luma term is
// yy1 (Y'·0x10101) and whose chroma terms are dr, dg and db
// (91881·(Cr−128), −22554·(Cb−128) − 46802·(Cr−128) and
// 116130·(Cb−128)) to px.
func putRGB(px *[3]uint8, yy1, dr, dg, db int32) {
	px[0], px[1], px[2] = uint8(clampShift16(yy1+dr)), uint8(clampShift16(yy1+dg)), uint8(clampShift16(yy1+db))
}

// clampShift16 is v>>16 clamped to 0..255, which is what image/color
// computes with its test of the top byte for the colour conversions'
// sums (|v| < 2^31).
func clampShift16(v int32) int32 {
	return min(max(v>>16, 0), 255)
}
