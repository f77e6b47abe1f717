//go:build unix

package regfile

import "syscall"

// oNonblock makes open(2) of a FIFO return at once instead of waiting for
// a writer; it has no effect on a regular file's reads.
const oNonblock = syscall.O_NONBLOCK
