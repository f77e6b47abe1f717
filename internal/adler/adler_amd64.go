//go:build amd64 && !purego

package adler

// haveBlocks reports whether sumBlocks is assembly (else Update sums a
// byte at a time).
const haveBlocks = true

// sumBlocks returns the byte sum a of p and w = Σ (len(p)−i)·p[i], for
// len(p) a multiple of 16 up to chunk. Each block of 16 bytes adds its
// byte sum (PSADBW) to a, the sum of the blocks before it to a running
// total that counts 16 times in w, and its bytes weighted 16 down to 1
// (PMADDWD) to w.
//
//go:noescape
func sumBlocks(p []byte) (a, w uint64)
