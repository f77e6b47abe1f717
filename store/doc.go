// Package store is where a dataset's files live and how they get there
// atomically.
//
// A Store (store.go) is a flat set of named objects: DirStore for a local
// directory (store_dir.go: temporary file, fsync, rename, directory fsync,
// written through an FS that tests wrap to inject faults; temporary files
// carry host and pid and are flocked, so that RemoveStaleTemps (stale.go)
// removes those of killed commits and never a live writer's) or the
// gocloud.dev/blob store of package store/blob. OpenStore picks one from a
// location string: a directory, or a URL of a scheme some linked package
// registered (RegisterScheme): store/blob registers file:// and mem://,
// store/cloud s3://, gs:// and azblob:// (package cli, and so synth, links both only with
// -tags cloud). This package imports nothing of gocloud.dev, so that a
// program that never asks for URLs downloads and compiles none of it.
//
// Local files are opened through internal/regfile, which never blocks on a
// FIFO or device named like a shard or sidecar.
//
// # Commit protocol
//
// CommitShard (commit.go) writes a shard file and then its sidecar so
// that a shard exists only when its sidecar exists and the file matches
// it (size and SHA-256), and leaves one valid shard when workers race on
// it or die at any step. Status (status.go) reports which shards of a
// location are complete, missing or corrupt (a sidecar's sample range is
// checked against its spec's plan); Open, OpenWith and OpenStoreReader
// (store_open.go) return a dataset.Reader that checks each shard's SHA-256
// as it reads it, over a complete dataset or, with ReadOptions, one whose
// corrupt or missing shards are skipped and reported;
// ReadManifest reads manifest.json (package job's Finalize writes it).
//
// Data flows one way: job ──► store ──► dataset; store never imports job.
package store
