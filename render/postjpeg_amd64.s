//go:build amd64 && !purego

#include "textflag.h"

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
	MOVL $32, AX // 1 << (jpegShift1 − 1)
	MOVQ AX, X11
	PSHUFD $0, X11, X11
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
	MOVL $32, AX
	MOVQ AX, X14
	PSHUFD $0, X14, X14
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
	MOVL $0xff, AX
	MOVQ AX, X4
	PSHUFD $0, X4, X4
	PAND X4, X2
	PAND X4, X3
	PACKSSLW X3, X2 // tl
	PAIRS(X0, X4, X5, X6, X7)
	PMADDWL X12, X4
	PMADDWL X15, X7
	PMADDWL X13, X6
	PMADDWL X14, X5
	PADDL X6, X4 // e, high parts
	PADDL X7, X5 // d, high parts
	PAIRS(X2, X6, X7, X8, X9)
	PMADDWL X12, X6
	PMADDWL X13, X8
	PMADDWL X14, X7
	PMADDWL X15, X9
	PADDL X8, X6 // e, low parts
	PADDL X9, X7 // d, low parts
	MOVL $0x200000, AX // 2^21
	MOVQ AX, X10
	PSHUFD $0, X10, X10
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
