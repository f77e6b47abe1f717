//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// readerCommands are the commands that read a dataset, each with the
// file whose presence says its output is complete.
func readerCommands(ds, out string) []struct {
	name   string
	args   []string
	marker string
} {
	return []struct {
		name   string
		args   []string
		marker string
	}{
		{"export coco", []string{"export", "coco", ds, "-o", filepath.Join(out, "coco")}, "coco/annotations.json"},
		{"export yolo", []string{"export", "yolo", ds, "-o", filepath.Join(out, "yolo")}, "yolo/data.yaml"},
		{"export hf", []string{"export", "hf", ds, "-o", filepath.Join(out, "hf")}, "hf/data-00000-of-00002.arrow"},
		{"inspect", []string{"inspect", ds}, ""},
		{"report", []string{"report", ds, "-o", filepath.Join(out, "report")}, "report/index.html"},
		{"preview", []string{"preview", ds, "--rows", "6", "-o", filepath.Join(out, "sheet.png")}, "sheet.png"},
	}
}

// TestReaderCommandsUsedToTrustSizes: one byte flipped in a shard (same
// size) used to be exported, inspected and reported silently; every reader
// command now checks the shard's sha256 as it reads it, fails naming the
// shard and leaves no output that looks complete, and with --skip-corrupt
// succeeds and reports the skipped shard.
func TestReaderCommandsUsedToTrustSizes(t *testing.T) {
	ds := tinyDataset(t)
	shard := filepath.Join(ds, "data-00001-of-00002.arrow")
	b, err := os.ReadFile(shard)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x40
	if err := os.WriteFile(shard, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	for _, tt := range readerCommands(ds, out) {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := synth(tt.args...)
			if err == nil || !strings.Contains(err.Error(), "data-00001-of-00002.arrow") || !strings.Contains(err.Error(), "sha256") {
				t.Fatalf("synth %v on a tampered shard: err = %v\n%s", tt.args, err, msg)
			}
			if tt.marker != "" {
				if _, err := os.Stat(filepath.Join(out, tt.marker)); err == nil {
					t.Errorf("%s exists after the failed run: the output looks complete", tt.marker)
				}
			}
			msg, err = synth(append(tt.args, "--skip-corrupt", "--overwrite")...)
			if tt.name == "inspect" || tt.name == "report" || tt.name == "preview" {
				msg, err = synth(append(tt.args, "--skip-corrupt")...)
			}
			if err != nil {
				t.Fatalf("with --skip-corrupt: %v\n%s", err, msg)
			}
			if !strings.Contains(msg, "skipped shard") || !strings.Contains(msg, "data-00001-of-00002.arrow") {
				t.Errorf("with --skip-corrupt the skipped shard is not reported:\n%s", msg)
			}
		})
	}
}

// TestReaderCommandsOnInterruptedRun: an interrupted run (a shard without
// its sidecar) used to be refused by every reader with no way round; it
// still is by default, with a hint, and --allow-incomplete reads the
// complete shards.
func TestReaderCommandsOnInterruptedRun(t *testing.T) {
	ds := tinyDataset(t)
	if err := os.Remove(filepath.Join(ds, "data-00001-of-00002.json")); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	for _, tt := range readerCommands(ds, out) {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := synth(tt.args...); err == nil || !strings.Contains(err.Error(), "--allow-incomplete") {
				t.Fatalf("synth %v on an interrupted run: err = %v", tt.args, err)
			}
			args := append(tt.args, "--allow-incomplete")
			if tt.name != "inspect" && tt.name != "report" && tt.name != "preview" {
				args = append(args, "--overwrite")
			}
			msg, err := synth(args...)
			if err != nil {
				t.Fatalf("with --allow-incomplete: %v\n%s", err, msg)
			}
			if !strings.Contains(msg, "skipped shard") || !strings.Contains(msg, "missing") {
				t.Errorf("the missing shard is not reported:\n%s", msg)
			}
		})
	}
}

// TestFIFOInDatasetUsedToHang: a FIFO named like a sidecar or a shard
// made status, verify, inspect, export and a resumed generate block
// forever in open(2); they now fail (or, generate, rewrite the shard)
// naming the file. A hang fails on the test timeout.
func TestFIFOInDatasetUsedToHang(t *testing.T) {
	for _, name := range []string{"data-00001-of-00002.json", "data-00001-of-00002.arrow"} {
		t.Run(name, func(t *testing.T) {
			ds := tinyDataset(t)
			p := filepath.Join(ds, name)
			os.Remove(p)
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skip("mkfifo:", err)
			}
			for _, args := range [][]string{
				{"status", ds},
				{"verify", ds, "--samples", "0"},
				{"inspect", ds},
				{"export", "coco", ds, "-o", filepath.Join(t.TempDir(), "coco")},
				{"export", "hf", ds, "-o", filepath.Join(t.TempDir(), "hf")},
			} {
				msg, err := synth(args...)
				if err == nil || !strings.Contains(msg+err.Error(), "named pipe") && !strings.Contains(msg+err.Error(), name) {
					t.Errorf("synth %v: err = %v\n%s", args, err, msg)
				}
			}
		})
	}
}
