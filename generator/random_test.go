package generator

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

const draws = 10000

func newRand(seed uint64) *rand.Rand { return NewContext(seed, 0, 1, 1, nil).Rand }

// meanStd returns the sample mean and standard deviation of n draws.
func meanStd(n int, draw func() float64) (mean, std float64) {
	var sum, sum2 float64
	for range n {
		x := draw()
		sum += x
		sum2 += x * x
	}
	mean = sum / float64(n)
	return mean, math.Sqrt(max(0, sum2/float64(n)-mean*mean))
}

func TestDeterministic(t *testing.T) {
	cat, err := NewCategorical([]float64{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	hsv := HSVRange{H: Range{0, 360}, S: Range{0.2, 0.9}, V: Range{0.3, 1}}
	draw := func(r *rand.Rand) []float64 {
		var out []float64
		for range 50 {
			c := hsv.Draw(r)
			v := SphereBand(r, 0.2, 1.2)
			q := Rotation(r)
			b := 0.0
			if Bernoulli(r, 0.3) {
				b = 1
			}
			out = append(out,
				Range{-1, 2}.Draw(r), float64(IntRange{3, 20}.Draw(r)), Normal{1, 2}.Draw(r),
				TruncNormal{0, 1, -0.5, 2}.Draw(r), b, float64(cat.Draw(r)),
				float64(c.R), float64(c.G), float64(c.B), v[0], v[1], v[2], q.W, q.V[0], Angle(r))
		}
		return out
	}
	a, b, c := draw(newRand(9)), draw(newRand(9)), draw(newRand(10))
	same := true
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			t.Fatalf("draw %d: %v then %v from the same seed", i, a[i], b[i])
		}
		same = same && a[i] == c[i]
	}
	if same {
		t.Error("seeds 9 and 10 gave identical draws")
	}
}

func TestRangeDraw(t *testing.T) {
	tests := []Range{{0, 1}, {-3, 7}, {5, 5}, {1e6, 1e6 + 1}}
	for _, g := range tests {
		r := newRand(1)
		mean, std := meanStd(draws, func() float64 {
			x := g.Draw(r)
			if x < g.Min || x > g.Max {
				t.Fatalf("%v drew %v", g, x)
			}
			return x
		})
		w := g.Max - g.Min
		if math.Abs(mean-(g.Min+g.Max)/2) > 0.05*w+1e-9 || math.Abs(std-w/math.Sqrt(12)) > 0.05*w+1e-9 {
			t.Errorf("%v: mean %v std %v, want about %v and %v", g, mean, std, (g.Min+g.Max)/2, w/math.Sqrt(12))
		}
	}
}

func TestIntRangeDraw(t *testing.T) {
	tests := []IntRange{{3, 20}, {-2, 2}, {7, 7}, {math.MinInt, math.MaxInt}, {0, math.MaxInt}}
	for _, g := range tests {
		r := newRand(2)
		hitMin, hitMax := false, false
		for range draws {
			x := g.Draw(r)
			if x < g.Min || x > g.Max {
				t.Fatalf("%v drew %d", g, x)
			}
			hitMin = hitMin || x == g.Min
			hitMax = hitMax || x == g.Max
		}
		if uint64(g.Max)-uint64(g.Min) < 100 && !(hitMin && hitMax) {
			t.Errorf("%v: in %d draws min drawn %v, max drawn %v", g, draws, hitMin, hitMax)
		}
	}
	if got := (IntRange{5, 1}).Draw(newRand(1)); got != 5 {
		t.Errorf("empty range drew %d, want its Min", got)
	}
}

func TestNormalDraw(t *testing.T) {
	for _, n := range []Normal{{0, 1}, {10, 3}, {-2, 0}} {
		r := newRand(3)
		mean, std := meanStd(draws, func() float64 { return n.Draw(r) })
		if math.Abs(mean-n.Mean) > 0.05*n.Std+1e-12 || math.Abs(std-n.Std) > 0.05*n.Std+1e-12 {
			t.Errorf("%+v: mean %v std %v", n, mean, std)
		}
	}
}

// truncMean is the mean of N(0,1) truncated to [a, b].
func truncMean(a, b float64) float64 {
	pdf := func(x float64) float64 { return math.Exp(-x*x/2) / math.Sqrt(2*math.Pi) }
	cdf := func(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }
	return (pdf(a) - pdf(b)) / (cdf(b) - cdf(a))
}

func TestTruncNormalDraw(t *testing.T) {
	tests := []struct {
		d        TruncNormal
		wantMean float64 // NaN: not checked
	}{
		{TruncNormal{0, 1, -1, 1}, 0},
		{TruncNormal{0, 1, 0, 10}, truncMean(0, 10)},         // half normal: sqrt(2/π)
		{TruncNormal{2, 0.5, 0, 2}, 2 - 0.5*truncMean(0, 4)}, // upper bound at the mean
		{TruncNormal{0, 1, 5, 6}, truncMean(5, 6)},           // far upper tail
		{TruncNormal{0, 1, -6, -5}, truncMean(-6, -5)},       // far lower tail
		{TruncNormal{0, 1, 40, 41}, math.NaN()},              // probability underflows
		{TruncNormal{0, 1, -41, -40}, math.NaN()},
		{TruncNormal{3, 0, 0, 1}, 1}, // zero std: clamped mean
		{TruncNormal{0, 1, 0.5, 0.5}, 0.5},
		{TruncNormal{0, 1e-300, -1e-300, 1e-300}, math.NaN()},
	}
	for _, tt := range tests {
		r := newRand(4)
		mean, _ := meanStd(draws, func() float64 {
			x := tt.d.Draw(r)
			if !(x >= tt.d.Min && x <= tt.d.Max) {
				t.Fatalf("%+v drew %v outside its bounds", tt.d, x)
			}
			return x
		})
		if !math.IsNaN(tt.wantMean) && math.Abs(mean-tt.wantMean) > 0.03*max(tt.d.Std, 1e-3)+1e-9 {
			t.Errorf("%+v: mean %v, want about %v", tt.d, mean, tt.wantMean)
		}
	}
}

func TestBernoulli(t *testing.T) {
	for _, p := range []float64{0, 0.25, 0.5, 1, -1, 2, math.NaN()} {
		r := newRand(5)
		hits := 0
		for range draws {
			if Bernoulli(r, p) {
				hits++
			}
		}
		want := min(max(p, 0), 1)
		if math.IsNaN(p) {
			want = 0
		}
		if got := float64(hits) / draws; math.Abs(got-want) > 0.02 {
			t.Errorf("Bernoulli(%v): frequency %v", p, got)
		}
	}
}

func TestCategorical(t *testing.T) {
	w := []float64{1, 0, 3, 6}
	c, err := NewCategorical(w)
	if err != nil {
		t.Fatal(err)
	}
	w[0] = 100 // NewCategorical copies
	counts := make([]int, c.Len())
	r := newRand(6)
	for range draws {
		counts[c.Draw(r)]++
	}
	for i, want := range []float64{0.1, 0, 0.3, 0.6} {
		if got := float64(counts[i]) / draws; math.Abs(got-want) > 0.02 || (want == 0 && counts[i] != 0) {
			t.Errorf("category %d: frequency %v, want %v", i, got, want)
		}
	}
	if got := (Categorical{}).Draw(r); got != -1 {
		t.Errorf("zero Categorical drew %d, want -1", got)
	}
	for _, bad := range [][]float64{nil, {0, 0}, {1, -1}, {1, math.NaN()}, {math.Inf(1)}, {math.MaxFloat64, math.MaxFloat64}} {
		if _, err := NewCategorical(bad); err == nil {
			t.Errorf("NewCategorical(%v) succeeded", bad)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		v    Validator
		ok   bool
	}{
		{"range", Range{0, 1}, true},
		{"point range", Range{1, 1}, true},
		{"reversed range", Range{1, 0}, false},
		{"NaN range", Range{math.NaN(), 1}, false},
		{"infinite range", Range{0, math.Inf(1)}, false},
		{"int range", IntRange{3, 20}, true},
		{"reversed int range", IntRange{20, 3}, false},
		{"normal", Normal{0, 1}, true},
		{"negative std", Normal{0, -1}, false},
		{"trunc normal", TruncNormal{0, 1, -1, 1}, true},
		{"trunc normal reversed", TruncNormal{0, 1, 1, -1}, false},
		{"hsv", HSVRange{Range{-20, 20}, Range{0, 1}, Range{0.5, 1}}, true},
		{"hsv saturation > 1", HSVRange{Range{0, 360}, Range{0, 1.5}, Range{0, 1}}, false},
		{"hsv reversed hue", HSVRange{Range{20, -20}, Range{0, 1}, Range{0, 1}}, false},
	}
	for _, tt := range tests {
		if err := tt.v.Validate(); (err == nil) != tt.ok {
			t.Errorf("%s: Validate() = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

func TestHSV(t *testing.T) {
	grey := scene.SRGBToLinear(0.5)
	tests := []struct {
		h, s, v float64
		want    scene.Color
	}{
		{0, 1, 1, scene.RGB(1, 0, 0)},
		{120, 1, 1, scene.RGB(0, 1, 0)},
		{600, 1, 1, scene.RGB(0, 0, 1)}, // 600° = 240°
		{-60, 1, 1, scene.RGB(1, 0, 1)}, // -60° = 300°
		{60, 1, 1, scene.RGB(1, 1, 0)},
		{180, 0, 0.5, scene.RGB(grey, grey, grey)},
		{math.NaN(), 0, 0, scene.RGB(0, 0, 0)},
	}
	for _, tt := range tests {
		got := HSV(tt.h, tt.s, tt.v)
		d := math.Abs(float64(got.R-tt.want.R)) + math.Abs(float64(got.G-tt.want.G)) + math.Abs(float64(got.B-tt.want.B))
		if d > 1e-6 || got.A != 1 {
			t.Errorf("HSV(%v, %v, %v) = %v, want %v", tt.h, tt.s, tt.v, got, tt.want)
		}
	}
	r := newRand(7)
	reds := HSVRange{H: Range{-20, 20}, S: Range{0.8, 1}, V: Range{0.8, 1}}
	for range 1000 {
		c := reds.Draw(r)
		if !(c.R >= c.G && c.R >= c.B && c.R > 0.5 && c.A == 1) {
			t.Fatalf("red range drew %v", c)
		}
	}
}

func TestDirections(t *testing.T) {
	r := newRand(8)
	var sum mgl64.Vec3
	for range draws {
		v := UnitVector(r)
		if math.Abs(v.Len()-1) > 1e-12 {
			t.Fatalf("UnitVector length %v", v.Len())
		}
		sum = sum.Add(v)
	}
	if m := sum.Mul(1.0 / draws); m.Len() > 0.05 {
		t.Errorf("UnitVector mean %v, want about 0", m)
	}
	lo, hi := mgl64.DegToRad(30), mgl64.DegToRad(75)
	var y float64
	for range draws {
		v := SphereBand(r, lo, hi)
		e := math.Asin(v[1])
		if e < lo-1e-12 || e > hi+1e-12 || math.Abs(v.Len()-1) > 1e-12 {
			t.Fatalf("SphereBand drew %v (elevation %v°)", v, mgl64.RadToDeg(e))
		}
		y += v[1]
	}
	// Uniform by area: sin(elevation) is uniform in [sin lo, sin hi].
	if want := (math.Sin(lo) + math.Sin(hi)) / 2; math.Abs(y/draws-want) > 0.01 {
		t.Errorf("SphereBand mean height %v, want %v", y/draws, want)
	}
	sum = mgl64.Vec3{}
	for range draws {
		q := Rotation(r)
		if math.Abs(q.Len()-1) > 1e-12 {
			t.Fatalf("Rotation not unit: %v", q)
		}
		sum = sum.Add(q.Rotate(mgl64.Vec3{0, 0, 1}))
	}
	if m := sum.Mul(1.0 / draws); m.Len() > 0.05 {
		t.Errorf("Rotation·z mean %v, want about 0", m)
	}
}
