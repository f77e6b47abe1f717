package dataset

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Reader iterates the samples of one or more shard files in order,
// decoding each row into a Sample whose byte slices it owns (they stay
// valid after the next call). A Reader is not safe for concurrent use.
type Reader struct {
	ctx     context.Context
	files   Files    // where names are; nil: names are local paths
	names   []string // shard files, in order
	mem     memory.Allocator
	onClose func() error // called once by Close

	file  int // index in names of the open file, -1 before the first
	obj   Source
	fr    *ipc.FileReader
	batch int // next record batch of fr
	rec   arrow.RecordBatch
	row   int
	cols  []readerColumn
	err   error

	expect      []Expect // Verify: one per name
	skipCorrupt bool
	skipped     []Skipped
}

// Source is an opened shard file (an object of a store, a local file):
// read sequentially, or at any offset as Arrow files are read.
type Source interface {
	io.Reader
	io.ReaderAt
	io.Closer
	// Size returns the object's size in bytes.
	Size() int64
}

// Files opens shard files by name; a store.Store is one.
type Files interface {
	// Open opens the file name; a missing one is an error wrapping
	// fs.ErrNotExist.
	Open(ctx context.Context, name string) (Source, error)
	// Path returns the location of name, for messages.
	Path(name string) string
}

// NewReader returns a Reader over the shard files names of files, in that
// order; ctx bounds its reads. It does not look for sidecars: a store's
// Open checks them first.
func NewReader(ctx context.Context, files Files, names []string) *Reader {
	return &Reader{ctx: ctx, files: files, names: names, mem: memory.DefaultAllocator, file: -1}
}

// OnClose arranges for f to be called once, by Close (a store's Open
// closes the store it opened this way).
func (r *Reader) OnClose(f func() error) { r.onClose = f }

// OpenFiles returns a Reader over the given local shard files, in that
// order, without looking for sidecars.
func OpenFiles(paths ...string) (*Reader, error) {
	return &Reader{ctx: context.Background(), names: paths, mem: memory.DefaultAllocator, file: -1}, nil
}

// ReadSource returns a Reader over the one shard file src, at path (for
// messages). Closing the Reader does not close src.
func ReadSource(ctx context.Context, src Source, path string) *Reader {
	return NewReader(ctx, borrowed{src, path}, []string{path})
}

// borrowed is one open Source whose Close does not close it.
type borrowed struct {
	src  Source
	path string
}

func (b borrowed) Open(context.Context, string) (Source, error) { return borrowedSource{b.src}, nil }
func (b borrowed) Path(string) string                           { return b.path }

type borrowedSource struct{ Source }

func (borrowedSource) Close() error { return nil }

// path returns the location of the i-th file, for messages.
func (r *Reader) path(i int) string {
	if r.files != nil {
		return r.files.Path(r.names[i])
	}
	return r.names[i]
}

// Next returns the next sample, or io.EOF after the last one.
func (r *Reader) Next() (*Sample, error) {
	if r.err != nil {
		return nil, r.err
	}
	for r.rec == nil || r.row >= int(r.rec.NumRows()) {
		if err := r.advance(); err != nil {
			r.err = err
			return nil, err
		}
	}
	s, err := sampleSafe(r.cols, r.row)
	if err != nil {
		r.err = fmt.Errorf("%s: record batch %d row %d: %w", r.path(r.file), r.batch-1, r.row, err)
		return nil, r.err
	}
	r.row++
	return s, nil
}

// All returns an iterator over the remaining samples; it stops after the
// first error, which it yields.
func (r *Reader) All() iter.Seq2[*Sample, error] {
	return func(yield func(*Sample, error) bool) {
		for {
			s, err := r.Next()
			if err == io.EOF {
				return
			}
			if !yield(s, err) || err != nil {
				return
			}
		}
	}
}

// advance moves to the next record batch, opening the next file as needed.
// Shard files come from outside: a panic of the Arrow decoder on a
// malformed file is turned into an error.
func (r *Reader) advance() (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: malformed Arrow file: %v", r.path(r.file), p)
		}
	}()
	r.rec, r.row = nil, 0
	for r.fr == nil || r.batch >= r.fr.NumRecords() {
		r.closeFile()
		r.file++
		if r.file >= len(r.names) {
			return io.EOF
		}
		if err := r.openFile(r.file); err == errSkip {
			continue
		} else if err != nil {
			return err
		}
	}
	rec, err := r.fr.RecordBatch(r.batch)
	if err != nil {
		return fmt.Errorf("%s: record batch %d: %w", r.path(r.file), r.batch, err)
	}
	r.batch++
	r.rec = rec
	cols, err := readerColumns(rec)
	if err != nil {
		return fmt.Errorf("%s: %w", r.path(r.file), err)
	}
	r.cols = cols
	return nil
}

func (r *Reader) openFile(i int) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	var obj Source
	var err error
	if r.files != nil {
		obj, err = r.files.Open(r.ctx, r.names[i])
	} else {
		obj, err = OpenLocal(r.names[i])
	}
	if err != nil {
		return err
	}
	path := r.path(i)
	if r.expect != nil {
		v, err := loadVerified(obj, path, r.expect[i])
		obj.Close()
		if err != nil {
			if r.skipCorrupt && errors.Is(err, ErrCorrupt) {
				r.skipped = append(r.skipped, Skipped{File: path, Problem: skippedProblem(err, path)})
				return errSkip
			}
			return err
		}
		obj = v
	}
	fr, err := openIPC(obj, path, r.mem)
	if err != nil {
		obj.Close()
		return err
	}
	if err := checkSchema(fr.Schema()); err != nil {
		fr.Close()
		obj.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	r.obj, r.fr, r.batch = obj, fr, 0
	return nil
}

func (r *Reader) closeFile() {
	if r.fr != nil {
		r.fr.Close() // releases the current record batch
		r.fr = nil
	}
	if r.obj != nil {
		r.obj.Close()
		r.obj = nil
	}
	r.rec = nil
}

// errSkip is openFile's answer for a corrupt file it skipped.
var errSkip = errors.New("skipped")

// skippedProblem is err without its "corrupt shard: PATH: " prefix.
func skippedProblem(err error, path string) string {
	msg := err.Error()
	for _, p := range []string{ErrCorrupt.Error() + ": ", path + ": "} {
		msg = strings.TrimPrefix(msg, p)
	}
	return msg
}

// Close releases the open file (and calls the function given to OnClose).
func (r *Reader) Close() error {
	r.closeFile()
	if r.err == nil {
		r.err = errors.New("reader closed")
	}
	if f := r.onClose; f != nil {
		r.onClose = nil
		return f()
	}
	return nil
}

// openIPC opens the Arrow IPC file obj (at path, for messages) after
// checkIPCFile. Closing the reader does not close obj.
func openIPC(obj Source, path string, mem memory.Allocator) (fr *ipc.FileReader, err error) {
	defer func() {
		if p := recover(); p != nil {
			fr, err = nil, fmt.Errorf("%s: malformed Arrow file: %v", path, p)
		}
	}()
	size := obj.Size()
	if err := checkIPCFile(obj, size); err != nil {
		return nil, fmt.Errorf("%s: not a valid Arrow IPC file: %w", path, err)
	}
	fr, err = ipc.NewFileReader(io.NewSectionReader(obj, 0, size), ipc.WithAllocator(mem), ipc.WithBodySizeLimit(size))
	if err != nil {
		return nil, fmt.Errorf("%s: not a valid Arrow IPC file: %w", path, err)
	}
	return fr, nil
}

// ReadSchemaInfo returns the Info recorded in the schema metadata of
// the local shard file at path, with the Spec decoded from its canonical
// JSON.
func ReadSchemaInfo(path string) (Info, error) {
	obj, err := OpenLocal(path)
	if err != nil {
		return Info{}, err
	}
	defer obj.Close()
	return SchemaInfoOf(obj, path)
}

// SchemaInfoOf is ReadSchemaInfo for an open shard file at path.
func SchemaInfoOf(obj Source, path string) (Info, error) {
	fr, err := openIPC(obj, path, memory.DefaultAllocator)
	if err != nil {
		return Info{}, err
	}
	defer fr.Close()
	md := fr.Schema().Metadata()
	i := md.FindKey(MetaSynthkit)
	if i < 0 {
		return Info{}, fmt.Errorf("%s: no %q schema metadata", path, MetaSynthkit)
	}
	var m schemaMeta
	if err := json.Unmarshal([]byte(md.Values()[i]), &m); err != nil {
		return Info{}, fmt.Errorf("%s: %q metadata: %w", path, MetaSynthkit, err)
	}
	layout, err := LayoutOf(m.Spec)
	if err != nil {
		return Info{}, fmt.Errorf("%s: %w", path, err)
	}
	return Info{Identity: Identity{Spec: m.Spec, SpecHash: m.SpecHash, Generator: m.Generator.Name,
		GeneratorVersion: m.Generator.Version, Categories: m.Categories}, Layout: layout}, nil
}

// checkSchema checks that every known column present has our type.
func checkSchema(s *arrow.Schema) error {
	for _, name := range append([]string{ColIndex, ColSeed}, Columns()...) {
		idx := s.FieldIndices(name)
		if len(idx) == 0 {
			if name == ColIndex || name == ColSeed {
				return fmt.Errorf("no %q column", name)
			}
			continue
		}
		c, _ := columnByName(name)
		if got := s.Field(idx[0]).Type; !isOK(c.as(got)) {
			return fmt.Errorf("column %q is %s, want %s", name, got, columnType(name))
		}
	}
	return nil
}

func isOK(_ column, ok bool) bool { return ok }

// readerColumn is a known column of a record batch with its array.
type readerColumn struct {
	column
	a arrow.Array
}

// readerColumns returns the known columns of rec, in table order, after
// validating the offsets of every column.
func readerColumns(rec arrow.RecordBatch) ([]readerColumn, error) {
	s := rec.Schema()
	var cols []readerColumn
	for _, c := range columns {
		idx := s.FieldIndices(c.name)
		if len(idx) == 0 {
			if c.name == ColIndex || c.name == ColSeed {
				return nil, fmt.Errorf("column %q missing or mistyped", c.name)
			}
			continue
		}
		a := rec.Column(idx[0])
		dc, ok := c.as(a.DataType())
		if !ok {
			if c.name == ColIndex || c.name == ColSeed {
				return nil, fmt.Errorf("column %q missing or mistyped", c.name)
			}
			continue
		}
		cols = append(cols, readerColumn{dc, a})
	}
	for i, a := range rec.Columns() {
		if err := validateArray(a); err != nil {
			return nil, fmt.Errorf("column %q: %w", s.Field(i).Name, err)
		}
	}
	return cols, nil
}

// validateArray checks the offsets of every variable-length array in a,
// recursively: arrow-go does not when it reads a file, and a bad offset
// would index out of range or ask for a huge allocation.
func validateArray(a arrow.Array) error {
	switch a := a.(type) {
	case *array.Struct:
		if err := a.ValidateFull(); err != nil {
			return err
		}
		for i := 0; i < a.NumField(); i++ {
			if err := validateArray(a.Field(i)); err != nil {
				return err
			}
		}
	case *array.List:
		if err := a.ValidateFull(); err != nil {
			return err
		}
		return validateArray(a.ListValues())
	case *array.Binary:
		return a.ValidateFull()
	case *array.String:
		return a.ValidateFull()
	}
	return nil
}

// imageBytes copies the bytes field of an Image struct at row i.
func imageBytes(a *array.Struct, i int) []byte {
	if a == nil || a.IsNull(i) {
		return nil
	}
	b := a.Field(0).(*array.Binary)
	if b.IsNull(i) {
		return nil
	}
	return bytes.Clone(b.Value(i))
}

// floats copies list element j of a list<double> into dst, which must have
// exactly its length.
func floats(a arrow.Array, j int, dst []float64, what string) error {
	l := a.(*array.List)
	if l.IsNull(j) {
		return nil
	}
	lo, hi := l.ValueOffsets(j)
	if int(hi-lo) != len(dst) {
		return fmt.Errorf("%s has %d values, want %d", what, hi-lo, len(dst))
	}
	copy(dst, l.ListValues().(*array.Float64).Float64Values()[lo:hi])
	return nil
}

// sampleSafe decodes row i of cols, turning a panic on malformed data
// into an error.
func sampleSafe(cols []readerColumn, i int) (s *Sample, err error) {
	defer func() {
		if p := recover(); p != nil {
			s, err = nil, fmt.Errorf("malformed row: %v", p)
		}
	}()
	s = &Sample{}
	for _, c := range cols {
		if err := c.get(c.a, i, s); err != nil {
			return nil, err
		}
	}
	return s, nil
}
