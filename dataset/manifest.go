package dataset

import (
	"encoding/json"
	"errors"

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
