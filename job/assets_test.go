package job

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/synthkit/synthkit/store"
)

// TestAssetsDigest: the digest depends on every file's path and bytes,
// not on the order files were made, and nil means none.
func TestAssetsDigest(t *testing.T) {
	base := fstest.MapFS{"a.glb": {Data: []byte("A")}, "sub/b.json": {Data: []byte("{}")}}
	d0, err := AssetsDigest(base)
	if err != nil || !validDigest(d0) {
		t.Fatalf("digest %q, %v", d0, err)
	}
	for _, tt := range []struct {
		name string
		fsys fstest.MapFS
		same bool
	}{
		{"same files", fstest.MapFS{"sub/b.json": {Data: []byte("{}")}, "a.glb": {Data: []byte("A")}}, true},
		{"changed byte", fstest.MapFS{"a.glb": {Data: []byte("B")}, "sub/b.json": {Data: []byte("{}")}}, false},
		{"renamed", fstest.MapFS{"c.glb": {Data: []byte("A")}, "sub/b.json": {Data: []byte("{}")}}, false},
		{"added", fstest.MapFS{"a.glb": {Data: []byte("A")}, "sub/b.json": {Data: []byte("{}")}, "x": {}}, false},
	} {
		d, err := AssetsDigest(tt.fsys)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if (d == d0) != tt.same {
			t.Errorf("%s: digest %s, base %s, want same=%v", tt.name, d, d0, tt.same)
		}
	}
	if d, err := AssetsDigest(nil); d != "" || err != nil {
		t.Errorf("nil: %q, %v", d, err)
	}
}

// TestAssetsRecordedAndChecked: Run records the digest in the spec (and
// so its hash); resuming or verifying with other assets is refused with
// ErrAssetsChanged, the same assets pass.
func TestAssetsRecordedAndChecked(t *testing.T) {
	spec := parse(t, smallSpec)
	dir := t.TempDir()
	a := fstest.MapFS{"cat.json": {Data: []byte(`{"v":1}`)}}
	b := fstest.MapFS{"cat.json": {Data: []byte(`{"v":2}`)}}
	res := run(t, spec, dir, RunOptions{Workers: 1, Assets: a})
	if !strings.Contains(string(res.Info.Spec), `"assets_digest":"sha256:`) {
		t.Fatalf("spec does not record the assets: %s", res.Info.Spec)
	}
	s := *spec
	s.Output = dir
	_, err := Run(context.Background(), &s, RunOptions{NewRenderer: softFactory, Assets: b})
	if !errors.Is(err, ErrAssetsChanged) || !strings.Contains(err.Error(), "generated with assets sha256:") {
		t.Errorf("resume with other assets: %v", err)
	}
	if _, err := Run(context.Background(), &s, RunOptions{NewRenderer: softFactory, Assets: a}); err != nil {
		t.Errorf("resume with the same assets: %v", err)
	}
	st := store.DirStore(nil, dir)
	for _, tt := range []struct {
		name   string
		assets fstest.MapFS
		ok     bool
	}{{"same", a, true}, {"other", b, false}, {"none", nil, false}} {
		opts := VerifyOptions{Samples: 1, NewRenderer: softFactory}
		if tt.assets != nil {
			opts.Assets = tt.assets
		}
		rep, err := Verify(context.Background(), st, opts)
		if tt.ok && (err != nil || !rep.OK()) {
			t.Errorf("verify %s: %v %s", tt.name, err, rep.Summary())
		}
		if !tt.ok && !errors.Is(err, ErrAssetsChanged) {
			t.Errorf("verify %s: %v, want ErrAssetsChanged", tt.name, err)
		}
	}
}
