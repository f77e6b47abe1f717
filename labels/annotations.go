package labels

import (
	"fmt"
	"image"
	"math"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// Point is a point in continuous image coordinates.
type Point struct {
	X, Y float64
}

// AnnotationLabel holds the image labels of one scene.Annotation in one
// frame. See "Annotation labels" in the package documentation.
type AnnotationLabel struct {
	Index    int // in Scene.Annotations
	Category string
	Attrs    map[string]string // the annotation's Attrs, shared (not copied)

	Box             Box     // tight box of the visible pixels; zero when none is visible
	AmodalBox       Box     // tight box of the pixels it covers with occluders ignored
	Area            int     // visible pixels
	AmodalArea      int     // pixels covered, occluders ignored
	VisibleFraction float64 // Area / AmodalArea; 0 when AmodalArea is 0
	RLE             RLE     // visible mask
	// Line is the annotation's polyline projected and clipped to the near
	// plane and the image rectangle [0, W]×[0, H]: one piece per part
	// that stays in view, each of at least two points.
	Line [][]Point
}

// ExtractAnnotations returns the labels of every annotation of s that
// covers a pixel of f or whose polyline crosses the image, in annotation
// order. It checks the frame as Extract does; an error wraps ErrMismatch.
func ExtractAnnotations(s *scene.Scene, f *render.Frame) ([]AnnotationLabel, error) {
	if err := checkFrame(s, f); err != nil {
		return nil, fmt.Errorf("labels: annotations: %w", err)
	}
	w, h := f.Width, f.Height
	if len(f.Depth) != w*h {
		return nil, fmt.Errorf("labels: annotations: %w: %d depth values for %dx%d pixels", ErrMismatch, len(f.Depth), w, h)
	}
	img := image.Rect(0, 0, w, h)
	for i := range f.Silhouettes {
		if err := checkSilhouette(&f.Silhouettes[i], img); err != nil {
			return nil, fmt.Errorf("labels: annotations: object %d (%q): %w", i, s.Objects[i].Name, err)
		}
	}
	cam := &s.Camera
	out := make([]AnnotationLabel, 0, len(s.Annotations))
	for ai := range s.Annotations {
		a := &s.Annotations[ai]
		var rect image.Rectangle
		for _, o := range a.Objects {
			if o < 0 || o >= len(s.Objects) {
				return nil, fmt.Errorf("labels: annotations: annotation %d (%q): %w: object %d outside the scene", ai, a.Category, ErrMismatch, o)
			}
			rect = rect.Union(f.Silhouettes[o].Bounds)
		}
		var rg *regionTest
		if a.Region != nil {
			rg = newRegionTest(cam, a.Region)
			rect = rect.Union(rg.bounds.Intersect(img))
		}
		lab := AnnotationLabel{Index: ai, Category: a.Category, Attrs: a.Attrs, Line: projectLine(cam, a.Line)}
		mask, amodal := regionMasks(s, f, a, rg, rect)
		lab.Area, lab.Box = maskStats(mask, rect)
		lab.AmodalArea, lab.AmodalBox = maskStats(amodal, rect)
		if lab.AmodalArea == 0 && len(lab.Line) == 0 {
			continue
		}
		if lab.AmodalArea > 0 {
			lab.VisibleFraction = float64(lab.Area) / float64(lab.AmodalArea)
		}
		lab.RLE = rectRLE(mask, rect, w, h)
		out = append(out, lab)
	}
	return out, nil
}

// regionMasks returns the visible and amodal masks of a over rect,
// row-major over rect.
func regionMasks(s *scene.Scene, f *render.Frame, a *scene.Annotation, rg *regionTest, rect image.Rectangle) (vis, amodal []bool) {
	rw := rect.Dx()
	vis = make([]bool, rw*rect.Dy())
	amodal = make([]bool, len(vis))
	for _, o := range a.Objects {
		sil := &f.Silhouettes[o]
		b := sil.Bounds
		id := uint32(o + 1)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if sil.Mask[(y-b.Min.Y)*b.Dx()+(x-b.Min.X)] == 0 {
					continue
				}
				k := (y-rect.Min.Y)*rw + (x - rect.Min.X)
				amodal[k] = true
				if f.IDs[y*f.Width+x] == id {
					vis[k] = true
				}
			}
		}
	}
	if rg == nil {
		return vis, amodal
	}
	r := rg.bounds.Intersect(rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			z, ok := rg.entry(float64(x)+0.5, float64(y)+0.5)
			if !ok {
				continue
			}
			k := (y-rect.Min.Y)*rw + (x - rect.Min.X)
			amodal[k] = true
			if d := float64(f.Depth[y*f.Width+x]); !(d > 0 && d < z*(1-KeypointDepthTolerance)) {
				vis[k] = true
			}
		}
	}
	return vis, amodal
}

// regionTest intersects view rays with a region's box.
type regionTest struct {
	cam     *scene.Camera
	toLocal mgl64.Mat4 // camera frame → region frame
	lo, hi  mgl64.Vec3
	bounds  image.Rectangle // pixels whose centre may see the box
	near    float64
	far     float64
	invFx   float64
	invFy   float64
}

func newRegionTest(cam *scene.Camera, r *scene.Region) *regionTest {
	m := cam.Pose.Mul4(r.Transform) // region → camera
	rt := &regionTest{cam: cam, toLocal: m.Inv(), lo: r.Lo, hi: r.Hi, near: cam.Near, far: cam.Far, invFx: 1 / cam.Fx, invFy: 1 / cam.Fy}
	full := image.Rect(0, 0, cam.Width, cam.Height)
	if !cam.Distortion.Identity() {
		// A lens bends the box's edges: its corners no longer bound its
		// image, so every pixel is tested.
		rt.bounds = full
		return rt
	}
	minU, minV, maxU, maxV := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, c := range CuboidCorners(r.Lo, r.Hi) {
		p := mgl64.TransformCoordinate(c, m)
		if !(p[2] >= cam.Near) {
			rt.bounds = full // the box reaches behind the near plane: test every pixel
			return rt
		}
		u, v := cam.ProjectCamera(p)
		minU, minV, maxU, maxV = math.Min(minU, u), math.Min(minV, v), math.Max(maxU, u), math.Max(maxV, v)
	}
	// Pixel centres x+0.5 in [minU, maxU]: x from ceil(minU-0.5) to
	// floor(maxU-0.5), with one pixel of margin for rounding; the ray test
	// decides each pixel exactly.
	x0, x1 := int(math.Max(-1, math.Ceil(minU-0.5)-1)), int(math.Min(float64(cam.Width), math.Floor(maxU-0.5)+2))
	y0, y1 := int(math.Max(-1, math.Ceil(minV-0.5)-1)), int(math.Min(float64(cam.Height), math.Floor(maxV-0.5)+2))
	rt.bounds = image.Rect(x0, y0, x1, y1).Intersect(full)
	return rt
}

// entry returns the camera z at which the view ray through image point
// (u, v) enters the box, clipped to the near plane, and whether the ray
// meets the box within [Near, Far].
func (rt *regionTest) entry(u, v float64) (float64, bool) {
	// The ray p(t) = t·d with d = ((u−cx)/fx, (v−cy)/fy, 1) (through the
	// lens model when there is one, Camera.Ray): t is camera z.
	d := mgl64.Vec3{(u - rt.cam.Cx) * rt.invFx, (v - rt.cam.Cy) * rt.invFy, 1}
	if !rt.cam.Distortion.Identity() {
		var ok bool
		if d, ok = rt.cam.Ray(u, v); !ok {
			return 0, false
		}
	}
	o := mgl64.Vec3{rt.toLocal[12], rt.toLocal[13], rt.toLocal[14]}
	dl := mgl64.TransformNormal(d, rt.toLocal)
	t0, t1 := rt.near, rt.far
	for k := range 3 {
		if dl[k] == 0 {
			if o[k] < rt.lo[k] || o[k] > rt.hi[k] {
				return 0, false
			}
			continue
		}
		a, b := (rt.lo[k]-o[k])/dl[k], (rt.hi[k]-o[k])/dl[k]
		if a > b {
			a, b = b, a
		}
		t0, t1 = math.Max(t0, a), math.Min(t1, b)
		if t0 > t1 {
			return 0, false
		}
	}
	return t0, true
}

// maskStats returns the pixel count and tight COCO box of a mask over rect.
func maskStats(mask []bool, rect image.Rectangle) (int, Box) {
	n, rw := 0, rect.Dx()
	x0, y0, x1, y1 := math.MaxInt, math.MaxInt, -1, -1
	for i, on := range mask {
		if !on {
			continue
		}
		n++
		x, y := rect.Min.X+i%rw, rect.Min.Y+i/rw
		x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
	}
	if n == 0 {
		return 0, Box{}
	}
	return n, Box{X: float64(x0), Y: float64(y0), W: float64(x1 - x0 + 1), H: float64(y1 - y0 + 1)}
}

// rectRLE is the COCO RLE of a w×h image whose foreground is mask over
// rect (row-major over rect).
func rectRLE(mask []bool, rect image.Rectangle, w, h int) RLE {
	counts := make([]uint32, 0, 8)
	cur, run := false, uint32(0)
	rw := rect.Dx()
	flush := func(v bool, n uint32) {
		if v != cur {
			counts = append(counts, run)
			cur, run = v, 0
		}
		run += n
	}
	for x := 0; x < w; x++ {
		if x < rect.Min.X || x >= rect.Max.X {
			flush(false, uint32(h))
			continue
		}
		flush(false, uint32(rect.Min.Y))
		for y := rect.Min.Y; y < rect.Max.Y; y++ {
			flush(mask[(y-rect.Min.Y)*rw+x-rect.Min.X], 1)
		}
		flush(false, uint32(h-rect.Max.Y))
	}
	counts = append(counts, run)
	return RLE{H: h, W: w, Counts: counts}
}

// lensPieces is how many pieces projectLine splits each segment of a
// polyline into under a lens model.
const lensPieces = 16

// projectLine projects a world polyline, clipped to the near plane and
// then to the image rectangle, into pieces of at least two points.
// Under a lens model a straight edge images as a curve: each segment is
// then split into lensPieces before projection.
func projectLine(cam *scene.Camera, line []mgl64.Vec3) [][]Point {
	if !cam.Distortion.Identity() && len(line) >= 2 {
		dense := make([]mgl64.Vec3, 0, (len(line)-1)*lensPieces+1)
		for i := 0; i+1 < len(line); i++ {
			for k := range lensPieces {
				dense = append(dense, line[i].Add(line[i+1].Sub(line[i]).Mul(float64(k)/lensPieces)))
			}
		}
		line = append(dense, line[len(line)-1])
	}
	var out [][]Point
	var cur []Point
	end := func() {
		if len(cur) >= 2 {
			out = append(out, cur)
		}
		cur = nil
	}
	W, H := float64(cam.Width), float64(cam.Height)
	for i := 0; i+1 < len(line); i++ {
		a, b := cam.ToCamera(line[i]), cam.ToCamera(line[i+1])
		// Near plane.
		if a[2] < cam.Near && b[2] < cam.Near {
			end()
			continue
		}
		if a[2] < cam.Near {
			a = a.Add(b.Sub(a).Mul((cam.Near - a[2]) / (b[2] - a[2])))
		} else if b[2] < cam.Near {
			b = b.Add(a.Sub(b).Mul((cam.Near - b[2]) / (a[2] - b[2])))
		}
		ua, va := cam.ProjectCamera(a)
		ub, vb := cam.ProjectCamera(b)
		p, q, ok := clipSegment(Point{ua, va}, Point{ub, vb}, W, H)
		if !ok {
			end()
			continue
		}
		if n := len(cur); n == 0 || cur[n-1] != p {
			end()
			cur = append(cur, p)
		}
		cur = append(cur, q)
		if q != (Point{ub, vb}) { // left the image
			end()
		}
	}
	end()
	return out
}

// clipSegment clips the segment pq to [0, W]×[0, H] (Liang–Barsky).
func clipSegment(p, q Point, W, H float64) (Point, Point, bool) {
	t0, t1 := 0.0, 1.0
	dx, dy := q.X-p.X, q.Y-p.Y
	for _, c := range [4][2]float64{{-dx, p.X}, {dx, W - p.X}, {-dy, p.Y}, {dy, H - p.Y}} {
		pk, qk := c[0], c[1]
		if pk == 0 {
			if qk < 0 {
				return p, q, false
			}
			continue
		}
		t := qk / pk
		if pk < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 > t1 {
			return p, q, false
		}
	}
	a, b := p, q
	if t0 > 0 {
		a = Point{p.X + t0*dx, p.Y + t0*dy}
	}
	if t1 < 1 {
		b = Point{p.X + t1*dx, p.Y + t1*dy}
	}
	return a, b, true
}
