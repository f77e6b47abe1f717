package generator

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// Module is the Go module a registered generator's package was built
// from, as the program's build information (runtime/debug.ReadBuildInfo)
// records it: what `synth version` prints and what a dataset records as
// its generator's build (dataset.GeneratorBuild).
type Module struct {
	Path    string // module path, e.g. "github.com/acme/blocks"
	Version string // module version, e.g. "v1.2.0"; "(devel)" for the main module of go run/go test
	Sum     string // go.sum hash of the module ("h1:…"); "" for the main module and local replacements
	Replace string // the replacement (path, and version for a module), when go.mod replaces the module
}

// String formats the module as "path version [sum] [=> replace]".
func (m Module) String() string {
	s := m.Path + " " + m.Version
	if m.Sum != "" {
		s += " " + m.Sum
	}
	if m.Replace != "" {
		s += " => " + m.Replace
	}
	return s
}

// callerPackage returns the import path of the package of the function
// skip frames above its caller (0: the caller's caller), "" if unknown.
func callerPackage(skip int) string {
	pc, _, _, ok := runtime.Caller(skip + 2)
	if !ok {
		return ""
	}
	f := runtime.FuncForPC(pc)
	if f == nil {
		return ""
	}
	return funcPackage(f.Name())
}

// funcPackage returns the package path of a function's full name, such
// as "github.com/acme/blocks.init.0" or "example.com/x/v2.(*T).m".
func funcPackage(name string) string {
	slash := strings.LastIndexByte(name, '/')
	dot := strings.IndexByte(name[slash+1:], '.')
	if dot < 0 {
		return name
	}
	return name[:slash+1+dot]
}

// readBuildInfo is debug.ReadBuildInfo; tests replace it.
var readBuildInfo = debug.ReadBuildInfo

// ModuleOf returns the module of the package path pkg: the module among
// the program's main module and dependencies whose path is the longest
// prefix of pkg. ok is false without build information or a match.
func ModuleOf(pkg string) (Module, bool) {
	bi, ok := readBuildInfo()
	if !ok || pkg == "" {
		return Module{}, false
	}
	var best *debug.Module
	consider := func(m *debug.Module) {
		if m == nil || m.Path == "" {
			return
		}
		if pkg != m.Path && !strings.HasPrefix(pkg, m.Path+"/") {
			return
		}
		if best == nil || len(m.Path) > len(best.Path) {
			best = m
		}
	}
	consider(&bi.Main)
	for _, d := range bi.Deps {
		consider(d)
	}
	if best == nil {
		return Module{}, false
	}
	m := Module{Path: best.Path, Version: best.Version, Sum: best.Sum}
	if r := best.Replace; r != nil {
		m.Replace = r.Path
		if r.Version != "" && r.Version != "(devel)" { // a directory replacement has no version
			m.Replace += " " + r.Version
		}
		if r.Sum != "" {
			m.Sum = r.Sum
		}
	}
	return m, true
}

// Module returns the module of the package that registered the entry (see
// ModuleOf); ok is false when the program has no build information.
func (e Entry) Module() (Module, bool) { return ModuleOf(e.Package) }
