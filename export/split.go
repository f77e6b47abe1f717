package export

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/synthkit/synthkit/generator"
)

// ErrSplits is wrapped by every error about an invalid split list.
var ErrSplits = errors.New("invalid splits")

// Split is one named part of an export and its share of the samples.
type Split struct {
	Name   string  // a directory and file name part: letters, digits, '_' and '-'
	Weight float64 // relative share; weights are normalized by their sum
}

// Splits is an ordered list of splits. The order matters: it decides which
// interval of [0, 1) each split owns (see Splits.Of).
type Splits []Split

// ParseSplits parses a split list such as "train=0.9,val=0.1". Weights
// are relative ("train=9,val=1" is the same split); each must be a finite
// number > 0 and names must be unique and match [A-Za-z0-9_-]+. An empty
// string gives a nil list (no splits).
func ParseSplits(s string) (Splits, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	var out Splits
	for i, part := range strings.Split(s, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, fmt.Errorf("%w: part %d %q: want NAME=WEIGHT, e.g. train=0.9", ErrSplits, i+1, part)
		}
		name = strings.TrimSpace(name)
		weight, err := strconv.ParseFloat(strings.TrimSpace(w), 64)
		if err != nil {
			return nil, fmt.Errorf("%w: split %q: weight %q is not a number", ErrSplits, name, w)
		}
		out = append(out, Split{Name: name, Weight: weight})
	}
	if err := out.Validate(); err != nil {
		return nil, err
	}
	return out, nil
}

// Validate checks names (non-empty, [A-Za-z0-9_-]+, unique) and weights
// (finite and > 0). A nil or empty list is valid and means no splits.
func (ss Splits) Validate() error {
	seen := make(map[string]bool, len(ss))
	for _, sp := range ss {
		if !validName(sp.Name) {
			return fmt.Errorf("%w: split name %q: want letters, digits, '_' or '-'", ErrSplits, sp.Name)
		}
		if seen[sp.Name] {
			return fmt.Errorf("%w: split %q is listed twice", ErrSplits, sp.Name)
		}
		seen[sp.Name] = true
		if !(sp.Weight > 0) || math.IsInf(sp.Weight, 0) {
			return fmt.Errorf("%w: split %q: weight %g must be a finite number > 0", ErrSplits, sp.Name, sp.Weight)
		}
	}
	return nil
}

// String formats the list as ParseSplits reads it.
func (ss Splits) String() string {
	parts := make([]string, len(ss))
	for i, sp := range ss {
		parts[i] = sp.Name + "=" + strconv.FormatFloat(sp.Weight, 'g', -1, 64)
	}
	return strings.Join(parts, ",")
}

// Names returns the split names in order.
func (ss Splits) Names() []string {
	out := make([]string, len(ss))
	for i, sp := range ss {
		out[i] = sp.Name
	}
	return out
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// SplitUnit maps a sample index to a number in [0, 1): the first output of
// SplitMix64 seeded with the index, scaled by 2⁻⁵³ after dropping its low
// 11 bits:
//
//	z = index + 0x9E3779B97F4A7C15   (mod 2⁶⁴; generator.Mix64 below)
//	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
//	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
//	z = z ^ (z >> 31)
//	u = (z >> 11) / 2⁵³
//
// It depends on the index alone (not the job seed, the shard layout or the
// number of samples), so a sample keeps its split when a dataset grows, and
// the formula is easy to reproduce in Python.
func SplitUnit(index int64) float64 {
	z := generator.Mix64(uint64(index) + 0x9E3779B97F4A7C15)
	return float64(z>>11) / (1 << 53)
}

// Of returns the position in ss of the split sample index belongs to: the
// splits own consecutive intervals of [0, 1) in list order, each as wide as
// its normalized weight, and the sample goes to the interval holding
// SplitUnit(index). It returns 0 for a list of one split and -1 for an
// empty list.
func (ss Splits) Of(index int64) int {
	if len(ss) == 0 {
		return -1
	}
	var total float64
	for _, sp := range ss {
		total += sp.Weight
	}
	u := SplitUnit(index) * total
	var acc float64
	for i, sp := range ss[:len(ss)-1] {
		if acc += sp.Weight; u < acc {
			return i
		}
	}
	return len(ss) - 1
}
