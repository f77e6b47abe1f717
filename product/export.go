package product

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/synthkit/synthkit/internal/atomicfile"
	"github.com/synthkit/synthkit/scene"
	"github.com/synthkit/synthkit/scene/gltf"
)

// WriteSKU writes s as a binary glTF file (through gltf.WriteGLB) named
// s.ID + ".glb" in the existing directory dir, and returns that file name
// relative to dir. The file appears atomically: it is written under a
// temporary name and renamed when complete.
func WriteSKU(dir string, s *SKU) (string, error) {
	if s == nil {
		return "", fmt.Errorf("write sku: nil sku")
	}
	if err := checkID(s.ID); err != nil {
		return "", fmt.Errorf("write sku: %w", err)
	}
	name := s.ID + ".glb"
	err := writeAtomic(filepath.Join(dir, name), func(w io.Writer) error { return gltf.WriteGLB(w, s.Model()) })
	if err != nil {
		return "", fmt.Errorf("write sku %q: %w", s.ID, err)
	}
	return name, nil
}

// Export generates the catalogue of n products from seed (see Plan) into
// dir, creating it if needed: one GLB per SKU (see WriteSKU), then
// CatalogueFile listing them. Products are built and written one at a
// time, so memory does not grow with n. Cancelling ctx stops between
// products; files already written stay, and no catalogue file is written.
func Export(ctx context.Context, dir string, seed uint64, n int, opts Options) (*Catalogue, error) {
	specs, err := Plan(seed, n, opts)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	cat := &Catalogue{Version: CatalogueVersion, Seed: seed, SKUs: make([]Entry, 0, len(specs))}
	for i, sp := range specs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("export: after %d of %d skus: %w", i, len(specs), err)
		}
		s, err := New(sp, opts)
		if err != nil {
			return nil, fmt.Errorf("export: sku %d: %w", i, err)
		}
		file, err := WriteSKU(dir, s)
		if err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		cat.SKUs = append(cat.SKUs, s.Entry(file))
	}
	err = writeAtomic(filepath.Join(dir, CatalogueFile), func(w io.Writer) error { return WriteCatalogue(w, cat) })
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return cat, nil
}

// LoadSKU loads the model of catalogue entry e from the catalogue's
// directory dir. The entry is validated first, and the file is opened
// through an os.Root of dir, so neither ".." nor symbolic links can reach
// outside it.
func LoadSKU(dir string, e Entry, lim gltf.Limits) (*scene.Model, error) {
	if err := e.validate(); err != nil {
		return nil, fmt.Errorf("load sku %q: %w: %w", e.ID, ErrCatalogue, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("load sku %q: %w", e.ID, err)
	}
	defer root.Close()
	m, err := gltf.LoadFS(root.FS(), e.File, lim)
	if err != nil {
		return nil, fmt.Errorf("load sku %q: %w", e.ID, err)
	}
	return m, nil
}

// writeAtomic writes a file through fill under a temporary name in the
// same directory and renames it into place once complete.
func writeAtomic(name string, fill func(io.Writer) error) error {
	return atomicfile.Write(name, fill)
}
