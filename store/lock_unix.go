//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

const oNonblock = syscall.O_NONBLOCK

// lockTemp takes the exclusive lock a writer holds on its temporary file
// until it is renamed or removed (closing the file releases it).
func lockTemp(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) }

// tryLock takes f's lock without blocking; false when another holds it.
func tryLock(f *os.File) (bool, error) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}

// processAlive reports whether a process of this host has pid (a process
// of another user counts as alive).
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
