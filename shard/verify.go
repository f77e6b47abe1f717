package shard

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/render"
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
}

// VerifyReport is what Verify found.
type VerifyReport struct {
	Location  string
	SpecHash  string
	Spec      *Spec // the spec the rows were regenerated from
	NumShards int
	Compare   CompareMode // the mode used
	Seed      uint64
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
func Verify(ctx context.Context, st Store, opts VerifyOptions) (VerifyReport, error) {
	rep := VerifyReport{Location: st.String(), Seed: opts.Seed}
	if opts.Samples < 0 {
		return rep, fmt.Errorf("verify: samples %d must not be negative", opts.Samples)
	}
	sr, err := status(ctx, st, true) // hashes are checked below, on the bytes that are parsed
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
		if s.State != Complete {
			add(Mismatch{Shard: s.Shard, File: ShardFileName(s.Shard, sr.NumShards), Row: -1, Detail: string(s.State) + ": " + s.Problem})
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
	gen, ginfo, err := generator.New(spec.Generator, spec.Params)
	if err != nil {
		return rep, fmt.Errorf("verify %s: %w", rep.Location, err)
	}
	if ginfo.Version != first.GeneratorVersion {
		rep.Notes = append(rep.Notes, fmt.Sprintf("the shards were written by generator %s %s, this program has %s: rows may differ for that reason alone", first.Generator, first.GeneratorVersion, ginfo.Version))
	}
	cats := generator.CategoriesOf(gen, ginfo)
	info := DatasetInfo{Spec: spec, SpecHash: recorded, Generator: ginfo.Name, GeneratorVersion: ginfo.Version, Categories: cats}
	schema, err := NewSchema(info)
	if err != nil {
		return rep, fmt.Errorf("verify %s: %w", rep.Location, err)
	}
	v := &verifier{ctx: ctx, st: st, spec: spec, opts: opts, mode: rep.Compare,
		sp: newSampler(spec, schema, gen, cats, opts.Assets)}
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
			return rep, fmt.Errorf("verify %s: %w", st.Path(ShardFileName(k, sr.NumShards)), err)
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
func manifestChecks(ctx context.Context, st Store, sr StatusReport, rep *VerifyReport, add func(Mismatch)) (json.RawMessage, string) {
	m, err := ReadManifestOf(ctx, st)
	if errors.Is(err, fs.ErrNotExist) {
		rep.Notes = append(rep.Notes, "no manifest.json (the dataset is not finalized): the spec is taken from the sidecars")
		return nil, ""
	}
	bad := func(format string, args ...any) (json.RawMessage, string) {
		add(Mismatch{Shard: -1, File: ManifestFileName, Row: -1, Detail: fmt.Sprintf(format, args...)})
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
		if s.State == Complete && (s.Sidecar.SHA256 != ms.SHA256 || s.Sidecar.Bytes != ms.Bytes || s.Sidecar.Rows != ms.Rows) {
			add(Mismatch{Shard: ms.Shard, File: ShardFileName(ms.Shard, sr.NumShards), Row: -1,
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

// verifier holds what Verify shares between shards.
type verifier struct {
	ctx       context.Context
	st        Store
	spec      *Spec
	opts      VerifyOptions
	mode      CompareMode
	sp        *sampler
	renderers chan render.Renderer
	made      []render.Renderer
	done      int64
	total     int64
}

func (v *verifier) startRenderers() error {
	if v.opts.NewRenderer == nil {
		return errors.New("VerifyOptions.NewRenderer is nil (needed to regenerate rows)")
	}
	n := v.opts.Workers
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	n = max(1, min(n, v.opts.Samples))
	v.renderers = make(chan render.Renderer, n)
	for range n {
		r, err := v.opts.NewRenderer(v.spec)
		if err == nil && r == nil {
			err = errors.New("factory returned a nil renderer")
		}
		if err != nil {
			return fmt.Errorf("renderer %q: %w", v.spec.Renderer, err)
		}
		v.made = append(v.made, r)
		v.renderers <- r
	}
	return nil
}

func (v *verifier) closeRenderers() {
	for _, r := range v.made {
		r.Close()
	}
}

// shard verifies one shard whose sidecar is sc and returns its first
// problem (nil when none) and the rows it compared.
func (v *verifier) shard(sc Sidecar) (*Mismatch, int64, error) {
	path := v.st.Path(sc.File)
	whole := func(column, format string, args ...any) (*Mismatch, int64, error) {
		return &Mismatch{Shard: sc.Shard, File: sc.File, Row: -1, Column: column, Detail: fmt.Sprintf(format, args...)}, 0, nil
	}
	obj, err := v.st.Open(v.ctx, sc.File)
	if errors.Is(err, fs.ErrNotExist) {
		return whole("", "missing")
	}
	if err != nil {
		return nil, 0, err
	}
	defer obj.Close()
	// Hash the bytes that are parsed below: ReadAt reads one spooled
	// version of a blob.
	h := sha256.New()
	n, err := io.Copy(h, io.NewSectionReader(obj, 0, obj.Size()))
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	if sum := hex.EncodeToString(h.Sum(nil)); n != sc.Bytes || sum != sc.SHA256 {
		return whole("", "%d bytes with sha256 %s; its sidecar says %d bytes with sha256 %s", n, sum, sc.Bytes, sc.SHA256)
	}
	schema, err := schemaOfSidecar(sc)
	if err != nil {
		return whole("schema", "%v", err)
	}
	if err := sameSchemaOf(obj, path, schema); err != nil {
		return whole("schema", "%v", err)
	}
	picked := pickRows(v.opts.Seed, sc.Shard, sc.Rows, v.opts.Samples)
	want := make(map[int64]bool, len(picked))
	for _, p := range picked {
		want[p] = true
	}
	var cheap *Mismatch // first index or seed mismatch
	stored := make(map[int64]*Sample, len(picked))
	r := readObject(v.ctx, obj, path)
	defer r.Close()
	var pos int64
	for ; ; pos++ {
		s, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if ctxErr := v.ctx.Err(); ctxErr != nil {
				return nil, 0, ctxErr
			}
			return whole("", "row %d: %v", pos, err)
		}
		if pos >= sc.Rows {
			return whole("", "more rows than the %d its sidecar says", sc.Rows)
		}
		idx := sc.First + pos
		if cheap == nil {
			switch seed := generator.SampleSeed(v.spec.Seed, idx); {
			case s.Index != idx:
				cheap = &Mismatch{Shard: sc.Shard, File: sc.File, Row: idx, RowInShard: pos, Column: ColIndex,
					Detail: fmt.Sprintf("stored %d, expected %d", s.Index, idx)}
			case s.Seed != seed:
				cheap = &Mismatch{Shard: sc.Shard, File: sc.File, Row: idx, RowInShard: pos, Column: ColSeed,
					Detail: fmt.Sprintf("stored %d, expected %d", s.Seed, seed)}
			}
		}
		if want[pos] {
			stored[pos] = s
		}
	}
	if pos != sc.Rows {
		return whole("", "%d rows, its sidecar says %d", pos, sc.Rows)
	}
	if cheap != nil {
		// Rows after the first bad index or seed need not be rendered.
		picked = slices.DeleteFunc(picked, func(p int64) bool { return p >= cheap.RowInShard })
	}
	m, err := v.compareRows(sc, picked, stored)
	if err != nil {
		return nil, int64(len(picked)), err
	}
	if m == nil {
		m = cheap
	}
	return m, int64(len(picked)), nil
}

// compareRows regenerates the rows at the positions picked (ascending) of
// the shard sc in parallel and returns the first that differs from stored.
func (v *verifier) compareRows(sc Sidecar, picked []int64, stored map[int64]*Sample) (*Mismatch, error) {
	if len(picked) == 0 {
		return nil, nil
	}
	fresh := make([]*Sample, len(picked))
	errs := make([]error, len(picked))
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i, pos := range picked {
		var r render.Renderer
		select {
		case r = <-v.renderers:
		case <-v.ctx.Done():
			wg.Wait()
			return nil, v.ctx.Err()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { v.renderers <- r }()
			var t Timing
			fresh[i], errs[i] = v.sp.sample(v.ctx, r, sc.First+pos, &t)
			mu.Lock()
			v.done++
			if v.opts.Progress != nil {
				v.opts.Progress(v.done, v.total)
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	for i, pos := range picked {
		if errs[i] != nil {
			return nil, fmt.Errorf("regenerate: %w", errs[i])
		}
		if d := compareSample(v.mode, v.spec, stored[pos], fresh[i]); d != nil {
			return &Mismatch{Shard: sc.Shard, File: sc.File, Row: sc.First + pos, RowInShard: pos, Column: d.column, Detail: d.detail}, nil
		}
	}
	return nil, nil
}

// pickRows returns k distinct positions in [0, n), ascending, chosen by a
// RNG seeded from (seed, shard) (Floyd's algorithm: O(k) time and memory);
// all of them when k >= n.
func pickRows(seed uint64, shard int, n int64, k int) []int64 {
	if int64(k) >= n {
		out := make([]int64, n)
		for i := range out {
			out[i] = int64(i)
		}
		return out
	}
	rng := rand.New(rand.NewPCG(seed, generator.Mix64(uint64(shard))))
	set := make(map[int64]bool, k)
	for j := n - int64(k); j < n; j++ {
		t := rng.Int64N(j + 1)
		if set[t] {
			t = j
		}
		set[t] = true
	}
	out := make([]int64, 0, k)
	for p := range set {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}
