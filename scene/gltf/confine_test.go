package gltf

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// recordFS records every path opened through it.
type recordFS struct {
	fs.FS
	mu     sync.Mutex
	opened []string
}

func (r *recordFS) Open(name string) (fs.File, error) {
	r.mu.Lock()
	r.opened = append(r.opened, name)
	r.mu.Unlock()
	return r.FS.Open(name)
}

func TestLoadConfinement(t *testing.T) {
	tests := []struct {
		name string
		uri  string
		kind error
		msg  string
	}{
		{"parent directory", "../secret.bin", ErrInvalid, "escapes the asset's directory"},
		{"parent after a subdirectory", "sub/../../secret.bin", ErrInvalid, "escapes the asset's directory"},
		{"percent-encoded parent", "%2e%2e/secret.bin", ErrInvalid, "escapes the asset's directory"},
		{"absolute path", "/etc/passwd", ErrInvalid, "absolute path"},
		{"percent-encoded absolute path", "%2fetc/passwd", ErrInvalid, "absolute path"},
		{"http", "http://example.com/model.bin", ErrUnsupported, `scheme "http" not allowed`},
		{"file scheme", "file:///etc/passwd", ErrUnsupported, `scheme "file" not allowed`},
		{"windows drive", "C:/secret.bin", ErrUnsupported, `scheme "c" not allowed`},
		{"backslash", `sub\secret.bin`, ErrInvalid, "backslash"},
		{"percent-encoded backslash", `sub%5csecret.bin`, ErrInvalid, "backslash"},
		{"data URI not base64", "data:application/octet-stream,AAAA", ErrUnsupported, "data URI is not base64-encoded"},
		{"data URI bad base64", "data:application/octet-stream;base64,A!!A", ErrInvalid, "base64"},
		{"query", "model.bin?x=1", ErrUnsupported, "queries and fragments"},
		{"bad escape", "model%zz.bin", ErrInvalid, "invalid URL escape"},
		{"empty scheme", ":", ErrInvalid, "malformed"},
	}
	for _, tc := range tests {
		for _, kind := range []string{"buffer", "image"} {
			t.Run(tc.name+"/"+kind, func(t *testing.T) {
				b := newDoc()
				b.scene(b.node(obj{"mesh": b.mesh(b.quad())}))
				if kind == "buffer" {
					b.add("buffers", obj{"uri": tc.uri, "byteLength": 4})
				} else {
					b.add("images", obj{"uri": strings.Replace(tc.uri, "application/octet-stream", "image/png", 1)})
				}
				data := b.glb(t)
				fsys := &recordFS{FS: fstest.MapFS{
					"models/shelf.glb": {Data: data},
					"secret.bin":       {Data: []byte("secret data")},
					"models/model.bin": {Data: []byte("1234")},
				}}
				_, err := LoadFS(fsys, "models/shelf.glb", Limits{})
				if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.msg) {
					t.Errorf("error %v, want %v containing %q", err, tc.kind, tc.msg)
				}
				if !strings.HasPrefix(err.Error(), `gltf "models/shelf.glb": `+kind+" ") {
					t.Errorf("error %q does not name the file and the %s", err, kind)
				}
				for _, p := range fsys.opened {
					if p != "models/shelf.glb" {
						t.Errorf("opened %q", p)
					}
				}
			})
		}
	}
}

func TestLoadInvalidName(t *testing.T) {
	fsys := fstest.MapFS{"a.glb": {Data: []byte("x")}}
	for _, name := range []string{"../a.glb", "/a.glb", ".", "", "a/../a.glb"} {
		if _, err := LoadFS(fsys, name, Limits{}); !errors.Is(err, ErrInvalid) {
			t.Errorf("LoadFS(%q): %v, want ErrInvalid", name, err)
		}
	}
	if _, err := LoadFS(nil, "a.glb", Limits{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("nil fs: %v", err)
	}
}

func TestLoadFileRefusesSymlinkEscape(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.bin")
	models := filepath.Join(dir, "models")
	if err := os.WriteFile(secret, make([]byte, 64), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(models, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(models, "link.bin")); err != nil {
		t.Skip("symlinks unavailable:", err)
	}
	b := newDoc()
	b.scene(b.node(obj{"mesh": b.mesh(b.quad())}))
	b.add("buffers", obj{"uri": "link.bin", "byteLength": 4})
	file := filepath.Join(models, "shelf.glb")
	if err := os.WriteFile(file, b.glb(t), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFile(file, Limits{})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "link.bin") {
		t.Fatalf("error %v, want the symlink refused", err)
	}
	// The same link inside the directory is fine.
	if err := os.WriteFile(filepath.Join(models, "real.bin"), make([]byte, 4), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(models, "link.bin")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.bin", filepath.Join(models, "link.bin")); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(file, Limits{}); err != nil {
		t.Errorf("link inside the directory: %v", err)
	}
}
