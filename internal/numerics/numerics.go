// Package numerics names the floating-point behaviour of this build on
// this processor: what decides whether two nodes running the same job
// produce the same bytes.
//
// Go lets the compiler fuse x*y + z into one fused multiply-add, rounded
// once instead of twice ("An implementation may combine multiple
// floating-point operations into a single fused operation", the
// language specification), and it does so on arm64, ppc64, s390x,
// riscv64 and loong64, and on amd64 when built with GOAMD64=v3 or v4,
// never on amd64 v1 or v2 (the default). Independently of the build, the
// standard library's math.Exp on amd64 takes an FMA path at run time when
// the processor has AVX and FMA (and with it math.Pow, which calls it).
// Either changes results in the last bits, and a rendered image, a box or
// a camera matrix by a code or an ulp now and then: a GOAMD64=v3 build of
// synth writes other shard bytes for the same job than the default build
// (measured: 13 to 452 of 307,200 colour pixels of a shelves sample
// differ by a code; depth and instance maps were the same).
//
// Profile says which of these apply, so that a shard records what it was
// made with and a verifier can tell a node whose numbers differ from one
// that cheated.
package numerics

import (
	"runtime"
	"runtime/debug"
)

// Profile returns this process's floating-point profile: GOARCH, then
// "fused" or "unfused" (whether this build fuses multiply-adds), then, for
// a fused build made with profile-guided optimisation, "pgo", then on
// amd64 "exp-fma" or "exp-nofma" (math.Exp's path on this processor),
// joined by "/": "amd64/unfused/exp-fma" for the default build on a
// processor of the last decade. Two processes with the same Profile and
// the same synth binary (or one built from the same sources with the same
// toolchain and flags) produce the same bytes for the same job with the
// soft renderer.
//
// PGO (cmd/synth/default.pgo, which go build uses by default) changes
// what the compiler inlines, and so, in a build that fuses, which
// multiply and add meet in one function to be fused; an unfused build
// rounds every operation alike whatever is inlined, so there it is not
// part of the profile.
func Profile() string {
	p := runtime.GOARCH + "/unfused"
	if Fused() {
		p = runtime.GOARCH + "/fused"
		if bi, ok := debug.ReadBuildInfo(); ok && builtWithPGO(bi.Settings) {
			p += "/pgo"
		}
	}
	if runtime.GOARCH == "amd64" {
		if expFMA() {
			return p + "/exp-fma"
		}
		return p + "/exp-nofma"
	}
	return p
}

// builtWithPGO reports whether build settings name a PGO profile (the
// "-pgo" setting go build records; absent with -pgo=off).
func builtWithPGO(settings []debug.BuildSetting) bool {
	for _, s := range settings {
		if s.Key == "-pgo" && s.Value != "" {
			return true
		}
	}
	return false
}

// Fused reports whether this build fuses x*y + z into a fused
// multiply-add: it evaluates one such expression whose two roundings and
// single rounding give different results.
func Fused() bool {
	return mulAdd(probeA, probeA, probeC) != 0
}

// The probe: a = 1 + 2⁻³⁰, a·a = 1 + 2⁻²⁹ + 2⁻⁶⁰ exactly, which rounds to
// 1 + 2⁻²⁹ (c negated), so a·a + c is 0 rounded twice and 2⁻⁶⁰ fused.
// Variables, not constants, so that nothing is folded at compile time.
var (
	probeA = 1 + 0x1p-30
	probeC = -(1 + 0x1p-29)
)

// mulAdd is x*y + z, as any expression of the program is compiled.
//
//go:noinline
func mulAdd(x, y, z float64) float64 { return x*y + z }
