package soft

import (
	"context"
	"sort"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/shading"
	"github.com/synthkit/synthkit/scene"
)

// Fixed sizes of the pipeline. None depends on the number of workers, so
// neither does any intermediate result.
const (
	subBits  = 8            // sub-pixel bits of snapped vertex coordinates
	subScale = 1 << subBits // fixed-point units per pixel
	subHalf  = subScale / 2 // offset of a pixel centre in fixed point

	// guardBand is how far, in image pixels, a projected triangle may reach
	// beyond each image border before it is clipped in camera space. With
	// projLimit it keeps snapped coordinates below 2^30 fixed-point units
	// (4× supersampling of a 16384-pixel image), so edge functions stay
	// below 2^62 and fit in int64.
	guardBand = 1 << 18
	// projLimit rejects a projected vertex that, after guard-band
	// clipping, still lies beyond twice the guard band (only non-finite
	// or absurd intrinsics get there).
	projLimit = 2 * guardBand

	bandRows = 16 // image rows per band

	// Triangles are set up in chunks of consecutive triangles (in scene
	// order); a pixel's visibility entry packs the chunk index and the
	// triangle's index within the chunk.
	chunkShift = 20
	chunkMask  = 1<<chunkShift - 1
	maxChunks  = 1 << 11 // keeps (chunk<<20 | index) + 1 below 2^31
	minChunk   = 1024

	objGroup = 256 // objects per work item when preparing objects
)

// state is the scratch of one render. Buffers are kept between renders (a
// Renderer pools states) and resized as needed.
type state struct {
	nWorkers int
	samples  int

	cam     camInfo
	passes  []passInfo // [0]: the label pass at pixel centres; [1]: colour sub-samples when samples > 1
	nBands  int
	bg      vec // linear background colour
	bgRGBA  [4]uint8
	ambient vec
	lights  []lightRec
	// envMap is the scene's prepared environment (nil for none), set by
	// Renderer.Render; env places it for the camera when hasEnv is set.
	envMap *shading.EnvMap
	env    shading.EnvLight
	hasEnv bool
	// hasSky: the environment is drawn behind the scene (background).
	hasSky bool
	// camLights is the scratch of prepareLights.
	camLights []shading.Light
	shadows   []shadowMap // one per shadowed light; lightRec.shadow points here

	objs     []objRec
	triStart []int // triStart[i] = global index of object i's first triangle; len = objects+1
	// vertStart[i] is where object i's vertices start in camVerts (its
	// objRec.cam); len = objects+1.
	vertStart []int
	camVerts  []mgl64.Vec3
	scrVerts  []screenVert // objRec.scr, laid out as camVerts
	chunkLen  int
	chunks    []chunk

	// blendOrder is shading.BlendOrder of the scene; blendRank[i] is
	// object i's position in it, -1 for objects that are not blended.
	blendOrder []int
	blendRank  []int32

	sil       []silRec // per object: conservative box and scratch mask
	maskArena []uint8

	workers []bandScratch
}

// camInfo is the camera in the form the pipeline uses.
type camInfo struct {
	w, h            int
	fx, fy, cx, cy  float64
	near, far       float64
	invNear, invFar float64 // per-pixel depth test bounds on 1/z
}

// passInfo describes one rasterization grid: the image at scale×scale
// samples per pixel.
type passInfo struct {
	scale  int
	w, h   int     // grid size
	rows   int     // grid rows per band
	snap   float64 // image coordinate → fixed point: scale·256
	rx, ry []float64
}

// silRec is an object's silhouette scratch: the union of its raster
// triangles' pixel boxes (inclusive) and where its mask lives in the arena.
type silRec struct {
	box ibox
	off int
}

// ibox is an inclusive pixel rectangle; empty when x0 > x1 or y0 > y1.
type ibox struct{ x0, y0, x1, y1 int32 }

var emptyBox = ibox{x0: 1, y0: 1, x1: 0, y1: 0}

func (b ibox) empty() bool { return b.x0 > b.x1 || b.y0 > b.y1 }

func (b ibox) union(c ibox) ibox {
	if b.empty() {
		return c
	}
	if c.empty() {
		return b
	}
	return ibox{min(b.x0, c.x0), min(b.y0, c.y0), max(b.x1, c.x1), max(b.y1, c.y1)}
}

func (b ibox) dx() int { return int(b.x1-b.x0) + 1 }
func (b ibox) dy() int { return int(b.y1-b.y0) + 1 }

// forget drops references into the last scene so a pooled state does not
// keep it alive.
func (st *state) forget() {
	clear(st.objs)
}

// render runs the whole pipeline into f.
func (st *state) render(ctx context.Context, s *scene.Scene, o Options, f *render.Frame) error {
	nChunks, err := st.setup(ctx, s, o)
	if err != nil {
		return err
	}
	if err := st.buildShadows(ctx, s, shadowSize(o), nChunks); err != nil {
		return err
	}

	st.layoutSilhouettes(len(s.Objects))
	st.workers = resize(st.workers, st.nWorkers)
	if err := st.parallel(ctx, "rasterization", st.nBands, func(w, b int) {
		st.workers[w].band(st, b, f)
	}); err != nil {
		return err
	}
	return st.finishSilhouettes(ctx, f)
}

// setup is the geometry half of render: it configures st for s and o,
// prepares the objects, transforms and projects their vertices, and sets
// up and bins every triangle into st.chunks. It returns the number of
// chunks.
func (st *state) setup(ctx context.Context, s *scene.Scene, o Options) (int, error) {
	st.configure(s, o)
	n := len(s.Objects)
	st.objs = resize(st.objs, n)
	st.triStart = resize(st.triStart, n+1)
	st.vertStart = resize(st.vertStart, n+1)
	total, verts := 0, 0
	for i := range s.Objects {
		st.triStart[i], st.vertStart[i] = total, verts
		total += s.Objects[i].Mesh.NumTriangles()
		verts += len(s.Objects[i].Mesh.Positions)
	}
	st.triStart[n], st.vertStart[n] = total, verts
	st.camVerts = resize(st.camVerts, verts)
	st.scrVerts = resize(st.scrVerts, verts)

	st.blendOrder = shading.BlendOrder(st.blendOrder, s)
	st.blendRank = resize(st.blendRank, n)
	for i := range st.blendRank {
		st.blendRank[i] = -1
	}
	for r, i := range st.blendOrder {
		st.blendRank[i] = int32(r)
	}

	groups := (n + objGroup - 1) / objGroup
	if err := st.parallel(ctx, "object setup", groups, func(_, g int) {
		for i := g * objGroup; i < min(n, (g+1)*objGroup); i++ {
			o := &st.objs[i]
			o.prepare(s, i)
			o.cam = st.camVerts[st.vertStart[i]:st.vertStart[i+1]]
			o.scr = st.scrVerts[st.vertStart[i]:st.vertStart[i+1]]
			if o.outside = o.outsideView(&st.cam); !o.outside {
				o.transformVertices(st)
			}
		}
	}); err != nil {
		return 0, err
	}

	st.chunkLen = max(minChunk, (total+maxChunks-1)/maxChunks)
	nChunks := (total + st.chunkLen - 1) / st.chunkLen
	st.chunks = resize(st.chunks, nChunks)
	err := st.parallel(ctx, "triangle setup", nChunks, func(_, k int) {
		st.setupChunk(k)
	})
	return nChunks, err
}

// configure derives the per-render constants from the camera, lights and
// options.
func (st *state) configure(s *scene.Scene, o Options) {
	c := &s.Camera
	st.cam = camInfo{
		w: c.Width, h: c.Height,
		fx: c.Fx, fy: c.Fy, cx: c.Cx, cy: c.Cy,
		near: c.Near, far: c.Far,
		invNear: 1 / c.Near, invFar: 1 / c.Far,
	}
	st.samples = max(1, o.SSAA)
	st.nBands = (c.Height + bandRows - 1) / bandRows
	st.nWorkers = max(1, min(workerCount(o), st.nBands))

	np := 1
	if st.samples > 1 {
		np = 2
	}
	st.passes = resize(st.passes, np)
	for p := range st.passes {
		scale := 1
		if p == 1 {
			scale = st.samples
		}
		pi := &st.passes[p]
		pi.scale = scale
		pi.w, pi.h = c.Width*scale, c.Height*scale
		pi.rows = bandRows * scale
		pi.snap = float64(scale * subScale)
		pi.rx = resize(pi.rx, pi.w)
		pi.ry = resize(pi.ry, pi.h)
		// Ray direction (rx, ry, 1) through each sample position.
		for x := range pi.rx {
			pi.rx[x] = (sampleCoord(x, scale) - c.Cx) / c.Fx
		}
		for y := range pi.ry {
			pi.ry[y] = (sampleCoord(y, scale) - c.Cy) / c.Fy
		}
	}
	st.prepareLights(s)
}

// sampleCoord is the continuous image coordinate of sample i of a grid
// with scale samples per pixel: (i+0.5)/scale, exactly i+0.5 for scale 1.
func sampleCoord(i, scale int) float64 {
	if scale == 1 {
		return float64(i) + 0.5
	}
	return (float64(i) + 0.5) / float64(scale)
}

// objectOf returns the object holding global triangle g.
func (st *state) objectOf(g int) int {
	n := len(st.triStart) - 1
	return sort.Search(n, func(i int) bool { return st.triStart[i+1] > g })
}

// resize returns s with length n, reusing its storage when it can. The
// elements are not cleared.
func resize[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return append(s[:cap(s)], make([]T, n-cap(s))...)
}
