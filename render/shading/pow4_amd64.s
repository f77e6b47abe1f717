//go:build amd64 && !purego && !amd64.v3

#include "textflag.h"

// The float32 constants of Log2 and Exp2 (specpow.go), as Go rounds them.
DATA pow4c<>+0x00(SB)/4, $0x3f3504f3 // the bits of √½: Log2's offset
DATA pow4c<>+0x04(SB)/4, $0x007fffff // the mantissa's bits
DATA pow4c<>+0x08(SB)/4, $0x3f800000 // 1
DATA pow4c<>+0x0c(SB)/4, $0x3e2923ba // Log2's coefficients, the last first
DATA pow4c<>+0x10(SB)/4, $0xbe8ab6e8
DATA pow4c<>+0x14(SB)/4, $0x3e98b596
DATA pow4c<>+0x18(SB)/4, $0xbeb7e994
DATA pow4c<>+0x1c(SB)/4, $0x3ef5f74d
DATA pow4c<>+0x20(SB)/4, $0xbf38ab99
DATA pow4c<>+0x24(SB)/4, $0x3fb8aa6d
DATA pow4c<>+0x28(SB)/4, $0xc2fc0000 // -126
DATA pow4c<>+0x2c(SB)/4, $0x3f000000 // 1/2
DATA pow4c<>+0x30(SB)/4, $0x3f317218 // ln 2
DATA pow4c<>+0x34(SB)/4, $0x3ab60b61 // 1/720
DATA pow4c<>+0x38(SB)/4, $0x3c088889 // 1/120
DATA pow4c<>+0x3c(SB)/4, $0x3d2aaaab // 1/24
DATA pow4c<>+0x40(SB)/4, $0x3e2aaaab // 1/6
DATA pow4c<>+0x44(SB)/4, $0x0000007f // the exponent bias, 127
GLOBL pow4c<>(SB), RODATA|NOPTR, $0x48

// BCAST loads the constant at off into all four lanes of reg.
#define BCAST(off, reg) MOVSS pow4c<>+off(SB), reg; SHUFPS $0, reg, reg

// MADD sets acc = acc*m + the constant at off, rounding twice as Go does
// on amd64 v1 (no fused multiply-add); tmp is clobbered.
#define MADD(m, off, acc, tmp) MULPS m, acc; BCAST(off, tmp); ADDPS tmp, acc

// func pow4(a, b, c, d, p float32) (ra, rb, rc, rd float32)
TEXT ·pow4(SB), NOSPLIT, $0-40
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

	// Log2: i := int32(bits(x)) - bits(√½)
	BCAST(0x00, X1)
	PSUBL X1, X0
	// m := frombits(i&0x7fffff + bits(√½)) - 1
	BCAST(0x04, X2)
	MOVAPS X0, X3
	PAND X2, X3
	PADDL X1, X3
	BCAST(0x08, X6) // X6 = 1, kept
	SUBPS X6, X3
	// float32(i>>23) + m*(c1 + m*(c2 + ... + m*c7))
	PSRAL $23, X0
	CVTPL2PS X0, X0
	BCAST(0x0c, X4)
	MADD(X3, 0x10, X4, X5)
	MADD(X3, 0x14, X4, X5)
	MADD(X3, 0x18, X4, X5)
	MADD(X3, 0x1c, X4, X5)
	MADD(X3, 0x20, X4, X5)
	MADD(X3, 0x24, X4, X5)
	MULPS X3, X4
	ADDPS X4, X0

	// Pow: t := p * Log2(x)
	MULPS X7, X0

	// Exp2: the lanes where !(t > -126) (NaN included) give 0: X1 is
	// all ones where -126 < t.
	BCAST(0x28, X1)
	CMPPS X0, X1, $1
	// t = min(t, 0): MINPS gives the second operand, 0, for t = -0 where
	// Go's min gives -0; either way i = 0 and g = ±0 below, and the
	// polynomial is exactly 1.
	XORPS X2, X2
	MINPS X2, X0
	// i := -int32(0.5 - t), truncating
	BCAST(0x2c, X3)
	SUBPS X0, X3
	CVTTPS2PL X3, X3
	PSUBL X3, X2
	// g := (t - float32(i)) * ln2
	MOVAPS X2, X3
	CVTPL2PS X3, X3
	SUBPS X3, X0
	BCAST(0x30, X4)
	MULPS X4, X0
	// 1 + g*(1 + g*(1/2 + g*(1/6 + g*(1/24 + g*(1/120 + g*(1/720))))))
	BCAST(0x34, X4)
	MADD(X0, 0x38, X4, X5)
	MADD(X0, 0x3c, X4, X5)
	MADD(X0, 0x40, X4, X5)
	MADD(X0, 0x2c, X4, X5)
	MULPS X0, X4
	ADDPS X6, X4
	MULPS X0, X4
	ADDPS X6, X4
	// times frombits((i+127)<<23), then 0 where the test above failed
	BCAST(0x44, X5)
	PADDL X5, X2
	PSLLL $23, X2
	MULPS X2, X4
	ANDPS X1, X4

	MOVSS X4, ra+24(FP)
	SHUFPS $0x39, X4, X4
	MOVSS X4, rb+28(FP)
	SHUFPS $0x39, X4, X4
	MOVSS X4, rc+32(FP)
	SHUFPS $0x39, X4, X4
	MOVSS X4, rd+36(FP)
	RET
