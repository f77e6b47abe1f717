package shelves

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/product"
	"github.com/synthkit/synthkit/scene/gltf"
)

// The SKU library: every product the generator can place, with what the
// planogram needs to know before loading its model (size, kind, brand,
// product category) and the model itself, merged into one mesh (see
// flatten) and loaded at most once.

// sku is one product of the library.
type sku struct {
	id, kind, brand string
	group           string            // product category ("soft-drink", "pasta"): what a bay is stocked with
	label           string            // the objects' Category, per category_level
	meta            map[string]string // sku, kind, brand, category; shared by every object, never modified
	dims            mgl64.Vec3        // size before loading: the catalogue's; the model's once loaded
	hangable        bool              // can hang on a pegboard hook (blisters, bags)

	once  sync.Once
	load  func() (*flatModel, error) // nil once loaded
	model *flatModel
	err   error
}

// get returns the merged model, loading it on first use.
func (s *sku) get() (*flatModel, error) {
	s.once.Do(func() {
		if s.model == nil && s.load != nil {
			s.model, s.err = s.load()
			if s.err != nil {
				s.err = fmt.Errorf("sku %q: %w", s.id, s.err)
			}
		}
		s.load = nil
	})
	return s.model, s.err
}

// library is the SKU catalogue of a generator.
type library struct {
	skus       []*sku
	groups     []string           // product categories, sorted
	byGroup    map[string][]int   // indices of skus, by product category, in catalogue order
	hangable   []int              // indices of hangable skus
	categories []string           // the class labels, see Generator.Categories
	typHeight  map[string]float64 // per product category, the 75th percentile of SKU heights
	null       *nullSet           // look-alikes outside the target set; nil when none
}

// newSKU returns a library entry; meta and label follow the level.
func newSKU(id, kind, brand, group string, dims mgl64.Vec3, level string) *sku {
	s := &sku{
		id: id, kind: kind, brand: brand, group: group, dims: dims,
		meta:     map[string]string{"sku": id, "kind": kind, "brand": brand, "category": group, "pose": poseUpright},
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

// index fills the library's lookup tables and category list.
func (l *library) index() {
	l.byGroup = make(map[string][]int)
	seen := make(map[string]bool)
	for i, s := range l.skus {
		if _, ok := l.byGroup[s.group]; !ok {
			l.groups = append(l.groups, s.group)
		}
		l.byGroup[s.group] = append(l.byGroup[s.group], i)
		if s.hangable {
			l.hangable = append(l.hangable, i)
		}
		if !seen[s.label] {
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
	if l.skus[0].label != l.skus[0].id { // kind or brand: sorted; SKU ids keep catalogue order
		slices.Sort(l.categories)
	}
}

// proceduralLibrary builds n procedural SKUs from seed (product.Generate)
// and merges their models.
func proceduralLibrary(seed uint64, n, texPx int, level string) (*library, error) {
	skus, err := product.Generate(seed, n, product.Options{Resolution: texPx, Segments: productSegments, Tolerance: productTolerance})
	if err != nil {
		return nil, fmt.Errorf("procedural catalogue: %w", err)
	}
	l := &library{}
	for i := range skus {
		p := &skus[i]
		fm, err := flatten(p.Model(), p.ID, texPx)
		if err != nil {
			return nil, fmt.Errorf("procedural catalogue: sku %q: %w", p.ID, err)
		}
		s := newSKU(p.ID, string(p.Kind), p.Brand, p.Category, fm.dims, level)
		s.model = fm
		l.skus = append(l.skus, s)
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
// directory holding one) from fsys. Models are loaded lazily, each once,
// through one gltf.Cache; once merged, the cache's copy is dropped so
// that only the merged model stays in memory.
func catalogueLibrary(fsys fs.FS, name string, texPx int, level string) (*library, error) {
	file := path.Clean(name)
	if !strings.HasSuffix(strings.ToLower(file), ".json") {
		file = path.Join(file, product.CatalogueFile)
	}
	f, err := fsys.Open(file)
	if err != nil {
		return nil, fmt.Errorf("catalogue %q: %w", file, err)
	}
	cat, err := product.ReadCatalogue(f)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("catalogue %q: %w", file, err)
	}
	if len(cat.SKUs) == 0 {
		return nil, fmt.Errorf("catalogue %q: lists no SKUs", file)
	}
	dir := path.Dir(file)
	cache := gltf.NewCache(fsys, gltf.Limits{})
	l := &library{}
	var null []*sku
	for _, e := range cat.SKUs {
		s := newSKU(e.ID, string(e.Kind), e.Brand, e.Category, mgl64.Vec3(e.Dims), level)
		glb := path.Join(dir, e.File)
		s.load = func() (*flatModel, error) {
			m, err := cache.Load(glb)
			if err != nil {
				return nil, err
			}
			defer cache.Forget(glb)
			return flatten(m, s.id, texPx)
		}
		if e.NullSet {
			null = append(null, markNull(s))
			continue
		}
		l.skus = append(l.skus, s)
	}
	if len(l.skus) == 0 {
		return nil, fmt.Errorf("catalogue %q: lists only null-set SKUs", file)
	}
	l.index()
	if err := l.addNull(null, nil); err != nil {
		return nil, fmt.Errorf("catalogue %q: %w", file, err)
	}
	return l, nil
}
