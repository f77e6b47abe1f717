package shard

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// FS is the set of file-system operations through which shards, sidecars
// and the manifest are written. OSFS is the real one; tests inject failures
// (a disk that fills up after N bytes, a directory that refuses new files)
// by wrapping it. Reading goes through package os directly.
type FS interface {
	MkdirAll(dir string) error
	// CreateTemp creates a new file in dir as os.CreateTemp does.
	CreateTemp(dir, pattern string) (File, error)
	Rename(oldpath, newpath string) error
	// Remove removes a file; removing a missing file is not an error.
	Remove(name string) error
	// SyncDir flushes dir's entries (new names, renames) to stable storage.
	SyncDir(dir string) error
}

// File is a file being written through an FS.
type File interface {
	io.Writer
	Name() string
	Sync() error
	Close() error
}

// OSFS returns the FS of the operating system.
func OSFS() FS { return osFS{} }

type osFS struct{}

func (osFS) MkdirAll(dir string) error { return os.MkdirAll(dir, 0o755) }

// CreateTemp creates the file readable by all (0644), as the shards and
// sidecars it becomes should be; os.CreateTemp makes it 0600.
func (osFS) CreateTemp(dir, pattern string) (File, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}

func (osFS) Rename(oldpath, newpath string) error { return os.Rename(oldpath, newpath) }

func (osFS) Remove(name string) error {
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

func (osFS) SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// Sidecar is the JSON file committed after its shard: the shard exists
// only when its sidecar exists and the shard file matches it (Bytes and
// SHA256).
type Sidecar struct {
	Format           int             `json:"format"` // FormatVersion
	File             string          `json:"file"`   // shard file name, in the sidecar's directory
	Shard            int             `json:"shard"`
	NumShards        int             `json:"num_shards"`
	First            int64           `json:"first"` // first sample index
	End              int64           `json:"end"`   // one past the last sample index
	Rows             int64           `json:"rows"`
	Bytes            int64           `json:"bytes"`
	SHA256           string          `json:"sha256"` // hex, of the shard file
	SpecHash         string          `json:"spec_hash"`
	Spec             json.RawMessage `json:"spec"` // canonical spec JSON
	Generator        string          `json:"generator"`
	GeneratorVersion string          `json:"generator_version"`
	Categories       []string        `json:"categories"`
	SynthkitVersion  string          `json:"synthkit_version"`
}

// ErrIncomplete is wrapped by the errors that say a shard is missing,
// truncated or does not match its sidecar.
var ErrIncomplete = errors.New("incomplete shard")

// tempPattern returns the CreateTemp pattern of a final name: a hidden
// ".name.*.tmp", which no "*.arrow" or "*.json" glob matches.
func tempPattern(final string) string { return "." + final + ".*.tmp" }

// isTempName reports whether a directory entry is a temporary file of the
// commit protocol.
func isTempName(name string) bool {
	return strings.HasPrefix(name, ".data-") && strings.HasSuffix(name, ".tmp") ||
		strings.HasPrefix(name, ".manifest.json.") && strings.HasSuffix(name, ".tmp")
}

// hashCounter counts and hashes what passes through it.
type hashCounter struct {
	w io.Writer
	h hash.Hash
	n int64
}

func (c *hashCounter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.h.Write(p[:n])
	c.n += int64(n)
	return n, err
}

// writeTemp writes a new temporary file in dir through fsys with fill,
// flushes and fsyncs it, and returns its name, size and SHA-256. On error
// the temporary file is removed.
func writeTemp(fsys FS, dir, final string, fill func(io.Writer) error) (name string, size int64, sum string, err error) {
	f, err := fsys.CreateTemp(dir, tempPattern(final))
	if err != nil {
		return "", 0, "", err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = fsys.Remove(tmp)
		}
	}()
	hc := &hashCounter{w: f, h: sha256.New()}
	bw := bufio.NewWriterSize(hc, 1<<20)
	if err = fill(bw); err != nil {
		return "", 0, "", err
	}
	if err = bw.Flush(); err != nil {
		return "", 0, "", err
	}
	if err = f.Sync(); err != nil {
		return "", 0, "", fmt.Errorf("fsync: %w", err)
	}
	if err = f.Close(); err != nil {
		return "", 0, "", err
	}
	return tmp, hc.n, hex.EncodeToString(hc.h.Sum(nil)), nil
}

// commitFile atomically replaces dir/final with the content fill writes:
// temporary file, fsync, rename, fsync of the directory. When the final
// fsync fails, the renamed file is removed again: its durability is
// unknown, and a missing file is safer than one that may vanish.
func commitFile(fsys FS, dir, final string, fill func(io.Writer) error) error {
	tmp, _, _, err := writeTemp(fsys, dir, final, fill)
	if err != nil {
		return err
	}
	path := filepath.Join(dir, final)
	if err := fsys.Rename(tmp, path); err != nil {
		_ = fsys.Remove(tmp)
		return err
	}
	if err := fsys.SyncDir(dir); err != nil {
		_ = fsys.Remove(path)
		return fmt.Errorf("fsync %s: %w", dir, err)
	}
	return nil
}

// commitShard writes shard sc.Shard of sc.NumShards into dir so that a
// reader never sees half of it:
//
//  1. the Arrow file is written by fill to a hidden temporary file in dir,
//     hashed on the way, flushed and fsynced;
//  2. an existing sidecar of the shard is removed (and the directory
//     fsynced), so that an old sidecar never describes a new file;
//  3. the temporary file is renamed to data-KKKKK-of-NNNNN.arrow;
//  4. the sidecar, with the size and SHA-256 of step 1, is written the same
//     way (temporary file, fsync, rename): the sidecar comes LAST;
//  5. the directory is fsynced.
//
// Any error removes the temporary files, and after step 3 the renamed
// shard file too, and is returned with the shard's name. On success sc is
// returned with File, Rows, Bytes and SHA256 set.
func commitShard(fsys FS, dir string, sc Sidecar, fill func(io.Writer) (rows int64, err error)) (Sidecar, error) {
	name := ShardFileName(sc.Shard, sc.NumShards)
	side := SidecarFileName(sc.Shard, sc.NumShards)
	fail := func(step string, err error) (Sidecar, error) {
		return Sidecar{}, fmt.Errorf("shard %s: %s: %w", filepath.Join(dir, name), step, err)
	}
	var rows int64
	tmp, size, sum, err := writeTemp(fsys, dir, name, func(w io.Writer) error {
		var err error
		rows, err = fill(w)
		return err
	})
	if err != nil {
		return fail("write", err)
	}
	if rows != sc.End-sc.First {
		_ = fsys.Remove(tmp)
		return fail("write", fmt.Errorf("%d rows written for samples [%d, %d)", rows, sc.First, sc.End))
	}
	sidePath := filepath.Join(dir, side)
	if _, serr := os.Lstat(sidePath); serr == nil {
		if err := fsys.Remove(sidePath); err != nil {
			_ = fsys.Remove(tmp)
			return fail("remove old sidecar", err)
		}
		if err := fsys.SyncDir(dir); err != nil {
			_ = fsys.Remove(tmp)
			return fail("fsync directory", err)
		}
	}
	final := filepath.Join(dir, name)
	if err := fsys.Rename(tmp, final); err != nil {
		_ = fsys.Remove(tmp)
		return fail("rename", err)
	}
	sc.Format, sc.File, sc.Rows, sc.Bytes, sc.SHA256 = FormatVersion, name, rows, size, sum
	if sc.Categories == nil {
		sc.Categories = []string{}
	}
	body, err := json.MarshalIndent(sc, "", "  ")
	if err != nil {
		_ = fsys.Remove(final)
		return fail("sidecar", err)
	}
	body = append(body, '\n')
	if err := commitFile(fsys, dir, side, func(w io.Writer) error {
		_, err := w.Write(body)
		return err
	}); err != nil {
		_ = fsys.Remove(final)
		return fail("sidecar "+side, err)
	}
	return sc, nil
}

// ReadSidecar reads and checks the sidecar at path: it must parse, be of
// FormatVersion, and name the shard its file name says.
func ReadSidecar(path string) (Sidecar, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Sidecar{}, err
	}
	var sc Sidecar
	if err := json.Unmarshal(data, &sc); err != nil {
		return Sidecar{}, fmt.Errorf("sidecar %s: %w", path, err)
	}
	k, n, _, ok := ParseShardFileName(filepath.Base(path))
	switch {
	case sc.Format != FormatVersion:
		return Sidecar{}, fmt.Errorf("sidecar %s: format %d, want %d", path, sc.Format, FormatVersion)
	case ok && (sc.Shard != k || sc.NumShards != n || sc.File != ShardFileName(k, n)):
		return Sidecar{}, fmt.Errorf("sidecar %s: describes shard %d of %d (%q), not its own name", path, sc.Shard, sc.NumShards, sc.File)
	case sc.Rows < 0 || sc.Bytes < 0 || sc.End-sc.First != sc.Rows:
		return Sidecar{}, fmt.Errorf("sidecar %s: inconsistent counts (rows %d, range [%d, %d), bytes %d)", path, sc.Rows, sc.First, sc.End, sc.Bytes)
	}
	// The sidecar is indented; its spec is hashed in its compact form.
	var spec bytes.Buffer
	if err := json.Compact(&spec, sc.Spec); err != nil {
		return Sidecar{}, fmt.Errorf("sidecar %s: spec: %w", path, err)
	}
	if !bytes.HasPrefix(spec.Bytes(), []byte("{")) {
		return Sidecar{}, fmt.Errorf("sidecar %s: spec is not an object", path)
	}
	sc.Spec = spec.Bytes()
	return sc, nil
}

// VerifyShard checks that the shard file of sc in dir has sc's size and
// SHA-256. Errors wrap ErrIncomplete when the file is missing, truncated or
// different.
func VerifyShard(dir string, sc Sidecar) error {
	path := filepath.Join(dir, sc.File)
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w: %s: missing", ErrIncomplete, path)
		}
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() != sc.Bytes {
		return fmt.Errorf("%w: %s: %d bytes, sidecar says %d (truncated or replaced)", ErrIncomplete, path, st.Size(), sc.Bytes)
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sc.SHA256 {
		return fmt.Errorf("%w: %s: sha256 %s, sidecar says %s", ErrIncomplete, path, got, sc.SHA256)
	}
	return nil
}
