package shelves

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sync"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/product"
	"github.com/synthkit/synthkit/scene"
	"github.com/synthkit/synthkit/scene/gltf"
)

// Generator draws "shelves" scenes. Build it with New (and, for a
// catalogue of models, give it the job's assets with UseAssets or through
// the first Sample's Context). It is safe for concurrent use: Sample only
// reads the generator, and models of a catalogue are loaded once, by
// whichever sample needs them first.
type Generator struct {
	p     Params
	tex   *textures
	box   *scene.Mesh // unit cube: fixtures
	quad  *scene.Mesh // unit quad facing +z: price tags
	plane *scene.Mesh // unit square facing +y: the floor

	mu  sync.Mutex // guards lib while a catalogue is being read
	lib *library

	envs func() []storeEnv // the environment pool, built on first use
}

// New builds the generator: the shared textures and meshes, and the
// procedural SKU catalogue when no catalogue param is given (which takes
// about a second for the default 120 SKUs).
func New(p Params) (*Generator, error) {
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("shelves: %w", err)
	}
	g := &Generator{p: p, tex: newTextures(p.AssetSeed), box: scene.Box(1, 1, 1), quad: scene.Quad(1, 1), plane: scene.Plane(1, 1)}
	g.envs = sync.OnceValue(func() []storeEnv { return storeEnvs(p.AssetSeed) })
	if p.Catalogue == "" {
		lib, err := proceduralLibrary(p.AssetSeed, p.ProceduralSKUs, p.kitOptions(), p.CategoryLevel, g.budget())
		if err != nil {
			return nil, fmt.Errorf("shelves: %w", err)
		}
		if p.NullShare > 0 {
			if err := proceduralNull(lib, p.AssetSeed, p.ProceduralSKUs, p.kitOptions(), p.CategoryLevel); err != nil {
				return nil, fmt.Errorf("shelves: %w", err)
			}
		}
		lib.configure(p)
		g.lib = lib
	}
	return g, nil
}

// budget returns the memory budget models are cached in: the process's
// (gltf.ProcessBudget), shared by every worker and generator.
func (g *Generator) budget() *gltf.Budget { return gltf.ProcessBudget() }

// CoverageSamples returns how many samples (from index 0) a job needs so
// that every SKU of the catalogue has been in the pool a sample draws
// from for at least k blocks of sku_pool_samples samples (see the
// sku_pool param); 0 while a catalogue has not been read. With the whole
// catalogue in every pool (no more SKUs than sku_pool) it is k. With the
// sku_sweep param (balanced coverage) it is k·L·B: L chunks of at most
// sku_sweep SKUs of one category, B = sku_pool_samples; a job of that
// many samples places every SKU about k times or more (see pool.go).
func (g *Generator) CoverageSamples(k int) int64 {
	g.mu.Lock()
	lib := g.lib
	g.mu.Unlock()
	if lib == nil {
		return 0
	}
	return lib.coverageSamples(k)
}

// UseAssets reads the catalogue named by the catalogue param from fsys
// (the job's assets), so that Categories lists its SKUs. Models are loaded
// later, each once, when a sample first places them. Only the first
// successful call counts; without a catalogue param it does nothing.
// Sample calls it with the Context's assets when it has not been called.
func (g *Generator) UseAssets(fsys fs.FS) error {
	if _, err := g.library(fsys); err != nil {
		return fmt.Errorf("shelves: %w", err)
	}
	return nil
}

// library returns the SKU library, reading the catalogue from fsys on
// first use.
func (g *Generator) library(fsys fs.FS) (*library, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.lib != nil {
		return g.lib, nil
	}
	if fsys == nil {
		return nil, errNoAssets
	}
	lib, err := catalogueLibrary(fsys, g.p.Catalogue, g.p.TexturePx, g.p.CategoryLevel, g.budget())
	if err != nil {
		return nil, err
	}
	if g.p.NullCatalogue != "" {
		if err := g.readNullCatalogue(lib, fsys, g.p.NullCatalogue); err != nil {
			return nil, err
		}
	}
	if err := g.checkNull(lib); err != nil {
		return nil, err
	}
	lib.configure(g.p)
	g.lib = lib
	return lib, nil
}

// Categories returns the class labels: the SKU ids in catalogue order, or
// the sorted kinds or brands, per the category_level param, followed by
// NullCategory when null_share > 0. With a
// catalogue param it is known only once the catalogue has been read (see
// UseAssets); before that it is the list of product kinds at level kind and
// empty otherwise.
func (g *Generator) Categories() []string {
	g.mu.Lock()
	lib := g.lib
	g.mu.Unlock()
	if lib != nil {
		cats := slices.Clone(lib.categories)
		if g.p.NullShare > 0 && lib.null != nil {
			cats = append(cats, NullCategory)
		}
		return cats
	}
	if g.p.CategoryLevel == LevelKind {
		var out []string
		for _, k := range product.Kinds() {
			out = append(out, string(k))
		}
		slices.Sort(out)
		return out
	}
	return nil
}

// Sample draws one scene. Random draws happen in this order: the gondola
// (size, materials), the camera, the planogram bay by bay, the lights and
// the background, then the camera's post-processing (scene.Post);
// products outside the view are left out of the scene.
func (g *Generator) Sample(c *generator.Context) (*scene.Scene, error) {
	if c == nil || c.Rand == nil {
		return nil, errors.New("shelves: sample: context has no random source")
	}
	if c.Width <= 0 || c.Height <= 0 {
		return nil, fmt.Errorf("shelves: sample %d: image size %dx%d must be positive", c.Index, c.Width, c.Height)
	}
	lib, err := g.library(c.Assets)
	if err != nil {
		return nil, fmt.Errorf("shelves: sample %d: %w", c.Index, err)
	}
	r := c.Rand
	gon := newGondola(r, &g.p, g.tex)
	cam, err := g.camera(r, gon, c.Width, c.Height)
	if err != nil {
		return nil, fmt.Errorf("shelves: sample %d: %w", c.Index, err)
	}
	fr, err := newFrustum(cam)
	if err != nil {
		return nil, fmt.Errorf("shelves: sample %d: camera: %w", c.Index, err)
	}
	pl := lib.poolFor(c.Index)
	if pl != nil && pl.view != nil {
		lib = pl.view // sku_sweep: the bays see only the chunk's category
	}
	st := &stocker{gen: g, r: r, g: gon, lib: lib, pool: pl}
	bays := st.layoutBays(fr)
	if err := st.stockBays(bays); err != nil {
		return nil, fmt.Errorf("shelves: sample %d: %w", c.Index, err)
	}
	s := &scene.Scene{Camera: cam, Lights: g.lights(r, gon, cam)}
	if g.p.Environment == EnvironmentStore {
		// The environment takes the ambient light's place (Lights[0]) at
		// its level; its colour is neutral (see storeEnvs).
		s.Environment = g.environment(r, s.Lights[0].Intensity)
		s.Lights = s.Lights[1:]
	}
	s.Background = background(r)
	g.assemble(s, st, gon, bays, fr)
	s.Post = g.p.Post.draw(r)
	return s, nil
}

// assemble fills s with the objects of the stocked run that may be in
// view (products, then price tags, then fixtures) and the shelf truth
// annotations. It draws nothing at random.
func (g *Generator) assemble(s *scene.Scene, st *stocker, gon *gondola, bays []bay, fr frustum) {
	camX := s.Camera.Position()[0]
	s.Objects = make([]scene.Object, 0, len(st.products)+len(st.tags)+8*len(bays)+16)
	ix := objectIndex{products: make([]int, len(st.products)), tags: make([]int, len(st.tags))}
	for i, pl := range st.products {
		ix.products[i] = -1
		lo, hi := mgl64.Vec3{-pl.m.dims[0] / 2, 0, -pl.m.dims[2] / 2}, mgl64.Vec3{pl.m.dims[0] / 2, pl.m.dims[1], pl.m.dims[2] / 2}
		if !fr.seesBox(pl.t, lo, hi) {
			continue
		}
		ix.products[i] = len(s.Objects)
		s.Objects = append(s.Objects, scene.Object{Name: pl.s.id, Mesh: pl.m.mesh, Material: pl.mat, Transform: pl.t, Category: pl.s.label, Meta: pl.meta})
	}
	for i, t := range st.tags {
		ix.tags[i] = -1
		tr := mgl64.Translate3D(t.pos[0], t.pos[1], t.pos[2]).Mul4(mgl64.Scale3D(t.w, t.h, 1))
		if fr.seesBox(tr, mgl64.Vec3{-0.5, -0.5, 0}, mgl64.Vec3{0.5, 0.5, 0}) {
			ix.tags[i] = len(s.Objects)
			s.Objects = append(s.Objects, scene.Object{Name: "price-tag", Mesh: g.quad, Material: t.mat, Transform: tr})
		}
	}
	ix.strips = make([][]int, len(bays))
	for i := range bays {
		s.Objects, ix.strips[i] = g.fixtures(s.Objects, gon, &bays[i])
	}
	s.Objects = g.runFixtures(s.Objects, gon, bays, camX)
	s.Annotations = st.annotations(ix)
}
