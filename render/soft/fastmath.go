package soft

import "math"

// pow01 returns x^y = 2^(y·log2 x) for x in (0, 1] and y > 0, to about
// 1e-6 relative error (plus y times 2e-7 absolute error in the exponent),
// and 0 below 2^-126 or for x <= 0. It is plain float32 arithmetic, so its
// result does not depend on the platform's libm; it replaces math.Pow,
// which dominated shading time.
func pow01(x, y float32) float32 {
	if !(x > 0) {
		return 0
	}
	// log2 x = k + log2 m with x = m·2^k and m in [√½, √2); then
	// ln m = 2·atanh(q), q = (m−1)/(m+1), |q| <= 0.1716, whose series
	// to q^9 is accurate to 2e-9.
	bits := math.Float32bits(x)
	m := math.Float32frombits(bits&0x7fffff | 0x3f800000)
	k := float32(int32(bits>>23) - 127)
	if m > math.Sqrt2 {
		m *= 0.5
		k++
	}
	q := (m - 1) / (m + 1)
	q2 := q * q
	t := y * (k + q*(2/ln2)*(1+q2*(1.0/3+q2*(1.0/5+q2*(1.0/7+q2*(1.0/9))))))
	if !(t > -126) { // also NaN
		return 0
	}
	t = min(t, 0) // x <= 1, up to rounding
	// 2^t = 2^i · e^(f·ln2) with i = round(t), |f| <= 1/2, and e^g by its
	// Taylor series to g^6/720 (|g| <= 0.35: error 1e-7).
	i := -int32(0.5 - t)
	g := (t - float32(i)) * ln2
	e := 1 + g*(1+g*(1.0/2+g*(1.0/6+g*(1.0/24+g*(1.0/120+g*(1.0/720))))))
	return e * math.Float32frombits(uint32(i+127)<<23)
}

const ln2 = 0.6931471805599453
