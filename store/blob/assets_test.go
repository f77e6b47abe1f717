package blob_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	_ "github.com/synthkit/synthkit/examples/shelves" // registers "shelves"
	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/product"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"
	"github.com/synthkit/synthkit/store"
	_ "github.com/synthkit/synthkit/store/blob" // file:// and mem://
	"github.com/synthkit/synthkit/store/storetest"
)

// TestAssetsFromBucket: a SKU catalogue read from a bucket URL (here
// file://, the driver every build links; s3://, gs:// and azblob:// go
// through the same code) has the same assets digest as the directory, and
// a shelves job over it writes byte-identical shards. Names outside the
// bucket's prefix cannot be opened.
func TestAssetsFromBucket(t *testing.T) {
	dir := t.TempDir()
	skus := filepath.Join(dir, "skus")
	if _, err := product.Export(context.Background(), skus, 3, 4, product.Options{Resolution: 32, Segments: 8}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("outside the prefix"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := store.OpenStore(ctx, "file://"+filepath.ToSlash(skus))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	as, ok := st.(store.AssetStore)
	if !ok {
		t.Fatalf("%T is not an AssetStore", st)
	}
	bucket, err := as.AssetFS(ctx)
	if err != nil {
		t.Fatal(err)
	}
	disk := os.DirFS(skus)
	want, err := job.AssetsDigest(disk)
	if err != nil {
		t.Fatal(err)
	}
	got, err := job.AssetsDigest(bucket)
	if err != nil || got != want {
		t.Errorf("bucket assets digest %q, %v; the directory's is %q", got, err, want)
	}
	for _, name := range []string{"../secret.txt", "/secret.txt", "a/../../secret.txt"} {
		if f, err := bucket.Open(name); err == nil {
			f.Close()
			t.Errorf("Open(%q) outside the bucket's root succeeded", name)
		}
	}
	if err := fstest.TestFS(bucket, product.CatalogueFile); err != nil {
		t.Errorf("the bucket's file system: %v", err)
	}
	run := func(assets fs.FS) map[string][]byte {
		s, err := job.ParseSpec([]byte("generator: shelves\nseed: 2\nsamples: 2\nwidth: 96\nheight: 72\n" +
			"params: {catalogue: catalogue.json, texture_px: 32}\n"))
		if err != nil {
			t.Fatal(err)
		}
		s.Output = t.TempDir()
		if _, err := job.Run(ctx, s, job.RunOptions{Workers: 1, Assets: assets,
			NewRenderer: func(*job.Spec) (render.Renderer, error) { return soft.New(soft.Options{Workers: 1}), nil }}); err != nil {
			t.Fatal(err)
		}
		return storetest.DirFiles(t, s.Output)
	}
	a, b := run(disk), run(bucket)
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("%d files from the directory, %d from the bucket", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(b[name], data) {
			t.Errorf("%s differs between the directory's assets and the bucket's", name)
		}
	}
}
