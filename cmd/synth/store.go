package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/memblob" // mem:// (a bucket in memory, for one command: benchmarks)
	_ "gocloud.dev/blob/s3blob"  // s3:// (AWS S3 and S3-compatible stores: ?endpoint=...&use_path_style=true)

	"github.com/synthkit/synthkit/shard"
)

// Output locations: a directory, or a gocloud.dev/blob URL. file://, mem://
// and s3:// are always built in; gs:// and azblob:// need -tags cloud
// (store_cloud.go), which adds the Google Cloud and Azure SDKs to the
// binary.

// openStore opens a dataset location, with a hint when its URL scheme is
// not built in.
func openStore(ctx context.Context, location string) (shard.Store, error) {
	if err := checkLocation(location); err != nil {
		return nil, err
	}
	return shard.OpenStore(ctx, location)
}

// checkLocation returns an error naming the build tag when location is a
// URL whose scheme this build cannot open.
func checkLocation(location string) error {
	if !shard.IsURL(location) {
		return nil
	}
	u, err := url.Parse(location)
	if err != nil {
		return fmt.Errorf("%q: %w", location, err)
	}
	if blob.DefaultURLMux().ValidBucketScheme(u.Scheme) {
		return nil
	}
	known := strings.Join(blob.DefaultURLMux().BucketSchemes(), ", ")
	if u.Scheme == "gs" || u.Scheme == "azblob" {
		return fmt.Errorf("%q: this synth was built without %s:// support (build it with -tags cloud); it has: %s", location, u.Scheme, known)
	}
	return fmt.Errorf("%q: unknown URL scheme %q (this synth has: %s)", location, u.Scheme, known)
}
