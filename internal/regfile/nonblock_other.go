//go:build !unix

package regfile

// oNonblock is 0 where the system has no O_NONBLOCK: Open relies on its
// Stat before opening.
const oNonblock = 0
