//go:build amd64 && !purego && !amd64.v3

#include "go_asm.h"
#include "textflag.h"
#include "post_amd64.h"

// func gainRow4(px *uint8, in, dx2, z *float32, ga *gainArgs, dy2 float32, n int)
//
// gainPixels for pixels [0, n), n a multiple of 4, four pixels a step:
// their 12 linear values in three registers (r g b r, g b r g, b r g b),
// the gains in the same order (gainArgs.lanes), and the four vignette
// factors spread to match. Each operation is gainPixels' in its order.
// Shot noise: v + float32(sqrt(shot·float64(max(v, 0))))·z, which is
// shotNoise's for v > 0 and adds ±0 to v <= 0 (whose index is 0 either
// way). The index: int(min(max(v, 0), 1)·65535 + 0.5), which is
// linearIndex's for v in (0, 1) and its ends outside. The 12 indices go
// through the frame to the encode table a byte at a time.
TEXT ·gainRow4(SB), NOSPLIT, $48-56
	MOVQ px+0(FP), DI
	MOVQ in+8(FP), SI
	MOVQ dx2+16(FP), R8
	MOVQ z+24(FP), R9
	MOVQ ga+32(FP), AX
	MOVUPS gainArgs_lanes(AX), X8
	MOVUPS gainArgs_lanes+16(AX), X9
	MOVUPS gainArgs_lanes+32(AX), X10
	MOVSS gainArgs_vig(AX), X11
	SHUFPS $0, X11, X11
	MOVSD gainArgs_shot(AX), X13
	UNPCKLPD X13, X13
	MOVQ gainArgs_enc(AX), BX
	XORL R10, R10
	PXOR X15, X15
	UCOMISD X15, X13
	JBE  noshot
	MOVL $1, R10 // shot > 0 (shot is never NaN)

noshot:
	MOVSS dy2+40(FP), X12
	SHUFPS $0, X12, X12
	BCAST32(0x3f800000, X14) // 1.0
	MOVQ n+48(FP), CX
	SHRQ $2, CX
	JZ   done

loop:
	// The vignette: v = 1 - vig·(dx² + dy²), then the gains times v.
	MOVUPS (R8), X0
	ADDPS X12, X0
	MULPS X11, X0
	MOVAPS X14, X1
	SUBPS X0, X1
	PSHUFD $0x40, X1, X2 // v0 v0 v0 v1
	PSHUFD $0xa5, X1, X3 // v1 v1 v2 v2
	PSHUFD $0xfe, X1, X4 // v2 v3 v3 v3
	MULPS X8, X2
	MULPS X9, X3
	MULPS X10, X4
	MOVUPS (SI), X5
	MOVUPS 16(SI), X6
	MOVUPS 32(SI), X7
	MULPS X2, X5
	MULPS X3, X6
	MULPS X4, X7
	TESTL R10, R10
	JZ   index

#define SHOT(V, OFF) \
	MOVAPS V, X0 \
	MAXPS X15, X0 \
	CVTPS2PD X0, X1 \
	MOVHLPS X0, X0 \
	CVTPS2PD X0, X2 \
	MULPD X13, X1 \
	MULPD X13, X2 \
	SQRTPD X1, X1 \
	SQRTPD X2, X2 \
	CVTPD2PS X1, X1 \
	CVTPD2PS X2, X2 \
	MOVLHPS X2, X1 \
	MOVUPS OFF(R9), X0 \
	MULPS X0, X1 \
	ADDPS X1, V

	SHOT(X5, 0)
	SHOT(X6, 16)
	SHOT(X7, 32)
	ADDQ $48, R9

index:
	BCAST32(0x477fff00, X3) // 65535.0
	BCAST32(0x3f000000, X4) // 0.5

#define INDEX(V, OFF) \
	MAXPS X15, V \
	MINPS X14, V \
	MULPS X3, V \
	ADDPS X4, V \
	CVTTPS2PL V, V \
	MOVOU V, OFF(SP)

	INDEX(X5, 0)
	INDEX(X6, 16)
	INDEX(X7, 32)

#define ENC(SRC, DST) \
	MOVL SRC(SP), AX \
	MOVBLZX (BX)(AX*1), AX \
	MOVB AX, DST(DI)

	ENC(0, 0)
	ENC(4, 1)
	ENC(8, 2)
	ENC(12, 4)
	ENC(16, 5)
	ENC(20, 6)
	ENC(24, 8)
	ENC(28, 9)
	ENC(32, 10)
	ENC(36, 12)
	ENC(40, 13)
	ENC(44, 14)

	ADDQ $48, SI
	ADDQ $16, R8
	ADDQ $16, DI
	DECQ CX
	JNZ  loop

done:
	RET

// func displayRow4(px *uint8, z *float32, w int, d *displayArgs, n int)
//
// displayPixels for pixels [0, n), n a multiple of 4, four pixels a
// step: their 16 bytes transposed to r0..r3 g0..g3 b0..b3 a0..a3 (two
// rounds of interleaving a register's halves), each channel widened to
// four floats, the same operations as displayPixels in its order, the
// clamp to [0, 255] by MAXPS and MINPS (clampRound's ends), + 0.5 and
// truncation; then packed and transposed back, alpha as it was.
TEXT ·displayRow4(SB), NOSPLIT, $0-40
	MOVQ px+0(FP), DI
	MOVQ z+8(FP), R8 // red draws; green at R8 + 4w, blue at R8 + 8w
	MOVQ w+16(FP), R9
	SHLQ $2, R9
	MOVQ d+24(FP), AX
	MOVSS displayArgs_k(AX), X8
	SHUFPS $0, X8, X8
	MOVSS displayArgs_s(AX), X9
	SHUFPS $0, X9, X9
	MOVSS displayArgs_sigma(AX), X10
	SHUFPS $0, X10, X10
	MOVQ displayArgs_flags(AX), R10
	BCAST32(0x42ff0000, X11) // 127.5
	BCAST32(0x3e991687, X12) // float32(0.299)
	BCAST32(0x3f1645a2, X13) // float32(0.587)
	BCAST32(0x3de978d5, X14) // float32(0.114)
	PXOR X15, X15
	MOVQ n+32(FP), CX
	SHRQ $2, CX
	JZ   ddone

dloop:
	MOVOU (DI), X0
	PSHUFD $0xee, X0, X1
	PUNPCKLBW X1, X0
	PSHUFD $0xee, X0, X1
	PUNPCKLBW X1, X0 // r0..r3 g0..g3 b0..b3 a0..a3
	MOVO X0, X1
	PUNPCKLBW X15, X1 // words r, g
	PUNPCKHBW X15, X0 // words b, a
	MOVO X1, X2
	PUNPCKLWL X15, X2 // r
	MOVO X1, X3
	PUNPCKHWL X15, X3 // g
	MOVO X0, X4
	PUNPCKLWL X15, X4 // b
	MOVO X0, X5
	PUNPCKHWL X15, X5 // a, kept as integers
	CVTPL2PS X2, X2
	CVTPL2PS X3, X3
	CVTPL2PS X4, X4

	TESTQ $const_displayContrast, R10
	JZ   nocontrast
	SUBPS X11, X2
	SUBPS X11, X3
	SUBPS X11, X4
	MULPS X8, X2
	MULPS X8, X3
	MULPS X8, X4
	ADDPS X11, X2
	ADDPS X11, X3
	ADDPS X11, X4

nocontrast:
	TESTQ $const_displaySaturation, R10
	JZ   nosaturation
	MOVAPS X2, X6
	MULPS X12, X6
	MOVAPS X3, X7
	MULPS X13, X7
	ADDPS X7, X6
	MOVAPS X4, X7
	MULPS X14, X7
	ADDPS X7, X6 // l = 0.299r + 0.587g + 0.114b
	SUBPS X6, X2
	SUBPS X6, X3
	SUBPS X6, X4
	MULPS X9, X2
	MULPS X9, X3
	MULPS X9, X4
	ADDPS X6, X2
	ADDPS X6, X3
	ADDPS X6, X4

nosaturation:
	TESTQ $const_displayNoise, R10
	JZ   nonoise
	MOVUPS (R8), X6
	MULPS X10, X6
	ADDPS X6, X2
	MOVUPS (R8)(R9*1), X6
	MULPS X10, X6
	ADDPS X6, X3
	MOVUPS (R8)(R9*2), X6
	MULPS X10, X6
	ADDPS X6, X4
	ADDQ $16, R8

nonoise:
	BCAST32(0x437f0000, X6) // 255.0
	BCAST32(0x3f000000, X7) // 0.5

#define CLAMP(V) \
	MAXPS X15, V \
	MINPS X6, V \
	ADDPS X7, V \
	CVTTPS2PL V, V

	CLAMP(X2)
	CLAMP(X3)
	CLAMP(X4)
	PACKSSLW X3, X2 // words r, g
	PACKSSLW X5, X4 // words b, a
	PACKUSWB X4, X2 // r0..r3 g0..g3 b0..b3 a0..a3
	PSHUFD $0xee, X2, X1
	PUNPCKLBW X1, X2
	PSHUFD $0xee, X2, X1
	PUNPCKLBW X1, X2 // r0 g0 b0 a0 r1 ...
	MOVOU X2, (DI)
	ADDQ $16, DI
	DECQ CX
	JNZ  dloop

ddone:
	RET
