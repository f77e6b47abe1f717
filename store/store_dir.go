package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/synthkit/synthkit/dataset"
)

// DirStore returns the Store of the local directory dir, writing through
// fsys (OSFS() for the real file system; tests wrap it to inject faults)
// and reading through package os. An object is committed as a hidden
// temporary file ".NAME.*.tmp" in dir, written, fsynced, closed, renamed
// to NAME, after which dir is fsynced; Remove fsyncs dir too. The
// directory is created when the first object is written.
func DirStore(fsys FS, dir string) Store {
	if fsys == nil {
		fsys = OSFS()
	}
	return &dirStore{fsys: fsys, dir: dir}
}

type dirStore struct {
	fsys FS
	dir  string
}

func (s *dirStore) String() string          { return s.dir }
func (s *dirStore) Path(name string) string { return filepath.Join(s.dir, name) }
func (s *dirStore) Close() error            { return nil }

func (s *dirStore) List(ctx context.Context) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	es, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(es))
	for _, e := range es {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

func (s *dirStore) Open(ctx context.Context, name string) (ObjectReader, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return dataset.OpenLocal(s.Path(name))
}

func (s *dirStore) Create(ctx context.Context, name string) (ObjectWriter, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := s.fsys.MkdirAll(s.dir); err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	f, err := s.fsys.CreateTemp(s.dir, tempPattern(name))
	if err != nil {
		return nil, err
	}
	return &dirWriter{ctx: ctx, s: s, final: name, f: f, tmp: f.Name()}, nil
}

// Remove removes name and, when there was something to remove, fsyncs the
// directory, so that the removal is durable before what follows it.
func (s *dirStore) Remove(ctx context.Context, name string) error {
	path := s.Path(name)
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err := s.fsys.Remove(path); err != nil {
		return err
	}
	if err := s.fsys.SyncDir(s.dir); err != nil {
		return fmt.Errorf("fsync %s: %w", s.dir, err)
	}
	return nil
}

// dirWriter is an object being written to a temporary file of a dirStore.
type dirWriter struct {
	ctx    context.Context // a cancelled context fails Commit, as a bucket writer's does
	s      *dirStore
	final  string
	f      File
	tmp    string
	closed bool // f is closed
	done   bool // committed or aborted
}

func (w *dirWriter) Write(p []byte) (int, error) { return w.f.Write(p) }

// Commit fsyncs and closes the temporary file, renames it to its final
// name and fsyncs the directory. When that last fsync fails the renamed
// file is removed again: its durability is unknown, and a missing file is
// safer than one that may vanish.
func (w *dirWriter) Commit() error {
	if w.done {
		return errors.New("commit: object already committed or aborted")
	}
	if err := w.ctx.Err(); err != nil {
		w.Abort()
		return err
	}
	if err := w.f.Sync(); err != nil {
		return fmt.Errorf("fsync: %w", err)
	}
	w.closed = true
	if err := w.f.Close(); err != nil {
		return err
	}
	fsys, dir := w.s.fsys, w.s.dir
	final := w.s.Path(w.final)
	if err := fsys.Rename(w.tmp, final); err != nil {
		return err
	}
	w.done = true
	if err := fsys.SyncDir(dir); err != nil {
		_ = fsys.Remove(final)
		return fmt.Errorf("fsync %s: %w", dir, err)
	}
	return nil
}

func (w *dirWriter) Abort() {
	if w.done {
		return
	}
	w.done = true
	if !w.closed {
		w.closed = true
		_ = w.f.Close()
	}
	_ = w.s.fsys.Remove(w.tmp)
}
