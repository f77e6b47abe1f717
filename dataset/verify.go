package dataset

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
)

// ErrCorrupt is wrapped by the errors of a verifying Reader (Verify) about
// a shard file that does not match its sidecar: other size or SHA-256.
var ErrCorrupt = errors.New("corrupt shard")

// Expect is what a shard file must be, from its sidecar.
type Expect struct {
	Bytes  int64
	SHA256 string // hex
}

// Skipped is a shard file a Reader did not read: corrupt (skipped by
// SkipCorrupt) or left out before reading by whoever built the Reader (a
// store's reader of an incomplete dataset).
type Skipped struct {
	File    string // location, for messages
	Problem string
}

// String formats the shard as "FILE: PROBLEM".
func (s Skipped) String() string { return s.File + ": " + s.Problem }

// Verify makes r check every shard file against expect (one per name, in
// the order of the names) before it decodes any row of it. The check
// costs no second pass: a file is read once, sequentially, hashed on the
// way into memory (or, above SpoolInMemory bytes, into an unlinked
// temporary file), compared with its Expect, and only then parsed, from
// exactly the bytes that were hashed. A mismatch is an error wrapping
// ErrCorrupt that names the file, before any of its samples is returned,
// unless SkipCorrupt. Call it before the first Next.
func (r *Reader) Verify(expect []Expect) error {
	if len(expect) != len(r.names) {
		return fmt.Errorf("verify: %d expectations for %d shard files", len(expect), len(r.names))
	}
	r.expect = expect
	return nil
}

// SkipCorrupt makes a verifying Reader skip a corrupt shard file (it is
// listed by Skipped) instead of failing.
func (r *Reader) SkipCorrupt() { r.skipCorrupt = true }

// AddSkipped records a shard file left out of r by its builder, so that
// Skipped lists it.
func (r *Reader) AddSkipped(s Skipped) { r.skipped = append(r.skipped, s) }

// Skipped returns the shard files not read: those given to AddSkipped and
// the corrupt ones skipped so far.
func (r *Reader) Skipped() []Skipped { return r.skipped }

// SpoolInMemory is the largest shard file a verifying Reader holds in
// memory; larger ones are copied to an unlinked temporary file as they
// are hashed.
const SpoolInMemory = 256 << 20

// loadVerified reads obj (at path) once, sequentially, hashing it, and
// returns a Source over the bytes read when they match exp.
func loadVerified(obj Source, path string, exp Expect) (Source, error) {
	if obj.Size() != exp.Bytes {
		return nil, fmt.Errorf("%w: %s: %d bytes, sidecar says %d (truncated or replaced)", ErrCorrupt, path, obj.Size(), exp.Bytes)
	}
	h := sha256.New()
	var src Source
	if exp.Bytes <= SpoolInMemory {
		buf := make([]byte, exp.Bytes)
		if _, err := io.ReadFull(io.TeeReader(obj, h), buf); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		src = memSource{bytes.NewReader(buf)}
	} else {
		f, err := spool(obj, h, exp.Bytes, path)
		if err != nil {
			return nil, err
		}
		src = &localObject{File: f, size: exp.Bytes}
	}
	if err := checkSum(h, exp, path); err != nil {
		src.Close()
		return nil, err
	}
	return src, nil
}

// spool copies n bytes of obj, through h, into an unlinked temporary file.
func spool(obj Source, h hash.Hash, n int64, path string) (*os.File, error) {
	f, err := os.CreateTemp("", "synthkit-shard-*")
	if err != nil {
		return nil, fmt.Errorf("%s: spool: %w", path, err)
	}
	_ = os.Remove(f.Name()) // the file goes when it is closed
	got, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(obj, n))
	if err == nil && got != n {
		err = fmt.Errorf("%d bytes read, %d expected", got, n)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: spool: %w", path, err)
	}
	return f, nil
}

func checkSum(h hash.Hash, exp Expect, path string) error {
	if got := hex.EncodeToString(h.Sum(nil)); got != exp.SHA256 {
		return fmt.Errorf("%w: %s: sha256 %s, sidecar says %s", ErrCorrupt, path, got, exp.SHA256)
	}
	return nil
}

// memSource is a shard file held in memory.
type memSource struct{ *bytes.Reader }

func (memSource) Close() error { return nil }
