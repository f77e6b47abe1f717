//go:build unix

package regfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFIFOUsedToBlockOpen: a FIFO with no writer blocked os.Open forever;
// Open and ReadFile refuse it at once (the test would hang, and fail on
// the test timeout, if they still blocked).
func TestFIFOUsedToBlockOpen(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "data-00000-of-00001.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	regular := filepath.Join(dir, "ok.json")
	os.WriteFile(regular, []byte("12345"), 0o644)
	for _, tt := range []struct {
		name, path, err string
	}{
		{"fifo", fifo, "named pipe"},
		{"symlink to fifo", link, "named pipe"},
		{"directory", dir, "directory"},
		{"missing", filepath.Join(dir, "nope"), "no such file"},
		{"too large", regular, "more than the limit"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadFile(tt.path, 4)
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("ReadFile: %v, want %q", err, tt.err)
			}
			if tt.err != "no such file" && tt.err != "more than the limit" && (!errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), tt.path)) {
				t.Errorf("error %v does not wrap ErrNotRegular or name the path", err)
			}
		})
	}
	if data, err := ReadFile(regular, 5); err != nil || string(data) != "12345" {
		t.Errorf("regular file: %q, %v", data, err)
	}
}
