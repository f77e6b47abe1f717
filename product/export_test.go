package product

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/synthkit/synthkit/scene/gltf"
)

// TestGLBRoundTrip writes each kind as a GLB and loads it back with the
// scene package's glTF loader: same parts, triangles and bounds.
func TestGLBRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, k := range Kinds() {
		t.Run(string(k), func(t *testing.T) {
			s, err := New(Spec{Kind: k, Seed: 21}, Options{Resolution: 64, Segments: 24})
			if err != nil {
				t.Fatal(err)
			}
			file, err := WriteSKU(dir, s)
			if err != nil {
				t.Fatal(err)
			}
			if file != s.ID+".glb" {
				t.Errorf("file %q, want %q", file, s.ID+".glb")
			}
			m, err := LoadSKU(dir, s.Entry(file), gltf.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			want := s.Model()
			if len(m.Parts) != len(s.Parts) || m.NumTriangles() != want.NumTriangles() {
				t.Fatalf("loaded %d parts, %d triangles; wrote %d, %d", len(m.Parts), m.NumTriangles(), len(s.Parts), want.NumTriangles())
			}
			for i := 0; i < 3; i++ {
				if math.Abs(m.Lo[i]-want.Lo[i]) > 1e-6 || math.Abs(m.Hi[i]-want.Hi[i]) > 1e-6 {
					t.Fatalf("loaded bounds %v..%v, wrote %v..%v", m.Lo, m.Hi, want.Lo, want.Hi)
				}
			}
			for i, p := range m.Parts {
				tex, wantTex := p.Material.BaseColorTexture, s.Parts[i].Material.BaseColorTexture
				if (tex == nil) != (wantTex == nil) {
					t.Fatalf("part %d: texture lost or invented", i)
				}
				if tex != nil && !reflect.DeepEqual(tex.Image.Pix, wantTex.Image.Pix) {
					t.Errorf("part %d: texture pixels changed", i)
				}
			}
		})
	}
}

func TestExport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "skus")
	cat, err := Export(context.Background(), dir, 3, 9, Options{Resolution: 32, Segments: 16})
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.SKUs) != 9 || cat.Seed != 3 {
		t.Fatalf("catalogue of %d SKUs, seed %d", len(cat.SKUs), cat.Seed)
	}
	read, err := ReadCatalogueFile(filepath.Join(dir, CatalogueFile))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(read, cat) {
		t.Fatalf("catalogue file differs from the returned catalogue")
	}
	specs, _ := Plan(3, 9, Options{})
	for i, e := range read.SKUs {
		if e.ID != specs[i].ID {
			t.Errorf("entry %d: id %s, planned %s", i, e.ID, specs[i].ID)
		}
		m, err := LoadSKU(dir, e, gltf.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 3; k++ {
			if got := m.Hi[k] - m.Lo[k]; math.Abs(got-e.Dims[k]) > 1e-3 {
				t.Errorf("%s: loaded extent %d = %.4f m, catalogue says %.4f", e.ID, k, got, e.Dims[k])
			}
		}
	}
	// No temporary files are left behind.
	ents, _ := os.ReadDir(dir)
	if len(ents) != 10 {
		t.Errorf("%d files in the export directory, want 9 GLBs and the catalogue", len(ents))
	}
}

func TestExportCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	if _, err := Export(ctx, dir, 1, 3, Options{Resolution: 32}); !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if _, err := os.Stat(filepath.Join(dir, CatalogueFile)); !os.IsNotExist(err) {
		t.Errorf("catalogue written after cancellation: %v", err)
	}
}

func TestLoadSKURejectsEscapes(t *testing.T) {
	dir := t.TempDir()
	e := Entry{ID: "x", Kind: Can, Brand: "B", Category: "c", Dims: [3]float64{0.1, 0.1, 0.1}, File: "../x.glb"}
	if _, err := LoadSKU(dir, e, gltf.Limits{}); !errors.Is(err, ErrCatalogue) {
		t.Fatalf("error %v, want ErrCatalogue", err)
	}
}
