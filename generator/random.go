package generator

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// Domain-randomization helpers. Each draws from the *rand.Rand it is given,
// normally Context.Rand, and never from a global source. The range types
// double as params: they have JSON tags and a Validate method, so a
// generator can expose them directly, e.g. "fov_deg": {"min": 45, "max": 65}.
// Draw methods never panic; with invalid parameters (see Validate) their
// result is unspecified.

// Range is the closed interval [Min, Max] of real numbers.
type Range struct {
	Min float64 `json:"min" doc:"smallest value"`
	Max float64 `json:"max" doc:"largest value"`
}

// Validate reports whether the bounds are finite and Min <= Max.
func (g Range) Validate() error {
	if !finite(g.Min) || !finite(g.Max) {
		return fmt.Errorf("range [%g, %g]: bounds must be finite", g.Min, g.Max)
	}
	if g.Min > g.Max {
		return fmt.Errorf("range [%g, %g]: min exceeds max", g.Min, g.Max)
	}
	return nil
}

// Draw returns a uniform draw from the range (distuv.Uniform). It consumes
// one Float64 from r.
func (g Range) Draw(r *rand.Rand) float64 {
	return distuv.Uniform{Min: g.Min, Max: g.Max, Src: r}.Rand()
}

// IntRange is the closed interval [Min, Max] of integers.
type IntRange struct {
	Min int `json:"min" doc:"smallest value"`
	Max int `json:"max" doc:"largest value"`
}

// Validate reports whether Min <= Max.
func (g IntRange) Validate() error {
	if g.Min > g.Max {
		return fmt.Errorf("range [%d, %d]: min exceeds max", g.Min, g.Max)
	}
	return nil
}

// Draw returns an integer drawn uniformly from [Min, Max], or Min when
// Max <= Min (consuming nothing then).
func (g IntRange) Draw(r *rand.Rand) int {
	if g.Max <= g.Min {
		return g.Min
	}
	span := uint64(g.Max) - uint64(g.Min) // exact modulo 2⁶⁴ since Max > Min
	if span == math.MaxUint64 {
		return int(r.Uint64())
	}
	return g.Min + int(r.Uint64N(span+1))
}

// Normal is the normal distribution with the given mean and standard
// deviation.
type Normal struct {
	Mean float64 `json:"mean" doc:"mean"`
	Std  float64 `json:"std" doc:"standard deviation (>= 0)"`
}

// Validate reports whether the parameters are finite and Std >= 0.
func (n Normal) Validate() error {
	if !finite(n.Mean) || !finite(n.Std) || n.Std < 0 {
		return fmt.Errorf("normal(%g, %g): want finite mean and std >= 0", n.Mean, n.Std)
	}
	return nil
}

// Draw returns a normal draw (distuv.Normal, via r.NormFloat64).
func (n Normal) Draw(r *rand.Rand) float64 {
	return distuv.Normal{Mu: n.Mean, Sigma: n.Std, Src: r}.Rand()
}

// TruncNormal is a normal distribution conditioned on [Min, Max].
type TruncNormal struct {
	Mean float64 `json:"mean" doc:"mean of the untruncated normal"`
	Std  float64 `json:"std" doc:"standard deviation of the untruncated normal (>= 0)"`
	Min  float64 `json:"min" doc:"smallest value"`
	Max  float64 `json:"max" doc:"largest value"`
}

// Validate reports whether the parameters are finite, Std >= 0 and
// Min <= Max.
func (t TruncNormal) Validate() error {
	if err := (Normal{t.Mean, t.Std}).Validate(); err != nil {
		return err
	}
	return Range{t.Min, t.Max}.Validate()
}

// Draw returns a draw by inversion of the CDF: it consumes exactly one
// Float64 from r and the result always lies in [Min, Max]. When the
// interval is so far in a tail that its probability underflows, it returns
// the bound nearest the mean; when Std is 0 it returns Mean clamped to the
// interval.
func (t TruncNormal) Draw(r *rand.Rand) float64 {
	u := r.Float64()
	lo, hi := t.Min, t.Max
	if t.Std <= 0 || !(lo < hi) {
		return clamp(t.Mean, lo, hi)
	}
	a, b := (lo-t.Mean)/t.Std, (hi-t.Mean)/t.Std
	// Invert in the lower tail, where the normal CDF keeps its precision.
	flip := a+b > 0
	if flip {
		a, b = -b, -a
	}
	pa, pb := distuv.UnitNormal.CDF(a), distuv.UnitNormal.CDF(b)
	if !(pb > pa) {
		return clamp(t.Mean, lo, hi)
	}
	z := distuv.UnitNormal.Quantile(clamp(pa+u*(pb-pa), 0, 1))
	if flip {
		z = -z
	}
	return clamp(t.Mean+t.Std*z, lo, hi)
}

// Bernoulli returns true with probability p (distuv.Bernoulli). It always
// consumes one Float64 from r; p outside [0, 1] is clamped and NaN counts
// as 0.
func Bernoulli(r *rand.Rand, p float64) bool {
	if !(p > 0) {
		p = 0
	}
	return distuv.Bernoulli{P: min(p, 1), Src: r}.Rand() == 1
}

// Categorical draws index i with probability proportional to its weight
// (distuv.Categorical). The zero value has no categories.
type Categorical struct {
	w []float64
}

// NewCategorical returns a Categorical over len(weights) indices. Weights
// must be finite and non-negative with a positive sum.
func NewCategorical(weights []float64) (Categorical, error) {
	if len(weights) == 0 {
		return Categorical{}, errors.New("categorical: no weights")
	}
	sum := 0.0
	for i, w := range weights {
		if !finite(w) || w < 0 {
			return Categorical{}, fmt.Errorf("categorical: weight %d is %g, want finite and >= 0", i, w)
		}
		sum += w
	}
	if !(sum > 0) || !finite(sum) {
		return Categorical{}, fmt.Errorf("categorical: weights sum to %g, want a positive finite sum", sum)
	}
	return Categorical{w: slices.Clone(weights)}, nil
}

// Len returns the number of categories.
func (c Categorical) Len() int { return len(c.w) }

// Draw returns an index in [0, Len()) drawn with probability proportional
// to its weight, consuming one Float64 from r; it returns -1, consuming
// nothing, when there are no categories. It costs O(Len()).
func (c Categorical) Draw(r *rand.Rand) int {
	if len(c.w) == 0 {
		return -1
	}
	i := int(distuv.NewCategorical(c.w, r).Rand())
	if i < 0 || i >= len(c.w) || c.w[i] == 0 {
		// A draw of exactly 0 can land on a zero weight; take the first
		// positive weight instead, as inversion would.
		i = slices.IndexFunc(c.w, func(w float64) bool { return w > 0 })
	}
	return i
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// clamp limits x to [lo, hi], mapping NaN to lo.
func clamp(x, lo, hi float64) float64 {
	if !(x >= lo) {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}
