package cli

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"sync"

	"github.com/spf13/cobra"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/render"
)

func newVerifyCmd() *cobra.Command {
	var (
		samples   int
		seed      uint64
		workers   int
		compare   string
		renderer  string
		quiet     bool
		assetsDir string
	)
	cmd := &cobra.Command{
		Use:   "verify OUT",
		Short: "Check a dataset's hashes and re-render sampled rows to compare them",
		Long: `Verify checks the dataset at OUT (a directory or a URL) without trusting the
nodes that wrote it: every shard's SHA-256 against its sidecar (and the
sidecars against manifest.json), each shard's schema, row count, index and
seed columns; then it regenerates --samples random rows of every shard from
the spec recorded in the manifest (or the sidecars) and compares them column
by column with the stored rows: byte for byte for the soft renderer, within
tolerances for gl (instance masks IoU >= 0.99, depth within 1e-4 relative or
1 mm, boxes within 1 px; see job.CompareTolerant).

The rows are picked by a RNG seeded with --seed and the shard index; without
--seed a random seed is drawn (and printed), so that no node can know which
rows will be checked. It prints the first mismatching shard, row (sample
index) and column, and exits non-zero on any mismatch.`,
		Example: "  synth verify out/basic --samples 4\n  synth verify s3://bucket/ds1 --samples 2 --seed 7",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if workers < 0 {
				return fmt.Errorf("--workers %d: want 0 (every core) or more", workers)
			}
			if !cmd.Flags().Changed("seed") {
				var b [8]byte
				if _, err := rand.Read(b[:]); err != nil {
					return fmt.Errorf("random seed: %w", err)
				}
				seed = binary.LittleEndian.Uint64(b[:])
			}
			st, err := openStore(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			defer st.Close()
			bar := newProgress(quiet, "verifying")
			var factoriesMu sync.Mutex
			factories := map[factoryKey]job.RendererFactory{}
			assets, closeAssets, err := openAssets(cmd.Context(), assetsDir)
			if err != nil {
				return err
			}
			defer closeAssets()
			rep, err := job.Verify(cmd.Context(), st, job.VerifyOptions{
				Assets:  assets,
				Samples: samples,
				Seed:    seed,
				Workers: workers,
				Compare: job.CompareMode(compare),
				NewRenderer: func(spec *job.Spec) (render.Renderer, error) {
					s := *spec
					if renderer != "" {
						s.Renderer = renderer
					}
					// One factory per renderer and render options, so that
					// the workers share a renderer where the backend
					// shares (one GL context).
					key := factoryKey{s.Renderer, s.Render, s.Has(dataset.ColNormals)}
					factoriesMu.Lock()
					f, ok := factories[key]
					if !ok {
						var err error
						if f, err = rendererFactory(&s, workers); err != nil {
							factoriesMu.Unlock()
							return nil, err
						}
						factories[key] = f
					}
					factoriesMu.Unlock()
					return f(&s)
				},
				Progress: bar.update,
				Version:  version,
			})
			bar.finish()
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			for _, n := range rep.Notes {
				fmt.Fprintf(out, "note: %s\n", n)
			}
			fmt.Fprintf(out, "rows picked with --seed %d\n", seed)
			for _, m := range rep.Mismatches {
				fmt.Fprintf(out, "MISMATCH %s\n", m)
			}
			fmt.Fprintln(out, rep.Summary())
			if !rep.OK() {
				if len(rep.Mismatches) > 0 {
					m := rep.Mismatches[0]
					if m.Row >= 0 {
						return fmt.Errorf("%s: verification failed: first mismatch in shard %d (%s), sample %d, column %s", args[0], m.Shard, m.File, m.Row, m.Column)
					}
					return fmt.Errorf("%s: verification failed: first problem: %s", args[0], m)
				}
				return fmt.Errorf("%s: verification failed", args[0])
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&assetsDir, "assets", "", "the assets directory the dataset was generated with (e.g. its SKU catalogue)")
	fl.IntVar(&samples, "samples", 4, "rows per shard to regenerate and compare (K >= rows: all; 0: hashes and cheap checks only)")
	fl.Uint64Var(&seed, "seed", 0, "seed of the row choice (default: random, printed)")
	fl.IntVar(&workers, "workers", 0, "rows rendered in parallel (0 = all cores)")
	fl.StringVar(&compare, "compare", "", "exact or tolerant (default: exact for renderer soft, tolerant for gl)")
	fl.StringVar(&renderer, "renderer", "", "re-render with this backend instead of the dataset's (e.g. soft for a gl dataset, with --compare tolerant)")
	fl.BoolVarP(&quiet, "quiet", "q", false, "no progress bar")
	return cmd
}

// factoryKey is what a verify run's renderer factory depends on.
type factoryKey struct {
	renderer string
	render   job.RenderOptions
	normals  bool
}
