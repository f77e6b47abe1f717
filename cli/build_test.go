package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestParseWith(t *testing.T) {
	abs, _ := filepath.Abs("x/y")
	for _, tt := range []struct {
		in      string
		want    buildModule
		wantErr string
	}{
		{"github.com/acme/blocks@v1.2.3", buildModule{Path: "github.com/acme/blocks", Version: "v1.2.3"}, ""},
		{"example.com/b@v0.0.0=x/y", buildModule{Path: "example.com/b", Version: "v0.0.0", Replace: abs}, ""},
		{"example.com/b@v1.0.0-rc.1", buildModule{Path: "example.com/b", Version: "v1.0.0-rc.1"}, ""},
		{"example.com/b", buildModule{}, "want MODULE@VERSION"},
		{"example.com/b@latest", buildModule{}, "want an exact version"},
		{"example.com/b@1.2.3", buildModule{}, "want an exact version"},
		{"exa mple.com/b@v1.0.0", buildModule{}, "malformed module path"},
		{"example.com//b@v1.0.0", buildModule{}, "malformed module path"},
	} {
		got, err := parseWith(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseWith(%q): %v, want an error containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseWith(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}

// TestBuildPlanFiles: the main module requires every module at its
// version, replaces those with a path, and imports each with cli.Main.
func TestBuildPlanFiles(t *testing.T) {
	p := buildPlan{
		Synthkit: buildModule{Path: synthkitPath, Version: "v0.4.0"},
		With:     []buildModule{{Path: "example.com/a", Version: "v1.0.0"}, {Path: "example.com/b", Version: "v0.0.0", Replace: "/src/b"}},
		Builtin:  true,
	}
	mod, main := p.goMod(), p.mainGo()
	for _, w := range []string{"\tgithub.com/synthkit/synthkit v0.4.0\n", "\texample.com/a v1.0.0\n", "\texample.com/b v0.0.0\n", "replace example.com/b => /src/b\n"} {
		if !strings.Contains(mod, w) {
			t.Errorf("go.mod lacks %q:\n%s", w, mod)
		}
	}
	if strings.Contains(mod, "replace github.com/synthkit") {
		t.Errorf("go.mod replaces synthkit without --synthkit-replace:\n%s", mod)
	}
	for _, w := range []string{`_ "example.com/a"`, `_ "example.com/b"`, `_ "github.com/synthkit/synthkit/examples/basic"`, "func main() { cli.Main() }"} {
		if !strings.Contains(main, w) {
			t.Errorf("main.go lacks %q:\n%s", w, main)
		}
	}
}

// TestBuildNeedsAModule and a released synthkit (a test binary is
// "(devel)").
func TestBuildErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"build", "--with", "example.com/a@v1.0.0"}, "-o FILE is required"},
		{[]string{"build", "--with", "example.com/a@v1.0.0", "-o", "x"}, "pass --synthkit-replace PATH"},
		{[]string{"build", "--synthkit-replace", "..", "-o", "x"}, "no --with MODULE@VERSION"},
		{[]string{"build", "--synthkit-replace", "/nonexistent", "-o", "x", "--with", "example.com/a@v1.0.0"}, "not a module directory"},
		{[]string{"build", "--synthkit-replace", "..", "-o", "x", "--with", "example.com/a@v1.0.0", "--pgo", "/nonexistent/x.pgo"}, "--pgo: stat /nonexistent/x.pgo"},
	} {
		_, err := runSynth(tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("synth %s: %v, want an error containing %q", strings.Join(tt.args, " "), err, tt.want)
		}
	}
}

// TestVersionCommand lists synthkit and every registered generator with
// its module.
func TestVersionCommand(t *testing.T) {
	out, err := runSynth("version")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"synthkit github.com/synthkit/synthkit", "generator basic 1.0.0: module github.com/synthkit/synthkit", "(package github.com/synthkit/synthkit/examples/shelves)"} {
		if !strings.Contains(out, w) {
			t.Errorf("synth version lacks %q:\n%s", w, out)
		}
	}
}
