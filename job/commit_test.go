package job

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
	"github.com/synthkit/synthkit/store/storetest"
)

// faultFS wraps OSFS and fails on command: the disk fills up after
// spaceLeft bytes (ENOSPC), the n-th CreateTemp or Rename fails, or
// SyncDir fails. It is safe for concurrent use, as an FS must be.
type faultFS struct {
	store.FS
	mu          sync.Mutex
	spaceLeft   int64 // bytes writable in all files; < 0 means unlimited
	failCreate  int   // 1-based CreateTemp call that fails with EACCES; 0 never
	failRename  int   // 1-based Rename call that fails; 0 never
	failSyncDir bool
	creates     int
	renames     int
}

func newFaultFS() *faultFS { return &faultFS{FS: store.OSFS(), spaceLeft: -1} }

func (f *faultFS) CreateTemp(dir, pattern string) (store.File, error) {
	f.mu.Lock()
	f.creates++
	fail := f.creates == f.failCreate
	f.mu.Unlock()
	if fail {
		return nil, &os.PathError{Op: "open", Path: filepath.Join(dir, pattern), Err: syscall.EACCES}
	}
	file, err := f.FS.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	return &faultFile{File: file, fs: f}, nil
}

func (f *faultFS) Rename(oldpath, newpath string) error {
	f.mu.Lock()
	f.renames++
	fail := f.renames == f.failRename
	f.mu.Unlock()
	if fail {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: syscall.EIO}
	}
	return f.FS.Rename(oldpath, newpath)
}

func (f *faultFS) SyncDir(dir string) error {
	if f.failSyncDir {
		return syscall.EIO
	}
	return f.FS.SyncDir(dir)
}

type faultFile struct {
	store.File
	fs *faultFS
}

func (f *faultFile) Write(p []byte) (int, error) {
	f.fs.mu.Lock()
	n := len(p)
	if f.fs.spaceLeft >= 0 {
		n = int(min(int64(n), f.fs.spaceLeft))
		f.fs.spaceLeft -= int64(n)
	}
	f.fs.mu.Unlock()
	n, err := f.File.Write(p[:n])
	if err == nil && n < len(p) {
		err = &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
	}
	return n, err
}

// dirNames lists the names in dir.
func dirNames(t *testing.T, dir string) []string { return storetest.DirNames(t, dir) }

// fillSamples is a commitShard fill that writes n fake samples.
func fillSamples(t *testing.T, schema *dataset.Schema, n int) func(io.Writer) (int64, error) {
	return func(w io.Writer) (int64, error) {
		wr, err := dataset.NewWriter(w, schema, dataset.WriterOptions{})
		if err != nil {
			return 0, err
		}
		for i := range n {
			if err := wr.Write(fakeSample(int64(i), 2000)); err != nil {
				wr.Abort()
				return 0, err
			}
		}
		if err := wr.Close(); err != nil {
			return 0, err
		}
		return wr.Rows(), nil
	}
}

func testSidecar(k, n int) dataset.Sidecar {
	return dataset.Sidecar{Shard: k, NumShards: n, First: int64(k) * 4, End: int64(k)*4 + 4, Identity: dataset.Identity{SpecHash: "h", Spec: []byte("{}")}}
}

func TestCommitShard(t *testing.T) {
	schema, err := dataset.NewSchema(testInfo(t, "generator: basic\nsamples: 8\nsamples_per_shard: 4\n"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sc, err := store.CommitShard(context.Background(), store.DirStore(store.OSFS(), dir), testSidecar(1, 2), fillSamples(t, schema, 4))
	if err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{"data-00001-of-00002.arrow", "data-00001-of-00002.json"}) {
		t.Errorf("directory holds %q", got)
	}
	read, err := store.ReadSidecar(filepath.Join(dir, "data-00001-of-00002.json"))
	if err != nil {
		t.Fatal(err)
	}
	if read.Rows != 4 || read.Bytes == 0 || len(read.SHA256) != 64 || read.File != "data-00001-of-00002.arrow" || read.Format != dataset.FormatVersion {
		t.Errorf("sidecar %+v", read)
	}
	if err := store.VerifyShard(dir, sc); err != nil {
		t.Error(err)
	}
	for _, name := range dirNames(t, dir) {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, %v", name, fi.Mode(), err)
		}
	}
	// Replacing a committed shard leaves one shard and one sidecar.
	if _, err := store.CommitShard(context.Background(), store.DirStore(store.OSFS(), dir), testSidecar(1, 2), fillSamples(t, schema, 4)); err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, dir); len(got) != 2 {
		t.Errorf("after replacing: %q", got)
	}
}

// TestCommitShardFailures injects failures at every step and checks that
// the error is clear and that nothing that looks like a complete shard or
// a temporary file is left behind.
func TestCommitShardFailures(t *testing.T) {
	schema, err := dataset.NewSchema(testInfo(t, "generator: basic\nsamples: 8\nsamples_per_shard: 4\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		setup func(*faultFS)
		want  string
	}{
		{"disk full at once", func(f *faultFS) { f.spaceLeft = 0 }, "no space left on device"},
		{"disk full after 1000 bytes", func(f *faultFS) { f.spaceLeft = 1000 }, "no space left on device"},
		{"disk full in the middle", func(f *faultFS) { f.spaceLeft = 5000 }, "no space left on device"},
		{"disk full at the sidecar", func(f *faultFS) { f.spaceLeft = 1 << 40 }, ""}, // set below from the shard size
		{"unwritable directory", func(f *faultFS) { f.failCreate = 1 }, "permission denied"},
		{"sidecar not creatable", func(f *faultFS) { f.failCreate = 2 }, "permission denied"},
		{"rename of the shard fails", func(f *faultFS) { f.failRename = 1 }, "input/output error"},
		{"rename of the sidecar fails", func(f *faultFS) { f.failRename = 2 }, "input/output error"},
		{"directory fsync fails", func(f *faultFS) { f.failSyncDir = true }, "input/output error"},
		{"short shard", func(f *faultFS) {}, "3 rows written for samples [0, 4)"},
	}
	// The size of the shard, to fill the disk exactly at the sidecar.
	probe := t.TempDir()
	sc, err := store.CommitShard(context.Background(), store.DirStore(store.OSFS(), probe), testSidecar(0, 2), fillSamples(t, schema, 4))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			f := newFaultFS()
			tt.setup(f)
			want := tt.want
			if tt.want == "" {
				f.spaceLeft, want = sc.Bytes+10, "no space left on device"
			}
			n := 4
			if tt.name == "short shard" {
				n = 3
			}
			_, err := store.CommitShard(context.Background(), store.DirStore(f, dir), testSidecar(0, 2), fillSamples(t, schema, n))
			if err == nil {
				t.Fatal("commit succeeded")
			}
			if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "data-00000-of-00002.arrow") {
				t.Errorf("error %q does not name the shard and %q", err, want)
			}
			if got := dirNames(t, dir); len(got) != 0 {
				t.Errorf("left behind %q", got)
			}
		})
	}
}

// TestCommitKeepsOldShardOnFailure: a failed re-commit of a complete shard
// leaves either the old shard with its sidecar, or no sidecar, never a
// sidecar that does not match.
func TestCommitKeepsOldShardOnFailure(t *testing.T) {
	schema, err := dataset.NewSchema(testInfo(t, "generator: basic\nsamples: 8\nsamples_per_shard: 4\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, setup := range []func(*faultFS){
		func(f *faultFS) { f.spaceLeft = 100 },
		func(f *faultFS) { f.failRename = 1 },
		func(f *faultFS) { f.failCreate = 2 },
	} {
		dir := t.TempDir()
		if _, err := store.CommitShard(context.Background(), store.DirStore(store.OSFS(), dir), testSidecar(0, 1), fillSamples(t, schema, 4)); err != nil {
			t.Fatal(err)
		}
		f := newFaultFS()
		setup(f)
		if _, err := store.CommitShard(context.Background(), store.DirStore(f, dir), testSidecar(0, 1), fillSamples(t, schema, 4)); err == nil {
			t.Fatal("commit succeeded")
		}
		sc, err := store.ReadSidecar(filepath.Join(dir, dataset.SidecarFileName(0, 1)))
		if errors.Is(err, os.ErrNotExist) {
			continue // no sidecar: the shard is missing, as it should be
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := store.VerifyShard(dir, sc); err != nil {
			t.Errorf("sidecar left that does not match its shard: %v", err)
		}
		for _, name := range dirNames(t, dir) {
			if store.IsTempName(name) {
				t.Errorf("temporary file %s left", name)
			}
		}
	}
}

func TestVerifyShard(t *testing.T) {
	schema, err := dataset.NewSchema(testInfo(t, "generator: basic\nsamples: 8\nsamples_per_shard: 4\n"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sc, err := store.CommitShard(context.Background(), store.DirStore(store.OSFS(), dir), testSidecar(0, 2), fillSamples(t, schema, 4))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, sc.File)
	data, _ := os.ReadFile(path)
	for _, tt := range []struct {
		name   string
		mutate func()
		want   string
	}{
		{"truncated", func() { os.WriteFile(path, data[:len(data)-9], 0o644) }, "truncated or replaced"},
		{"flipped byte", func() {
			d := slices.Clone(data)
			d[len(d)/2] ^= 1
			os.WriteFile(path, d, 0o644)
		}, "sha256"},
		{"missing", func() { os.Remove(path) }, "missing"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.mutate()
			err := store.VerifyShard(dir, sc)
			if !errors.Is(err, store.ErrIncomplete) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("VerifyShard = %v, want %q", err, tt.want)
			}
			os.WriteFile(path, data, 0o644)
		})
	}
}

func TestReadSidecarErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := `{"format":1,"file":"data-00001-of-00002.arrow","shard":1,"num_shards":2,"first":4,"end":8,"rows":4,"spec":{"a": 1}}`
	for _, tt := range []struct{ name, body, want string }{
		{"data-00001-of-00002.json", good[:20], "unexpected end"},
		{"data-00001-of-00002.json", strings.Replace(good, `"spec":{"a": 1}`, `"spec":null`, 1), "spec is not an object"},
		{"data-00001-of-00002.json", strings.Replace(good, `"format":1`, `"format":9`, 1), "format 9"},
		{"data-00000-of-00002.json", good, "not its own name"},
		{"data-00001-of-00002.json", strings.Replace(good, `"rows":4`, `"rows":3`, 1), "inconsistent counts"},
	} {
		_, err := store.ReadSidecar(write(tt.name, tt.body))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %s: %v, want %q", tt.name, tt.body, err, tt.want)
		}
		os.Remove(filepath.Join(dir, tt.name))
	}
	if sc, err := store.ReadSidecar(write("data-00001-of-00002.json", good)); err != nil || string(sc.Spec) != `{"a":1}` {
		t.Errorf("good sidecar: %v, spec %s", err, sc.Spec)
	}
}
