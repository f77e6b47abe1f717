//go:build unix

package store

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// TestRemoveStaleTempsUsedToKeepThemForever: the temporary files of
// killed commits were never removed. RemoveStaleTemps removes those of
// dead writers and old unlocked ones, and never a live writer's.
func TestRemoveStaleTempsUsedToKeepThemForever(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := DirStore(nil, dir)
	// A live writer of this process: locked, and its pid is alive.
	live, err := st.Create(ctx, "data-00000-of-00002.arrow")
	if err != nil {
		t.Fatal(err)
	}
	defer live.Abort()
	live.Write([]byte("in progress"))
	// A dead writer of this host: a process that has exited.
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no true(1):", err)
	}
	deadPid := strconv.Itoa(cmd.Process.Pid)
	old := time.Now().Add(-2 * StaleTempAge)
	files := map[string]struct {
		old, locked, want bool // want: removed
	}{
		".data-00001-of-00002.arrow." + hostTag() + "." + deadPid + ".123.tmp": {want: true},
		".data-00001-of-00002.json.otherhost.1.456.tmp":                        {},
		".data-00001-of-00002.json.otherhost.1.789.tmp":                        {old: true, want: true},
		".data-00001-of-00002.json.otherhost.1.999.tmp":                        {old: true, locked: true},
		".data-00001-of-00002.arrow.4242.tmp":                                  {old: true, want: true}, // an older synthkit's name
		".data-00001-of-00002.arrow.4243.tmp":                                  {},
		"data-00001-of-00002.arrow.777.tmp":                                    {old: true}, // fileblob's: not ours
	}
	for name, f := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if f.old {
			os.Chtimes(p, old, old)
		}
		if f.locked {
			h, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer h.Close()
			if err := syscall.Flock(int(h.Fd()), syscall.LOCK_EX); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A FIFO named like a temporary file must not block the cleaner.
	syscall.Mkfifo(filepath.Join(dir, ".data-00001-of-00002.arrow.h.1.1.tmp"), 0o644)
	removed, err := RemoveStaleTemps(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range files {
		if slices.Contains(removed, name) != f.want {
			t.Errorf("%s: removed %v, want %v", name, !f.want, f.want)
		}
	}
	if len(removed) != 3 {
		t.Errorf("removed %q", removed)
	}
	if err := live.Commit(); err != nil {
		t.Errorf("the live writer's commit failed after the cleanup: %v", err)
	}
}
