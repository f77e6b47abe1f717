package store

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gocloud.dev/blob"
	"gocloud.dev/blob/memblob"

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

// dirNames lists the names in dir.
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

// memStore returns a Store on a new in-memory bucket, and the bucket.
func memStore(t testing.TB) (Store, *blob.Bucket) {
	b := memblob.OpenBucket(nil)
	t.Cleanup(func() { b.Close() })
	return BlobStore(b, "mem://test"), b
}
