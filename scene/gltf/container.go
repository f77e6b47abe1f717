package gltf

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
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
	data, err := readLimited(l.fsys, name, l.lim.MaxFileBytes, "file size")
	if err != nil {
		return err
	}
	jsonData := data
	if bytes.HasPrefix(data, []byte("glTF")) || strings.EqualFold(path.Ext(name), ".glb") {
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

// readLimited reads the file name from fsys, refusing files larger than max
// bytes without reading them whole. what names the limit in errors.
func readLimited(fsys fs.FS, name string, max int64, what string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, &Error{Kind: ErrInvalid, Err: err}
	}
	defer f.Close()
	var size int64 = -1
	if st, err := f.Stat(); err == nil {
		if st.IsDir() {
			return nil, assetErr(ErrInvalid, name, "is a directory")
		}
		if st.Mode().IsRegular() {
			size = st.Size()
		}
	}
	if size > max {
		return nil, limitErr(name, what, size, max)
	}
	var buf bytes.Buffer
	if size >= 0 {
		buf.Grow(int(size) + 1) // +1 so that ReadFrom sees EOF without growing
	}
	n, err := buf.ReadFrom(io.LimitReader(f, max+1))
	if err != nil {
		return nil, &Error{Elem: name, Kind: ErrInvalid, Err: err}
	}
	if n > max {
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
