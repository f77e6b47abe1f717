package job

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
)

// FinalizeOptions configure Finalize.
type FinalizeOptions struct {
	// AllowMissing writes a manifest even when shards are missing (it lists
	// them and sets Complete false). Corrupt shards are always refused.
	AllowMissing bool
	// FS writes the manifest of a local directory; nil means OSFS(). It
	// is not used by FinalizeStore, whose store writes.
	FS store.FS
}

// Finalize verifies every shard of dir (a directory or a URL, see
// OpenStore; sizes and SHA-256) and writes manifest.json atomically. It
// refuses corrupt shards, and missing ones unless opts.AllowMissing, with
// an error listing them.
func Finalize(dir string, opts FinalizeOptions) (*dataset.Manifest, error) {
	ctx := context.Background()
	var st store.Store
	if store.IsURL(dir) {
		var err error
		if st, err = store.OpenStore(ctx, dir); err != nil {
			return nil, fmt.Errorf("finalize: %w", err)
		}
		defer st.Close()
	} else {
		st = store.DirStore(opts.FS, dir)
	}
	return FinalizeStore(ctx, st, opts)
}

// FinalizeStore is Finalize for the dataset in st.
func FinalizeStore(ctx context.Context, st store.Store, opts FinalizeOptions) (*dataset.Manifest, error) {
	dir := st.String()
	rep, err := store.StatusOf(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("finalize: %w", err)
	}
	if len(rep.Corrupt) > 0 {
		return nil, fmt.Errorf("finalize %s: %w: %s; run the job again to regenerate them", dir, store.ErrIncomplete, rep.Summary())
	}
	missing := slices.Clone(rep.Missing)
	if len(missing) > 0 && !opts.AllowMissing {
		return nil, fmt.Errorf("finalize %s: %w: %s", dir, store.ErrIncomplete, rep.Summary())
	}
	done := rep.Complete
	if len(done) == 0 {
		return nil, fmt.Errorf("finalize %s: %w: no complete shard", dir, store.ErrIncomplete)
	}
	first := rep.Shards[done[0]].Sidecar
	m := &dataset.Manifest{
		Format: dataset.FormatVersion, Identity: first.Identity, NumShards: rep.NumShards,
		Complete: len(missing) == 0, Missing: missing,
		Shards: []dataset.ManifestShard{},
	}
	if m.Missing == nil {
		m.Missing = []int{}
	}
	for _, k := range done {
		sc := rep.Shards[k].Sidecar
		if sc.Generator != first.Generator || sc.GeneratorVersion != first.GeneratorVersion || !slices.Equal(sc.Categories, first.Categories) ||
			checkGenerator(sc.Identity, first.GeneratorVersion, first.GeneratorModule) != nil {
			return nil, fmt.Errorf("finalize %s: shard %d was made by generator %s %s, shard %d by %s %s", dir, k, sc.Generator, sc.GeneratorVersion, done[0], first.Generator, first.GeneratorVersion)
		}
		m.Shards = append(m.Shards, dataset.ManifestShard{Shard: k, File: sc.File, First: sc.First, End: sc.End,
			Rows: sc.Rows, Bytes: sc.Bytes, SHA256: sc.SHA256, SynthkitVersion: sc.SynthkitVersion, Numerics: sc.Numerics})
		m.Rows += sc.Rows
		m.Bytes += sc.Bytes
	}
	schema, err := schemaOfSidecar(first)
	if err != nil {
		return nil, fmt.Errorf("finalize %s: %w", dir, err)
	}
	if err := store.SameSchema(ctx, st, first.File, schema); err != nil {
		return nil, fmt.Errorf("finalize %s: %w", dir, err)
	}
	if m.Columns, err = schema.Describe(); err != nil {
		return nil, fmt.Errorf("finalize %s: %w", dir, err)
	}
	m.Features = schema.Features
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("finalize %s: %w", dir, err)
	}
	if err := store.PutFile(ctx, st, dataset.ManifestFileName, append(body, '\n')); err != nil {
		return nil, fmt.Errorf("finalize %s: %s: %w", dir, dataset.ManifestFileName, err)
	}
	return m, nil
}

// schemaOfSidecar rebuilds the schema a sidecar's job wrote.
func schemaOfSidecar(sc dataset.Sidecar) (*dataset.Schema, error) {
	var spec Spec
	if err := json.Unmarshal(sc.Spec, &spec); err != nil {
		return nil, fmt.Errorf("sidecar %s: spec: %w", sc.File, err)
	}
	if err := spec.Normalize(); err != nil {
		return nil, fmt.Errorf("sidecar %s: %w", sc.File, err)
	}
	info, err := spec.DatasetInfo(sc.SpecHash, sc.Generator, sc.GeneratorVersion, sc.Categories)
	if err != nil {
		return nil, fmt.Errorf("sidecar %s: %w", sc.File, err)
	}
	return dataset.NewSchema(info)
}
