package product

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strings"
)

// The catalogue file: a JSON document listing a directory of exported
// products, one entry per SKU with its identity, dimensions and the GLB
// file holding its geometry and textures.
//
//	{
//	  "version": 1,
//	  "seed": 42,
//	  "skus": [
//	    {"id": "0000-korvalo-soda", "kind": "bottle", "variant": "soda",
//	     "brand": "Korvalo", "name": "Cola", "size": "0.5 L",
//	     "category": "soft-drink", "barcode": "2012340000008",
//	     "dims_m": [0.065, 0.228, 0.065], "file": "0000-korvalo-soda.glb"}
//	  ]
//	}
//
// Files are slash-separated paths relative to the catalogue's directory
// and must stay inside it.

// CatalogueVersion is the version of the catalogue format this package
// writes and reads.
const CatalogueVersion = 1

// CatalogueFile is the catalogue's file name in an exported directory.
const CatalogueFile = "catalogue.json"

// Limits of the catalogue reader.
const (
	maxCatalogueBytes = 32 << 20
	maxEntries        = 100_000
	maxField          = 256  // bytes of any string field
	maxDim            = 5.0  // metres: nothing on a shelf is bigger
	minDim            = 1e-4 // metres
)

// Catalogue is the content of a catalogue file.
type Catalogue struct {
	Version int     `json:"version"`
	Seed    uint64  `json:"seed"`
	SKUs    []Entry `json:"skus"`
}

// Entry describes one exported product.
type Entry struct {
	ID       string     `json:"id"`
	Kind     Kind       `json:"kind"`
	Variant  string     `json:"variant,omitempty"`
	Brand    string     `json:"brand"`
	Name     string     `json:"name,omitempty"`
	Size     string     `json:"size,omitempty"`
	Category string     `json:"category"`
	Barcode  string     `json:"barcode,omitempty"`
	Dims     [3]float64 `json:"dims_m"` // width (x), height (y), depth (z)
	File     string     `json:"file"`   // GLB path relative to the catalogue
	// NullSet marks a product outside the target set: a look-alike that a
	// retail generator places as an "unknown" hard negative.
	NullSet bool `json:"null_set,omitempty"`
}

// Entry returns the catalogue entry of s stored in file.
func (s *SKU) Entry(file string) Entry {
	return Entry{
		ID: s.ID, Kind: s.Kind, Variant: s.Variant, Brand: s.Brand, Name: s.Name, Size: s.Size,
		Category: s.Category, Barcode: s.Barcode, Dims: [3]float64(s.Dims), File: file,
	}
}

// ErrCatalogue is wrapped by every error about a malformed catalogue.
var ErrCatalogue = errors.New("invalid catalogue")

// Validate reports the first problem of c: an unknown version, more than
// 100000 entries, an entry with an empty or overlong field, an unknown
// kind, dimensions outside 0.1 mm..5 m, an invalid barcode, a duplicate id
// or file, or a file that is not a relative ".glb" path inside the
// catalogue's directory.
func (c *Catalogue) Validate() error {
	if c.Version != CatalogueVersion {
		return fmt.Errorf("%w: version %d, want %d", ErrCatalogue, c.Version, CatalogueVersion)
	}
	if len(c.SKUs) > maxEntries {
		return fmt.Errorf("%w: %d skus exceed the limit of %d", ErrCatalogue, len(c.SKUs), maxEntries)
	}
	ids, files := make(map[string]int), make(map[string]int)
	for i := range c.SKUs {
		e := &c.SKUs[i]
		if err := e.validate(); err != nil {
			return fmt.Errorf("%w: sku %d (%q): %w", ErrCatalogue, i, e.ID, err)
		}
		if j, dup := ids[e.ID]; dup {
			return fmt.Errorf("%w: sku %d: id %q repeats sku %d", ErrCatalogue, i, e.ID, j)
		}
		if j, dup := files[e.File]; dup {
			return fmt.Errorf("%w: sku %d (%q): file %q repeats sku %d", ErrCatalogue, i, e.ID, e.File, j)
		}
		ids[e.ID], files[e.File] = i, i
	}
	return nil
}

func (e *Entry) validate() error {
	if err := checkID(e.ID); err != nil {
		return err
	}
	if !e.Kind.valid() {
		return fmt.Errorf("unknown kind %q (want one of %v)", e.Kind, Kinds())
	}
	for _, f := range []struct{ name, v string }{{"brand", e.Brand}, {"category", e.Category}, {"variant", e.Variant}, {"name", e.Name}, {"size", e.Size}} {
		if len(f.v) > maxField {
			return fmt.Errorf("%s of %d bytes exceeds %d", f.name, len(f.v), maxField)
		}
	}
	if strings.TrimSpace(e.Brand) == "" || strings.TrimSpace(e.Category) == "" {
		return fmt.Errorf("brand and category must not be empty")
	}
	for k, d := range e.Dims {
		if math.IsNaN(d) || !(d >= minDim && d <= maxDim) {
			return fmt.Errorf("dimension %c = %g m outside %g..%g m", "xyz"[k], d, minDim, maxDim)
		}
	}
	if e.Barcode != "" && !ValidEAN13(e.Barcode) {
		return fmt.Errorf("barcode %q is not a valid EAN-13", e.Barcode)
	}
	return checkFile(e.File)
}

// checkFile accepts a slash-separated relative path ending in ".glb" that
// stays inside the catalogue's directory: no absolute path, no "." or ".."
// element, no backslash or drive colon.
func checkFile(name string) error {
	switch {
	case len(name) > maxField:
		return fmt.Errorf("file name of %d bytes exceeds %d", len(name), maxField)
	case !fs.ValidPath(name) || name == "." || strings.ContainsAny(name, `\:`):
		return fmt.Errorf("file %q: must be a relative slash-separated path inside the catalogue directory (no leading /, no .. or ., no \\ or :)", name)
	case !strings.HasSuffix(strings.ToLower(name), ".glb"):
		return fmt.Errorf("file %q: want a .glb file", name)
	}
	return nil
}

// WriteCatalogue validates c and writes it as indented JSON.
func WriteCatalogue(w io.Writer, c *Catalogue) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("write catalogue: %w", err)
	}
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return fmt.Errorf("write catalogue: %w", err)
	}
	if _, err := w.Write(append(data, '\n')); err != nil {
		return fmt.Errorf("write catalogue: %w", err)
	}
	return nil
}

// ReadCatalogue reads and validates a catalogue. It reads at most 32 MiB,
// rejects unknown fields, trailing data and everything Validate rejects,
// and never panics, whatever the input.
func ReadCatalogue(r io.Reader) (*Catalogue, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxCatalogueBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read catalogue: %w", err)
	}
	if len(data) > maxCatalogueBytes {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrCatalogue, maxCatalogueBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Catalogue
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCatalogue, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: trailing data after the JSON document", ErrCatalogue)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// ReadCatalogueFile reads the catalogue file name; see ReadCatalogue.
// Errors name the file.
func ReadCatalogueFile(name string) (*Catalogue, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	defer f.Close()
	c, err := ReadCatalogue(f)
	if err != nil {
		return nil, fmt.Errorf("catalogue %q: %w", name, err)
	}
	return c, nil
}
