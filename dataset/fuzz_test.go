package dataset

import (
	"encoding/json"
	"testing"
)

// FuzzSidecarManifest feeds outside JSON to the sidecar and manifest
// readers: they must never panic, and what they accept must hold the
// invariants readers rely on (a sidecar names a valid shard with
// consistent counts and an object spec; a manifest's shards are in order
// and in range).
func FuzzSidecarManifest(f *testing.F) {
	sc := `{"format":1,"file":"data-00001-of-00003.arrow","shard":1,"num_shards":3,"first":4,"end":8,"rows":4,"bytes":100,` +
		`"sha256":"00","spec":{"generator":"basic","samples":12},"spec_hash":"x","generator":"basic","categories":["a"],"synthkit_version":"dev"}`
	f.Add([]byte(sc), "data-00001-of-00003.json")
	f.Add([]byte(sc), "other.json")
	f.Add([]byte(`{"format":1,"num_shards":2,"complete":false,"missing":[1],"shards":[{"shard":0,"file":"data-00000-of-00002.arrow","first":0,"end":4,"rows":4}],"features":{}}`), "manifest.json")
	f.Add([]byte(`{"format":1,"spec":[1],"num_shards":-1}`), "data-00000-of-00001.json")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		if s, err := ParseSidecar(data, name, "fuzz/"+name); err == nil {
			switch {
			case s.Shard < 0 || s.Shard >= s.NumShards:
				t.Fatalf("accepted sidecar of shard %d of %d", s.Shard, s.NumShards)
			case s.File != ShardFileName(s.Shard, s.NumShards):
				t.Fatalf("accepted sidecar names file %q for shard %d of %d", s.File, s.Shard, s.NumShards)
			case s.Rows < 0 || s.End-s.First != s.Rows:
				t.Fatalf("accepted sidecar with rows %d, range [%d, %d)", s.Rows, s.First, s.End)
			case !json.Valid(s.Spec) || s.Spec[0] != '{':
				t.Fatalf("accepted sidecar with spec %q", s.Spec)
			}
		}
		if m, err := ParseManifest(data, "fuzz/manifest.json"); err == nil {
			if len(m.Shards) > m.NumShards {
				t.Fatalf("accepted manifest listing %d of %d shards", len(m.Shards), m.NumShards)
			}
			for i, sh := range m.Shards {
				if sh.Shard < 0 || sh.Shard >= m.NumShards || (i > 0 && sh.Shard <= m.Shards[i-1].Shard) {
					t.Fatalf("accepted manifest with shard entry %d = %d", i, sh.Shard)
				}
			}
		}
	})
}
