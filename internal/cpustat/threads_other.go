//go:build !linux

package cpustat

// selfName reports that per-thread times are not read on this platform.
func selfName() (string, bool) { return "", false }

// readThreads returns nothing on this platform.
func readThreads() []threadTime { return nil }

func nameThread(string) error { return nil }
