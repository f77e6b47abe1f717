package shard

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// ManifestFileName is the name of the manifest Finalize writes.
const ManifestFileName = "manifest.json"

// State is the state of one shard in a directory.
type State string

// Shard states.
const (
	// Complete: the sidecar exists and the shard file matches it.
	Complete State = "complete"
	// Missing: no sidecar (perhaps a shard file whose commit never ended).
	Missing State = "missing"
	// Corrupt: a sidecar exists but is unreadable, or the shard file is
	// missing, truncated or does not match its size or SHA-256.
	Corrupt State = "corrupt"
)

// ShardState is the state of one shard.
type ShardState struct {
	Shard   int
	State   State
	Sidecar Sidecar // when the sidecar could be read
	Problem string  // why the shard is Missing or Corrupt
}

// CorruptShard names a corrupt shard and what is wrong with it.
type CorruptShard struct {
	Shard   int
	File    string // the shard file's name
	Problem string
}

// String formats the shard as "data-00007-of-00016.arrow: 1024 bytes,
// sidecar says 2048 (truncated or replaced)".
func (c CorruptShard) String() string { return c.File + ": " + c.Problem }

// StatusReport is what Status found in a directory.
type StatusReport struct {
	Dir       string
	NumShards int
	SpecHash  string
	Complete  []int          // shards whose sidecar exists and whose file matches it
	Missing   []int          // shards without a sidecar
	Corrupt   []CorruptShard // shards with a sidecar and a file that does not match it
	Rows      int64          // rows in the complete shards
	Bytes     int64          // bytes of the complete shards
	Shards    []ShardState   // one per shard, 0..NumShards-1
	Temp      []string       // temporary files left by interrupted commits
}

// Status reports the state of every shard of the dataset in dir, from its
// sidecars, hashing every shard file (SHA-256) to compare it with its
// sidecar. It returns an error when dir cannot be read, holds no sidecar,
// or holds sidecars of different jobs (spec hash or shard count).
func Status(dir string) (StatusReport, error) { return status(dir, false) }

// status is Status, comparing only sizes when skipHash.
func status(dir string, skipHash bool) (StatusReport, error) {
	st := StatusReport{Dir: dir}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return st, err
	}
	type found struct {
		sidecar, arrow bool
	}
	byShard := map[int]*found{}
	n := -1
	for _, e := range entries {
		name := e.Name()
		if isTempName(name) {
			st.Temp = append(st.Temp, name)
			continue
		}
		k, nn, ext, ok := ParseShardFileName(name)
		if !ok {
			continue
		}
		if ext == "json" {
			if n >= 0 && nn != n {
				return st, fmt.Errorf("%s holds sidecars of %d and of %d shards: shards of different jobs", dir, n, nn)
			}
			n = nn
		}
		f := byShard[k]
		if f == nil {
			f = &found{}
			byShard[k] = f
		}
		if ext == "json" {
			f.sidecar = true
		} else {
			f.arrow = true
		}
	}
	if n < 0 {
		return st, fmt.Errorf("%s holds no shard sidecars (data-*-of-*.json)", dir)
	}
	st.NumShards = n
	st.Shards = make([]ShardState, n)
	for k := range st.Shards {
		s := &st.Shards[k]
		s.Shard = k
		s.State, s.Problem = shardState(dir, k, n, byShard[k] != nil && byShard[k].sidecar, byShard[k] != nil && byShard[k].arrow, skipHash, &s.Sidecar)
		if s.State == Complete {
			if st.SpecHash == "" {
				st.SpecHash = s.Sidecar.SpecHash
			} else if s.Sidecar.SpecHash != st.SpecHash {
				return st, fmt.Errorf("%s holds shards of different specs (%.12s… and %.12s…)", dir, st.SpecHash, s.Sidecar.SpecHash)
			}
		}
		switch s.State {
		case Complete:
			st.Complete = append(st.Complete, k)
			st.Rows += s.Sidecar.Rows
			st.Bytes += s.Sidecar.Bytes
		case Missing:
			st.Missing = append(st.Missing, k)
		case Corrupt:
			st.Corrupt = append(st.Corrupt, CorruptShard{Shard: k, File: ShardFileName(k, n), Problem: s.Problem})
		}
	}
	return st, nil
}

// shardState decides the state of shard k of n.
func shardState(dir string, k, n int, hasSidecar, hasArrow, skipHash bool, sc *Sidecar) (State, string) {
	switch {
	case !hasSidecar && hasArrow:
		return Missing, "shard file without sidecar (its commit did not finish)"
	case !hasSidecar:
		return Missing, "no sidecar"
	}
	var err error
	*sc, err = ReadSidecar(filepath.Join(dir, SidecarFileName(k, n)))
	if err != nil {
		return Corrupt, err.Error()
	}
	if sum := sha256.Sum256(sc.Spec); hex.EncodeToString(sum[:]) != sc.SpecHash {
		return Corrupt, "sidecar's spec does not match its spec_hash"
	}
	if err := checkShardFile(dir, *sc, skipHash); err != nil {
		return Corrupt, err.Error()
	}
	return Complete, ""
}

// checkShardFile verifies a shard file against its sidecar: its size, and
// its SHA-256 unless skipHash.
func checkShardFile(dir string, sc Sidecar, skipHash bool) error {
	if !skipHash {
		return VerifyShard(dir, sc)
	}
	fi, err := os.Stat(filepath.Join(dir, sc.File))
	if err != nil {
		return fmt.Errorf("%w: %s: missing", ErrIncomplete, sc.File)
	}
	if fi.Size() != sc.Bytes {
		return fmt.Errorf("%w: %s: %d bytes, sidecar says %d (truncated or replaced)", ErrIncomplete, sc.File, fi.Size(), sc.Bytes)
	}
	return nil
}

// OK reports whether every shard is complete.
func (r StatusReport) OK() bool { return r.NumShards > 0 && len(r.Complete) == r.NumShards }

// Summary returns a one-line account such as "14 of 16 shards complete;
// missing: 3; corrupt: 7 (data-00007-of-00016.arrow: 1024 bytes, sidecar
// says 2048 (truncated or replaced))".
func (r StatusReport) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d shards complete", len(r.Complete), r.NumShards)
	if len(r.Missing) > 0 {
		fmt.Fprintf(&b, "; missing: %s", intList(r.Missing, 10))
	}
	if len(r.Corrupt) > 0 {
		ks := make([]int, len(r.Corrupt))
		for i, c := range r.Corrupt {
			ks[i] = c.Shard
		}
		fmt.Fprintf(&b, "; corrupt: %s (%s)", intList(ks, 10), r.Corrupt[0])
	}
	if len(r.Temp) > 0 {
		fmt.Fprintf(&b, "; %d temporary files of interrupted commits", len(r.Temp))
	}
	return b.String()
}

func intList(ks []int, limit int) string {
	var parts []string
	for i, k := range ks {
		if i == limit {
			parts = append(parts, fmt.Sprintf("… (%d more)", len(ks)-limit))
			break
		}
		parts = append(parts, fmt.Sprint(k))
	}
	return strings.Join(parts, ", ")
}

// Manifest describes a finished dataset directory; Finalize builds it from
// the sidecars. It holds no timestamps: the same shards give the same
// manifest bytes.
type Manifest struct {
	Format           int                 `json:"format"`
	SpecHash         string              `json:"spec_hash"`
	Spec             json.RawMessage     `json:"spec"`
	Generator        string              `json:"generator"`
	GeneratorVersion string              `json:"generator_version"`
	Categories       []string            `json:"categories"`
	NumShards        int                 `json:"num_shards"`
	Complete         bool                `json:"complete"`
	Missing          []int               `json:"missing"`
	Rows             int64               `json:"rows"`
	Bytes            int64               `json:"bytes"`
	Shards           []ManifestShard     `json:"shards"`
	Columns          []ColumnDescription `json:"columns"`
	// Features is the Hugging Face datasets features JSON of the shards.
	Features json.RawMessage `json:"features"`
}

// ManifestShard is one shard in the manifest.
type ManifestShard struct {
	Shard           int    `json:"shard"`
	File            string `json:"file"`
	First           int64  `json:"first"`
	End             int64  `json:"end"`
	Rows            int64  `json:"rows"`
	Bytes           int64  `json:"bytes"`
	SHA256          string `json:"sha256"`
	SynthkitVersion string `json:"synthkit_version"`
}

// FinalizeOptions configure Finalize.
type FinalizeOptions struct {
	// AllowMissing writes a manifest even when shards are missing (it lists
	// them and sets Complete false). Corrupt shards are always refused.
	AllowMissing bool
	// FS writes the manifest; nil means OSFS().
	FS FS
}

// Finalize verifies every shard of dir (sizes and SHA-256) and writes
// manifest.json atomically. It refuses corrupt shards, and missing ones
// unless opts.AllowMissing, with an error listing them.
func Finalize(dir string, opts FinalizeOptions) (*Manifest, error) {
	st, err := Status(dir)
	if err != nil {
		return nil, fmt.Errorf("finalize: %w", err)
	}
	if len(st.Corrupt) > 0 {
		return nil, fmt.Errorf("finalize %s: %w: %s; run the job again to regenerate them", dir, ErrIncomplete, st.Summary())
	}
	missing := slices.Clone(st.Missing)
	if len(missing) > 0 && !opts.AllowMissing {
		return nil, fmt.Errorf("finalize %s: %w: %s", dir, ErrIncomplete, st.Summary())
	}
	done := st.Complete
	if len(done) == 0 {
		return nil, fmt.Errorf("finalize %s: %w: no complete shard", dir, ErrIncomplete)
	}
	first := st.Shards[done[0]].Sidecar
	m := &Manifest{
		Format: FormatVersion, SpecHash: first.SpecHash, Spec: first.Spec,
		Generator: first.Generator, GeneratorVersion: first.GeneratorVersion,
		Categories: first.Categories, NumShards: st.NumShards,
		Complete: len(missing) == 0, Missing: missing,
		Shards: []ManifestShard{},
	}
	if m.Missing == nil {
		m.Missing = []int{}
	}
	for _, k := range done {
		sc := st.Shards[k].Sidecar
		if sc.Generator != first.Generator || sc.GeneratorVersion != first.GeneratorVersion || !slices.Equal(sc.Categories, first.Categories) {
			return nil, fmt.Errorf("finalize %s: shard %d was made by generator %s %s, shard %d by %s %s", dir, k, sc.Generator, sc.GeneratorVersion, done[0], first.Generator, first.GeneratorVersion)
		}
		m.Shards = append(m.Shards, ManifestShard{Shard: k, File: sc.File, First: sc.First, End: sc.End,
			Rows: sc.Rows, Bytes: sc.Bytes, SHA256: sc.SHA256, SynthkitVersion: sc.SynthkitVersion})
		m.Rows += sc.Rows
		m.Bytes += sc.Bytes
	}
	schema, err := schemaOfSidecar(first)
	if err != nil {
		return nil, fmt.Errorf("finalize %s: %w", dir, err)
	}
	if err := sameSchema(filepath.Join(dir, first.File), schema); err != nil {
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
	body = append(body, '\n')
	fsys := opts.FS
	if fsys == nil {
		fsys = OSFS()
	}
	if err := commitFile(fsys, dir, ManifestFileName, func(w io.Writer) error {
		_, err := w.Write(body)
		return err
	}); err != nil {
		return nil, fmt.Errorf("finalize %s: %s: %w", dir, ManifestFileName, err)
	}
	return m, nil
}

// ReadManifest reads dir/manifest.json.
func ReadManifest(dir string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestFileName))
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, ManifestFileName), err)
	}
	return &m, nil
}

// schemaOfSidecar rebuilds the schema a sidecar's job wrote.
func schemaOfSidecar(sc Sidecar) (*Schema, error) {
	var spec Spec
	if err := json.Unmarshal(sc.Spec, &spec); err != nil {
		return nil, fmt.Errorf("sidecar %s: spec: %w", sc.File, err)
	}
	if err := spec.Normalize(); err != nil {
		return nil, fmt.Errorf("sidecar %s: %w", sc.File, err)
	}
	return NewSchema(DatasetInfo{Spec: &spec, SpecHash: sc.SpecHash, Generator: sc.Generator,
		GeneratorVersion: sc.GeneratorVersion, Categories: sc.Categories})
}

// sameSchema checks that the shard file at path has schema s, metadata
// included: a guard against shards of another synthkit version.
func sameSchema(path string, s *Schema) error {
	f, fr, err := openIPC(path, memory.DefaultAllocator)
	if err != nil {
		return err
	}
	defer f.Close()
	defer fr.Close()
	got := fr.Schema()
	if !got.Equal(s.Arrow) || !got.Metadata().Equal(s.Arrow.Metadata()) {
		return errors.New(path + ": its Arrow schema differs from the one its sidecar's spec gives (written by another synthkit version?)")
	}
	return nil
}
