//go:build gl

package gl

import (
	"context"
	"errors"
	"fmt"
	"image"
	"time"
	"unsafe"

	"github.com/go-gl/gl/v4.1-core/gl"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/shading"
	"github.com/synthkit/synthkit/scene"
)

// pboAlign is the alignment of each section of a slot's pixel pack buffer
// (see drawInto).
const pboAlign = 4096

// PipelineDepth is how many submitted renders may await Collect at once.
const PipelineDepth = 2

// ErrPipelineFull is wrapped by the error Submit returns when PipelineDepth
// tickets are already waiting for Collect.
var ErrPipelineFull = errors.New("gl: pipeline full: Collect a ticket before submitting more")

// Start implements render.Pipeliner: Submit, and a wait function that
// Collects the ticket.
func (r *Renderer) Start(ctx context.Context, s *scene.Scene) (func(context.Context) (*render.Frame, error), error) {
	return r.start(ctx, s, 0)
}

// start is Start for the tickets of owner (see submit).
func (r *Renderer) start(ctx context.Context, s *scene.Scene, owner uint64) (func(context.Context) (*render.Frame, error), error) {
	t, err := r.submit(ctx, s, owner)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (*render.Frame, error) { return r.Collect(ctx, t) }, nil
}

// PipelineDepth implements render.Pipeliner: PipelineDepth.
func (r *Renderer) PipelineDepth() int { return PipelineDepth }

// Ticket names a render submitted with Submit; pass it to Collect once.
// The zero Ticket is invalid.
type Ticket struct {
	slot int
	seq  uint64
}

// slot is one set of render targets and one pixel pack buffer: a render in
// flight owns a slot from Submit until Collect. Everything is owned by the
// GL thread.
type slot struct {
	busy      bool
	pipelined bool   // taken by Submit (counts against its owner's PipelineDepth)
	owner     uint64 // who submitted it: 0 the Renderer, else a Client's id
	seq       uint64
	targets   *targets
	pbo       uint32
	pboCap    int
	fence     uintptr
	frame     *render.Frame
	post      render.PostStages // the post-effects drawn into the colour readback
	// Where each readback lands in the PBO: the four frame targets, then
	// one block of atlas rows per silhouette round.
	offs     [4]int
	rounds   []silRound
	roundOff []int
	stride   int // atlas width when the silhouettes were read
	size     int // bytes used in the PBO
}

// Submit validates s and queues its rendering and the readback of every
// buffer into pixel buffer objects, then returns without waiting for the
// GPU: while the readback of one ticket completes, the next scene can be
// submitted and drawn into a second set of targets. Collect returns the
// Frame, identical to Render's. At most PipelineDepth tickets may be
// outstanding (ErrPipelineFull beyond that); every ticket must be collected
// (or its Collect cancelled) to free its slot.
func (r *Renderer) Submit(ctx context.Context, s *scene.Scene) (Ticket, error) {
	return r.submit(ctx, s, 0)
}

// submit is Submit for the tickets of owner (0: the Renderer itself, or a
// Client), each owner having PipelineDepth.
func (r *Renderer) submit(ctx context.Context, s *scene.Scene, owner uint64) (Ticket, error) {
	if err := r.precheck(ctx, s); err != nil {
		return Ticket{}, err
	}
	f := r.newFrame(s)
	env := r.envMap(s)
	var t Ticket
	err := r.thread.do(func() error {
		if err := r.usable(); err != nil {
			return err
		}
		i, err := r.submitOn(ctx, s, env, f, true, owner)
		err = r.checkReset(err)
		if err != nil {
			return err
		}
		t = Ticket{slot: i, seq: r.slots[i].seq}
		return nil
	})
	if err != nil {
		r.ReleaseFrame(f) // never seen by the caller
		return Ticket{}, r.wrapErr(err, s)
	}
	return t, nil
}

// Collect waits for the render of t, copies its buffers out of the pixel
// buffer objects into the Frame and frees t's slot. When ctx ends first,
// the render is abandoned (its slot freed) and ctx's error is returned.
// Tickets may be collected in any order, each once.
func (r *Renderer) Collect(ctx context.Context, t Ticket) (*render.Frame, error) {
	var c *collected
	err := r.thread.do(func() error {
		if err := r.usable(); err != nil {
			return err
		}
		if t.seq == 0 || t.slot < 0 || t.slot >= len(r.slots) || !r.slots[t.slot].busy || r.slots[t.slot].seq != t.seq {
			return errors.New("gl: Collect: unknown or already collected ticket")
		}
		var err error
		c, err = r.collectOn(ctx, t.slot)
		return r.checkReset(err)
	})
	if err != nil {
		if errors.Is(err, errClosed) {
			return nil, err
		}
		return nil, fmt.Errorf("gl: collecting a render: %w", err)
	}
	return r.finish(c), nil
}

// RenderBatch renders scenes in order through the pipeline, keeping up to
// PipelineDepth renders in flight, and calls fn with each frame in order
// (fn runs while the next scene renders). It stops at the first error,
// from rendering or from fn, and returns it after collecting whatever is
// still in flight.
func (r *Renderer) RenderBatch(ctx context.Context, scenes []*scene.Scene, fn func(i int, f *render.Frame) error) error {
	var pending []Ticket
	drain := func() {
		for _, t := range pending {
			_, _ = r.Collect(context.WithoutCancel(ctx), t)
		}
	}
	next := 0
	for done := 0; done < len(scenes); done++ {
		for next < len(scenes) && len(pending) < PipelineDepth {
			t, err := r.Submit(ctx, scenes[next])
			if err != nil {
				drain()
				return fmt.Errorf("gl: batch scene %d: %w", next, err)
			}
			pending = append(pending, t)
			next++
		}
		t := pending[0]
		pending = pending[1:]
		f, err := r.Collect(ctx, t)
		if err != nil {
			drain()
			return fmt.Errorf("gl: batch scene %d: %w", done, err)
		}
		if err := fn(done, f); err != nil {
			drain()
			return err
		}
	}
	return nil
}

// precheck does the checks that need no GL thread.
func (r *Renderer) precheck(ctx context.Context, s *scene.Scene) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.Validate(); err != nil {
		return fmt.Errorf("gl: %w", err)
	}
	if !s.Camera.Distortion.Identity() {
		return fmt.Errorf("gl: %w", render.ErrLensNotSupported)
	}
	if w, h := s.Camera.Width, s.Camera.Height; w > r.info.MaxSize || h > r.info.MaxSize {
		return fmt.Errorf("gl: image %dx%d exceeds the context's limit of %d per side", w, h, r.info.MaxSize)
	}
	return nil
}

func (r *Renderer) wrapErr(err error, s *scene.Scene) error {
	if errors.Is(err, errClosed) || errors.Is(err, ErrPipelineFull) {
		return err
	}
	return fmt.Errorf("gl: rendering %dx%d, %d objects: %w", s.Camera.Width, s.Camera.Height, len(s.Objects), err)
}

// acquireSlot returns a free slot, making one when all are busy. Pipelined
// acquisitions are limited to PipelineDepth per owner.
func (r *Renderer) acquireSlot(pipelined bool, owner uint64) (int, error) {
	if pipelined {
		n := 0
		for i := range r.slots {
			if r.slots[i].busy && r.slots[i].pipelined && r.slots[i].owner == owner {
				n++
			}
		}
		if n >= PipelineDepth {
			return -1, ErrPipelineFull
		}
	}
	for i := range r.slots {
		if !r.slots[i].busy {
			return i, nil
		}
	}
	r.slots = append(r.slots, slot{})
	return len(r.slots) - 1, nil
}

// renderOn renders s into f at once (Render and calibration): submit and
// collect on the GL thread with no other work in between. The caller
// finishes the frame (finish), off the GL thread where it can.
func (r *Renderer) renderOn(ctx context.Context, s *scene.Scene, env *shading.EnvMap, f *render.Frame) (*collected, error) {
	i, err := r.submitOn(ctx, s, env, f, false, 0)
	if err != nil {
		return nil, err
	}
	return r.collectOn(ctx, i)
}

// submitOn runs on the GL thread: it draws s into a free slot's targets
// and queues every readback into the slot's PBO behind a fence.
func (r *Renderer) submitOn(ctx context.Context, s *scene.Scene, env *shading.EnvMap, f *render.Frame, pipelined bool, owner uint64) (int, error) {
	i, err := r.acquireSlot(pipelined, owner)
	if err != nil {
		return -1, err
	}
	sl := &r.slots[i]
	if err := r.drawInto(ctx, sl, s, env, f); err != nil {
		r.releaseSlot(sl)
		return -1, err
	}
	r.seq++
	sl.busy, sl.pipelined, sl.seq, sl.frame, sl.owner = true, pipelined, r.seq, f, owner
	return i, nil
}

func (r *Renderer) drawInto(ctx context.Context, sl *slot, s *scene.Scene, env *shading.EnvMap, f *render.Frame) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r.frame++
	defer r.cache.evict(r.frame)
	w, h := s.Camera.Width, s.Camera.Height
	if sl.targets == nil || sl.targets.w != w || sl.targets.h != h {
		sl.targets.delete()
		sl.targets = nil
		t, err := newTargets(w, h, r.opts.MSAA)
		if err != nil {
			return err
		}
		sl.targets = t
	}
	d, err := buildDrawList(s, r.cache, r.frame)
	if err != nil {
		return err
	}
	pl, err := r.planPost(s)
	if err != nil {
		return err
	}
	if err := r.env.prepare(s, env, r.frame); err != nil {
		return err
	}
	r.shadowFrame = planShadows(s, r.shadowSize)
	r.lights = buildLights(s, r.shadowFrame.light)
	r.uploadFrameData(d, r.lights)
	rounds, err := r.planSilhouettes(s, d)
	if err != nil {
		return err
	}
	// Lay out the PBO: four frame targets, then each round's atlas rows.
	// Offsets are page-aligned (4096 bytes): besides alignment for the
	// copies, every offset but the first is then at least a page, and a
	// PBO offset is passed to glReadPixels as a pointer (gl.PtrOffset),
	// which Go's checkptr (on under -race) rejects below a page. At
	// most a page per section is spare.
	align := func(n int) int { return (n + pboAlign - 1) &^ (pboAlign - 1) }
	px := w * h
	sizes := [4]int{4 * px, 4 * px, 4 * px, 12 * px}
	off := 0
	for k, n := range sizes {
		sl.offs[k] = off
		off = align(off + n)
	}
	sl.rounds, sl.roundOff, sl.stride = rounds, sl.roundOff[:0], 0
	if r.atlas != nil {
		sl.stride = r.atlas.w
	}
	for _, rd := range rounds {
		sl.roundOff = append(sl.roundOff, off)
		off = align(off + sl.stride*rd.used)
	}
	sl.size = off
	if sl.pbo == 0 {
		gl.GenBuffers(1, &sl.pbo)
	}
	gl.BindBuffer(gl.PIXEL_PACK_BUFFER, sl.pbo)
	if sl.size > sl.pboCap {
		sl.pboCap = max(sl.size, sl.pboCap+sl.pboCap/4)
		gl.BufferData(gl.PIXEL_PACK_BUFFER, sl.pboCap, nil, gl.STREAM_READ)
	}
	gl.BindBuffer(gl.PIXEL_PACK_BUFFER, 0)

	if err := r.drawShadowMaps(&r.shadowFrame, d); err != nil {
		return err
	}
	r.drawFrame(sl.targets, d, s)
	if err := glError("drawing"); err != nil {
		return err
	}
	sl.post = 0
	if pl != nil {
		if err := r.drawPost(sl.targets, pl); err != nil {
			return err
		}
		sl.post = pl.Stages
	}
	gl.BindBuffer(gl.PIXEL_PACK_BUFFER, sl.pbo)
	defer gl.BindBuffer(gl.PIXEL_PACK_BUFFER, 0)
	r.readFrameTo(sl.targets, sl.offs, sl.post != 0)
	for k, rd := range rounds {
		r.drawSilhouettes(s, d, rd)
		gl.BindBuffer(gl.PIXEL_PACK_BUFFER, sl.pbo)
		r.readAtlasTo(rd, sl.roundOff[k])
	}
	if err := glError(fmt.Sprintf("drawing %d silhouettes and queueing the readback", len(s.Objects))); err != nil {
		return err
	}
	sl.fence = gl.FenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0)
	if sl.fence == 0 {
		return fmt.Errorf("gl: glFenceSync failed: %w", glError("creating a fence"))
	}
	gl.Flush()
	return nil
}

// collected is a frame collectOn read back whose rows may still be
// bottom first and whose silhouettes are still to be cut from the copy of
// the atlas rows it holds: finish completes it. That work is plain Go on
// the frame's own memory, so it runs on the caller's goroutine, and the GL
// thread, which every worker sharing the context waits on, spends on a
// frame only the GL calls and the copies out of the mapped buffer.
type collected struct {
	f      *render.Frame
	h      int     // image rows
	top    bool    // rows arrived top first
	atlas  *[]byte // each round's atlas rows, one after another
	stride int
	rounds []silRound
}

// finish flips c's rows top first if they are not, cuts its silhouettes,
// keeps its visible pixels inside them (render.Frame.CoverVisible), hands
// the atlas copy back and returns the frame.
func (r *Renderer) finish(c *collected) *render.Frame {
	f := c.f
	if !c.top {
		flipRows(f.Color.Pix, c.h)
		flipRows(f.IDs, c.h)
		flipRows(f.Depth, c.h)
		if !r.opts.SkipNormals {
			flipRows(f.Normals, c.h)
		}
	}
	if c.atlas != nil {
		// Every object's box first, then its mask carved from the frame's
		// mask storage (which a recycled frame keeps).
		type cut struct {
			buf []byte // its round's atlas rows
			sr  silRect
			box image.Rectangle
		}
		cuts := make([]cut, 0, len(f.Silhouettes))
		total := 0
		rest := *c.atlas
		for _, rd := range c.rounds {
			atlasBuf := rest[:c.stride*rd.used]
			rest = rest[len(atlasBuf):]
			for _, sr := range rd.rects {
				if box, ok := silhouetteBounds(atlasBuf, c.stride, sr, c.top); ok {
					cuts = append(cuts, cut{atlasBuf, sr, box})
					total += box.Dx() * box.Dy()
				}
			}
		}
		store := f.MaskStorage(total)
		for _, k := range cuts {
			n := k.box.Dx() * k.box.Dy()
			f.Silhouettes[k.sr.obj] = cutMask(k.buf, c.stride, k.sr, c.top, k.box, store[:n:n])
			store = store[n:]
		}
		c.drop(r)
	}
	// Ids and silhouettes come from different passes; keep visible ⊆
	// silhouette where they disagree by an edge pixel (see CoverVisible).
	f.CoverVisible()
	return f
}

// drop hands c's atlas copy back to r.atlasCopies.
func (c *collected) drop(r *Renderer) {
	if c.atlas != nil {
		r.atlasCopies.put(c.atlas)
		c.atlas = nil
	}
}

// collectOn runs on the GL thread: it waits for the slot's fence, copies
// the PBO into the slot's frame and the silhouette atlas rows into a
// buffer of r.atlasCopies, and frees the slot, also on error. finish
// completes the frame.
func (r *Renderer) collectOn(ctx context.Context, i int) (*collected, error) {
	sl := &r.slots[i]
	defer r.releaseSlot(sl)
	const step = uint64(2 * time.Millisecond)
	for flags := uint32(gl.SYNC_FLUSH_COMMANDS_BIT); ; flags = 0 {
		st := gl.ClientWaitSync(sl.fence, flags, step)
		if st == gl.ALREADY_SIGNALED || st == gl.CONDITION_SATISFIED {
			break
		}
		if st == gl.WAIT_FAILED {
			return nil, fmt.Errorf("gl: glClientWaitSync failed: %w", glError("waiting for the readback"))
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if r.resetStatus != nil && r.resetStatus() != gl.NO_ERROR {
			return nil, fmt.Errorf("%w while waiting for the readback", ErrContextLost)
		}
	}
	gl.BindBuffer(gl.PIXEL_PACK_BUFFER, sl.pbo)
	defer gl.BindBuffer(gl.PIXEL_PACK_BUFFER, 0)
	p := gl.MapBufferRange(gl.PIXEL_PACK_BUFFER, 0, sl.size, gl.MAP_READ_BIT)
	if p == nil {
		return nil, fmt.Errorf("gl: glMapBufferRange of %d bytes failed: %w", sl.size, glError("mapping the readback buffer"))
	}
	buf := unsafe.Slice((*byte)(p), sl.size)
	f := sl.frame
	t := sl.targets
	f.PostApplied = sl.post
	copy(f.Color.Pix, buf[sl.offs[0]:])
	copy(asBytes(f.IDs), buf[sl.offs[1]:])
	copy(asBytes(f.Depth), buf[sl.offs[2]:])
	if !r.opts.SkipNormals {
		copy(asBytes(f.Normals), buf[sl.offs[3]:])
	}
	c := &collected{f: f, h: t.h, top: r.orient.rowsTopFirst(), stride: sl.stride, rounds: sl.rounds}
	if len(sl.rounds) > 0 {
		n := 0
		for _, rd := range sl.rounds {
			n += sl.stride * rd.used
		}
		c.atlas = r.atlasCopies.get(n) // collectOn overwrites the n bytes
		at := 0
		for k, rd := range sl.rounds {
			o := sl.roundOff[k]
			at += copy((*c.atlas)[at:], buf[o:o+sl.stride*rd.used])
		}
	}
	if !gl.UnmapBuffer(gl.PIXEL_PACK_BUFFER) {
		// The store was corrupted while mapped (a mode switch, a reset).
		c.drop(r)
		return nil, fmt.Errorf("gl: the readback buffer was lost while mapped: %w", r.checkLostNow())
	}
	if err := glError("reading back"); err != nil {
		c.drop(r)
		return nil, err
	}
	return c, nil
}

// checkLostNow returns ErrContextLost when the context reports a reset,
// or a generic error.
func (r *Renderer) checkLostNow() error {
	if r.resetStatus != nil && r.resetStatus() != gl.NO_ERROR {
		return ErrContextLost
	}
	return errors.New("glUnmapBuffer returned false")
}

// releaseSlot frees a slot's fence and marks it free; targets and PBO stay
// for reuse.
func (r *Renderer) releaseSlot(sl *slot) {
	if sl.fence != 0 {
		gl.DeleteSync(sl.fence)
		sl.fence = 0
	}
	sl.busy, sl.pipelined, sl.frame, sl.rounds = false, false, nil, nil
}

// dropSlots forgets every render in flight (after a context loss, when
// waiting on them is pointless).
func (r *Renderer) dropSlots() {
	for i := range r.slots {
		r.slots[i].busy, r.slots[i].frame, r.slots[i].fence = false, nil, 0
	}
}

// deleteSlots frees every slot's GL objects (teardown).
func (r *Renderer) deleteSlots() {
	for i := range r.slots {
		sl := &r.slots[i]
		r.releaseSlot(sl)
		sl.targets.delete()
		if sl.pbo != 0 {
			gl.DeleteBuffers(1, &sl.pbo)
		}
	}
	r.slots = nil
}

// asBytes views a slice's backing array as bytes.
func asBytes[T any](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	var z T
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*int(unsafe.Sizeof(z)))
}
