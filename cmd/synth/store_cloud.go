//go:build cloud

package main

// With -tags cloud, synth opens s3://, gs:// and azblob:// URLs.
import _ "github.com/synthkit/synthkit/store/cloud"
