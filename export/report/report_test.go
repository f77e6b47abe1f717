package report

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	_ "github.com/synthkit/synthkit/examples/basic" // registers "basic"
	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"
)

const smallSpec = "generator: basic\nseed: 11\nsamples: 6\nsamples_per_shard: 4\nwidth: 96\nheight: 72\n" +
	"params: {min_objects: 3, max_objects: 8}\n"

func generate(t testing.TB, spec string) string {
	t.Helper()
	s, err := job.ParseSpec([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	s.Output = t.TempDir()
	_, err = job.Run(context.Background(), s, job.RunOptions{
		Workers: 1,
		NewRenderer: func(spec *job.Spec) (render.Renderer, error) {
			return soft.New(soft.Options{Workers: 1}), nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s.Output
}

// TestWrite writes a report and checks that every file the page links
// exists in the folder, that links are relative, that no absolute path of
// this machine appears in any file, and that stats.json adds up.
func TestWrite(t *testing.T) {
	src := generate(t, smallSpec)
	dir := filepath.Join(t.TempDir(), "report")
	st, err := Write(context.Background(), src, dir, Options{Samples: 4})
	if err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("SYNTHKIT_REPORT_OUT"); out != "" { // to look at it
		os.CopyFS(out, os.DirFS(dir))
	}
	html, err := os.ReadFile(filepath.Join(dir, IndexFile))
	if err != nil {
		t.Fatal(err)
	}
	links := regexp.MustCompile(`(?:src|href)="([^"]*)"`).FindAllStringSubmatch(string(html), -1)
	if len(links) < 8 {
		t.Errorf("%d links in index.html, want the 6 figures, the sheet and stats.json", len(links))
	}
	for _, m := range links {
		l := m[1]
		if l == "" || strings.Contains(l, "/") || strings.Contains(l, ":") || strings.HasPrefix(l, ".") {
			t.Errorf("link %q is not a bare relative file name", l)
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, l)); err != nil {
			t.Errorf("link %q: %v", l, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		for _, abs := range []string{src, dir, os.TempDir()} {
			if strings.Contains(string(b), abs) {
				t.Errorf("%s contains the absolute path %s", e.Name(), abs)
			}
		}
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
	var back Stats
	b, _ := os.ReadFile(filepath.Join(dir, StatsFile))
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, n := range back.PerCategory {
		sum += n
	}
	perImage := 0
	for _, n := range back.PerImage {
		perImage += n
	}
	if back.Samples != 6 || len(back.PerImage) != 6 || sum != back.Visible || perImage != back.Visible ||
		len(back.BoxSize) != back.Visible || len(back.VisibleFraction) != back.Objects || len(back.DepthMin) != 6 {
		t.Errorf("stats do not add up: %+v", back)
	}
	for i := range back.DepthMin {
		if !(back.DepthMin[i] > 0 && back.DepthMin[i] <= back.DepthMax[i]) {
			t.Errorf("image %d: depth range %v..%v", i, back.DepthMin[i], back.DepthMax[i])
		}
	}
	if st.Visible != back.Visible {
		t.Errorf("returned stats differ from stats.json")
	}
	if want := CoverageOf(back.Categories, back.PerCategory); !reflect.DeepEqual(back.Coverage, want) || back.Coverage.Categories != len(back.Categories) {
		t.Errorf("stats.json coverage %+v, want %+v", back.Coverage, want)
	}
	if !strings.Contains(string(html), "never seen: ") {
		t.Errorf("index.html has no coverage row")
	}
}

func TestCoverageOf(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cats   []string
		counts []int
		want   Coverage
	}{
		{"empty", nil, nil, Coverage{}},
		{"all seen", []string{"a", "b", "c"}, []int{3, 1, 2}, Coverage{Categories: 3, Seen: 3, Min: 1, Median: 2, Max: 3}},
		{"some never seen", []string{"a", "b", "c", "d"}, []int{0, 5, 0, 1}, Coverage{Categories: 4, Seen: 2, Never: 2, Min: 0, Median: 1, Max: 5, NeverFirst: []string{"a", "c"}}},
		{"short counts are zeros", []string{"a", "b"}, []int{2}, Coverage{Categories: 2, Seen: 1, Never: 1, Min: 0, Median: 2, Max: 2, NeverFirst: []string{"b"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CoverageOf(tc.cats, tc.counts); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("CoverageOf = %+v, want %+v", got, tc.want)
			}
		})
	}
	many := make([]string, 50)
	for i := range many {
		many[i] = string(rune('A' + i))
	}
	if c := CoverageOf(many, nil); c.Never != 50 || len(c.NeverFirst) != 10 {
		t.Errorf("50 unseen: %+v, want 50 never seen and 10 named", c)
	}
}

func TestWriteErrors(t *testing.T) {
	src := generate(t, smallSpec)
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	for _, tt := range []struct {
		name, src, dst, want string
	}{
		{"missing dataset", filepath.Join(t.TempDir(), "nope"), t.TempDir(), "no such directory"},
		{"no shards", t.TempDir(), t.TempDir(), "no shard sidecars"},
		{"unwritable output", src, filepath.Join(file, "report"), "not a directory"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Write(context.Background(), tt.src, tt.dst, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestFiguresEmpty draws the figures of a dataset without objects or depth.
func TestFiguresEmpty(t *testing.T) {
	figs, err := Figures(&Stats{Categories: []string{"a"}, PerCategory: []int{0}})
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) != 7 {
		t.Fatalf("%d figures", len(figs))
	}
	for _, f := range figs {
		if len(f.PNG) == 0 {
			t.Errorf("%s is empty", f.File)
		}
	}
}
