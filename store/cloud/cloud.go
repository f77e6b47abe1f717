// Package cloud links the cloud object-store drivers of gocloud.dev/blob
// into a program and registers their URL schemes with store.OpenStore
// (through package store/blob, which adds file:// and mem://):
//
//   - s3://bucket/prefix (AWS S3 and S3-compatible stores:
//     ?region=..., ?endpoint=...&use_path_style=true; the AWS SDK's usual
//     credentials);
//   - gs://bucket/prefix (Google Cloud Storage, Application Default
//     Credentials);
//   - azblob://container/prefix (Azure Blob Storage, AZURE_STORAGE_ACCOUNT
//     and the Azure SDK's credentials).
//
// It has no API: import it for its side effect,
//
//	import _ "github.com/synthkit/synthkit/store/cloud"
//
// Package store links no URL scheme at all and store/blob only file://
// and mem://, so that a program that reads or writes local datasets
// downloads and compiles none of the cloud SDKs. Package cli (synth) imports this
// package only when built with -tags cloud.
package cloud

import (
	_ "gocloud.dev/blob/azureblob" // azblob://
	_ "gocloud.dev/blob/gcsblob"   // gs://
	_ "gocloud.dev/blob/s3blob"    // s3://

	"github.com/synthkit/synthkit/store/blob"
)

func init() { blob.Register("s3", "gs", "azblob") }
