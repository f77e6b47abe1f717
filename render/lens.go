package render

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"runtime"
	"sync"
	"weak"

	"github.com/synthkit/synthkit/scene"
)

// DefaultLensOversample is Options.LensOversample's default.
const DefaultLensOversample = 2

// MaxLensOversample bounds Options.LensOversample.
const MaxLensOversample = 4

// ErrLensNotSupported is wrapped by the error a backend returns when it is
// asked directly (not through WithLens) to render a camera with lens
// distortion.
var ErrLensNotSupported = errors.New("camera has lens distortion: render through render.WithLens (render.New and render.Lookup do)")

// WithLens returns a renderer that renders scenes whose camera has a lens
// distortion model (scene.Camera.Distortion) through r, which need only
// render pinhole cameras. Scenes with a pinhole camera go to r unchanged.
//
// For a distorted camera it renders, through r, the pinhole camera
// (scene.Camera.CoveringPinhole) whose image holds the view ray of every
// pixel at oversample times the focal lengths, and resamples that image at
// the point where each pixel centre's view ray meets it
// (scene.Camera.Ray):
//
//   - instance ids, depth, normals and silhouettes take the value of the
//     nearest pinhole pixel centre, so every label stays one object's
//     exact value at one ray (never a blend), within half a pinhole
//     pixel — 1/(2·oversample) image pixels at the principal point — of
//     the pixel's own ray; visible ⊆ silhouette still holds;
//   - colour is interpolated bilinearly in linear light.
//
// Boxes, masks and visible fractions then follow from the distorted id map
// and silhouettes, and keypoints and cuboids from Camera.ProjectCamera,
// which applies the model: every label sees the same lens. oversample is 1
// to MaxLensOversample; 0 means DefaultLensOversample. The pinhole image
// costs about oversample² times the pixels of the image (more for wide
// fields of view).
//
// The result implements Pipeliner and Sharer when r does (a client gets
// its own lens wrapper), and FrameRecycler.
func WithLens(r Renderer, oversample int) (Renderer, error) {
	if oversample == 0 {
		oversample = DefaultLensOversample
	}
	if oversample < 1 || oversample > MaxLensOversample {
		return nil, fmt.Errorf("Options.LensOversample %d outside 1..%d", oversample, MaxLensOversample)
	}
	return wrapLens(r, float64(oversample)), nil
}

// wrapLens is WithLens with a checked oversampling factor.
func wrapLens(r Renderer, scale float64) Renderer {
	l := &lensRenderer{r: r, scale: scale, own: map[weak.Pointer[Frame]]bool{}}
	p, pipelines := r.(Pipeliner)
	sh, shares := r.(Sharer)
	switch {
	case pipelines && shares:
		return &lensSharingPipeliner{lensPipeliner{lensRenderer: l, p: p}, sh}
	case pipelines:
		return &lensPipeliner{lensRenderer: l, p: p}
	case shares:
		return &lensSharing{l, sh}
	}
	return l
}

// lensSharing is WithLens's renderer over a Sharer.
type lensSharing struct {
	*lensRenderer
	sh Sharer
}

// Client wraps a client of the inner renderer with its own lens.
func (l *lensSharing) Client() Renderer { return l.lensRenderer.client(l.sh) }

// lensSharingPipeliner is WithLens's renderer over a Sharer that is a
// Pipeliner.
type lensSharingPipeliner struct {
	lensPipeliner
	sh Sharer
}

// Client wraps a client of the inner renderer with its own lens.
func (l *lensSharingPipeliner) Client() Renderer { return l.lensRenderer.client(l.sh) }

// client wraps a new client of sh like l wraps sh.
func (l *lensRenderer) client(sh Sharer) Renderer { return wrapLens(sh.Client(), l.scale) }

// lensRenderer is WithLens's renderer.
type lensRenderer struct {
	r     Renderer
	scale float64

	mu   sync.Mutex
	maps *lensMap // the last camera's map, reused while it does not change
	// own holds the frames this renderer made and has not got back,
	// weakly: a caller need not release a frame (see FrameRecycler), and
	// one it drops leaves the map when it is collected.
	own  map[weak.Pointer[Frame]]bool
	free []*Frame // frames handed back, for reuse
}

// lensMap is where each pixel centre of a distorted camera's image looks
// in the covering pinhole image.
type lensMap struct {
	cam, src scene.Camera // key: the distorted camera (pose ignored) and its pinhole
	// sx, sy are the pinhole image coordinates of each pixel's ray;
	// near is the index of the nearest pinhole pixel, -1 where the lens
	// images no ray.
	sx, sy []float32
	near   []int32
}

func sameIntrinsics(a, b scene.Camera) bool {
	return a.Fx == b.Fx && a.Fy == b.Fy && a.Cx == b.Cx && a.Cy == b.Cy &&
		a.Width == b.Width && a.Height == b.Height && a.Distortion == b.Distortion
}

// prepare returns the pinhole scene to render for s and the map to
// resample it with.
func (l *lensRenderer) prepare(s *scene.Scene) (*scene.Scene, *lensMap, error) {
	if s == nil {
		return nil, nil, fmt.Errorf("%w: nil scene", scene.ErrInvalid)
	}
	if err := s.Camera.Distortion.Validate(); err != nil {
		return nil, nil, fmt.Errorf("%w: camera: %w", scene.ErrInvalid, err)
	}
	l.mu.Lock()
	m := l.maps
	l.mu.Unlock()
	if m == nil || !sameIntrinsics(m.cam, s.Camera) {
		var err error
		if m, err = newLensMap(s.Camera, l.scale); err != nil {
			return nil, nil, fmt.Errorf("%w: %w", scene.ErrInvalid, err)
		}
		l.mu.Lock()
		l.maps = m
		l.mu.Unlock()
	}
	src := *s
	src.Camera = m.src
	src.Camera.Pose, src.Camera.Near, src.Camera.Far = s.Camera.Pose, s.Camera.Near, s.Camera.Far
	// The post-effects apply to the distorted image, after resampling
	// (ApplyPost on the frame finish returns), so the inner renderer must
	// not apply them to the pinhole one.
	src.Post = scene.Post{}
	return &src, m, nil
}

func newLensMap(c scene.Camera, scale float64) (*lensMap, error) {
	src, err := c.CoveringPinhole(scale)
	if err != nil {
		return nil, err
	}
	w, h := c.Width, c.Height
	m := &lensMap{cam: c, src: src, sx: make([]float32, w*h), sy: make([]float32, w*h), near: make([]int32, w*h)}
	d := c.Distortion
	var gx, gy float64 // the previous solution, a close first guess
	for y := range h {
		for x := range w {
			xd, yd := (float64(x)+0.5-c.Cx)/c.Fx, (float64(y)+0.5-c.Cy)/c.Fy
			if x == 0 {
				gx, gy = xd, yd
				if y > 0 && m.near[(y-1)*w] >= 0 {
					i := (y - 1) * w
					gx, gy = (float64(m.sx[i])-src.Cx)/src.Fx, (float64(m.sy[i])-src.Cy)/src.Fy
				}
			}
			i := y*w + x
			ux, uy, ok := d.Remove(xd, yd, gx, gy)
			if !ok {
				if ux, uy, ok = d.Remove(xd, yd, xd, yd); !ok {
					m.near[i] = -1
					continue
				}
			}
			gx, gy = ux, uy
			su, sv := src.Fx*ux+src.Cx, src.Fy*uy+src.Cy
			m.sx[i], m.sy[i] = float32(su), float32(sv)
			px, py := int(math.Floor(su)), int(math.Floor(sv))
			if px < 0 || py < 0 || px >= src.Width || py >= src.Height {
				m.near[i] = -1
				continue
			}
			m.near[i] = int32(py*src.Width + px)
		}
	}
	return m, nil
}

// Render renders s, resampling through the lens model when its camera has
// one.
func (l *lensRenderer) Render(ctx context.Context, s *scene.Scene) (*Frame, error) {
	if s == nil || s.Camera.Distortion.Identity() {
		return l.r.Render(ctx, s)
	}
	src, m, err := l.prepare(s)
	if err != nil {
		return nil, err
	}
	f, err := l.r.Render(ctx, src)
	if err != nil {
		return nil, err
	}
	return l.finish(f, m), nil
}

// finish resamples the pinhole frame f into a frame of m's camera and
// hands f back to the inner renderer.
func (l *lensRenderer) finish(f *Frame, m *lensMap) *Frame {
	out := l.frame(m.cam.Width, m.cam.Height, len(f.Silhouettes))
	resample(out, f, m)
	ReleaseFrame(l.r, f)
	return out
}

// frame returns a background frame of the given size, reusing one handed
// back when there is one.
func (l *lensRenderer) frame(w, h, n int) *Frame {
	l.mu.Lock()
	defer l.mu.Unlock()
	var f *Frame
	for i, g := range l.free {
		if g.Width == w && g.Height == h {
			f = g
			l.free = append(l.free[:i], l.free[i+1:]...)
			break
		}
	}
	if f == nil {
		f = NewFrame(w, h, n)
		runtime.AddCleanup(f, l.forget, weak.Make(f))
	} else {
		f.Silhouettes = make([]Silhouette, n)
		f.PostApplied = 0
	}
	l.own[weak.Make(f)] = true
	return f
}

// forget drops a collected frame's entry from own.
func (l *lensRenderer) forget(k weak.Pointer[Frame]) {
	l.mu.Lock()
	delete(l.own, k)
	l.mu.Unlock()
}

// ReleaseFrame takes back a frame this renderer resampled, and passes any
// other to the inner renderer.
func (l *lensRenderer) ReleaseFrame(f *Frame) {
	l.mu.Lock()
	k := weak.Make(f)
	mine := l.own[k]
	if mine {
		delete(l.own, k)
		if len(l.free) < 4 {
			l.free = append(l.free, f)
		}
	}
	l.mu.Unlock()
	if !mine {
		ReleaseFrame(l.r, f)
	}
}

// Close closes the inner renderer.
func (l *lensRenderer) Close() error { return l.r.Close() }

// Unwrap returns the inner renderer.
func (l *lensRenderer) Unwrap() Renderer { return l.r }

// Unwrap returns the backend's own renderer inside r: the renderer a
// wrapper such as WithLens's (anything with an Unwrap() Renderer method)
// holds, repeatedly, or r itself.
func Unwrap(r Renderer) Renderer {
	for {
		u, ok := r.(interface{ Unwrap() Renderer })
		if !ok {
			return r
		}
		r = u.Unwrap()
	}
}

// lensPipeliner is WithLens's renderer over a Pipeliner.
type lensPipeliner struct {
	*lensRenderer
	p Pipeliner
}

// Start begins rendering s (its covering pinhole scene when the camera is
// distorted); the frame is resampled when waited for.
func (l *lensPipeliner) Start(ctx context.Context, s *scene.Scene) (func(context.Context) (*Frame, error), error) {
	if s == nil || s.Camera.Distortion.Identity() {
		return l.p.Start(ctx, s)
	}
	src, m, err := l.prepare(s)
	if err != nil {
		return nil, err
	}
	wait, err := l.p.Start(ctx, src)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (*Frame, error) {
		f, err := wait(ctx)
		if err != nil {
			return nil, err
		}
		return l.finish(f, m), nil
	}, nil
}

// PipelineDepth is the inner renderer's.
func (l *lensPipeliner) PipelineDepth() int { return l.p.PipelineDepth() }

// resample fills out, a background frame of m's camera, from the pinhole
// frame src.
func resample(out, src *Frame, m *lensMap) {
	dec, enc := srgbDecode(), srgbEncode()
	sw, sh := src.Width, src.Height
	pix, stride := src.Color.Pix, src.Color.Stride
	for i, j := range m.near {
		o := out.Color.Pix[4*i : 4*i+4 : 4*i+4]
		if j < 0 {
			out.IDs[i], out.Depth[i] = 0, 0
			out.Normals[i] = [3]float32{}
			o[0], o[1], o[2], o[3] = 0, 0, 0, 255
			continue
		}
		out.IDs[i], out.Depth[i], out.Normals[i] = src.IDs[j], src.Depth[j], src.Normals[j]
		// Bilinear between the four pinhole pixel centres around the
		// ray, clamped at the border.
		fx, fy := m.sx[i]-0.5, m.sy[i]-0.5
		x0, y0 := int(math.Floor(float64(fx))), int(math.Floor(float64(fy)))
		tx, ty := fx-float32(x0), fy-float32(y0)
		x1, y1 := min(max(x0+1, 0), sw-1), min(max(y0+1, 0), sh-1)
		x0, y0 = min(max(x0, 0), sw-1), min(max(y0, 0), sh-1)
		a, b := pix[y0*stride+4*x0:], pix[y0*stride+4*x1:]
		c, d := pix[y1*stride+4*x0:], pix[y1*stride+4*x1:]
		for k := range 3 {
			top := dec[a[k]] + tx*(dec[b[k]]-dec[a[k]])
			bot := dec[c[k]] + tx*(dec[d[k]]-dec[c[k]])
			v := top + ty*(bot-top)
			o[k] = enc[int(min(max(v, 0), 1)*(encodeSize-1)+0.5)]
		}
		o[3] = 255
	}
	for k := range src.Silhouettes {
		out.Silhouettes[k] = resampleSilhouette(&src.Silhouettes[k], m)
	}
}

// resampleSilhouette returns the silhouette of m's camera whose pixels are
// those whose nearest pinhole pixel s covers.
func resampleSilhouette(s *Silhouette, m *lensMap) Silhouette {
	if s.Pixels == 0 || s.Bounds.Empty() {
		return Silhouette{}
	}
	c, src := &m.cam, &m.src
	w, h := c.Width, c.Height
	// The pixels whose rays land in s.Bounds lie within the distorted
	// image of its border (the model is one-to-one): walk the border a
	// pinhole pixel at a time and widen by two pixels.
	b := s.Bounds
	umin, vmin, umax, vmax := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	visit := func(px, py float64) {
		x, y := (px-src.Cx)/src.Fx, (py-src.Cy)/src.Fy
		xd, yd := c.Distortion.Apply(x, y)
		u, v := c.Fx*xd+c.Cx, c.Fy*yd+c.Cy
		umin, umax, vmin, vmax = math.Min(umin, u), math.Max(umax, u), math.Min(vmin, v), math.Max(vmax, v)
	}
	x0, y0, x1, y1 := float64(b.Min.X), float64(b.Min.Y), float64(b.Max.X), float64(b.Max.Y)
	for x := x0; x <= x1; x++ {
		visit(x, y0)
		visit(x, y1)
	}
	for y := y0; y <= y1; y++ {
		visit(x0, y)
		visit(x1, y)
	}
	r := image.Rect(int(math.Floor(umin))-2, int(math.Floor(vmin))-2, int(math.Ceil(umax))+2, int(math.Ceil(vmax))+2).
		Intersect(image.Rect(0, 0, w, h))
	if r.Empty() {
		return Silhouette{}
	}
	mask := make([]uint8, r.Dx()*r.Dy())
	tight := image.Rectangle{}
	n := 0
	bw := b.Dx()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			j := m.near[y*w+x]
			if j < 0 {
				continue
			}
			px, py := int(j)%src.Width, int(j)/src.Width
			if px < b.Min.X || px >= b.Max.X || py < b.Min.Y || py >= b.Max.Y || s.Mask[(py-b.Min.Y)*bw+px-b.Min.X] == 0 {
				continue
			}
			mask[(y-r.Min.Y)*r.Dx()+x-r.Min.X] = 1
			tight = tight.Union(image.Rect(x, y, x+1, y+1))
			n++
		}
	}
	if n == 0 {
		return Silhouette{}
	}
	out := Silhouette{Bounds: tight, Mask: make([]uint8, tight.Dx()*tight.Dy()), Pixels: n}
	for y := tight.Min.Y; y < tight.Max.Y; y++ {
		copy(out.Mask[(y-tight.Min.Y)*tight.Dx():(y-tight.Min.Y+1)*tight.Dx()],
			mask[(y-r.Min.Y)*r.Dx()+tight.Min.X-r.Min.X:])
	}
	return out
}
