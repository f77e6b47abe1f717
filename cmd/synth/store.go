package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/memblob" // mem:// (a bucket in memory, for one command: benchmarks)

	"github.com/synthkit/synthkit/store"
)

// Output locations: a directory, or a gocloud.dev/blob URL. file:// and
// mem:// are always built in; s3://, gs:// and azblob:// need -tags cloud
// (store_cloud.go, which imports store/cloud), which adds the AWS, Google
// Cloud and Azure SDKs to the binary.

// openStore opens a dataset location, with a hint when its URL scheme is
// not built in.
func openStore(ctx context.Context, location string) (store.Store, error) {
	if err := checkLocation(location); err != nil {
		return nil, err
	}
	return store.OpenStore(ctx, location)
}

// checkLocation returns an error naming the build tag when location is a
// URL whose scheme this build cannot open.
func checkLocation(location string) error {
	if !store.IsURL(location) {
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
	if u.Scheme == "s3" || u.Scheme == "gs" || u.Scheme == "azblob" {
		return fmt.Errorf("%q: %s:// needs a synth built with -tags cloud (go build -tags cloud ./cmd/synth); this one has: %s", location, u.Scheme, known)
	}
	return fmt.Errorf("%q: unknown URL scheme %q (this synth has: %s)", location, u.Scheme, known)
}
