package gltf

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"testing"
)

// Files of the Khronos validator corpus (SYNTHKIT_GLTF_CORPUS) for which
// the loader deliberately departs from the validator's verdict. Every other
// file loads when the validator reports no error, and is refused when it
// reports one.

// refusedValid lists files the validator accepts (numErrors 0) that the
// loader refuses on purpose, with the kind of error it must return.
var refusedValid = map[string]struct {
	kind   error
	reason string
}{
	"buffer/non_relative_uri.gltf": {ErrUnsupported,
		"an http:// buffer URI: assets never reach the network, only data: URIs and relative paths are read"},
	"buffer/data_uri.glb": {ErrUnsupported,
		"a data: URI that is not base64 (data:application/gltf-buffer,0): only base64 data URIs are accepted"},
	"accessor/unknown_type.gltf": {ErrInvalid,
		`an accessor of type "NotaVEC3" (the validator only warns): qmuntal/gltf refuses unknown enum values while decoding the document, and such an accessor could not be read anyway`},
}

// loadsDespiteErrors lists files the validator rejects that the loader
// accepts, because the error cannot change what is drawn.
var loadsDespiteErrors = map[string]string{
	"accessor/byteoffset_no_bufferview.gltf":      `"byteOffset": 0 on an accessor without bufferView: after decoding it is indistinguishable from no byteOffset, and the accessor reads as zeros either way`,
	"accessor/empty_array.gltf":                   "an empty top-level array (accessors: []) declares nothing",
	"buffer/empty_array.gltf":                     "an empty top-level array (buffers: []) declares nothing",
	"buffer_view/empty_array.gltf":                "an empty top-level array (bufferViews: []) declares nothing",
	"image/empty_array.gltf":                      "an empty top-level array (images: []) declares nothing",
	"material/empty_array.gltf":                   "an empty top-level array (materials: []) declares nothing",
	"mesh/empty_array.gltf":                       "an empty top-level array (meshes: []) declares nothing",
	"texture/empty_array.gltf":                    "an empty top-level array (textures: []) declares nothing",
	"mesh/position_accessor_no_bounds.gltf":       "POSITION accessor without min/max: bounds are metadata, the loader computes them from the vertices",
	"mesh/morph_position_accessor_no_bounds.gltf": "morph target POSITION accessor without min/max: as above",
}

// maxCorpusAlloc bounds what loading one corpus file may allocate; the
// files are at most a few KB.
const maxCorpusAlloc = 32 << 20

func TestValidatorCorpus(t *testing.T) {
	dir := referenceDir(t, "SYNTHKIT_GLTF_CORPUS")
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	fsys := root.FS()
	files := gltfFiles(t, fsys)
	for name := range refusedValid {
		if !slices.Contains(files, name) {
			t.Errorf("refusedValid lists %s, which is not in the corpus", name)
		}
	}
	for name := range loadsDespiteErrors {
		if !slices.Contains(files, name) {
			t.Errorf("loadsDespiteErrors lists %s, which is not in the corpus", name)
		}
	}
	var loaded, refused, exceptions int
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			numErrors, err := reportErrors(fsys, name+".report.json")
			if err != nil {
				t.Fatal(err)
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			m, err := LoadFS(fsys, name, Limits{})
			runtime.ReadMemStats(&after)
			if n := after.TotalAlloc - before.TotalAlloc; n > maxCorpusAlloc {
				t.Errorf("loading allocated %d bytes", n)
			}
			if err != nil {
				refused++
				checkError(t, err, name)
			} else {
				loaded++
				checkModel(t, m)
			}
			// Decode every mesh and material, drawn or not, to exercise the
			// decoders on every file; errors are fine, panics are not.
			decodeAll(fsys, name, DefaultLimits())

			rv, isRefusedValid := refusedValid[name]
			why, loadsAnyway := loadsDespiteErrors[name]
			switch {
			case numErrors == 0 && isRefusedValid:
				exceptions++
				if !errors.Is(err, rv.kind) {
					t.Errorf("error %v, want %v (%s)", err, rv.kind, rv.reason)
				}
			case numErrors == 0 && err != nil:
				t.Errorf("the validator accepts it, the loader refuses it: %v", err)
			case numErrors > 0 && loadsAnyway:
				exceptions++
				if err != nil {
					t.Errorf("listed as loading despite %d errors (%s), but: %v", numErrors, why, err)
				}
			case numErrors > 0 && err == nil:
				t.Errorf("the validator reports %d errors, the loader accepts it", numErrors)
			}
		})
	}
	t.Logf("%d files: %d load, %d refused, %d listed exceptions", len(files), loaded, refused, exceptions)
}

// reportErrors returns issues.numErrors of a validator report.
func reportErrors(fsys fs.FS, name string) (int, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return 0, fmt.Errorf("report: %w", err)
	}
	var r struct {
		Issues struct {
			NumErrors *int `json:"numErrors"`
		} `json:"issues"`
	}
	if err := json.Unmarshal(data, &r); err != nil || r.Issues.NumErrors == nil {
		return 0, fmt.Errorf("report %s: no issues.numErrors (%v)", name, err)
	}
	return *r.Issues.NumErrors, nil
}

// checkError checks that err is an *Error naming the file and
// wrapping exactly one sentinel.
func checkError(t *testing.T, err error, name string) {
	t.Helper()
	var ae *Error
	if !errors.As(err, &ae) || ae.File != name {
		t.Errorf("error %#v is not an *Error for %q", err, name)
		return
	}
	n := 0
	for _, kind := range []error{ErrInvalid, ErrLimit, ErrUnsupported} {
		if errors.Is(err, kind) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("error %v wraps %d sentinels, want 1", err, n)
	}
}

// decodeAll opens name and decodes every primitive and material of the
// document, whether the scene draws it or not, ignoring errors. It exists
// to run the decoders on more of each test file.
func decodeAll(fsys fs.FS, name string, lim Limits) {
	l, err := open(fsys, name, lim.withDefaults())
	if err != nil {
		return
	}
	for mi, m := range l.doc.Meshes {
		for pi := range m.Primitives {
			_, _ = l.primitiveMesh(meshKey{mi, pi, -1}, m.Weights)
		}
	}
	for mi := range l.doc.Materials {
		_, _ = l.material(&mi)
	}
	_ = l.buildScene()
}
