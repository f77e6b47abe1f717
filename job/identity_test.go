package job

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/store"
)

// withBuild makes this program's generators report the module build b.
func withBuild(t *testing.T, b *dataset.GeneratorBuild) {
	t.Helper()
	old := buildOf
	t.Cleanup(func() { buildOf = old })
	buildOf = func(string) *dataset.GeneratorBuild { return b }
}

// TestGeneratorBuildRefused: a dataset made by module version X of its
// generator is refused for resume and verify by a binary linking version
// Y, with a message naming both and the build command; version X itself
// resumes and verifies.
func TestGeneratorBuildRefused(t *testing.T) {
	x := &dataset.GeneratorBuild{Path: "example.com/acme/gens", Version: "v1.2.0", Sum: "h1:x"}
	y := &dataset.GeneratorBuild{Path: "example.com/acme/gens", Version: "v1.3.0", Sum: "h1:y"}
	spec := parse(t, smallSpec)
	dir := t.TempDir()
	withBuild(t, x)
	res := run(t, spec, dir, RunOptions{Workers: 1})
	if res.Info.GeneratorModule == nil || *res.Info.GeneratorModule != *x {
		t.Fatalf("recorded module %+v, want %+v", res.Info.GeneratorModule, x)
	}
	if _, err := Finalize(dir, FinalizeOptions{}); err != nil {
		t.Fatal(err)
	}
	m, err := store.ReadManifestOf(context.Background(), store.DirStore(nil, dir))
	if err != nil || m.GeneratorModule == nil || *m.GeneratorModule != *x {
		t.Fatalf("manifest module %+v (%v), want %+v", m.GeneratorModule, err, x)
	}
	s := *spec
	s.Output = dir
	verify := func() error {
		_, err := Verify(context.Background(), store.DirStore(nil, dir), VerifyOptions{Samples: 1, NewRenderer: softFactory})
		return err
	}
	if _, err := Run(context.Background(), &s, RunOptions{NewRenderer: softFactory}); err != nil {
		t.Fatalf("resume with the same build: %v", err)
	}
	if err := verify(); err != nil {
		t.Fatalf("verify with the same build: %v", err)
	}

	withBuild(t, y)
	want := []string{
		"made by generator basic 1.0.0 (module example.com/acme/gens v1.2.0)",
		"this binary links basic 1.0.0 (module example.com/acme/gens v1.3.0)",
		"synth build --with example.com/acme/gens@v1.2.0",
	}
	_, rerr := Run(context.Background(), &s, RunOptions{NewRenderer: softFactory})
	verr := verify()
	for name, err := range map[string]error{"resume": rerr, "verify": verr} {
		if !errors.Is(err, ErrGeneratorChanged) {
			t.Errorf("%s with another build: %v, want ErrGeneratorChanged", name, err)
			continue
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q\ndoes not say %q", name, err, w)
			}
		}
	}
	// An unstamped build (go run, go test) of the same module matches.
	withBuild(t, &dataset.GeneratorBuild{Path: x.Path, Version: "(devel)"})
	if err := verify(); err != nil {
		t.Errorf("verify with a (devel) build: %v", err)
	}
	// Another module path does not.
	withBuild(t, &dataset.GeneratorBuild{Path: "example.com/fork/gens", Version: "v1.2.0"})
	if err := verify(); !errors.Is(err, ErrGeneratorChanged) {
		t.Errorf("verify with another module: %v", err)
	}
}

// TestGeneratorPackageRecorded: Register records the registering package,
// which maps to the main module in a test binary.
func TestGeneratorPackageRecorded(t *testing.T) {
	e, ok := generator.Lookup("basic")
	if !ok || e.Package != "github.com/synthkit/synthkit/examples/basic" {
		t.Fatalf("basic registered from %q", e.Package)
	}
	if m, ok := e.Module(); !ok || m.Path != "github.com/synthkit/synthkit" {
		t.Errorf("basic's module %+v, %v", m, ok)
	}
}

// TestMissingGenerator names the generator, its module and the build.
func TestMissingGenerator(t *testing.T) {
	for _, tt := range []struct {
		id   dataset.Identity
		want string
	}{
		{dataset.Identity{Generator: "blocks", GeneratorVersion: "0.1.0", GeneratorModule: &dataset.GeneratorBuild{Path: "example.com/blocks", Version: "v0.1.0", Sum: "h1:z"}},
			`: it is not linked into this binary (the dataset was made by blocks 0.1.0 (module example.com/blocks v0.1.0)); build a synth that links it with: synth build --with example.com/blocks@v0.1.0 -o synth-custom`},
		{dataset.Identity{Generator: "blocks", GeneratorModule: &dataset.GeneratorBuild{Path: "example.com/blocks", Version: "v0.0.0", Replace: "./vendor"}},
			"synth build --with example.com/blocks@v0.0.0=./vendor"},
		{dataset.Identity{Generator: "old"}, `: it is not linked into this binary; build a synth that links the generator's module: synth build --with MODULE@VERSION`},
	} {
		err := MissingGenerator(tt.id)
		if !errors.Is(err, generator.ErrUnknown) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("MissingGenerator(%s) = %q, want it to contain %q", tt.id.Generator, err, tt.want)
		}
	}
}
