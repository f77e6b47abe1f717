// Package storetest holds the contract tests every store.Store
// implementation must pass, shared by the tests of package store (the
// directory store) and of store/blob (buckets), so that the rules are
// written once.
package storetest

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
)

// WriterAbort checks the writer contract on st: an object being written
// is not visible under its name before Commit; an aborted one, or one
// whose context was cancelled before Commit, is never visible and leaves
// no temporary object behind; Abort is idempotent and Commit after it
// fails; removing a missing object is not an error. names lists what the
// store's location holds (temporary objects included); st must be empty.
func WriterAbort(t *testing.T, st store.Store, names func() []string) {
	t.Helper()
	ctx := context.Background()
	a, b := dataset.ShardFileName(0, 2), dataset.ShardFileName(1, 2)
	w, err := st.Create(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("half a shard")); err != nil {
		t.Fatal(err)
	}
	for _, name := range names() {
		if !store.IsTempName(name) {
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
	if _, err := w.Write([]byte("cut short")); err != nil {
		t.Fatal(err)
	}
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
}

// DirNames returns the names of the entries of dir, failing t when it
// cannot be read.
func DirNames(t testing.TB, dir string) []string {
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

// DirFiles returns the bytes of every file directly in dir, by name.
func DirFiles(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, name := range DirNames(t, dir) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		out[name] = b
	}
	return out
}
