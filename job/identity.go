package job

import (
	"errors"
	"fmt"
	"strings"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/generator"
)

// ErrGeneratorChanged is wrapped by the errors of Run (resuming) and
// Verify when the dataset was made by another build of its generator: its
// Info.Version, its Go module's path or its module version differ from
// those linked into this program.
var ErrGeneratorChanged = errors.New("the dataset was made by another build of its generator")

// buildOf returns the module build of the generator registered as name,
// nil when the program has no build information. Tests replace it.
var buildOf = func(name string) *dataset.GeneratorBuild {
	e, ok := generator.Lookup(name)
	if !ok {
		return nil
	}
	m, ok := e.Module()
	if !ok {
		return nil
	}
	return &dataset.GeneratorBuild{Path: m.Path, Version: m.Version, Sum: m.Sum, Replace: m.Replace}
}

// unstamped reports whether a module version says nothing: the main
// module of `go run` and `go test` is "(devel)".
func unstamped(v string) bool { return v == "" || v == "(devel)" }

// describeGenerator formats a generator's identity for messages:
// `basic 1.0.0 (module github.com/x/y v1.2.0)`.
func describeGenerator(name, version string, b *dataset.GeneratorBuild) string {
	s := name + " " + version
	if b != nil {
		s += " (module " + b.Path + " " + b.Version
		if b.Replace != "" {
			s += " => " + b.Replace
		}
		s += ")"
	}
	return s
}

// checkGenerator returns an error wrapping ErrGeneratorChanged, naming
// both, when the recorded identity rec was made by another generator
// build than (version, build) of this program: another Info.Version,
// module path or module version. A version that is not stamped on either
// side ("(devel)", as under go run) matches any, and a dataset without a
// recorded module (older synthkit) is checked on Info.Version alone.
func checkGenerator(rec dataset.Identity, version string, build *dataset.GeneratorBuild) error {
	differ := rec.GeneratorVersion != version
	if r := rec.GeneratorModule; r != nil && build != nil {
		differ = differ || r.Path != build.Path ||
			(r.Version != build.Version && !unstamped(r.Version) && !unstamped(build.Version))
	}
	if !differ {
		return nil
	}
	msg := fmt.Sprintf("%v: it was made by generator %s, this binary links %s", ErrGeneratorChanged,
		describeGenerator(rec.Generator, rec.GeneratorVersion, rec.GeneratorModule), describeGenerator(rec.Generator, version, build))
	if r := rec.GeneratorModule; r != nil {
		msg += "; " + buildHint(r)
	}
	return &generatorError{msg: msg, err: ErrGeneratorChanged}
}

// MissingGenerator returns the error for a dataset whose generator is not
// registered in this program: it names the generator and, from the
// recorded module, the command that builds a binary with it. The error
// wraps generator.ErrUnknown.
func MissingGenerator(rec dataset.Identity) error {
	var known []string
	for _, e := range generator.List() {
		known = append(known, e.Info.Name)
	}
	msg := fmt.Sprintf("%v %q (known: %s): it is not linked into this binary", generator.ErrUnknown, rec.Generator, strings.Join(known, ", "))
	if r := rec.GeneratorModule; r != nil {
		msg += fmt.Sprintf(" (the dataset was made by %s); %s", describeGenerator(rec.Generator, rec.GeneratorVersion, r), buildHint(r))
	} else {
		msg += "; build a synth that links the generator's module: synth build --with MODULE@VERSION -o synth-custom"
	}
	return &generatorError{msg: msg, err: generator.ErrUnknown}
}

// buildHint says how to build a binary with the module b.
func buildHint(b *dataset.GeneratorBuild) string {
	v := b.Version
	if unstamped(v) {
		v = "VERSION"
	}
	with := b.Path + "@" + v
	if b.Replace != "" && b.Sum == "" {
		with += "=" + b.Replace
	}
	return "build a synth that links it with: synth build --with " + with + " -o synth-custom"
}

// generatorError is an error with its message and the sentinel it wraps.
type generatorError struct {
	msg string
	err error
}

func (e *generatorError) Error() string { return e.msg }
func (e *generatorError) Unwrap() error { return e.err }
