package envmap

import (
	"math"
	"math/rand/v2"

	"github.com/synthkit/synthkit/scene"
)

// StoreParams shape a Store environment. The zero value of every field
// stands for its default, so StoreParams{} is a typical store.
type StoreParams struct {
	// Height is the map's height in rows (width twice that); 0 (or
	// anything below scene.MinEnvironmentHeight) means DefaultHeight, and
	// it is clamped to scene.MaxEnvironmentHeight.
	Height int
	// Brightness is the luminance a white matte surface facing up
	// reflects (its Irradiance); 0 means 1, "fully lit". Every texel
	// scales with it. Negative or non-finite values count as 0.
	Brightness float64
	// ColorTemperature is the lights' colour in kelvin, clamped to
	// [1000, 40000] (see scene.Kelvin); 0 means 4000 K, the neutral white of
	// most store lighting.
	ColorTemperature float64
	// Strips is the number of rows of strip lights on the ceiling; 0 (or
	// less) means 6, and at most MaxStoreStrips rows fit in the store.
	Strips int
	// Seed picks the small variations: the colours of the goods on the
	// shelving and of the far walls, and the gaps between the luminaires
	// in each row. Every seed gives a valid store, and the same seed the
	// same map.
	Seed uint64
}

// The store's geometry, in metres, seen from the viewpoint at the origin
// of the map (an eye in an aisle, 1.5 m above the floor). World X runs
// along the aisle, Z across it.
const (
	storeEye         = 1.5  // the eye's height above the floor
	storeCeiling     = 4.0  // the ceiling's height above the floor
	storeRowSpacing  = 2.5  // between rows of strip lights, along Z
	storeStripWidth  = 0.15 // of a strip light, along Z
	storeLuminaire   = 1.5  // the length of one luminaire, along X
	storeAisle       = 1.6  // from the aisle's centre line to each gondola
	storeGondola     = 1.8  // the gondolas' height above the floor
	storeBay         = 1.25 // the width of a gondola bay, along X
	storeShelfPitch  = 0.4  // between shelves
	storeShelfRail   = 0.05 // the height of a shelf's front rail
	storeRadius      = 25.0 // the horizontal distance to the store's walls
	storeReflectance = 0.08 // of the glossy floor, mirror-like
)

// MaxStoreStrips is the most rows of strip lights a store holds: rows
// farther out than its walls would not be seen.
const MaxStoreStrips = 2 * int(storeRadius/storeRowSpacing)

// Radiances of the store's surfaces, as multiples of the lights' colour,
// before the map is scaled to its Brightness.
const (
	storeCeilingLevel = 0.30 // the off-white ceiling: 0.85 albedo, dimly lit
	storeStripLevel   = 30 * storeCeilingLevel
	storeFloorLevel   = 0.20 // the light grey floor, diffusely
	storeGoodsLevel   = 0.50 // goods on the shelves, lit by the strips
	storeWallLevel    = 0.35 // the far walls
)

// Store returns a supermarket interior as seen from an aisle: parallel
// rows of long strip lights on an off-white ceiling, gondolas of shelved
// goods in muted colours on both sides of the aisle up to a little above
// eye height, the store's far walls at the horizon, and a light grey
// glossy floor that faintly mirrors the lights.
//
// The geometry, in metres, from an eye 1.5 m above the floor: the ceiling
// is 4 m high; the strip lights run along world X (the aisle's axis, the
// map's columns a quarter of its width either side of the centre), 0.15 m
// wide, in p.Strips rows 2.5 m apart across Z, centred on the eye (so the
// two middle rows of the default six are 1.25 m to either side of it, 63°
// up); each row is a line of 1.5 m luminaires with gaps of 0.1–0.5 m. The
// gondolas, 1.8 m tall, stand 1.6 m either side of the aisle's centre
// line, in 1.25 m bays of 0.4 m shelves; the walls are 25 m away. The
// strips are 30 times as bright as the ceiling; the floor mirrors 8% of
// what is above it.
//
// The whole map is the lights' colour (scene.Kelvin of p.ColorTemperature)
// times the surfaces' reflectances, scaled so that a white matte surface
// facing up reflects luminance p.Brightness (Irradiance). Facing
// sideways it then reflects about half that: 0.50–0.57 of it with the
// default six rows, along the aisle or across it, whatever the seed
// (0.44–0.57 for 2 to 20 rows); facing down, about 0.27.
// Each texel averages 4×4 directions, so the strips' edges are
// anti-aliased.
func Store(p StoreParams) *scene.Environment {
	s := newStore(p)
	e := render("store", procHeight(p.Height), func(d [3]float64) [3]float64 {
		return s.trace([3]float64{}, d, true)
	})
	light := scene.Kelvin(s.kelvin)
	for i := 0; i < len(e.Radiance); i += 3 {
		e.Radiance[i] *= light.R
		e.Radiance[i+1] *= light.G
		e.Radiance[i+2] *= light.B
	}
	if up := luminance(Irradiance(e, [3]float64{0, 1, 0})); up > 0 {
		scale(e, s.brightness/up)
	}
	return e
}

// store is a Store's layout with its variations drawn.
type store struct {
	brightness, kelvin float64
	rows               []stripRow
	// goods[side][bay][shelf] is the linear albedo of the goods on a
	// shelf; side 0 is the gondola at −Z, bay b covers
	// x ∈ [(b−bays/2)·storeBay, …+storeBay).
	goods [2][][][3]float64
	wall  [3]float64
}

// stripRow is one row of luminaires: centred at z, lit where
// (x − phase) mod period < storeLuminaire.
type stripRow struct {
	z, phase, period float64
}

// storeShelves is the index of the top shelf (the gondola top).
const storeShelves = 4

func newStore(p StoreParams) *store {
	s := &store{brightness: p.Brightness, kelvin: p.ColorTemperature}
	if s.brightness == 0 {
		s.brightness = 1
	}
	if !(s.brightness > 0) || math.IsInf(s.brightness, 0) {
		s.brightness = 0
	}
	if s.kelvin == 0 || math.IsNaN(s.kelvin) {
		s.kelvin = 4000
	}
	n := p.Strips
	if n <= 0 {
		n = 6
	}
	n = min(n, MaxStoreStrips)
	// The stream's second word is fixed, so the seed alone picks it.
	r := rand.New(rand.NewPCG(p.Seed, 0x73746f7265))
	for k := range n {
		period := storeLuminaire + 0.1 + 0.4*r.Float64()
		s.rows = append(s.rows, stripRow{
			z:      (float64(k) - float64(n-1)/2) * storeRowSpacing,
			phase:  period * r.Float64(),
			period: period,
		})
	}
	bays := 2*int(math.Ceil(storeRadius/storeBay)) + 2
	for side := range 2 {
		s.goods[side] = make([][][3]float64, bays)
		for b := range bays {
			s.goods[side][b] = make([][3]float64, storeShelves+1)
			for l := range s.goods[side][b] {
				s.goods[side][b][l] = muted(r, 0.15, 0.4, 0.45, 0.75)
			}
		}
	}
	s.wall = muted(r, 0.03, 0.12, 0.7, 0.85)
	return s
}

// muted draws a linear colour of random hue, with saturation in
// [s0, s1) and sRGB value in [v0, v1).
func muted(r *rand.Rand, s0, s1, v0, v1 float64) [3]float64 {
	h := 360 * r.Float64()
	sat := s0 + (s1-s0)*r.Float64()
	val := v0 + (v1-v0)*r.Float64()
	cr, cg, cb := scene.HSVToSRGB(h, sat, val)
	lin := func(v float64) float64 {
		return float64(scene.SRGBToLinear(float32(math.Min(1, math.Max(0, v)))))
	}
	return [3]float64{lin(cr), lin(cg), lin(cb)}
}

// trace returns the radiance, as multiples of the lights' colour, seen
// from o (metres from the eye) in unit direction d; the floor mirrors
// what it sees when reflect is set.
func (s *store) trace(o, d [3]float64, reflect bool) [3]float64 {
	const (
		ceiling = iota
		floor
		gondola
		wall
	)
	t, hit := math.Inf(1), wall
	if d[1] > 0 {
		t, hit = (storeCeiling-storeEye-o[1])/d[1], ceiling
	} else if d[1] < 0 {
		t, hit = (-storeEye-o[1])/d[1], floor
	}
	if d[2] != 0 {
		tg := (math.Copysign(storeAisle, d[2]) - o[2]) / d[2]
		if y := o[1] + tg*d[1]; tg > 0 && tg < t && y <= storeGondola-storeEye {
			t, hit = tg, gondola
		}
	}
	// The walls: a cylinder of radius storeRadius about the eye.
	if hh := d[0]*d[0] + d[2]*d[2]; hh > 0 {
		od := o[0]*d[0] + o[2]*d[2]
		oo := o[0]*o[0] + o[2]*o[2] - storeRadius*storeRadius
		if tw := (-od + math.Sqrt(math.Max(0, od*od-hh*oo))) / hh; tw < t {
			t, hit = tw, wall
		}
	}
	q := [3]float64{o[0] + t*d[0], o[1] + t*d[1], o[2] + t*d[2]}
	grey := func(v float64) [3]float64 { return [3]float64{v, v, v} }
	switch hit {
	case ceiling:
		for _, row := range s.rows {
			if math.Abs(q[2]-row.z) <= storeStripWidth/2 {
				m := math.Mod(q[0]-row.phase, row.period)
				if m < 0 {
					m += row.period
				}
				if m < storeLuminaire {
					return grey(storeStripLevel)
				}
			}
		}
		return [3]float64{storeCeilingLevel, storeCeilingLevel * 0.99, storeCeilingLevel * 0.95}
	case floor:
		c := grey(storeFloorLevel)
		if reflect {
			m := s.trace(q, [3]float64{d[0], -d[1], d[2]}, false)
			for k := range 3 {
				c[k] = (1-storeReflectance)*c[k] + storeReflectance*m[k]
			}
		}
		return c
	case gondola:
		y := q[1] + storeEye // above the floor
		side := 0
		if d[2] > 0 {
			side = 1
		}
		bays := s.goods[side]
		b := int(math.Floor(q[0]/storeBay)) + len(bays)/2
		b = min(max(b, 0), len(bays)-1)
		l := min(int(y/storeShelfPitch), storeShelves)
		if y-float64(l)*storeShelfPitch < storeShelfRail {
			return grey(0.1 * storeGoodsLevel) // a shelf's front rail
		}
		g := bays[b][l]
		return [3]float64{storeGoodsLevel * g[0], storeGoodsLevel * g[1], storeGoodsLevel * g[2]}
	}
	if q[1]+storeEye < storeGondola {
		// Far gondolas, too far away to tell apart.
		return grey(0.3 * storeGoodsLevel)
	}
	return [3]float64{storeWallLevel * s.wall[0], storeWallLevel * s.wall[1], storeWallLevel * s.wall[2]}
}
