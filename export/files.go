package export

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/synthkit/synthkit/internal/atomicfile"
)

// prepareOutput creates dir (and its parents) and, unless overwrite,
// refuses a directory that already holds files, so that an export never
// mixes with the leftovers of another.
func prepareOutput(dir string, overwrite bool) error {
	if dir == "" {
		return errors.New("output: no directory given")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	if overwrite {
		return nil
	}
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	if err != nil && err != io.EOF {
		return fmt.Errorf("output: %w", err)
	}
	if len(names) > 0 {
		return fmt.Errorf("output: %s is not empty (it holds %s); choose another directory, or overwrite (--overwrite)", dir, names[0])
	}
	return nil
}

// writeFile writes data to path, creating its directory.
func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// writeAtomic writes path through fill (see atomicfile.Write), creating
// its directory first.
func writeAtomic(path string, fill func(w io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicfile.Write(path, fill)
}

// spool is a hidden temporary file that collects one section of a JSON
// array (one element per line) until it is copied into its document.
type spool struct {
	f *os.File
	w *bufio.Writer
	n int // elements written
}

func newSpool(dir, name string) (*spool, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return nil, err
	}
	return &spool{f: f, w: bufio.NewWriterSize(f, 1<<16)}, nil
}

// add appends one JSON element, preceded by ",\n" after the first.
func (s *spool) add(elem []byte) error {
	if s.n > 0 {
		if _, err := s.w.WriteString(",\n"); err != nil {
			return err
		}
	}
	s.n++
	_, err := s.w.Write(elem)
	return err
}

// copyTo writes the spooled elements to w.
func (s *spool) copyTo(w io.Writer) error {
	if err := s.w.Flush(); err != nil {
		return err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, s.f)
	return err
}

// remove closes and deletes the spool file; it is safe to call twice.
func (s *spool) remove() {
	if s == nil || s.f == nil {
		return
	}
	s.f.Close()
	os.Remove(s.f.Name())
	s.f = nil
}
