package store

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"testing"

	"github.com/synthkit/synthkit/dataset"
)

func TestIsURL(t *testing.T) {
	for in, want := range map[string]bool{
		"s3://b/p": true, "file:///tmp/x": true, "mem://": true, "gs://b": true, "azblob://c/p": true, "git+ssh://x": true,
		"out/basic": false, "/abs/dir": false, "": false, "://x": false, "C:\\data": false, "a b://x": false, "dir/s3://x": false,
	} {
		if got := IsURL(in); got != want {
			t.Errorf("IsURL(%q) = %v", in, got)
		}
	}
}

// TestObjectWriterAbort: an aborted or cancelled object is never visible,
// in a directory (store/blob tests buckets), and leaves no temporary file.
func TestObjectWriterAbort(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		st   func(t *testing.T) (Store, func() []string)
	}{
		{"dir", func(t *testing.T) (Store, func() []string) {
			dir := t.TempDir()
			return DirStore(nil, dir), func() []string { return dirNames(t, dir) }
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st, names := tt.st(t)
			a, b := dataset.ShardFileName(0, 2), dataset.ShardFileName(1, 2)
			w, err := st.Create(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte("half a shard"))
			for _, name := range names() {
				if !IsTempName(name) {
					t.Errorf("visible before commit: %q", name)
				}
			}
			w.Abort()
			w.Abort()
			if err := w.Commit(); err == nil {
				t.Error("Commit after Abort succeeded")
			}
			cctx, cancel := context.WithCancel(ctx)
			w, err = st.Create(cctx, b)
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte("cut short"))
			cancel()
			if err := w.Commit(); err == nil {
				t.Error("Commit with a cancelled context succeeded")
			}
			w.Abort()
			if got := names(); len(got) != 0 {
				t.Errorf("left behind: %q", got)
			}
			if _, err := st.Open(ctx, a); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Open of an aborted object: %v", err)
			}
			if err := st.Remove(ctx, "never.json"); err != nil {
				t.Errorf("Remove of a missing object: %v", err)
			}
		})
	}
}

// dirNames returns the names in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}
