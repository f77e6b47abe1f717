//go:build !amd64 || purego

package render

// jpegRows is roundTrip's forward pass over rows (jpegRowsGo); in this
// build the Go loops.
func jpegRows(b, t *jpegBlock) { jpegRowsGo(b, t) }

// jpegInvCols is roundTrip's inverse pass over columns (jpegInvColsGo);
// in this build the Go loops.
func jpegInvCols(f, t *jpegBlock) { jpegInvColsGo(f, t) }

// jpegInvRows is roundTrip's inverse pass over rows (jpegInvRowsGo); in
// this build the Go loops.
func jpegInvRows(t, b *jpegBlock) { jpegInvRowsGo(t, b) }

// jpegColsQuantize is roundTrip's forward pass over columns, quantized
// (jpegColsQuantizeGo); in this build the Go loops.
func jpegColsQuantize(t, f, q *jpegBlock) { jpegColsQuantizeGo(t, f, q) }
