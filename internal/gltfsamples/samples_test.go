package gltfsamples

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	_ "image/gif"  // AnimatedCube's screenshot
	_ "image/jpeg" // Cube's screenshot
	"image/png"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/imagecmp"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"
	"github.com/synthkit/synthkit/scene"
	"github.com/synthkit/synthkit/scene/envmap"
	"github.com/synthkit/synthkit/scene/gltf"
)

var update = flag.Bool("update", false, "rewrite the golden images under testdata/, docs/gltf-corpus.md and docs/fidelity.md")

// renderHeight is the height of every render; the width follows the
// aspect ratio of the model's screenshot.
const renderHeight = 240

// goldenTolerance is the largest mean absolute difference, over every
// colour channel of every pixel, between a render and its golden image:
// 1/255. The soft renderer is deterministic on one platform, but fused
// multiply-adds on other architectures may move a few pixels by one code;
// a real regression (a moved edge, a changed shade) is far above it.
const goldenTolerance = 1.0

// layoutTolerance is how far each edge of the model's silhouette box in
// our render may lie from the same edge of the model in the screenshot, as
// a fraction of the image's width (left, right) or height (top, bottom).
// The screenshots come from viewers whose exact camera is unknown; 0.06
// (15 pixels of 240) accepts a slightly different fit or angle and refuses
// a model that is off-centre, mirrored, upside down or of the wrong size.
const layoutTolerance = 0.06

// view frames a model. The zero value is glTF's default view: from +z down
// −z with +y up, the model centred and fitted to its bounds.
type view struct {
	azimuth   float64 // degrees about +y from +z towards +x
	elevation float64 // degrees above the xz plane
	fovY      float64 // vertical field of view, degrees (45 when 0)
	fill      float64 // fraction of the image width or height the model spans
	// eye and target, when eye is set, place the camera explicitly (looking
	// with +y up) instead of fitting it.
	eye, target mgl64.Vec3
}

// box is an axis-aligned rectangle in normalised image coordinates
// (fractions of width and height; x0 < x1, y0 < y1).
type box struct{ x0, y0, x1, y1 float64 }

// sample is one model folder of the Khronos samples.
type sample struct {
	dir        string // folder under SYNTHKIT_GLTF_SAMPLES
	screenshot string // the reference image, relative to dir
	view       view
	// ref is the model's box in the screenshot, measured by hand, for
	// screenshots over a photographic environment where the background
	// cannot be told apart cheaply; nil means detect it from the border
	// colour (uniform or gradient backgrounds).
	ref *box
}

// samples lists every model of the folder with the view that reproduces
// its screenshot's layout.
var samples = []sample{
	// A textured cube seen from the front right, above, over a photo.
	{dir: "AnimatedCube", screenshot: "screenshot/screenshot.gif",
		view: view{azimuth: 30, elevation: 25, fovY: 45, fill: 0.77},
		ref:  &box{0.23, 0.17, 0.79, 0.94}},
	{dir: "Box With Spaces", screenshot: "screenshot/screenshot_large.png",
		view: view{azimuth: 45, elevation: 25, fovY: 45, fill: 0.89}},
	{dir: "BoxVertexColors", screenshot: "screenshot/screenshot.png",
		view: view{azimuth: -25, elevation: 30, fovY: 45, fill: 0.88},
		ref:  &box{0.10, 0.05, 0.91, 0.93}}, // a vignetted background
	// The file's own perspective camera (node 1: at (0.5, 0.5, 3) looking
	// down −z, yfov 0.7 rad, aspect 1), which the screenshot shows.
	{dir: "Cameras", screenshot: "screenshot/screenshot.png",
		view: view{fovY: mgl64.RadToDeg(0.7), eye: mgl64.Vec3{0.5, 0.5, 3}, target: mgl64.Vec3{0.5, 0.5, 0}}},
	{dir: "Cube", screenshot: "screenshot/screenshot.jpg",
		view: view{azimuth: 30, elevation: 25, fovY: 45, fill: 0.71},
		ref:  &box{0.20, 0.20, 0.74, 0.91}},
	{dir: "OrientationTest", screenshot: "screenshot/screenshot.png",
		view: view{azimuth: 45, elevation: 30, fovY: 45, fill: 0.94},
		ref:  &box{0.03, 0.03, 0.97, 0.97}},
	{dir: "Triangle", screenshot: "screenshot/screenshot.png", view: view{fill: 0.73}},
	{dir: "TriangleWithoutIndices", screenshot: "screenshot/screenshot.png", view: view{fill: 0.73}},
}

// samplesDir returns $SYNTHKIT_GLTF_SAMPLES, or skips the test when it is
// unset; when it is set, every file the test expects must exist.
func samplesDir(t *testing.T, env string) string {
	t.Helper()
	dir := os.Getenv(env)
	if dir == "" {
		t.Skipf("%s is not set", env)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Fatalf("%s=%q is not a directory: %v", env, dir, err)
	}
	return dir
}

// outDir returns $SYNTHKIT_TEST_OUT (created if needed), else a temporary
// directory of the test.
func outDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SYNTHKIT_TEST_OUT")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("test output directory: %v", err)
	}
	return dir
}

// variants lists the .gltf and .glb files of a model folder.
func variants(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ext := path.Ext(p); !d.IsDir() && (ext == ".gltf" || ext == ".glb") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("listing variants: %v", err)
	}
	slices.Sort(files)
	return files
}

func TestSamplesRender(t *testing.T) {
	root := samplesDir(t, "SYNTHKIT_GLTF_SAMPLES")
	out := outDir(t)
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && !slices.ContainsFunc(samples, func(s sample) bool { return s.dir == e.Name() }) {
			t.Errorf("model folder %q has no entry in samples", e.Name())
		}
	}
	var rows []fidelity
	for _, s := range samples {
		t.Run(s.dir, func(t *testing.T) {
			if r, ok := testSample(t, filepath.Join(root, s.dir), s, out); ok {
				rows = append(rows, r)
			}
		})
	}
	switch {
	case len(rows) == len(samples):
		checkFidelityDoc(t, rows)
	case *update:
		t.Errorf("%s not rewritten: %d of %d samples measured (run them all)", fidelityDoc, len(rows), len(samples))
	default:
		t.Logf("%s not checked: %d of %d samples measured", fidelityDoc, len(rows), len(samples))
	}
}

// testSample renders the model of s and checks it against its golden
// image and its screenshot's layout; it returns its fidelity against the
// screenshot, and false when it could not measure it.
func testSample(t *testing.T, dir string, s sample, out string) (fidelity, bool) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatalf("model folder: %v", err)
	}
	defer r.Close()
	fsys := r.FS()
	shot, err := decodeImage(fsys, s.screenshot)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	sb := shot.Bounds()
	width := int(math.Round(renderHeight * float64(sb.Dx()) / float64(sb.Dy())))
	files := variants(t, fsys)
	if len(files) == 0 {
		t.Fatal("no .gltf or .glb file")
	}
	var first *render.Frame
	for _, name := range files {
		m, err := gltf.LoadFS(fsys, name, gltf.Limits{})
		if err != nil {
			t.Fatalf("load: %v", err)
		}
		sc, err := frame(m, s.view, width, renderHeight)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		f, err := soft.New(soft.Options{SSAA: 2}).Render(context.Background(), sc)
		if err != nil {
			t.Fatalf("%s: render: %v", name, err)
		}
		if first == nil {
			first = f
			continue
		}
		if !bytes.Equal(f.Color.Pix, first.Color.Pix) || !slices.Equal(f.IDs, first.IDs) {
			t.Errorf("%s renders differently from %s", name, files[0])
		}
	}

	golden := filepath.Join("testdata", strings.ReplaceAll(s.dir, " ", "_")+".png")
	checkGolden(t, golden, first.Color)

	fitted := imagecmp.Fit(shot, first.Color.Bounds().Size())
	diff, err := imagecmp.Diff(first.Color, fitted, 1)
	if err != nil {
		t.Fatal(err)
	}
	side := imagecmp.SideBySide(4, first.Color, fitted, diff)
	sidePath := filepath.Join(out, "gltf-sample-"+strings.ReplaceAll(s.dir, " ", "_")+".png")
	if err := writePNG(sidePath, side); err != nil {
		t.Fatal(err)
	}
	t.Logf("side by side (ours | screenshot fitted | luma difference): %s", sidePath)

	px, ok := silhouettePixels(first)
	if !ok {
		t.Fatal("the model covers no pixel")
	}
	fid := measureFidelity(t, s.dir, first.Color, fitted, px)
	w, h := float64(first.Width), float64(first.Height)
	got := box{float64(px.Min.X) / w, float64(px.Min.Y) / h, float64(px.Max.X) / w, float64(px.Max.Y) / h}
	want := s.ref
	if want == nil {
		b, ok := foregroundBox(shot)
		if !ok {
			t.Fatal("no foreground found in the screenshot")
		}
		want = &b
	}
	t.Logf("silhouette box %.3f, screenshot box %.3f", got, *want)
	if d := maxEdgeDiff(got, *want); d > layoutTolerance {
		t.Errorf("layout: silhouette box %.3f, screenshot's %.3f: an edge differs by %.3f > %.2f", got, *want, d, layoutTolerance)
	}
	return fid, true
}

// studio is the environment the samples are lit by: envmap.Studio at
// half its level (a white matte surface facing sideways gets about 0.3,
// the ambient light the samples had before image-based lighting).
var studio = sync.OnceValue(func() *scene.Environment {
	e := envmap.Studio(128)
	e.Intensity = 0.5
	return e
})

// frame builds the scene for model m seen through v at width×height, lit
// by the studio environment and a directional light from above left of
// the camera.
func frame(m *scene.Model, v view, width, height int) (*scene.Scene, error) {
	fov := v.fovY
	if fov == 0 {
		fov = 45
	}
	cam := scene.NewCameraFOV(width, height, fov)
	up := mgl64.Vec3{0, 1, 0}
	var err error
	if v.eye != (mgl64.Vec3{}) {
		cam, err = cam.WithLookAt(v.eye, v.target, up)
	} else {
		cam, err = fit(cam, m, v)
	}
	if err != nil {
		return nil, fmt.Errorf("framing: %w", err)
	}
	// Rows of the pose's rotation are the camera axes in world coordinates.
	right := mgl64.Vec3{cam.Pose[0], cam.Pose[4], cam.Pose[8]}
	down := mgl64.Vec3{cam.Pose[1], cam.Pose[5], cam.Pose[9]}
	fwd := mgl64.Vec3{cam.Pose[2], cam.Pose[6], cam.Pose[10]}
	return &scene.Scene{
		Camera:      cam,
		Objects:     m.Instantiate(mgl64.Ident4(), "sample"),
		Background:  scene.RGB(0, 0, 0),
		Environment: studio(),
		Lights: []scene.Light{
			{Kind: scene.Directional, Color: scene.RGB(1, 1, 1), Intensity: 0.7,
				Direction: fwd.Add(down.Mul(0.6)).Add(right.Mul(0.4))},
		},
	}, nil
}

// fit places cam on the ray from the centre of m's bounds along v's
// azimuth and elevation, at the distance where the projection of the
// model's vertices spans v.fill of the image width or height (whichever
// is the larger fraction), then moves the principal point so that this
// projection is centred in the image.
func fit(cam scene.Camera, m *scene.Model, v view) (scene.Camera, error) {
	az, el := mgl64.DegToRad(v.azimuth), mgl64.DegToRad(v.elevation)
	dir := mgl64.Vec3{math.Sin(az) * math.Cos(el), math.Sin(el), math.Cos(az) * math.Cos(el)}
	centre := m.Lo.Add(m.Hi).Mul(0.5)
	radius := m.Hi.Sub(m.Lo).Len() / 2
	if radius == 0 {
		return cam, fmt.Errorf("model %q has empty bounds", m.Name)
	}
	var points []mgl64.Vec3
	for _, p := range m.Parts {
		for _, q := range p.Mesh.Positions {
			points = append(points, mgl64.TransformCoordinate(mgl64.Vec3{float64(q[0]), float64(q[1]), float64(q[2])}, p.Transform))
		}
	}
	// extent returns the larger of the fractions of the image width and
	// height that the projected vertices span, and the camera at distance
	// d with its principal point moved to centre them.
	extent := func(d float64) (float64, scene.Camera, error) {
		c, err := cam.WithLookAt(centre.Add(dir.Mul(d)), centre, mgl64.Vec3{0, 1, 0})
		if err != nil {
			return 0, c, err
		}
		u0, v0, u1, v1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, p := range points {
			u, v, z := c.Project(p)
			if z <= c.Near {
				return math.Inf(1), c, nil
			}
			u0, v0, u1, v1 = min(u0, u), min(v0, v), max(u1, u), max(v1, v)
		}
		c.Cx += float64(c.Width)/2 - (u0+u1)/2
		c.Cy += float64(c.Height)/2 - (v0+v1)/2
		return max((u1-u0)/float64(c.Width), (v1-v0)/float64(c.Height)), c, nil
	}
	lo, hi := radius*1e-3, radius*1e4
	for range 100 {
		mid := (lo + hi) / 2
		e, _, err := extent(mid)
		if err != nil {
			return cam, err
		}
		if e > v.fill {
			lo = mid
		} else {
			hi = mid
		}
	}
	_, c, err := extent(hi)
	return c, err
}

// checkGolden compares img with the golden PNG at name, or rewrites it
// under -update.
func checkGolden(t *testing.T, name string, img *image.RGBA) {
	t.Helper()
	if *update {
		if err := writePNG(name, img); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatalf("golden image (run with -update to create it): %v", err)
	}
	defer f.Close()
	g, err := png.Decode(f)
	if err != nil {
		t.Fatalf("golden %s: %v", name, err)
	}
	if g.Bounds() != img.Bounds() {
		t.Fatalf("golden %s is %v, render is %v", name, g.Bounds(), img.Bounds())
	}
	var sum float64
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r0, g0, b0, _ := img.At(x, y).RGBA()
			r1, g1, b1, _ := g.At(x, y).RGBA()
			sum += absDiff(r0, r1) + absDiff(g0, g1) + absDiff(b0, b1)
		}
	}
	mean := sum / 257 / float64(3*b.Dx()*b.Dy())
	if mean > goldenTolerance {
		t.Errorf("render differs from %s: mean absolute difference %.3f/255 > %.0f/255 (run with -update if the change is intended)", name, mean, goldenTolerance)
	}
}

func absDiff(a, b uint32) float64 { return math.Abs(float64(a) - float64(b)) }

// silhouettePixels returns the bounding box, in pixels, of the pixels any
// object covers.
func silhouettePixels(f *render.Frame) (image.Rectangle, bool) {
	x0, y0, x1, y1 := f.Width, f.Height, -1, -1
	for i, id := range f.IDs {
		if id == 0 {
			continue
		}
		x, y := i%f.Width, i/f.Width
		x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
	}
	if x1 < 0 {
		return image.Rectangle{}, false
	}
	return image.Rect(x0, y0, x1+1, y1+1), true
}

// foregroundBox returns the normalised bounding box of the screenshot's
// pixels that differ from the background by more than a threshold. The
// background at a pixel is interpolated down each column between the
// colours of the top and bottom rows, which follows the vertical gradients
// of the screenshots; pixels in the outermost 2% are ignored (borders).
func foregroundBox(img image.Image) (box, bool) {
	const threshold = 40 // of 255, summed over R, G, B
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	rgb := func(x, y int) [3]float64 {
		r, g, bb, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
		return [3]float64{float64(r) / 257, float64(g) / 257, float64(bb) / 257}
	}
	// The reference colours come from the corners, averaged over a few
	// pixels, so that the model never contributes to them.
	corner := func(x0, y0 int) [3]float64 {
		var c [3]float64
		for y := y0; y < y0+3; y++ {
			for x := x0; x < x0+3; x++ {
				p := rgb(x, y)
				for k := range 3 {
					c[k] += p[k] / 9
				}
			}
		}
		return c
	}
	top, bottom := corner(0, 0), corner(0, h-3)
	m := max(1, w/50)
	x0, y0, x1, y1 := w, h, -1, -1
	for y := m; y < h-m; y++ {
		t := float64(y) / float64(h-1)
		for x := m; x < w-m; x++ {
			p := rgb(x, y)
			d := 0.0
			for k := range 3 {
				d += math.Abs(p[k] - (top[k]*(1-t) + bottom[k]*t))
			}
			if d > threshold {
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			}
		}
	}
	if x1 < 0 {
		return box{}, false
	}
	return box{float64(x0) / float64(w), float64(y0) / float64(h), float64(x1+1) / float64(w), float64(y1+1) / float64(h)}, true
}

func maxEdgeDiff(a, b box) float64 {
	return max(math.Abs(a.x0-b.x0), math.Abs(a.y0-b.y0), math.Abs(a.x1-b.x1), math.Abs(a.y1-b.y1))
}

func decodeImage(fsys fs.FS, name string) (image.Image, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("decoding %s: %w", name, err)
	}
	return img, nil
}

func writePNG(name string, img image.Image) error {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return fmt.Errorf("encoding %s: %w", name, err)
	}
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}
