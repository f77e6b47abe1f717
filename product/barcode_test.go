package product

import (
	"strings"
	"testing"
)

func TestEAN13CheckDigit(t *testing.T) {
	for _, tc := range []struct {
		code string
		want int
	}{
		{"400638133393", 1}, // 4006381333931
		{"590123412345", 7}, // 5901234123457
		{"978030640615", 7}, // ISBN 978-0-306-40615-7
		{"000000000000", 0},
		{"200000000001", 5},
		{"012345678901", 2},
	} {
		got, err := EAN13CheckDigit(tc.code)
		if err != nil || got != tc.want {
			t.Errorf("EAN13CheckDigit(%q) = %d, %v; want %d", tc.code, got, err, tc.want)
		}
		if full := tc.code + string(rune('0'+tc.want)); !ValidEAN13(full) {
			t.Errorf("ValidEAN13(%q) = false", full)
		}
	}
	for _, bad := range []string{"", "12345", "40063813339x", "4006381333931"} {
		if _, err := EAN13CheckDigit(bad); err == nil {
			t.Errorf("EAN13CheckDigit(%q): no error", bad)
		}
	}
	for _, bad := range []string{"4006381333932", "400638133393", "40063813339311", "400638133393a"} {
		if ValidEAN13(bad) {
			t.Errorf("ValidEAN13(%q) = true", bad)
		}
	}
}

// decodeEAN13 reads the digits back from the modules, independently of
// the encoder's tables: it derives each digit from the L-code patterns
// and the parity rules of the standard.
func decodeEAN13(t *testing.T, m [95]bool) string {
	t.Helper()
	bits := func(from, n int) string {
		var sb strings.Builder
		for _, b := range m[from : from+n] {
			if b {
				sb.WriteByte('1')
			} else {
				sb.WriteByte('0')
			}
		}
		return sb.String()
	}
	if bits(0, 3) != "101" || bits(45, 5) != "01010" || bits(92, 3) != "101" {
		t.Fatalf("guards wrong: %s %s %s", bits(0, 3), bits(45, 5), bits(92, 3))
	}
	L := []string{"0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111", "0001011"}
	invert := func(s string) string {
		return strings.Map(func(r rune) rune { return '0' + '1' - r }, s)
	}
	reverse := func(s string) string {
		b := []byte(s)
		for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
			b[i], b[j] = b[j], b[i]
		}
		return string(b)
	}
	find := func(s string) (digit int, even bool) {
		for d, l := range L {
			if s == l {
				return d, false
			}
			if s == reverse(invert(l)) { // G code
				return d, true
			}
		}
		t.Fatalf("pattern %s is no L or G code", s)
		return 0, false
	}
	parities := []string{"OOOOOO", "OOEOEE", "OOEEOE", "OOEEEO", "OEOOEE", "OEEOOE", "OEEEOO", "OEOEOE", "OEOEEO", "OEEOEO"}
	var left, parity strings.Builder
	for i := 0; i < 6; i++ {
		d, even := find(bits(3+7*i, 7))
		left.WriteByte(byte('0' + d))
		if even {
			parity.WriteByte('E')
		} else {
			parity.WriteByte('O')
		}
	}
	first := -1
	for d, p := range parities {
		if p == parity.String() {
			first = d
		}
	}
	if first < 0 {
		t.Fatalf("parity pattern %s is not valid", parity.String())
	}
	var right strings.Builder
	for i := 0; i < 6; i++ {
		s := bits(50+7*i, 7)
		d, even := find(invert(s))
		if even {
			t.Fatalf("right-hand pattern %s is not an R code", s)
		}
		right.WriteByte(byte('0' + d))
	}
	return string(rune('0'+first)) + left.String() + right.String()
}

func TestEAN13Modules(t *testing.T) {
	for _, code := range []string{"4006381333931", "5901234123457", "9780306406157", "0000000000000", "2123450000012"} {
		if !ValidEAN13(code) {
			c, _ := EAN13CheckDigit(code[:12])
			t.Fatalf("test code %q invalid (check digit %d)", code, c)
		}
		m, err := EAN13Modules(code)
		if err != nil {
			t.Fatal(err)
		}
		if got := decodeEAN13(t, m); got != code {
			t.Errorf("modules of %s decode to %s", code, got)
		}
	}
	if _, err := EAN13Modules("4006381333932"); err == nil {
		t.Error("bad check digit accepted")
	}
}

func TestBarcodeForSpecs(t *testing.T) {
	s, err := New(Spec{Kind: Can, Seed: 1, Barcode: "200123000004"}, Options{Resolution: 32})
	if err != nil {
		t.Fatal(err)
	}
	if s.Barcode != "2001230000042" {
		t.Errorf("barcode %s, want the check digit appended: 2001230000042", s.Barcode)
	}
	s, err = New(Spec{Kind: Can, Seed: 1}, Options{Resolution: 32})
	if err != nil {
		t.Fatal(err)
	}
	if !ValidEAN13(s.Barcode) || s.Barcode[0] != '2' {
		t.Errorf("derived barcode %s: want a valid in-store (prefix 2) EAN-13", s.Barcode)
	}
}
