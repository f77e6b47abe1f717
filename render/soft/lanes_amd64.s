//go:build amd64 && !purego && !amd64.v3

#include "textflag.h"

// The size of a surf, and the offsets of Lanes4's rows (lanes of one
// float of four surfs) that fillLanes writes (TestFillLanesLayout).
#define SURF 116
#define LSIZE 560

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
