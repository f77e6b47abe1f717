//go:build !gl

package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestRendererNotInBinary: asking a build without -tags gl for the gl
// renderer says how to get it.
func TestRendererNotInBinary(t *testing.T) {
	clearArrayEnv(t)
	for _, tt := range []struct{ renderer, want string }{
		{"gl", `renderer "gl" is not in this binary: build with -tags gl`},
	} {
		out := filepath.Join(t.TempDir(), "ds")
		_, err := runSynth("generate", "-q", "-n", "1", "--size", "32x24", "-o", out, "basic", "--renderer", tt.renderer)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("--renderer %s: error %v, want one containing %q", tt.renderer, err, tt.want)
		}
	}
}
