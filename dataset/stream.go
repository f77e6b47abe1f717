package dataset

import (
	"context"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// WriteStream copies the shard file at path to w in the Arrow IPC *stream*
// format: the same schema (with its huggingface and synthkit metadata) and
// the same record batches, without the file format's magic and footer.
//
// Shards are IPC files because files give random access to batches; some
// readers accept only streams, among them the "arrow" builder of Hugging
// Face datasets in versions that open data files with
// pyarrow.ipc.open_stream (and datasets' own cache files, which are
// streams). The file is checked as Open checks it before anything is read.
func WriteStream(ctx context.Context, path string, w io.Writer) error {
	obj, err := OpenLocal(path)
	if err != nil {
		return err
	}
	defer obj.Close()
	mem := memory.DefaultAllocator
	fr, err := openIPC(obj, path, mem)
	if err != nil {
		return err
	}
	defer fr.Close()
	sw := ipc.NewWriter(w, ipc.WithSchema(fr.Schema()), ipc.WithAllocator(mem))
	for i := 0; i < fr.NumRecords(); i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := fr.RecordBatch(i)
		if err != nil {
			return fmt.Errorf("%s: record batch %d: %w", path, i, err)
		}
		if err := sw.Write(rec); err != nil {
			return fmt.Errorf("%s: stream: %w", path, err)
		}
	}
	if err := sw.Close(); err != nil {
		return fmt.Errorf("%s: stream: %w", path, err)
	}
	return nil
}
