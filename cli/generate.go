package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/store"
)

// jobFlags are the job flags, bound once from job.Spec's fields and
// defaults for every command that makes samples (generate, bench,
// preview, view; verify takes its spec from the dataset and binds only
// --assets). A command registers the groups it needs.
type jobFlags struct {
	samples        int64
	output         string
	seed           uint64
	size           string
	shardSize      int64
	params         []string
	paramsJSON     string
	renderer       string
	ssaa           int
	shadowMap      int
	lensOversample int
	imageFormat    string
	columns        []string
	assets         string
}

// flagGroup selects job flags to register.
type flagGroup int

const (
	// sampleFlags are what a sample depends on: seed, size, params,
	// renderer and its byte-changing options, assets.
	sampleFlags flagGroup = 1 << iota
	// datasetFlags are what a dataset adds: samples, output, shard size,
	// image format and columns.
	datasetFlags
)

// defaultSamples is -n's default for a generator name without a spec file.
const defaultSamples = 100

// register adds the groups' flags to cmd with the defaults of job.Spec
// (job.Default*; base's non-zero fields override them, e.g. view's
// renderer gl).
func (f *jobFlags) register(cmd *cobra.Command, groups flagGroup, base job.Spec) {
	d := base
	if d.Samples == 0 {
		d.Samples = defaultSamples
	}
	d.Generator = "defaults"
	_ = d.Normalize() // fills the defaults of the zero fields; base is constant
	fl := cmd.Flags()
	if groups&datasetFlags != 0 {
		fl.Int64VarP(&f.samples, "samples", "n", d.Samples, "number of samples")
		fl.StringVarP(&f.output, "output", "o", "", "output directory")
		fl.Int64Var(&f.shardSize, "shard-size", d.SamplesPerShard, "samples per shard file")
		fl.StringVar(&f.imageFormat, "image-format", d.ImageFormat, "colour image encoding: png or jpeg")
		fl.StringSliceVar(&f.columns, "columns", nil, "label columns to write (default: "+strings.Join(dataset.DefaultColumns(), ",")+"; opt-in: "+strings.Join(dataset.OptInColumns(), ",")+")")
	} else {
		f.samples = d.Samples
	}
	if groups&sampleFlags != 0 {
		fl.StringVar(&f.assets, "assets", "", "directory (or, with -tags cloud, s3://, gs://, azblob:// URL; file:// and mem:// too) of assets the generator reads, e.g. a SKU catalogue (reads are confined to it; its content digest is part of the spec)")
		fl.Uint64Var(&f.seed, "seed", d.Seed, "job seed: sample i is seeded from (seed, i)")
		fl.StringVar(&f.size, "size", fmt.Sprintf("%dx%d", d.Width, d.Height), "image size WIDTHxHEIGHT")
		fl.StringArrayVarP(&f.params, "param", "p", nil, "generator param NAME=VALUE (VALUE is JSON, or a plain string); repeatable")
		fl.StringVar(&f.paramsJSON, "params", "", "generator params as a JSON object")
		fl.StringVar(&f.renderer, "renderer", d.Renderer, "renderer backend: "+strings.Join(job.Renderers(), " or "))
		fl.IntVar(&f.ssaa, "ssaa", d.Render.SSAA, "supersampling factor per axis for the colour image (labels never use it; gl: n×n MSAA)")
		fl.IntVar(&f.shadowMap, "shadow-map-size", d.Render.ShadowMapSize, "side in texels of each shadow map (0: the backend's default)")
		fl.IntVar(&f.lensOversample, "lens-oversample", d.Render.LensOversample, fmt.Sprintf("for cameras with lens distortion: focal-length scale of the pinhole image resampled into the image (0: %d; 1..%d)", render.DefaultLensOversample, render.MaxLensOversample))
	}
}

// spec builds the job spec from the positional argument (a spec file or a
// generator name) and the flags; flags given explicitly override a file.
// A command without the dataset flags sets f.samples first.
func (f *jobFlags) spec(cmd *cobra.Command, arg string) (*job.Spec, error) {
	var spec *job.Spec
	fl := cmd.Flags()
	changed := func(name string) bool { return fl.Changed(name) }
	if isSpecFile(arg) {
		s, err := job.LoadSpec(arg)
		if err != nil {
			return nil, err
		}
		spec = s
	} else {
		// Without a spec file every job flag applies, defaults included.
		spec = &job.Spec{Generator: arg}
		changed = func(name string) bool { return fl.Lookup(name) != nil }
	}
	// A flag given explicitly is checked against the spec's own bounds:
	// 0 must not silently become the default (--ssaa 0 used to mean 1).
	if changed("samples") || fl.Lookup("samples") == nil && !isSpecFile(arg) {
		if changed("samples") && (f.samples < 1 || f.samples > job.MaxRows) {
			return nil, fmt.Errorf("--samples %d: outside 1..%d", f.samples, job.MaxRows)
		}
		spec.Samples = f.samples
	}
	if changed("seed") {
		spec.Seed = f.seed
	}
	if changed("size") {
		w, h, err := parseSize(f.size)
		if err != nil {
			return nil, err
		}
		spec.Width, spec.Height = w, h
	}
	if changed("shard-size") {
		if f.shardSize <= 0 {
			return nil, fmt.Errorf("--shard-size %d: must be positive", f.shardSize)
		}
		spec.SamplesPerShard = f.shardSize
	}
	if changed("renderer") {
		spec.Renderer = f.renderer
	}
	if changed("ssaa") {
		if f.ssaa < 1 || f.ssaa > job.MaxSSAA {
			return nil, fmt.Errorf("--ssaa %d: outside 1..%d", f.ssaa, job.MaxSSAA)
		}
		spec.Render.SSAA = f.ssaa
	}
	if changed("shadow-map-size") {
		spec.Render.ShadowMapSize = f.shadowMap
	}
	if changed("lens-oversample") {
		spec.Render.LensOversample = f.lensOversample
	}
	if changed("image-format") {
		spec.ImageFormat = f.imageFormat
	}
	if fl.Lookup("columns") != nil && fl.Changed("columns") {
		spec.Columns = f.columns
	}
	if fl.Lookup("output") != nil && fl.Changed("output") {
		spec.Output = f.output
	}
	params, err := mergeParams(spec.Params, f.paramsJSON, f.params)
	if err != nil {
		return nil, err
	}
	spec.Params = params
	if err := spec.Normalize(); err != nil {
		return nil, err
	}
	return spec, nil
}

func isSpecFile(arg string) bool {
	switch strings.ToLower(filepath.Ext(arg)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	st, err := os.Stat(arg)
	return err == nil && st.Mode().IsRegular()
}

func parseSize(s string) (int, int, error) {
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if !ok || err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("--size %q: want WIDTHxHEIGHT, e.g. 640x480", s)
	}
	if w <= 0 || h <= 0 {
		return 0, 0, fmt.Errorf("--size %q: width and height must be positive", s)
	}
	return w, h, nil
}

// mergeParams applies a JSON object and NAME=VALUE pairs over base.
func mergeParams(base json.RawMessage, obj string, pairs []string) (json.RawMessage, error) {
	if obj == "" && len(pairs) == 0 {
		return base, nil
	}
	m := map[string]json.RawMessage{}
	if len(base) > 0 && string(base) != "null" {
		if err := json.Unmarshal(base, &m); err != nil {
			return nil, fmt.Errorf("params: %w", err)
		}
	}
	if obj != "" {
		var o map[string]json.RawMessage
		if err := json.Unmarshal([]byte(obj), &o); err != nil {
			return nil, fmt.Errorf("--params: want a JSON object: %w", err)
		}
		for k, v := range o {
			m[k] = v
		}
	}
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("--param %q: want NAME=VALUE", p)
		}
		if json.Valid([]byte(v)) {
			m[k] = json.RawMessage(v)
		} else {
			b, _ := json.Marshal(v)
			m[k] = b
		}
	}
	return json.Marshal(m)
}

func newGenerateCmd() *cobra.Command {
	var (
		jf         jobFlags
		workers    int
		shards     string
		shardIndex int
		numShards  int
		force      bool
		quiet      bool
	)
	cmd := &cobra.Command{
		Use:   "generate (SPEC.yaml | GENERATOR) [flags]",
		Short: "Generate a dataset of Arrow shards",
		Long: `Generate renders every sample of a job and writes Arrow shards plus a
manifest. The job is a spec file (YAML or JSON, see examples/specs/basic.yaml)
or a generator name with flags. Shards that already exist and verify are
skipped, so an interrupted run resumes where it stopped.

The output (-o, or output in the spec) is a directory or, in a synth built
with -tags cloud, a URL: file:///abs/dir, mem://, s3://bucket/prefix
(?region=..., ?endpoint=... for S3-compatible stores), gs://bucket/prefix
and azblob://container/prefix.
Every shard is committed atomically, its sidecar last.

Array jobs: each task generates one shard. The index is --shard-index, or,
without it (and without --shards), JOB_COMPLETION_INDEX (Kubernetes Indexed
Job) or SLURM_ARRAY_TASK_ID normalized as (ID - SLURM_ARRAY_TASK_MIN) /
SLURM_ARRAY_TASK_STEP. The shard count comes from the spec (samples /
samples_per_shard) or from --num-shards N, which sets samples_per_shard to
ceil(samples / N). A task that runs one shard does not write the manifest:
run "synth finalize OUT" once all are done.`,
		Example: "  synth generate basic -n 200 -o out/\n" +
			"  synth generate examples/specs/basic.yaml --workers 2\n" +
			"  synth generate job.yaml --num-shards 64 -o s3://bucket/ds1   # in a task of a 64-task array job",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if workers < 0 {
				return fmt.Errorf("--workers %d: want 0 (every core) or more", workers)
			}
			spec, err := jf.spec(cmd, args[0])
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("num-shards") {
				if cmd.Flags().Changed("shard-size") {
					return fmt.Errorf("--num-shards and --shard-size both set: give one of them")
				}
				if err := spec.SetNumShards(numShards); err != nil {
					return fmt.Errorf("--num-shards: %w", err)
				}
			}
			if spec.Output == "" {
				return fmt.Errorf("no output directory: pass -o DIR (or set output in the spec)")
			}
			if err := checkLocation(spec.Output); err != nil {
				return err
			}
			want, source, err := selectShards(cmd, spec.Plan().NumShards(), shards, shardIndex, os.Getenv)
			if err != nil {
				return err
			}
			factory, err := rendererFactory(spec, workers)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if source != "" {
				fmt.Fprintf(out, "shard %d of %d (%s)\n", want[0], spec.Plan().NumShards(), source)
			}
			bar := newProgress(quiet, "generating")
			start := time.Now()
			assets, closeAssets, err := openAssets(cmd.Context(), jf.assets)
			if err != nil {
				return err
			}
			defer closeAssets()
			res, err := job.Run(cmd.Context(), spec, job.RunOptions{
				Assets:      assets,
				NewRenderer: factory,
				Workers:     workers,
				Shards:      want,
				Force:       force,
				Progress:    bar.update,
				Version:     version,
			})
			bar.finish()
			if err != nil {
				return err
			}
			el := time.Since(start)
			fmt.Fprintf(out, "wrote %d shard(s), skipped %d existing, %d samples in %s (%.1f samples/s) to %s\n",
				res.Written, res.Skipped, res.Samples, el.Round(time.Millisecond), float64(res.Samples)/el.Seconds(), spec.Output)
			if want == nil {
				// With the command's context: SIGINT stops the hashing.
				st, err := openStore(cmd.Context(), spec.Output)
				if err != nil {
					return fmt.Errorf("finalize: %w", err)
				}
				m, err := job.FinalizeStore(cmd.Context(), st, job.FinalizeOptions{})
				st.Close()
				if err != nil {
					return fmt.Errorf("finalize: %w", err)
				}
				fmt.Fprintf(out, "manifest: %d shards, %d rows\n", len(m.Shards), m.Rows)
			}
			return nil
		},
	}
	jf.register(cmd, sampleFlags|datasetFlags, job.Spec{})
	fl := cmd.Flags()
	fl.IntVar(&workers, "workers", 0, "samples rendered in parallel (0 = all cores); output bytes do not depend on it")
	fl.StringVar(&shards, "shards", "", "generate only these shards, e.g. 3,7-9 (0-based)")
	fl.IntVar(&shardIndex, "shard-index", 0, "generate only shard K (0-based); default: from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID, else all shards")
	fl.IntVar(&numShards, "num-shards", 0, "split the job into N shards (sets samples_per_shard = ceil(samples/N))")
	fl.BoolVar(&force, "force", false, "regenerate shards that already exist")
	fl.BoolVarP(&quiet, "quiet", "q", false, "no progress bar")
	return cmd
}

// selectShards decides which shards of n to generate: --shards, else
// --shard-index, else the index of an array task from the environment
// (job.IndexFromEnv through getenv), else all (nil). source says where a
// single index came from ("" for --shards and all).
func selectShards(cmd *cobra.Command, n int, set string, index int, getenv func(string) string) ([]int, string, error) {
	hasSet, hasIndex := cmd.Flags().Changed("shards"), cmd.Flags().Changed("shard-index")
	switch {
	case hasSet && hasIndex:
		return nil, "", fmt.Errorf("--shards and --shard-index both set: give one of them")
	case hasSet:
		want, err := parseShardSet(set, n)
		return want, "", err
	case hasIndex:
		if index < 0 || index >= n {
			return nil, "", fmt.Errorf("--shard-index %d out of range: the job has %d shards (0..%d)", index, n, n-1)
		}
		return []int{index}, "--shard-index", nil
	}
	t, ok, err := job.IndexFromEnv(getenv, n)
	if err != nil {
		return nil, "", fmt.Errorf("shard index from the environment: %w", err)
	}
	if !ok {
		return nil, "", nil
	}
	return []int{t.Index}, t.Source, nil
}

// parseShardSet parses "3,7-9" into shard indices below n.
func parseShardSet(s string, n int) ([]int, error) {
	var out []int
	seen := map[int]bool{}
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(strings.TrimSpace(part), "-")
		a, err := strconv.Atoi(lo)
		b := a
		if err == nil && isRange {
			b, err = strconv.Atoi(hi)
		}
		if err != nil || a < 0 || b < a {
			return nil, fmt.Errorf("--shards %q: bad part %q (want e.g. 3,7-9)", s, part)
		}
		if b >= n {
			return nil, fmt.Errorf("--shards %q: shard %d out of range (the job has %d shards, 0..%d)", s, b, n, n-1)
		}
		for k := a; k <= b; k++ {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out, nil
}

// progress wraps a progress bar shown on a terminal; elsewhere it stays quiet.
type progress struct{ bar *progressbar.ProgressBar }

func newProgress(quiet bool, what string) *progress {
	if quiet || !term.IsTerminal(int(os.Stderr.Fd())) {
		return &progress{}
	}
	return &progress{bar: progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("samples"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)}
}

func (p *progress) update(done, total int64) {
	if p.bar == nil {
		return
	}
	if p.bar.GetMax64() != total {
		p.bar.ChangeMax64(total)
	}
	_ = p.bar.Set64(done)
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

// openAssets opens location as the job's read-only asset file system: a
// directory, confined to it (symlinks cannot escape it), or the URL of an
// object store this synth opens (file://, mem://; s3://, gs://, azblob://
// with -tags cloud), rooted at its path. An empty location means no
// assets.
func openAssets(ctx context.Context, location string) (fs.FS, func(), error) {
	if location == "" {
		return nil, func() {}, nil
	}
	if store.IsURL(location) {
		st, err := openStore(ctx, location)
		if err != nil {
			return nil, nil, fmt.Errorf("--assets: %w", err)
		}
		as, ok := st.(store.AssetStore)
		if !ok {
			st.Close()
			return nil, nil, fmt.Errorf("--assets %s: this store cannot be read as assets", location)
		}
		fsys, err := as.AssetFS(ctx)
		if err != nil {
			st.Close()
			return nil, nil, fmt.Errorf("--assets: %w", err)
		}
		return fsys, func() { st.Close() }, nil
	}
	root, err := os.OpenRoot(location)
	if err != nil {
		return nil, nil, fmt.Errorf("--assets: %w", err)
	}
	return root.FS(), func() { root.Close() }, nil
}
