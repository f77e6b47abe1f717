package store

import (
	"context"
	"fmt"

	"github.com/synthkit/synthkit/dataset"
)

// Open returns a Reader over the complete dataset at dir (a directory or a
// URL, see OpenStore): every shard of its sidecars, in shard order. It
// refuses a location whose sidecars disagree (another spec, another shard
// count), a missing shard, or a shard whose size differs from its sidecar;
// it does not hash the files (Status does).
func Open(dir string) (*dataset.Reader, error) {
	ctx := context.Background()
	st, err := OpenStore(ctx, dir)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	r, err := OpenStoreReader(ctx, st)
	if err != nil {
		st.Close()
		return nil, err
	}
	r.OnClose(st.Close)
	return r, nil
}

// OpenStoreReader is Open for the dataset in st; ctx bounds the reads of
// the Reader. Closing the Reader does not close st.
func OpenStoreReader(ctx context.Context, st Store) (*dataset.Reader, error) {
	rep, err := SizeStatus(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", st, err)
	}
	if !rep.OK() {
		return nil, fmt.Errorf("open %s: %w: %s", st, ErrIncomplete, rep.Summary())
	}
	names := make([]string, len(rep.Shards))
	for i, sc := range rep.Shards {
		names[i] = sc.Sidecar.File
	}
	return dataset.NewReader(ctx, st, names), nil
}
