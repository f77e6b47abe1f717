// The offsets of Lanes4's rows (x, y, z rows of 16 bytes, then single
// rows) and of EnvLight's fields that the lanes' assembly takes, in one
// place for pow4_amd64.s and reflect_amd64.s (TestDirect4Layout checks
// them against the Go types).
#define LP 0
#define LN 48
#define LV 96
#define LEXP 144
#define LED 160
#define LES 208
#define LALB 256
#define LAMB 304
#define LEMIS 352
#define LR 400
#define LCOL 448
#define LMETAL 496
#define LROUGH 512
#define LOCC 528
#define LNORM 544
#define LSIZE 560
#define ENVMAP 0
#define ENVSCALE 8
#define ENVIRR 12
#define ENVTOMAP 132

// CLAMP01 sets r to Clamp01(r) lane by lane: 0 unless 0 < r (NaN
// included), else min(r, 1); one is a memory operand holding 1 in four
// lanes; t is clobbered.
#define CLAMP01(r, t, one) \
	XORPS t, t \
	CMPPS r, t, $1 \
	MINPS one, r \
	ANDPS t, r
