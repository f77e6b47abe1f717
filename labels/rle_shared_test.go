package labels

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestRLESharedVectors reads ../shared/coco-rle-vectors.md itself when
// SYNTHKIT_RLE_VECTORS names it (.ci/run sets it), so the copies of the
// vectors in rle_test.go can never drift from the reference: every table
// row's counts must encode to its string and its string parse back to its
// counts. Unset, the test skips; set but missing, it fails.
func TestRLESharedVectors(t *testing.T) {
	path := os.Getenv("SYNTHKIT_RLE_VECTORS")
	if path == "" {
		t.Skip("SYNTHKIT_RLE_VECTORS not set")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("SYNTHKIT_RLE_VECTORS: %v", err)
	}
	checked := 0
	for _, line := range strings.Split(string(data), "\n") {
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		if len(cells) < 2 || !strings.HasPrefix(strings.TrimSpace(line), "|") {
			continue
		}
		// The counts cell is the one made of digits and commas (an
		// optional "(h=…, w=…)" note follows); the string cell follows it.
		for i := 0; i+1 < len(cells); i++ {
			counts, ok := parseCountsCell(cells[i])
			if !ok {
				continue
			}
			want := codeCell(cells[i+1])
			got := RLE{Counts: counts}.String()
			if got != want {
				t.Errorf("counts %v: string %q, want %q", counts, got, want)
			}
			total := 0
			for _, c := range counts {
				total += int(c)
			}
			back, err := ParseRLE(total, 1, want)
			if err != nil || !slices.Equal(back.Counts, counts) {
				t.Errorf("%q parses to %v (%v), want %v", want, back.Counts, err, counts)
			}
			checked++
			break
		}
	}
	if checked < 12 {
		t.Fatalf("checked %d vectors from %s, want the 12 it holds", checked, path)
	}
}

func parseCountsCell(cell string) ([]uint32, bool) {
	cell = strings.TrimSpace(cell)
	if i := strings.Index(cell, "("); i >= 0 {
		cell = strings.TrimSpace(cell[:i])
	}
	if cell == "" || !strings.ContainsAny(cell, "0123456789") || strings.ContainsAny(cell, "`x/") {
		return nil, false
	}
	var out []uint32
	for _, f := range strings.Split(cell, ",") {
		n, err := strconv.ParseUint(strings.TrimSpace(f), 10, 32)
		if err != nil {
			return nil, false
		}
		out = append(out, uint32(n))
	}
	return out, true
}

// codeCell strips Markdown code quoting: `x` or “ x “ (for strings that
// hold a backtick).
func codeCell(cell string) string {
	cell = strings.TrimSpace(cell)
	if strings.HasPrefix(cell, "``") {
		return strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(cell, "``"), "``"))
	}
	return strings.Trim(cell, "`")
}
