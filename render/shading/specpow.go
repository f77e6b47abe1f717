package shading

import "math"

// Polynomial log2 and exp2 for the specular power (N·H)^p = 2^(p·log2 N·H),
// accurate to about 1e-6 relative plus p·3.4e-7 in the exponent. They are
// part of the model's definition (Pow is what Shade uses), plain float32
// arithmetic, so results do not depend on the platform's libm, and small
// enough for the compiler to inline: a call in render/soft's lighting loop
// makes every live value spill (Go's ABI keeps no float register across
// calls), which for one power cost more than math.Pow itself. The loop
// calls Pow4 instead, whose one call takes a point's lights' powers
// together (in SSE2 on amd64).

// Log2 returns log2(x) for finite x > 0 (subnormals are treated as
// 2^-126) to 3.4e-7 absolute error: x = m·2^k with m in [√½, √2) (the
// branch-free reduction of musl's logf: offsetting the bits by those of
// √½ puts the mantissa in that range), then a degree-7 least-squares
// polynomial in m−1.
func Log2(x float32) float32 {
	i := int32(math.Float32bits(x)) - 0x3f3504f3
	m := math.Float32frombits(uint32(i&0x7fffff+0x3f3504f3)) - 1
	return float32(i>>23) + m*(1.442701010413295+m*(-0.72136839258181+m*(0.48040237633984206+m*(-0.3592039478767313+
		m*(0.2982603979898935+m*(-0.2709267054795172+m*0.16517534467617528))))))
}

// Exp2 returns 2^t for t <= 0 to about 1e-7 relative error, and 0 for
// t <= −126 or NaN: 2^t = 2^i·e^(f·ln2) with i = round(t), |f| <= 1/2,
// and e^g by its Taylor series to g^6/720.
func Exp2(t float32) float32 {
	if !(t > -126) {
		return 0
	}
	t = min(t, 0)
	i := -int32(0.5 - t)
	g := (t - float32(i)) * ln2
	return (1 + g*(1+g*(1.0/2+g*(1.0/6+g*(1.0/24+g*(1.0/120+g*(1.0/720))))))) *
		math.Float32frombits(uint32(i+127)<<23)
}

// Pow returns x^p for x in (0, 1] and p >= 0 as the model defines it:
// Exp2(p·Log2(x)).
func Pow(x, p float32) float32 { return Exp2(p * Log2(x)) }

const ln2 = 0.6931471805599453
