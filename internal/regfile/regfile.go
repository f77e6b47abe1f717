// Package regfile opens local files that come from outside (shards,
// sidecars, manifests, specs) without ever blocking on one that is not a
// regular file: a FIFO named like a shard would block a plain open(2) for
// read until a writer appears, and a cancelled context cannot interrupt
// a blocked open. Open opens with O_NONBLOCK (where the system has it),
// checks the type of what it opened with fstat, and refuses anything but a
// regular file (FIFOs, sockets, devices, directories) with an error that
// names the file.
package regfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrNotRegular is wrapped by the errors of Open and ReadFile about a path
// that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// Open opens the regular file at path for reading (following symbolic
// links) and returns it with its FileInfo. It never blocks on a FIFO or a
// device: they are refused with an error wrapping ErrNotRegular.
func Open(path string) (*os.File, fs.FileInfo, error) {
	// Stat first: on systems without O_NONBLOCK this is what keeps a FIFO
	// from being opened at all (a symbolic link is followed by Stat).
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, nil, notRegular(path, st.Mode())
	}
	// The file may have been replaced since the Stat: open without
	// blocking and check again what was opened.
	f, err := os.OpenFile(path, os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil, nil, err
	}
	st, err = f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, notRegular(path, st.Mode())
	}
	return f, st, nil
}

// ReadFile reads the regular file at path, refusing one larger than limit
// bytes before reading it (and one that grows past limit while read).
func ReadFile(path string, limit int64) ([]byte, error) {
	f, st, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st.Size() > limit {
		return nil, fmt.Errorf("%s: %d bytes, more than the limit of %d", path, st.Size(), limit)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: more than the limit of %d bytes", path, limit)
	}
	return data, nil
}

func notRegular(path string, m fs.FileMode) error {
	kind := "not a regular file"
	switch {
	case m&fs.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		kind = "a socket"
	case m&fs.ModeDevice != 0:
		kind = "a device"
	case m.IsDir():
		kind = "a directory"
	}
	return fmt.Errorf("%s: %w: it is %s", path, ErrNotRegular, kind)
}
