package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Temporary files of killed commits.
//
// A DirStore writes every object as a hidden temporary file named
// ".NAME.HOST.PID.RANDOM.tmp" (HOST is the host name with its dots
// replaced, PID the writer's process id) and, on systems with flock(2),
// holds an exclusive lock on it until it closes it, just before the rename
// that publishes it (or the removal that aborts it). A
// process killed in the middle of a commit leaves its temporary file
// behind (24 MB beside a 54 MB dataset after 3 kills); RemoveStaleTemps,
// which job.Run calls before it writes, removes such a file only when
//
//  1. nobody holds its lock (taking it without blocking succeeds: no live
//     writer on any machine whose file system honours the lock), and
//  2. either the file names this host and a process that no longer
//     exists, or it was last written more than StaleTempAge ago (a writer
//     on another machine, or a temporary file of an older synthkit whose
//     name carries no host and pid).
//
// A live writer holds its lock and, between creating the file and taking
// the lock, names a live process of this host or, on another host, has
// just written it; it is never removed. Temporary files of gocloud's
// fileblob (file:// URLs, "NAME.RANDOM.tmp") are left to StaleTempAge alone
// and are not this package's to lock; RemoveStaleTemps leaves them.

// StaleTempAge is how long an unlocked temporary file of another host (or
// without a host and pid in its name) must have been left unwritten before
// RemoveStaleTemps removes it.
const StaleTempAge = 10 * time.Minute

var hostTag = sync.OnceValue(func() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		h = "unknown"
	}
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '/' || r == '*' || r < ' ' {
			return '_'
		}
		return r
	}, h)
})

// tempPattern returns the CreateTemp pattern of a final name: a hidden
// ".name.HOST.PID.*.tmp", which no "*.arrow" or "*.json" glob matches.
func tempPattern(final string) string {
	return "." + final + "." + hostTag() + "." + strconv.Itoa(os.Getpid()) + ".*.tmp"
}

// tempOwner returns the host and pid a temporary file name carries.
func tempOwner(name string) (host string, pid int, ok bool) {
	parts := strings.Split(strings.TrimSuffix(name, ".tmp"), ".")
	if len(parts) < 4 {
		return "", 0, false
	}
	pid, err := strconv.Atoi(parts[len(parts)-2])
	if err != nil || pid <= 0 {
		return "", 0, false
	}
	return parts[len(parts)-3], pid, true
}

// RemoveStaleTemps removes the temporary files of killed commits from st
// when st is a DirStore, under the rules above, and returns their names.
// Other stores have nothing to clean: a bucket publishes nothing of an
// unfinished upload (and S3 lifecycle rules expire its parts).
func RemoveStaleTemps(ctx context.Context, st Store) ([]string, error) {
	s, ok := st.(*dirStore)
	if !ok {
		return nil, nil
	}
	es, err := os.ReadDir(s.dir)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, err
	}
	var removed []string
	for _, e := range es {
		if err := ctx.Err(); err != nil {
			return removed, err
		}
		name := e.Name()
		if !strings.HasPrefix(name, ".") || !IsTempName(name) || !e.Type().IsRegular() {
			continue
		}
		path := filepath.Join(s.dir, name)
		gone, err := removeIfStale(path, name)
		if err != nil {
			return removed, fmt.Errorf("stale temporary file %s: %w", path, err)
		}
		if gone {
			removed = append(removed, name)
		}
	}
	if len(removed) > 0 {
		if err := s.fsys.SyncDir(s.dir); err != nil {
			return removed, fmt.Errorf("fsync %s: %w", s.dir, err)
		}
	}
	return removed, nil
}

// removeIfStale removes the temporary file at path when it is stale.
func removeIfStale(path, name string) (bool, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|oNonblock, 0)
	if os.IsNotExist(err) {
		return false, nil // committed or aborted meanwhile
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return false, err
	}
	locked, err := tryLock(f)
	if err != nil || !locked {
		return false, err // a live writer holds it
	}
	host, pid, named := tempOwner(name)
	dead := named && host == hostTag() && !processAlive(pid)
	old := time.Since(st.ModTime()) > StaleTempAge
	if !dead && !old {
		return false, nil
	}
	if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
		return false, err
	}
	return true, nil
}
