package job

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gocloud.dev/blob"
	"gocloud.dev/blob/memblob"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
	blobstore "github.com/synthkit/synthkit/store/blob"
)

// storeHashes returns the SHA-256 of every object of st by name.
func storeHashes(t testing.TB, st store.Store) map[string]string {
	t.Helper()
	ctx := context.Background()
	names, err := st.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, name := range names {
		out[name] = sha256Hex(readObjectBytes(t, st, name))
	}
	return out
}

// memStore returns a Store on a new in-memory bucket, and the bucket.
func memStore(t testing.TB) (store.Store, *blob.Bucket) {
	b := memblob.OpenBucket(nil)
	t.Cleanup(func() { b.Close() })
	return blobstore.BlobStore(b, "mem://test"), b
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
		open func(t *testing.T) store.Store
	}{
		{"dir", func(t *testing.T) store.Store { return store.DirStore(nil, filepath.Join(t.TempDir(), "a", "b")) }},
		{"file URL", func(t *testing.T) store.Store {
			st, err := store.OpenStore(ctx, fileURL)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st
		}},
		{"mem bucket prefix", func(t *testing.T) store.Store {
			return blobstore.BlobStore(blob.PrefixedBucket(mem, "x/ds/"), "mem://x/ds")
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := tt.open(t)
			s := *spec
			s.Output = ""
			res, err := Run(ctx, &s, RunOptions{NewRenderer: softFactory, Workers: 2, Store: st})
			if err != nil || res.Written != 3 {
				t.Fatalf("Run: %v, %d written", err, res.Written)
			}
			rep, err := store.StatusOf(ctx, st)
			if err != nil || !rep.OK() || rep.Rows != 12 {
				t.Fatalf("status %s, %v", rep.Summary(), err)
			}
			if _, err := FinalizeStore(ctx, st, FinalizeOptions{}); err != nil {
				t.Fatal(err)
			}
			if got := storeHashes(t, st); !mapsEqual(got, want) {
				t.Errorf("files differ from the directory's:\n%v\n%v", got, want)
			}
			r, err := store.OpenStoreReader(ctx, st)
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

// faultStore wraps a Store and fails on command: writes after a byte
// budget, the n-th Create, or the n-th Commit. Every failure says
// "injected".
type faultStore struct {
	store.Store
	mu           sync.Mutex
	spaceLeft    int64 // < 0: unlimited
	failCreate   int   // 1-based; 0 never
	failCommit   int   // 1-based; 0 never
	creates      int
	commits      int
	beforeCommit func(name string) // called before each Commit, when set
	afterCreate  func(name string) // called after each Create that succeeds, when set
}

func (f *faultStore) Create(ctx context.Context, name string) (store.ObjectWriter, error) {
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
	if f.afterCreate != nil {
		f.afterCreate(name)
	}
	return &faultWriter{ObjectWriter: w, f: f, name: name}, nil
}

type faultWriter struct {
	store.ObjectWriter
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
	sidecarBytes := int64(len(readObjectBytes(t, probe, dataset.SidecarFileName(0, 3))))
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
				want = append(want, dataset.ShardFileName(k, 3), dataset.SidecarFileName(k, 3))
			}
			if !slices.Equal(names, want) {
				t.Errorf("bucket holds %q, want %q", names, want)
			}
			if len(tt.complete) > 0 {
				rep, err := store.StatusOf(context.Background(), st)
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
func readObjectBytes(t testing.TB, st store.Store, name string) []byte {
	t.Helper()
	obj, err := st.Open(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	defer obj.Close()
	b, err := io.ReadAll(obj)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRunOverlapsCommits: the next shard is being written while a shard
// commits (shard 0's commit waits until shard 1's object exists, which a
// writer that commits before it starts the next shard never gets to),
// shards still complete in order (shard 1's commit comes after shard
// 0's), and the bytes are those of a run into a plain store.
func TestRunOverlapsCommits(t *testing.T) {
	spec := parse(t, smallSpec)
	ref, _ := memStore(t)
	s := *spec
	if _, err := Run(context.Background(), &s, RunOptions{NewRenderer: softFactory, Workers: 2, Store: ref}); err != nil {
		t.Fatal(err)
	}
	st, _ := memStore(t)
	created1 := make(chan struct{})
	var (
		once    sync.Once
		mu      sync.Mutex
		commits []string
		waited  bool
	)
	shard0, shard1 := dataset.ShardFileName(0, 3), dataset.ShardFileName(1, 3)
	f := &faultStore{Store: st, spaceLeft: -1,
		afterCreate: func(name string) {
			if name == shard1 {
				once.Do(func() { close(created1) })
			}
		},
		beforeCommit: func(name string) {
			if name == shard0 {
				select {
				case <-created1:
					waited = true
				case <-time.After(20 * time.Second):
				}
			}
			mu.Lock()
			commits = append(commits, name)
			mu.Unlock()
		}}
	s = *spec
	if _, err := Run(context.Background(), &s, RunOptions{NewRenderer: softFactory, Workers: 2, Store: f}); err != nil {
		t.Fatal(err)
	}
	if !waited {
		t.Error("shard 1 was not started while shard 0 committed")
	}
	var shardCommits []string
	for _, c := range commits {
		if strings.HasSuffix(c, ".arrow") {
			shardCommits = append(shardCommits, c)
		}
	}
	if want := []string{shard0, shard1, dataset.ShardFileName(2, 3)}; !slices.Equal(shardCommits, want) {
		t.Errorf("shard files committed in the order %q, want %q", shardCommits, want)
	}
	for k := range 3 {
		for _, name := range []string{dataset.ShardFileName(k, 3), dataset.SidecarFileName(k, 3)} {
			if !bytes.Equal(readObjectBytes(t, st, name), readObjectBytes(t, ref, name)) {
				t.Errorf("%s differs from the plain run's", name)
			}
		}
	}
}
