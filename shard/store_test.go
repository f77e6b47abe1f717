package shard

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"gocloud.dev/blob"
	"gocloud.dev/blob/memblob"
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

func TestBucketURL(t *testing.T) {
	for _, tt := range []struct{ in, want, err string }{
		{"s3://bucket", "s3://bucket", ""},
		{"s3://bucket/", "s3://bucket/", ""},
		{"s3://bucket/datasets/v1?region=eu-west-1", "s3://bucket?prefix=datasets%2Fv1%2F&region=eu-west-1", ""},
		{"gs://bucket/a/b/", "gs://bucket?prefix=a%2Fb%2F", ""},
		{"s3://bucket?prefix=x/", "s3://bucket?prefix=x%2F", ""},
		{"s3://bucket/p?prefix=x/", "", "not both"},
		{"mem://x/ds", "mem://x?prefix=ds%2F", ""},
		{"file:///data/ds", "file:///data/ds?create_dir=1&metadata=skip&no_tmp_dir=1", ""},
		{"file:///data/ds?metadata=", "file:///data/ds?create_dir=1&metadata=&no_tmp_dir=1", ""},
		{"s3://bucket/%zz", "", "invalid URL escape"},
	} {
		got, err := bucketURL(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("bucketURL(%q) = %q, %v, want error %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("bucketURL(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
	}
}

// storeHashes returns the SHA-256 of every object of st by name.
func storeHashes(t testing.TB, st Store) map[string]string {
	t.Helper()
	ctx := context.Background()
	names, err := st.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, name := range names {
		_, sum, err := hashStored(ctx, st, name)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = sum
	}
	return out
}

// memStore returns a Store on a new in-memory bucket, and the bucket.
func memStore(t testing.TB) (Store, *blob.Bucket) {
	b := memblob.OpenBucket(nil)
	t.Cleanup(func() { b.Close() })
	return BlobStore(b, "mem://test"), b
}

// TestStoresEndToEnd generates the same job into a directory, a file://
// URL and an in-memory bucket (under a prefix), and requires identical
// bytes, working Status, Finalize, Open and Verify everywhere, a re-run
// that skips every shard and a forced one that rewrites them identically.
func TestStoresEndToEnd(t *testing.T) {
	spec := parse(t, smallSpec)
	ctx := context.Background()
	ref := t.TempDir()
	run(t, spec, ref, RunOptions{Workers: 2})
	if _, err := Finalize(ref, FinalizeOptions{}); err != nil {
		t.Fatal(err)
	}
	want := fileHashes(t, ref)
	fileURL := "file://" + filepath.ToSlash(filepath.Join(t.TempDir(), "ds"))
	mem := memblob.OpenBucket(nil)
	defer mem.Close()
	for _, tt := range []struct {
		name string
		open func(t *testing.T) Store
	}{
		{"dir", func(t *testing.T) Store { return DirStore(nil, filepath.Join(t.TempDir(), "a", "b")) }},
		{"file URL", func(t *testing.T) Store {
			st, err := OpenStore(ctx, fileURL)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st
		}},
		{"mem bucket prefix", func(t *testing.T) Store { return BlobStore(blob.PrefixedBucket(mem, "x/ds/"), "mem://x/ds") }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := tt.open(t)
			s := *spec
			s.Output = ""
			res, err := Run(ctx, &s, RunOptions{NewRenderer: softFactory, Workers: 2, Store: st})
			if err != nil || res.Written != 3 {
				t.Fatalf("Run: %v, %d written", err, res.Written)
			}
			rep, err := StatusOf(ctx, st)
			if err != nil || !rep.OK() || rep.Rows != 12 {
				t.Fatalf("status %s, %v", rep.Summary(), err)
			}
			if _, err := FinalizeStore(ctx, st, FinalizeOptions{}); err != nil {
				t.Fatal(err)
			}
			if got := storeHashes(t, st); !mapsEqual(got, want) {
				t.Errorf("files differ from the directory's:\n%v\n%v", got, want)
			}
			r, err := OpenStoreReader(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			if rows := readAll(t, r); len(rows) != 12 || rows[11].Index != 11 {
				t.Errorf("read %d rows", len(rows))
			}
			r.Close()
			vr, err := Verify(ctx, st, VerifyOptions{Samples: 2, Seed: 1, NewRenderer: softFactory, Workers: 2})
			if err != nil || !vr.OK() || vr.Rows != 6 || vr.Shards != 3 {
				t.Errorf("verify: %v, %s", err, vr.Summary())
			}
			res, err = Run(ctx, &s, RunOptions{NewRenderer: softFactory, Workers: 2, Store: st})
			if err != nil || res.Skipped != 3 || res.Written != 0 {
				t.Errorf("re-run: %v, %d skipped, %d written", err, res.Skipped, res.Written)
			}
			res, err = Run(ctx, &s, RunOptions{NewRenderer: softFactory, Workers: 2, Store: st, Force: true, Shards: []int{1}})
			if err != nil || res.Written != 1 {
				t.Errorf("forced re-run: %v, %d written", err, res.Written)
			}
			if got := storeHashes(t, st); !mapsEqual(got, want) {
				t.Errorf("files differ after a forced re-run")
			}
		})
	}
	// file:// wrote a plain directory: no .attrs files, no temporary files.
	if got := fileHashes(t, strings.TrimPrefix(fileURL, "file://")); !mapsEqual(got, want) {
		t.Errorf("file:// directory holds %v", got)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestObjectWriterAbort: an aborted or cancelled object is never visible,
// in a directory or a bucket, and leaves no temporary file.
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
		{"mem", func(t *testing.T) (Store, func() []string) {
			st, _ := memStore(t)
			return st, func() []string { n, _ := st.List(ctx); return n }
		}},
		{"file URL", func(t *testing.T) (Store, func() []string) {
			dir := t.TempDir()
			st, err := OpenStore(ctx, "file://"+filepath.ToSlash(dir))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st, func() []string { return dirNames(t, dir) }
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st, names := tt.st(t)
			a, b := ShardFileName(0, 2), ShardFileName(1, 2)
			w, err := st.Create(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte("half a shard"))
			for _, name := range names() {
				if !isTempName(name) {
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

// TestBlobObjectSpool reads a blob through ReadAt (as Arrow does) with
// the spool in memory and on disk, and through Read.
func TestBlobObjectSpool(t *testing.T) {
	ctx := context.Background()
	st, b := memStore(t)
	data := make([]byte, 5000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	if err := b.WriteAll(ctx, "x", data, nil); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int64{1 << 20, 100} {
		obj, err := st.Open(ctx, "x")
		if err != nil {
			t.Fatal(err)
		}
		obj.(*blobObject).memLimit = limit
		got := make([]byte, 100)
		if n, err := obj.ReadAt(got, 4900); err != nil || n != 100 || string(got) != string(data[4900:]) {
			t.Errorf("limit %d: ReadAt = %d, %v", limit, n, err)
		}
		if all, err := io.ReadAll(obj); err != nil || string(all) != string(data) {
			t.Errorf("limit %d: Read after ReadAt: %d bytes, %v", limit, len(all), err)
		}
		if (obj.(*blobObject).file != nil) != (limit < 5000) {
			t.Errorf("limit %d: spooled to disk = %v", limit, obj.(*blobObject).file != nil)
		}
		obj.Close()
	}
	obj, _ := st.Open(ctx, "x")
	defer obj.Close()
	buf := make([]byte, 10)
	obj.Read(buf)
	if _, err := obj.ReadAt(buf, 0); err == nil {
		t.Error("ReadAt after Read succeeded")
	}
}

// faultStore wraps a Store and fails on command: writes after a byte
// budget, the n-th Create, or the n-th Commit. Every failure says
// "injected".
type faultStore struct {
	Store
	mu           sync.Mutex
	spaceLeft    int64 // < 0: unlimited
	failCreate   int   // 1-based; 0 never
	failCommit   int   // 1-based; 0 never
	creates      int
	commits      int
	beforeCommit func(name string) // called before each Commit, when set
}

func (f *faultStore) Create(ctx context.Context, name string) (ObjectWriter, error) {
	f.mu.Lock()
	f.creates++
	fail := f.creates == f.failCreate
	f.mu.Unlock()
	if fail {
		return nil, fmt.Errorf("create %s: injected failure: permission denied", name)
	}
	w, err := f.Store.Create(ctx, name)
	if err != nil {
		return nil, err
	}
	return &faultWriter{ObjectWriter: w, f: f, name: name}, nil
}

type faultWriter struct {
	ObjectWriter
	f    *faultStore
	name string
}

func (w *faultWriter) Write(p []byte) (int, error) {
	w.f.mu.Lock()
	n := len(p)
	if w.f.spaceLeft >= 0 {
		n = int(min(int64(n), w.f.spaceLeft))
		w.f.spaceLeft -= int64(n)
	}
	w.f.mu.Unlock()
	m, err := w.ObjectWriter.Write(p[:n])
	if err == nil && m < len(p) {
		err = fmt.Errorf("write %s: injected failure: quota exceeded", w.name)
	}
	return m, err
}

func (w *faultWriter) Commit() error {
	if w.f.beforeCommit != nil {
		w.f.beforeCommit(w.name)
	}
	w.f.mu.Lock()
	w.f.commits++
	fail := w.f.commits == w.f.failCommit
	w.f.mu.Unlock()
	if fail {
		w.ObjectWriter.Abort()
		return fmt.Errorf("close %s: injected failure: upload rejected", w.name)
	}
	return w.ObjectWriter.Commit()
}

// TestBlobStoreFailingWrites runs a job into a bucket whose writes fail at
// various points: the error is clear and names the shard, and no object
// of the failed shard is committed (completed shards stay complete).
func TestBlobStoreFailingWrites(t *testing.T) {
	spec := parse(t, smallSpec)
	probe, _ := memStore(t)
	s := *spec
	res, err := Run(context.Background(), &s, RunOptions{NewRenderer: softFactory, Workers: 1, Store: probe, Shards: []int{0}})
	if err != nil {
		t.Fatal(err)
	}
	shardBytes := res.Shards[0].Sidecar.Bytes
	sidecarBytes := int64(len(readObjectBytes(t, probe, SidecarFileName(0, 3))))
	for _, tt := range []struct {
		name     string
		fs       *faultStore
		want     string
		complete []int // shards complete afterwards
	}{
		{"quota at once", &faultStore{spaceLeft: 0}, "quota exceeded", nil},
		{"quota mid-shard", &faultStore{spaceLeft: 20000}, "quota exceeded", nil},
		{"quota in the second shard", &faultStore{spaceLeft: shardBytes + sidecarBytes + 20000}, "quota exceeded", []int{0}},
		{"quota at the sidecar", &faultStore{spaceLeft: shardBytes + 10}, "quota exceeded", nil},
		{"create refused", &faultStore{spaceLeft: -1, failCreate: 1}, "permission denied", nil},
		{"shard upload rejected", &faultStore{spaceLeft: -1, failCommit: 1}, "upload rejected", nil},
		{"sidecar upload rejected", &faultStore{spaceLeft: -1, failCommit: 2}, "upload rejected", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st, b := memStore(t)
			fst := tt.fs
			fst.Store = st
			s := *spec
			_, err := Run(context.Background(), &s, RunOptions{NewRenderer: softFactory, Workers: 2, Store: fst})
			if err == nil {
				t.Fatal("Run succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "mem://test/data-0000") {
				t.Errorf("error %q does not name the shard and %q", err, tt.want)
			}
			var names []string
			it := b.List(nil)
			for {
				o, err := it.Next(context.Background())
				if err == io.EOF {
					break
				}
				names = append(names, o.Key)
			}
			var want []string
			for _, k := range tt.complete {
				want = append(want, ShardFileName(k, 3), SidecarFileName(k, 3))
			}
			if !slices.Equal(names, want) {
				t.Errorf("bucket holds %q, want %q", names, want)
			}
			if len(tt.complete) > 0 {
				rep, err := StatusOf(context.Background(), st)
				if err != nil || !slices.Equal(rep.Complete, tt.complete) {
					t.Errorf("status %s, %v", rep.Summary(), err)
				}
			}
		})
	}
}

// sha256Hex returns the hex SHA-256 of b.
func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// readObjectBytes returns the content of name in st.
func readObjectBytes(t testing.TB, st Store, name string) []byte {
	t.Helper()
	b, err := readAllBounded(context.Background(), st, name, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
