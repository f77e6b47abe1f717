//go:build amd64 && !purego && !amd64.v3

#include "textflag.h"
#include "lanes_amd64.h"

// reflect4's constants, each in four lanes (the linker aligns the table,
// so the SSE instructions can take them as memory operands).
DATA refc<>+0x00(SB)/4, $0x7fffffff // a float's bits but the sign
DATA refc<>+0x04(SB)/4, $0x7fffffff
DATA refc<>+0x08(SB)/4, $0x7fffffff
DATA refc<>+0x0c(SB)/4, $0x7fffffff
DATA refc<>+0x10(SB)/4, $0x80000000 // the sign
DATA refc<>+0x14(SB)/4, $0x80000000
DATA refc<>+0x18(SB)/4, $0x80000000
DATA refc<>+0x1c(SB)/4, $0x80000000
DATA refc<>+0x20(SB)/4, $0x7f7fffff // MaxFloat32
DATA refc<>+0x24(SB)/4, $0x7f7fffff
DATA refc<>+0x28(SB)/4, $0x7f7fffff
DATA refc<>+0x2c(SB)/4, $0x7f7fffff
DATA refc<>+0x30(SB)/4, $0x3f000000 // 1/2
DATA refc<>+0x34(SB)/4, $0x3f000000
DATA refc<>+0x38(SB)/4, $0x3f000000
DATA refc<>+0x3c(SB)/4, $0x3f000000
DATA refc<>+0x40(SB)/4, $0x3f800000 // 1
DATA refc<>+0x44(SB)/4, $0x3f800000
DATA refc<>+0x48(SB)/4, $0x3f800000
DATA refc<>+0x4c(SB)/4, $0x3f800000
DATA refc<>+0x50(SB)/4, $0x40800000 // 4: EnvLevels − 1
DATA refc<>+0x54(SB)/4, $0x40800000
DATA refc<>+0x58(SB)/4, $0x40800000
DATA refc<>+0x5c(SB)/4, $0x40800000
DATA refc<>+0x60(SB)/4, $1 // int32 1, 2 and 4: bits of a face's number
DATA refc<>+0x64(SB)/4, $1
DATA refc<>+0x68(SB)/4, $1
DATA refc<>+0x6c(SB)/4, $1
DATA refc<>+0x70(SB)/4, $2
DATA refc<>+0x74(SB)/4, $2
DATA refc<>+0x78(SB)/4, $2
DATA refc<>+0x7c(SB)/4, $2
DATA refc<>+0x80(SB)/4, $4
DATA refc<>+0x84(SB)/4, $4
DATA refc<>+0x88(SB)/4, $4
DATA refc<>+0x8c(SB)/4, $4
GLOBL refc<>(SB), RODATA|NOPTR, $0x90

// Offsets in EnvMap and CubeLevel (Lanes4's and EnvLight's:
// lanes_amd64.h; TestDirect4Layout checks them all).
#define MAPLEVELS 112
#define CUBESIZE 0
#define CUBEFACES 8
#define CUBELEVEL 152

// Locals: each lane's cube face (int32), level (int32), face coordinates
// s and t, weight of the next level, and whether the lookup is made.
#define FACE 0
#define LEVEL 16
#define FS 32
#define FT 48
#define WNEXT 64
#define LOOK 80

// ROWMAP sets dst to the lanes of q_i·rx + q_{i+1}·ry + q_{i+2}·rz (X1,
// X2, X6), ReflectDir's row i/3 of ToMap in its order; X8 is clobbered.
#define ROWMAP(i, dst) \
	MOVSS (ENVTOMAP+4*i)(SI), dst \
	SHUFPS $0, dst, dst \
	MULPS X1, dst \
	MOVSS (ENVTOMAP+4*i+4)(SI), X8 \
	SHUFPS $0, X8, X8 \
	MULPS X2, X8 \
	ADDPS X8, dst \
	MOVSS (ENVTOMAP+4*i+8)(SI), X8 \
	SHUFPS $0, X8, X8 \
	MULPS X6, X8 \
	ADDPS X8, dst

// SAMPLE sets X11 to CubeLevel L's sampleFace at s (X0), t (X1) of the
// face whose number times 3 is in R10, in the three low lanes: the two
// texels of each row loaded in one register each (RGB RGB, one channel a
// lane), the rows interpolated by fx, then the two by fy, as sampleFace
// does channel by channel. AX, BX, R11, R12, R13 and X5..X10 are
// clobbered. The face coordinates are in [0, 1] up to rounding (Reflect4
// makes no lookup otherwise), so the texel pair stays inside the face.
#define SAMPLE(L) \
	MOVQ (CUBESIZE)(L), AX \
	XORPS X5, X5 \
	CVTSQ2SS AX, X5 \
	MOVAPS X0, X6 \
	MULSS X5, X6 \
	ADDSS refc<>+0x30(SB), X6 \
	MOVAPS X1, X7 \
	MULSS X5, X7 \
	ADDSS refc<>+0x30(SB), X7 \
	CVTTSS2SQ X6, BX \
	CMPQ BX, AX \
	CMOVQGT AX, BX \
	CVTTSS2SQ X7, R12 \
	CMPQ R12, AX \
	CMOVQGT AX, R12 \
	XORPS X5, X5 \
	CVTSQ2SS BX, X5 \
	SUBSS X5, X6 \
	XORPS X5, X5 \
	CVTSQ2SS R12, X5 \
	SUBSS X5, X7 \
	LEAQ 2(AX), R13 \
	IMULQ R13, R12 \
	ADDQ BX, R12 \
	LEAQ (R12)(R12*2), R12 \
	MOVQ (CUBEFACES)(L)(R10*8), R11 \
	LEAQ (R11)(R12*4), R11 \
	LEAQ (R13)(R13*2), R13 \
	SHLQ $2, R13 \
	MOVUPS (R11), X8 \
	MOVUPS 8(R11), X9 \
	PSRLDQ $4, X9 \
	MOVUPS (R11)(R13*1), X10 \
	MOVUPS 8(R11)(R13*1), X11 \
	PSRLDQ $4, X11 \
	SHUFPS $0, X6, X6 \
	SHUFPS $0, X7, X7 \
	SUBPS X8, X9 \
	MULPS X6, X9 \
	ADDPS X8, X9 \
	SUBPS X10, X11 \
	MULPS X6, X11 \
	ADDPS X10, X11 \
	SUBPS X9, X11 \
	MULPS X7, X11 \
	ADDPS X9, X11

// func reflect4(q *Lanes4, groups int, e *EnvLight)
//
// Reflect4: for the four points of each group, ReflectDir, CubeFace and
// Prefiltered's level and weight side by side in the lanes, then each
// point's lookups.
TEXT ·reflect4(SB), NOSPLIT, $96-24
	MOVQ q+0(FP), DI
	MOVQ groups+8(FP), DX
	MOVQ e+16(FP), SI
	MOVQ (ENVMAP)(SI), R8
	ADDQ $MAPLEVELS, R8

reflect4group:
	// k = 2·(N·V), x, y, z in that order; rf = N·k − V in X1, X2, X6.
	MOVUPS (LN)(DI), X0
	MOVUPS (LV)(DI), X3
	MULPS X3, X0
	MOVUPS (LN+16)(DI), X1
	MOVUPS (LV+16)(DI), X4
	MULPS X4, X1
	ADDPS X1, X0
	MOVUPS (LN+32)(DI), X1
	MOVUPS (LV+32)(DI), X5
	MULPS X5, X1
	ADDPS X1, X0
	ADDPS X0, X0 // 2·nv, exactly
	MOVUPS (LN)(DI), X1
	MULPS X0, X1
	SUBPS X3, X1
	MOVUPS (LN+16)(DI), X2
	MULPS X0, X2
	SUBPS X4, X2
	MOVUPS (LN+32)(DI), X6
	MULPS X0, X6
	SUBPS X5, X6

	// d = ToMap·rf: X7, X9, X10.
	ROWMAP(0, X7)
	ROWMAP(3, X9)
	ROWMAP(6, X10)

	// CubeFace. |d| in X0, X1, X2; X3 = cx (x is the major axis),
	// X5 = cy, X6 = cx|cy (z is where neither is).
	MOVUPS refc<>+0x00(SB), X11
	MOVAPS X7, X0
	ANDPS X11, X0
	MOVAPS X9, X1
	ANDPS X11, X1
	MOVAPS X10, X2
	ANDPS X11, X2
	MOVAPS X1, X3
	CMPPS X0, X3, $2 // ay <= ax
	MOVAPS X2, X4
	CMPPS X0, X4, $2 // az <= ax
	ANDPS X4, X3
	MOVAPS X2, X4
	CMPPS X1, X4, $2 // az <= ay
	MOVAPS X3, X5
	ANDNPS X4, X5
	MOVAPS X3, X6
	ORPS X5, X6

	// X12 = ma, the major axis's |d|.
	MOVAPS X0, X12
	ANDPS X3, X12
	MOVAPS X1, X13
	ANDPS X5, X13
	ORPS X13, X12
	MOVAPS X6, X13
	ANDNPS X2, X13
	ORPS X13, X12

	// X13, X14, X15: 0 <= d.X, d.Y, d.Z (false for NaN, as in Go).
	XORPS X13, X13
	CMPPS X7, X13, $2
	XORPS X14, X14
	CMPPS X9, X14, $2
	XORPS X15, X15
	CMPPS X10, X15, $2
	MOVUPS refc<>+0x10(SB), X11

	// X0 = sc: x major −d.Z (d.X >= 0) or d.Z; y major d.X; z major
	// d.X (d.Z >= 0) or −d.X.
	MOVAPS X13, X0
	ANDPS X11, X0
	XORPS X10, X0
	ANDPS X3, X0
	MOVAPS X7, X1
	ANDPS X5, X1
	ORPS X1, X0
	MOVAPS X15, X1
	ANDNPS X11, X1
	XORPS X7, X1
	MOVAPS X6, X2
	ANDNPS X1, X2
	ORPS X2, X0

	// X2 = tc: x and z major −d.Y; y major d.Z (d.Y >= 0) or −d.Z.
	MOVAPS X9, X1
	XORPS X11, X1
	MOVAPS X5, X2
	ANDNPS X1, X2
	MOVAPS X14, X1
	ANDNPS X11, X1
	XORPS X10, X1
	ANDPS X5, X1
	ORPS X1, X2

	// The face: 2 (y major) or 4 (z major), plus 1 where the major
	// component is not >= 0.
	MOVUPS refc<>+0x70(SB), X1
	ANDPS X5, X1
	MOVAPS X6, X4
	ANDNPS refc<>+0x80(SB), X4
	ORPS X4, X1
	MOVAPS X13, X4
	ANDNPS X3, X4
	MOVAPS X14, X8
	ANDNPS X5, X8
	ORPS X8, X4
	ANDPS refc<>+0x60(SB), X4
	MOVAPS X6, X8
	ORPS X15, X8
	ANDNPS refc<>+0x60(SB), X8
	ORPS X8, X4
	ORPS X4, X1
	MOVUPS X1, FACE(SP)

	// s = sc·inv + ½ and t = tc·inv + ½ for inv = ½/ma, and a lookup
	// where CubeFace finds one: 0 < ma <= MaxFloat32, inv <= MaxFloat32,
	// s and t not NaN (else Prefiltered returns 0). Then |sc·inv| and
	// |tc·inv| are at most ½ up to rounding, and the texels read lie
	// inside the face.
	XORPS X4, X4
	CMPPS X12, X4, $1
	MOVAPS X12, X8
	CMPPS refc<>+0x20(SB), X8, $2
	ANDPS X8, X4
	MOVUPS refc<>+0x30(SB), X8
	DIVPS X12, X8
	MOVAPS X8, X9
	CMPPS refc<>+0x20(SB), X9, $2
	ANDPS X9, X4
	MULPS X8, X0
	ADDPS refc<>+0x30(SB), X0
	MULPS X8, X2
	ADDPS refc<>+0x30(SB), X2
	MOVAPS X0, X8
	CMPPS X0, X8, $0
	ANDPS X8, X4
	MOVAPS X2, X8
	CMPPS X2, X8, $0
	ANDPS X8, X4
	MOVUPS X0, FS(SP)
	MOVUPS X2, FT(SP)
	MOVUPS X4, LOOK(SP)

	// The level k = int(lv) and the next one's weight lv − k, for
	// lv = Clamp01(Rough)·4 (k = 4 only where lv = 4: weight 0).
	MOVUPS (LROUGH)(DI), X0
	CLAMP01(X0, X1, refc<>+0x40(SB))
	MULPS refc<>+0x50(SB), X0
	CVTTPS2PL X0, X1
	CVTPL2PS X1, X2
	SUBPS X2, X0
	MOVUPS X1, LEVEL(SP)
	MOVUPS X0, WNEXT(SP)

	// Each lane's lookups.
	XORQ CX, CX

reflect4lane:
	MOVL LOOK(SP)(CX*4), AX
	TESTL AX, AX
	JZ   reflect4none
	MOVL LEVEL(SP)(CX*4), AX
	IMUL3Q $CUBELEVEL, AX, R9
	ADDQ R8, R9
	MOVL FACE(SP)(CX*4), R10
	LEAQ (R10)(R10*2), R10
	MOVSS FS(SP)(CX*4), X0
	MOVSS FT(SP)(CX*4), X1
	SAMPLE(R9)
	MOVSS WNEXT(SP)(CX*4), X12
	XORPS X13, X13
	UCOMISS X13, X12
	JNE  reflect4mix
	JPS  reflect4mix
	JMP  reflect4store

reflect4mix:
	// a + (b − a)·w with the next level's b.
	ADDQ $CUBELEVEL, R9
	MOVAPS X11, X14
	SAMPLE(R9)
	SHUFPS $0, X12, X12
	SUBPS X14, X11
	MULPS X12, X11
	ADDPS X14, X11

reflect4store:
	MOVSS X11, (LR)(DI)(CX*4)
	PSHUFD $0x55, X11, X12
	MOVSS X12, (LR+16)(DI)(CX*4)
	PSHUFD $0xaa, X11, X12
	MOVSS X12, (LR+32)(DI)(CX*4)
	JMP  reflect4next

reflect4none:
	MOVL $0, (LR)(DI)(CX*4)
	MOVL $0, (LR+16)(DI)(CX*4)
	MOVL $0, (LR+32)(DI)(CX*4)

reflect4next:
	INCQ CX
	CMPQ CX, $4
	JLT  reflect4lane

	ADDQ $LSIZE, DI
	DECQ DX
	JNZ  reflect4group
	RET
