package cli

import (
	"os"

	"github.com/spf13/cobra"

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
	jf jobFlags // the sample flags of generate, with its defaults
}

// register adds the flags that apply to a generator name: the job's
// sample flags (jobFlags, sampleFlags).
func (gp *genPreview) register(cmd *cobra.Command) {
	gp.jf.register(cmd, sampleFlags, job.Spec{})
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
func (gp *genPreview) samples(cmd *cobra.Command, name string, start int64, n int) ([]*dataset.Sample, error) {
	ctx := cmd.Context()
	gp.jf.samples = start + int64(n)
	spec, err := gp.jf.spec(cmd, name)
	if err != nil {
		return nil, err
	}
	assets, closeAssets, err := openAssets(ctx, gp.jf.assets)
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
