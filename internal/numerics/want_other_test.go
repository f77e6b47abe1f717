//go:build !amd64 && !arm64 && !386

package numerics

func wantFused() (fused, known bool) { return false, false }
