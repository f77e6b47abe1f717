package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/product"
	"github.com/synthkit/synthkit/store"
)

// TestCatalogueBadInput runs `synth generate shelves` over a GLB catalogue
// that strangers broke in each of the ways issue 15 lists, through the
// whole command (os.Root confinement of --assets, the catalogue reader,
// the model loader, the asset memory budget, job.Run's commit): each
// fails with an error naming the problem, and the output holds nothing
// that looks complete (no shard with its sidecar, no manifest).
func TestCatalogueBadInput(t *testing.T) {
	base := t.TempDir()
	if _, err := product.Export(context.Background(), filepath.Join(base, "skus"), 3, 3, product.Options{Resolution: 32, Segments: 8}); err != nil {
		t.Fatal(err)
	}
	catJSON, err := os.ReadFile(filepath.Join(base, "skus", product.CatalogueFile))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := product.ReadCatalogue(strings.NewReader(string(catJSON)))
	if err != nil {
		t.Fatal(err)
	}
	first, second := cat.SKUs[0], cat.SKUs[1]
	outside := filepath.Join(base, "outside.glb")
	if err := os.WriteFile(outside, []byte("a secret file outside the asset root"), 0o644); err != nil {
		t.Fatal(err)
	}
	edit := func(old, new string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			if !strings.Contains(string(catJSON), old) {
				t.Fatalf("catalogue has no %q", old)
			}
			writeTest(t, filepath.Join(dir, product.CatalogueFile), strings.Replace(string(catJSON), old, new, 1))
		}
	}
	for _, tc := range []struct {
		name   string
		break_ func(t *testing.T, dir string)
		flags  []string
		want   []string // all in the error
	}{
		{"truncated catalogue", func(t *testing.T, dir string) {
			writeTest(t, filepath.Join(dir, product.CatalogueFile), string(catJSON[:len(catJSON)/2]))
		}, nil, []string{"catalogue", "unexpected EOF"}},
		{"catalogue not JSON", func(t *testing.T, dir string) {
			writeTest(t, filepath.Join(dir, product.CatalogueFile), "PK\x03\x04 a zip, not a catalogue")
		}, nil, []string{"catalogue", "invalid character"}},
		{"tampered model", func(t *testing.T, dir string) {
			writeTest(t, filepath.Join(dir, first.File), "glTF but not really")
		}, nil, []string{`sku "` + first.ID + `"`}},
		{"truncated model", func(t *testing.T, dir string) {
			b, err := os.ReadFile(filepath.Join(dir, second.File))
			if err != nil {
				t.Fatal(err)
			}
			writeTest(t, filepath.Join(dir, second.File), string(b[:len(b)/3]))
		}, nil, []string{`sku "` + second.ID + `"`}},
		{"entry outside the root", edit(`"file": "`+first.File+`"`, `"file": "../outside.glb"`), nil, []string{"catalogue", "relative"}},
		{"symlink out of the root", func(t *testing.T, dir string) {
			p := filepath.Join(dir, first.File)
			os.Remove(p)
			if err := os.Symlink(outside, p); err != nil {
				t.Fatal(err)
			}
		}, nil, []string{first.File, "escapes"}},
		{"missing model", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, second.File)) }, nil, []string{`sku "` + second.ID + `"`, "no such file"}},
		{"duplicate sku id", edit(`"id": "`+second.ID+`"`, `"id": "`+first.ID+`"`), nil, []string{"catalogue", "repeats sku 0"}},
		{"cache too small for one sample", func(t *testing.T, dir string) {
			// Models whose label textures decode to 4 MiB each, against
			// the smallest budget the flag allows.
			os.RemoveAll(dir)
			if _, err := product.Export(context.Background(), dir, 3, 2, product.Options{Resolution: 1024, Segments: 8}); err != nil {
				t.Fatal(err)
			}
		}, []string{"--asset-memory", "1M"}, []string{"exceeds the memory budget", `sku "`, "--asset-memory"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			assets := filepath.Join(root, "assets")
			if err := os.CopyFS(assets, os.DirFS(filepath.Join(base, "skus"))); err != nil {
				t.Fatal(err)
			}
			tc.break_(t, assets)
			out := filepath.Join(root, "out")
			args := append([]string{"generate", "shelves", "-n", "2", "--size", "96x72", "-q", "--workers", "1",
				"-p", "catalogue=catalogue.json", "-p", "texture_px=32", "--assets", assets, "-o", out}, tc.flags...)
			msg, err := synth(args...)
			if err == nil {
				t.Fatalf("generate succeeded:\n%s", msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			t.Logf("error: %v", err)
			if strings.Contains(msg, "panic") || strings.Contains(err.Error(), "panic") {
				t.Errorf("a panic: %v\n%s", err, msg)
			}
			assertNothingComplete(t, out)
		})
	}
}

// assertNothingComplete fails when dir holds a complete shard (with its
// sidecar) or a manifest.
func assertNothingComplete(t *testing.T, dir string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err == nil {
		t.Errorf("%s has a manifest.json", dir)
	}
	if _, err := os.Stat(dir); err != nil {
		return // nothing written at all
	}
	rep, err := store.SizeStatus(context.Background(), store.DirStore(nil, dir))
	if err == nil && len(rep.Complete) > 0 {
		t.Errorf("%s has %d complete shard(s)", dir, len(rep.Complete))
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".arrow") {
			t.Errorf("%s holds shard file %s", dir, e.Name())
		}
	}
}

func writeTest(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
