package store

import (
	"errors"
	"io"
	"io/fs"
	"os"
)

// FS is the set of file-system operations through which a DirStore writes
// shards, sidecars and the manifest. OSFS is the real one; tests inject
// failures (a disk that fills up after N bytes, a directory that refuses
// new files) by wrapping it. Reading goes through package os directly.
// An FS must be safe for concurrent use: a run commits one shard while it
// writes the next.
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
// sidecars it becomes should be (os.CreateTemp makes it 0600), and locks
// it (flock) until it is closed, so that RemoveStaleTemps leaves it alone.
func (osFS) CreateTemp(dir, pattern string) (File, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	if err := lockTemp(f); err != nil {
		f.Close()
		os.Remove(f.Name())
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
