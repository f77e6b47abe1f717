// Macros shared by the post-effects' assembly (postrow_amd64.s,
// postjpeg_amd64.s).

// BCAST32 sets every dword of reg to the 32-bit constant imm (a float's
// bits or an integer); AX is clobbered.
#define BCAST32(imm, reg) \
	MOVL $imm, AX \
	MOVQ AX, reg \
	PSHUFD $0, reg, reg
