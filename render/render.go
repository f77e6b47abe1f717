// Package render defines how a scene becomes pixels: the Renderer interface
// and the Frame it returns. Backends live in subpackages: render/soft, a
// pure-Go rasterizer that runs anywhere and is the reference, and render/gl
// (build tag gl) for GPU workers.
//
// A Frame holds, besides the colour image, the buffers labels are made of:
// per-pixel instance ids, camera-frame depth and normals, all taken from the
// single sample at each pixel centre (never from an anti-aliased or blended
// buffer), and per-instance silhouettes (what each object would cover if it
// were alone) from which amodal boxes and visible fractions follow. See
// package scene for the coordinate conventions.
package render

import (
	"context"
	"image"
	"slices"
	"sync"

	"github.com/go-gl/mathgl/mgl32"

	"github.com/synthkit/synthkit/scene"
)

// Renderer turns a scene into a Frame. Implementations validate the scene
// first and return an error (never panic) for scenes they cannot render.
// A Renderer may be used by one goroutine at a time unless its
// documentation says otherwise.
type Renderer interface {
	Render(ctx context.Context, s *scene.Scene) (*Frame, error)
	Close() error
}

// Pipeliner is implemented by renderers that can overlap renders, such as
// render/gl, whose GPU draws and reads back one frame while the CPU
// post-processes, labels and encodes the previous one. Start begins
// rendering s and returns a wait function that blocks until its frame is
// ready and returns it (as Render would have); the caller must call it
// exactly once, or Close the renderer. At most PipelineDepth renders may
// be started and not yet waited for. A pipelined frame is byte-identical
// to the frame Render returns for the same scene.
type Pipeliner interface {
	Renderer
	Start(ctx context.Context, s *scene.Scene) (wait func(context.Context) (*Frame, error), err error)
	PipelineDepth() int
}

// Sharer is implemented by renderers of which one instance should serve
// several workers, such as render/gl, where each instance is a GPU context
// with its own copies of every mesh and texture: Client returns a
// Renderer for one more worker, safe to use beside the others. A client
// of a Pipeliner is a Pipeliner with its own PipelineDepth. Closing a
// client releases what it has in flight and leaves the Sharer open; the
// Sharer's Close ends every client.
type Sharer interface {
	Renderer
	Client() Renderer
}

// FrameRecycler is implemented by renderers that can reuse the memory of
// the frames they return. A frame belongs to the caller of Render; a caller
// done with it may hand it back with ReleaseFrame, so that a later Render
// of the same renderer fills the same buffers instead of allocating new
// ones (a 640×480 frame is about 8 MB, and touching fresh memory costs
// milliseconds of page faults per frame). Releasing is optional: a frame
// never released is garbage-collected as usual.
type FrameRecycler interface {
	// ReleaseFrame hands f, returned by this renderer's Render, back to
	// the renderer. Afterwards the caller must not use f or anything it
	// holds (Color and its pixels, IDs, Depth, Normals, Silhouettes and
	// their masks), nor release it again: a later Render overwrites them.
	ReleaseFrame(f *Frame)
}

// ReleaseFrame hands f back to r when r is a FrameRecycler (see there for
// what the caller then must not do), and does nothing otherwise or when f
// is nil.
func ReleaseFrame(r Renderer, f *Frame) {
	if fr, ok := r.(FrameRecycler); ok && f != nil {
		fr.ReleaseFrame(f)
	}
}

// Frame is the output of one render. All per-pixel slices are row-major,
// index y*Width+x, with row 0 at the top of the image.
type Frame struct {
	Width, Height int
	// Color is the shaded image, sRGB-encoded, fully opaque.
	Color *image.RGBA
	// IDs holds the instance id at each pixel centre: 0 for background,
	// i+1 for scene object i.
	IDs []uint32
	// Depth is the camera-frame z, in metres, of the visible surface at each
	// pixel centre; 0 for background.
	Depth []float32
	// Normals holds the unit surface normal at each pixel centre, in the
	// camera frame (OpenCV axes), facing the camera; zero for background.
	Normals []mgl32.Vec3
	// Silhouettes has one entry per scene object (index = id-1): the pixels
	// whose centres the object covers when drawn alone, with the same clip
	// planes and fill rule as IDs but no depth test against other objects.
	Silhouettes []Silhouette
	// PostApplied lists the stages of the scene's Post that the renderer
	// already applied to Color (render/gl runs them as shaders); ApplyPost
	// applies only the others. It is zero for a frame whose Color is the
	// plain render (render/soft, and render/gl on a software rasteriser
	// or with its Options.Post "cpu"). A renderer that recycles frames
	// sets it on every render.
	PostApplied PostStages

	// masks is the storage the renderer carved the silhouette masks from
	// (MaskStorage), kept when the frame is recycled.
	masks []uint8
}

// MaskStorage returns n bytes for a renderer to carve this frame's
// silhouette masks from (each Silhouette.Mask a sub-slice, with its
// capacity capped at its length): the storage an earlier render of the
// frame used, when the frame was handed back (FrameRecycler) and that is
// large enough, or new storage with an eighth to spare. A recycled
// frame's masks then cost neither an allocation nor fresh pages. The
// contents are unspecified: the renderer must write every byte of every
// mask it carves. A second call replaces the storage the first returned.
func (f *Frame) MaskStorage(n int) []uint8 {
	if cap(f.masks) < n {
		f.masks = make([]uint8, n, n+n/8)
	}
	return f.masks[:n]
}

// Silhouette is the amodal mask of one instance: every pixel the object
// would own if no other object occluded it.
type Silhouette struct {
	// Bounds is the smallest rectangle holding every covered pixel; empty
	// when the object covers no pixel centre of the image.
	Bounds image.Rectangle
	// Mask has Bounds.Dx()*Bounds.Dy() entries, row-major over Bounds,
	// non-zero where the pixel is covered.
	Mask []uint8
	// Pixels is the number of covered pixels.
	Pixels int
}

// At reports whether the silhouette covers image pixel (x, y).
func (s *Silhouette) At(x, y int) bool {
	if !(image.Point{x, y}.In(s.Bounds)) {
		return false
	}
	return s.Mask[(y-s.Bounds.Min.Y)*s.Bounds.Dx()+x-s.Bounds.Min.X] != 0
}

// FramePool keeps frames handed back to a renderer (FrameRecycler) for
// its later renders: the one implementation of render/soft's and
// render/gl's ReleaseFrame. It is safe for concurrent use; its zero value
// keeps nothing (set Max).
type FramePool struct {
	// Max bounds how many frames the pool keeps.
	Max int

	mu     sync.Mutex
	frames []*Frame
	closed bool
}

// Put keeps f for a later Get: nil is ignored, and so is f when the pool
// is closed, already holds Max frames or holds f. The silhouettes are
// cleared now; the storage their masks were carved from (MaskStorage)
// stays with the frame for its next render, and a mask allocated apart
// (CoverVisible's, grown) goes to the garbage collector.
func (p *FramePool) Put(f *Frame) {
	if f == nil {
		return
	}
	clear(f.Silhouettes)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || len(p.frames) >= p.Max || slices.Contains(p.frames, f) {
		return
	}
	p.frames = append(p.frames, f)
}

// Get returns the most recently kept frame reshaped to width×height for n
// objects (ReshapeFrame: its pixels hold whatever they held) and true, or
// a new one (NewFrame, every pixel background) and false when the pool is
// empty.
func (p *FramePool) Get(width, height, n int) (*Frame, bool) {
	p.mu.Lock()
	var f *Frame
	if k := len(p.frames); k > 0 {
		f = p.frames[k-1]
		p.frames[k-1] = nil
		p.frames = p.frames[:k-1]
	}
	p.mu.Unlock()
	return ReshapeFrame(f, width, height, n), f != nil
}

// Len returns how many frames the pool keeps.
func (p *FramePool) Len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.frames)
}

// Close drops the kept frames; Put keeps nothing afterwards.
func (p *FramePool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed, p.frames = true, nil
}

// ReshapeFrame makes f, a frame handed back by a caller (or nil), a
// width×height frame for n objects for a renderer to refill, keeping its
// buffers where they are large enough: the silhouettes are cleared and
// PostApplied is zero, but the pixels of Color, IDs, Depth and Normals
// keep whatever they held, so the renderer must write every one it
// reports (or clear it). A nil f gives NewFrame's frame.
func ReshapeFrame(f *Frame, width, height, n int) *Frame {
	if f == nil {
		return NewFrame(width, height, n)
	}
	p := width * height
	f.Width, f.Height = width, height
	var pix []uint8
	if f.Color != nil {
		pix = f.Color.Pix
	}
	if cap(pix) < 4*p {
		pix = make([]uint8, 4*p)
	}
	f.Color = &image.RGBA{Pix: pix[:4*p], Stride: 4 * width, Rect: image.Rect(0, 0, width, height)}
	f.IDs = reshape(f.IDs, p)
	f.Depth = reshape(f.Depth, p)
	f.Normals = reshape(f.Normals, p)
	f.Silhouettes = reshape(f.Silhouettes, n)
	clear(f.Silhouettes)
	f.PostApplied = 0
	return f
}

// reshape returns s with length n, reallocated when its capacity is
// short; the first elements keep their values.
func reshape[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return append(s[:cap(s)], make([]T, n-cap(s))...)
}

// NewFrame allocates a frame of the given size for n objects, with every
// pixel background.
func NewFrame(width, height, n int) *Frame {
	p := width * height
	return &Frame{
		Width: width, Height: height,
		Color:       image.NewRGBA(image.Rect(0, 0, width, height)),
		IDs:         make([]uint32, p),
		Depth:       make([]float32, p),
		Normals:     make([]mgl32.Vec3, p),
		Silhouettes: make([]Silhouette, n),
	}
}
