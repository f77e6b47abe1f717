package shard

import (
	"context"
	"encoding/json"
	"fmt"
)

// ReadManifest reads the manifest.json of dir (a directory or a URL).
func ReadManifest(dir string) (*Manifest, error) {
	ctx := context.Background()
	st, err := OpenStore(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return ReadManifestOf(ctx, st)
}

// ReadManifestOf reads the manifest.json of the dataset in st. A missing
// manifest is an error wrapping fs.ErrNotExist.
func ReadManifestOf(ctx context.Context, st Store) (*Manifest, error) {
	data, err := readAllBounded(ctx, st, ManifestFileName, maxSidecarBytes)
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", st.Path(ManifestFileName), err)
	}
	return &m, nil
}

// SameSchema checks that the shard file name of st has schema s, metadata
// included: a guard against shards of another synthkit version.
func SameSchema(ctx context.Context, st Store, name string, s *Schema) error {
	obj, err := st.Open(ctx, name)
	if err != nil {
		return err
	}
	defer obj.Close()
	return CheckSameSchema(obj, st.Path(name), s)
}

