// Package shard turns a job spec into a dataset of Apache Arrow shards of
// labelled samples in a directory or a bucket, reads them back, and
// verifies them.
//
// Data flows one way:
//
//	Spec (YAML/JSON, spec.go) ──► Plan (plan.go): shard k holds samples [k·S, min((k+1)·S, n))
//	Run (run.go), for each shard, for each sample i, on Workers goroutines:
//	    generator.NewContext(seed, i, …) → Generator.Sample → Renderer.Render
//	    → labels.Extract → encode PNG/JPEG, depth and instance PNGs, objects (pipeline.go)
//	  rows are written strictly in index order (a bounded reorder window)
//	  by a Writer (writer.go) into Arrow record batches of an IPC file,
//	  committed atomically with its sidecar (commit.go)
//	Finalize (manifest.go) ──► manifest.json from the verified sidecars
//	Open (reader.go) ──► Samples, in order
//	Verify (verify.go, compare.go) ──► re-render sampled rows, compare them
//
// # Stores
//
// Every file goes through a Store (store.go): DirStore for a local
// directory (store_dir.go: temporary file, fsync, rename, directory fsync,
// written through an FS that tests wrap to inject faults) or BlobStore for
// a gocloud.dev/blob bucket (store_blob.go: file://, s3://, gs://,
// azblob://, mem://; an object appears only when its writer closes, and an
// aborted one is cancelled, never closed). OpenStore picks one from a
// location string. Run, StatusOf, FinalizeStore, OpenStoreReader and Verify
// take a Store; Status, Finalize, Open and ReadManifest take a directory or
// a URL.
//
// # Array jobs
//
// Any engine can run the shards: shard k of a spec is the same bytes
// wherever and however often it is generated, Run skips shards that exist
// and verify, and the commit protocol (CommitShard) leaves one valid
// shard when workers race on it or die at any step. IndexFromEnv (index.go)
// reads a task's shard index from a Kubernetes Indexed Job
// (JOB_COMPLETION_INDEX) or a Slurm array (SLURM_ARRAY_TASK_ID, normalized
// with SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_STEP); Spec.SetNumShards
// splits a job into a given number of shards.
//
// # Files
//
// A job's directory holds data-KKKKK-of-NNNNN.arrow (an Arrow IPC file,
// uncompressed unless the spec asks for zstd) and beside each its sidecar
// data-KKKKK-of-NNNNN.json (rows, bytes, SHA-256, spec hash, generator).
// A shard exists only when its sidecar exists and the file matches it: the
// shard file is committed first (in a directory: a hidden temporary file,
// fsynced and renamed), the sidecar the same way after it, and the shard
// is then read back and hashed (see CommitShard). Hidden ".data-*.tmp"
// files are leftovers of interrupted commits.
// Finalize writes manifest.json.
//
// # Schema
//
// NewSchema (schema.go) is the one place where column types are decided.
// One row per sample: index int64, seed uint64, then the spec's label
// columns: image, depth, instances (Hugging Face Image structs:
// struct<bytes: binary, path: string>), objects (list<struct>) and camera
// (struct). Every field is nullable, binary and strings use 32-bit offsets,
// list children are named "item". The schema metadata holds "huggingface"
// (the datasets features, so `datasets` decodes the image columns as
// images) and "synthkit" (the canonical spec, its hash, the generator's
// name and version, the category list and the encodings).
//
// # Reading
//
// Open reads a directory whose shards are all complete (sidecar present,
// size matching; Status also compares SHA-256), OpenFiles any shard files.
// Shard files are outside input: before arrow-go parses one, checkIPCFile
// (ipccheck.go) checks the flatbuffer lengths of its footer and record
// batch messages, and every record batch's offsets are validated, so a
// malformed file gives an error, not a panic or an unbounded allocation.
//
// # Determinism
//
// The bytes of every shard depend only on the spec and the code: not on
// Workers, the reorder window, the order shards are generated in, the
// output directory, the time or the machine. Sample i draws its
// randomness from generator.SampleSeed(seed, i) alone; metadata is encoded
// in a fixed order; nothing records a time.
package dataset
