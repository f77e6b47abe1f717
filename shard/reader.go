package shard

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Reader iterates the samples of one or more shard files in order,
// decoding each row into a Sample whose byte slices it owns (they stay
// valid after the next call). A Reader is not safe for concurrent use.
type Reader struct {
	ctx   context.Context
	store Store    // where names are; nil: names are local paths
	own   bool     // Close closes store
	names []string // shard files, in order
	mem   memory.Allocator
	open  func(i int) (ObjectReader, error) // when set, opens the i-th file

	file  int // index in names of the open file, -1 before the first
	obj   ObjectReader
	fr    *ipc.FileReader
	batch int // next record batch of fr
	rec   arrow.RecordBatch
	row   int
	cols  batchColumns
	err   error
}

// Open returns a Reader over the complete dataset at dir (a directory or a
// URL, see OpenStore): every shard of its sidecars, in shard order. It
// refuses a location whose sidecars disagree (another spec, another shard
// count), a missing shard, or a shard whose size differs from its sidecar;
// it does not hash the files (Status does).
func Open(dir string) (*Reader, error) {
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
	r.own = true
	return r, nil
}

// OpenStoreReader is Open for the dataset in st; ctx bounds the reads of
// the Reader. Closing the Reader does not close st.
func OpenStoreReader(ctx context.Context, st Store) (*Reader, error) {
	rep, err := status(ctx, st, true)
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
	return &Reader{ctx: ctx, store: st, names: names, mem: memory.DefaultAllocator, file: -1}, nil
}

// OpenFiles returns a Reader over the given local shard files, in that
// order, without looking for sidecars.
func OpenFiles(paths ...string) (*Reader, error) {
	return &Reader{ctx: context.Background(), names: paths, mem: memory.DefaultAllocator, file: -1}, nil
}

// readObject returns a Reader over the one shard file obj, at path (for
// messages). Closing the Reader does not close obj.
func readObject(ctx context.Context, obj ObjectReader, path string) *Reader {
	return &Reader{ctx: ctx, names: []string{path}, mem: memory.DefaultAllocator, file: -1,
		open: func(int) (ObjectReader, error) { return borrowed{obj}, nil }}
}

// borrowed is an ObjectReader whose Close does not close it.
type borrowed struct{ ObjectReader }

func (borrowed) Close() error { return nil }

// path returns the location of the i-th file, for messages.
func (r *Reader) path(i int) string {
	if r.store != nil {
		return r.store.Path(r.names[i])
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
	s, err := r.cols.sampleSafe(r.row)
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
		if err := r.openFile(r.file); err != nil {
			return err
		}
	}
	rec, err := r.fr.RecordBatch(r.batch)
	if err != nil {
		return fmt.Errorf("%s: record batch %d: %w", r.path(r.file), r.batch, err)
	}
	r.batch++
	r.rec = rec
	cols, err := newBatchColumns(rec)
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
	var obj ObjectReader
	var err error
	if r.open != nil {
		obj, err = r.open(i)
	} else if r.store != nil {
		obj, err = r.store.Open(r.ctx, r.names[i])
	} else {
		obj, err = openLocal(r.names[i])
	}
	if err != nil {
		return err
	}
	path := r.path(i)
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

// Close releases the open file (and the store Open opened).
func (r *Reader) Close() error {
	r.closeFile()
	if r.err == nil {
		r.err = errors.New("reader closed")
	}
	if r.own && r.store != nil {
		r.own = false
		return r.store.Close()
	}
	return nil
}

// openIPC opens the Arrow IPC file obj (at path, for messages) after
// checkIPCFile. Closing the reader does not close obj.
func openIPC(obj ObjectReader, path string, mem memory.Allocator) (fr *ipc.FileReader, err error) {
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

// ReadSchemaInfo returns the DatasetInfo recorded in the schema metadata of
// the local shard file at path, with the Spec decoded from its canonical
// JSON.
func ReadSchemaInfo(path string) (DatasetInfo, error) {
	obj, err := openLocal(path)
	if err != nil {
		return DatasetInfo{}, err
	}
	defer obj.Close()
	return schemaInfoOf(obj, path)
}

// schemaInfoOf is ReadSchemaInfo for an open object at path.
func schemaInfoOf(obj ObjectReader, path string) (DatasetInfo, error) {
	fr, err := openIPC(obj, path, memory.DefaultAllocator)
	if err != nil {
		return DatasetInfo{}, err
	}
	defer fr.Close()
	md := fr.Schema().Metadata()
	i := md.FindKey(MetaSynthkit)
	if i < 0 {
		return DatasetInfo{}, fmt.Errorf("%s: no %q schema metadata", path, MetaSynthkit)
	}
	var m struct {
		Spec      json.RawMessage `json:"spec"`
		SpecHash  string          `json:"spec_hash"`
		Generator struct {
			Name    string `json:"name"`
			Version string `json:"version"`
		} `json:"generator"`
		Categories []string `json:"categories"`
	}
	if err := json.Unmarshal([]byte(md.Values()[i]), &m); err != nil {
		return DatasetInfo{}, fmt.Errorf("%s: %q metadata: %w", path, MetaSynthkit, err)
	}
	var spec Spec
	if err := json.Unmarshal(m.Spec, &spec); err != nil {
		return DatasetInfo{}, fmt.Errorf("%s: spec: %w", path, err)
	}
	return DatasetInfo{Spec: &spec, SpecHash: m.SpecHash, Generator: m.Generator.Name,
		GeneratorVersion: m.Generator.Version, Categories: m.Categories}, nil
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
		if got := s.Field(idx[0]).Type; !arrow.TypeEqual(got, columnType(name)) {
			return fmt.Errorf("column %q is %s, want %s", name, got, columnType(name))
		}
	}
	return nil
}

// batchColumns holds the typed columns of one record batch.
type batchColumns struct {
	index     *array.Int64
	seed      *array.Uint64
	image     *array.Struct
	depth     *array.Struct
	instances *array.Struct
	objects   *array.List
	camera    *array.Struct
}

func newBatchColumns(rec arrow.RecordBatch) (batchColumns, error) {
	var c batchColumns
	s := rec.Schema()
	col := func(name string) arrow.Array {
		if idx := s.FieldIndices(name); len(idx) > 0 {
			return rec.Column(idx[0])
		}
		return nil
	}
	var ok bool
	if c.index, ok = col(ColIndex).(*array.Int64); !ok {
		return c, fmt.Errorf("column %q missing or mistyped", ColIndex)
	}
	if c.seed, ok = col(ColSeed).(*array.Uint64); !ok {
		return c, fmt.Errorf("column %q missing or mistyped", ColSeed)
	}
	for i, a := range rec.Columns() {
		if err := validateArray(a); err != nil {
			return c, fmt.Errorf("column %q: %w", s.Field(i).Name, err)
		}
	}
	c.image, _ = col(ColImage).(*array.Struct)
	c.depth, _ = col(ColDepth).(*array.Struct)
	c.instances, _ = col(ColInstances).(*array.Struct)
	c.objects, _ = col(ColObjects).(*array.List)
	c.camera, _ = col(ColCamera).(*array.Struct)
	return c, nil
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

// sampleSafe is sample, turning a panic on malformed data into an error.
func (c *batchColumns) sampleSafe(i int) (s *Sample, err error) {
	defer func() {
		if p := recover(); p != nil {
			s, err = nil, fmt.Errorf("malformed row: %v", p)
		}
	}()
	return c.sample(i)
}

func (c *batchColumns) sample(i int) (*Sample, error) {
	s := &Sample{
		Index:     c.index.Value(i),
		Seed:      c.seed.Value(i),
		Image:     imageBytes(c.image, i),
		Depth:     imageBytes(c.depth, i),
		Instances: imageBytes(c.instances, i),
	}
	if c.objects != nil && c.objects.IsValid(i) {
		lo, hi := c.objects.ValueOffsets(i)
		st := c.objects.ListValues().(*array.Struct)
		s.Objects = make([]Object, 0, hi-lo)
		for j := int(lo); j < int(hi); j++ {
			var o Object
			o.ID = st.Field(0).(*array.Uint32).Value(j)
			o.Category = st.Field(1).(*array.String).Value(j)
			o.CategoryID = st.Field(2).(*array.Int32).Value(j)
			o.Area = st.Field(5).(*array.Int64).Value(j)
			o.VisibleFraction = st.Field(6).(*array.Float64).Value(j)
			o.Truncated = st.Field(7).(*array.Boolean).Value(j)
			o.RLE = st.Field(8).(*array.String).Value(j)
			for _, fl := range []struct {
				k    int
				dst  []float64
				name string
			}{{3, o.BBox[:], "bbox"}, {4, o.BBoxAmodal[:], "bbox_amodal"}, {9, o.Pose[:], "pose"}, {10, o.Keypoints[:], "keypoints"}} {
				if err := floats(st.Field(fl.k), j, fl.dst, fmt.Sprintf("object %d %s", j-int(lo), fl.name)); err != nil {
					return nil, err
				}
			}
			s.Objects = append(s.Objects, o)
		}
	}
	if c.camera != nil && c.camera.IsValid(i) {
		cam := &s.Camera
		cam.Fx = c.camera.Field(0).(*array.Float64).Value(i)
		cam.Fy = c.camera.Field(1).(*array.Float64).Value(i)
		cam.Cx = c.camera.Field(2).(*array.Float64).Value(i)
		cam.Cy = c.camera.Field(3).(*array.Float64).Value(i)
		cam.Width = c.camera.Field(4).(*array.Int32).Value(i)
		cam.Height = c.camera.Field(5).(*array.Int32).Value(i)
		if err := floats(c.camera.Field(6), i, cam.Pose[:], "camera pose"); err != nil {
			return nil, err
		}
	}
	return s, nil
}
