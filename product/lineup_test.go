package product

import (
	"context"
	"flag"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/render/soft"
	"github.com/synthkit/synthkit/scene"
)

var update = flag.Bool("update", false, "rewrite the golden lineup image in testdata/")

// lineupSpecs are twelve products across every kind, from several brands.
func lineupSpecs() []Spec {
	type item struct {
		kind          Kind
		variant, size string
		seed          uint64
	}
	items := []item{
		{Bottle, "water", "", 3}, {Bottle, "soda", "", 11}, {Bottle, "beer", "", 5}, {Can, "drink", "", 7},
		{Can, "food", "", 2}, {Carton, "milk", "1 L", 4}, {Box, "cereal", "375 G", 9}, {Box, "tea", "", 6},
		{Bag, "chips", "150 G", 8}, {Jar, "jam", "", 10}, {Jar, "honey", "", 12}, {Blister, "batteries", "", 1},
	}
	specs := make([]Spec, len(items))
	for i, it := range items {
		specs[i] = Spec{Kind: it.kind, Variant: it.variant, Size: it.size, Seed: it.seed}
	}
	return specs
}

// renderLineup renders the products standing in a row on a shelf board,
// seen from the front and a little above.
func renderLineup(t testing.TB, skus []*SKU, w, h int) *image.RGBA {
	t.Helper()
	gap := 0.015
	total := -gap
	for _, s := range skus {
		total += s.Dims[0] + gap
	}
	var objs []scene.Object
	x := -total / 2
	for _, s := range skus {
		objs = append(objs, s.Objects(mgl64.Translate3D(x+s.Dims[0]/2, 0, 0))...)
		x += s.Dims[0] + gap
	}
	shelf := scene.Box(total+0.1, 0.02, 0.3)
	wall := scene.Quad(total+0.4, 0.8)
	objs = append(objs,
		scene.Object{Name: "shelf", Mesh: shelf, Material: &scene.Material{BaseColor: scene.SRGB8(200, 200, 196), Roughness: 0.8}, Transform: mgl64.Translate3D(0, -0.01, 0)},
		scene.Object{Name: "wall", Mesh: wall, Material: &scene.Material{BaseColor: scene.SRGB8(225, 228, 232), Roughness: 1}, Transform: mgl64.Translate3D(0, 0.2, -0.15)},
	)
	cam := scene.NewCameraFOV(w, h, 24)
	// Fill the width: the row's half-width plus a margin at the products'
	// front faces.
	dist := 0.06 + (total/2+0.03)/(math.Tan(mgl64.DegToRad(12))*float64(w)/float64(h))
	cam, err := cam.WithLookAt(mgl64.Vec3{0, 0.24, dist}, mgl64.Vec3{0, 0.14, 0}, mgl64.Vec3{0, 1, 0})
	if err != nil {
		t.Fatal(err)
	}
	sc := &scene.Scene{
		Camera:  cam,
		Objects: objs,
		Lights: []scene.Light{
			{Kind: scene.Ambient, Color: scene.RGB(1, 1, 1), Intensity: 0.45},
			{Kind: scene.Directional, Color: scene.Kelvin(5500), Intensity: 0.85, Direction: mgl64.Vec3{0.4, -0.6, -1}},
		},
		Background: scene.SRGB8(235, 236, 238),
	}
	r := soft.New(soft.Options{SSAA: 2})
	defer r.Close()
	f, err := r.Render(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	return f.Color
}

// TestLineup renders twelve products and compares the picture with the
// golden image testdata/lineup.png (rewritten with -update), allowing a
// small mean difference for floating-point differences between platforms.
func TestLineup(t *testing.T) {
	if testing.Short() {
		t.Skip("renders an image")
	}
	var skus []*SKU
	for _, sp := range lineupSpecs() {
		s, err := New(sp, Options{})
		if err != nil {
			t.Fatal(err)
		}
		skus = append(skus, s)
	}
	img := renderLineup(t, skus, 640, 240)
	golden := filepath.Join("testdata", "lineup.png")
	if out := os.Getenv("SYNTHKIT_LINEUP_OUT"); out != "" {
		writePNG(t, out, img)
	}
	if *update {
		writePNG(t, golden, img)
		return
	}
	f, err := os.Open(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestLineup -update to create it)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", golden, err)
	}
	if want.Bounds() != img.Bounds() {
		t.Fatalf("%s: size %v, rendered %v", golden, want.Bounds(), img.Bounds())
	}
	var sum, n float64
	for y := 0; y < img.Rect.Dy(); y++ {
		for x := 0; x < img.Rect.Dx(); x++ {
			r0, g0, b0, _ := want.At(x, y).RGBA()
			c := img.RGBAAt(x, y)
			sum += absDiff(r0>>8, c.R) + absDiff(g0>>8, c.G) + absDiff(b0>>8, c.B)
			n += 3
		}
	}
	if mean := sum / n; mean > 2 {
		t.Errorf("lineup differs from %s: mean absolute difference %.2f/255 (run with -update after checking it)", golden, mean)
	}
}

func absDiff(a uint32, b uint8) float64 {
	d := float64(a) - float64(b)
	if d < 0 {
		return -d
	}
	return d
}

func writePNG(t testing.TB, name string, img image.Image) {
	t.Helper()
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
