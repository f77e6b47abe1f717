package blob

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"gocloud.dev/blob"
	"gocloud.dev/blob/memblob"

	"github.com/synthkit/synthkit/store"
	"github.com/synthkit/synthkit/store/storetest"
)

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

// TestObjectWriterAbort runs the store writer contract
// (storetest.WriterAbort) on buckets: in memory and file:// URLs.
func TestObjectWriterAbort(t *testing.T) {
	ctx := context.Background()
	t.Run("mem", func(t *testing.T) {
		st, _ := memStore(t)
		storetest.WriterAbort(t, st, func() []string { n, _ := st.List(ctx); return n })
	})
	t.Run("file URL", func(t *testing.T) {
		dir := t.TempDir()
		st, err := OpenStore(ctx, "file://"+filepath.ToSlash(dir))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		storetest.WriterAbort(t, st, func() []string { return storetest.DirNames(t, dir) })
	})
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

// memStore returns a Store on a new in-memory bucket, and the bucket.
func memStore(t testing.TB) (store.Store, *blob.Bucket) {
	b := memblob.OpenBucket(nil)
	t.Cleanup(func() { b.Close() })
	return BlobStore(b, "mem://test"), b
}
