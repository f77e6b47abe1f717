//go:build !amd64

package numerics

// expFMA is false: math.Exp is the same Go code whatever the processor
// (its fusing is the build's, which Fused reports).
func expFMA() bool { return false }
