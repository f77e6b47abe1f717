package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/synthkit/synthkit/dataset"
)

// ReadManifest reads the manifest.json of dir (a directory or a URL).
func ReadManifest(dir string) (*dataset.Manifest, error) {
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
func ReadManifestOf(ctx context.Context, st Store) (*dataset.Manifest, error) {
	data, err := readAllBounded(ctx, st, dataset.ManifestFileName, maxSidecarBytes)
	if err != nil {
		return nil, err
	}
	var m dataset.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", st.Path(dataset.ManifestFileName), err)
	}
	return &m, nil
}

// SameSchema checks that the shard file name of st has schema s, metadata
// included: a guard against shards of another synthkit version.
func SameSchema(ctx context.Context, st Store, name string, s *dataset.Schema) error {
	obj, err := st.Open(ctx, name)
	if err != nil {
		return err
	}
	defer obj.Close()
	return dataset.CheckSameSchema(obj, st.Path(name), s)
}
