package main

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/synthkit/synthkit/generator"
)

// TestListWidth: every line of `synth list` fits in 100 columns, and
// nothing is lost: every param's name, doc words and full default appear.
func TestListWidth(t *testing.T) {
	out, err := runSynth("list")
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(line); n > listWidth {
			t.Errorf("line %d is %d columns, want at most %d: %q", i+1, n, listWidth, line)
		}
	}
	squeezed := strings.Join(strings.Fields(out), "")
	for _, e := range generator.List() {
		for _, p := range e.Params {
			if !strings.Contains(out, "    "+p.Name+" ") {
				t.Errorf("%s: param %q not listed", e.Info.Name, p.Name)
			}
			if !strings.Contains(squeezed, strings.Join(strings.Fields(p.Doc), "")) {
				t.Errorf("%s: doc of %q lost", e.Info.Name, p.Name)
			}
			if !strings.Contains(squeezed, string(p.Default)) {
				t.Errorf("%s: default of %q lost", e.Info.Name, p.Name)
			}
		}
	}
}

// TestWrap covers the wrapping rules on made-up entries: long words, long
// defaults, separators kept.
func TestWrap(t *testing.T) {
	long := strings.Repeat("x", 250)
	for _, tt := range []struct {
		name, text, sep string
		want            []string
	}{
		{"short", "a b c", " ", []string{"  a b c"}},
		{"empty", "", " ", []string{""}},
		{"word longer than a line", long, " ", []string{"  " + long[:98], "    " + long[98:194], "    " + long[194:]}},
		{"commas kept", strings.Repeat(`"k":1,`, 20), ",", []string{"  " + strings.Repeat(`"k":1,`, 16), "    " + strings.Repeat(`"k":1,`, 4)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			wrap(&b, tt.text, "  ", "    ", tt.sep)
			got := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
	// A default of 400 characters goes below its param, wrapped.
	var b strings.Builder
	def, _ := json.Marshal(map[string]string{"a": strings.Repeat("y", 400)})
	e := generator.Entry{Info: generator.Info{Name: "g", Version: "1"}, Params: []generator.Param{{Name: "p", Type: "object", Default: def, Doc: "d"}}}
	if err := writeList(&b, []generator.Entry{e}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "default (below)") {
		t.Errorf("long default inline:\n%s", b.String())
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if utf8.RuneCountInString(line) > listWidth {
			t.Errorf("line of %d columns: %q", utf8.RuneCountInString(line), line)
		}
	}
}
