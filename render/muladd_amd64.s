//go:build amd64 && !purego && !amd64.v3

#include "textflag.h"

// func mulAdd8(dst, src *float32, k float32, n int)
//
// dst[j] = dst[j] + k·src[j] for j < n, n a multiple of 8: two registers
// of four lanes a step, each product rounded before its sum, as Go does.
TEXT ·mulAdd8(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVSS k+16(FP), X0
	SHUFPS $0, X0, X0
	MOVQ n+24(FP), CX
	SHRQ $3, CX
	JZ   done

loop:
	MOVUPS (SI), X1
	MOVUPS 16(SI), X2
	MULPS X0, X1
	MULPS X0, X2
	MOVUPS (DI), X3
	MOVUPS 16(DI), X4
	ADDPS X1, X3
	ADDPS X2, X4
	MOVUPS X3, (DI)
	MOVUPS X4, 16(DI)
	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ  loop

done:
	RET
