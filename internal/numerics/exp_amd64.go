package numerics

import "golang.org/x/sys/cpu"

// expFMA reports whether math.Exp takes its FMA path on this processor:
// the standard library's test (math/exp_amd64.go) is AVX and FMA.
func expFMA() bool { return cpu.X86.HasAVX && cpu.X86.HasFMA }
