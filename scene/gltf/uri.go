package gltf

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"strings"
)

// uriRef is a parsed glTF URI: embedded data or a relative file path.
type uriRef struct {
	isData  bool
	mime    string // media type of a data: URI, lower case
	payload string // base64 text of a data: URI
	path    string // cleaned relative path of a file, inside the asset's directory
}

// parseURI parses a buffer or image URI. Only two forms are accepted: a
// base64 data: URI, and a relative path that stays inside the asset's
// directory (percent-escapes decoded, as the glTF specification requires).
// Absolute paths, ".." escapes, backslashes, queries, fragments and every
// other scheme (http, file, ...) are refused: nothing is ever fetched from
// outside the asset's directory, let alone the network.
func parseURI(uri string) (uriRef, error) {
	if len(uri) >= 5 && strings.EqualFold(uri[:5], "data:") {
		return parseDataURI(uri[5:])
	}
	short := uri
	if len(short) > 64 {
		short = short[:64] + "..."
	}
	if i := strings.IndexAny(uri, ":/?#"); i >= 0 && uri[i] == ':' {
		scheme := uri[:i]
		if !validScheme(scheme) {
			return uriRef{}, assetErr(ErrInvalid, "", "uri %q: malformed (a colon before the first slash)", short)
		}
		return uriRef{}, assetErr(ErrUnsupported, "", "uri %q: scheme %q not allowed (only data: URIs and relative paths)", short, strings.ToLower(scheme))
	}
	if strings.ContainsAny(uri, "?#") {
		return uriRef{}, assetErr(ErrUnsupported, "", "uri %q: queries and fragments are not supported", short)
	}
	if strings.Contains(uri, `\`) {
		return uriRef{}, assetErr(ErrInvalid, "", "uri %q: backslash in path (use /)", short)
	}
	p, err := url.PathUnescape(uri)
	if err != nil {
		return uriRef{}, assetErr(ErrInvalid, "", "uri %q: %v", short, err)
	}
	switch {
	case strings.ContainsAny(p, "\\\x00"):
		return uriRef{}, assetErr(ErrInvalid, "", "uri %q: backslash or NUL in path", short)
	case strings.HasPrefix(p, "/"):
		return uriRef{}, assetErr(ErrInvalid, "", "uri %q: absolute path", short)
	}
	clean := path.Clean(p)
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return uriRef{}, assetErr(ErrInvalid, "", "uri %q: path escapes the asset's directory", short)
	}
	if clean == "." || !fs.ValidPath(clean) {
		return uriRef{}, assetErr(ErrInvalid, "", "uri %q: not a file path", short)
	}
	return uriRef{path: clean}, nil
}

// validScheme reports whether s is an RFC 3986 scheme.
func validScheme(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range []byte(s) {
		alpha := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !alpha && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}

// parseDataURI parses the part of a data: URI after "data:"
// (RFC 2397: [mediatype][;param=value]*[;base64],data). Only base64 data is
// accepted.
func parseDataURI(rest string) (uriRef, error) {
	meta, payload, ok := strings.Cut(rest, ",")
	if !ok {
		return uriRef{}, assetErr(ErrInvalid, "", "data URI without a comma")
	}
	params := strings.Split(meta, ";")
	if len(params) < 2 || !strings.EqualFold(params[len(params)-1], "base64") {
		return uriRef{}, assetErr(ErrUnsupported, "", "data URI is not base64-encoded")
	}
	for _, p := range params[1 : len(params)-1] {
		if k, _, ok := strings.Cut(p, "="); !ok || k == "" {
			return uriRef{}, assetErr(ErrInvalid, "", "data URI has a malformed parameter %q", p)
		}
	}
	return uriRef{isData: true, mime: strings.ToLower(params[0]), payload: payload}, nil
}

// decode returns the bytes of a data URI, refusing more than max bytes
// before decoding anything.
func (u uriRef) decode(max int64, what string) ([]byte, error) {
	n := int64(base64.StdEncoding.DecodedLen(len(u.payload)))
	if n > max {
		return nil, limitErr("data URI", what, n, max)
	}
	b, err := base64.StdEncoding.DecodeString(u.payload)
	if err != nil {
		return nil, assetErr(ErrInvalid, "data URI", "base64: %v", err)
	}
	return b, nil
}

// filePath returns the path inside fsys of a file URI of the asset.
func (l *loader) filePath(u uriRef) string {
	return path.Join(l.dir, u.path)
}

// loadBuffers reads every buffer: the GLB BIN chunk, data: URIs and
// external files. A buffer without data (no uri outside a GLB's first
// buffer) is left nil and is an error only if an accessor reads it.
func (l *loader) loadBuffers() error {
	doc := l.doc
	l.buffers = make([][]byte, len(doc.Buffers))
	for i, b := range doc.Buffers {
		elem := fmt.Sprintf("buffer %d", i)
		n := b.ByteLength
		if b.URI == "" {
			if i != 0 || !l.isGLB {
				continue
			}
			if l.bin == nil {
				return assetErr(ErrInvalid, elem, "refers to the GLB BIN chunk, which is missing")
			}
			if len(l.bin) < n {
				return assetErr(ErrInvalid, elem, "BIN chunk has %d bytes, byteLength is %d", len(l.bin), n)
			}
			l.buffers[i] = l.bin[:n:n]
			continue
		}
		u, err := parseURI(b.URI)
		if err != nil {
			return inElem(elem, err)
		}
		var data []byte
		if u.isData {
			if u.mime != "application/octet-stream" && u.mime != "application/gltf-buffer" {
				return assetErr(ErrInvalid, elem, "data URI media type %q, want application/octet-stream or application/gltf-buffer", u.mime)
			}
			data, err = u.decode(l.lim.MaxBufferBytes, "buffer size")
		} else {
			data, err = readExact(l.fsys, l.filePath(u), int64(n))
		}
		if err != nil {
			return inElem(elem, err)
		}
		if len(data) < n {
			return assetErr(ErrInvalid, elem, "has %d bytes of data, byteLength is %d", len(data), n)
		}
		l.buffers[i] = data[:n:n]
	}
	return nil
}

// readExact reads the first n bytes of the file name. Validation has
// already bounded n by MaxBufferBytes; the file's size is checked before the
// bytes are allocated, so a tiny file cannot make it allocate n.
func readExact(fsys fs.FS, name string, n int64) ([]byte, error) {
	f, st, err := openRegular(fsys, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st.Size() < n {
		return nil, assetErr(ErrInvalid, name, "has %d bytes, fewer than the %d declared", st.Size(), n)
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(f, buf); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, assetErr(ErrInvalid, name, "has fewer than the %d bytes declared", n)
		}
		return nil, &Error{Elem: name, Kind: ErrInvalid, Err: err}
	}
	return buf, nil
}
