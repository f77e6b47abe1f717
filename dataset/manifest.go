package dataset

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// ManifestFileName is the name of the manifest Finalize writes.
const ManifestFileName = "manifest.json"

// Manifest describes a finished dataset directory; Finalize builds it from
// the sidecars. It holds no timestamps: the same shards give the same
// manifest bytes.
type Manifest struct {
	Format int `json:"format"`
	Identity
	NumShards int                 `json:"num_shards"`
	Complete  bool                `json:"complete"`
	Missing   []int               `json:"missing"`
	Rows      int64               `json:"rows"`
	Bytes     int64               `json:"bytes"`
	Shards    []ManifestShard     `json:"shards"`
	Columns   []ColumnDescription `json:"columns"`
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
	Numerics        string `json:"numerics,omitempty"` // its Sidecar's Numerics
}

// CheckSameSchema checks that the shard file obj (at path, for messages)
// has schema s, metadata included: a guard against shards of another
// synthkit version.
func CheckSameSchema(obj Source, path string, s *Schema) error {
	fr, err := openIPC(obj, path, memory.DefaultAllocator)
	if err != nil {
		return err
	}
	defer fr.Close()
	got := fr.Schema()
	if !got.Equal(s.Arrow) || !got.Metadata().Equal(s.Arrow.Metadata()) {
		return errors.New(path + ": its Arrow schema differs from the one its sidecar's spec gives (written by another synthkit version?)")
	}
	return nil
}

// ParseManifest parses manifest data read from path (for messages). It
// checks what a reader relies on: the format version, a shard count that
// matches the shard list, shard entries in order with sane counts.
func ParseManifest(data []byte, path string) (*Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("manifest %s: %w", path, err)
	}
	if m.Format != FormatVersion {
		return nil, fmt.Errorf("manifest %s: format %d, want %d", path, m.Format, FormatVersion)
	}
	if m.NumShards <= 0 || len(m.Shards) > m.NumShards {
		return nil, fmt.Errorf("manifest %s: %d shards listed of %d", path, len(m.Shards), m.NumShards)
	}
	for i, sh := range m.Shards {
		if sh.Shard < 0 || sh.Shard >= m.NumShards || (i > 0 && sh.Shard <= m.Shards[i-1].Shard) {
			return nil, fmt.Errorf("manifest %s: shard entry %d: shard %d out of order or range", path, i, sh.Shard)
		}
		if sh.Rows < 0 || sh.Bytes < 0 || sh.End-sh.First != sh.Rows {
			return nil, fmt.Errorf("manifest %s: shard %d: inconsistent counts (rows %d, range [%d, %d), bytes %d)", path, sh.Shard, sh.Rows, sh.First, sh.End, sh.Bytes)
		}
	}
	return &m, nil
}
