package labels

import (
	"errors"
	"image"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// grid parses ASCII art rows separated by '/': '.' is 0, a digit its value.
func grid(t testing.TB, art string) (vals []uint32, w, h int) {
	t.Helper()
	rows := strings.Split(art, "/")
	h, w = len(rows), len(rows[0])
	for _, r := range rows {
		if len(r) != w {
			t.Fatalf("art %q: ragged rows", art)
		}
		for _, c := range r {
			switch {
			case c == '.':
				vals = append(vals, 0)
			case c >= '0' && c <= '9':
				vals = append(vals, uint32(c-'0'))
			default:
				t.Fatalf("art %q: bad character %q", art, c)
			}
		}
	}
	return vals, w, h
}

// silhouette builds the silhouette of the pixels marked '#' in art.
func silhouette(t testing.TB, art string) render.Silhouette {
	t.Helper()
	rows := strings.Split(art, "/")
	var b image.Rectangle
	for y, r := range rows {
		for x, c := range r {
			if c == '#' {
				b = b.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	s := render.Silhouette{Bounds: b, Mask: make([]uint8, b.Dx()*b.Dy())}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if rows[y][x] == '#' {
				s.Mask[(y-b.Min.Y)*b.Dx()+x-b.Min.X] = 1
				s.Pixels++
			}
		}
	}
	return s
}

// testCamera is a w×h camera with f = 100 px, principal point at the image
// centre, identity pose and clip planes 0.1..100 m.
func testCamera(w, h int) scene.Camera {
	return scene.Camera{Fx: 100, Fy: 100, Cx: float64(w) / 2, Cy: float64(h) / 2, Width: w, Height: h, Near: 0.1, Far: 100, Pose: mgl64.Ident4()}
}

// flatScene returns a scene of n unit quads 5 m in front of a w×h camera.
func flatScene(w, h, n int) *scene.Scene {
	s := &scene.Scene{Camera: testCamera(w, h)}
	q := scene.Quad(1, 1)
	for i := range n {
		s.Objects = append(s.Objects, scene.Object{Name: string(rune('a' + i)), Category: "cat" + string(rune('A'+i%2)), Mesh: q, Transform: mgl64.Translate3D(0, 0, 5)})
	}
	return s
}

// artFrame builds a frame from an id art and one silhouette art per object;
// depth is 1 m wherever an object is seen.
func artFrame(t testing.TB, ids string, sils ...string) *render.Frame {
	t.Helper()
	v, w, h := grid(t, ids)
	f := render.NewFrame(w, h, len(sils))
	copy(f.IDs, v)
	for i, id := range f.IDs {
		if id != 0 {
			f.Depth[i] = 1
		}
	}
	for i, s := range sils {
		f.Silhouettes[i] = silhouette(t, s)
	}
	return f
}

func TestExtractMasks(t *testing.T) {
	f := artFrame(t, "113.22/113..2/333..2/....22",
		"###.../###.../###.../......", // 1: 3×3, the bottom row and right column hidden by 3
		"....##/.....#/.....#/....##", // 2: fully visible; its run wraps from column 4 into 5
		"..#.../.##.../###.../......", // 3: hidden by 1 at (1, 1)
		"#...../....../....../......", // 4: entirely behind 1
		"....../....../....../......", // 5: not in the image
	)
	s := flatScene(6, 4, 5)
	got, err := Extract(s, f)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id           uint32
		box, amodal  Box
		area, amArea int
		frac         float64
		counts       []uint32
	}{
		{1, Box{0, 0, 2, 2}, Box{0, 0, 3, 3}, 4, 9, 4.0 / 9, []uint32{0, 2, 2, 2, 18}},
		{2, Box{4, 0, 2, 4}, Box{4, 0, 2, 4}, 6, 6, 1, []uint32{16, 1, 2, 5}},
		{3, Box{0, 0, 3, 3}, Box{0, 0, 3, 3}, 5, 6, 5.0 / 6, []uint32{2, 1, 3, 1, 1, 3, 13}},
		{4, Box{}, Box{0, 0, 1, 1}, 0, 1, 0, []uint32{24}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d instances, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := &got[i]
		if g.ID != w.id || g.Object != int(w.id-1) || g.Name != s.Objects[w.id-1].Name || g.Category != s.Objects[w.id-1].Category {
			t.Errorf("instance %d: id %d object %d name %q category %q", i, g.ID, g.Object, g.Name, g.Category)
		}
		if g.Box != w.box || g.AmodalBox != w.amodal {
			t.Errorf("id %d: box %v amodal %v, want %v %v", w.id, g.Box, g.AmodalBox, w.box, w.amodal)
		}
		if g.Area != w.area || g.AmodalArea != w.amArea || g.VisibleFraction != w.frac {
			t.Errorf("id %d: area %d/%d = %v, want %d/%d = %v", w.id, g.Area, g.AmodalArea, g.VisibleFraction, w.area, w.amArea, w.frac)
		}
		if g.RLE.H != 4 || g.RLE.W != 6 || !slices.Equal(g.RLE.Counts, w.counts) {
			t.Errorf("id %d: RLE %v, want 4x6 %v", w.id, g.RLE, w.counts)
		}
		checkAgainstIDs(t, g, f)
	}
}

// checkAgainstIDs compares an instance's mask labels with brute force over
// the frame's ids.
func checkAgainstIDs(t *testing.T, g *Instance, f *render.Frame) {
	t.Helper()
	m := make([]uint8, len(f.IDs))
	for i, id := range f.IDs {
		if id == g.ID {
			m[i] = 1
		}
	}
	want, err := EncodeMask(m, f.Height, f.Width)
	if err != nil {
		t.Fatal(err)
	}
	box, area := bruteBox(m, f.Height, f.Width)
	if !slices.Equal(g.RLE.Counts, want.Counts) || g.Box != box || g.Area != area || g.RLE.BBox() != box {
		t.Fatalf("id %d: RLE %v box %v area %d; brute force %v %v %d", g.ID, g.RLE.Counts, g.Box, g.Area, want.Counts, box, area)
	}
}

// TestExtractRandomFrames paints random rectangles in order (later ones in
// front) and compares every instance with brute force.
func TestExtractRandomFrames(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		w, h, n := 1+rng.IntN(40), 1+rng.IntN(30), rng.IntN(12)
		s := flatScene(w, h, n)
		f := render.NewFrame(w, h, n)
		for _, k := range rng.Perm(n) { // paint order = depth order
			x0, y0 := rng.IntN(w), rng.IntN(h)
			r := image.Rect(x0, y0, x0+1+rng.IntN(w-x0), y0+1+rng.IntN(h-y0))
			if rng.IntN(5) == 0 {
				continue // off screen: no silhouette
			}
			sil := render.Silhouette{Bounds: r, Mask: make([]uint8, r.Dx()*r.Dy()), Pixels: r.Dx() * r.Dy()}
			for i := range sil.Mask {
				sil.Mask[i] = 1
			}
			f.Silhouettes[k] = sil
			for y := r.Min.Y; y < r.Max.Y; y++ {
				for x := r.Min.X; x < r.Max.X; x++ {
					f.IDs[y*w+x] = uint32(k + 1)
				}
			}
		}
		got, err := Extract(s, f)
		if err != nil {
			t.Fatal(err)
		}
		j := 0
		for k := range n {
			sil := f.Silhouettes[k]
			if sil.Pixels == 0 {
				continue
			}
			g := &got[j]
			j++
			if g.ID != uint32(k+1) || g.AmodalArea != sil.Pixels || g.AmodalBox != rectBox(sil.Bounds) {
				t.Fatalf("instance %d: id %d amodal %d %v, want %d %d %v", j, g.ID, g.AmodalArea, g.AmodalBox, k+1, sil.Pixels, sil.Bounds)
			}
			checkAgainstIDs(t, g, f)
		}
		if j != len(got) {
			t.Fatalf("%d instances, want %d", len(got), j)
		}
	}
}

func TestExtractErrors(t *testing.T) {
	good := func() (*scene.Scene, *render.Frame) {
		return flatScene(3, 2, 2), artFrame(t, "11./.22", "##./...", "..#/.##")
	}
	tests := []struct {
		name   string
		mutate func(s *scene.Scene, f *render.Frame) (*scene.Scene, *render.Frame)
	}{
		{"nil scene", func(s *scene.Scene, f *render.Frame) (*scene.Scene, *render.Frame) { return nil, f }},
		{"nil frame", func(s *scene.Scene, f *render.Frame) (*scene.Scene, *render.Frame) { return s, nil }},
		{"width", func(s *scene.Scene, f *render.Frame) (*scene.Scene, *render.Frame) { s.Camera.Width = 4; return s, f }},
		{"short ids", func(s *scene.Scene, f *render.Frame) (*scene.Scene, *render.Frame) { f.IDs = f.IDs[:5]; return s, f }},
		{"short depth", func(s *scene.Scene, f *render.Frame) (*scene.Scene, *render.Frame) { f.Depth = nil; return s, f }},
		{"missing silhouette", func(s *scene.Scene, f *render.Frame) (*scene.Scene, *render.Frame) {
			f.Silhouettes = f.Silhouettes[:1]
			return s, f
		}},
		{"id out of range", func(s *scene.Scene, f *render.Frame) (*scene.Scene, *render.Frame) { f.IDs[2] = 3; return s, f }},
		{"huge id", func(s *scene.Scene, f *render.Frame) (*scene.Scene, *render.Frame) { f.IDs[5] = 1<<32 - 1; return s, f }},
		{"silhouette outside image", func(s *scene.Scene, f *render.Frame) (*scene.Scene, *render.Frame) {
			f.Silhouettes[0].Bounds = image.Rect(-1, 0, 1, 1)
			return s, f
		}},
		{"silhouette mask size", func(s *scene.Scene, f *render.Frame) (*scene.Scene, *render.Frame) {
			f.Silhouettes[0].Mask = nil
			return s, f
		}},
		{"silhouette pixels", func(s *scene.Scene, f *render.Frame) (*scene.Scene, *render.Frame) {
			f.Silhouettes[0].Pixels = 3
			return s, f
		}},
		{"empty silhouette with pixels", func(s *scene.Scene, f *render.Frame) (*scene.Scene, *render.Frame) {
			f.Silhouettes[0] = render.Silhouette{Pixels: 2}
			return s, f
		}},
		{"visible outside silhouette", func(s *scene.Scene, f *render.Frame) (*scene.Scene, *render.Frame) {
			f.IDs[3] = 1 // (0, 1) is not in object 1's silhouette
			return s, f
		}},
		{"visible without silhouette", func(s *scene.Scene, f *render.Frame) (*scene.Scene, *render.Frame) {
			f.Silhouettes[0] = render.Silhouette{}
			return s, f
		}},
		{"nil mesh", func(s *scene.Scene, f *render.Frame) (*scene.Scene, *render.Frame) {
			s.Objects[1].Mesh = nil
			return s, f
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, f := tt.mutate(good())
			got, err := Extract(s, f)
			if !errors.Is(err, ErrMismatch) {
				t.Fatalf("Extract = %v, %v; want an ErrMismatch", got, err)
			}
		})
	}
	if _, err := Extract(good()); err != nil {
		t.Fatalf("the unbroken frame fails: %v", err)
	}
}

// boxFrame renders by hand a 0.4×0.4×1 m box centred 2.5 m in front of a
// 100×80 camera (f = 100 px): only its front face (z = 2 m) is visible,
// covering exactly the pixels 40..59 × 30..49.
func boxFrame() (*scene.Scene, *render.Frame) {
	s := &scene.Scene{Camera: testCamera(100, 80)}
	s.Objects = []scene.Object{{Name: "box", Mesh: scene.Box(0.4, 0.4, 1), Transform: mgl64.Translate3D(0, 0, 2.5)}}
	f := render.NewFrame(100, 80, 1)
	r := image.Rect(40, 30, 60, 50)
	f.Silhouettes[0] = render.Silhouette{Bounds: r, Mask: make([]uint8, r.Dx()*r.Dy()), Pixels: r.Dx() * r.Dy()}
	for i := range f.Silhouettes[0].Mask {
		f.Silhouettes[0].Mask[i] = 1
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			f.IDs[y*100+x], f.Depth[y*100+x] = 1, 2
		}
	}
	return s, f
}

func TestExtractBox(t *testing.T) {
	s, f := boxFrame()
	got, err := Extract(s, f)
	if err != nil || len(got) != 1 {
		t.Fatalf("Extract = %v, %v", got, err)
	}
	g := got[0]
	if g.Box != (Box{40, 30, 20, 20}) || g.Area != 400 || g.VisibleFraction != 1 || g.Truncated {
		t.Errorf("box %v area %d fraction %v truncated %v", g.Box, g.Area, g.VisibleFraction, g.Truncated)
	}
	if g.Pose != mgl64.Translate3D(0, 0, 2.5) {
		t.Errorf("pose %v", g.Pose)
	}
	// Front corners (even index, z = 2) land on the pixel grid at the
	// face's corners and are visible though they lie exactly on the
	// silhouette's edge; back corners (z = 3) and the centre are hidden by
	// the front face.
	third := 20.0 / 3 // 0.2 m at 3 m
	want := [9]Keypoint{
		{50, 40, Occluded},
		{40, 30, Visible}, {50 - third, 40 - third, Occluded},
		{40, 50, Visible}, {50 - third, 40 + third, Occluded},
		{60, 30, Visible}, {50 + third, 40 - third, Occluded},
		{60, 50, Visible}, {50 + third, 40 + third, Occluded},
	}
	for i, k := range g.Keypoints {
		// float32 vertices: 0.2 is off by 3e-9 m, 1.5e-7 px.
		if !mgl64.FloatEqualThreshold(k.X, want[i].X, 1e-6) || !mgl64.FloatEqualThreshold(k.Y, want[i].Y, 1e-6) || k.V != want[i].V {
			t.Errorf("keypoint %d = %v, want %v", i, k, want[i])
		}
	}
	for i, c := range g.Cuboid {
		w := mgl64.Vec3{-0.2, -0.2, 2}
		if i&4 != 0 {
			w[0] = 0.2
		}
		if i&2 != 0 {
			w[1] = 0.2
		}
		if i&1 != 0 {
			w[2] = 3
		}
		if !c.ApproxEqualThreshold(w, 1e-6) { // float32 mesh vertices
			t.Errorf("cuboid %d = %v, want %v", i, c, w)
		}
	}
}

// TestExtractPose checks the geometric labels against scene.Camera for a
// camera and object that are neither axis-aligned nor at the origin.
func TestExtractPose(t *testing.T) {
	cam, err := testCamera(64, 48).WithLookAt(mgl64.Vec3{1, -0.5, -3}, mgl64.Vec3{0.1, 0, 0.2}, mgl64.Vec3{0, -1, 0})
	if err != nil {
		t.Fatal(err)
	}
	xf := mgl64.Translate3D(0.2, 0.1, 0.3).Mul4(mgl64.HomogRotate3D(0.7, mgl64.Vec3{1, 2, 3}.Normalize())).Mul4(mgl64.Scale3D(1, 2, 0.5))
	mesh := scene.Box(0.3, 0.2, 0.4)
	s := &scene.Scene{Camera: cam, Objects: []scene.Object{{Mesh: mesh, Transform: xf}}}
	f := render.NewFrame(64, 48, 1)
	f.Silhouettes[0] = render.Silhouette{Bounds: image.Rect(10, 10, 11, 11), Mask: []uint8{1}, Pixels: 1}
	got, err := Extract(s, f)
	if err != nil || len(got) != 1 {
		t.Fatalf("Extract = %v, %v", got, err)
	}
	g := got[0]
	if !g.Pose.ApproxEqualThreshold(cam.Pose.Mul4(xf), 1e-12) {
		t.Errorf("pose %v, want %v", g.Pose, cam.Pose.Mul4(xf))
	}
	lo, hi := mesh.Bounds()
	corners := CuboidCorners(lo, hi)
	points := append([]mgl64.Vec3{lo.Add(hi).Mul(0.5)}, corners[:]...)
	for i, p := range points {
		world := mgl64.TransformCoordinate(p, xf)
		u, v, z := cam.Project(world)
		k := g.Keypoints[i]
		if !mgl64.FloatEqualThreshold(k.X, u, 1e-9) || !mgl64.FloatEqualThreshold(k.Y, v, 1e-9) {
			t.Errorf("keypoint %d at (%v, %v), Project gives (%v, %v)", i, k.X, k.Y, u, v)
		}
		if i > 0 && !g.Cuboid[i-1].ApproxEqualThreshold(cam.ToCamera(world), 1e-12) {
			t.Errorf("cuboid %d = %v, want %v", i-1, g.Cuboid[i-1], cam.ToCamera(world))
		}
		want := NotLabeled
		if u >= 0 && u < 64 && v >= 0 && v < 48 && z > cam.Near {
			want = Visible // the depth buffer is empty: nothing hides the point
		}
		if k.V != want {
			t.Errorf("keypoint %d at (%v, %v, z %v): visibility %d, want %d", i, u, v, z, k.V, want)
		}
	}
}

func TestTruncated(t *testing.T) {
	// Of this triangle's bounding box, the corner (0.9, 0.9, -1) is nearest
	// the camera and projects outside the image, while all three vertices
	// project inside; the fourth vertex is unreferenced.
	wedge := &scene.Mesh{
		Positions: []mgl32.Vec3{{0, 0, -1}, {0.9, 0.9, 1}, {0, 0.9, 1}, {100, 0, 0}},
		Indices:   []uint32{0, 1, 2},
	}
	box := scene.Box(0.4, 0.4, 0.4)
	tests := []struct {
		name string
		mesh *scene.Mesh
		at   mgl64.Vec3
		want bool
	}{
		{"inside", box, mgl64.Vec3{0, 0, 2}, false},
		{"touching the border", scene.Box(0.5, 0.5, 0.5), mgl64.Vec3{0.75, 0, 2.25}, false}, // right corners at u = 100·1/2 + 50 exactly
		{"beyond the right border", box, mgl64.Vec3{1.1, 0, 2}, true},
		{"beyond the top border", box, mgl64.Vec3{0, -0.7, 2}, true},
		{"across the near plane", box, mgl64.Vec3{0, 0, 0.2}, true},
		{"across the far plane", box, mgl64.Vec3{0, 0, 100}, true},
		{"box corner out, vertices in", wedge, mgl64.Vec3{0, 0, 2}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &scene.Scene{Camera: testCamera(100, 80), Objects: []scene.Object{{Mesh: tt.mesh, Transform: mgl64.Translate3D(tt.at[0], tt.at[1], tt.at[2])}}}
			f := render.NewFrame(100, 80, 1)
			f.Silhouettes[0] = render.Silhouette{Bounds: image.Rect(0, 0, 1, 1), Mask: []uint8{1}, Pixels: 1}
			got, err := Extract(s, f)
			if err != nil || len(got) != 1 {
				t.Fatalf("Extract = %v, %v", got, err)
			}
			if got[0].Truncated != tt.want {
				t.Errorf("truncated = %v, want %v", got[0].Truncated, tt.want)
			}
		})
	}
}

func TestExtractSeeThrough(t *testing.T) {
	blend := &scene.Material{Name: "glass", AlphaMode: scene.AlphaBlend}
	mask := &scene.Material{Name: "leaf", AlphaMode: scene.AlphaMask}
	tests := []struct {
		name string
		mat  *scene.Material
		meta map[string]string
		want map[string]string
	}{
		{"opaque", nil, map[string]string{"sku": "1"}, map[string]string{"sku": "1"}},
		{"opaque without meta", nil, nil, nil},
		{"mask", mask, map[string]string{"sku": "2"}, map[string]string{"sku": "2"}},
		{"blend", blend, map[string]string{"sku": "3"}, map[string]string{"sku": "3", "see_through": "true"}},
		{"blend without meta", blend, nil, map[string]string{"see_through": "true"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := flatScene(2, 1, 1)
			s.Objects[0].Material, s.Objects[0].Meta = tc.mat, tc.meta
			before := maps.Clone(tc.meta)
			got, err := Extract(s, artFrame(t, "11", "##"))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || !maps.Equal(got[0].Meta, tc.want) {
				t.Fatalf("meta %v, want %v", got[0].Meta, tc.want)
			}
			if !maps.Equal(s.Objects[0].Meta, before) {
				t.Errorf("the scene's meta changed to %v", s.Objects[0].Meta)
			}
			for k := range got[0].Meta {
				if !scene.ValidAttrKey(k) {
					t.Errorf("attribute key %q is not valid", k)
				}
			}
		})
	}
}
