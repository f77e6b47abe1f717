package shelves

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/product"
	"github.com/synthkit/synthkit/retail"
	"github.com/synthkit/synthkit/scene/gltf"
)

// The SKU library: every product the generator can place, with what the
// planogram needs to know before loading its model (size, kind, brand,
// product category). Models are merged into one mesh (see flatten) when
// a sample first places them and memoised in a byte-bounded cache (the
// process's gltf.Budget), evicted least recently used first; small
// procedural catalogues are built once, at New. What a sample draws never
// depends on what the cache holds, only on the catalogue, the params and
// the sample index (see pool.go), so shards are byte-identical whatever
// the cache size.

// sku is one product of the library: a few hundred bytes, whatever its
// model costs.
type sku struct {
	idx                    int32
	id, kind, brand, group string // group: product category ("soft-drink", "pasta"): what a bay is stocked with
	label                  string // the objects' Category, per category_level
	file                   string // the GLB's path in the assets (catalogue), "" for procedural SKUs
	dims                   mgl64.Vec3
	hangable               bool // can hang on a pegboard hook (blisters, bags)

	model *flatModel // built at New (small procedural catalogues), nil when cached
	null  bool       // a null-set look-alike (nullset.go): labelled NullCategory, idx numbers the null set's library

	metaOnce sync.Once
	meta     map[string]string // sku, kind, brand, category, pose, null_set; set by library.get, shared, never modified
}

// library is the SKU catalogue of a generator.
type library struct {
	skus       []*sku
	groups     []string           // product categories, sorted
	byGroup    map[string][]int   // indices of skus, by product category, in catalogue order
	hangable   []int              // indices of hangable skus
	categories []string           // the class labels, see Generator.Categories
	typHeight  map[string]float64 // per product category, the 75th percentile of SKU heights

	// load builds the model of a SKU that is not built at New; its result
	// is memoised in budget under memoKey{lib, idx}.
	load   func(s *sku) (*flatModel, error)
	budget *gltf.Budget
	// pool bounds what one sample draws from (see pool.go); 0: everything.
	pool, poolSamples int
	// sweep is the sku_sweep param; chunks its sweep order (pool.go).
	sweep  int
	chunks []chunk
	// root is the library a sweep view was cut from (nil: this one); it
	// keys the memoised models, so that views share them.
	root *library
	// null holds the look-alikes outside the target set (nullset.go); nil
	// when none.
	null *nullSet
}

// memoKey is a model's key in the budget: unique to the library.
type memoKey struct {
	lib *library
	idx int32
}

// get returns the merged model of s, building it on first use or after
// it was evicted. Errors name the SKU and its file.
func (l *library) get(s *sku) (*flatModel, error) {
	if s.null && l.null != nil {
		return l.null.lib.get(s) // its own numbering, load and memo keys
	}
	s.metaOnce.Do(func() {
		s.meta = map[string]string{"sku": s.id, "kind": s.kind, "brand": s.brand, "category": s.group, "pose": poseUpright,
			retail.AttrNullSet: strconv.FormatBool(s.null)}
	})
	if s.model != nil {
		return s.model, nil
	}
	key := l
	if l.root != nil {
		key = l.root
	}
	v, err := l.budget.Memo(memoKey{key, s.idx}, func() (any, int64, error) {
		fm, err := l.load(s)
		if err != nil {
			return nil, 0, err
		}
		return fm, fm.bytes(), nil
	})
	if err != nil {
		if s.file != "" {
			return nil, fmt.Errorf("sku %q (file %q): %w", s.id, s.file, err)
		}
		return nil, fmt.Errorf("sku %q: %w", s.id, err)
	}
	return v.(*flatModel), nil
}

// bytes returns the memory the model holds: vertices, indices and its
// texture at decoded size (the shaded materials share it).
func (fm *flatModel) bytes() int64 {
	m := fm.mesh
	n := int64(len(m.Positions)+len(m.Normals))*12 + int64(len(m.UVs))*8 + int64(len(m.Colors)+len(m.Tangents))*16 + int64(len(m.Indices))*4
	if t := fm.mat.BaseColorTexture; t != nil && t.Image != nil {
		n += int64(len(t.Image.Pix))
	}
	return n + 1024 // headers, materials, the SKU's meta
}

// interner shares the storage of repeated strings (brands, kinds and
// categories of a large catalogue).
type interner map[string]string

func (in interner) get(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	in[s] = s
	return s
}

// newSKU returns a library entry; the label follows the level.
func newSKU(idx int, id, kind, brand, group string, dims mgl64.Vec3, level string) *sku {
	s := &sku{
		idx: int32(idx), id: id, kind: kind, brand: brand, group: group, dims: dims,
		hangable: (kind == string(product.Blister) || kind == string(product.Bag)) && dims[2] <= 0.1 && dims[1] <= 0.45,
	}
	switch level {
	case LevelKind:
		s.label = kind
	case LevelBrand:
		s.label = brand
	default:
		s.label = id
	}
	return s
}

// index fills the library's lookup tables and category list: once, in
// O(n log n); samples then draw in O(board size).
func (l *library) index() {
	l.byGroup = make(map[string][]int)
	seen := make(map[string]bool)
	perSKU := len(l.skus) > 0 && l.skus[0].label == l.skus[0].id
	for i, s := range l.skus {
		if _, ok := l.byGroup[s.group]; !ok {
			l.groups = append(l.groups, s.group)
		}
		l.byGroup[s.group] = append(l.byGroup[s.group], i)
		if s.hangable {
			l.hangable = append(l.hangable, i)
		}
		if perSKU {
			l.categories = append(l.categories, s.label) // ids are unique
		} else if !seen[s.label] {
			seen[s.label] = true
			l.categories = append(l.categories, s.label)
		}
	}
	slices.Sort(l.groups)
	l.typHeight = make(map[string]float64, len(l.groups))
	for _, grp := range l.groups {
		hs := make([]float64, 0, len(l.byGroup[grp]))
		for _, i := range l.byGroup[grp] {
			hs = append(hs, l.skus[i].dims[1])
		}
		slices.Sort(hs)
		l.typHeight[grp] = hs[(len(hs)*3)/4]
	}
	if !perSKU { // kind or brand: sorted; SKU ids keep catalogue order
		slices.Sort(l.categories)
	}
}

// EagerSKUs is the largest procedural catalogue built whole at New (about
// 8 ms a SKU at the default texture size); larger ones are described at
// New (microseconds a SKU) and each SKU is built when a sample first
// places it. The two give different scenes for the same catalogue: an
// eager SKU's size is its merged mesh's bounds, a lazy one's the
// product's nominal dimensions (the same to well under a millimetre).
const EagerSKUs = 2000

// proceduralLibrary describes n procedural SKUs from seed (product.Lineup)
// and builds them, all at once when n <= EagerSKUs, else when first used.
func proceduralLibrary(seed uint64, n int, opts product.Options, level string, budget *gltf.Budget) (*library, error) {
	texPx := opts.Resolution
	lineup, err := product.NewLineup(seed, n, opts)
	if err != nil {
		return nil, fmt.Errorf("procedural catalogue: %w", err)
	}
	l := &library{budget: budget}
	if n <= EagerSKUs {
		skus, err := product.Generate(seed, n, opts)
		if err != nil {
			return nil, fmt.Errorf("procedural catalogue: %w", err)
		}
		for i := range skus {
			p := &skus[i]
			fm, err := flatten(p.Model(), p.ID, texPx)
			if err != nil {
				return nil, fmt.Errorf("procedural catalogue: sku %q: %w", p.ID, err)
			}
			s := newSKU(i, p.ID, string(p.Kind), p.Brand, p.Category, fm.dims, level)
			s.model = fm
			l.skus = append(l.skus, s)
		}
		l.index()
		return l, nil
	}
	in := interner{}
	l.skus = make([]*sku, n)
	for i := range n {
		p, err := product.Describe(lineup.Spec(i), opts)
		if err != nil {
			return nil, fmt.Errorf("procedural catalogue: sku %d: %w", i, err)
		}
		l.skus[i] = newSKU(i, p.ID, in.get(string(p.Kind)), in.get(p.Brand), in.get(p.Category), p.Dims, level)
	}
	l.load = func(s *sku) (*flatModel, error) {
		p, err := product.New(lineup.Spec(int(s.idx)), opts)
		if err != nil {
			return nil, err
		}
		return flatten(p.Model(), p.ID, texPx)
	}
	l.index()
	return l, nil
}

// Level of detail of procedural lathed products (cans, bottles, jars):
// the widest use productSegments segments around, smaller ones as few
// (down to 8) as keep their outline within productTolerance of a circle.
// 0.8 mm is under a pixel at 640×480 from the nearest camera (0.8 m,
// 50° field of view: about 0.86 px/mm), so a 66 mm can gets 16 segments,
// a 40 mm bottle neck-sized pack 12, and only products over 10 cm across
// keep 24. Products are mostly tens of pixels wide, and shading uses
// smooth normals, so the facets do not show.
const (
	productSegments  = 24
	productTolerance = 0.0008
)

// catalogueLibrary reads the catalogue file name (a catalogue.json, or a
// directory holding one) from fsys, streaming it (product.ScanCatalogue):
// up to 1,000,000 entries, each kept as a few hundred bytes. Models are
// loaded when placed, through budget; a model's decoded images are
// dropped once merged, so only the merged model stays in memory.
func catalogueLibrary(fsys fs.FS, name string, texPx int, level string, budget *gltf.Budget) (*library, error) {
	file := path.Clean(name)
	if !strings.HasSuffix(strings.ToLower(file), ".json") {
		file = path.Join(file, product.CatalogueFile)
	}
	if err := checkRegularFile(fsys, file); err != nil {
		return nil, fmt.Errorf("catalogue %q: %w", file, err)
	}
	f, err := fsys.Open(file)
	if err != nil {
		return nil, fmt.Errorf("catalogue %q: %w", file, err)
	}
	dir := path.Dir(file)
	in := interner{}
	l := &library{budget: budget}
	var null []*sku // entries flagged null_set, numbered in their own library
	n := 0
	_, err = product.ScanCatalogue(f, func(_ int, e *product.Entry) error {
		n++
		idx, list := len(l.skus), &l.skus
		if e.NullSet {
			idx, list = len(null), &null
		}
		s := newSKU(idx, e.ID, in.get(string(e.Kind)), in.get(e.Brand), in.get(e.Category), mgl64.Vec3(e.Dims), level)
		s.file = path.Join(dir, e.File)
		if e.NullSet {
			markNull(s)
		}
		*list = append(*list, s)
		return nil
	})
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("catalogue %q: %w", file, err)
	}
	if n == 0 {
		return nil, fmt.Errorf("catalogue %q: lists no SKUs", file)
	}
	lim := gltf.Limits{Budget: budget}
	l.load = func(s *sku) (*flatModel, error) {
		m, err := gltf.LoadFS(fsys, s.file, lim)
		if err != nil {
			return nil, err
		}
		fm, err := flatten(m, s.id, texPx)
		if err != nil {
			return nil, err
		}
		if err := usableDims(fm.dims); err != nil {
			return nil, err
		}
		return fm, nil
	}
	if len(l.skus) == 0 {
		return nil, fmt.Errorf("catalogue %q: lists only null-set SKUs", file)
	}
	l.index()
	if err := l.addNull(null, l.load, false); err != nil {
		return nil, fmt.Errorf("catalogue %q: %w", file, err)
	}
	return l, nil
}

// Sizes a catalogue model's merged bounding box must have on every axis
// to be placed: a model whose vertices are all equal (or nearly), or that
// is scaled far beyond any product, would be placed nowhere or invisibly
// and silently give a dataset without that SKU.
const (
	minModelSide = 0.001 // 1 mm
	maxModelSide = 5.0   // 5 m
)

// usableDims refuses a model too small or too large to be a product.
func usableDims(d mgl64.Vec3) error {
	for _, v := range d {
		if !(v >= minModelSide && v <= maxModelSide) {
			return fmt.Errorf("unusable model: bounding box %.3g × %.3g × %.3g m, want every side in %g..%g m (all vertices equal, or a wrong scale?)",
				d[0], d[1], d[2], minModelSide, maxModelSide)
		}
	}
	return nil
}

// checkRegularFile refuses a catalogue that is not a regular file (a FIFO
// would block the open forever), checking before opening it where fsys
// can stat.
func checkRegularFile(fsys fs.FS, name string) error {
	sfs, ok := fsys.(fs.StatFS)
	if !ok {
		return nil
	}
	st, err := sfs.Stat(name)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("not a regular file (mode %v): refused, reading it could block", st.Mode().Type())
	}
	return nil
}
