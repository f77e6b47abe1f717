package job

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/internal/numerics"
	"github.com/synthkit/synthkit/store"
)

// VerifyOptions configure Verify.
type VerifyOptions struct {
	// Samples is the number of rows of each shard to regenerate and
	// compare; a number at least a shard's rows means all of them, 0 none
	// (only hashes, sidecars, schema and the index and seed columns are
	// checked then).
	Samples int
	// Seed picks the rows (with the shard index): the same seed picks the
	// same rows. A verifier that does not trust the nodes picks it at
	// random, so that no node can know which rows will be checked.
	Seed uint64
	// NewRenderer makes the renderers that regenerate rows; required when
	// Samples > 0. It is called with the dataset's spec.
	NewRenderer RendererFactory
	// Workers is the number of rows regenerated in parallel; 0 means
	// runtime.GOMAXPROCS(0).
	Workers int
	// Compare chooses exact or tolerant comparison; CompareAuto decides by
	// the dataset's renderer.
	Compare CompareMode
	// Assets is handed to the generator's Context; may be nil.
	Assets fs.FS
	// Progress, when set, is called after each row compared with the rows
	// done and the total to compare.
	Progress func(done, total int64)
	// Version is this program's synthkit version; when set and a shard
	// was written by another, the report notes it (renderers change
	// between versions, and so may the rows).
	Version string
}

// VerifyReport is what Verify found.
type VerifyReport struct {
	Location  string      // the store's location
	SpecHash  string      // the spec hash of the sidecars
	Spec      *Spec       // the spec the rows were regenerated from
	NumShards int         // the shard count of the sidecars
	Compare   CompareMode // the mode used
	Seed      uint64      // VerifyOptions.Seed
	// Shards is the number of shards whose bytes matched their sidecar and
	// whose rows were read and compared.
	Shards int
	// Rows is the number of rows regenerated and compared.
	Rows int64
	// Mismatches holds at most one entry per shard (its first problem, in
	// row and then column order), in shard order, after those of the
	// manifest.
	Mismatches []Mismatch
	// Notes are remarks that do not fail verification (no manifest yet, a
	// generator version that differs from the one that wrote the shards).
	Notes []string
}

// Mismatch is a problem Verify found.
type Mismatch struct {
	Shard int    // -1 for the manifest
	File  string // the shard file (or manifest.json)
	// Row is the sample index of the row that differs, -1 when the problem
	// is with the shard as a whole (missing, hash, schema, row count).
	Row int64
	// RowInShard is the row's position in its shard file.
	RowInShard int64
	// Column is the column that differs ("index", "seed", "image",
	// "depth", "instances", "objects", "camera"; "schema" for the file's
	// schema), "" when the shard as a whole.
	Column string
	Detail string
}

// String formats the mismatch: "data-00002-of-00004.arrow: sample 9 (row
// 1): column objects: object 0 (id 2): bbox: stored [...], regenerated
// [...]".
func (m Mismatch) String() string {
	var b strings.Builder
	b.WriteString(m.File)
	if m.Row >= 0 {
		fmt.Fprintf(&b, ": sample %d (row %d)", m.Row, m.RowInShard)
	}
	if m.Column != "" {
		fmt.Fprintf(&b, ": column %s", m.Column)
	}
	b.WriteString(": ")
	b.WriteString(m.Detail)
	return b.String()
}

// OK reports whether the dataset verified: every shard present, matching
// its sidecar (and the manifest), and every row compared equal.
func (r VerifyReport) OK() bool { return r.NumShards > 0 && len(r.Mismatches) == 0 }

// Summary returns a one-line account of the verification.
func (r VerifyReport) Summary() string {
	s := fmt.Sprintf("%d of %d shards verified, %d rows regenerated and compared (%s)", r.Shards, r.NumShards, r.Rows, r.Compare)
	if r.OK() {
		return s + ": OK"
	}
	return fmt.Sprintf("%s: FAILED, %d problem(s); first: %s", s, len(r.Mismatches), r.Mismatches[0])
}

// Verify checks the dataset in st as a party that trusts none of the nodes
// that wrote it:
//
//  1. every shard has a sidecar and its file has the sidecar's size and
//     SHA-256; when manifest.json exists, the sidecars agree with it
//     (spec hash, shard count, sizes and hashes);
//  2. the spec is taken from the manifest (or the sidecars) and must hash
//     to the recorded spec hash; its generator must be registered;
//  3. for each shard, from the very bytes that were hashed: its Arrow
//     schema is the one its sidecar's spec gives, it holds the sidecar's
//     row count, every row's index is its sample index and every seed
//     generator.SampleSeed(spec.Seed, index);
//  4. opts.Samples rows of each shard, picked with a RNG seeded from
//     (opts.Seed, shard), are regenerated from the spec and compared
//     column by column with the stored rows (see CompareMode).
//
// Problems with the data are reported in the VerifyReport, one per shard;
// the error is for what stops verification (an unreadable location, an
// unknown generator, a cancelled context).
func Verify(ctx context.Context, st store.Store, opts VerifyOptions) (VerifyReport, error) {
	rep := VerifyReport{Location: st.String(), Seed: opts.Seed}
	if opts.Samples < 0 {
		return rep, fmt.Errorf("verify: samples %d must not be negative", opts.Samples)
	}
	sr, err := store.SizeStatus(ctx, st) // hashes are checked below, on the bytes that are parsed
	if err != nil {
		return rep, fmt.Errorf("verify: %w", err)
	}
	rep.NumShards, rep.SpecHash = sr.NumShards, sr.SpecHash
	bad := map[int]bool{}
	add := func(m Mismatch) {
		if m.Shard >= 0 && bad[m.Shard] {
			return
		}
		bad[m.Shard] = true
		rep.Mismatches = append(rep.Mismatches, m)
	}
	specJSON, recorded := manifestChecks(ctx, st, sr, &rep, add)
	for _, s := range sr.Shards {
		if s.State != store.Complete {
			add(Mismatch{Shard: s.Shard, File: dataset.ShardFileName(s.Shard, sr.NumShards), Row: -1, Detail: string(s.State) + ": " + s.Problem})
		}
	}
	if len(sr.Complete) == 0 {
		return rep, nil
	}
	first := sr.Shards[sr.Complete[0]].Sidecar
	if specJSON == nil {
		specJSON, recorded = first.Spec, first.SpecHash
	}
	spec, err := specFromJSON(specJSON, recorded)
	if err != nil {
		return rep, fmt.Errorf("verify %s: %w", rep.Location, err)
	}
	rep.Spec = spec
	if spec.AssetsDigest == "" && opts.Assets != nil {
		// Shards of a synthkit before assets_digest, or made without assets.
		rep.Notes = append(rep.Notes, "the spec records no assets_digest: the assets given cannot be checked against those the shards were made with")
	} else if spec.AssetsDigest != "" {
		d, err := AssetsDigest(opts.Assets)
		if err != nil {
			return rep, fmt.Errorf("verify %s: %w", rep.Location, err)
		}
		if d != spec.AssetsDigest {
			was, now := spec.AssetsDigest, d
			if was == "" {
				was = "none"
			}
			if now == "" {
				now = "none (pass the dataset's --assets DIR)"
			}
			return rep, fmt.Errorf("verify %s: %w: the dataset was generated with assets %s, these are %s", rep.Location, ErrAssetsChanged, was, now)
		}
	}
	rep.Compare = opts.Compare
	if rep.Compare == CompareAuto {
		rep.Compare = CompareExact
		if spec.Renderer == "gl" {
			rep.Compare = CompareTolerant
		}
	}
	if rep.Compare != CompareExact && rep.Compare != CompareTolerant {
		return rep, fmt.Errorf("verify: unknown compare mode %q (known: exact, tolerant)", opts.Compare)
	}
	if _, ok := generator.Lookup(spec.Generator); !ok {
		return rep, fmt.Errorf("verify %s: %w", rep.Location, MissingGenerator(first.Identity))
	}
	pl, err := NewPipeline(spec, opts.Assets)
	if err != nil {
		return rep, fmt.Errorf("verify %s: %w", rep.Location, err)
	}
	ginfo := pl.Generator()
	for _, k := range sr.Complete {
		if err := checkGenerator(sr.Shards[k].Sidecar.Identity, ginfo.Version, pl.Build()); err != nil {
			return rep, fmt.Errorf("verify %s: shard %d: %w", rep.Location, k, err)
		}
	}
	if opts.Version != "" {
		for _, k := range sr.Complete {
			if v := sr.Shards[k].Sidecar.SynthkitVersion; v != opts.Version {
				rep.Notes = append(rep.Notes, fmt.Sprintf("shard %d was written by synthkit %s, this is %s: rows may differ for that reason alone", k, v, opts.Version))
				break
			}
		}
	}
	if here := numerics.Profile(); rep.Compare == CompareExact {
		for _, k := range sr.Complete {
			if p := sr.Shards[k].Sidecar.Numerics; p != "" && p != here {
				rep.Notes = append(rep.Notes, fmt.Sprintf("shard %d says it was made with floating-point profile %s, this node is %s: "+
					"exact comparison can fail for that reason alone (see package internal/numerics; verify on a node of that profile, or with --compare tolerant)", k, p, here))
				break
			}
		}
	}
	info, err := spec.DatasetInfo(recorded, ginfo.Name, ginfo.Version, pl.Categories())
	if err != nil {
		return rep, fmt.Errorf("verify %s: %w", rep.Location, err)
	}
	if _, err := dataset.NewSchema(info); err != nil {
		return rep, fmt.Errorf("verify %s: %w", rep.Location, err)
	}
	v := &verifier{ctx: ctx, st: st, spec: spec, opts: opts, mode: rep.Compare, sp: pl}
	for _, k := range sr.Complete {
		v.total += min(int64(opts.Samples), sr.Shards[k].Sidecar.Rows)
	}
	if opts.Samples > 0 {
		if err := v.startRenderers(); err != nil {
			return rep, fmt.Errorf("verify %s: %w", rep.Location, err)
		}
		defer v.closeRenderers()
	}
	for _, k := range sr.Complete {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		if bad[k] {
			continue
		}
		m, rows, err := v.shard(sr.Shards[k].Sidecar)
		rep.Rows += rows
		if err != nil {
			return rep, fmt.Errorf("verify %s: %w", st.Path(dataset.ShardFileName(k, sr.NumShards)), err)
		}
		if m != nil {
			add(*m)
			continue
		}
		rep.Shards++
	}
	slices.SortStableFunc(rep.Mismatches, func(a, b Mismatch) int { return a.Shard - b.Shard })
	return rep, nil
}

// manifestChecks compares manifest.json, when there is one, with the
// sidecars, and returns its spec and spec hash (nil when there is no
// usable manifest).
func manifestChecks(ctx context.Context, st store.Store, sr store.StatusReport, rep *VerifyReport, add func(Mismatch)) (json.RawMessage, string) {
	m, err := store.ReadManifestOf(ctx, st)
	if errors.Is(err, fs.ErrNotExist) {
		rep.Notes = append(rep.Notes, "no manifest.json (the dataset is not finalized): the spec is taken from the sidecars")
		return nil, ""
	}
	bad := func(format string, args ...any) (json.RawMessage, string) {
		add(Mismatch{Shard: -1, File: dataset.ManifestFileName, Row: -1, Detail: fmt.Sprintf(format, args...)})
		return nil, ""
	}
	if err != nil {
		return bad("%v", err)
	}
	var spec bytes.Buffer // indented in the manifest, hashed compact
	if err := json.Compact(&spec, m.Spec); err != nil {
		return bad("spec: %v", err)
	}
	m.Spec = spec.Bytes()
	if sum := sha256.Sum256(m.Spec); hex.EncodeToString(sum[:]) != m.SpecHash {
		return bad("its spec does not match its spec_hash")
	}
	if sr.SpecHash != "" && m.SpecHash != sr.SpecHash {
		return bad("spec_hash %.12s…, the sidecars say %.12s…", m.SpecHash, sr.SpecHash)
	}
	if m.NumShards != sr.NumShards {
		return bad("num_shards %d, the sidecars say %d", m.NumShards, sr.NumShards)
	}
	for _, ms := range m.Shards {
		if ms.Shard < 0 || ms.Shard >= sr.NumShards {
			return bad("lists shard %d of %d", ms.Shard, sr.NumShards)
		}
		s := sr.Shards[ms.Shard]
		if s.State == store.Complete && (s.Sidecar.SHA256 != ms.SHA256 || s.Sidecar.Bytes != ms.Bytes || s.Sidecar.Rows != ms.Rows) {
			add(Mismatch{Shard: ms.Shard, File: dataset.ShardFileName(ms.Shard, sr.NumShards), Row: -1,
				Detail: fmt.Sprintf("sidecar (sha256 %.12s…, %d bytes, %d rows) differs from manifest.json (sha256 %.12s…, %d bytes, %d rows)",
					s.Sidecar.SHA256, s.Sidecar.Bytes, s.Sidecar.Rows, ms.SHA256, ms.Bytes, ms.Rows)})
		}
	}
	return m.Spec, m.SpecHash
}

// specFromJSON decodes a recorded spec and checks that it hashes to hash.
func specFromJSON(data json.RawMessage, hash string) (*Spec, error) {
	var spec Spec
	if err := json.Unmarshal(data, &spec); err != nil {
		return nil, fmt.Errorf("recorded spec: %w", err)
	}
	if err := spec.Normalize(); err != nil {
		return nil, fmt.Errorf("recorded spec: %w", err)
	}
	got, err := spec.Hash()
	if err != nil {
		return nil, fmt.Errorf("recorded spec: %w", err)
	}
	if got != hash {
		return nil, fmt.Errorf("recorded spec hashes to %.12s… here, it was recorded as %.12s… (written by another synthkit version?)", got, hash)
	}
	return &spec, nil
}
