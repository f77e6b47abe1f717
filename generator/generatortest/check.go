package generatortest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/scene"
)

// Option changes what Check does.
type Option func(*config)

type config struct {
	indices       []int64
	width, height int
	seed          uint64
	assets        fs.FS
	fresh         int
	goroutines    int
}

// Indices sets the sample indices Check samples (default 0, 1, 7 and
// 1000003).
func Indices(indices ...int64) Option { return func(c *config) { c.indices = indices } }

// Size sets the image size the Contexts ask for (default 96×64, small and
// not square, so that swapped axes show).
func Size(width, height int) Option { return func(c *config) { c.width, c.height = width, height } }

// Seed sets the job seed (default 1).
func Seed(seed uint64) Option { return func(c *config) { c.seed = seed } }

// Assets sets the assets the generator is built with and each Context
// carries (default none).
func Assets(assets fs.FS) Option { return func(c *config) { c.assets = assets } }

// Fresh sets how many fresh generator instances resample every index
// (default 2).
func Fresh(n int) Option { return func(c *config) { c.fresh = n } }

// Goroutines sets how many goroutines resample every index at once on
// one shared instance (default 4).
func Goroutines(n int) Option { return func(c *config) { c.goroutines = n } }

// Check runs the contract checks (see the package doc) on the generator
// registered as name, built from params (nil for its defaults). It
// reports each failure through t.Errorf, naming the generator and sample
// index, and stops with t.Fatalf only when the generator cannot be built
// or sampled at all.
func Check(t testing.TB, name string, params map[string]any, opts ...Option) {
	t.Helper()
	c := config{indices: []int64{0, 1, 7, 1000003}, width: 96, height: 64, seed: 1, fresh: 2, goroutines: 4}
	for _, o := range opts {
		o(&c)
	}
	raw, err := json.Marshal(params)
	if err != nil {
		t.Fatalf("generatortest: generator %q: params: %v", name, err)
		return
	}
	if params == nil {
		raw = nil
	}
	gen, info, err := generator.NewWithAssets(name, raw, c.assets)
	if err != nil {
		t.Fatalf("generatortest: generator %q: %v", name, err)
		return
	}
	sample := func(g generator.Generator, i int64) (*scene.Scene, error) {
		s, err := g.Sample(generator.NewContext(c.seed, i, c.width, c.height, c.assets))
		if err == nil && s == nil {
			err = errors.New("nil scene and nil error")
		}
		return s, err
	}
	declared := generator.CategoriesOf(gen, info)
	used := map[string]bool{}
	first := make([]*scene.Scene, len(c.indices))
	for k, i := range c.indices {
		s, err := sample(gen, i)
		if err != nil {
			t.Fatalf("generatortest: generator %q, sample %d: %v", name, i, err)
			return
		}
		first[k] = s
		for _, msg := range checkScene(s, c.width, c.height, declared, used) {
			t.Errorf("generatortest: generator %q, sample %d: %s", name, i, msg)
		}
		again, err := sample(gen, i)
		compare(t, name, i, "sampled again by the same instance", s, again, err)
	}
	var unused []string
	for _, cat := range declared {
		if !used[cat] {
			unused = append(unused, cat)
		}
	}
	if len(unused) > 0 {
		t.Logf("generatortest: generator %q: warning: declared categories no sample used: %s", name, strings.Join(unused, ", "))
	}
	for f := range c.fresh {
		g, _, err := generator.NewWithAssets(name, raw, c.assets)
		if err != nil {
			t.Fatalf("generatortest: generator %q: fresh instance %d: %v", name, f+1, err)
			return
		}
		for k, i := range c.indices {
			s, err := sample(g, i)
			compare(t, name, i, fmt.Sprintf("sampled by fresh instance %d", f+1), first[k], s, err)
		}
	}
	concurrent(t, name, gen, c, first, sample)
	checkParams(t, name, params, c.assets)
}

// checkScene returns what is wrong with one scene, and adds the
// categories it uses to used.
func checkScene(s *scene.Scene, w, h int, declared []string, used map[string]bool) []string {
	var out []string
	if err := s.Validate(); err != nil {
		out = append(out, fmt.Sprintf("scene.Validate: %v", err))
	}
	if s.Camera.Width != w || s.Camera.Height != h {
		out = append(out, fmt.Sprintf("camera is %dx%d, the Context asks for %dx%d", s.Camera.Width, s.Camera.Height, w, h))
	}
	for j, o := range s.Objects {
		if o.Category != "" {
			used[o.Category] = true
			if !slices.Contains(declared, o.Category) {
				out = append(out, fmt.Sprintf("Objects[%d] (%q): category %q is not declared (declared: %s)", j, o.Name, o.Category, strings.Join(declared, ", ")))
			}
		}
		keys := make([]string, 0, len(o.Meta))
		for k := range o.Meta {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !scene.ValidAttrKey(k) {
				out = append(out, fmt.Sprintf("Objects[%d] (%q): Meta key %q is not an identifier (letters, digits and '_', not starting with a digit, at most 64 bytes; see scene.ValidAttrKey)", j, o.Name, k))
			}
		}
	}
	return out
}

// compare reports, through t, how got differs from want.
func compare(t testing.TB, name string, i int64, how string, want, got *scene.Scene, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("generatortest: generator %q, sample %d %s: %v", name, i, how, err)
		return
	}
	if path, ok := Diff(want, got); !ok {
		t.Errorf("generatortest: generator %q, sample %d is not deterministic: %s, it differs at %s", name, i, how, path)
	}
}

// concurrent samples every index on the shared instance from c.goroutines
// goroutines at once and compares each scene with want, reporting from
// the calling goroutine.
func concurrent(t testing.TB, name string, g generator.Generator, c config, want []*scene.Scene, sample func(generator.Generator, int64) (*scene.Scene, error)) {
	t.Helper()
	type result struct {
		s   *scene.Scene
		err error
	}
	res := make([][]result, c.goroutines)
	var wg sync.WaitGroup
	for gr := range c.goroutines {
		res[gr] = make([]result, len(c.indices))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range c.indices {
				k := (j + gr) % len(c.indices) // a different order per goroutine
				s, err := sample(g, c.indices[k])
				res[gr][k] = result{s, err}
			}
		}()
	}
	wg.Wait()
	for gr := range res {
		for k, r := range res[gr] {
			compare(t, name, c.indices[k], fmt.Sprintf("sampled by goroutine %d of %d at once", gr+1, c.goroutines), want[k], r.s, r.err)
		}
	}
}

// checkParams checks that an unknown param key and a value of the wrong
// JSON type for each declared param are rejected.
func checkParams(t testing.TB, name string, params map[string]any, assets fs.FS) {
	t.Helper()
	with := func(key string, v any) json.RawMessage {
		m := map[string]any{}
		for k, x := range params {
			m[k] = x
		}
		m[key] = v
		raw, _ := json.Marshal(m)
		return raw
	}
	if _, _, err := generator.NewWithAssets(name, with("generatortest_no_such_param", 1), assets); err == nil {
		t.Errorf("generatortest: generator %q: an unknown param key was accepted", name)
	}
	e, ok := generator.Lookup(name)
	if !ok {
		return
	}
	for _, p := range e.Params {
		var wrong any = "generatortest: not a " + p.Type
		if p.Type == "string" {
			wrong = 12345
		}
		if _, _, err := generator.NewWithAssets(name, with(p.Name, wrong), assets); err == nil {
			t.Errorf("generatortest: generator %q: param %q (%s) accepted %#v", name, p.Name, p.Type, wrong)
		}
	}
}
