// Package cloud links the cloud object-store drivers of gocloud.dev/blob
// into a program, so that store.OpenStore opens their URLs:
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
// Package store itself links only file:// (and a program may add
// gocloud.dev/blob/memblob for mem://), so that a program that reads or
// writes local datasets downloads and compiles none of the cloud SDKs.
// cmd/synth imports this package only when built with -tags cloud.
package cloud

import (
	_ "gocloud.dev/blob/azureblob" // azblob://
	_ "gocloud.dev/blob/gcsblob"   // gs://
	_ "gocloud.dev/blob/s3blob"    // s3://
)
