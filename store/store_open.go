package store

import (
	"context"
	"fmt"

	"github.com/synthkit/synthkit/dataset"
)

// ReadOptions says what a reader accepts of a dataset that is not whole.
// The zero value accepts only a complete dataset whose every shard
// matches its sidecar, hash included.
type ReadOptions struct {
	// SkipCorrupt skips corrupt shards (their file is missing, truncated,
	// or does not match its sidecar's size or SHA-256) instead of
	// refusing the dataset; the Reader's Skipped lists them.
	SkipCorrupt bool
	// AllowIncomplete reads the complete shards of an interrupted run,
	// leaving out the shards that have no sidecar; the Reader's Skipped
	// lists them.
	AllowIncomplete bool
}

// Open returns a Reader over the complete dataset at dir (a directory or a
// URL, see OpenStore): every shard of its sidecars, in shard order. It
// refuses a location whose sidecars disagree (another spec, another shard
// count), a missing shard, or a shard whose size differs from its sidecar;
// the Reader checks each shard's SHA-256 as it reads it (dataset.Reader's
// Verify), so a corrupt shard fails the read before any of its rows is
// returned.
func Open(dir string) (*dataset.Reader, error) {
	return OpenWith(context.Background(), dir, ReadOptions{})
}

// OpenWith is Open with options; ctx bounds the reads of the Reader.
func OpenWith(ctx context.Context, dir string, opts ReadOptions) (*dataset.Reader, error) {
	st, err := OpenStore(ctx, dir)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	r, err := OpenStoreReaderWith(ctx, st, opts)
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
	return OpenStoreReaderWith(ctx, st, ReadOptions{})
}

// OpenStoreReaderWith is OpenStoreReader with options.
func OpenStoreReaderWith(ctx context.Context, st Store, opts ReadOptions) (*dataset.Reader, error) {
	rep, err := SizeStatus(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", st, err)
	}
	if (len(rep.Missing) > 0 && !opts.AllowIncomplete) || (len(rep.Corrupt) > 0 && !opts.SkipCorrupt) {
		hint := ""
		switch {
		case len(rep.Corrupt) > 0 && len(rep.Missing) > 0:
			hint = " (skip them to read the rest: --skip-corrupt --allow-incomplete)"
		case len(rep.Corrupt) > 0:
			hint = " (skip them to read the rest: --skip-corrupt)"
		default:
			hint = " (read the complete shards of an interrupted run: --allow-incomplete)"
		}
		return nil, fmt.Errorf("open %s: %w: %s%s", st, ErrIncomplete, rep.Summary(), hint)
	}
	if len(rep.Complete) == 0 {
		return nil, fmt.Errorf("open %s: %w: no complete shard (%s)", st, ErrIncomplete, rep.Summary())
	}
	var names []string
	var expect []dataset.Expect
	var skipped []dataset.Skipped
	for _, sc := range rep.Shards {
		switch sc.State {
		case Complete:
			names = append(names, sc.Sidecar.File)
			expect = append(expect, dataset.Expect{Bytes: sc.Sidecar.Bytes, SHA256: sc.Sidecar.SHA256})
		default:
			skipped = append(skipped, dataset.Skipped{File: st.Path(dataset.ShardFileName(sc.Shard, rep.NumShards)), Problem: string(sc.State) + ": " + sc.Problem})
		}
	}
	r := dataset.NewReader(ctx, st, names)
	if err := r.Verify(expect); err != nil {
		return nil, err
	}
	if opts.SkipCorrupt {
		r.SkipCorrupt()
	}
	for _, s := range skipped {
		r.AddSkipped(s)
	}
	return r, nil
}
