//go:build !linux

package cpustat

// selfName reports that per-thread times are not read on this platform.
func selfName() (string, bool) { return "", false }

// taskReader reads nothing on this platform.
type taskReader struct{}

func newTaskReader() *taskReader { return &taskReader{} }

// read returns nothing on this platform.
func (*taskReader) read() []threadTime { return nil }

func (*taskReader) close() {}

func nameThread(string) error { return nil }
