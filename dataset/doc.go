// Package dataset is the row layout of a synthkit dataset and the code
// that writes and reads it: Arrow IPC shard files of labelled samples, one
// row per sample, and the types of the JSON files beside them. It imports
// arrow-go, labels and scene only: a program that reads shards links no
// generator, renderer or cloud SDK.
//
// # Row layout
//
// columns.go is the one definition of the columns: index int64, seed
// uint64, then the label columns image, depth, instances (Hugging Face
// Image structs: struct<bytes: binary, path: string>), objects
// (list<struct>) and camera (struct), each with its Arrow type, how the
// Writer appends it from a Sample and how the Reader decodes it. NewSchema
// (schema.go) builds the Arrow schema and the Hugging Face features from
// that table for a job's Info; every field is nullable, binary and strings
// use 32-bit offsets, list children are named "item". The schema metadata
// holds "huggingface" (the datasets features) and "synthkit" (the job's
// Identity: canonical spec, spec hash, generator name and version,
// category list; and the encodings).
//
// # Data in and out
//
//	Sample ──► Writer (writer.go) ──► record batches of an IPC file on any io.Writer
//	Files/Source ──► Reader (reader.go) ──► Samples, in order
//
// Shard files are outside input: before arrow-go parses one, ipccheck.go
// checks the flatbuffer lengths of its footer and record batch messages,
// and every record batch's offsets are validated, so a malformed file is
// an error, not a panic or an unbounded allocation. WriteStream
// (stream.go) copies a shard as an IPC stream for readers that accept
// only streams.
//
// # Files beside the shards
//
// names.go names the files (data-KKKKK-of-NNNNN.arrow and its sidecar
// data-KKKKK-of-NNNNN.json); sidecar.go and manifest.go hold the Sidecar
// and Manifest types, both embedding the job's Identity (its JSON fields
// sit in the same place as before it was one type). Writing them
// atomically is package store's job; making the rows is package job's.
package dataset
