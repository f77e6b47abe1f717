//go:build (amd64 && !amd64.v3) || 386

package numerics

func wantFused() (fused, known bool) { return false, true }
