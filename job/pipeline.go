package job

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/jpeg"
	"io/fs"
	"math"
	"slices"
	"sync/atomic"
	"time"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/internal/cpustat"
	"github.com/synthkit/synthkit/labels"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/retail"
	"github.com/synthkit/synthkit/scene"

	"github.com/synthkit/synthkit/dataset"
)

// Timing accumulates the time spent in each stage of making rows, summed
// over workers (so with several workers it can exceed the wall time).
type Timing struct {
	Scene  time.Duration // generator.Sample
	Render time.Duration // Renderer.Render
	Post   time.Duration // render.ApplyPost: the scene's colour post-effects
	Labels time.Duration // labels.Extract
	Encode time.Duration // PNG/JPEG encoding of the image, depth and instance maps; objects
	Write  time.Duration // Arrow record batches, IPC file, fsync, rename, sidecar (summed over shards, which overlap)
	// Samples is the number of samples the durations cover.
	Samples int64
}

// Add adds o to t.
func (t *Timing) Add(o Timing) {
	t.Scene += o.Scene
	t.Render += o.Render
	t.Post += o.Post
	t.Labels += o.Labels
	t.Encode += o.Encode
	t.Write += o.Write
	t.Samples += o.Samples
}

// Pipeline makes the samples of one job: generator → render → post →
// labels → encode. It is the one definition of a sample's row, used by Run
// (generate, bench), Verify and the CLI's preview and view, so that every
// path makes the same pixels for the same (spec, index). A Pipeline is safe
// for concurrent use; each goroutine brings its own renderer.
//
// Sample runs every stage. The stages are exported too (Scene, Frame,
// Encode) for callers that change the scene between them, as `synth view`
// does with its orbiting camera.
type Pipeline struct {
	spec       Spec // normalized
	gen        generator.Generator
	info       generator.Info
	build      *dataset.GeneratorBuild
	categories []string
	catIndex   *dataset.CategoryIndex // of categories, built once
	assets     fs.FS
	labels     *labels.Encoder // safe for concurrent use; writes the PNG colour images too
	// mapSize holds the size of each map's last encoding (by mapImage...),
	// from which mapBuffer sizes the next one's buffer: the capacity
	// only, never the bytes.
	mapSize [nMaps]atomic.Int64
}

// The maps encode writes, numbered for Pipeline.mapSize.
const (
	mapImage = iota
	mapDepth
	mapInstances
	mapNormals
	mapSemantic
	nMaps
)

// NewPipeline makes the pipeline of spec (normalized on a copy; spec is not
// modified) with the generator it names, built with its params and
// assets (nil: none).
func NewPipeline(spec *Spec, assets fs.FS) (*Pipeline, error) {
	if spec == nil {
		return nil, errors.New("pipeline: nil spec")
	}
	s := *spec
	s.Columns = slices.Clone(spec.Columns)
	if err := s.Normalize(); err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	gen, info, err := generator.NewWithAssets(s.Generator, s.Params, assets)
	if err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	cats := generator.CategoriesOf(gen, info)
	if s.Has(dataset.ColSemantic) && len(cats) > math.MaxUint16 {
		return nil, fmt.Errorf("pipeline: columns: semantic holds category_id + 1 in 16 bits, so at most %d categories; generator %s has %d (a coarser category level, e.g. shelves' category_level kind or brand, fits)",
			math.MaxUint16, s.Generator, len(cats))
	}
	return &Pipeline{spec: s, gen: gen, info: info, build: buildOf(s.Generator), categories: cats, catIndex: dataset.NewCategoryIndex(cats),
		assets: assets, labels: labels.NewEncoder()}, nil
}

// semanticID is the class id of the semantic column: category_id + 1,
// 0 for context objects (no category). NewPipeline checks that every id
// fits 16 bits.
func (p *Pipeline) semanticID(category string) (uint16, bool) {
	if category == "" {
		return 0, true
	}
	id, ok := p.catIndex.ID(category)
	if !ok {
		return 0, false
	}
	return uint16(id + 1), true
}

// Spec returns the pipeline's normalized spec; callers must not modify it.
func (p *Pipeline) Spec() *Spec { return &p.spec }

// Generator returns the Info of the pipeline's generator.
func (p *Pipeline) Generator() generator.Info { return p.info }

// Build returns the Go module build of the pipeline's generator (from
// the program's build information), nil when unknown.
func (p *Pipeline) Build() *dataset.GeneratorBuild { return p.build }

// Categories returns the generator's categories, in label order.
func (p *Pipeline) Categories() []string { return p.categories }

// Sample makes the row of sample index with renderer r, adding the time of
// each stage to t (nil: not timed). Errors name the sample and the stage.
// The frame goes back to the renderer (render.ReleaseFrame): the row holds
// copies of its data only.
func (p *Pipeline) Sample(ctx context.Context, r render.Renderer, index int64, t *Timing) (*dataset.Sample, error) {
	return p.sample(ctx, r, index, t, nil)
}

// sample is Sample, encoding on spare's idle CPUs too (nil: on the
// calling goroutine only).
func (p *Pipeline) sample(ctx context.Context, r render.Renderer, index int64, t *Timing, spare *spareCPUs) (*dataset.Sample, error) {
	if t == nil {
		t = new(Timing)
	}
	sc, seed, err := p.scene(ctx, index, t)
	if err != nil {
		return nil, err
	}
	f, insts, err := p.frame(ctx, r, index, sc, t)
	if err != nil {
		return nil, err
	}
	return p.finishSample(ctx, r, index, seed, sc, f, insts, t, spare)
}

// finishSample encodes the row of a rendered, labelled sample (on spare's
// idle CPUs too, when not nil) and hands the frame back to r.
func (p *Pipeline) finishSample(ctx context.Context, r render.Renderer, index int64, seed uint64, sc *scene.Scene, f *render.Frame, insts []labels.Instance, t *Timing, spare *spareCPUs) (*dataset.Sample, error) {
	defer render.ReleaseFrame(r, f)
	out, err := p.encode(ctx, index, seed, sc, f, insts, t, spare)
	if err != nil {
		return nil, err
	}
	t.Samples++
	return out, nil
}

// Scene runs the generator for sample index and returns its scene and the
// sample's seed, checked: not nil, with the spec's camera size.
func (p *Pipeline) Scene(index int64) (*scene.Scene, uint64, error) {
	return p.scene(context.Background(), index, new(Timing))
}

// Frame renders sc (sample index's scene, possibly changed by the caller)
// with r, applies the scene's colour post-effects and, when the spec
// writes objects or kpis, extracts the instance labels. The caller owns the frame: it hands
// it back with render.ReleaseFrame when done with it.
func (p *Pipeline) Frame(ctx context.Context, r render.Renderer, index int64, sc *scene.Scene) (*render.Frame, []labels.Instance, error) {
	return p.frame(ctx, r, index, sc, new(Timing))
}

// Encode makes the row of sample index (seed from Scene) from its scene,
// frame and labels (from Frame): the spec's columns, encoded.
func (p *Pipeline) Encode(index int64, seed uint64, sc *scene.Scene, f *render.Frame, insts []labels.Instance) (*dataset.Sample, error) {
	return p.encode(context.Background(), index, seed, sc, f, insts, new(Timing), nil)
}

// scene runs the generator for sample index (stage "scene": see
// cpustat.StageLabel; every stage below is labelled so).
func (p *Pipeline) scene(ctx context.Context, index int64, t *Timing) (*scene.Scene, uint64, error) {
	s := &p.spec
	fail := func(err error) (*scene.Scene, uint64, error) {
		return nil, 0, fmt.Errorf("sample %d: generator %s: %w", index, s.Generator, err)
	}
	t0 := time.Now()
	c := generator.NewContext(s.Seed, index, s.Width, s.Height, p.assets)
	var sc *scene.Scene
	var err error
	cpustat.InStage(ctx, "scene", func(context.Context) { sc, err = p.gen.Sample(c) })
	if err != nil {
		return fail(err)
	}
	if sc == nil {
		return fail(fmt.Errorf("returned a nil scene"))
	}
	if sc.Camera.Width != s.Width || sc.Camera.Height != s.Height {
		return fail(fmt.Errorf("camera is %dx%d, the spec asks for %dx%d", sc.Camera.Width, sc.Camera.Height, s.Width, s.Height))
	}
	t.Scene += time.Since(t0)
	return sc, c.Seed, nil
}

func (p *Pipeline) frame(ctx context.Context, r render.Renderer, index int64, sc *scene.Scene, t *Timing) (*render.Frame, []labels.Instance, error) {
	if r == nil {
		return nil, nil, fmt.Errorf("sample %d: render: %w", index, errors.New("nil renderer"))
	}
	t1 := time.Now()
	var f *render.Frame
	var err error
	cpustat.InStage(ctx, "render", func(ctx context.Context) { f, err = r.Render(ctx, sc) })
	t.Render += time.Since(t1)
	return p.afterRender(ctx, r, index, sc, f, err, t)
}

// afterRender checks the frame r rendered for sample index (or the
// render's error), applies the scene's colour post-effects and, when the
// spec writes objects or kpis, extracts the instance labels.
func (p *Pipeline) afterRender(ctx context.Context, r render.Renderer, index int64, sc *scene.Scene, f *render.Frame, err error, t *Timing) (*render.Frame, []labels.Instance, error) {
	s := &p.spec
	fail := func(stage string, err error) (*render.Frame, []labels.Instance, error) {
		return nil, nil, fmt.Errorf("sample %d: %s: %w", index, stage, err)
	}
	if err != nil {
		return fail("render", err)
	}
	if f == nil || f.Width != s.Width || f.Height != s.Height {
		render.ReleaseFrame(r, f)
		return fail("render", fmt.Errorf("frame does not have the spec's size %dx%d", s.Width, s.Height))
	}
	// The scene's post-processing changes the colour only; labels below
	// read ids, depth and silhouettes, which it leaves alone.
	tp := time.Now()
	cpustat.InStage(ctx, "post", func(context.Context) { err = render.ApplyPost(f, sc.Post) })
	if err != nil {
		render.ReleaseFrame(r, f)
		return fail("post", err)
	}
	t2 := time.Now()
	t.Post += t2.Sub(tp)
	var insts []labels.Instance
	if s.Has(dataset.ColObjects) || s.Has(dataset.ColKPIs) {
		cpustat.InStage(ctx, "labels", func(context.Context) { insts, err = labels.Extract(sc, f) })
		if err != nil {
			render.ReleaseFrame(r, f)
			return fail("labels", err)
		}
	}
	t.Labels += time.Since(t2)
	return f, insts, nil
}

// mapBuffer returns an empty buffer for an encoding of map m (mapImage...)
// with room for an eighth more than m's last encoding took, so that it is
// allocated once rather than grown by doubling: on a 640×480 shelves
// sample, 0.75 instead of 1.69 MB allocated for 0.54 MB kept
// (BenchmarkEncode). mapBytes returns what was encoded into it.
func (p *Pipeline) mapBuffer(m int) *bytes.Buffer {
	b := new(bytes.Buffer)
	if n := p.mapSize[m].Load(); n > 0 {
		b.Grow(int(n + n/8))
	}
	return b
}

// mapBytes returns the bytes of b, an encoding of map m from mapBuffer,
// and records their size for the next.
func (p *Pipeline) mapBytes(m int, b *bytes.Buffer) []byte {
	p.mapSize[m].Store(int64(b.Len()))
	return b.Bytes()
}

// encode makes the row of a rendered, labelled sample (stage "encode").
func (p *Pipeline) encode(ctx context.Context, index int64, seed uint64, sc *scene.Scene, f *render.Frame, insts []labels.Instance, t *Timing, spare *spareCPUs) (out *dataset.Sample, err error) {
	cpustat.InStage(ctx, "encode", func(context.Context) { out, err = p.encodeRow(index, seed, sc, f, insts, t, spare) })
	return out, err
}

func (p *Pipeline) encodeRow(index int64, seed uint64, sc *scene.Scene, f *render.Frame, insts []labels.Instance, t *Timing, spare *spareCPUs) (*dataset.Sample, error) {
	s := &p.spec
	fail := func(stage string, err error) (*dataset.Sample, error) {
		return nil, fmt.Errorf("sample %d: %s: %w", index, stage, err)
	}
	t3 := time.Now()
	out := &dataset.Sample{Index: index, Seed: seed}
	// The maps are independent encodings, each into its own field: on a
	// run's spare CPUs (spare, when not nil) they go in parallel, the
	// largest first; the bytes are the same either way.
	var maps []func() error
	encodeMap := func(what string, m int, dst *[]byte, enc func(*bytes.Buffer) error) {
		maps = append(maps, func() error {
			b := p.mapBuffer(m)
			if err := enc(b); err != nil {
				return fmt.Errorf("sample %d: encode %s: %w", index, what, err)
			}
			*dst = p.mapBytes(m, b)
			return nil
		})
	}
	if s.Has(dataset.ColImage) {
		encodeMap("image", mapImage, &out.Image, func(b *bytes.Buffer) error {
			if s.ImageFormat == "jpeg" {
				return jpeg.Encode(b, f.Color, &jpeg.Options{Quality: s.JPEGQuality})
			}
			return p.labels.EncodeRGBPNG(b, f.Color)
		})
	}
	if s.Has(dataset.ColDepth) {
		encodeMap("depth", mapDepth, &out.Depth, func(b *bytes.Buffer) error {
			return p.labels.EncodeDepthPNG(b, f.Depth, f.Width, f.Height)
		})
	}
	if s.Has(dataset.ColInstances) {
		encodeMap("instances", mapInstances, &out.Instances, func(b *bytes.Buffer) error {
			return p.labels.EncodeInstancePNG(b, f.IDs, f.Width, f.Height)
		})
	}
	if s.Has(dataset.ColNormals) {
		encodeMap("normals", mapNormals, &out.Normals, func(b *bytes.Buffer) error {
			return p.labels.EncodeNormalPNG(b, f.Normals, f.Width, f.Height)
		})
	}
	if err := spare.run(maps); err != nil {
		return nil, err
	}
	if s.Has(dataset.ColObjects) {
		var err error
		if out.Objects, err = p.catIndex.Objects(insts); err != nil {
			return fail("objects", err)
		}
	}
	if s.Has(dataset.ColCamera) {
		out.Camera = dataset.CameraOf(sc.Camera)
	}
	if s.Has(dataset.ColSemantic) {
		cm, err := labels.CategoryMap(sc, f, p.semanticID)
		if err != nil {
			return fail("semantic", err)
		}
		b := p.mapBuffer(mapSemantic)
		if err := p.labels.EncodeGray16PNG(b, cm, f.Width, f.Height); err != nil {
			return fail("encode semantic", err)
		}
		out.Semantic = p.mapBytes(mapSemantic, b)
	}
	if s.Has(dataset.ColAnnotations) || s.Has(dataset.ColPlanogram) || s.Has(dataset.ColKPIs) {
		anns, err := labels.ExtractAnnotations(sc, f)
		if err != nil {
			return fail("annotations", err)
		}
		if s.Has(dataset.ColAnnotations) {
			if out.Annotations, err = dataset.AnnotationsOf(anns); err != nil {
				return fail("annotations", err)
			}
		}
		if s.Has(dataset.ColPlanogram) {
			if out.Planogram, err = retail.Planogram(anns); err != nil {
				return fail("planogram", err)
			}
		}
		if s.Has(dataset.ColKPIs) {
			k, err := retail.KPIs(insts, anns)
			if err != nil {
				return fail("kpis", err)
			}
			out.KPIs = dataset.KPIsOf(k)
		}
	}
	t.Encode += time.Since(t3)
	return out, nil
}
