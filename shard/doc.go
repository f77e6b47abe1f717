// Package shard turns a job spec into a directory of Apache Arrow shards of
// labelled samples, and reads them back.
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
//
// # Files
//
// A job's directory holds data-KKKKK-of-NNNNN.arrow (an Arrow IPC file,
// uncompressed unless the spec asks for zstd) and beside each its sidecar
// data-KKKKK-of-NNNNN.json (rows, bytes, SHA-256, spec hash, generator).
// A shard exists only when its sidecar exists and the file matches it: the
// shard file is written to a hidden temporary file, fsynced and renamed,
// and the sidecar is committed the same way after it (see commitShard).
// Hidden ".data-*.tmp" files are leftovers of interrupted commits.
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
package shard
