package report

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"

	"github.com/synthkit/synthkit/export"
	"github.com/synthkit/synthkit/store"
)

// Files a report writes besides the figures.
const (
	IndexFile = "index.html"
	SheetFile = "samples.png"
	StatsFile = "stats.json"
)

// Options configure Write. The zero value shows 8 samples in 4 columns
// of 256-pixel tiles.
type Options struct {
	// Samples is the number of samples on the contact sheet; 0 means 8,
	// a negative value none.
	Samples int
	// Sheet configures the contact sheet (export.ContactSheet).
	Sheet export.SheetOptions
	// Read says whether corrupt shards are skipped and an interrupted
	// run's complete shards reported (store.ReadOptions); Stats.Skipped
	// lists the shards left out.
	Read store.ReadOptions
}

// Write reads the dataset in src once and writes its report into dir
// (created if missing; files of an earlier report are replaced): the
// figures, samples.png, stats.json and, last, index.html, which links
// them by relative names only, so the folder can be moved or zipped.
func Write(ctx context.Context, src, dir string, opts Options) (*Stats, error) {
	d, err := export.OpenDatasetWith(src, opts.Read)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	keep := opts.Samples
	if keep == 0 {
		keep = 8
	}
	keep = max(keep, 0)
	st, kept, err := Collect(ctx, d, keep)
	if err != nil {
		return nil, err
	}
	for _, sk := range d.Skipped {
		st.Skipped = append(st.Skipped, sk.String())
	}
	figs, err := Figures(st)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: output: %w", err)
	}
	write := func(name string, data []byte) error {
		if err := writeFile(filepath.Join(dir, name), data); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		return nil
	}
	for _, f := range figs {
		if err := write(f.File, f.PNG); err != nil {
			return nil, err
		}
	}
	p := page{Name: filepath.Base(filepath.Clean(src)), Stats: st, Summary: summary(st), Retail: retailSummary(st), Figures: figs}
	if len(kept) > 0 {
		var b bytes.Buffer
		if err := png.Encode(&b, export.ContactSheet(kept, opts.Sheet)); err != nil {
			return nil, fmt.Errorf("report: %s: %w", SheetFile, err)
		}
		if err := write(SheetFile, b.Bytes()); err != nil {
			return nil, err
		}
		p.Sheet, p.NSamples = SheetFile, len(kept)
	}
	js, err := json.MarshalIndent(st, "", " ")
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", StatsFile, err)
	}
	if err := write(StatsFile, append(js, '\n')); err != nil {
		return nil, err
	}
	if len(d.Info.Spec) > 0 {
		var spec bytes.Buffer
		if err := json.Indent(&spec, d.Info.Spec, "", "  "); err != nil {
			return nil, fmt.Errorf("report: spec: %w", err)
		}
		p.Spec = spec.String()
	}
	var html bytes.Buffer
	if err := writePage(&html, p); err != nil {
		return nil, fmt.Errorf("report: %s: %w", IndexFile, err)
	}
	if err := write(IndexFile, html.Bytes()); err != nil {
		return nil, err
	}
	return st, nil
}

// writeFile writes data to a hidden temporary file beside path and
// renames it into place.
func writeFile(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}
