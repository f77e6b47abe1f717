package main

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"

	"github.com/spf13/pflag"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/labels"
	"github.com/synthkit/synthkit/render"
)

// genPreview lets `synth preview` take a generator name instead of a
// dataset directory: it renders the samples directly (scene, soft render,
// labels, encoded as the shard runner would) and hands the rows to the
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
	assets     string
}

// register adds the flags that apply to a generator name.
func (gp *genPreview) register(fl *pflag.FlagSet) {
	fl.Uint64Var(&gp.seed, "seed", 0, "with a GENERATOR: job seed; sample i is seeded from (seed, i)")
	fl.StringVar(&gp.size, "size", "640x480", "with a GENERATOR: image size WIDTHxHEIGHT")
	fl.StringArrayVarP(&gp.params, "param", "p", nil, "with a GENERATOR: param NAME=VALUE (VALUE is JSON, or a plain string); repeatable")
	fl.StringVar(&gp.paramsJSON, "params", "", "with a GENERATOR: params as a JSON object")
	fl.IntVar(&gp.ssaa, "ssaa", 2, "with a GENERATOR: supersampling factor per axis of the colour image")
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

// samples renders samples start .. start+n-1 of the generator name and
// returns them as dataset rows with every column.
func (gp *genPreview) samples(ctx context.Context, name string, start int64, n int) ([]*dataset.Sample, error) {
	w, h, err := parseSize(gp.size)
	if err != nil {
		return nil, err
	}
	params, err := mergeParams(nil, gp.paramsJSON, gp.params)
	if err != nil {
		return nil, err
	}
	assets, closeAssets, err := openAssets(gp.assets)
	if err != nil {
		return nil, err
	}
	defer closeAssets()
	gen, info, err := generator.NewWithAssets(name, params, assets)
	if err != nil {
		return nil, err
	}
	cats := generator.CategoriesOf(gen, info)
	r, err := render.New("soft", render.Options{SSAA: gp.ssaa})
	if err != nil {
		return nil, err
	}
	defer r.Close()
	enc := labels.NewEncoder()
	rows := make([]*dataset.Sample, 0, n)
	for i := start; i < start+int64(n); i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c := generator.NewContext(gp.seed, i, w, h, assets)
		s, err := gen.Sample(c)
		if err != nil {
			return nil, fmt.Errorf("sample %d: generator %s: %w", i, name, err)
		}
		f, err := r.Render(ctx, s)
		if err != nil {
			return nil, fmt.Errorf("sample %d: render: %w", i, err)
		}
		if err := render.ApplyPost(f, s.Post); err != nil {
			return nil, fmt.Errorf("sample %d: post: %w", i, err)
		}
		insts, err := labels.Extract(s, f)
		if err != nil {
			return nil, fmt.Errorf("sample %d: labels: %w", i, err)
		}
		row := &dataset.Sample{Index: i, Seed: c.Seed, Camera: dataset.CameraOf(s.Camera)}
		if row.Objects, err = dataset.ObjectsOf(insts, cats); err != nil {
			return nil, fmt.Errorf("sample %d: %w", i, err)
		}
		var img, depth, ids bytes.Buffer
		if err := png.Encode(&img, f.Color); err != nil {
			return nil, fmt.Errorf("sample %d: encode image: %w", i, err)
		}
		if err := enc.EncodeDepthPNG(&depth, f.Depth, f.Width, f.Height); err != nil {
			return nil, fmt.Errorf("sample %d: encode depth: %w", i, err)
		}
		if err := enc.EncodeInstancePNG(&ids, f.IDs, f.Width, f.Height); err != nil {
			return nil, fmt.Errorf("sample %d: encode instances: %w", i, err)
		}
		row.Image, row.Depth, row.Instances = img.Bytes(), depth.Bytes(), ids.Bytes()
		rows = append(rows, row)
	}
	return rows, nil
}
