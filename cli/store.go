package cli

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/synthkit/synthkit/store"
)

// Output locations: a directory, or a URL. A default build opens
// directories only; with -tags cloud (store_cloud.go, which imports
// store/cloud and through it store/blob) it opens file://, mem://, s3://,
// gs:// and azblob:// URLs, and links gocloud.dev and the AWS, Google
// Cloud and Azure SDKs.

// openStore opens a dataset location, with a hint when its URL scheme is
// not built in.
func openStore(ctx context.Context, location string) (store.Store, error) {
	if err := checkLocation(location); err != nil {
		return nil, err
	}
	return store.OpenStore(ctx, location)
}

// cloudSchemes are the URL schemes a synth built with -tags cloud opens.
var cloudSchemes = []string{"file", "mem", "s3", "gs", "azblob"}

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
	have := store.Schemes()
	if slices.Contains(have, strings.ToLower(u.Scheme)) {
		return nil
	}
	known := "directories only"
	if len(have) > 0 {
		known = strings.Join(have, ", ")
	}
	if slices.Contains(cloudSchemes, strings.ToLower(u.Scheme)) {
		return fmt.Errorf("%q: %s:// URLs need a synth built with -tags cloud (go build -tags cloud ./cmd/synth); this one opens %s", location, u.Scheme, known)
	}
	return fmt.Errorf("%q: unknown URL scheme %q (this synth opens %s)", location, u.Scheme, known)
}
