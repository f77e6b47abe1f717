package export

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
)

// HFResult reports what ExportHF wrote.
type HFResult struct {
	Files []string // stream files written, in shard order
}

// ExportHF writes every shard of the complete dataset in dir to out as an
// Arrow IPC *stream* file of the same name, schema, metadata and batches
// (dataset.WriteStream). Streams are what the "arrow" builder of Hugging
// Face datasets opens (pyarrow.ipc.open_stream, read from its source; not
// run here, where PyPI is out of reach):
//
//	datasets.load_dataset("arrow", data_files="OUT/*.arrow", split="train")
//
// while the shards themselves stay IPC files, with random access and the
// hashes their sidecars and the manifest record. out must be empty unless
// overwrite.
func ExportHF(ctx context.Context, dir, out string, overwrite bool) (HFResult, error) {
	var res HFResult
	rep, err := store.Status(dir)
	if err != nil {
		return res, fmt.Errorf("dataset %s: %w", dir, err)
	}
	if !rep.OK() {
		return res, fmt.Errorf("dataset %s: %s", dir, rep.Summary())
	}
	if err := prepareOutput(out, overwrite); err != nil {
		return res, err
	}
	for k := 0; k < rep.NumShards; k++ {
		name := dataset.ShardFileName(k, rep.NumShards)
		dst := filepath.Join(out, name)
		err := writeAtomic(dst, func(w io.Writer) error {
			return dataset.WriteStream(ctx, filepath.Join(dir, name), w)
		})
		if err != nil {
			return res, fmt.Errorf("export hf: %w", err)
		}
		res.Files = append(res.Files, dst)
	}
	return res, nil
}
