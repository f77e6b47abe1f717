package numerics

import (
	"math"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// TestProbe checks the probe's arithmetic: the fused result is 2⁻⁶⁰, the
// twice-rounded one 0, and mulAdd gives one of them.
func TestProbe(t *testing.T) {
	if got := math.FMA(probeA, probeA, probeC); got != 0x1p-60 {
		t.Fatalf("fused probe = %g, want 2^-60", got)
	}
	if got := float64(probeA*probeA) + probeC; got != 0 {
		t.Fatalf("twice-rounded probe = %g, want 0", got)
	}
	if got := mulAdd(probeA, probeA, probeC); got != 0 && got != 0x1p-60 {
		t.Fatalf("mulAdd = %g, neither result", got)
	}
}

// TestFusedMatchesBuild checks Fused against what the build says where
// the compiler's choice is known (wantFused, by build tags: amd64 v1/v2
// never fuse, amd64 v3+ and arm64 do).
func TestFusedMatchesBuild(t *testing.T) {
	want, known := wantFused()
	if !known {
		t.Skipf("no expectation for %s", runtime.GOARCH)
	}
	if got := Fused(); got != want {
		t.Errorf("Fused() = %v on this build, want %v", got, want)
	}
	p := Profile()
	if !strings.HasPrefix(p, runtime.GOARCH+"/") || strings.Contains(p, "/fused") != want {
		t.Errorf("Profile() = %q", p)
	}
	if runtime.GOARCH == "amd64" && !strings.HasSuffix(p, "/exp-fma") && !strings.HasSuffix(p, "/exp-nofma") {
		t.Errorf("Profile() = %q: no math.Exp path", p)
	}
}

// TestBuiltWithPGO reads the "-pgo" build setting as go build records it.
func TestBuiltWithPGO(t *testing.T) {
	for _, tt := range []struct {
		name     string
		settings []debug.BuildSetting
		want     bool
	}{
		{"none", nil, false},
		{"other settings", []debug.BuildSetting{{Key: "-compiler", Value: "gc"}, {Key: "GOAMD64", Value: "v1"}}, false},
		{"profile", []debug.BuildSetting{{Key: "-compiler", Value: "gc"}, {Key: "-pgo", Value: "/src/cmd/synth/default.pgo"}}, true},
		{"empty value", []debug.BuildSetting{{Key: "-pgo", Value: ""}}, false},
	} {
		if got := builtWithPGO(tt.settings); got != tt.want {
			t.Errorf("%s: builtWithPGO = %v, want %v", tt.name, got, tt.want)
		}
	}
}
