package job

import (
	"bytes"
	"context"
	"fmt"
	"image/jpeg"
	"io/fs"
	"time"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/labels"
	"github.com/synthkit/synthkit/render"

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
	Write  time.Duration // Arrow record batches, IPC file, fsync, rename, sidecar
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

// sampler turns sample indices into rows: generator, renderer, labels,
// encoders. It is shared by the workers; each brings its own renderer.
type sampler struct {
	spec       *Spec
	schema     *dataset.Schema
	gen        generator.Generator
	categories []string
	assets     fs.FS
	labels     *labels.Encoder // safe for concurrent use; writes the PNG colour images too
}

func newSampler(spec *Spec, schema *dataset.Schema, gen generator.Generator, categories []string, assets fs.FS) *sampler {
	return &sampler{
		spec: spec, schema: schema, gen: gen, categories: categories, assets: assets,
		labels: labels.NewEncoder(),
	}
}

// sample makes the row of sample index with renderer r, adding the time of
// each stage to t. Errors name the sample and the stage.
func (sp *sampler) sample(ctx context.Context, r render.Renderer, index int64, t *Timing) (*dataset.Sample, error) {
	s := sp.spec
	fail := func(stage string, err error) (*dataset.Sample, error) {
		return nil, fmt.Errorf("sample %d: %s: %w", index, stage, err)
	}
	t0 := time.Now()
	c := generator.NewContext(s.Seed, index, s.Width, s.Height, sp.assets)
	sc, err := sp.gen.Sample(c)
	if err != nil {
		return fail("generator "+s.Generator, err)
	}
	if sc == nil {
		return fail("generator "+s.Generator, fmt.Errorf("returned a nil scene"))
	}
	if sc.Camera.Width != s.Width || sc.Camera.Height != s.Height {
		return fail("generator "+s.Generator, fmt.Errorf("camera is %dx%d, the spec asks for %dx%d", sc.Camera.Width, sc.Camera.Height, s.Width, s.Height))
	}
	t1 := time.Now()
	t.Scene += t1.Sub(t0)

	f, err := r.Render(ctx, sc)
	if err != nil {
		return fail("render", err)
	}
	// The row keeps only copies of f's data (encoded images, labels), so f
	// goes back to the renderer, whose next Render refills its buffers.
	defer render.ReleaseFrame(r, f)
	if f == nil || f.Width != s.Width || f.Height != s.Height {
		return fail("render", fmt.Errorf("frame does not have the spec's size %dx%d", s.Width, s.Height))
	}
	// The scene's post-processing changes the colour only; labels below
	// read ids, depth and silhouettes, which it leaves alone.
	tp := time.Now()
	t.Render += tp.Sub(t1)
	if err := render.ApplyPost(f, sc.Post); err != nil {
		return fail("post", err)
	}
	t2 := time.Now()
	t.Post += t2.Sub(tp)

	out := &dataset.Sample{Index: index, Seed: c.Seed}
	var insts []labels.Instance
	if s.Has(dataset.ColObjects) {
		insts, err = labels.Extract(sc, f)
		if err != nil {
			return fail("labels", err)
		}
	}
	t3 := time.Now()
	t.Labels += t3.Sub(t2)

	if s.Has(dataset.ColImage) {
		var b bytes.Buffer
		if s.ImageFormat == "jpeg" {
			err = jpeg.Encode(&b, f.Color, &jpeg.Options{Quality: s.JPEGQuality})
		} else {
			err = sp.labels.EncodeRGBPNG(&b, f.Color)
		}
		if err != nil {
			return fail("encode image", err)
		}
		out.Image = b.Bytes()
	}
	if s.Has(dataset.ColDepth) {
		var b bytes.Buffer
		if err := sp.labels.EncodeDepthPNG(&b, f.Depth, f.Width, f.Height); err != nil {
			return fail("encode depth", err)
		}
		out.Depth = b.Bytes()
	}
	if s.Has(dataset.ColInstances) {
		var b bytes.Buffer
		if err := sp.labels.EncodeInstancePNG(&b, f.IDs, f.Width, f.Height); err != nil {
			return fail("encode instances", err)
		}
		out.Instances = b.Bytes()
	}
	if s.Has(dataset.ColObjects) {
		if out.Objects, err = dataset.ObjectsOf(insts, sp.categories); err != nil {
			return fail("objects", err)
		}
	}
	if s.Has(dataset.ColCamera) {
		out.Camera = dataset.CameraOf(sc.Camera)
	}
	if s.Has(dataset.ColAnnotations) {
		anns, err := labels.ExtractAnnotations(sc, f)
		if err != nil {
			return fail("annotations", err)
		}
		if out.Annotations, err = dataset.AnnotationsOf(anns); err != nil {
			return fail("annotations", err)
		}
	}
	t.Encode += time.Since(t3)
	t.Samples++
	return out, nil
}
