// Package blob is the Store of a gocloud.dev/blob bucket: BlobStore for a
// bucket a program opened, OpenStore for a URL. Importing it registers
// file:// and mem:// URLs with store.OpenStore; package store/cloud
// registers s3://, gs:// and azblob:// on top.
//
// An object appears only when its bucket writer closes; an aborted one is
// cancelled first and never published (see BlobStore). Reads are of one
// version of an object: the first ReadAt spools the body of the single
// GET to memory or to a temporary file.
//
// Package store links no part of gocloud.dev, so that a program that only
// reads and writes directories (the default build of synth) downloads and
// compiles none of it; this package brings gocloud's core (and with it
// gRPC, OpenTelemetry and google.golang.org/api), store/cloud the cloud
// SDKs.
package blob
