//go:build amd64 && !purego && !amd64.v3

#include "textflag.h"

// The float32 constants of Log2 and Exp2 (specpow.go), as Go rounds them,
// each in four lanes (16 bytes: the linker aligns the table to 32, so the
// SSE instructions can take them as memory operands).
DATA pow4c<>+0x000(SB)/4, $0x3f3504f3 // the bits of √½: Log2's offset
DATA pow4c<>+0x004(SB)/4, $0x3f3504f3
DATA pow4c<>+0x008(SB)/4, $0x3f3504f3
DATA pow4c<>+0x00c(SB)/4, $0x3f3504f3
DATA pow4c<>+0x010(SB)/4, $0x007fffff // the mantissa's bits
DATA pow4c<>+0x014(SB)/4, $0x007fffff
DATA pow4c<>+0x018(SB)/4, $0x007fffff
DATA pow4c<>+0x01c(SB)/4, $0x007fffff
DATA pow4c<>+0x020(SB)/4, $0x3f800000 // 1
DATA pow4c<>+0x024(SB)/4, $0x3f800000
DATA pow4c<>+0x028(SB)/4, $0x3f800000
DATA pow4c<>+0x02c(SB)/4, $0x3f800000
DATA pow4c<>+0x030(SB)/4, $0x3e2923ba // Log2's coefficients, the last first
DATA pow4c<>+0x034(SB)/4, $0x3e2923ba
DATA pow4c<>+0x038(SB)/4, $0x3e2923ba
DATA pow4c<>+0x03c(SB)/4, $0x3e2923ba
DATA pow4c<>+0x040(SB)/4, $0xbe8ab6e8
DATA pow4c<>+0x044(SB)/4, $0xbe8ab6e8
DATA pow4c<>+0x048(SB)/4, $0xbe8ab6e8
DATA pow4c<>+0x04c(SB)/4, $0xbe8ab6e8
DATA pow4c<>+0x050(SB)/4, $0x3e98b596
DATA pow4c<>+0x054(SB)/4, $0x3e98b596
DATA pow4c<>+0x058(SB)/4, $0x3e98b596
DATA pow4c<>+0x05c(SB)/4, $0x3e98b596
DATA pow4c<>+0x060(SB)/4, $0xbeb7e994
DATA pow4c<>+0x064(SB)/4, $0xbeb7e994
DATA pow4c<>+0x068(SB)/4, $0xbeb7e994
DATA pow4c<>+0x06c(SB)/4, $0xbeb7e994
DATA pow4c<>+0x070(SB)/4, $0x3ef5f74d
DATA pow4c<>+0x074(SB)/4, $0x3ef5f74d
DATA pow4c<>+0x078(SB)/4, $0x3ef5f74d
DATA pow4c<>+0x07c(SB)/4, $0x3ef5f74d
DATA pow4c<>+0x080(SB)/4, $0xbf38ab99
DATA pow4c<>+0x084(SB)/4, $0xbf38ab99
DATA pow4c<>+0x088(SB)/4, $0xbf38ab99
DATA pow4c<>+0x08c(SB)/4, $0xbf38ab99
DATA pow4c<>+0x090(SB)/4, $0x3fb8aa6d
DATA pow4c<>+0x094(SB)/4, $0x3fb8aa6d
DATA pow4c<>+0x098(SB)/4, $0x3fb8aa6d
DATA pow4c<>+0x09c(SB)/4, $0x3fb8aa6d
DATA pow4c<>+0x0a0(SB)/4, $0xc2fc0000 // -126
DATA pow4c<>+0x0a4(SB)/4, $0xc2fc0000
DATA pow4c<>+0x0a8(SB)/4, $0xc2fc0000
DATA pow4c<>+0x0ac(SB)/4, $0xc2fc0000
DATA pow4c<>+0x0b0(SB)/4, $0x3f000000 // 1/2
DATA pow4c<>+0x0b4(SB)/4, $0x3f000000
DATA pow4c<>+0x0b8(SB)/4, $0x3f000000
DATA pow4c<>+0x0bc(SB)/4, $0x3f000000
DATA pow4c<>+0x0c0(SB)/4, $0x3f317218 // ln 2
DATA pow4c<>+0x0c4(SB)/4, $0x3f317218
DATA pow4c<>+0x0c8(SB)/4, $0x3f317218
DATA pow4c<>+0x0cc(SB)/4, $0x3f317218
DATA pow4c<>+0x0d0(SB)/4, $0x3ab60b61 // 1/720
DATA pow4c<>+0x0d4(SB)/4, $0x3ab60b61
DATA pow4c<>+0x0d8(SB)/4, $0x3ab60b61
DATA pow4c<>+0x0dc(SB)/4, $0x3ab60b61
DATA pow4c<>+0x0e0(SB)/4, $0x3c088889 // 1/120
DATA pow4c<>+0x0e4(SB)/4, $0x3c088889
DATA pow4c<>+0x0e8(SB)/4, $0x3c088889
DATA pow4c<>+0x0ec(SB)/4, $0x3c088889
DATA pow4c<>+0x0f0(SB)/4, $0x3d2aaaab // 1/24
DATA pow4c<>+0x0f4(SB)/4, $0x3d2aaaab
DATA pow4c<>+0x0f8(SB)/4, $0x3d2aaaab
DATA pow4c<>+0x0fc(SB)/4, $0x3d2aaaab
DATA pow4c<>+0x100(SB)/4, $0x3e2aaaab // 1/6
DATA pow4c<>+0x104(SB)/4, $0x3e2aaaab
DATA pow4c<>+0x108(SB)/4, $0x3e2aaaab
DATA pow4c<>+0x10c(SB)/4, $0x3e2aaaab
DATA pow4c<>+0x110(SB)/4, $0x0000007f // the exponent bias, 127
DATA pow4c<>+0x114(SB)/4, $0x0000007f
DATA pow4c<>+0x118(SB)/4, $0x0000007f
DATA pow4c<>+0x11c(SB)/4, $0x0000007f
GLOBL pow4c<>(SB), RODATA|NOPTR, $0x120

// BCAST loads the constant at off into reg.
#define BCAST(off, reg) MOVUPS pow4c<>+off(SB), reg

// MADD sets acc = acc*m + the constant at off, rounding twice as Go does
// on amd64 v1 (no fused multiply-add).
#define MADD(m, off, acc) MULPS m, acc; ADDPS pow4c<>+off(SB), acc

// LOG2 sets X0 to Log2(X0) lane by lane, with Log2's float32 operations
// in their order, and X6 to 1 in every lane (EXP2 needs it); X1..X4 are
// clobbered.
#define LOG2 \
	/* Log2: i := int32(bits(x)) - bits(√½) */ \
	BCAST(0x000, X1) \
	PSUBL X1, X0 \
	/* m := frombits(i&0x7fffff + bits(√½)) - 1 */ \
	BCAST(0x010, X2) \
	MOVAPS X0, X3 \
	PAND X2, X3 \
	PADDL X1, X3 \
	BCAST(0x020, X6) /* X6 = 1, kept */ \
	SUBPS X6, X3 \
	/* float32(i>>23) + m*(c1 + m*(c2 + ... + m*c7)) */ \
	PSRAL $23, X0 \
	CVTPL2PS X0, X0 \
	BCAST(0x030, X4) \
	MADD(X3, 0x040, X4) \
	MADD(X3, 0x050, X4) \
	MADD(X3, 0x060, X4) \
	MADD(X3, 0x070, X4) \
	MADD(X3, 0x080, X4) \
	MADD(X3, 0x090, X4) \
	MULPS X3, X4 \
	ADDPS X4, X0

// EXP2 sets X4 to Exp2(X0) lane by lane, with Exp2's float32 operations
// in their order; X6 must be 1 in every lane and is kept; X0..X3 and X5
// are clobbered.
#define EXP2 \
	/* Exp2: the lanes where !(t > -126) (NaN included) give 0: X1 is */ \
	/* all ones where -126 < t. */ \
	BCAST(0x0a0, X1) \
	CMPPS X0, X1, $1 \
	/* t = min(t, 0): MINPS gives the second operand, 0, for t = -0 where */ \
	/* Go's min gives -0; either way i = 0 and g = ±0 below, and the */ \
	/* polynomial is exactly 1. */ \
	XORPS X2, X2 \
	MINPS X2, X0 \
	/* i := -int32(0.5 - t), truncating */ \
	BCAST(0x0b0, X3) \
	SUBPS X0, X3 \
	CVTTPS2PL X3, X3 \
	PSUBL X3, X2 \
	/* g := (t - float32(i)) * ln2 */ \
	MOVAPS X2, X3 \
	CVTPL2PS X3, X3 \
	SUBPS X3, X0 \
	BCAST(0x0c0, X4) \
	MULPS X4, X0 \
	/* 1 + g*(1 + g*(1/2 + g*(1/6 + g*(1/24 + g*(1/120 + g*(1/720)))))) */ \
	BCAST(0x0d0, X4) \
	MADD(X0, 0x0e0, X4) \
	MADD(X0, 0x0f0, X4) \
	MADD(X0, 0x100, X4) \
	MADD(X0, 0x0b0, X4) \
	MULPS X0, X4 \
	ADDPS X6, X4 \
	MULPS X0, X4 \
	ADDPS X6, X4 \
	/* times frombits((i+127)<<23), then 0 where the test above failed */ \
	BCAST(0x110, X5) \
	PADDL X5, X2 \
	PSLLL $23, X2 \
	MULPS X2, X4 \
	ANDPS X1, X4

// POW sets X4 to Pow(X0, X7) lane by lane: Exp2(p·Log2(x)) with their
// float32 operations in their order; X0..X6 are clobbered, X7 is kept.
#define POW LOG2; MULPS X7, X0; EXP2

// func Pow4(a, b, c, d, p float32) (ra, rb, rc, rd float32)
TEXT ·Pow4(SB), NOSPLIT, $0-40
	// X0 = (a, b, c, d), X7 = p in every lane.
	MOVSS a+0(FP), X0
	MOVSS b+4(FP), X1
	MOVSS c+8(FP), X2
	MOVSS d+12(FP), X3
	UNPCKLPS X1, X0
	UNPCKLPS X3, X2
	MOVLHPS X2, X0
	MOVSS p+16(FP), X7
	SHUFPS $0, X7, X7

	POW

	MOVSS X4, ra+24(FP)
	SHUFPS $0x39, X4, X4
	MOVSS X4, rb+28(FP)
	SHUFPS $0x39, X4, X4
	MOVSS X4, rc+32(FP)
	SHUFPS $0x39, X4, X4
	MOVSS X4, rd+36(FP)
	RET


// func powN(dst, x, p *float32, n int)
//
// dst[i] = Pow(x[i], p[i]) for i < n, n a multiple of 4: four lanes per
// iteration, each with its own exponent. The iterations do not depend on
// one another, so the processor overlaps the chains of several.
TEXT ·powN(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ p+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $2, CX
	JZ   powNdone

powNloop:
	MOVUPS (SI), X0
	MOVUPS (DX), X7

	POW

	MOVUPS X4, (DI)
	ADDQ   $16, SI
	ADDQ   $16, DX
	ADDQ   $16, DI
	DECQ   CX
	JNZ    powNloop

powNdone:
	RET

// func exp2N(dst, t *float32, n int)
//
// dst[i] = Exp2(t[i]) for i < n, n a multiple of 4: four lanes per
// iteration, independent of one another like powN's.
TEXT ·exp2N(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ t+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $2, CX
	JZ   exp2Ndone
	BCAST(0x020, X6)

exp2Nloop:
	MOVUPS (SI), X0

	EXP2

	MOVUPS X4, (DI)
	ADDQ   $16, SI
	ADDQ   $16, DI
	DECQ   CX
	JNZ    exp2Nloop

exp2Ndone:
	RET
