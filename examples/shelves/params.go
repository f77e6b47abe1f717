package shelves

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/product"
)

// Category levels: what a product's Category (its class label) is.
const (
	LevelSKU   = "sku"   // the SKU id: one class per model
	LevelKind  = "kind"  // the packaging kind: bottle, can, box, ...
	LevelBrand = "brand" // the brand name
)

var levels = []string{LevelSKU, LevelKind, LevelBrand}

// Limits of the params.
const (
	// MaxProceduralSKUs bounds procedural_skus (product.MaxSKUs).
	MaxProceduralSKUs = product.MaxSKUs
	// MaxSKUSweep bounds sku_sweep, the SKUs of a balanced sample's chunk.
	MaxSKUSweep = 8
	// MaxBoards bounds the boards of a bay.
	MaxBoards = 10
	// MaxFacings bounds the facings of one SKU on a board.
	MaxFacings = 12
	// MaxRowsDeep bounds the rows one behind another.
	MaxRowsDeep = 12
)

// Params configures the generator. The registry decodes them from the job
// spec; fields left out keep the values of DefaultParams, which give dense,
// realistic shelves.
type Params struct {
	// Products.
	ProceduralSKUs int     `json:"procedural_skus" doc:"size of the procedural SKU catalogue built when no catalogue is given (1..1000000; up to 2000 are built at start-up, larger ones described at start-up and each SKU built when first placed)"`
	AssetSeed      uint64  `json:"asset_seed" doc:"seed of the procedural SKU catalogue and of the price-tag artwork (not of the samples)"`
	Catalogue      string  `json:"catalogue" doc:"path, inside the job's assets, of a catalogue.json (or of its directory) listing GLB models; empty uses the procedural catalogue"`
	CategoryLevel  string  `json:"category_level" doc:"class label of a product: sku (its id), kind (bottle, can, ...) or brand; the other levels go to the object's meta"`
	NullShare      float64 `json:"null_share" doc:"fraction of the blocks of facings stocked with null-set products (look-alikes outside the target catalogue, labelled unknown), in [0, 1)"`
	NullCatalogue  string  `json:"null_catalogue" doc:"path, inside the job's assets, of a second catalogue.json whose entries all belong to the null set (needs catalogue); entries of catalogue flagged null_set belong to it too"`
	TexturePx      int     `json:"texture_px" doc:"product texture size in pixels: the label resolution of procedural SKUs and the largest side kept of a catalogue model's textures (32..2048)"`
	SKUPool        int     `json:"sku_pool" doc:"a catalogue of more SKUs than this is drawn from through a working set of about this many SKUs shared by sku_pool_samples consecutive samples and moving through the catalogue (16..100000)"`
	SKUPoolSamples int     `json:"sku_pool_samples" doc:"consecutive samples that share a working set of sku_pool SKUs (1..100000)"`
	SKUSweep       int     `json:"sku_sweep" doc:"balanced coverage: when 1..8 (2 recommended), every sample stocks all its bays from one chunk of at most this many SKUs of one product category, chunks taken in turn (sku_pool_samples samples each), so that every SKU of the catalogue is placed in a job of enough samples (see CoverageSamples); 0 draws through sku_pool"`

	// Fixtures.
	BayWidth      generator.Range    `json:"bay_width" doc:"width of a gondola bay between upright centres, metres"`
	BayHeight     generator.Range    `json:"bay_height" doc:"height of the gondola, metres"`
	BoardDepth    generator.Range    `json:"board_depth" doc:"depth of the boards from the back panel to the front edge, metres (the base deck is deeper)"`
	Boards        generator.IntRange `json:"boards" doc:"boards per bay, the base deck included; their spacing follows the products' heights"`
	PegBayProb    float64            `json:"peg_bay_prob" doc:"probability that a bay is a pegboard with hooks above its base deck (when the catalogue has hangable products)"`
	MaxSideBays   int                `json:"max_side_bays" doc:"most bays drawn on each side of the centre bay (only bays in view are built)"`
	Facings       generator.IntRange `json:"facings" doc:"facings of one SKU side by side on a board"`
	RowsDeep      generator.IntRange `json:"rows_deep" doc:"products one behind another in a facing when fully stocked (capped by the board depth)"`
	FacingGap     generator.Range    `json:"facing_gap" doc:"gap between neighbouring facings, metres"`
	FrontedProb   float64            `json:"fronted_prob" doc:"probability that a facing is pulled to the front edge; otherwise it is pushed back against the back panel"`
	Overhang      float64            `json:"overhang" doc:"largest fraction of a fronted product's depth that may stick out over the board edge (0..0.45)"`
	GapProb       float64            `json:"gap_prob" doc:"probability that a SKU on a board is out of stock (an empty slot above its price tag)"`
	DepletedProb  float64            `json:"depleted_prob" doc:"probability that a facing is partly sold (fewer rows than fully stocked, possibly none)"`
	FallenProb    float64            `json:"fallen_prob" doc:"probability that the front product of a facing has fallen over (lying on its back or side)"`
	TurnedProb    float64            `json:"turned_prob" doc:"probability that a front product is turned to show its side or back"`
	MisplacedProb float64            `json:"misplaced_prob" doc:"probability, per SKU placed, that a single product of an unrelated SKU sits next to it"`
	YawJitterDeg  float64            `json:"yaw_jitter_deg" doc:"largest random turn of a product about the vertical, degrees (reduced where the slot is tight)"`

	// Camera and light.
	CameraDistance generator.TruncNormal `json:"camera_distance" doc:"horizontal distance from the camera to the front of the shelf, metres: a normal truncated to [min, max]"`
	CameraHeight   generator.Range       `json:"camera_height" doc:"height of the camera above the floor, metres"`
	FOVDeg         generator.Range       `json:"fov_deg" doc:"horizontal field of view, degrees (phone main cameras: about 65–75)"`
	YawDeg         generator.Range       `json:"yaw_deg" doc:"horizontal angle between the line of sight and the shelf's normal, degrees"`
	PitchDeg       generator.Range       `json:"pitch_deg" doc:"jitter of the camera's tilt about the look-at direction, degrees"`
	RollDeg        generator.Range       `json:"roll_deg" doc:"rotation of the camera about its optical axis, degrees"`
	LensK1         generator.Range       `json:"lens_k1" doc:"Brown–Conrady k1 of the lens (phone main cameras: about −0.15 to 0.05; negative is barrel); with lens_k2 at [0, 0], the default, the camera is a perfect pinhole"`
	LensK2         generator.Range       `json:"lens_k2" doc:"Brown–Conrady k2 of the lens (phone main cameras: about −0.02 to 0.05)"`
	LightKelvin    generator.Range       `json:"light_kelvin" doc:"colour temperature of the ceiling lights, kelvin"`
	LightPower     generator.Range       `json:"light_power" doc:"intensity of each ceiling strip light (irradiance at 1 m)"`
	Ambient        generator.Range       `json:"ambient" doc:"ambient light level: with an environment, the irradiance (relative to a white surface fully lit) the environment gives a surface facing the aisle"`
	ClearPackaging bool                  `json:"clear_packaging" doc:"procedural PET bottles and blister bubbles are see-through plastic over their contents (blended: colour only, labels treat them as opaque); false (the default) paints the contents on opaque plastic, which renders faster (blending costs about a fifth of the sample time)"`
	Environment    string                `json:"environment" doc:"image-based light around the aisle: store (a procedural supermarket interior: rows of ceiling strip lights, ceiling, shelving, floor; see package scene/envmap) or none (a flat ambient light instead)"`

	// Post is the phone's image processing (noise, blur, colour, JPEG),
	// applied to the colour image only.
	Post PostParams `json:"post" doc:"the phone camera's image processing, on the colour image only (see PostParams)"`
}

// DefaultParams returns the defaults: 120 procedural SKUs labelled by SKU
// id, 0.9–1.33 m bays 1.6–2.2 m tall with 3–7 boards, phone-like cameras
// 0.8–3 m from the shelf.
func DefaultParams() Params {
	return Params{
		ProceduralSKUs: 120,
		AssetSeed:      1,
		CategoryLevel:  LevelSKU,
		TexturePx:      128,
		SKUPool:        512,
		SKUPoolSamples: 256,

		BayWidth:      generator.Range{Min: 0.9, Max: 1.33},
		BayHeight:     generator.Range{Min: 1.6, Max: 2.2},
		BoardDepth:    generator.Range{Min: 0.3, Max: 0.45},
		Boards:        generator.IntRange{Min: 3, Max: 7},
		PegBayProb:    0.12,
		MaxSideBays:   4,
		Facings:       generator.IntRange{Min: 1, Max: 6},
		RowsDeep:      generator.IntRange{Min: 1, Max: 3},
		FacingGap:     generator.Range{Min: 0.002, Max: 0.012},
		FrontedProb:   0.75,
		Overhang:      0.15,
		GapProb:       0.04,
		DepletedProb:  0.2,
		FallenProb:    0.015,
		TurnedProb:    0.03,
		MisplacedProb: 0.03,
		YawJitterDeg:  4,

		CameraDistance: generator.TruncNormal{Mean: 1.3, Std: 0.6, Min: 0.8, Max: 3},
		CameraHeight:   generator.Range{Min: 1.0, Max: 1.7},
		FOVDeg:         generator.Range{Min: 50, Max: 75},
		YawDeg:         generator.Range{Min: -25, Max: 25},
		PitchDeg:       generator.Range{Min: -6, Max: 6},
		RollDeg:        generator.Range{Min: -4, Max: 4},
		LightKelvin:    generator.Range{Min: 3000, Max: 6500},
		LightPower:     generator.Range{Min: 1.2, Max: 2.6},
		Ambient:        generator.Range{Min: 0.15, Max: 0.4},
		Environment:    EnvironmentStore,
		ClearPackaging: false,

		Post: DefaultPostParams(),
	}
}

// rangeCheck is one Range param and the interval it must stay in.
type rangeCheck struct {
	name   string
	r      generator.Range
	lo, hi float64
	unit   string
}

// intCheck is one IntRange param and the interval it must stay in.
type intCheck struct {
	name   string
	r      generator.IntRange
	lo, hi int
}

// Validate reports the first param out of its allowed range, naming it.
func (p Params) Validate() error {
	switch {
	case p.Catalogue == "" && (p.ProceduralSKUs < 1 || p.ProceduralSKUs > MaxProceduralSKUs):
		return fmt.Errorf("procedural_skus %d: want 1..%d (or give a catalogue)", p.ProceduralSKUs, MaxProceduralSKUs)
	case !slices.Contains(levels, p.CategoryLevel):
		return fmt.Errorf("category_level %q is not one of %s", p.CategoryLevel, strings.Join(levels, ", "))
	case p.SKUPool < 16 || p.SKUPool > 100_000:
		return fmt.Errorf("sku_pool %d: want 16..100000", p.SKUPool)
	case p.SKUPoolSamples < 1 || p.SKUPoolSamples > 100_000:
		return fmt.Errorf("sku_pool_samples %d: want 1..100000", p.SKUPoolSamples)
	case p.SKUSweep < 0 || p.SKUSweep > MaxSKUSweep:
		return fmt.Errorf("sku_sweep %d: want 0 (off) or 1..%d", p.SKUSweep, MaxSKUSweep)
	case p.TexturePx < 32 || p.TexturePx > 2048:
		return fmt.Errorf("texture_px %d: want 32..2048", p.TexturePx)
	case p.MaxSideBays < 0 || p.MaxSideBays > 8:
		return fmt.Errorf("max_side_bays %d: want 0..8", p.MaxSideBays)
	case !(p.Overhang >= 0 && p.Overhang <= 0.45):
		return fmt.Errorf("overhang %g: want 0..0.45 of a product's depth", p.Overhang)
	case !(p.YawJitterDeg >= 0 && p.YawJitterDeg <= 30):
		return fmt.Errorf("yaw_jitter_deg %g: want 0..30", p.YawJitterDeg)
	case !(p.NullShare >= 0 && p.NullShare < 1):
		return fmt.Errorf("null_share %g: want a fraction in [0, 1)", p.NullShare)
	case p.Environment != EnvironmentStore && p.Environment != EnvironmentNone:
		return fmt.Errorf("environment %q: want %s or %s", p.Environment, EnvironmentStore, EnvironmentNone)
	case p.NullCatalogue != "" && p.Catalogue == "":
		return fmt.Errorf("null_catalogue %q needs a catalogue of target SKUs", p.NullCatalogue)
	}
	if p.NullCatalogue != "" {
		if err := checkCataloguePath(p.NullCatalogue); err != nil {
			return fmt.Errorf("null_catalogue: %w", err)
		}
	}
	if err := p.Post.Validate(); err != nil {
		return err
	}
	if p.Catalogue != "" {
		if err := checkCataloguePath(p.Catalogue); err != nil {
			return err
		}
	}
	for _, c := range []struct {
		name string
		v    float64
	}{
		{"peg_bay_prob", p.PegBayProb}, {"fronted_prob", p.FrontedProb}, {"gap_prob", p.GapProb},
		{"depleted_prob", p.DepletedProb}, {"fallen_prob", p.FallenProb}, {"turned_prob", p.TurnedProb},
		{"misplaced_prob", p.MisplacedProb},
	} {
		if !(c.v >= 0 && c.v <= 1) {
			return fmt.Errorf("%s %g: want a probability in 0..1", c.name, c.v)
		}
	}
	for _, c := range []intCheck{
		{"boards", p.Boards, 1, MaxBoards},
		{"facings", p.Facings, 1, MaxFacings},
		{"rows_deep", p.RowsDeep, 1, MaxRowsDeep},
	} {
		if err := c.r.Validate(); err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		if c.r.Min < c.lo || c.r.Max > c.hi {
			return fmt.Errorf("%s [%d, %d] leaves [%d, %d]", c.name, c.r.Min, c.r.Max, c.lo, c.hi)
		}
	}
	if err := p.CameraDistance.Validate(); err != nil {
		return fmt.Errorf("camera_distance: %w", err)
	}
	if d := p.CameraDistance; d.Min < 0.3 || d.Max > 10 {
		return fmt.Errorf("camera_distance [%g, %g] leaves [0.3, 10] m", d.Min, d.Max)
	}
	for _, c := range []rangeCheck{
		{"bay_width", p.BayWidth, 0.5, 2.5, " m"},
		{"bay_height", p.BayHeight, 0.8, 3, " m"},
		{"board_depth", p.BoardDepth, 0.15, 0.8, " m"},
		{"facing_gap", p.FacingGap, 0, 0.05, " m"},
		{"camera_height", p.CameraHeight, 0.2, 3, " m"},
		{"fov_deg", p.FOVDeg, 10, 120, ""},
		{"yaw_deg", p.YawDeg, -70, 70, ""},
		{"pitch_deg", p.PitchDeg, -45, 45, ""},
		{"roll_deg", p.RollDeg, -45, 45, ""},
		{"lens_k1", p.LensK1, -0.5, 0.5, ""},
		{"lens_k2", p.LensK2, -0.2, 0.2, ""},
		{"light_kelvin", p.LightKelvin, 1000, 40000, ""},
		{"light_power", p.LightPower, 0, 100, ""},
		{"ambient", p.Ambient, 0, 10, ""},
	} {
		if err := c.r.Validate(); err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		if c.r.Min < c.lo || c.r.Max > c.hi {
			return fmt.Errorf("%s [%g, %g] leaves [%g, %g]%s", c.name, c.r.Min, c.r.Max, c.lo, c.hi, c.unit)
		}
	}
	return nil
}

// checkCataloguePath accepts a slash-separated path inside an fs.FS.
func checkCataloguePath(name string) error {
	if !validFSPath(name) {
		return fmt.Errorf("catalogue %q: want a slash-separated path inside the job's assets (no leading /, no .. element)", name)
	}
	return nil
}

// validFSPath reports whether name, cleaned, is a valid fs.FS path.
func validFSPath(name string) bool {
	if name == "" || strings.Contains(name, `\`) {
		return false
	}
	c := path.Clean(name)
	return c != ".." && !strings.HasPrefix(c, "../") && !strings.HasPrefix(c, "/")
}

// errNoAssets is returned when the catalogue param is set but the
// generator was given no assets to read it from.
var errNoAssets = errors.New("the catalogue param needs the job's assets (Context.Assets is nil)")

// info is how the generator is registered.
var info = generator.Info{
	Name:        "shelves",
	Version:     "1.0.0",
	Description: "dense supermarket shelves: gondola bays stocked with SKUs in facings, price tags, phone-like cameras",
}

func init() {
	generator.Register(info, DefaultParams, func(p Params) (generator.Generator, error) {
		g, err := New(p)
		if err != nil {
			return nil, err
		}
		return g, nil
	})
}

// kitOptions are the options of the procedural SKU kit these params ask
// for.
func (p Params) kitOptions() product.Options {
	return product.Options{Resolution: p.TexturePx, Segments: productSegments, Tolerance: productTolerance, Opaque: !p.ClearPackaging}
}
