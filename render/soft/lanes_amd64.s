//go:build amd64 && !purego && !amd64.v3

#include "textflag.h"

// The size of a surf, and the offsets of Lanes4's rows (lanes of one
// float of four surfs) that fillLanes writes (TestFillLanesLayout).
#define SURF 116
#define LSIZE 560
#define LCOL 448 // writeLanes4's

// QUAD loads the four floats at byte off of the four surfs at SI
// (stride SURF) and stores them transposed: float k of the four as the
// row at byte rk of the Lanes4 at DI. X0..X7 are clobbered.
#define QUAD(off, r0, r1, r2, r3) \
	MOVUPS (off)(SI), X0 \
	MOVUPS (SURF+off)(SI), X1 \
	MOVUPS (2*SURF+off)(SI), X2 \
	MOVUPS (3*SURF+off)(SI), X3 \
	MOVAPS X0, X4 \
	UNPCKLPS X1, X4 /* a0 b0 a1 b1 */ \
	MOVAPS X2, X5 \
	UNPCKLPS X3, X5 /* c0 d0 c1 d1 */ \
	UNPCKHPS X1, X0 /* a2 b2 a3 b3 */ \
	UNPCKHPS X3, X2 /* c2 d2 c3 d3 */ \
	MOVAPS X4, X6 \
	MOVLHPS X5, X6 \
	MOVUPS X6, (r0)(DI) \
	MOVHLPS X4, X5 \
	MOVUPS X5, (r1)(DI) \
	MOVAPS X0, X7 \
	MOVLHPS X2, X7 \
	MOVUPS X7, (r2)(DI) \
	MOVHLPS X0, X2 \
	MOVUPS X2, (r3)(DI)

// func fillLanes(q *shading.Lanes4, s *surf, groups int)
TEXT ·fillLanes(SB), NOSPLIT, $0-24
	MOVQ q+0(FP), DI
	MOVQ s+8(FP), SI
	MOVQ groups+16(FP), DX
	TESTQ DX, DX
	JZ   done

group:
	// surf: p 0, ln 12, view 24, alb 36, amb 48, emis 60, metallic 72,
	// rough 76, exp 80, norm 84, occ 88, ed 92, es 104.
	// Lanes4: P 0, N 48, V 96, Exp 144, Ed 160, Es 208, Alb 256,
	// Amb 304, Emis 352, Metallic 496, Rough 512, Occ 528, Norm 544.
	QUAD(0, 0, 16, 32, 48)       // p.x p.y p.z ln.x
	QUAD(16, 64, 80, 96, 112)    // ln.y ln.z view.x view.y
	QUAD(32, 128, 256, 272, 288) // view.z alb.x alb.y alb.z
	QUAD(48, 304, 320, 336, 352) // amb.x amb.y amb.z emis.x
	QUAD(64, 368, 384, 496, 512) // emis.y emis.z metallic rough
	QUAD(80, 144, 544, 528, 160) // exp norm occ ed.x
	QUAD(96, 176, 192, 208, 224) // ed.y ed.z es.x es.y
	QUAD(100, 192, 208, 224, 240) // ed.z es.x es.y es.z

	ADDQ $(4*SURF), SI
	ADDQ $LSIZE, DI
	DECQ DX
	JNZ  group

done:
	RET

// ENCODE writes channel c (0, 1, 2) of lane R11 to byte c of the pixel
// at R12: the code encodeStart gives the clamped value's bits (at BITS
// + 16c of the frame) shifted right by 16 (at IDX + 16c), plus one where
// the bits reach encodeThrBits of that code, as encodeSRGB counts.
#define ENCODE(c) \
	MOVL (IDX+16*c)(SP)(R11*4), BX \
	MOVBLZX (R8)(BX*1), BX \
	MOVL (BITS+16*c)(SP)(R11*4), R13 \
	CMPL R13, (R9)(BX*4) \
	SBBL $-1, BX \
	MOVB BX, c(R12)

// CLAMPCH loads channel c of the group at DX, clamps it to [0, the float
// below 1] (NaN to 0: MAXPS gives its second operand) and stores its
// bits and their top 16 bits to the frame.
#define CLAMPCH(c) \
	MOVUPS (LCOL+16*c)(DX), X0 \
	MAXPS X15, X0 \
	MINPS X14, X0 \
	MOVUPS X0, (BITS+16*c)(SP) \
	PSRLL $16, X0 \
	MOVUPS X0, (IDX+16*c)(SP)

#define BITS 0
#define IDX 48

// func writeLanes4(pix *uint8, xs *int32, q *shading.Lanes4, m int, start *uint8, thr *uint32)
//
// writeLanes for m > 0 lanes: each group's Col rows clamped four lanes at
// a time, then each lane's three codes from the tables encodeSRGB
// reads (start: encodeStart, thr: encodeThrBits), and alpha 255, at
// byte 4·xs[i] of pix. Clamped to [0, 0x3f7fffff], a value v <= 0 or NaN
// has the bits of 0 and a value v >= 1 those of the float below 1, which
// encodeSRGB's tables give 0 and 255 as its branches do
// (TestWriteLanesMatchesGo).
TEXT ·writeLanes4(SB), NOSPLIT, $96-48
	MOVQ pix+0(FP), DI
	MOVQ xs+8(FP), SI
	MOVQ q+16(FP), DX
	MOVQ m+24(FP), CX
	MOVQ start+32(FP), R8
	MOVQ thr+40(FP), R9
	XORPS X15, X15
	MOVL $0x3f7fffff, AX
	MOVQ AX, X14
	PSHUFD $0, X14, X14

wgroup:
	CLAMPCH(0)
	CLAMPCH(1)
	CLAMPCH(2)
	MOVQ CX, R10
	CMPQ R10, $4
	JLE  wlanes
	MOVQ $4, R10

wlanes:
	XORQ R11, R11

wlane:
	MOVLQSX (SI)(R11*4), AX
	LEAQ (DI)(AX*4), R12
	ENCODE(0)
	ENCODE(1)
	ENCODE(2)
	MOVB $255, 3(R12)
	INCQ R11
	CMPQ R11, R10
	JLT  wlane

	ADDQ $16, SI
	ADDQ $LSIZE, DX
	SUBQ $4, CX
	JG   wgroup
	RET
