package shelves

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/scene"
	"github.com/synthkit/synthkit/scene/gltf"
)

// TestUnusableModelRefused: a catalogue model whose vertices are all
// equal, or scaled to kilometres, used to be placed nowhere and give a
// dataset with no labelled products and no error; now the sample fails
// with an error naming the SKU and its file.
func TestUnusableModelRefused(t *testing.T) {
	for _, tc := range []struct {
		name  string
		scale float32 // 0: every vertex at the origin
	}{
		{"all vertices equal", 0},
		{"scaled 1e5", 1e5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cat := exportSKUs(t, dir, 1)
			e := cat.SKUs[0]
			tri := &scene.Mesh{Positions: []mgl32.Vec3{{0, 0, 0}, {0.1, 0, 0}, {0, 0.1, 0.05}}, Indices: []uint32{0, 1, 2}}
			for i := range tri.Positions {
				tri.Positions[i] = tri.Positions[i].Mul(tc.scale)
			}
			m := &scene.Model{Name: e.ID, Parts: []scene.Part{{Name: "body", Mesh: tri, Material: &scene.Material{BaseColor: scene.Color{R: 1, G: 1, B: 1, A: 1}}, Transform: mgl64.Ident4()}}}
			f, err := os.Create(filepath.Join(dir, "skus", e.File))
			if err != nil {
				t.Fatal(err)
			}
			if err := gltf.WriteGLB(f, m); err != nil {
				t.Fatal(err)
			}
			f.Close()
			g := newCatalogueGen(t, `{"catalogue": "skus", "texture_px": 32}`)
			_, err = g.Sample(generator.NewContext(1, 0, 96, 72, os.DirFS(dir)))
			if err == nil || !strings.Contains(err.Error(), "unusable model") || !strings.Contains(err.Error(), e.ID) || !strings.Contains(err.Error(), e.File) {
				t.Fatalf("Sample: %v, want an unusable-model error naming SKU %q and file %q", err, e.ID, e.File)
			}
		})
	}
}
