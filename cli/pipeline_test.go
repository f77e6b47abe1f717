package cli

import (
	"bytes"
	"context"
	"image"
	"image/draw"
	"image/png"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/export"
	"github.com/synthkit/synthkit/job"
)

// samePixelsArgs are the job flags every command is given in
// TestSamePixelsEverywhere: supersampling on, so that a command with
// another default would show.
var samePixelsArgs = []string{"--seed", "5", "--size", "48x36", "--ssaa", "2", "-p", "max_objects=4"}

// TestSamePixelsEverywhere: generate, bench, verify, preview (a
// generator name) and view's frame production make the same pixels, ids
// and depth for the same sample, since all go through job.Pipeline.
func TestSamePixelsEverywhere(t *testing.T) {
	clearArrayEnv(t)
	const n = 3
	gen := filepath.Join(t.TempDir(), "gen")
	if _, err := runSynth(append([]string{"generate", "basic", "-q", "-n", "3", "-o", gen}, samePixelsArgs...)...); err != nil {
		t.Fatal(err)
	}
	bench := filepath.Join(t.TempDir(), "bench")
	if _, err := runSynth(append([]string{"bench", "basic", "-n", "3", "--workers", "2", "-o", bench}, samePixelsArgs...)...); err != nil {
		t.Fatal(err)
	}
	want := headRows(t, gen, n)
	for i, r := range headRows(t, bench, n) {
		sameRow(t, "bench", want[i], r)
	}
	out, err := runSynth("verify", gen, "-q", "--samples", "3", "--seed", "1")
	if err != nil || !strings.Contains(out, "3 rows regenerated and compared (exact): OK") {
		t.Fatalf("verify: %v\n%s", err, out)
	}

	// preview of a generator name, with the same job flags.
	var gp genPreview
	pc := &cobra.Command{Use: "preview"}
	pc.SetContext(context.Background())
	gp.register(pc)
	if err := pc.Flags().Parse(samePixelsArgs); err != nil {
		t.Fatal(err)
	}
	prev, err := gp.samples(pc, "basic", 0, n)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range prev {
		sameRow(t, "preview", want[i], r)
	}

	// view: its frames, without a window, with the soft renderer and the
	// generator's camera.
	spec := viewSpec(t, samePixelsArgs)
	pl, err := job.NewPipeline(spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	factory, err := rendererFactory(pl.Spec(), 1)
	if err != nil {
		t.Fatal(err)
	}
	r, err := factory(pl.Spec())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for i := int64(0); i < n; i++ {
		sc, _, err := pl.Scene(i)
		if err != nil {
			t.Fatal(err)
		}
		f, insts, err := viewFrame(context.Background(), pl, r, i, sc, nil)
		if err != nil {
			t.Fatal(err)
		}
		img := decodeRGBA(t, want[i].Image)
		if !bytes.Equal(img.Pix, f.Color.Pix) {
			t.Errorf("view: sample %d: colour pixels differ from generate's", i)
		}
		if len(insts) == 0 {
			t.Errorf("view: sample %d: no labels", i)
		}
		row, err := pl.Encode(i, want[i].Seed, sc, f, insts)
		if err != nil {
			t.Fatal(err)
		}
		sameRow(t, "view", want[i], row)
	}
}

// viewSpec is the spec `synth view basic ARGS` shows.
func viewSpec(t *testing.T, args []string) *job.Spec {
	t.Helper()
	var jf jobFlags
	cmd := &cobra.Command{Use: "view"}
	jf.register(cmd, sampleFlags, job.Spec{Samples: 1})
	if err := cmd.Flags().Parse(args); err != nil {
		t.Fatal(err)
	}
	spec, err := jf.spec(cmd, "basic")
	if err != nil {
		t.Fatal(err)
	}
	return spec
}

// headRows reads the first n rows of the dataset in dir.
func headRows(t *testing.T, dir string, n int) []*dataset.Sample {
	t.Helper()
	d, err := export.OpenDataset(dir)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := d.Head(context.Background(), 0, n)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n {
		t.Fatalf("%s: %d rows, want %d", dir, len(rows), n)
	}
	return rows
}

// sameRow fails unless got has want's index, seed, pixels (decoded),
// depth and instance maps and objects.
func sameRow(t *testing.T, who string, want, got *dataset.Sample) {
	t.Helper()
	if got.Index != want.Index || got.Seed != want.Seed {
		t.Errorf("%s: sample %d seed %#x, want sample %d seed %#x", who, got.Index, got.Seed, want.Index, want.Seed)
		return
	}
	if !bytes.Equal(decodeRGBA(t, got.Image).Pix, decodeRGBA(t, want.Image).Pix) {
		t.Errorf("%s: sample %d: colour pixels differ from generate's", who, got.Index)
	}
	if !bytes.Equal(got.Depth, want.Depth) || !bytes.Equal(got.Instances, want.Instances) {
		t.Errorf("%s: sample %d: depth or instance map differs from generate's", who, got.Index)
	}
	if len(got.Objects) != len(want.Objects) {
		t.Errorf("%s: sample %d: %d objects, generate has %d", who, got.Index, len(got.Objects), len(want.Objects))
	}
}

func decodeRGBA(t *testing.T, b []byte) *image.RGBA {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out := image.NewRGBA(img.Bounds())
	draw.Draw(out, out.Rect, img, img.Bounds().Min, draw.Src)
	return out
}

// TestJobFlagDefaults: the job flags of generate, bench, preview and view
// are one definition with the spec's defaults (view alone renders with gl
// by default).
func TestJobFlagDefaults(t *testing.T) {
	gen := newGenerateCmd().Flags()
	for _, c := range []*cobra.Command{newBenchCmd(), newPreviewCmd(), newViewCmd()} {
		for _, name := range []string{"seed", "size", "ssaa", "shadow-map-size", "renderer", "assets", "param", "params"} {
			f := c.Flags().Lookup(name)
			if f == nil {
				if c.DisableFlagParsing { // synth view in a build without gl
					continue
				}
				t.Errorf("%s: no --%s", c.Name(), name)
				continue
			}
			want := gen.Lookup(name).DefValue
			if c.Name() == "view" && name == "renderer" {
				want = "gl"
			}
			if f.DefValue != want {
				t.Errorf("%s --%s defaults to %q, generate's to %q", c.Name(), name, f.DefValue, want)
			}
		}
	}
	if d := gen.Lookup("ssaa").DefValue; d != "1" {
		t.Errorf("--ssaa defaults to %s, job.DefaultSSAA is %d", d, job.DefaultSSAA)
	}
}
