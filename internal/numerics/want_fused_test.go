//go:build amd64.v3 || arm64

package numerics

func wantFused() (fused, known bool) { return true, true }
