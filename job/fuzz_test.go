package job

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseSpec feeds outside spec files to ParseSpec: it must never
// panic, every error must wrap ErrSpec, and an accepted spec must survive
// its canonical JSON: parsing that again gives the same spec hash.
func FuzzParseSpec(f *testing.F) {
	seeds, _ := filepath.Glob("../examples/specs/*.yaml")
	for _, p := range seeds {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"generator: basic\nsamples: 3\n",
		`{"generator":"basic","samples":3,"render":{"samples":2},"columns":["image"]}`,
		"generator: basic\nsamples: 3\n---\nsamples: 4\n",
		"generator: basic\nsamples: 3\nparams: {a: [1, {b: 2}]}\nimage_format: jpeg\njpeg_quality: 80\n",
		"a: &x [*x]\n",
		"generator: basic\nsamples: 3\nwidth: 16384\nheight: 4096\nimage_format: jpeg\n",
		`{"generator":"x","samples":3,"params":{"a":[1,{"b":null}]},"columns":["image"]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSpec(data)
		if err != nil {
			if !errors.Is(err, ErrSpec) {
				t.Fatalf("error %v does not wrap ErrSpec", err)
			}
			return
		}
		h1, err := s.Hash()
		if err != nil {
			t.Fatalf("accepted spec has no hash: %v", err)
		}
		js, err := s.CanonicalJSON()
		if err != nil {
			t.Fatal(err)
		}
		s2, err := ParseSpec(js)
		if err != nil {
			t.Fatalf("canonical JSON %s of an accepted spec is refused: %v", js, err)
		}
		if h2, _ := s2.Hash(); h2 != h1 {
			t.Fatalf("hash changed through canonical JSON %s", js)
		}
		if js2, _ := s2.CanonicalJSON(); string(js2) != string(js) {
			t.Fatalf("canonical JSON not stable:\n%s\n%s", js, js2)
		}
	})
}
