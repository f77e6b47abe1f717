//go:build amd64 && !purego && !amd64.v3

#include "textflag.h"
#include "lanes_amd64.h"

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

// direct4's constants: float64 MaxFloat64 and 1 in two lanes, float32
// 1e-30 and 1e30 (Normalize's bounds, as Go rounds them) in four.
DATA litc<>+0x00(SB)/8, $0x7fefffffffffffff
DATA litc<>+0x08(SB)/8, $0x7fefffffffffffff
DATA litc<>+0x10(SB)/8, $0x3ff0000000000000
DATA litc<>+0x18(SB)/8, $0x3ff0000000000000
DATA litc<>+0x20(SB)/4, $0x0da24260
DATA litc<>+0x24(SB)/4, $0x0da24260
DATA litc<>+0x28(SB)/4, $0x0da24260
DATA litc<>+0x2c(SB)/4, $0x0da24260
DATA litc<>+0x30(SB)/4, $0x7149f2ca
DATA litc<>+0x34(SB)/4, $0x7149f2ca
DATA litc<>+0x38(SB)/4, $0x7149f2ca
DATA litc<>+0x3c(SB)/4, $0x7149f2ca
GLOBL litc<>(SB), RODATA|NOPTR, $0x40

// Offsets in Light (Lanes4's and EnvLight's: lanes_amd64.h).
#define LIPOINT 0
#define LIDIR 4
#define LIPOS 16
#define LIRAD 40
#define LISIZE 64

// Locals of direct4: the light's direction (x, y, z rows), falloff and
// the lanes it reaches (mask), for the four points of a group; at SCR,
// the second pass's scratch, 48 bytes a group for CHUNK groups.
#define DIRX 0
#define DIRY 16
#define DIRZ 32
#define ATT 48
#define MASK 64
#define SCR 80
#define CHUNK 16

// POINTHALF computes Light.Incidence for lanes off/4, off/4+1 of the
// point light at SI (X8..X10: its position in both float64 lanes, X11
// MaxFloat64, X12 1.0): direction, falloff and whether ok, in the low
// halves of X3, X4, X5 (direction), X2 (falloff) and X1 (ok). X0 is
// clobbered.
#define POINTHALF(off) \
	CVTPS2PD (LP+off)(DI), X0 \
	CVTPS2PD (LP+16+off)(DI), X1 \
	CVTPS2PD (LP+32+off)(DI), X2 \
	MOVAPD X8, X3 \
	SUBPD X0, X3 /* dx */ \
	MOVAPD X9, X4 \
	SUBPD X1, X4 /* dy */ \
	MOVAPD X10, X5 \
	SUBPD X2, X5 /* dz */ \
	MOVAPD X3, X0 \
	MULPD X0, X0 \
	MOVAPD X4, X1 \
	MULPD X1, X1 \
	ADDPD X1, X0 \
	MOVAPD X5, X1 \
	MULPD X1, X1 \
	ADDPD X1, X0 /* d2 = dx·dx + dy·dy + dz·dz */ \
	/* ok: 0 < d2 && d2 <= MaxFloat64 (NaN and +Inf fail) */ \
	XORPD X1, X1 \
	CMPPD X0, X1, $1 \
	MOVAPD X0, X2 \
	CMPPD X11, X2, $2 \
	ANDPD X2, X1 \
	PSHUFD $0x08, X1, X1 \
	/* s = 1/√d2; dir = float32(d·s); falloff = float32(s·s) */ \
	SQRTPD X0, X0 \
	MOVAPD X12, X2 \
	DIVPD X0, X2 \
	MULPD X2, X3 \
	CVTPD2PS X3, X3 \
	MULPD X2, X4 \
	CVTPD2PS X4, X4 \
	MULPD X2, X5 \
	CVTPD2PS X5, X5 \
	MULPD X2, X2 \
	CVTPD2PS X2, X2

// PUTLO stores the low half of reg, lanes 0 and 1 of the local at off.
#define PUTLO(reg, off) MOVQ reg, (off)(SP)

// PUTHI makes the local at off lanes 0 and 1 as PUTLO stored them and
// lanes 2 and 3 from the low half of reg, in one 16-byte store: the
// loads of all four lanes that follow then take it from the store
// buffer, where a load spanning two 8-byte stores would wait for both to
// reach the cache. X6 is clobbered.
#define PUTHI(reg, off) \
	MOVQ (off)(SP), X6 \
	MOVLHPS reg, X6 \
	MOVUPS X6, (off)(SP)

// BLEND sets new = mask ? new : old lane by lane; tmp is clobbered.
#define BLEND(mask, new, old, tmp) \
	MOVAPS mask, tmp \
	ANDNPS old, tmp \
	ANDPS mask, new \
	ORPS tmp, new

// ADDRAD adds Rad·w (the light's radiance at SI, channel off, times the
// lanes of w) to the sums at (DI)(sum) in the lanes of mask; X2, X3 and
// X5 are clobbered.
#define ADDRAD(off, w, sum, mask) \
	MOVSS (LIRAD+off)(SI), X2 \
	SHUFPS $0, X2, X2 \
	MULPS w, X2 \
	MOVUPS (sum)(DI), X3 \
	ADDPS X3, X2 \
	BLEND(mask, X2, X3, X5) \
	MOVUPS X2, (sum)(DI)

// func direct4(q *Lanes4, groups int, l *Light, n int)
//
// For each of the n lights from l, in order, and each group of four
// lanes from q, the four lanes side by side (Direct4): ShadeEnv's
// operations on unshadowed lights, where a lane the Go code would skip
// keeps its sums by a blend. The groups of one light do not depend on
// one another, so the processor overlaps their chains of square roots,
// divisions and powers; to let it overlap more of them, each light takes
// up to CHUNK groups in two passes: the first up to N·H and the diffuse
// sum, keeping N·H, the weight and the specular lanes in SCR, the second
// the powers and the specular sum. (In one pass a group's work filled
// the processor's window: its chains waited on one another's latency.)
TEXT ·direct4(SB), $848-32 // SCR + 48·CHUNK bytes of locals
	MOVQ l+16(FP), SI
	MOVQ n+24(FP), CX
	MOVUPS litc<>+0x00(SB), X11
	MOVUPS litc<>+0x10(SB), X12

direct4light:
	MOVQ q+0(FP), DI
	MOVQ groups+8(FP), DX

direct4chunk:
	MOVQ DX, BX
	CMPQ BX, $CHUNK
	JLE  direct4sized
	MOVQ $CHUNK, BX

direct4sized:
	MOVQ DI, R8
	MOVQ BX, R9
	LEAQ SCR(SP), R10

direct4group:
	MOVBLZX (LIPOINT)(SI), AX
	TESTL AX, AX
	JZ   direct4dir
	MOVSD (LIPOS)(SI), X8
	UNPCKLPD X8, X8
	MOVSD (LIPOS+8)(SI), X9
	UNPCKLPD X9, X9
	MOVSD (LIPOS+16)(SI), X10
	UNPCKLPD X10, X10
	POINTHALF(0)
	PUTLO(X1, MASK)
	PUTLO(X3, DIRX)
	PUTLO(X4, DIRY)
	PUTLO(X5, DIRZ)
	PUTLO(X2, ATT)
	POINTHALF(8)
	PUTHI(X1, MASK)
	PUTHI(X3, DIRX)
	PUTHI(X4, DIRY)
	PUTHI(X5, DIRZ)
	PUTHI(X2, ATT)
	JMP  direct4lit

direct4dir:
	// Directional: Dir in every lane, falloff 1, every lane ok.
	MOVSS (LIDIR)(SI), X0
	SHUFPS $0, X0, X0
	MOVUPS X0, DIRX(SP)
	MOVSS (LIDIR+4)(SI), X0
	SHUFPS $0, X0, X0
	MOVUPS X0, DIRY(SP)
	MOVSS (LIDIR+8)(SI), X0
	SHUFPS $0, X0, X0
	MOVUPS X0, DIRZ(SP)
	MOVUPS pow4c<>+0x020(SB), X0
	MOVUPS X0, ATT(SP)
	PCMPEQL X0, X0
	MOVUPS X0, MASK(SP)

direct4lit:
	// nl = N·dir; the lanes lit (X13): ok and 0 < nl; w = nl·falloff (X14).
	MOVUPS (LN)(DI), X0
	MOVUPS DIRX(SP), X1
	MULPS X1, X0
	MOVUPS (LN+16)(DI), X1
	MOVUPS DIRY(SP), X2
	MULPS X2, X1
	ADDPS X1, X0
	MOVUPS (LN+32)(DI), X1
	MOVUPS DIRZ(SP), X2
	MULPS X2, X1
	ADDPS X1, X0
	XORPS X13, X13
	CMPPS X0, X13, $1
	MOVUPS MASK(SP), X1
	ANDPS X1, X13
	MOVUPS ATT(SP), X14
	MULPS X0, X14

	// The diffuse sum: Ed += Rad·w where lit.
	ADDRAD(0, X14, LED, X13)
	ADDRAD(4, X14, LED+16, X13)
	ADDRAD(8, X14, LED+32, X13)

	// X15: the lanes without a specular lobe (Exp = 0).
	MOVUPS (LEXP)(DI), X7
	XORPS X15, X15
	CMPPS X7, X15, $0

	// H = norm(dir + V), as Normalize: l2 = H·H, ok for 1e-30 < l2 < 1e30.
	MOVUPS DIRX(SP), X0
	MOVUPS (LV)(DI), X1
	ADDPS X1, X0
	MOVUPS DIRY(SP), X1
	MOVUPS (LV+16)(DI), X2
	ADDPS X2, X1
	MOVUPS DIRZ(SP), X2
	MOVUPS (LV+32)(DI), X3
	ADDPS X3, X2
	MOVAPS X0, X3
	MULPS X3, X3
	MOVAPS X1, X4
	MULPS X4, X4
	ADDPS X4, X3
	MOVAPS X2, X4
	MULPS X4, X4
	ADDPS X4, X3
	MOVUPS litc<>+0x20(SB), X4
	CMPPS X3, X4, $1
	MOVAPS X3, X5
	MOVUPS litc<>+0x30(SB), X6
	CMPPS X6, X5, $1
	ANDPS X5, X4
	SQRTPS X3, X3
	MOVUPS pow4c<>+0x020(SB), X5
	DIVPS X3, X5
	MULPS X5, X0
	MULPS X5, X1
	MULPS X5, X2
	// nh = N·H; the lanes with a lobe term: H ok and 0 < nh.
	MOVUPS (LN)(DI), X3
	MULPS X3, X0
	MOVUPS (LN+16)(DI), X3
	MULPS X3, X1
	ADDPS X1, X0
	MOVUPS (LN+32)(DI), X3
	MULPS X3, X2
	ADDPS X2, X0
	XORPS X1, X1
	CMPPS X0, X1, $1
	ANDPS X4, X1

	// For the second pass: N·H, the weight w, and the lanes that add
	// a specular term (lit, and a lobe or Exp = 0).
	MOVUPS X0, 0(R10)
	MOVUPS X14, 16(R10)
	ORPS X15, X1
	ANDPS X1, X13
	MOVUPS X13, 32(R10)

	ADDQ $48, R10
	ADDQ $LSIZE, DI
	DECQ R9
	JNZ  direct4group

	MOVQ R8, DI
	MOVQ BX, R9
	LEAQ SCR(SP), R10

direct4spec:
	// X4 = Pow(nh, Exp); the specular weight w·Pow where there is a
	// lobe, w where Exp = 0 (X15), added in the lanes of X13.
	MOVUPS 0(R10), X0
	MOVUPS (LEXP)(DI), X7
	POW
	XORPS X15, X15
	CMPPS X7, X15, $0
	MOVUPS 16(R10), X14
	MULPS X14, X4
	BLEND(X15, X14, X4, X5)
	MOVAPS X14, X4
	MOVUPS 32(R10), X13
	ADDRAD(0, X4, LES, X13)
	ADDRAD(4, X4, LES+16, X13)
	ADDRAD(8, X4, LES+32, X13)

	ADDQ $48, R10
	ADDQ $LSIZE, DI
	DECQ R9
	JNZ  direct4spec

	SUBQ BX, DX
	JNZ  direct4chunk
	ADDQ $LISIZE, SI
	DECQ CX
	JNZ  direct4light
	RET


// finish4's float32 constants, each in four lanes: EnvBRDFArg's −9.28
// and EnvBRDFExp's coefficients, as Go rounds them (0.04 is also
// DielectricF0).
DATA envc<>+0x00(SB)/4, $0xc1147ae1 // -9.28
DATA envc<>+0x04(SB)/4, $0xc1147ae1
DATA envc<>+0x08(SB)/4, $0xc1147ae1
DATA envc<>+0x0c(SB)/4, $0xc1147ae1
DATA envc<>+0x10(SB)/4, $0x3ce147ae // 0.0275
DATA envc<>+0x14(SB)/4, $0x3ce147ae
DATA envc<>+0x18(SB)/4, $0x3ce147ae
DATA envc<>+0x1c(SB)/4, $0x3ce147ae
DATA envc<>+0x20(SB)/4, $0x3d2e147b // 0.0425
DATA envc<>+0x24(SB)/4, $0x3d2e147b
DATA envc<>+0x28(SB)/4, $0x3d2e147b
DATA envc<>+0x2c(SB)/4, $0x3d2e147b
DATA envc<>+0x30(SB)/4, $0x3f126e98 // 0.572
DATA envc<>+0x34(SB)/4, $0x3f126e98
DATA envc<>+0x38(SB)/4, $0x3f126e98
DATA envc<>+0x3c(SB)/4, $0x3f126e98
DATA envc<>+0x40(SB)/4, $0x3f851eb8 // 1.04
DATA envc<>+0x44(SB)/4, $0x3f851eb8
DATA envc<>+0x48(SB)/4, $0x3f851eb8
DATA envc<>+0x4c(SB)/4, $0x3f851eb8
DATA envc<>+0x50(SB)/4, $0xbf851eb8 // -1.04
DATA envc<>+0x54(SB)/4, $0xbf851eb8
DATA envc<>+0x58(SB)/4, $0xbf851eb8
DATA envc<>+0x5c(SB)/4, $0xbf851eb8
DATA envc<>+0x60(SB)/4, $0x3cb43958 // 0.022
DATA envc<>+0x64(SB)/4, $0x3cb43958
DATA envc<>+0x68(SB)/4, $0x3cb43958
DATA envc<>+0x6c(SB)/4, $0x3cb43958
DATA envc<>+0x70(SB)/4, $0x3d23d70a // 0.04
DATA envc<>+0x74(SB)/4, $0x3d23d70a
DATA envc<>+0x78(SB)/4, $0x3d23d70a
DATA envc<>+0x7c(SB)/4, $0x3d23d70a
GLOBL envc<>(SB), RODATA|NOPTR, $0x80

// Locals of finish4: the irradiance's products of the normal's
// components.
#define NXX 0
#define NYY 16
#define NZZ 32
#define NXY 48
#define NXZ 64
#define NYZ 80

// IRRTERM adds coefficient k of channel off of the irradiance (at SI),
// times the lanes at src, to X0; X1 and X2 are clobbered. (src is loaded
// apart: SSE's memory operands must be 16-byte aligned, Go's stack and
// Lanes4 need not be.)
#define IRRTERM(k, off, src) \
	MOVSS (ENVIRR+12*k+off)(SI), X1 \
	SHUFPS $0, X1, X1 \
	MOVUPS src, X2 \
	MULPS X2, X1 \
	ADDPS X1, X0

// FINISHCH computes channel off (0, 4, 8: X, Y, Z) of Col, whose lanes
// are at row lo (0, 16, 32) of each vector of Lanes4, from the
// registers finish4 sets up; X0..X5 are clobbered.
#define FINISHCH(off, lo) \
	/* Irradiance: q0·xx + q1·yy + q2·zz + q3·xy + q4·xz + q5·yz + q6·x + q7·y + q8·z + q9, in that order */ \
	MOVSS (ENVIRR+off)(SI), X0 \
	SHUFPS $0, X0, X0 \
	MOVUPS NXX(SP), X2 \
	MULPS X2, X0 \
	IRRTERM(1, off, NYY(SP)) \
	IRRTERM(2, off, NZZ(SP)) \
	IRRTERM(3, off, NXY(SP)) \
	IRRTERM(4, off, NXZ(SP)) \
	IRRTERM(5, off, NYZ(SP)) \
	IRRTERM(6, off, (LN)(DI)) \
	IRRTERM(7, off, (LN+16)(DI)) \
	IRRTERM(8, off, (LN+32)(DI)) \
	MOVSS (ENVIRR+12*9+off)(SI), X1 \
	SHUFPS $0, X1, X1 \
	ADDPS X1, X0 \
	/* max(v, 0) as Go's max: MAXPS gives 0 for NaN, Go NaN */ \
	MOVAPS X0, X1 \
	XORPS X2, X2 \
	MAXPS X2, X1 \
	MOVAPS X0, X3 \
	CMPPS X0, X3, $3 \
	BLEND(X3, X0, X1, X4) \
	/* (amb + irr·occ + Ed)·c_d */ \
	MULPS X8, X0 \
	MOVUPS (LAMB+lo)(DI), X1 \
	ADDPS X0, X1 \
	MOVUPS (LED+lo)(DI), X0 \
	ADDPS X0, X1 \
	MOVUPS (LALB+lo)(DI), X2 \
	MOVAPS X2, X3 \
	MULPS X12, X3 \
	MULPS X3, X1 \
	/* F0 = c·m + 0.04·(1−m); + F0·(amb + Es·norm) */ \
	MOVAPS X2, X4 \
	MULPS X11, X4 \
	ADDPS X13, X4 \
	MOVUPS (LES+lo)(DI), X0 \
	MULPS X9, X0 \
	MOVUPS (LAMB+lo)(DI), X5 \
	ADDPS X0, X5 \
	MULPS X4, X5 \
	ADDPS X5, X1 \
	/* + R·Scale·(F0·a + b)·occ */ \
	MOVAPS X4, X0 \
	MULPS X14, X0 \
	ADDPS X15, X0 \
	MOVUPS (LR+lo)(DI), X2 \
	MULPS X10, X2 \
	MULPS X0, X2 \
	MULPS X8, X2 \
	ADDPS X2, X1 \
	/* + emission */ \
	MOVUPS (LEMIS+lo)(DI), X0 \
	ADDPS X0, X1 \
	MOVUPS X1, (LCOL+lo)(DI)

// func finish4(q *Lanes4, groups int, e *EnvLight)
//
// Finish4: ShadeEnv's sum after the lights with the environment, the four
// lanes of each group side by side, group after group.
TEXT ·finish4(SB), NOSPLIT, $96-24
	MOVQ q+0(FP), DI
	MOVQ groups+8(FP), DX
	MOVQ e+16(FP), SI

finish4group:

	// X4 = e = Exp2(−9.28·Clamp01(N·V)) (EnvBRDFArg, Exp2).
	MOVUPS (LN)(DI), X0
	MOVUPS (LV)(DI), X1
	MULPS X1, X0
	MOVUPS (LN+16)(DI), X1
	MOVUPS (LV+16)(DI), X2
	MULPS X2, X1
	ADDPS X1, X0
	MOVUPS (LN+32)(DI), X1
	MOVUPS (LV+32)(DI), X2
	MULPS X2, X1
	ADDPS X1, X0
	CLAMP01(X0, X1, pow4c<>+0x020(SB))
	MULPS envc<>+0x00(SB), X0
	MOVUPS pow4c<>+0x020(SB), X6
	EXP2

	// EnvBRDFExp(Rough, e): a in X14, b in X15.
	MOVUPS (LROUGH)(DI), X0
	CLAMP01(X0, X1, pow4c<>+0x020(SB))
	MOVUPS pow4c<>+0x020(SB), X1
	SUBPS X0, X1 // rx = 1 − r
	MOVAPS X1, X2
	MULPS X1, X2
	MINPS X4, X2
	MULPS X1, X2
	MOVUPS envc<>+0x10(SB), X3
	MULPS X0, X3
	MOVUPS envc<>+0x20(SB), X5
	SUBPS X3, X5 // ry = 0.0425 − 0.0275·r
	ADDPS X5, X2 // a004 = min(rx·rx, e)·rx + ry
	MOVUPS envc<>+0x30(SB), X3
	MULPS X0, X3
	MOVUPS envc<>+0x40(SB), X14
	SUBPS X3, X14 // rz = 1.04 − 0.572·r
	MOVUPS envc<>+0x50(SB), X3
	MULPS X2, X3
	ADDPS X3, X14 // a = −1.04·a004 + rz
	MOVUPS envc<>+0x60(SB), X15
	MULPS X0, X15
	SUBPS envc<>+0x70(SB), X15 // rw = 0.022·r − 0.04
	MOVUPS envc<>+0x40(SB), X3
	MULPS X2, X3
	ADDPS X3, X15 // b = 1.04·a004 + rw

	// X8 occ, X9 norm, X10 Scale, X11 m, X12 1−m, X13 0.04·(1−m).
	MOVUPS (LOCC)(DI), X8
	MOVUPS (LNORM)(DI), X9
	MOVSS (ENVSCALE)(SI), X10
	SHUFPS $0, X10, X10
	MOVUPS (LMETAL)(DI), X11
	MOVUPS pow4c<>+0x020(SB), X12
	SUBPS X11, X12
	MOVUPS envc<>+0x70(SB), X13
	MULPS X12, X13

	// The normal's products for the irradiance.
	MOVUPS (LN)(DI), X0
	MOVUPS (LN+16)(DI), X1
	MOVUPS (LN+32)(DI), X2
	MOVAPS X0, X3
	MULPS X0, X3
	MOVUPS X3, NXX(SP)
	MOVAPS X1, X3
	MULPS X1, X3
	MOVUPS X3, NYY(SP)
	MOVAPS X2, X3
	MULPS X2, X3
	MOVUPS X3, NZZ(SP)
	MOVAPS X0, X3
	MULPS X1, X3
	MOVUPS X3, NXY(SP)
	MOVAPS X0, X3
	MULPS X2, X3
	MOVUPS X3, NXZ(SP)
	MULPS X2, X1
	MOVUPS X1, NYZ(SP)

	FINISHCH(0, 0)
	FINISHCH(4, 16)
	FINISHCH(8, 32)

	ADDQ $LSIZE, DI
	DECQ DX
	JNZ  finish4group
	RET
