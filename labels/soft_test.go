package labels

// End-to-end tests and benchmarks on frames rendered by render/soft. Every
// test and benchmark that needs a renderer lives in this file.

import (
	"bytes"
	"context"
	"image/png"
	"math"
	"slices"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"
	"github.com/synthkit/synthkit/scene"
)

func renderSoft(tb testing.TB, s *scene.Scene) *render.Frame {
	tb.Helper()
	r := soft.New(soft.Options{})
	defer r.Close()
	f, err := r.Render(context.Background(), s)
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

func extractSoft(t *testing.T, s *scene.Scene) ([]Instance, *render.Frame) {
	t.Helper()
	f := renderSoft(t, s)
	insts, err := Extract(s, f)
	if err != nil {
		t.Fatal(err)
	}
	for i := range insts {
		checkAgainstIDs(t, &insts[i], f)
	}
	return insts, f
}

// facing returns the transform of a quad (which faces +z) turned to face a
// camera looking down +z, centred at p.
func facing(p mgl64.Vec3) mgl64.Mat4 {
	return mgl64.Translate3D(p[0], p[1], p[2]).Mul4(mgl64.HomogRotate3DY(math.Pi))
}

// On a 160×120 camera with f = 100 px and principal point (80, 60), a
// 0.4 m square 2 m away spans 20 px: u in [70, 90], v in [50, 70], edges on
// pixel boundaries, so pixels 70..89 × 50..69.

func TestSoftSquare(t *testing.T) {
	s := &scene.Scene{Camera: testCamera(160, 120)}
	s.Objects = []scene.Object{{Name: "square", Mesh: scene.Quad(0.4, 0.4), Transform: facing(mgl64.Vec3{0, 0, 2})}}
	insts, f := extractSoft(t, s)
	if len(insts) != 1 {
		t.Fatalf("%d instances", len(insts))
	}
	g := insts[0]
	if g.Box != (Box{70, 50, 20, 20}) || g.AmodalBox != g.Box || g.Area != 400 || g.AmodalArea != 400 || g.VisibleFraction != 1 || g.Truncated {
		t.Errorf("box %v amodal %v area %d/%d fraction %v truncated %v", g.Box, g.AmodalBox, g.Area, g.AmodalArea, g.VisibleFraction, g.Truncated)
	}
	for i, id := range f.IDs {
		if id == 1 && math.Abs(float64(f.Depth[i])-2) > 1e-6 {
			t.Fatalf("pixel %d: depth %v, want 2", i, f.Depth[i])
		}
	}
	// The quad is turned around y, so local +x is image left; its box is
	// flat, so corners i and i^1 coincide. All lie on the silhouette's
	// corners and are visible.
	want := [9]Keypoint{{80, 60, Visible},
		{90, 50, Visible}, {90, 50, Visible}, {90, 70, Visible}, {90, 70, Visible},
		{70, 50, Visible}, {70, 50, Visible}, {70, 70, Visible}, {70, 70, Visible}}
	for i, k := range g.Keypoints {
		if math.Abs(k.X-want[i].X) > 1e-5 || math.Abs(k.Y-want[i].Y) > 1e-5 || k.V != want[i].V {
			t.Errorf("keypoint %d = %v, want %v", i, k, want[i])
		}
	}
}

func TestSoftHalfHidden(t *testing.T) {
	// A second square, 1.5 m away and 0.2 m to the left, spans u in
	// [53.3, 80]: it hides the left half of the first.
	s := &scene.Scene{Camera: testCamera(160, 120)}
	s.Objects = []scene.Object{
		{Name: "back", Mesh: scene.Quad(0.4, 0.4), Transform: facing(mgl64.Vec3{0, 0, 2})},
		{Name: "front", Mesh: scene.Quad(0.4, 0.4), Transform: facing(mgl64.Vec3{-0.2, 0, 1.5})},
	}
	insts, _ := extractSoft(t, s)
	if len(insts) != 2 {
		t.Fatalf("%d instances", len(insts))
	}
	g := insts[0]
	const column = 20 // pixels in one column of the square
	if g.AmodalBox != (Box{70, 50, 20, 20}) || g.AmodalArea != 400 {
		t.Errorf("amodal box %v area %d, want [70 50 20 20] 400", g.AmodalBox, g.AmodalArea)
	}
	if math.Abs(float64(g.Area)-200) > column || math.Abs(g.VisibleFraction-0.5) > float64(column)/400 {
		t.Errorf("visible %d px, fraction %v; want 200 ± %d, 0.5", g.Area, g.VisibleFraction, column)
	}
	if g.Box.Y != 50 || g.Box.H != 20 || g.Box.X+g.Box.W != 90 || math.Abs(g.Box.X-80) > 1 {
		t.Errorf("visible box %v, want [80 50 10 20] ± 1 column", g.Box)
	}
	if g.Truncated || insts[1].Truncated || insts[1].VisibleFraction != 1 {
		t.Errorf("truncated %v %v, front fraction %v", g.Truncated, insts[1].Truncated, insts[1].VisibleFraction)
	}
	// Right corners are seen, left ones hidden by the front square; the
	// centre lies on the front square's edge and counts as seen.
	for i, k := range g.Keypoints {
		want := Visible
		if i > 0 && (i-1)&4 != 0 { // corner i-1 at local +x: image left
			want = Occluded
		}
		if k.V != want {
			t.Errorf("keypoint %d at (%.2f, %.2f): visibility %d, want %d", i, k.X, k.Y, k.V, want)
		}
	}
}

func TestSoftTruncated(t *testing.T) {
	s := &scene.Scene{Camera: testCamera(160, 120)}
	s.Objects = []scene.Object{
		{Name: "inside", Mesh: scene.Quad(0.4, 0.4), Transform: facing(mgl64.Vec3{0, 0, 2})},
		{Name: "right", Mesh: scene.Quad(0.4, 0.4), Transform: facing(mgl64.Vec3{1.5, 0, 2})}, // u in [145, 165]
		{Name: "top", Mesh: scene.Quad(0.4, 0.4), Transform: facing(mgl64.Vec3{0, -1.2, 2})},  // v in [-10, 10]
		// In the y-z plane left of the axis, facing it, z from -0.05 to
		// 0.35: it crosses the near plane (and the left border).
		{Name: "near", Mesh: scene.Quad(0.4, 0.4), Transform: mgl64.Translate3D(-0.1, 0, 0.15).Mul4(mgl64.HomogRotate3DY(math.Pi / 2))},
		{Name: "outside", Mesh: scene.Quad(0.4, 0.4), Transform: facing(mgl64.Vec3{5, 0, 2})},
	}
	insts, _ := extractSoft(t, s)
	want := map[string]struct {
		truncated bool
		amodal    Box
	}{
		"inside": {false, Box{70, 50, 20, 20}},
		"right":  {true, Box{145, 50, 15, 20}},
		"top":    {true, Box{70, 0, 20, 10}},
	}
	seen := map[string]bool{}
	for _, g := range insts {
		seen[g.Name] = true
		if w, ok := want[g.Name]; ok && (g.Truncated != w.truncated || g.AmodalBox != w.amodal) {
			t.Errorf("%s: truncated %v amodal %v, want %v %v", g.Name, g.Truncated, g.AmodalBox, w.truncated, w.amodal)
		}
		if g.Name == "near" && !g.Truncated {
			t.Errorf("near: not truncated")
		}
	}
	if !seen["inside"] || !seen["right"] || !seen["top"] || !seen["near"] || seen["outside"] {
		t.Errorf("instances %v, want inside, right, top and near", seen)
	}
}

func TestSoftBoxKeypoints(t *testing.T) {
	s := &scene.Scene{Camera: testCamera(160, 120)}
	xf := mgl64.Translate3D(0.1, 0.05, 2.5).
		Mul4(mgl64.HomogRotate3DY(0.5)).Mul4(mgl64.HomogRotate3DX(0.35))
	mesh := scene.Box(0.4, 0.3, 0.5)
	s.Objects = []scene.Object{{Name: "box", Mesh: mesh, Transform: xf}}
	insts, f := extractSoft(t, s)
	if len(insts) != 1 {
		t.Fatalf("%d instances", len(insts))
	}
	g := insts[0]
	lo, hi := mesh.Bounds()
	corners := CuboidCorners(lo, hi)
	visible, hidden := 0, 0
	for i, c := range corners {
		u, v, _ := s.Camera.Project(mgl64.TransformCoordinate(c, xf))
		k := g.Keypoints[i+1]
		if math.Abs(k.X-u) > 1e-9 || math.Abs(k.Y-v) > 1e-9 {
			t.Errorf("corner %d at (%v, %v), Project gives (%v, %v)", i, k.X, k.Y, u, v)
		}
		// Every corner of a box lies on its silhouette, so within a pixel
		// of a pixel of the box.
		b := g.AmodalBox
		if k.X < b.X-1 || k.X > b.X+b.W+1 || k.Y < b.Y-1 || k.Y > b.Y+b.H+1 {
			t.Errorf("corner %d at (%v, %v) is outside the silhouette box %v", i, k.X, k.Y, b)
		}
		switch k.V {
		case Visible:
			visible++
		case Occluded:
			hidden++
		}
	}
	// A box seen from a general direction shows 6 or 7 corners and hides
	// the others behind itself; its centre is inside it.
	if visible < 6 || hidden < 1 || visible+hidden != 8 || g.Keypoints[0].V != Occluded {
		t.Errorf("%d corners visible, %d hidden, centre %d", visible, hidden, g.Keypoints[0].V)
	}
	if g.Truncated || g.VisibleFraction != 1 || g.Area != countID(f.IDs, 1) {
		t.Errorf("truncated %v fraction %v area %d", g.Truncated, g.VisibleFraction, g.Area)
	}
}

func countID(ids []uint32, id uint32) int {
	n := 0
	for _, v := range ids {
		if v == id {
			n++
		}
	}
	return n
}

// TestSoftShelf runs every label of the package on a rendered shelf.
func TestSoftShelf(t *testing.T) {
	s := testscenes.Shelf(320, 240)
	insts, f := extractSoft(t, s)
	if len(insts) < 50 {
		t.Errorf("%d instances of %d objects", len(insts), len(s.Objects))
	}
	var cats []string
	for _, o := range s.Objects {
		cats = append(cats, o.Category)
	}
	tab, err := NewClassTable(cats...)
	if err != nil {
		t.Fatal(err)
	}
	cm, err := CategoryMap(s, f, tab.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range f.IDs {
		if id != 0 && cm[i] != tab[s.Objects[id-1].Category] || id == 0 && cm[i] != 0 {
			t.Fatalf("pixel %d: class %d for instance %d", i, cm[i], id)
		}
	}
	enc := NewEncoder()
	var buf bytes.Buffer
	if err := enc.EncodeInstancePNG(&buf, f.IDs, f.Width, f.Height); err != nil {
		t.Fatal(err)
	}
	if ids, _, _, err := DecodeInstancePNG(&buf); err != nil || !slices.Equal(ids, f.IDs) {
		t.Errorf("instance PNG round trip: %v", err)
	}
	buf.Reset()
	if err := enc.EncodeDepthPNG(&buf, f.Depth, f.Width, f.Height); err != nil {
		t.Fatal(err)
	}
	depth, _, _, err := DecodeDepthPNG(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range depth {
		if math.Abs(float64(d)-float64(f.Depth[i])) > 0.0005+1e-6 {
			t.Fatalf("pixel %d: depth %v from PNG, %v rendered", i, d, f.Depth[i])
		}
	}
}

// shelf renders testscenes.Shelf at 640×480: about 100 products on four
// boards, plus the shelf and floor.
func shelf(b *testing.B) (*scene.Scene, *render.Frame) {
	s := testscenes.Shelf(640, 480)
	return s, renderSoft(b, s)
}

func BenchmarkExtract(b *testing.B) {
	s, f := shelf(b)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		insts, err := Extract(s, f)
		if err != nil {
			b.Fatal(err)
		}
		n = len(insts)
	}
	b.ReportMetric(float64(n), "instances")
}

func BenchmarkCategoryMap(b *testing.B) {
	s, f := shelf(b)
	b.ReportAllocs()
	classID := func(string) (uint16, bool) { return 1, true }
	for b.Loop() {
		if _, err := CategoryMap(s, f, classID); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeDepthPNG(b *testing.B) {
	_, f := shelf(b)
	enc := NewEncoder()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := enc.EncodeDepthPNG(&buf, f.Depth, f.Width, f.Height); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes")
}

func BenchmarkEncodeDepthFloat32(b *testing.B) {
	_, f := shelf(b)
	enc := NewEncoder()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := enc.EncodeDepthFloat32(&buf, f.Depth); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeInstancePNG(b *testing.B) {
	_, f := shelf(b)
	enc := NewEncoder()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := enc.EncodeInstancePNG(&buf, f.IDs, f.Width, f.Height); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes")
}

// BenchmarkRLEString writes the compressed counts of every instance of the
// shelf, as a COCO writer does once per frame.
func BenchmarkRLEString(b *testing.B) {
	s, f := shelf(b)
	insts, err := Extract(s, f)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n = 0
		for i := range insts {
			n += len(insts[i].RLE.String())
		}
	}
	b.ReportMetric(float64(n), "bytes")
}

// BenchmarkEncodeColorPNG compares EncodeRGBPNG with image/png (default
// level, as the pipeline used before) on the rendered shelf's colour image.
func BenchmarkEncodeColorPNG(b *testing.B) {
	_, f := shelf(b)
	var buf bytes.Buffer
	b.Run("EncodeRGBPNG", func(b *testing.B) {
		enc := NewEncoder()
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			if err := enc.EncodeRGBPNG(&buf, f.Color); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes")
	})
	b.Run("UpBestSpeed", func(b *testing.B) { // the coding EncodeRGBPNG used before photoCoding
		enc := NewEncoder()
		w, h := f.Color.Rect.Dx(), f.Color.Rect.Dy()
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			err := enc.writePNG(&buf, w, h, 8, pngRGB, mapCoding, func(y int, row []byte) error {
				rgbaToRGB(row, f.Color.Pix[y*f.Color.Stride:y*f.Color.Stride+4*w])
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes")
	})
	b.Run("image-png", func(b *testing.B) {
		enc := png.Encoder{BufferPool: new(pngBufferPool)}
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			if err := enc.Encode(&buf, f.Color); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes")
	})
}

// pngBufferPool keeps one image/png encoder buffer, as a long-running
// writer would.
type pngBufferPool struct{ b *png.EncoderBuffer }

func (p *pngBufferPool) Get() *png.EncoderBuffer  { return p.b }
func (p *pngBufferPool) Put(b *png.EncoderBuffer) { p.b = b }

// TestSoftNormalPNG renders analytic scenes and checks the normal PNG:
// a plane facing the camera encodes to exactly (32768, 32768, 0) on every
// covered pixel and (0, 0, 0) elsewhere; a tilted plane and a sphere
// decode to the analytic normal at each pixel's surface point (the pixel
// centre's ray at the rendered depth): the tilted plane to the encoding's
// step 1/65535 plus the renderer's 1e-5, the sphere (a 128×64
// tessellation with interpolated normals) to sphereTol; and every
// pixel decodes to the frame's normal to within 1/65535.
func TestSoftNormalPNG(t *testing.T) {
	// Interpolated vertex normals on facets of angle θ = 2π/128 are off the
	// sphere's by O(θ²/8) ≈ 3e-4; measured 1.2e-4.
	const sphereTol = 5e-4
	sphere, err := scene.Sphere(0.5, 128, 64)
	if err != nil {
		t.Fatal(err)
	}
	tilt := mgl64.Translate3D(0.1, 0, 3).Mul4(mgl64.HomogRotate3DX(mgl64.DegToRad(35))).Mul4(mgl64.HomogRotate3DY(math.Pi))
	cases := []struct {
		name string
		obj  scene.Object
		// want returns the analytic normal at the surface point p (the
		// pixel centre's ray at the rendered depth), and tol its bound.
		want func(p mgl64.Vec3) mgl64.Vec3
		tol  float64
	}{
		{"facing plane", scene.Object{Name: "plane", Mesh: scene.Quad(1, 1), Transform: facing(mgl64.Vec3{0, 0, 2})},
			func(mgl64.Vec3) mgl64.Vec3 { return mgl64.Vec3{0, 0, -1} }, 1.0 / 65535},
		{"tilted plane", scene.Object{Name: "plane", Mesh: scene.Quad(1.5, 1.5), Transform: tilt},
			func(mgl64.Vec3) mgl64.Vec3 {
				return tilt.Mul4x1(mgl64.Vec4{0, 0, 1, 0}).Vec3().Normalize()
			}, 1.0/65535 + 1e-5},
		{"sphere", scene.Object{Name: "sphere", Mesh: sphere, Transform: mgl64.Translate3D(0, 0, 3)},
			func(p mgl64.Vec3) mgl64.Vec3 { return p.Sub(mgl64.Vec3{0, 0, 3}).Normalize() },
			sphereTol},
	}
	enc := NewEncoder()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := &scene.Scene{Camera: testCamera(160, 120), Objects: []scene.Object{tc.obj}}
			f := renderSoft(t, s)
			var b bytes.Buffer
			if err := enc.EncodeNormalPNG(&b, f.Normals, f.Width, f.Height); err != nil {
				t.Fatal(err)
			}
			raw, err := png.Decode(bytes.NewReader(b.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			got, w, h, err := DecodeNormalPNG(bytes.NewReader(b.Bytes()))
			if err != nil || w != f.Width || h != f.Height {
				t.Fatalf("decode: %dx%d, %v", w, h, err)
			}
			covered, worst := 0, 0.0
			for y := range h {
				for x := range w {
					i := y*w + x
					r, g, bl, _ := raw.At(x, y).RGBA()
					if f.IDs[i] == 0 {
						if got[i] != (mgl32.Vec3{}) || r|g|bl != 0 {
							t.Fatalf("background pixel (%d, %d): normal %v, raw (%d, %d, %d)", x, y, got[i], r, g, bl)
						}
						continue
					}
					covered++
					if tc.name == "facing plane" && (r != 32768 || g != 32768 || bl != 0) {
						t.Fatalf("pixel (%d, %d): raw (%d, %d, %d), want (32768, 32768, 0)", x, y, r, g, bl)
					}
					z := float64(f.Depth[i])
					cam := s.Camera
					want := tc.want(mgl64.Vec3{(float64(x) + 0.5 - cam.Cx) / cam.Fx * z, (float64(y) + 0.5 - cam.Cy) / cam.Fy * z, z})
					for c := range 3 {
						if d := math.Abs(float64(got[i][c] - f.Normals[i][c])); d > 1.0/65535 {
							t.Fatalf("pixel (%d, %d): decoded %v, frame %v", x, y, got[i], f.Normals[i])
						}
						worst = max(worst, math.Abs(float64(got[i][c])-want[c]))
					}
				}
			}
			if covered < 200 {
				t.Fatalf("only %d pixels covered", covered)
			}
			if worst > tc.tol {
				t.Errorf("largest component error %.3g, want at most %.3g", worst, tc.tol)
			}
			t.Logf("%d pixels, largest component error %.3g", covered, worst)
		})
	}
}
