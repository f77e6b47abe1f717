//go:build amd64 && !purego

package render

import "sync"

// jpegRows is roundTrip's forward pass over rows, jpegRowsGo's sums:
// SSE2 assembly (postjpeg_amd64.s), each row's samples packed to 16 bits
// and multiplied by the basis with PMADDWD, exact in 32 bits as the Go
// code is (jpegKBits' bounds).
func jpegRows(b, t *jpegBlock) { jpegRowsSSE2(b, t, jpegRowK()) }

// jpegInvCols is roundTrip's inverse pass over columns, jpegInvColsGo's
// sums: SSE2 assembly, the eight columns side by side, the dequantized
// coefficients (below 2^11) packed to 16 bits and multiplied by the basis
// with PMADDWD.
func jpegInvCols(f, t *jpegBlock) { jpegInvColsSSE2(f, t, jpegColK()) }

// jpegInvRows is roundTrip's inverse pass over rows, jpegInvRowsGo's
// results: SSE2 assembly, each row's 64-bit sums taken exactly in 32-bit
// pieces (jpegInvRowsSSE2).
func jpegInvRows(t, b *jpegBlock) { jpegInvRowsSSE2(t, b, jpegInvRowK()) }

// jpegColsQuantize is roundTrip's forward pass over columns, quantized,
// jpegColsQuantizeGo's results: the sums by SSE2 assembly
// (jpegColSumsSSE2) as two 32-bit parts, F = 256·hi + lo, put together
// in 64 bits for quantize.
func jpegColsQuantize(t, f, q *jpegBlock) {
	var hi, lo jpegBlock
	jpegColSumsSSE2(t, &hi, &lo, jpegColSumK())
	for i := range f {
		f[i] = quantize(int64(hi[i])<<8+int64(lo[i]), q[i])
	}
}

//go:noescape
func jpegRowsSSE2(b, t *jpegBlock, k *[4][8]int16)

//go:noescape
func jpegColSumsSSE2(t, hi, lo *jpegBlock, k *[8][2][8]int16)

//go:noescape
func jpegInvRowsSSE2(t, b *jpegBlock, k *[4][8]int16)

//go:noescape
func jpegInvColsSSE2(f, t *jpegBlock, k *[4][4][8]int16)

// jpegPairs are the frequencies the SSE2 passes take two at a time: the
// even ones (0, 2), (4, 6), then the odd ones (1, 3), (5, 7), in the
// order of their basis tables' rows.
var jpegPairs = [4][2]int{{0, 2}, {4, 6}, {1, 3}, {5, 7}}

// jpegRowK returns jpegRowsSSE2's basis: K[u][0:4] for u = 0, 2, then
// 4, 6, then 1, 3, then 5, 7, two frequencies to a row (the four
// products of each frequency summed by PMADDWD's pairs and one add).
var jpegRowK = sync.OnceValue(func() *[4][8]int16 {
	k := jpegK()
	var t [4][8]int16
	for i, pair := range jpegPairs {
		for h, u := range pair {
			for x := range 4 {
				t[i][4*h+x] = int16(k[u][x])
			}
		}
	}
	return &t
})

// jpegColK returns jpegInvColsSSE2's basis: for each y < 4 the pairs
// (K[0][y], K[2][y]), (K[4][y], K[6][y]), (K[1][y], K[3][y]) and (K[5][y],
// K[7][y]), each four times (one pair a column of the interleaved rows).
var jpegColK = sync.OnceValue(func() *[4][4][8]int16 {
	k := jpegK()
	var t [4][4][8]int16
	for y := range 4 {
		for i, pair := range jpegPairs {
			for c := range 4 {
				t[y][i][2*c], t[y][i][2*c+1] = int16(k[pair[0]][y]), int16(k[pair[1]][y])
			}
		}
	}
	return &t
})

// jpegInvRowK returns jpegInvRowsSSE2's basis: the pairs (K[u][x],
// K[u'][x]) of x = 0..3 for (u, u') = (0, 2), (4, 6), (1, 3), (5, 7).
var jpegInvRowK = sync.OnceValue(func() *[4][8]int16 {
	k := jpegK()
	var t [4][8]int16
	for i, pair := range jpegPairs {
		for x := range 4 {
			t[i][2*x], t[i][2*x+1] = int16(k[pair[0]][x]), int16(k[pair[1]][x])
		}
	}
	return &t
})

// jpegColSumK returns jpegColSumsSSE2's basis: for each frequency v the
// pairs (K[v][0], K[v][1]) and (K[v][2], K[v][3]), each four times.
var jpegColSumK = sync.OnceValue(func() *[8][2][8]int16 {
	k := jpegK()
	var t [8][2][8]int16
	for v := range 8 {
		for i := range 2 {
			for c := range 4 {
				t[v][i][2*c], t[v][i][2*c+1] = int16(k[v][2*i]), int16(k[v][2*i+1])
			}
		}
	}
	return &t
})
