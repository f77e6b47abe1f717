package product

import (
	"bufio"
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

// Limits of the catalogue reader: 1,000,000 entries in at most 512 MiB of
// JSON (an entry takes about 300 bytes: a retail catalogue of 170,000 SKUs
// is about 50 MB). ScanCatalogue streams the entries, so the reader holds
// one entry at a time plus the ids and files seen (for duplicates).
const (
	maxCatalogueBytes = 512 << 20
	maxEntries        = 1_000_000
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
// 1000000 entries, an entry with an empty or overlong field, an unknown
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

// ReadCatalogue reads and validates a catalogue, holding every entry; see
// ScanCatalogue for large ones.
func ReadCatalogue(r io.Reader) (*Catalogue, error) {
	var c Catalogue
	h, err := ScanCatalogue(r, func(_ int, e *Entry) error {
		c.SKUs = append(c.SKUs, *e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.Version, c.Seed = h.Version, h.Seed
	return &c, nil
}

// CatalogueHeader is what ScanCatalogue returns besides the entries.
type CatalogueHeader struct {
	Version int
	Seed    uint64
	Entries int
}

// ScanCatalogue streams a catalogue from r, calling fn with each entry in
// order once it is validated (fn must copy what it keeps). It reads at
// most 512 MiB and 1,000,000 entries, rejects unknown fields, trailing
// data, duplicate ids or files and everything Validate rejects, and never
// panics, whatever the input. Memory is one entry plus the ids and files
// seen, so a 170,000-entry catalogue is scanned in a fraction of a second
// without the whole document in memory.
func ScanCatalogue(r io.Reader, fn func(i int, e *Entry) error) (CatalogueHeader, error) {
	var h CatalogueHeader
	lr := &io.LimitedReader{R: r, N: maxCatalogueBytes + 1}
	dec := json.NewDecoder(bufio.NewReaderSize(lr, 1<<16))
	dec.DisallowUnknownFields()
	fail := func(err error) (CatalogueHeader, error) {
		if lr.N <= 0 {
			return h, fmt.Errorf("%w: larger than %d bytes", ErrCatalogue, maxCatalogueBytes)
		}
		return h, err
	}
	bad := func(format string, args ...any) (CatalogueHeader, error) {
		return fail(fmt.Errorf("%w: %s", ErrCatalogue, fmt.Sprintf(format, args...)))
	}
	if t, err := dec.Token(); err != nil {
		return bad("%v", err)
	} else if t != json.Delim('{') {
		return bad("want a JSON object, got %v", t)
	}
	seenVersion, seenSKUs := false, false
	ids, files := make(map[string]int), make(map[string]int)
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return bad("%v", err)
		}
		key, _ := t.(string)
		switch key {
		case "version":
			if err := dec.Decode(&h.Version); err != nil {
				return bad("version: %v", err)
			}
			if h.Version != CatalogueVersion {
				return bad("version %d, want %d", h.Version, CatalogueVersion)
			}
			seenVersion = true
		case "seed":
			if err := dec.Decode(&h.Seed); err != nil {
				return bad("seed: %v", err)
			}
		case "skus":
			if seenSKUs {
				return bad("skus listed twice")
			}
			seenSKUs = true
			if t, err := dec.Token(); err != nil {
				return bad("skus: %v", err)
			} else if t == nil {
				continue
			} else if t != json.Delim('[') {
				return bad("skus: want an array, got %v", t)
			}
			for i := 0; dec.More(); i++ {
				if i >= maxEntries {
					return bad("more than %d skus", maxEntries)
				}
				var e Entry
				if err := dec.Decode(&e); err != nil {
					return bad("sku %d: %v", i, err)
				}
				if err := e.validate(); err != nil {
					return bad("sku %d (%q): %v", i, e.ID, err)
				}
				if j, dup := ids[e.ID]; dup {
					return bad("sku %d: id %q repeats sku %d", i, e.ID, j)
				}
				if j, dup := files[e.File]; dup {
					return bad("sku %d (%q): file %q repeats sku %d", i, e.ID, e.File, j)
				}
				ids[e.ID], files[e.File] = i, i
				h.Entries++
				if err := fn(i, &e); err != nil {
					return h, err
				}
			}
			if _, err := dec.Token(); err != nil {
				return bad("skus: %v", err)
			}
		default:
			return bad("unknown field %q", key)
		}
	}
	if _, err := dec.Token(); err != nil {
		return bad("%v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return bad("trailing data after the JSON document")
	}
	if !seenVersion {
		return bad("version %d, want %d", h.Version, CatalogueVersion)
	}
	return h, nil
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
