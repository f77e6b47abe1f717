package gltf

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
)

// TestDatalessAccessorRefusedCheaply: a 288-byte GLB whose POSITION
// accessor has 9,999,999 vertices and no bufferView used to cost 1.07 GB
// before failing with an error that named no file.
func TestDatalessAccessorRefusedCheaply(t *testing.T) {
	js := []byte(`{"asset":{"version":"2.0"},"scene":0,"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],` +
		`"meshes":[{"primitives":[{"attributes":{"POSITION":0}}]}],` +
		`"accessors":[{"componentType":5126,"count":9999999,"type":"VEC3","min":[0,0,0],"max":[1,1,1]}]}`)
	glb := makeGLB(js, nil)
	fsys := fstest.MapFS{"hostile.glb": {Data: glb}}
	_, err := LoadFS(fsys, "hostile.glb", Limits{})
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), `"hostile.glb"`) || !strings.Contains(err.Error(), "without a bufferView") {
		t.Fatalf("%d-byte GLB: err = %v, want ErrLimit naming the file and the data-less accessor", len(glb), err)
	}
}

// TestNotGLBRefusedBeforeBody: a .glb that does not start with the GLB
// magic, or declares more than MaxFileBytes, is refused after reading its
// 12-byte header.
func TestNotGLBRefusedBeforeBody(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"bad magic", append([]byte("NOTAGLBFILE!"), make([]byte, 4096)...), "bad magic"},
		{"huge declared", append([]byte{'g', 'l', 'T', 'F', 2, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f}, make([]byte, 64)...), "declared length"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadFS(fstest.MapFS{"a.glb": {Data: c.data}}, "a.glb", Limits{MaxFileBytes: 1 << 20})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
		})
	}
}

// TestFIFOAssetRefused: a FIFO as the GLB, or as a buffer URI target,
// used to block open forever; it is refused before being opened.
func TestFIFOAssetRefused(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "m.glb"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "data.bin"), 0o644); err != nil {
		t.Fatal(err)
	}
	js := `{"asset":{"version":"2.0"},"buffers":[{"uri":"data.bin","byteLength":12}]}`
	if err := os.WriteFile(filepath.Join(dir, "m.gltf"), []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"m.glb", "m.gltf"} {
		_, err := LoadFile(filepath.Join(dir, name), Limits{})
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("%s: err = %v, want a refusal of the FIFO", name, err)
		}
	}
}

// TestBudgetWaitKeepsCache: a reservation that must wait for another
// one evicts nothing, since eviction cannot make it fit. It used to
// empty the cache, so that with several workers every waiting load
// threw away every memoised model (the ten-texture catalogue of issue 17
// loaded its ten models 207 times).
func TestBudgetWaitKeepsCache(t *testing.T) {
	b := NewBudget(100)
	if _, err := b.Memo("model", func() (any, int64, error) { return 1, 10, nil }); err != nil {
		t.Fatal(err)
	}
	if err := b.Reserve(60, "first decode"); err != nil {
		t.Fatal(err)
	}
	b.mu.Lock()
	fits := b.fitsLocked(60) // a second 60-byte decode: 60+60 > 100 whatever is evicted
	b.mu.Unlock()
	if st := b.Stats(); fits || st.Entries != 1 || st.Evicted != 0 {
		t.Errorf("fits %v, stats %+v: want no room and the memoised model kept", fits, st)
	}
	b.Release(60)
	b.mu.Lock()
	fits = b.fitsLocked(95) // now eviction makes room
	b.mu.Unlock()
	if st := b.Stats(); !fits || st.Entries != 0 || st.Evicted != 1 || st.Peak != 70 {
		t.Errorf("fits %v, stats %+v: want the model evicted for the 95 bytes, peak 70", fits, st)
	}
}

// TestBudget: Memo keeps values within the budget, evicting the least
// recently used; Reserve refuses more than the whole budget.
func TestBudget(t *testing.T) {
	b := NewBudget(100)
	load := func(n int64) func() (any, int64, error) {
		return func() (any, int64, error) { return n, n, nil }
	}
	for _, k := range []string{"a", "b", "c"} {
		if _, err := b.Memo(k, load(40)); err != nil {
			t.Fatal(err)
		}
	}
	if st := b.Stats(); st.Used != 80 || st.Entries != 2 || st.Evicted != 1 {
		t.Errorf("stats %+v, want 2 entries of 40 bytes after one eviction", st)
	}
	if _, err := b.Memo("big", load(101)); !errors.Is(err, ErrBudget) {
		t.Errorf("a 101-byte value in a 100-byte budget: err = %v", err)
	}
	if err := b.Reserve(101, "x"); !errors.Is(err, ErrBudget) {
		t.Errorf("Reserve(101) = %v", err)
	}
	if err := b.Reserve(60, "x"); err != nil {
		t.Fatal(err)
	}
	if st := b.Stats(); st.Used > 100 {
		t.Errorf("used %d over the budget", st.Used)
	}
	b.Release(60)
	for _, c := range []struct {
		in   string
		want int64
	}{{"512M", 512 << 20}, {"2G", 2 << 30}, {"1024", 1024}, {"unbounded", 0}, {"64MiB", 64 << 20}} {
		if got, err := ParseBytes(c.in); err != nil || got != c.want {
			t.Errorf("ParseBytes(%q) = %d, %v, want %d", c.in, got, err, c.want)
		}
	}
	if _, err := ParseBytes("lots"); err == nil {
		t.Error("ParseBytes(lots) accepted")
	}
}
