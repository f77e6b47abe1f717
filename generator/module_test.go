package generator

import (
	"runtime/debug"
	"testing"
)

func TestFuncPackage(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"github.com/acme/blocks.init.0", "github.com/acme/blocks"},
		{"example.com/x/v2.(*T).m", "example.com/x/v2"},
		{"main.init", "main"},
		{"github.com/synthkit/synthkit/examples/basic.init.0", "github.com/synthkit/synthkit/examples/basic"},
	} {
		if got := funcPackage(tt.in); got != tt.want {
			t.Errorf("funcPackage(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestModuleOf: the longest module path that prefixes the package wins;
// replacements are recorded.
func TestModuleOf(t *testing.T) {
	old := readBuildInfo
	t.Cleanup(func() { readBuildInfo = old })
	readBuildInfo = func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{
			Main: debug.Module{Path: "example.com/main", Version: "(devel)"},
			Deps: []*debug.Module{
				{Path: "github.com/acme", Version: "v1.0.0", Sum: "h1:a"},
				{Path: "github.com/acme/blocks", Version: "v0.3.0", Sum: "h1:b"},
				{Path: "github.com/acme/local", Version: "v0.0.0", Replace: &debug.Module{Path: "../local"}},
			},
		}, true
	}
	for _, tt := range []struct {
		pkg  string
		want Module
		ok   bool
	}{
		{"github.com/acme/blocks/gen", Module{Path: "github.com/acme/blocks", Version: "v0.3.0", Sum: "h1:b"}, true},
		{"github.com/acme/other", Module{Path: "github.com/acme", Version: "v1.0.0", Sum: "h1:a"}, true},
		{"github.com/acme/blocksX", Module{Path: "github.com/acme", Version: "v1.0.0", Sum: "h1:a"}, true},
		{"github.com/acme/local", Module{Path: "github.com/acme/local", Version: "v0.0.0", Replace: "../local"}, true},
		{"example.com/main/gen", Module{Path: "example.com/main", Version: "(devel)"}, true},
		{"other.org/x", Module{}, false},
	} {
		got, ok := ModuleOf(tt.pkg)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ModuleOf(%q) = %+v, %v; want %+v, %v", tt.pkg, got, ok, tt.want, tt.ok)
		}
	}
}
