package product

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func sampleCatalogue() *Catalogue {
	return &Catalogue{Version: 1, Seed: 1<<63 + 7, SKUs: []Entry{
		{ID: "0000-korvalo-soda", Kind: Bottle, Variant: "soda", Brand: "Korvalo", Name: "Cola", Size: "0.5 L",
			Category: "soft-drink", Barcode: "2001230000042", Dims: [3]float64{0.065, 0.228, 0.065}, File: "0000-korvalo-soda.glb"},
		{ID: "0001-brix-tea", Kind: Box, Brand: "Brix", Category: "tea", Dims: [3]float64{0.14, 0.075, 0.065}, File: "sub/0001-brix-tea.glb"},
	}}
}

func TestCatalogueRoundTrip(t *testing.T) {
	c := sampleCatalogue()
	var buf bytes.Buffer
	if err := WriteCatalogue(&buf, c); err != nil {
		t.Fatal(err)
	}
	got, err := ReadCatalogue(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, c) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, c)
	}
}

func TestReadCatalogueRejects(t *testing.T) {
	good := func() string {
		var buf bytes.Buffer
		if err := WriteCatalogue(&buf, sampleCatalogue()); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}()
	edit := func(old, new string) string {
		if !strings.Contains(good, old) {
			t.Fatalf("sample has no %q", old)
		}
		return strings.Replace(good, old, new, 1)
	}
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"empty", "", "EOF"},
		{"not json", "hello", "invalid character"},
		{"unknown field", edit(`"seed"`, `"colour": 1, "seed"`), `unknown field "colour"`},
		{"unknown entry field", edit(`"kind": "box"`, `"kind": "box", "price": 3`), `unknown field "price"`},
		{"trailing data", good + "{}", "trailing data"},
		{"version", edit(`"version": 1`, `"version": 2`), "version 2"},
		{"absolute path", edit(`"file": "0000-korvalo-soda.glb"`, `"file": "/etc/passwd.glb"`), "relative"},
		{"dot dot", edit(`"file": "sub/0001-brix-tea.glb"`, `"file": "sub/../../x.glb"`), "relative"},
		{"backslash", edit(`"file": "sub/0001-brix-tea.glb"`, `"file": "sub\\x.glb"`), "relative"},
		{"drive", edit(`"file": "sub/0001-brix-tea.glb"`, `"file": "C:x.glb"`), "relative"},
		{"not glb", edit(`"file": "sub/0001-brix-tea.glb"`, `"file": "sub/x.png"`), "want a .glb"},
		{"duplicate id", edit(`"id": "0001-brix-tea"`, `"id": "0000-korvalo-soda"`), "repeats sku 0"},
		{"duplicate file", edit(`"file": "sub/0001-brix-tea.glb"`, `"file": "0000-korvalo-soda.glb"`), "repeats sku 0"},
		{"bad id", edit(`"id": "0001-brix-tea"`, `"id": "../tea"`), "not allowed"},
		{"unknown kind", edit(`"kind": "box"`, `"kind": "barrel"`), `unknown kind "barrel"`},
		{"huge dims", edit(`0.14,`, `1e300,`), "outside"},
		{"negative dims", edit(`0.14,`, `-0.14,`), "outside"},
		{"zero dims", edit(`0.14,`, `0,`), "outside"},
		{"two dims", edit(`0.14,`, ``), "outside"},
		{"bad barcode", edit(`"2001230000042"`, `"2001230000043"`), "not a valid EAN-13"},
		{"empty brand", edit(`"brand": "Brix"`, `"brand": " "`), "must not be empty"},
		{"seed overflow", edit(`"seed": 9223372036854775815`, `"seed": 1e30`), "cannot unmarshal"},
		{"too big", good[:len(good)-2] + strings.Repeat(" ", maxCatalogueBytes) + "}\n", "larger than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCatalogue(strings.NewReader(tc.doc))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want one containing %q", err, tc.want)
			}
			if tc.name != "empty" && !errors.Is(err, ErrCatalogue) {
				t.Errorf("error %v does not wrap ErrCatalogue", err)
			}
		})
	}
}

func TestWriteCatalogueValidates(t *testing.T) {
	c := sampleCatalogue()
	c.SKUs[1].File = "../escape.glb"
	var buf bytes.Buffer
	if err := WriteCatalogue(&buf, c); err == nil || buf.Len() != 0 {
		t.Fatalf("wrote an invalid catalogue: %v, %d bytes", err, buf.Len())
	}
}

func FuzzReadCatalogue(f *testing.F) {
	var buf bytes.Buffer
	if err := WriteCatalogue(&buf, sampleCatalogue()); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"version":1,"seed":0,"skus":[]}`))
	f.Add([]byte(`{"version":1,"skus":[{"id":"a","kind":"can","brand":"b","category":"c","dims_m":[1,1,1],"file":"a.glb"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ReadCatalogue(bytes.NewReader(data))
		if err != nil {
			return
		}
		// Whatever is accepted must write back and read back the same.
		var out bytes.Buffer
		if err := WriteCatalogue(&out, c); err != nil {
			t.Fatalf("accepted catalogue does not write: %v", err)
		}
		c2, err := ReadCatalogue(&out)
		if err != nil || !reflect.DeepEqual(c, c2) {
			t.Fatalf("accepted catalogue does not round-trip: %v", err)
		}
	})
}
