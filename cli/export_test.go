package cli

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"
)

// tinyDataset generates 6 samples of 96×72 with the basic generator.
func tinyDataset(t *testing.T) string {
	t.Helper()
	return runSpec(t, "generator: basic\nseed: 5\nsamples: 6\nsamples_per_shard: 3\nwidth: 96\nheight: 72\nparams: {min_objects: 2, max_objects: 5}\n")
}

// runSpec runs the job spec (YAML) with one worker and the soft renderer
// into a new temporary directory and returns it.
func runSpec(t *testing.T, spec string) string {
	t.Helper()
	s, err := job.ParseSpec([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	s.Output = filepath.Join(t.TempDir(), "ds")
	_, err = job.Run(context.Background(), s, job.RunOptions{Workers: 1,
		NewRenderer: func(*job.Spec) (render.Renderer, error) { return soft.New(soft.Options{Workers: 1}), nil }})
	if err != nil {
		t.Fatal(err)
	}
	return s.Output
}

// synth runs the CLI with args and returns its output and error.
func synth(args ...string) (string, error) {
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

// TestExportCommands runs export coco, export yolo (both tasks), preview
// and report on a generated dataset and checks the files they announce.
func TestExportCommands(t *testing.T) {
	ds := tinyDataset(t)
	out := t.TempDir()
	for _, tt := range []struct {
		args  []string
		files []string // relative to out
		says  string
	}{
		{[]string{"export", "coco", ds, "-o", filepath.Join(out, "coco")},
			[]string{"coco/annotations.json", "coco/images/000000005.png"}, "6 images"},
		{[]string{"export", "coco", ds, "-o", filepath.Join(out, "cocos"), "--splits", "train=0.5,val=0.5", "--min-visible", "0.3"},
			[]string{"cocos/train/annotations.json", "cocos/val/annotations.json"}, "train"},
		{[]string{"export", "yolo", ds, "-o", filepath.Join(out, "yolo")},
			[]string{"yolo/data.yaml", "yolo/labels/train", "yolo/labels/val"}, "YOLO detect"},
		{[]string{"export", "yolo", ds, "-o", filepath.Join(out, "yoloseg"), "--task", "segment", "--tolerance", "0"},
			[]string{"yoloseg/data.yaml"}, "YOLO segment"},
		{[]string{"preview", ds, "--rows", "4", "--cols", "2", "--tile-width", "100", "-o", filepath.Join(out, "sheet.png")},
			[]string{"sheet.png"}, "4 samples (0 to 3)"},
		{[]string{"report", ds, "-o", filepath.Join(out, "report")},
			[]string{"report/index.html", "report/samples.png", "report/categories.png"}, "6 samples"},
	} {
		t.Run(strings.Join(tt.args[:2], " "), func(t *testing.T) {
			msg, err := synth(tt.args...)
			if err != nil {
				t.Fatalf("synth %v: %v\n%s", tt.args, err, msg)
			}
			if !strings.Contains(msg, tt.says) {
				t.Errorf("output %q does not say %q", msg, tt.says)
			}
			for _, f := range tt.files {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	f, err := os.Open(filepath.Join(out, "sheet.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil || cfg.Width != 6+2*(2*100+2+6) {
		t.Errorf("sheet.png: %v, width %d", err, cfg.Width)
	}
}

// TestExportCommandErrors checks that bad input gives an error that says
// what is wrong.
func TestExportCommandErrors(t *testing.T) {
	ds := tinyDataset(t)
	empty := t.TempDir()
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o644)
	missing := filepath.Join(empty, "missing")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "coco", missing, "-o", t.TempDir()}, "no such directory"},
		{[]string{"export", "coco", empty, "-o", t.TempDir()}, "no shard sidecars"},
		{[]string{"export", "coco", ds}, `required flag(s) "output"`},
		{[]string{"export", "coco", ds, "-o", filepath.Join(file, "out")}, "not a directory"},
		{[]string{"export", "coco", ds, "-o", t.TempDir(), "--splits", "train=0.9,val"}, "want NAME=WEIGHT"},
		{[]string{"export", "yolo", ds, "-o", t.TempDir(), "--task", "pose"}, `task "pose"`},
		{[]string{"export", "yolo", ds, "-o", t.TempDir(), "--splits", "a=1"}, `split "a"`},
		{[]string{"preview", missing, "-o", filepath.Join(t.TempDir(), "s.png")}, "no such directory"},
		{[]string{"preview", ds, "--start", "100", "-o", filepath.Join(t.TempDir(), "s.png")}, "no sample from index 100"},
		{[]string{"preview", ds, "-o", filepath.Join(file, "s.png")}, "not a directory"},
		{[]string{"report", empty, "-o", t.TempDir()}, "no shard sidecars"},
		{[]string{"report", ds, "-o", filepath.Join(file, "r")}, "not a directory"},
	} {
		t.Run(strings.Join(tt.args[:2], " "), func(t *testing.T) {
			msg, err := synth(tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("synth %v: err = %v, want one containing %q\n%s", tt.args, err, tt.want, msg)
			}
		})
	}
}
