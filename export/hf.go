package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
)

// HFResult reports what ExportHF wrote.
type HFResult struct {
	Files   []string          // stream files written, in shard order
	Skipped []dataset.Skipped // shards not exported (SkipCorrupt, AllowIncomplete)
}

// HFOptions are the options of ExportHFWith.
type HFOptions struct {
	// Overwrite allows writing into a non-empty output directory.
	Overwrite bool
	// Read says whether corrupt shards are skipped and an interrupted
	// run's complete shards exported (store.ReadOptions).
	Read store.ReadOptions
}

// ExportHF is ExportHFWith for a complete dataset.
func ExportHF(ctx context.Context, dir, out string, overwrite bool) (HFResult, error) {
	return ExportHFWith(ctx, dir, out, HFOptions{Overwrite: overwrite})
}

// ExportHFWith writes every shard of the dataset in dir to out as an
// Arrow IPC *stream* file of the same name, schema, metadata and batches
// (dataset.WriteStream). Streams are what the "arrow" builder of Hugging
// Face datasets opens in every version (pyarrow.ipc.open_stream; datasets
// 5.2 also reads the IPC files, and .ci/python.sh loads both):
//
//	datasets.load_dataset("arrow", data_files="OUT/*.arrow", split="train")
//
// while the shards themselves stay IPC files, with random access and the
// hashes their sidecars and the manifest record. out must be empty unless
// opts.Overwrite. Each shard is read once and its SHA-256 checked against
// its sidecar before its stream is written (dataset.WriteStreamVerified);
// a corrupt shard fails the export, which then removes the stream files it
// wrote, unless opts.Read.SkipCorrupt (the shard is skipped and listed in
// HFResult.Skipped).
func ExportHFWith(ctx context.Context, dir, out string, opts HFOptions) (res HFResult, err error) {
	rep, err := store.SizeStatus(ctx, store.DirStore(nil, dir))
	if err != nil {
		return res, fmt.Errorf("dataset %s: %w", dir, err)
	}
	if (len(rep.Missing) > 0 && !opts.Read.AllowIncomplete) || (len(rep.Corrupt) > 0 && !opts.Read.SkipCorrupt) || len(rep.Complete) == 0 {
		if _, err := store.OpenStoreReaderWith(ctx, store.DirStore(nil, dir), opts.Read); err != nil {
			return res, fmt.Errorf("dataset %s: %w", dir, err)
		}
	}
	if err := prepareOutput(out, opts.Overwrite); err != nil {
		return res, err
	}
	defer func() {
		if err != nil {
			for _, f := range res.Files {
				_ = os.Remove(f)
			}
			res.Files = nil
		}
	}()
	for _, sh := range rep.Shards {
		name := dataset.ShardFileName(sh.Shard, rep.NumShards)
		if sh.State != store.Complete {
			res.Skipped = append(res.Skipped, dataset.Skipped{File: filepath.Join(dir, name), Problem: string(sh.State) + ": " + sh.Problem})
			continue
		}
		dst := filepath.Join(out, name)
		exp := dataset.Expect{Bytes: sh.Sidecar.Bytes, SHA256: sh.Sidecar.SHA256}
		err := writeAtomic(dst, func(w io.Writer) error {
			return dataset.WriteStreamVerified(ctx, filepath.Join(dir, name), exp, w)
		})
		if err != nil && opts.Read.SkipCorrupt && errors.Is(err, dataset.ErrCorrupt) {
			res.Skipped = append(res.Skipped, dataset.Skipped{File: filepath.Join(dir, name), Problem: err.Error()})
			continue
		}
		if err != nil {
			return res, fmt.Errorf("export hf: %w", err)
		}
		res.Files = append(res.Files, dst)
	}
	return res, nil
}
