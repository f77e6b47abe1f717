package store

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/fileblob" // file:// URLs

	"github.com/synthkit/synthkit/dataset"
)

// Store is where the files of one dataset live: a local directory
// (DirStore) or a prefix of a bucket (BlobStore, for file://, s3://, gs://,
// azblob:// and mem:// URLs). Names are flat: "data-00003-of-00016.arrow",
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

// OpenStore opens the store at location: a directory path (DirStore over
// OSFS; the directory is created when the first file is written), or a
// gocloud.dev/blob URL (BlobStore). The caller closes the store.
//
// URLs are those of gocloud.dev/blob's URL openers, with two conveniences:
//
//   - the URL's path is the prefix of the dataset in the bucket:
//     "s3://bucket/datasets/v1?region=eu-west-1" holds its files under
//     "datasets/v1/" (gocloud's own "?prefix=" query parameter also works,
//     but not together with a path);
//   - file:///abs/dir defaults to create_dir=1 (the directory is created),
//     no_tmp_dir=1 (temporary files are written beside their final name,
//     so that the rename that publishes them stays on one file system) and
//     metadata=skip (no ".attrs" files beside the shards).
//
// The URL schemes available are those whose drivers are linked in: this
// package links file:// (gocloud.dev/blob/fileblob); a program imports
// gocloud.dev/blob/s3blob, gcsblob, azureblob or memblob for the others.
func OpenStore(ctx context.Context, location string) (Store, error) {
	if !IsURL(location) {
		if location == "" {
			return nil, fmt.Errorf("store: empty location (want a directory or a URL)")
		}
		return DirStore(OSFS(), location), nil
	}
	bu, err := bucketURL(location)
	if err != nil {
		return nil, fmt.Errorf("store %q: %w", location, err)
	}
	b, err := blob.OpenBucket(ctx, bu)
	if err != nil {
		return nil, fmt.Errorf("store %q: %w", location, err)
	}
	return &blobStore{b: b, loc: displayURL(location), own: true}, nil
}

// bucketURL rewrites a dataset URL into the URL gocloud.dev/blob opens:
// the path becomes the prefix, and file:// gets its defaults.
func bucketURL(location string) (string, error) {
	u, err := url.Parse(location)
	if err != nil {
		return "", err
	}
	q := u.Query()
	if u.Scheme == "file" {
		for k, v := range map[string]string{"create_dir": "1", "no_tmp_dir": "1", "metadata": "skip"} {
			if !q.Has(k) {
				q.Set(k, v)
			}
		}
	} else if p := strings.Trim(u.Path, "/"); p != "" {
		if q.Has("prefix") {
			return "", fmt.Errorf("give the prefix as the URL's path or as ?prefix=, not both")
		}
		q.Set("prefix", p+"/")
		u.Path, u.RawPath = "", ""
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// displayURL returns location without its query, for messages.
func displayURL(location string) string {
	if i := strings.IndexByte(location, '?'); i >= 0 {
		location = location[:i]
	}
	return strings.TrimRight(location, "/")
}
