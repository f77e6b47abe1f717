// Package store is where a dataset's files live and how they get there
// atomically.
//
// A Store (store.go) is a flat set of named objects: DirStore for a local
// directory (store_dir.go: temporary file, fsync, rename, directory fsync,
// written through an FS that tests wrap to inject faults) or BlobStore for
// a gocloud.dev/blob bucket (store_blob.go: an object appears only when
// its writer closes; an aborted one is cancelled, never closed).
// OpenStore picks one from a location string. This package links the
// file:// driver only; package store/cloud links s3://, gs:// and
// azblob:// (cmd/synth imports it with -tags cloud), so that a program
// that never asks for them downloads and compiles no cloud SDK.
//
// # Commit protocol
//
// CommitShard (commit.go) writes a shard file and then its sidecar so
// that a shard exists only when its sidecar exists and the file matches
// it (size and SHA-256), and leaves one valid shard when workers race on
// it or die at any step. Status (status.go) reports which shards of a
// location are complete, missing or corrupt; Open and OpenStoreReader
// (store_open.go) return a dataset.Reader over a complete dataset;
// ReadManifest reads manifest.json (package job's Finalize writes it).
//
// Data flows one way: job ──► store ──► dataset; store never imports job.
package store
