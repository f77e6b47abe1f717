package cli

import (
	"context"
	"os"

	"github.com/spf13/pflag"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/job"
)

// genPreview lets `synth preview` take a generator name instead of a
// dataset directory: it renders the samples directly (job.Pipeline, the
// one generate uses) and hands the rows to the
// contact sheet, so a generator can be looked at without writing shards:
//
//	synth preview shelves --seed 7 --rows 4 --cols 2 -o sheet.png
//
// preview.go wires it in: gp.register(cmd.Flags()), and in RunE, when
// gp.applies(args[0]), rows come from gp.samples instead of the dataset.
type genPreview struct {
	seed       uint64
	size       string
	params     []string
	paramsJSON string
	ssaa       int
	renderer   string
	assets     string
}

// register adds the flags that apply to a generator name.
func (gp *genPreview) register(fl *pflag.FlagSet) {
	fl.Uint64Var(&gp.seed, "seed", 0, "with a GENERATOR: job seed; sample i is seeded from (seed, i)")
	fl.StringVar(&gp.size, "size", "640x480", "with a GENERATOR: image size WIDTHxHEIGHT")
	fl.StringArrayVarP(&gp.params, "param", "p", nil, "with a GENERATOR: param NAME=VALUE (VALUE is JSON, or a plain string); repeatable")
	fl.StringVar(&gp.paramsJSON, "params", "", "with a GENERATOR: params as a JSON object")
	fl.IntVar(&gp.ssaa, "ssaa", 2, "with a GENERATOR: supersampling factor per axis of the colour image")
	fl.StringVar(&gp.renderer, "renderer", job.DefaultRenderer, "with a GENERATOR: renderer backend: soft or gl")
	fl.StringVar(&gp.assets, "assets", "", "with a GENERATOR: directory of assets the generator reads (e.g. a catalogue)")
}

// applies reports whether arg names a registered generator and no
// directory of that name exists (a dataset directory wins).
func (gp *genPreview) applies(arg string) bool {
	if st, err := os.Stat(arg); err == nil && st.IsDir() {
		return false
	}
	_, ok := generator.Lookup(arg)
	return ok
}

// samples renders samples start .. start+n-1 of the generator name with
// the job pipeline (job.Pipeline, as generate would) and returns them as
// dataset rows with every column.
func (gp *genPreview) samples(ctx context.Context, name string, start int64, n int) ([]*dataset.Sample, error) {
	w, h, err := parseSize(gp.size)
	if err != nil {
		return nil, err
	}
	params, err := mergeParams(nil, gp.paramsJSON, gp.params)
	if err != nil {
		return nil, err
	}
	spec := &job.Spec{Generator: name, Params: params, Seed: gp.seed, Samples: start + int64(n),
		Width: w, Height: h, Renderer: gp.renderer, Render: job.RenderOptions{SSAA: gp.ssaa}}
	if err := spec.Normalize(); err != nil {
		return nil, err
	}
	assets, closeAssets, err := openAssets(gp.assets)
	if err != nil {
		return nil, err
	}
	defer closeAssets()
	pl, err := job.NewPipeline(spec, assets)
	if err != nil {
		return nil, err
	}
	factory, err := rendererFactory(spec, 1)
	if err != nil {
		return nil, err
	}
	r, err := factory(spec)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	rows := make([]*dataset.Sample, 0, n)
	for i := start; i < start+int64(n); i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		row, err := pl.Sample(ctx, r, i, nil)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	return rows, nil
}
