//go:build amd64 && !purego

#include "textflag.h"
#include "post_amd64.h"

// func jpegRowsSSE2(b, t *jpegBlock, k *[4][8]int16)
//
// jpegRowsGo a row at a time: the row's eight samples packed to 16 bits,
// s_x = r_x + r_(7−x) and d_x = r_x − r_(7−x) for x < 4 in the low words,
// each doubled into both halves and multiplied by two
// frequencies' basis rows (PMADDWD: four products summed in two pairs),
// the pairs then added, rounded and shifted; even and odd outputs
// interleaved back. All sums are exact in 32 bits, as the Go code's.
TEXT ·jpegRowsSSE2(SB), NOSPLIT, $0-24
	MOVQ b+0(FP), SI
	MOVQ t+8(FP), DI
	MOVQ k+16(FP), DX
	MOVOU 0(DX), X12  // K0, K2
	MOVOU 16(DX), X13 // K4, K6
	MOVOU 32(DX), X14 // K1, K3
	MOVOU 48(DX), X15 // K5, K7
	BCAST32(32, X11) // 1 << (jpegShift1 − 1)
	MOVQ $8, CX

rowloop:
	MOVOU 0(SI), X0
	MOVOU 16(SI), X1
	PACKSSLW X1, X0 // r0..r7
	PSHUFD $0x1b, X0, X1
	PSHUFLW $0xb1, X1, X1 // r7 r6 r5 r4 in the low words (the high ones unused)
	MOVO X0, X2
	PADDW X1, X2 // s0 s1 s2 s3 in the low words
	PSUBW X1, X0 // d0 d1 d2 d3
	PUNPCKLQDQ X2, X2
	PUNPCKLQDQ X0, X0
	MOVO X12, X3
	PMADDWL X2, X3 // u=0 (x0+x1), (x2+x3); u=2 likewise
	MOVO X13, X4
	PMADDWL X2, X4 // u=4, u=6
	MOVO X14, X5
	PMADDWL X0, X5 // u=1, u=3
	MOVO X15, X6
	PMADDWL X0, X6 // u=5, u=7
	MOVAPS X3, X7
	SHUFPS $0x88, X4, X7
	SHUFPS $0xdd, X4, X3
	PADDL X7, X3 // o0 o2 o4 o6
	MOVAPS X5, X7
	SHUFPS $0x88, X6, X7
	SHUFPS $0xdd, X6, X5
	PADDL X7, X5 // o1 o3 o5 o7
	PADDL X11, X3
	PSRAL $6, X3
	PADDL X11, X5
	PSRAL $6, X5
	MOVO X3, X7
	PUNPCKLLQ X5, X3 // o0 o1 o2 o3
	PUNPCKHLQ X5, X7 // o4 o5 o6 o7
	MOVOU X3, 0(DI)
	MOVOU X7, 16(DI)
	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ  rowloop
	RET

// PACKROW sets dst to row v of the coefficients at SI packed to 16 bits
// (|f| < 2^11); tmp is clobbered.
#define PACKROW(v, dst, tmp) \
	MOVOU (32*v)(SI), dst \
	MOVOU (32*v+16)(SI), tmp \
	PACKSSLW tmp, dst

// INVY writes rows y and 7−y of t (at DI): e = the even frequencies'
// sums, o = the odd ones', eight columns at once in two registers each,
// then (e ± o + 2^5) >> 6.
#define INVY(y) \
	MOVOU (64*y)(DX), X8 \
	PMADDWL X0, X8 \
	MOVOU (64*y+16)(DX), X9 \
	PMADDWL X2, X9 \
	PADDL X9, X8 /* e, columns 0..3 */ \
	MOVOU (64*y)(DX), X9 \
	PMADDWL X1, X9 \
	MOVOU (64*y+16)(DX), X10 \
	PMADDWL X3, X10 \
	PADDL X10, X9 /* e, columns 4..7 */ \
	MOVOU (64*y+32)(DX), X10 \
	PMADDWL X4, X10 \
	MOVOU (64*y+48)(DX), X12 \
	PMADDWL X6, X12 \
	PADDL X12, X10 /* o, columns 0..3 */ \
	MOVOU (64*y+32)(DX), X12 \
	PMADDWL X5, X12 \
	MOVOU (64*y+48)(DX), X13 \
	PMADDWL X7, X13 \
	PADDL X13, X12 /* o, columns 4..7 */ \
	PADDL X14, X8 \
	PADDL X14, X9 \
	MOVO X8, X13 \
	PADDL X10, X13 \
	PSRAL $6, X13 \
	MOVOU X13, (32*y)(DI) \
	MOVO X9, X13 \
	PADDL X12, X13 \
	PSRAL $6, X13 \
	MOVOU X13, (32*y+16)(DI) \
	PSUBL X10, X8 \
	PSRAL $6, X8 \
	MOVOU X8, (32*(7-y))(DI) \
	PSUBL X12, X9 \
	PSRAL $6, X9 \
	MOVOU X9, (32*(7-y)+16)(DI)

// func jpegInvColsSSE2(f, t *jpegBlock, k *[4][4][8]int16)
//
// jpegInvColsGo for the eight columns side by side: the rows of f packed
// to 16 bits, rows 0 and 2, 4 and 6, 1 and 3, 5 and 7 interleaved (low
// and high four columns), so that PMADDWD by a pair of basis values
// gives two frequencies' products summed, column by column. The sums are
// exact in 32 bits, as the Go code's (which takes a column with only its
// DC term apart and gets the same).
TEXT ·jpegInvColsSSE2(SB), NOSPLIT, $0-24
	MOVQ f+0(FP), SI
	MOVQ t+8(FP), DI
	MOVQ k+16(FP), DX
	PACKROW(0, X0, X8)
	PACKROW(2, X9, X8)
	MOVO X0, X1
	PUNPCKLWL X9, X0 // (f0, f2), columns 0..3
	PUNPCKHWL X9, X1 // columns 4..7
	PACKROW(4, X2, X8)
	PACKROW(6, X9, X8)
	MOVO X2, X3
	PUNPCKLWL X9, X2
	PUNPCKHWL X9, X3
	PACKROW(1, X4, X8)
	PACKROW(3, X9, X8)
	MOVO X4, X5
	PUNPCKLWL X9, X4
	PUNPCKHWL X9, X5
	PACKROW(5, X6, X8)
	PACKROW(7, X9, X8)
	MOVO X6, X7
	PUNPCKLWL X9, X6
	PUNPCKHWL X9, X7
	BCAST32(32, X14)
	INVY(0)
	INVY(1)
	INVY(2)
	INVY(3)
	RET

// PAIRS sets h02, h13, h46 and h57 to the dword pairs (v0, v2), (v1,
// v3), (v4, v6) and (v5, v7) of the eight words in src, each in all four
// dwords; src is clobbered.
#define PAIRS(src, h02, h13, h46, h57) \
	PSHUFLW $0xd8, src, src \
	PSHUFHW $0xd8, src, src \
	PSHUFD $0x00, src, h02 \
	PSHUFD $0x55, src, h13 \
	PSHUFD $0xaa, src, h46 \
	PSHUFD $0xff, src, h57

// EODD sets e and d to the even and odd frequencies' sums of the eight
// words in src for x = 0..3: PAIRS, then PMADDWD by the basis pairs in
// X12..X15; src, t1 and t2 are clobbered.
#define EODD(src, e, d, t1, t2) \
	PAIRS(src, e, d, t1, t2) \
	PMADDWL X12, e \
	PMADDWL X13, t1 \
	PMADDWL X14, d \
	PMADDWL X15, t2 \
	PADDL t1, e \
	PADDL t2, d

// func jpegInvRowsSSE2(t, b *jpegBlock, k *[4][8]int16)
//
// jpegInvRows a row at a time, its 64-bit sums in 32-bit pieces: each
// value of the row split as t = 256·th + tl (th = t >> 8 below 2^13 in
// magnitude, tl = t & 255), both packed to 16 bits; PMADDWD by the pairs
// (K[u][x], K[u'][x]) of x = 0..3 (k) gives e and d, the even and odd
// frequencies' sums, as 256·A + B for x in four lanes, and
// (256·A + B + 2^21) >> 22 = (A + (B + 2^21) >> 8) >> 14 exactly
// (arithmetic shifts are floors; A below 2^29, B below 2^24): outputs x
// from e + d, outputs 7 − x from e − d.
TEXT ·jpegInvRowsSSE2(SB), NOSPLIT, $0-24
	MOVQ t+0(FP), SI
	MOVQ b+8(FP), DI
	MOVQ k+16(FP), DX
	MOVOU 0(DX), X12  // (K0, K2) of x = 0..3
	MOVOU 16(DX), X13 // (K4, K6)
	MOVOU 32(DX), X14 // (K1, K3)
	MOVOU 48(DX), X15 // (K5, K7)
	MOVQ $8, CX

invrowloop:
	MOVOU 0(SI), X0
	MOVOU 16(SI), X1
	MOVO X0, X2
	MOVO X1, X3
	PSRAL $8, X0
	PSRAL $8, X1
	PACKSSLW X1, X0 // th
	BCAST32(0xff, X4)
	PAND X4, X2
	PAND X4, X3
	PACKSSLW X3, X2 // tl
	EODD(X0, X4, X5, X6, X7) // high parts: e in X4, d in X5
	EODD(X2, X6, X7, X8, X9) // low parts: e in X6, d in X7
	BCAST32(0x200000, X10) // 2^21
	MOVO X4, X0
	PADDL X5, X0 // A of e + d
	PSUBL X5, X4 // A of e − d
	MOVO X6, X1
	PADDL X7, X1 // B of e + d
	PSUBL X7, X6 // B of e − d
	PADDL X10, X1
	PSRAL $8, X1
	PADDL X1, X0
	PSRAL $14, X0 // outputs 0..3
	PADDL X10, X6
	PSRAL $8, X6
	PADDL X6, X4
	PSRAL $14, X4 // outputs 7..4
	PSHUFD $0x1b, X4, X4
	MOVOU X0, 0(DI)
	MOVOU X4, 16(DI)
	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ  invrowloop
	RET

// SPLIT sets hi and lo to the 16-bit parts of the eight values v = a ±
// b of rows ya and yb of t (at SI; op PADDL or PSUBL): hi = v >> 8, lo =
// v & 255 (|v| < 2^22, so hi fits); X14 holds 255 in every dword; X8,
// X9, X10 and X11 are clobbered.
#define SPLIT(ya, yb, op, hi, lo) \
	MOVOU (32*ya)(SI), X8 \
	MOVOU (32*ya+16)(SI), X9 \
	MOVOU (32*yb)(SI), X10 \
	MOVOU (32*yb+16)(SI), X11 \
	op X10, X8 \
	op X11, X9 \
	MOVO X8, X10 \
	MOVO X9, X11 \
	PSRAL $8, X8 \
	PSRAL $8, X9 \
	PACKSSLW X9, X8 \
	MOVO X8, hi \
	PAND X14, X10 \
	PAND X14, X11 \
	PACKSSLW X11, X10 \
	MOVO X10, lo

// COLSUM writes frequency v's sums (its pairs at DX + 32v) of the
// interleaved pairs p01 (rows 0, 1: low, high four columns) and p23 to
// hi or lo at DI + 32v: two PMADDWD and one add for each half; X8..X11
// are clobbered.
#define COLSUM(v, p01lo, p01hi, p23lo, p23hi) \
	MOVOU (32*v)(DX), X8 \
	PMADDWL p01lo, X8 \
	MOVOU (32*v+16)(DX), X9 \
	PMADDWL p23lo, X9 \
	PADDL X9, X8 \
	MOVOU X8, (32*v)(DI) \
	MOVOU (32*v)(DX), X10 \
	PMADDWL p01hi, X10 \
	MOVOU (32*v+16)(DX), X11 \
	PMADDWL p23hi, X11 \
	PADDL X11, X10 \
	MOVOU X10, (32*v+16)(DI)

// INTERLEAVE sets lo, hi to the words of a and b interleaved (columns
// 0..3 and 4..7); a is clobbered (it becomes hi).
#define INTERLEAVE(a, b, lo) \
	MOVO a, lo \
	PUNPCKLWL b, lo \
	PUNPCKHWL b, a

// func jpegColSumsSSE2(t, hi, lo *jpegBlock, k *[8][2][8]int16)
//
// The sums of jpegColsQuantizeGo, F[v][u] = Σy<4 K[v][y]·s_y[u] (even v)
// or ·d_y[u] (odd v), s_y = t[y] + t[7−y] and d_y = t[y] − t[7−y], for
// the eight columns side by side, as F = 256·hi + lo: each s_y (d_y) is
// split into v >> 8 and v & 255 (16 bits each), rows 0 and 1, 2 and 3
// interleaved, and PMADDWD by the pairs of K[v] gives each part's sum,
// exact in 32 bits (below 2^29 and 2^21).
TEXT ·jpegColSumsSSE2(SB), NOSPLIT, $0-32
	MOVQ t+0(FP), SI
	MOVQ hi+8(FP), DI
	MOVQ lo+16(FP), R8
	MOVQ k+24(FP), DX
	BCAST32(0xff, X14)

	// The even frequencies, from s.
	SPLIT(0, 7, PADDL, X0, X4)
	SPLIT(1, 6, PADDL, X1, X5)
	SPLIT(2, 5, PADDL, X2, X6)
	SPLIT(3, 4, PADDL, X3, X7)
	INTERLEAVE(X0, X1, X12) // high parts, rows 0, 1: X12 columns 0..3, X0 4..7
	INTERLEAVE(X2, X3, X13) // rows 2, 3
	INTERLEAVE(X4, X5, X1)  // low parts, rows 0, 1: X1, X4
	INTERLEAVE(X6, X7, X3)  // rows 2, 3: X3, X6
	COLSUM(0, X12, X0, X13, X2)
	COLSUM(2, X12, X0, X13, X2)
	COLSUM(4, X12, X0, X13, X2)
	COLSUM(6, X12, X0, X13, X2)
	MOVQ DI, R9
	MOVQ R8, DI
	COLSUM(0, X1, X4, X3, X6)
	COLSUM(2, X1, X4, X3, X6)
	COLSUM(4, X1, X4, X3, X6)
	COLSUM(6, X1, X4, X3, X6)
	MOVQ R9, DI

	// The odd frequencies, from d.
	SPLIT(0, 7, PSUBL, X0, X4)
	SPLIT(1, 6, PSUBL, X1, X5)
	SPLIT(2, 5, PSUBL, X2, X6)
	SPLIT(3, 4, PSUBL, X3, X7)
	INTERLEAVE(X0, X1, X12)
	INTERLEAVE(X2, X3, X13)
	INTERLEAVE(X4, X5, X1)
	INTERLEAVE(X6, X7, X3)
	COLSUM(1, X12, X0, X13, X2)
	COLSUM(3, X12, X0, X13, X2)
	COLSUM(5, X12, X0, X13, X2)
	COLSUM(7, X12, X0, X13, X2)
	MOVQ R8, DI
	COLSUM(1, X1, X4, X3, X6)
	COLSUM(3, X1, X4, X3, X6)
	COLSUM(5, X1, X4, X3, X6)
	COLSUM(7, X1, X4, X3, X6)
	RET
