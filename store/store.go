package store

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/synthkit/synthkit/dataset"
)

// Store is where the files of one dataset live: a local directory
// (DirStore) or a prefix of a bucket (package store/blob, for file://,
// s3://, gs://, azblob:// and mem:// URLs). Names are flat: "data-00003-of-00016.arrow",
// "data-00003-of-00016.json", "manifest.json".
//
// The commit protocol (commitShard) needs one guarantee of a Store: what is
// written through Create is invisible under its name until Commit returns
// nil, and then replaces any object of that name whole; a write that is
// aborted, fails or whose process dies leaves nothing under the name. A
// directory gets it from a temporary file, fsync and rename; a bucket
// from its writers, which publish an object only when they are closed.
//
// A Store is safe for concurrent use by several goroutines, and several
// processes (on several machines) may write to one location at once.
type Store interface {
	// String returns the location: a directory or a URL.
	String() string
	// Path returns the location of name, for messages.
	Path(name string) string
	// List returns the names of the objects in the store, in no particular
	// order. It fails when the location cannot be read; a directory that
	// does not exist is an error wrapping fs.ErrNotExist.
	List(ctx context.Context) ([]string, error)
	// Open opens an object for reading. A missing object is an error
	// wrapping fs.ErrNotExist. The object read is one version: a
	// concurrent Commit under the same name does not change it.
	Open(ctx context.Context, name string) (ObjectReader, error)
	// Create starts writing the object name; see ObjectWriter.
	Create(ctx context.Context, name string) (ObjectWriter, error)
	// Remove removes the object name, durably where the store can say so
	// (a directory is fsynced). Removing a missing object is not an error.
	Remove(ctx context.Context, name string) error
	// Close releases the store (a bucket connection the store opened).
	Close() error
}

// ObjectReader is an object of a Store opened for reading: a
// dataset.Source.
type ObjectReader = dataset.Source

// ObjectWriter is an object being written. Nothing is visible under its
// name until Commit returns nil; then the object replaces any object of
// that name atomically. Abort discards what was written; it may be called
// after Commit (it then does nothing) and more than once, so that
// "defer w.Abort()" is always safe.
type ObjectWriter interface {
	io.Writer
	// Commit publishes the object. On error nothing new is visible under
	// the name (a directory store removes what it renamed when the
	// directory cannot be fsynced). When the context given to Create is
	// done, Commit fails and publishes nothing.
	Commit() error
	// Abort discards the object unless it was committed.
	Abort()
}

// IsURL reports whether location is a URL ("scheme://...") rather than a
// directory path.
func IsURL(location string) bool {
	i := strings.Index(location, "://")
	if i <= 0 {
		return false
	}
	for _, c := range location[:i] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// URLOpener opens the Store at a URL location ("s3://bucket/prefix").
type URLOpener func(ctx context.Context, location string) (Store, error)

var (
	openersMu sync.RWMutex
	openers   = map[string]URLOpener{}
)

// AssetStore is a Store whose objects can also be read as a file system:
// the stores of URLs (store/blob) are, so that a job's assets (a SKU
// catalogue and its models) can live in object storage beside its
// datasets. Readers of the file system confine and bound what they read
// themselves (fs.ValidPath names, package gltf's limits), as they do on
// disk.
type AssetStore interface {
	Store
	// AssetFS returns the store's objects as a read-only file system, the
	// prefix of the store its root; reads use ctx.
	AssetFS(ctx context.Context) (fs.FS, error)
}

// RegisterScheme makes OpenStore open URLs of scheme ("s3", "file", ...)
// with open. Package store/blob registers file:// and mem://, package
// store/cloud s3://, gs:// and azblob://; this package links no URL
// scheme itself, so that a program that only uses directories downloads
// and compiles no object-store SDK. Registering a scheme twice replaces
// the first opener.
func RegisterScheme(scheme string, open URLOpener) {
	openersMu.Lock()
	defer openersMu.Unlock()
	openers[strings.ToLower(scheme)] = open
}

// Schemes returns the URL schemes OpenStore can open, sorted.
func Schemes() []string {
	openersMu.RLock()
	defer openersMu.RUnlock()
	out := make([]string, 0, len(openers))
	for k := range openers {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// OpenStore opens the store at location: a directory path (DirStore over
// OSFS; the directory is created when the first file is written), or a URL
// whose scheme a linked package registered (RegisterScheme: store/blob for
// file:// and mem://, store/cloud for s3://, gs:// and azblob://). The
// caller closes the store. A URL of a scheme nobody registered is an
// error that says which package to link.
func OpenStore(ctx context.Context, location string) (Store, error) {
	if !IsURL(location) {
		if location == "" {
			return nil, fmt.Errorf("store: empty location (want a directory or a URL)")
		}
		return DirStore(OSFS(), location), nil
	}
	scheme := strings.ToLower(location[:strings.Index(location, "://")])
	openersMu.RLock()
	open := openers[scheme]
	openersMu.RUnlock()
	if open == nil {
		return nil, fmt.Errorf("store %q: no driver for %s:// URLs is linked into this program (import github.com/synthkit/synthkit/store/blob for file:// and mem://, store/cloud for s3://, gs:// and azblob://; synth: build with -tags cloud)", location, scheme)
	}
	return open(ctx, location)
}
