package envmap

import (
	"bytes"
	"image"
	"math"
	"slices"
	"testing"

	"github.com/mdouchement/hdr"
	"github.com/mdouchement/hdr/codec/rgbe"
	"github.com/synthkit/synthkit/scene"
)

var (
	up    = [3]float64{0, 1, 0}
	down  = [3]float64{0, -1, 0}
	sides = [][3]float64{{1, 0, 0}, {-1, 0, 0}, {0, 0, 1}, {0, 0, -1}}
)

func TestUniform(t *testing.T) {
	for _, tc := range []struct {
		name   string
		c      scene.Color
		height int
		want   [3]float32
		h      int
	}{
		{"grey", scene.RGB(0.5, 0.5, 0.5), 8, [3]float32{0.5, 0.5, 0.5}, 8},
		{"colour", scene.RGB(1, 0.25, 2), 16, [3]float32{1, 0.25, 2}, 16},
		{"default height", scene.RGB(1, 1, 1), 0, [3]float32{1, 1, 1}, DefaultHeight},
		{"clamped height", scene.RGB(1, 1, 1), 1 << 20, [3]float32{1, 1, 1}, scene.MaxEnvironmentHeight},
		{"bad colour", scene.Color{R: -1, G: float32(math.NaN()), B: float32(math.Inf(1))}, 4, [3]float32{0, 0, 0}, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := Uniform(tc.c, tc.height)
			if err := e.Validate(); err != nil {
				t.Fatal(err)
			}
			if e.Height != tc.h {
				t.Fatalf("height %d, want %d", e.Height, tc.h)
			}
			if got := [3]float32(e.Radiance[len(e.Radiance)-3:]); got != tc.want {
				t.Errorf("last texel %v, want %v", got, tc.want)
			}
			if tc.h > 64 {
				return // the irradiance sums are slow on huge maps
			}
			for _, n := range append(sides, up, down) {
				got := Irradiance(e, n)
				for k := range 3 {
					// The midpoint rule on an 8-row map is within 3%.
					if math.Abs(got[k]-float64(tc.want[k])) > 0.03*float64(tc.want[k])+1e-9 {
						t.Errorf("Irradiance(%v) = %v, want %v", n, got, tc.want)
					}
				}
			}
		})
	}
}

// TestIrradianceRotation: turning a map turns its irradiance with it.
func TestIrradianceRotation(t *testing.T) {
	e := Store(StoreParams{Height: 32})
	base := Irradiance(e, [3]float64{0, 0, -1}) // what the map shows along −Z
	e.Rotation = math.Pi / 2                    // … is now along −X
	got := Irradiance(e, [3]float64{-1, 0, 0})
	for k := range 3 {
		if math.Abs(got[k]-base[k]) > 1e-9 {
			t.Fatalf("rotated irradiance %v, want %v", got, base)
		}
	}
	e.Intensity = 2
	if got := Irradiance(e, [3]float64{-1, 0, 0}); math.Abs(got[0]-2*base[0]) > 1e-9 {
		t.Errorf("intensity 2 gives %v, want %v", got[0], 2*base[0])
	}
}

func TestStudio(t *testing.T) {
	for _, h := range []int{32, 128} {
		e := Studio(h)
		if err := e.Validate(); err != nil {
			t.Fatal(err)
		}
		if e2 := Studio(h); !slices.Equal(e.Radiance, e2.Radiance) {
			t.Fatal("two calls differ")
		}
		for _, tc := range []struct {
			name   string
			n      [3]float64
			lo, hi float64
		}{
			{"up", up, 0.999, 1.001},
			{"+X", sides[0], 0.55, 0.67},
			{"-X", sides[1], 0.55, 0.67},
			{"+Z", sides[2], 0.55, 0.67},
			{"-Z", sides[3], 0.55, 0.67},
			{"down", down, 0.3, 0.45},
		} {
			if got := luminance(Irradiance(e, tc.n)); got < tc.lo || got > tc.hi {
				t.Errorf("height %d: facing %s reflects %.3f, want [%v, %v]", h, tc.name, got, tc.lo, tc.hi)
			}
		}
	}
}

func TestStoreDeterministic(t *testing.T) {
	for _, p := range []StoreParams{{}, {Seed: 7, Strips: 3, ColorTemperature: 3000, Brightness: 2, Height: 40}} {
		a, b := Store(p), Store(p)
		if !slices.Equal(a.Radiance, b.Radiance) || a.Width != b.Width || a.Name != b.Name {
			t.Errorf("%+v: two calls differ", p)
		}
	}
	a, b := Store(StoreParams{Seed: 1, Height: 32}), Store(StoreParams{Seed: 2, Height: 32})
	if slices.Equal(a.Radiance, b.Radiance) {
		t.Error("seeds 1 and 2 give the same store")
	}
}

func TestStoreValid(t *testing.T) {
	for _, p := range []StoreParams{
		{},
		{Height: 2},
		{Height: -5, Brightness: -1, ColorTemperature: -100, Strips: -3},
		{Brightness: math.Inf(1), ColorTemperature: math.NaN(), Strips: 1000, Height: 16},
		{ColorTemperature: 1e9, Height: 16},
	} {
		e := Store(p)
		if err := e.Validate(); err != nil {
			t.Errorf("%+v: %v", p, err)
		}
	}
	if e := Store(StoreParams{}); e.Height != DefaultHeight || e.Width != 2*DefaultHeight {
		t.Errorf("default size %dx%d", e.Width, e.Height)
	}
}

// TestStoreLighting checks the documented irradiance and that the
// ceiling outshines the floor, over seeds.
func TestStoreLighting(t *testing.T) {
	for seed := range uint64(5) {
		e := Store(StoreParams{Seed: seed})
		if got := luminance(Irradiance(e, up)); math.Abs(got-1) > 1e-3 {
			t.Errorf("seed %d: facing up reflects %v, want 1", seed, got)
		}
		for _, n := range sides {
			if got := luminance(Irradiance(e, n)); got < 0.45 || got > 0.6 {
				t.Errorf("seed %d: facing %v reflects %.3f, want [0.45, 0.6]", seed, n, got)
			}
		}
		if got := luminance(Irradiance(e, down)); got < 0.2 || got > 0.35 {
			t.Errorf("seed %d: facing down reflects %.3f, want [0.2, 0.35]", seed, got)
		}
		var upper, lower float64
		for j := range e.Height {
			for i := range 3 * e.Width {
				v := float64(e.Radiance[3*e.Width*j+i])
				if j < e.Height/2 {
					upper += v
				} else {
					lower += v
				}
			}
		}
		if upper <= 2*lower {
			t.Errorf("seed %d: upper hemisphere %v not well above lower %v", seed, upper, lower)
		}
	}
	// Brightness scales every texel.
	a, b := Store(StoreParams{Height: 32}), Store(StoreParams{Height: 32, Brightness: 3})
	for i := range a.Radiance {
		if math.Abs(float64(b.Radiance[i])-3*float64(a.Radiance[i])) > 1e-5*float64(b.Radiance[i]) {
			t.Fatalf("value %d: %v at brightness 3, %v at 1", i, b.Radiance[i], a.Radiance[i])
		}
	}
}

// TestStoreStrips: the brightest texels look at the ceiling where the
// documented strips are, and every row of strips shows as a run of
// bright texels along X.
func TestStoreStrips(t *testing.T) {
	for _, n := range []int{0, 3, 6, 10} {
		e := Store(StoreParams{Strips: n, Height: 256})
		rows := n
		if rows == 0 {
			rows = 6
		}
		var peak float32
		for i := 1; i < len(e.Radiance); i += 3 {
			peak = max(peak, e.Radiance[i]) // green
		}
		// Texels wholly on a strip are at the peak; those partly on one
		// (far rows are thinner than a texel) well above the ceiling,
		// which is a thirtieth of the peak.
		hits := make([]int, rows)
		minX, maxX := make([]float64, rows), make([]float64, rows)
		for j := range e.Height {
			for i := range e.Width {
				g := e.Radiance[3*(j*e.Width+i)+1]
				if g < peak/10 {
					continue
				}
				d := scene.EnvironmentDirection((float64(i)+0.5)/float64(e.Width), (float64(j)+0.5)/float64(e.Height))
				if d[1] <= 0 {
					if g >= 0.99*peak {
						t.Fatalf("strips %d: brightest texel (%d, %d) looks down", n, i, j)
					}
					continue // the floor's reflection
				}
				tc := (storeCeiling - storeEye) / d[1]
				x, z := tc*d[0], tc*d[2]
				k := int(math.Round(z/storeRowSpacing + float64(rows-1)/2))
				zk := (float64(k) - float64(rows-1)/2) * storeRowSpacing
				if g >= 0.99*peak && (k < 0 || k >= rows || math.Abs(z-zk) > storeStripWidth/2+1e-9) {
					t.Fatalf("strips %d: brightest texel (%d, %d) looks at z = %.3f m, off every strip", n, i, j, z)
				}
				if k < 0 || k >= rows || math.Abs(z-zk) > 0.5 {
					continue
				}
				if hits[k] == 0 || x < minX[k] {
					minX[k] = x
				}
				if hits[k] == 0 || x > maxX[k] {
					maxX[k] = x
				}
				hits[k]++
			}
		}
		for k := range rows {
			if hits[k] == 0 || maxX[k]-minX[k] < 5 {
				t.Errorf("strips %d: row %d has %d bright texels over x ∈ [%.2f, %.2f] m, want a run along X", n, k, hits[k], minX[k], maxX[k])
			}
		}
	}
}

func TestStoreColorTemperature(t *testing.T) {
	warm := Irradiance(Store(StoreParams{Height: 32, ColorTemperature: 3000}), up)
	cool := Irradiance(Store(StoreParams{Height: 32, ColorTemperature: 6500}), up)
	if !(warm[0]/warm[2] > 2 && cool[0]/cool[2] < 1.2) {
		t.Errorf("red/blue at 3000 K %v, at 6500 K %v", warm[0]/warm[2], cool[0]/cool[2])
	}
}

func BenchmarkStore(b *testing.B) {
	for b.Loop() {
		Store(StoreParams{})
	}
}

func BenchmarkDecodeRGBE(b *testing.B) {
	e := Studio(256)
	img := hdr.NewRGB(image.Rect(0, 0, e.Width, e.Height))
	copy(img.Pix, e.Radiance)
	var buf bytes.Buffer
	if err := rgbe.Encode(&buf, img); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, err := Decode(bytes.NewReader(buf.Bytes()), "studio.hdr", 128); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDownsample(b *testing.B) {
	e := Studio(512)
	for b.Loop() {
		if _, err := Downsample(e, 128); err != nil {
			b.Fatal(err)
		}
	}
}
