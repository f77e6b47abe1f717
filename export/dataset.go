package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig of JPEG colour images
	_ "image/png"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
)

// Dataset is a complete synthkit dataset directory opened for export: its
// metadata (category list, generator, spec) and a way to stream its
// samples in index order.
type Dataset struct {
	Dir  string
	Info dataset.Info
}

// OpenDataset checks that dir is a directory holding a complete dataset
// (every shard of its sidecars present, see store.Open) and reads its
// metadata from the first shard's schema. Errors name the directory and
// say what is wrong: missing, not a directory, no shards, incomplete.
func OpenDataset(dir string) (*Dataset, error) {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("dataset %s: no such directory", dir)
	case err != nil:
		return nil, fmt.Errorf("dataset %s: %w", dir, err)
	case !st.IsDir():
		return nil, fmt.Errorf("dataset %s: not a directory", dir)
	}
	r, err := store.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("dataset %s: %w", dir, err)
	}
	r.Close()
	first, err := firstShard(dir)
	if err != nil {
		return nil, err
	}
	info, err := dataset.ReadSchemaInfo(first)
	if err != nil {
		return nil, fmt.Errorf("dataset %s: %w", dir, err)
	}
	return &Dataset{Dir: dir, Info: info}, nil
}

// firstShard returns the path of the lowest-numbered shard file in dir.
func firstShard(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", fmt.Errorf("dataset %s: %w", dir, err)
	}
	var names []string
	for _, e := range entries {
		if _, _, ext, ok := dataset.ParseShardFileName(e.Name()); ok && ext == "arrow" {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return "", fmt.Errorf("dataset %s: no shard files (data-*-of-*.arrow)", dir)
	}
	return filepath.Join(dir, slices.Min(names)), nil
}

// HasColumn reports whether the dataset's spec writes the named column
// (dataset.ColImage, dataset.ColObjects, ...).
func (d *Dataset) HasColumn(name string) bool {
	if d.Info.Layout.Columns == nil {
		return true // nil means all columns
	}
	return slices.Contains(d.Info.Layout.Columns, name)
}

// require returns an error naming the first of cols the dataset lacks.
func (d *Dataset) require(what string, cols ...string) error {
	for _, c := range cols {
		if !d.HasColumn(c) {
			return fmt.Errorf("dataset %s: %s needs the %q column, which this dataset was generated without (spec columns %v)", d.Dir, what, c, d.Info.Layout.Columns)
		}
	}
	return nil
}

// Each calls fn with every sample in index order. It stops at the first
// error of the reader (returned wrapped with the dataset directory), of fn
// (returned as is) or of ctx.
func (d *Dataset) Each(ctx context.Context, fn func(*dataset.Sample) error) error {
	r, err := store.Open(d.Dir)
	if err != nil {
		return fmt.Errorf("dataset %s: %w", d.Dir, err)
	}
	defer r.Close()
	for s, err := range r.All() {
		if err != nil {
			return fmt.Errorf("dataset %s: %w", d.Dir, err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

// errEnough stops Each early.
var errEnough = errors.New("enough samples")

// Head returns up to n samples starting at the sample with index start
// (samples are in index order), reading no further than it needs.
func (d *Dataset) Head(ctx context.Context, start int64, n int) ([]*dataset.Sample, error) {
	var out []*dataset.Sample
	if n <= 0 {
		return nil, nil
	}
	err := d.Each(ctx, func(s *dataset.Sample) error {
		if s.Index < start {
			return nil
		}
		out = append(out, s)
		if len(out) == n {
			return errEnough
		}
		return nil
	})
	if err != nil && err != errEnough {
		return nil, err
	}
	return out, nil
}

// imageExt returns the file extension of an encoded colour image from its
// signature: ".png" or ".jpg".
func imageExt(b []byte) (string, error) {
	switch {
	case len(b) == 0:
		return "", errors.New("no colour image (the dataset was generated without the image column?)")
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return ".png", nil
	case bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff}):
		return ".jpg", nil
	}
	return "", fmt.Errorf("colour image is neither PNG nor JPEG (starts with % x)", b[:min(len(b), 8)])
}

// imageSize returns the size of an encoded colour image from its header.
func imageSize(b []byte) (w, h int, err error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return 0, 0, fmt.Errorf("colour image header: %w", err)
	}
	return cfg.Width, cfg.Height, nil
}

// baseName is the file name, without extension, of sample index in every
// export: the index zero-padded to 9 digits (job.MaxRows is 10⁹), so names
// sort in index order.
func baseName(index int64) string { return fmt.Sprintf("%09d", index) }
