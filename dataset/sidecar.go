package dataset

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Sidecar is the JSON file committed after its shard: the shard exists
// only when its sidecar exists and the shard file matches it (Bytes and
// SHA256).
type Sidecar struct {
	Format    int    `json:"format"` // FormatVersion
	File      string `json:"file"`   // shard file name, in the sidecar's directory
	Shard     int    `json:"shard"`
	NumShards int    `json:"num_shards"`
	First     int64  `json:"first"` // first sample index
	End       int64  `json:"end"`   // one past the last sample index
	Rows      int64  `json:"rows"`
	Bytes     int64  `json:"bytes"`
	SHA256    string `json:"sha256"` // hex, of the shard file
	Identity
	SynthkitVersion string `json:"synthkit_version"`
	// Numerics is the floating-point profile of the node that wrote the
	// shard, e.g. "amd64/unfused/exp-fma" (GOARCH, whether the build fuses
	// multiply-adds, on amd64 math.Exp's path on that processor): nodes
	// produce the same soft-rendered bytes only when it is the same.
	// Empty in shards of synthkit before it.
	Numerics string `json:"numerics,omitempty"`
}

// ParseSidecar parses and checks the sidecar data of the file name at
// path: it must parse, be of FormatVersion, name the shard its file name
// says and hold a spec object, which it returns compact.
func ParseSidecar(data []byte, name, path string) (Sidecar, error) {
	var sc Sidecar
	if err := json.Unmarshal(data, &sc); err != nil {
		return Sidecar{}, fmt.Errorf("sidecar %s: %w", path, err)
	}
	k, n, _, ok := ParseShardFileName(name)
	switch {
	case sc.Format != FormatVersion:
		return Sidecar{}, fmt.Errorf("sidecar %s: format %d, want %d", path, sc.Format, FormatVersion)
	case ok && (sc.Shard != k || sc.NumShards != n || sc.File != ShardFileName(k, n)):
		return Sidecar{}, fmt.Errorf("sidecar %s: describes shard %d of %d (%q), not its own name", path, sc.Shard, sc.NumShards, sc.File)
	case !ok && (sc.Shard < 0 || sc.NumShards <= 0 || sc.Shard >= sc.NumShards || sc.File != ShardFileName(sc.Shard, sc.NumShards)):
		return Sidecar{}, fmt.Errorf("sidecar %s: describes shard %d of %d (%q), not a valid shard", path, sc.Shard, sc.NumShards, sc.File)
	case sc.Rows < 0 || sc.Bytes < 0 || sc.End-sc.First != sc.Rows:
		return Sidecar{}, fmt.Errorf("sidecar %s: inconsistent counts (rows %d, range [%d, %d), bytes %d)", path, sc.Rows, sc.First, sc.End, sc.Bytes)
	}
	// The sidecar is indented; its spec is hashed in its compact form.
	var spec bytes.Buffer
	if err := json.Compact(&spec, sc.Spec); err != nil {
		return Sidecar{}, fmt.Errorf("sidecar %s: spec: %w", path, err)
	}
	if !bytes.HasPrefix(spec.Bytes(), []byte("{")) {
		return Sidecar{}, fmt.Errorf("sidecar %s: spec is not an object", path)
	}
	sc.Spec = spec.Bytes()
	return sc, nil
}
