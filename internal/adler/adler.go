// Package adler computes Adler-32 checksums (RFC 1950), the same values as
// hash/adler32, with the bulk of the input summed sixteen bytes at a time
// (SSE2 on amd64) instead of a byte at a time: the PNG writer checksums
// every row it compresses, 2.1 MB a 640×480 sample with its depth and
// instance maps.
package adler

// mod is the Adler-32 modulus, the largest prime below 2^16.
const mod = 65521

// chunk is the most input summed before the sums are reduced mod 65521:
// with 64-bit sums, s2 grows by at most chunk·s1 + 255·chunk²/2 < 2^48
// over one, and the assembly's 32-bit lanes of weighted sums by at most
// 8,160 a block of 16 bytes, 2^29 over one.
const chunk = 1 << 20

// Update returns the Adler-32 checksum of the input whose checksum is
// adler (1 for the empty input) followed by p: Update(adler32.Checksum(a),
// b) is adler32.Checksum of a and b concatenated.
func Update(adler uint32, p []byte) uint32 {
	s1, s2 := uint64(adler&0xffff), uint64(adler>>16)
	for len(p) > 0 {
		n := min(len(p), chunk)
		q := p[:n]
		if blocks := n &^ 15; haveBlocks && blocks > 0 {
			// The blocks' byte sum a and Σ (blocks−i)·q[i] w: byte i
			// is added to s1 once and to s2 once for itself and every
			// byte after it.
			a, w := sumBlocks(q[:blocks])
			s2 += uint64(blocks)*s1 + w
			s1 += a
			q = q[blocks:]
		}
		for _, x := range q {
			s1 += uint64(x)
			s2 += s1
		}
		s1 %= mod
		s2 %= mod
		p = p[n:]
	}
	return uint32(s2<<16 | s1)
}

// sumBlocksGo is sumBlocks a byte at a time: the byte sum of p and
// Σ (len(p)−i)·p[i].
func sumBlocksGo(p []byte) (a, w uint64) {
	for i, x := range p {
		a += uint64(x)
		w += uint64(len(p)-i) * uint64(x)
	}
	return a, w
}
