package gltf

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors for asset loading. Every error LoadFS returns is an
// *Error that wraps exactly one of them; test with errors.Is.
var (
	// ErrInvalid marks a file that breaks the glTF specification in a
	// way that matters: a dangling reference, data out of bounds, a corrupt
	// container or image, a URI that escapes the asset's directory.
	ErrInvalid = errors.New("invalid asset")
	// ErrLimit marks a file that exceeds one of the Limits.
	ErrLimit = errors.New("asset limit exceeded")
	// ErrUnsupported marks a valid file that uses something this
	// package deliberately does not render: point and line primitives,
	// skinned meshes, required extensions it does not implement, texture
	// formats other than PNG and JPEG.
	ErrUnsupported = errors.New("unsupported asset feature")
)

// Error describes why an asset failed to load. Its message names the
// file and the element, for example
//
//	gltf "shelf.glb": accessor 3: count 4000000000 exceeds limit 10000000
type Error struct {
	File string // the name passed to LoadFS
	Elem string // the element at fault ("accessor 3", "mesh 0 primitive 1: POSITION"), or "" for the file itself
	Kind error  // ErrInvalid, ErrLimit or ErrUnsupported
	Err  error  // the detail, possibly wrapping an fs or decoder error
}

// Error formats the error as `gltf "file": element: detail`.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "gltf %q: ", e.File)
	if e.Elem != "" {
		b.WriteString(e.Elem)
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString(e.Kind.Error())
	}
	return b.String()
}

// Unwrap returns the sentinel kind and the detail, so that errors.Is finds
// both (for example ErrInvalid and fs.ErrNotExist).
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// assetErr builds an Error of the given kind for elem; the file name is
// filled in by LoadFS.
func assetErr(kind error, elem string, format string, args ...any) *Error {
	return &Error{Elem: elem, Kind: kind, Err: fmt.Errorf(format, args...)}
}

// inElem prefixes the element of an Error with an outer context
// ("mesh 2 primitive 0"); other errors are wrapped as invalid.
func inElem(ctx string, err error) error {
	if err == nil {
		return nil
	}
	var ae *Error
	if errors.As(err, &ae) {
		if ae.Elem == "" {
			ae.Elem = ctx
		} else {
			ae.Elem = ctx + ": " + ae.Elem
		}
		return ae
	}
	return &Error{Elem: ctx, Kind: ErrInvalid, Err: err}
}

// limitErr reports that what exceeds limit.
func limitErr(elem, what string, got, limit int64) *Error {
	return assetErr(ErrLimit, elem, "%s %d exceeds limit %d", what, got, limit)
}

// errDetail returns the message of err without the file name, for
// warnings.
func errDetail(err error) string {
	var ae *Error
	if errors.As(err, &ae) && ae.Err != nil {
		if ae.Elem != "" {
			return ae.Elem + ": " + ae.Err.Error()
		}
		return ae.Err.Error()
	}
	return err.Error()
}
