package dataset

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEListsEveryColumn: the README's output table has a row for
// every column of the column table, and no row for a column that does not
// exist.
func TestREADMEListsEveryColumn(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	start := strings.Index(doc, "## The output")
	end := strings.Index(doc[start+1:], "\n## ")
	if start < 0 || end < 0 {
		t.Fatal("README has no section \"The output\"")
	}
	section := doc[start : start+1+end]
	known := map[string]bool{}
	for _, c := range columns {
		known[c.name] = true
		if !strings.Contains(section, "| `"+c.name+"`") && !strings.Contains(section, ", `"+c.name+"` |") {
			t.Errorf("README's output table has no row for column %q", c.name)
		}
	}
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cell := strings.Split(line, "|")[1]
		for _, part := range strings.Split(cell, ",") {
			name, _, _ := strings.Cut(strings.Trim(strings.TrimSpace(part), "`"), "`")
			if !known[name] {
				t.Errorf("README's output table lists %q, which is not a column", name)
			}
		}
	}
}
