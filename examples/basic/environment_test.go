package basic

import (
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/render/soft"
)

// TestEnvironment checks the environment params: without them a sample
// has no environment; with the studio each sample gets it turned by its
// own rotation, at an intensity in range, drawn behind the scene when
// environment_background is set (background pixels then differ from
// Scene.Background while the labels stay the same); a map in the job's
// assets is read through UseAssets, and without assets a sample is a
// clear error.
func TestEnvironment(t *testing.T) {
	if s := sample(t, newBasic(t, ""), 1, 0); s.Environment != nil {
		t.Fatal("the default params give an environment")
	}
	g := newBasic(t, `{"environment": "studio", "environment_background": true, "environment_intensity": {"min": 0.5, "max": 0.9}}`)
	a, b := sample(t, g, 1, 0), sample(t, g, 1, 1)
	if a.Environment == nil || b.Environment == nil {
		t.Fatal("no environment")
	}
	if a.Environment.Rotation == b.Environment.Rotation || !a.Environment.Background {
		t.Errorf("environments %+v, %+v: want their own rotations, drawn behind", a.Environment.Rotation, b.Environment.Rotation)
	}
	if in := a.Environment.Intensity; in < 0.5 || in > 0.9 {
		t.Errorf("intensity %g outside [0.5, 0.9]", in)
	}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	r := soft.New(soft.Options{})
	f, err := r.Render(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	plain := *a
	pe := *a.Environment
	pe.Background = false
	plain.Environment = &pe
	p, err := r.Render(context.Background(), &plain)
	if err != nil {
		t.Fatal(err)
	}
	sky := 0
	for i := range f.IDs {
		if f.IDs[i] != p.IDs[i] || f.Depth[i] != p.Depth[i] {
			t.Fatalf("pixel %d: labels change with the background", i)
		}
		if f.IDs[i] == 0 && [3]uint8(f.Color.Pix[4*i:4*i+3]) != [3]uint8(p.Color.Pix[4*i:4*i+3]) {
			sky++
		}
	}
	if sky == 0 {
		t.Error("no background pixel shows the environment")
	}

	// A map in the job's assets.
	dir := t.TempDir()
	img := image.NewNRGBA(image.Rect(0, 0, 16, 8))
	for i := range img.Pix {
		img.Pix[i] = uint8(40 + i%200)
	}
	img.SetNRGBA(0, 0, color.NRGBA{255, 255, 255, 255})
	fh, err := os.Create(filepath.Join(dir, "sky.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(fh, img); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	params := json.RawMessage(`{"environment": "sky.png"}`)
	ga, _, err := generator.NewWithAssets("basic", params, os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	s := sample(t, ga, 2, 0)
	if e := s.Environment; e == nil || e.Width != 16 || e.Height != 8 || e.Name != "sky.png" || e.Background || e.Rotation < 0 || e.Rotation >= 2*math.Pi {
		t.Fatalf("environment from the assets: %+v", e)
	}
	if _, _, err := generator.NewWithAssets("basic", json.RawMessage(`{"environment": "none.hdr"}`), os.DirFS(dir)); err == nil || !strings.Contains(err.Error(), "none.hdr") {
		t.Errorf("a missing map: error %v, want one naming it", err)
	}
	gn, _, err := generator.New("basic", params)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gn.Sample(generator.NewContext(2, 0, 64, 48, nil)); err == nil || !strings.Contains(err.Error(), "--assets") {
		t.Errorf("no assets: error %v, want one about --assets", err)
	}
}
