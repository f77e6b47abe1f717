package gltf

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"path"
	"strings"

	qgltf "github.com/qmuntal/gltf"
)

// GLB container constants (glTF 2.0 §4.4).
const (
	glbMagic     = 0x46546C67 // "glTF"
	glbChunkJSON = 0x4E4F534A // "JSON"
	glbChunkBIN  = 0x004E4942 // "BIN\0"
	glbHeaderLen = 12
)

// readDocument reads the asset file, splits a GLB container, checks the JSON
// document against the limits and decodes it into qmuntal/gltf's document
// types. qmuntal/gltf's own Open and Decoder are not used: they read
// external buffers themselves, whereas here every file access goes through
// the loader's checks (parseURI, readExact, readLimited).
func (l *loader) readDocument(name string) error {
	glbName := strings.EqualFold(path.Ext(name), ".glb")
	data, err := readLimitedCheck(l.fsys, name, l.lim.MaxFileBytes, "file size", func(head []byte) error {
		if !glbName && !bytes.HasPrefix(head, []byte("glTF")) {
			return nil
		}
		return checkGLBHeader(head, l.lim.MaxFileBytes)
	})
	if err != nil {
		return err
	}
	jsonData := data
	if bytes.HasPrefix(data, []byte("glTF")) || glbName {
		l.isGLB = true
		jsonData, l.bin, err = splitGLB(data)
		if err != nil {
			return err
		}
	}
	if err := checkJSON(jsonData, l.lim); err != nil {
		return err
	}
	doc := new(qgltf.Document)
	if err := json.Unmarshal(jsonData, doc); err != nil {
		return assetErr(ErrInvalid, "", "JSON: %v", err)
	}
	l.doc = doc
	return nil
}

// checkGLBHeader checks the 12-byte GLB header read before the body:
// magic, version and a declared length within max, so that a file that
// is not a GLB, or declares more than the limit, costs 12 bytes of reading.
func checkGLBHeader(head []byte, max int64) error {
	if len(head) < glbHeaderLen {
		return assetErr(ErrInvalid, "GLB", "%d bytes is too short for a GLB header", len(head))
	}
	le := binary.LittleEndian
	if m := le.Uint32(head); m != glbMagic {
		return assetErr(ErrInvalid, "GLB", "bad magic %#08x (not a GLB file)", m)
	}
	if v := le.Uint32(head[4:]); v != 2 {
		return assetErr(ErrInvalid, "GLB", "version %d, want 2", v)
	}
	if n := int64(le.Uint32(head[8:])); n > max {
		return limitErr("GLB", "declared length", n, max)
	}
	return nil
}

// statRegular checks, without opening it, that name is a regular file (or
// a directory, which callers refuse with their own message): a FIFO,
// device or socket would block or stream forever when opened for
// reading, so it is refused. File systems that implement fs.StatFS
// (os.DirFS, os.Root.FS, fstest.MapFS) are checked before any open.
func statRegular(fsys fs.FS, name string) (fs.FileInfo, error) {
	sfs, ok := fsys.(fs.StatFS)
	if !ok {
		return nil, nil
	}
	st, err := sfs.Stat(name)
	if err != nil {
		return nil, &Error{Kind: ErrInvalid, Err: err}
	}
	if err := checkRegular(name, st); err != nil {
		return nil, err
	}
	return st, nil
}

// checkRegular refuses a file that is neither regular nor a directory.
func checkRegular(name string, st fs.FileInfo) error {
	if m := st.Mode(); !m.IsRegular() && !m.IsDir() {
		return assetErr(ErrInvalid, name, "is not a regular file (mode %v): refused, reading it could block", m.Type())
	}
	return nil
}

// openRegular opens name after statRegular, and checks the opened file
// too.
func openRegular(fsys fs.FS, name string) (fs.File, fs.FileInfo, error) {
	if _, err := statRegular(fsys, name); err != nil {
		return nil, nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, nil, &Error{Kind: ErrInvalid, Err: err}
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, &Error{Elem: name, Kind: ErrInvalid, Err: err}
	}
	if st.IsDir() {
		f.Close()
		return nil, nil, assetErr(ErrInvalid, name, "is a directory")
	}
	if err := checkRegular(name, st); err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, st, nil
}

// readLimited reads the file name from fsys, refusing files larger than max
// bytes without reading them whole. what names the limit in errors.
func readLimited(fsys fs.FS, name string, max int64, what string) ([]byte, error) {
	return readLimitedCheck(fsys, name, max, what, nil)
}

// readLimitedCheck is readLimited that first reads up to 12 bytes and
// passes them to check (when not nil), which may refuse the file before
// its body is read.
func readLimitedCheck(fsys fs.FS, name string, max int64, what string, check func(head []byte) error) ([]byte, error) {
	f, st, err := openRegular(fsys, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := st.Size()
	if size > max {
		return nil, limitErr(name, what, size, max)
	}
	var buf bytes.Buffer
	buf.Grow(int(min(size, max)) + 1) // +1 so that ReadFrom sees EOF without growing
	r := io.LimitReader(f, max+1)
	if check != nil {
		head := make([]byte, glbHeaderLen)
		n, err := io.ReadFull(r, head)
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return nil, &Error{Elem: name, Kind: ErrInvalid, Err: err}
		}
		if err := check(head[:n]); err != nil {
			return nil, err
		}
		buf.Write(head[:n])
	}
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, &Error{Elem: name, Kind: ErrInvalid, Err: err}
	}
	if n := int64(buf.Len()); n > max {
		return nil, limitErr(name, what, n, max)
	}
	return buf.Bytes(), nil
}

// splitGLB parses a GLB container (glTF 2.0 §4.4) and returns its JSON and
// BIN chunks (bin is nil when absent). Trailing bytes after the declared
// length are ignored, as are chunks of unknown type after the JSON chunk.
func splitGLB(data []byte) (jsonChunk, bin []byte, err error) {
	bad := func(format string, args ...any) ([]byte, []byte, error) {
		return nil, nil, assetErr(ErrInvalid, "GLB", format, args...)
	}
	if len(data) < glbHeaderLen {
		return bad("%d bytes is too short for a GLB header", len(data))
	}
	le := binary.LittleEndian
	if m := le.Uint32(data); m != glbMagic {
		return bad("bad magic %#08x", m)
	}
	if v := le.Uint32(data[4:]); v != 2 {
		return bad("version %d, want 2", v)
	}
	length := uint64(le.Uint32(data[8:]))
	if length > uint64(len(data)) {
		return bad("declared length %d exceeds the file's %d bytes", length, len(data))
	}
	if length < glbHeaderLen+8 {
		return bad("declared length %d is too small", length)
	}
	data = data[:length]
	off := uint64(glbHeaderLen)
	for i := 0; off < length; i++ {
		if length-off < 8 {
			return bad("chunk %d: truncated chunk header", i)
		}
		clen, ctype := uint64(le.Uint32(data[off:])), le.Uint32(data[off+4:])
		off += 8
		if clen > length-off {
			return bad("chunk %d: length %d exceeds the remaining %d bytes", i, clen, length-off)
		}
		if clen%4 != 0 {
			return bad("chunk %d: length %d is not a multiple of 4", i, clen)
		}
		body := data[off : off+clen]
		off += clen
		switch {
		case i == 0 && ctype != glbChunkJSON:
			return bad("first chunk has type %#08x, want JSON", ctype)
		case i == 0:
			if clen == 0 {
				return bad("empty JSON chunk")
			}
			jsonChunk = body
		case ctype == glbChunkJSON:
			return bad("chunk %d: second JSON chunk", i)
		case ctype == glbChunkBIN && i != 1:
			return bad("chunk %d: BIN chunk must be the second chunk", i)
		case ctype == glbChunkBIN:
			bin = body
		}
	}
	return jsonChunk, bin, nil
}

// checkJSON checks the JSON document's size, syntax and number of values
// before it is decoded, so that decoding cannot take unbounded memory.
func checkJSON(data []byte, lim Limits) error {
	if int64(len(data)) > lim.MaxJSONBytes {
		return limitErr("JSON", "size", int64(len(data)), lim.MaxJSONBytes)
	}
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		return assetErr(ErrInvalid, "JSON", "starts with a byte order mark")
	}
	if !json.Valid(data) {
		// Unmarshal checks the syntax before decoding anything, so this
		// only produces a message with the offset of the error.
		var raw json.RawMessage
		err := json.Unmarshal(data, &raw)
		return assetErr(ErrInvalid, "JSON", "syntax: %v", err)
	}
	if n := countJSONValues(data, lim.MaxJSONValues); n > lim.MaxJSONValues {
		return assetErr(ErrLimit, "JSON", "more than %d values", lim.MaxJSONValues)
	}
	return nil
}

// countJSONValues counts the values (objects, arrays, strings, numbers and
// literals, but not object keys) of a syntactically valid JSON document,
// stopping once the count exceeds max. It allocates nothing. Beyond a
// nesting depth of 64 it counts keys as values too, which only errs on the
// safe side.
func countJSONValues(data []byte, max int) int {
	var objects [64]bool // objects[d] reports whether depth d+1 is an object
	depth, n := 0, 0
	expectKey := false // whether the next string is an object key
	for i := 0; i < len(data) && n <= max; i++ {
		switch c := data[i]; {
		case c == '"':
			j := i + 1
			for j < len(data) && data[j] != '"' {
				if data[j] == '\\' {
					j++
				}
				j++
			}
			if !expectKey {
				n++
			}
			i = j
		case c == '{' || c == '[':
			n++
			depth++
			if depth <= len(objects) {
				objects[depth-1] = c == '{'
			}
			expectKey = c == '{'
		case c == '}' || c == ']':
			depth--
			expectKey = false
		case c == ',':
			expectKey = depth > 0 && depth <= len(objects) && objects[depth-1]
		case c == ':':
			expectKey = false
		case c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n':
			n++
			for i+1 < len(data) && !isJSONDelim(data[i+1]) {
				i++
			}
		}
	}
	return n
}

func isJSONDelim(c byte) bool {
	switch c {
	case ',', ']', '}', ' ', '\t', '\n', '\r', ':':
		return true
	}
	return false
}
