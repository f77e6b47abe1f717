package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenerateBadInput: every mistake is an error naming the problem, and
// nothing is written.
func TestGenerateBadInput(t *testing.T) {
	clearArrayEnv(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"basic", "-n", "-5"}, "--samples -5: outside 1.."},
		{[]string{"basic", "-n", "0"}, "--samples 0: outside 1.."},
		{[]string{"basic", "--size", "0x0"}, "must be positive"},
		{[]string{"basic", "--size", "640"}, "want WIDTHxHEIGHT"},
		{[]string{"basic", "--size", "100000x100000"}, "exceeds the limit"},
		{[]string{"basic", "--workers", "-1"}, "--workers -1"},
		{[]string{"basic", "--shard-size", "0"}, "--shard-size 0"},
		{[]string{"basic", "--ssaa", "9"}, "--ssaa 9: outside 1..4"},
		{[]string{"basic", "--ssaa", "0"}, "--ssaa 0: outside 1..4"}, // used to be accepted as 1
		{[]string{"basic", "--ssaa", "-1"}, "--ssaa -1"},
		{[]string{"basic", "--image-format", "gif"}, `unknown format "gif"`},
		{[]string{"basic", "--columns", "foo"}, `unknown column "foo"`},
		{[]string{"basic", "-p", "max_objects=abc"}, `param "max_objects": want integer, got string`},
		{[]string{"basic", "-p", "nope=1"}, `param "nope": unknown param`},
		{[]string{"basic", "-p", "=1"}, "want NAME=VALUE"},
		{[]string{"basic", "--params", "[1]"}, "want a JSON object"},
		{[]string{"no-such-generator"}, `unknown generator "no-such-generator" (known: basic, shelves`},
		{[]string{"basic", "--renderer", "vulkan"}, `renderer`},
		{[]string{"basic", "--shards", "7"}, "out of range"},
		{[]string{"basic", "--assets", "/no/such/dir"}, "--assets"},
	} {
		out := filepath.Join(t.TempDir(), "ds")
		args := append([]string{"generate", "-q", "-n", "4", "--size", "32x24", "-o", out}, tt.args...)
		_, err := runSynth(args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want one containing %q", tt.args, err, tt.want)
			continue
		}
		if ents, _ := os.ReadDir(out); len(ents) > 0 {
			t.Errorf("%v: %d files written after the error", tt.args, len(ents))
		}
	}
	// No output directory at all.
	if _, err := runSynth("generate", "basic", "-q", "-n", "2"); err == nil || !strings.Contains(err.Error(), "no output directory") {
		t.Errorf("no -o: %v", err)
	}
}
