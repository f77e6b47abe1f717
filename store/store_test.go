package store_test

import (
	"testing"

	"github.com/synthkit/synthkit/store"
	"github.com/synthkit/synthkit/store/storetest"
)

func TestIsURL(t *testing.T) {
	for in, want := range map[string]bool{
		"s3://b/p": true, "file:///tmp/x": true, "mem://": true, "gs://b": true, "azblob://c/p": true, "git+ssh://x": true,
		"out/basic": false, "/abs/dir": false, "": false, "://x": false, "C:\\data": false, "a b://x": false, "dir/s3://x": false,
	} {
		if got := store.IsURL(in); got != want {
			t.Errorf("IsURL(%q) = %v", in, got)
		}
	}
}

// TestObjectWriterAbort: an aborted or cancelled object is never visible
// in a directory, and leaves no temporary file (store/blob runs the same
// contract on buckets).
func TestObjectWriterAbort(t *testing.T) {
	dir := t.TempDir()
	storetest.WriterAbort(t, store.DirStore(nil, dir), func() []string { return storetest.DirNames(t, dir) })
}
