package dataset

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Shard files may come from anywhere (a download, a disk that went bad).
// arrow-go's IPC reader trusts the flatbuffers of a file: it allocates
// slices as long as the vector lengths it finds there (fields, children,
// custom metadata) and buffers as large as a compressed buffer says it
// decompresses to, before checking anything. checkIPCFile walks the same
// structures first and rejects a file whose lengths point past what it
// holds, so that reading a malformed shard returns an error instead of
// exhausting memory.

// maxBufferBytes bounds the decompressed size of one compressed buffer.
const maxBufferBytes = 2 << 30

// checkIPCFile checks the footer of the Arrow IPC file r of the given size
// and the metadata of every record batch message it lists.
func checkIPCFile(r io.ReaderAt, size int64) error {
	const magic = "ARROW1"
	if size < 8+10 {
		return fmt.Errorf("file of %d bytes is too small for an Arrow IPC file", size)
	}
	tail := make([]byte, 10)
	if _, err := r.ReadAt(tail, size-10); err != nil {
		return err
	}
	if string(tail[4:]) != magic {
		return errors.New("no Arrow IPC file magic at its end (cut short?)")
	}
	n := int64(binary.LittleEndian.Uint32(tail))
	if n <= 0 || n > size-10-8 {
		return fmt.Errorf("footer length %d does not fit the file", n)
	}
	footer := make([]byte, n)
	if _, err := r.ReadAt(footer, size-10-n); err != nil {
		return err
	}
	fb := flatbuf(footer)
	root, err := fb.root()
	if err != nil {
		return fmt.Errorf("footer: %w", err)
	}
	schema, ok, err := fb.table(root, 1)
	if err != nil || !ok {
		return fmt.Errorf("footer: schema: %v", orMissing(err))
	}
	if err := fb.checkSchema(schema); err != nil {
		return fmt.Errorf("footer: %w", err)
	}
	if _, nd, _, err := fb.vector(root, 2, 24); err != nil || nd != 0 {
		return fmt.Errorf("footer: dictionaries (%d): %v (shards have none)", nd, orMissing(err))
	}
	if _, _, _, err := fb.tableVector(root, 4, fb.checkKeyValue); err != nil {
		return fmt.Errorf("footer: custom metadata: %w", err)
	}
	blocks, nb, _, err := fb.vector(root, 3, 24)
	if err != nil {
		return fmt.Errorf("footer: record batches: %w", err)
	}
	for i := 0; i < nb; i++ {
		b := footer[blocks+24*i:]
		off := int64(binary.LittleEndian.Uint64(b))
		meta := int64(int32(binary.LittleEndian.Uint32(b[8:])))
		body := int64(binary.LittleEndian.Uint64(b[16:]))
		if off < 0 || meta < 8 || body < 0 || off > size || meta > size-off || body > size-off-meta {
			return fmt.Errorf("record batch %d: block [%d, +%d, +%d) exceeds the file of %d bytes", i, off, meta, body, size)
		}
		if err := checkMessage(r, off, meta, body); err != nil {
			return fmt.Errorf("record batch %d: %w", i, err)
		}
	}
	return nil
}

func orMissing(err error) error {
	if err == nil {
		return errors.New("missing")
	}
	return err
}

// checkMessage checks the flatbuffer of the record batch message at off
// (meta bytes of encapsulated metadata, then body bytes), and the sizes its
// compressed buffers claim.
func checkMessage(r io.ReaderAt, off, meta, body int64) error {
	buf := make([]byte, meta)
	if _, err := r.ReadAt(buf, off); err != nil {
		return err
	}
	if binary.LittleEndian.Uint32(buf) == 0xFFFFFFFF { // continuation marker
		buf = buf[4:]
	}
	n := int64(binary.LittleEndian.Uint32(buf))
	if n > int64(len(buf))-4 {
		return fmt.Errorf("metadata length %d exceeds its block", n)
	}
	fb := flatbuf(buf[4 : 4+n])
	msg, err := fb.root()
	if err != nil {
		return err
	}
	if _, _, _, err := fb.tableVector(msg, 4, fb.checkKeyValue); err != nil {
		return fmt.Errorf("custom metadata: %w", err)
	}
	if t, ok, err := fb.scalar(msg, 1, 1); err != nil || !ok || t != 3 {
		return fmt.Errorf("not a record batch message (header type %d, %v)", t, err)
	}
	rb, ok, err := fb.table(msg, 2)
	if err != nil || !ok {
		return fmt.Errorf("record batch header: %v", orMissing(err))
	}
	if _, _, _, err := fb.vector(rb, 1, 16); err != nil {
		return fmt.Errorf("nodes: %w", err)
	}
	if _, _, _, err := fb.vector(rb, 4, 8); err != nil {
		return fmt.Errorf("variadic buffer counts: %w", err)
	}
	bufs, nbuf, _, err := fb.vector(rb, 2, 16)
	if err != nil {
		return fmt.Errorf("buffers: %w", err)
	}
	_, compressed, err := fb.table(rb, 3)
	if err != nil {
		return fmt.Errorf("compression: %w", err)
	}
	for i := 0; i < nbuf; i++ {
		e := fb[bufs+16*i:]
		bo, bl := int64(binary.LittleEndian.Uint64(e)), int64(binary.LittleEndian.Uint64(e[8:]))
		if bo < 0 || bl < 0 || bo > body || bl > body-bo {
			return fmt.Errorf("buffer %d [%d, +%d) exceeds the body of %d bytes", i, bo, bl, body)
		}
		if compressed && bl >= 8 {
			var u [8]byte
			if _, err := r.ReadAt(u[:], off+meta+bo); err != nil {
				return err
			}
			if un := int64(binary.LittleEndian.Uint64(u[:])); un > maxBufferBytes {
				return fmt.Errorf("buffer %d claims to decompress to %d bytes", i, un)
			}
		}
	}
	return nil
}

// flatbuf is a flatbuffer whose offsets and vector lengths are checked
// against its size before use.
type flatbuf []byte

var errFlatbuf = errors.New("malformed flatbuffer")

func (b flatbuf) u32(pos int) (int, error) {
	if pos < 0 || pos > len(b)-4 {
		return 0, fmt.Errorf("%w: offset %d outside %d bytes", errFlatbuf, pos, len(b))
	}
	return int(binary.LittleEndian.Uint32(b[pos:])), nil
}

// root returns the position of the root table.
func (b flatbuf) root() (int, error) { return b.indirect(0) }

// indirect follows the uoffset stored at pos.
func (b flatbuf) indirect(pos int) (int, error) {
	off, err := b.u32(pos)
	if err != nil {
		return 0, err
	}
	if off > len(b)-pos-4 {
		return 0, fmt.Errorf("%w: offset %d at %d points outside %d bytes", errFlatbuf, off, pos, len(b))
	}
	return pos + off, nil
}

// field returns the position of field i of the table at t; ok is false
// when the field is absent.
func (b flatbuf) field(t, i int) (pos int, ok bool, err error) {
	so, err := b.u32(t)
	if err != nil {
		return 0, false, err
	}
	vt := t - int(int32(uint32(so)))
	if vt < 0 || vt > len(b)-4 {
		return 0, false, fmt.Errorf("%w: vtable at %d outside %d bytes", errFlatbuf, vt, len(b))
	}
	vsize := int(binary.LittleEndian.Uint16(b[vt:]))
	if vsize < 4 || vsize > len(b)-vt {
		return 0, false, fmt.Errorf("%w: vtable of %d bytes at %d", errFlatbuf, vsize, vt)
	}
	if 4+2*i+2 > vsize {
		return 0, false, nil
	}
	fo := int(binary.LittleEndian.Uint16(b[vt+4+2*i:]))
	if fo == 0 {
		return 0, false, nil
	}
	if fo > len(b)-t-1 {
		return 0, false, fmt.Errorf("%w: field %d of the table at %d lies outside %d bytes", errFlatbuf, i, t, len(b))
	}
	return t + fo, true, nil
}

// scalar returns the little-endian scalar of the given size in field i.
func (b flatbuf) scalar(t, i, size int) (uint64, bool, error) {
	p, ok, err := b.field(t, i)
	if err != nil || !ok {
		return 0, ok, err
	}
	if p > len(b)-size {
		return 0, false, fmt.Errorf("%w: scalar field %d outside the buffer", errFlatbuf, i)
	}
	var v uint64
	for k := size - 1; k >= 0; k-- {
		v = v<<8 | uint64(b[p+k])
	}
	return v, true, nil
}

// table returns the position of the table that field i of t refers to.
func (b flatbuf) table(t, i int) (int, bool, error) {
	p, ok, err := b.field(t, i)
	if err != nil || !ok {
		return 0, ok, err
	}
	sub, err := b.indirect(p)
	return sub, err == nil, err
}

// vector returns the position of the first element and the length of the
// vector in field i of t, checking that its elements fit in the buffer.
func (b flatbuf) vector(t, i, elem int) (start, n int, ok bool, err error) {
	p, ok, err := b.field(t, i)
	if err != nil || !ok {
		return 0, 0, ok, err
	}
	v, err := b.indirect(p)
	if err != nil {
		return 0, 0, false, err
	}
	n, err = b.u32(v)
	if err != nil {
		return 0, 0, false, err
	}
	if n > (len(b)-v-4)/elem {
		return 0, 0, false, fmt.Errorf("%w: vector of %d elements of %d bytes in a buffer of %d", errFlatbuf, n, elem, len(b))
	}
	return v + 4, n, true, nil
}

// tableVector checks every table of the vector of tables in field i of t
// with check.
func (b flatbuf) tableVector(t, i int, check func(int) error) (start, n int, ok bool, err error) {
	start, n, ok, err = b.vector(t, i, 4)
	if err != nil || !ok {
		return start, n, ok, err
	}
	for j := 0; j < n; j++ {
		e, err := b.indirect(start + 4*j)
		if err != nil {
			return 0, 0, false, err
		}
		if err := check(e); err != nil {
			return 0, 0, false, err
		}
	}
	return start, n, true, nil
}

// checkKeyValue checks a KeyValue table: key and value strings.
func (b flatbuf) checkKeyValue(t int) error {
	for i := 0; i < 2; i++ {
		if _, _, _, err := b.vector(t, i, 1); err != nil {
			return err
		}
	}
	return nil
}

// checkSchema checks a Schema table: its fields, custom metadata and
// features.
func (b flatbuf) checkSchema(t int) error {
	if _, _, _, err := b.tableVector(t, 1, func(f int) error { return b.checkField(f, 0) }); err != nil {
		return fmt.Errorf("schema fields: %w", err)
	}
	if _, _, _, err := b.tableVector(t, 2, b.checkKeyValue); err != nil {
		return fmt.Errorf("schema metadata: %w", err)
	}
	if _, _, _, err := b.vector(t, 3, 8); err != nil {
		return fmt.Errorf("schema features: %w", err)
	}
	return nil
}

// checkField checks a Field table: name, type (and a union's type ids),
// children and custom metadata, at most 64 levels deep.
func (b flatbuf) checkField(t, depth int) error {
	if depth > 64 {
		return fmt.Errorf("%w: fields nested deeper than 64", errFlatbuf)
	}
	if _, _, _, err := b.vector(t, 0, 1); err != nil {
		return fmt.Errorf("field name: %w", err)
	}
	if typ, ok, err := b.table(t, 3); err != nil {
		return fmt.Errorf("field type: %w", err)
	} else if tt, _, _ := b.scalar(t, 2, 1); ok && tt == 14 { // Union: typeIds
		if _, _, _, err := b.vector(typ, 1, 4); err != nil {
			return fmt.Errorf("union type ids: %w", err)
		}
	}
	if _, _, err := b.table(t, 4); err != nil {
		return fmt.Errorf("field dictionary: %w", err)
	}
	if _, _, _, err := b.tableVector(t, 5, func(c int) error { return b.checkField(c, depth+1) }); err != nil {
		return err
	}
	if _, _, _, err := b.tableVector(t, 6, b.checkKeyValue); err != nil {
		return fmt.Errorf("field metadata: %w", err)
	}
	return nil
}
