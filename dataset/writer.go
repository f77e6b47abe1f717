package dataset

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// DefaultMaxBatchBytes bounds the encoded bytes (images, masks) buffered in
// one record batch: a batch is flushed early when the next row would pass
// it. It keeps memory flat for large images, every binary column within
// Arrow's 32-bit offsets (2 GiB per column per batch), and record batch
// bodies under the 256 MiB that arrow-go's IPC reader accepts by default.
const DefaultMaxBatchBytes = 192 << 20

// WriterOptions configure a Writer.
type WriterOptions struct {
	// BatchRows is the number of rows per record batch; 0 means the
	// schema's spec's BatchRows.
	BatchRows int
	// MaxBatchBytes flushes a batch early once it holds this many bytes of
	// encoded images and masks; 0 means DefaultMaxBatchBytes.
	MaxBatchBytes int64
	// Rows is how many rows the file will hold, when the caller knows
	// (0: not known). It only sizes buffers: a record batch reserves room
	// for no more rows than are left to write, so a short file does not
	// reserve (and clear) a whole batch's memory. Writing more rows than
	// it says is allowed.
	Rows int64
	// Allocator allocates the builders' and encoder's memory; nil means
	// memory.DefaultAllocator. The Writer pools its large buffers from one
	// record batch to the next over it (see BufferPool) and frees them to
	// it at Close or Abort; pass a BufferPool to keep them across Writers.
	Allocator memory.Allocator
}

// Writer appends Samples to one Arrow IPC file, in record batches of
// BatchRows rows. It writes to any io.Writer (the commit protocol gives it
// a temporary file); Close writes the footer. A Writer is not safe for
// concurrent use.
type Writer struct {
	schema   *Schema
	pool     *BufferPool // over WriterOptions.Allocator: the builders' and encoder's memory
	rb       *array.RecordBuilder
	fw       *ipc.FileWriter
	maxRows  int
	maxBytes int64
	expect   int64 // WriterOptions.Rows

	pending      int   // rows in the builders
	pendingBytes int64 // encoded bytes in the builders
	rows         int64 // rows written or pending
	closed       bool

	cols []writerColumn // the schema's columns with their builders, in order
}

// writerColumn is a column of the schema with its builder.
type writerColumn struct {
	column
	b array.Builder
}

// NewWriter starts an Arrow IPC file with schema s on w. The spec's
// Compression chooses the buffer codec (zstd or none).
func NewWriter(w io.Writer, s *Schema, opts WriterOptions) (*Writer, error) {
	if s == nil || s.Arrow == nil {
		return nil, errors.New("shard writer: nil schema")
	}
	pool := NewBufferPool(opts.Allocator)
	rows := opts.BatchRows
	if rows <= 0 {
		rows = s.Info.Layout.BatchRows
	}
	if rows <= 0 {
		rows = DefaultBatchRows(s.Info.Layout.Width, s.Info.Layout.Height)
	}
	maxBytes := opts.MaxBatchBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBatchBytes
	}
	ipcOpts := []ipc.Option{ipc.WithSchema(s.Arrow), ipc.WithAllocator(pool)}
	switch s.Info.Layout.Compression {
	case "", "none":
	case "zstd":
		ipcOpts = append(ipcOpts, ipc.WithZstd())
	default:
		return nil, fmt.Errorf("shard writer: unknown compression %q", s.Info.Layout.Compression)
	}
	fw, err := ipc.NewFileWriter(w, ipcOpts...)
	if err != nil {
		return nil, fmt.Errorf("shard writer: %w", err)
	}
	wr := &Writer{
		schema: s, pool: pool, fw: fw, maxRows: rows, maxBytes: maxBytes, expect: max(opts.Rows, 0),
		rb: array.NewRecordBuilder(pool, s.Arrow),
	}
	for i, f := range s.Arrow.Fields() {
		c, ok := columnByName(f.Name)
		if !ok {
			wr.release()
			return nil, fmt.Errorf("shard writer: unknown column %q", f.Name)
		}
		wr.cols = append(wr.cols, writerColumn{c, wr.rb.Field(i)})
	}
	return wr, nil
}

func imageExt(format string) string {
	if format == "jpeg" {
		return ".jpg"
	}
	return ".png"
}

// ImagePath returns the path field written beside the bytes of an image
// column: "000123.png" (or .jpg) for the image, "000123_COLUMN.png" for
// the label maps ("000123_depth.png", "000123_instances.png",
// "000123_normals.png", "000123_semantic.png").
func ImagePath(column string, index int64, imageFormat string) string {
	if column != ColImage { // the label maps: always PNG
		return fmt.Sprintf("%06d_%s.png", index, column)
	}
	return fmt.Sprintf("%06d%s", index, imageExt(imageFormat))
}

// Rows returns the number of rows written so far, pending ones included.
func (w *Writer) Rows() int64 { return w.rows }

// Write appends one sample. Every column of the schema must have its data:
// an image column with no bytes is an error.
func (w *Writer) Write(s *Sample) error {
	if w.closed {
		return errors.New("shard writer: write after close")
	}
	var n int64
	for _, c := range w.cols {
		if c.name == ColObjects {
			for i := range s.Objects {
				n += int64(len(s.Objects[i].RLE) + len(s.Objects[i].Category))
			}
			continue
		}
		if !c.image {
			continue
		}
		data := *c.data(s)
		if len(data) == 0 {
			return fmt.Errorf("shard writer: sample %d: column %q has no bytes", s.Index, c.name)
		}
		if int64(len(data)) > math.MaxInt32/2 {
			return fmt.Errorf("shard writer: sample %d: column %q: %d bytes exceed the 1 GiB limit of a binary value", s.Index, c.name, len(data))
		}
		n += int64(len(data))
	}
	if w.pending > 0 && w.pendingBytes+n > w.maxBytes {
		if err := w.flush(); err != nil {
			return err
		}
	}
	if w.pending == 0 {
		w.reserve(s, n)
	}
	w.appendRow(s)
	w.pending++
	w.pendingBytes += n
	w.rows++
	if w.pending >= w.maxRows {
		return w.flush()
	}
	return nil
}

// reserve sizes the image columns' data buffers for the batch that sample
// s, of n encoded bytes, starts: its bytes times the rows the batch is
// expected to hold (no more than WriterOptions.Rows leaves), plus 1/16.
// Without it a buffer grows by doubling from empty in every batch,
// copying its contents each time (about 2 ms a 640×480 sample). It
// changes no byte of the file.
func (w *Writer) reserve(s *Sample, n int64) {
	rows := int64(w.maxRows)
	if n > 0 {
		rows = min(rows, max(1, w.maxBytes/n))
	}
	if left := w.expect - w.rows; left > 0 {
		rows = min(rows, left)
	}
	for _, c := range w.cols {
		if !c.image {
			continue
		}
		size := int64(len(*c.data(s))) * rows
		size += size / 16
		c.b.(*array.StructBuilder).FieldBuilder(0).(*array.BinaryBuilder).ReserveData(int(min(size, maxReserve)))
	}
}

// maxReserve bounds what reserve asks for one column (a binary value's
// offsets are 32-bit).
const maxReserve = 1 << 30

func (w *Writer) appendRow(s *Sample) {
	for _, c := range w.cols {
		c.put(c.b, s, w.schema.Info.Layout.ImageFormat)
	}
}

// flush writes the pending rows as one record batch.
func (w *Writer) flush() error {
	if w.pending == 0 {
		return nil
	}
	rec := w.rb.NewRecordBatch()
	defer rec.Release()
	w.pending, w.pendingBytes = 0, 0
	if err := w.fw.Write(rec); err != nil {
		return fmt.Errorf("shard writer: record batch ending at row %d: %w", w.rows, err)
	}
	return nil
}

// Close flushes the pending rows, writes the file footer and releases the
// builders. The underlying io.Writer is not closed.
func (w *Writer) Close() error {
	if w.closed {
		return nil
	}
	err := w.flush()
	if cerr := w.fw.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("shard writer: footer: %w", cerr)
	}
	w.release()
	return err
}

// Abort releases the builders without finishing the file; what was written
// to the io.Writer is not a valid Arrow file.
func (w *Writer) Abort() {
	if !w.closed {
		w.release()
	}
}

func (w *Writer) release() {
	w.closed = true
	w.rb.Release()
	w.pool.Release()
}

// DefaultBatchRows returns the default rows per record batch for an image
// size: about 128 MiB of uncompressed pixel data (6 bytes a pixel: colour,
// 16-bit depth and instance ids) per batch, clamped to 1..256. That is 72
// rows at 640×480 and 256 at thumbnail sizes, so a batch's builders stay
// well under the memory of one worker's frames.
func DefaultBatchRows(width, height int) int {
	px := int64(max(width, 1)) * int64(max(height, 1))
	return int(min(max((128<<20)/(px*6), 1), 256))
}
