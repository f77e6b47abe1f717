//go:build amd64 && !purego

#include "textflag.h"

// The weights of a block's bytes 0..7 and 8..15 as 16-bit words: 16 down
// to 1.
DATA weights<>+0x00(SB)/8, $0x000d000e000f0010
DATA weights<>+0x08(SB)/8, $0x0009000a000b000c
DATA weights<>+0x10(SB)/8, $0x0005000600070008
DATA weights<>+0x18(SB)/8, $0x0001000200030004
GLOBL weights<>(SB), RODATA|NOPTR, $32

// func sumBlocks(p []byte) (a, w uint64)
TEXT ·sumBlocks(SB), NOSPLIT, $0-40
	MOVQ p_base+0(FP), SI
	MOVQ p_len+8(FP), CX
	SHRQ $4, CX
	PXOR X0, X0 // zero
	PXOR X1, X1 // the byte sums, two 64-bit lanes
	PXOR X2, X2 // the byte sums of the blocks before, summed per block, two 64-bit lanes
	PXOR X3, X3 // the weighted sums, four 32-bit lanes
	MOVOU weights<>+0x00(SB), X6
	MOVOU weights<>+0x10(SB), X7
	TESTQ CX, CX
	JZ   done

loop:
	MOVOU (SI), X4
	PADDQ X1, X2
	MOVO  X4, X5
	PSADBW X0, X5
	PADDQ X5, X1
	MOVO  X4, X5
	PUNPCKLBW X0, X4
	PUNPCKHBW X0, X5
	PMADDWL X6, X4
	PMADDWL X7, X5
	PADDL X4, X3
	PADDL X5, X3
	ADDQ $16, SI
	DECQ CX
	JNZ  loop

done:
	// a = X1's lanes; w = 16·(X2's lanes) + X3's four lanes.
	MOVQ X1, AX
	PSHUFD $0x4e, X1, X1
	MOVQ X1, BX
	ADDQ BX, AX
	MOVQ AX, a+24(FP)
	MOVQ X2, AX
	PSHUFD $0x4e, X2, X2
	MOVQ X2, BX
	ADDQ BX, AX
	SHLQ $4, AX
	MOVO X3, X4
	PUNPCKLLQ X0, X3 // lanes 0, 1 as 64-bit
	PUNPCKHLQ X0, X4 // lanes 2, 3
	PADDQ X4, X3
	MOVQ X3, BX
	ADDQ BX, AX
	PSHUFD $0x4e, X3, X3
	MOVQ X3, BX
	ADDQ BX, AX
	MOVQ AX, w+32(FP)
	RET
