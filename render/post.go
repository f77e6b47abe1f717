package render

import (
	"errors"
	"fmt"
	"image"
	"math"
	"math/bits"
	"runtime"
	"sync"

	"github.com/synthkit/synthkit/scene"
)

// Noise streams: each pixel's noise is a hash of (Post.Seed, row,
// stream, column) (see normals), so the result does not depend on how
// rows are split among threads.
const (
	streamShot   = 0
	streamSensor = 1
	postStreams  = 2
)

// postBand is the number of rows a worker takes at a time.
const postBand = 16

// maxPostWorkers bounds the goroutines ApplyPost uses.
const maxPostWorkers = 8

// ApplyPost applies the post-processing p (see scene.Post for the effects
// and their order) to f.Color in place, skipping the stages the renderer
// already applied (f.PostApplied). Only Color changes: IDs, Depth,
// Normals and Silhouettes are not read or written, so labels are the same
// with and without post-processing. A zero p (IsZero) leaves Color's bytes
// untouched. The result depends only on f.Color and p, not on GOMAXPROCS:
// rows are processed in parallel, each with its own noise stream.
func ApplyPost(f *Frame, p scene.Post) error {
	if err := p.Validate(); err != nil {
		return fmt.Errorf("render: apply post: %w", err)
	}
	if p.IsZero() {
		return nil
	}
	if f == nil || f.Color == nil {
		return errors.New("render: apply post: frame has no colour image")
	}
	img := f.Color
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if w == 0 || h == 0 {
		return nil
	}
	if len(img.Pix) < img.PixOffset(img.Rect.Max.X-1, img.Rect.Max.Y-1)+4 {
		return fmt.Errorf("render: apply post: colour image %v has %d bytes", img.Rect, len(img.Pix))
	}
	all, done := StagesOf(p), f.PostApplied
	todo := all &^ done
	if done&^all != 0 || (todo != 0 && done != 0 && bits.Len8(uint8(done)) > bits.TrailingZeros8(uint8(todo))) {
		// A stage the Post does not have, or one applied before an
		// earlier one: the effects would run out of order.
		return fmt.Errorf("render: apply post: the frame says stages %03b were applied, which is not a leading part of the post's stages %03b", done, all)
	}
	return applyPost(img, p, todo, postWorkers(h))
}

// PostStages is a set of the stages of scene.Post, in the order they run.
type PostStages uint8

// The stages of scene.Post.
const (
	// PostLinear is stage 1, in linear RGB: blur, motion blur, vignette,
	// white balance and exposure, shot noise.
	PostLinear PostStages = 1 << iota
	// PostDisplay is stage 2, on 8-bit sRGB values: contrast, saturation,
	// sensor noise.
	PostDisplay
	// PostJPEG is stage 3: JPEG re-compression.
	PostJPEG
)

// StagesOf returns the stages in which p has an effect.
func StagesOf(p scene.Post) PostStages {
	var s PostStages
	if p.Linear() {
		s |= PostLinear
	}
	if p.Contrast != 0 || p.Saturation != 0 || p.Noise > 0 {
		s |= PostDisplay
	}
	if p.JPEGQuality > 0 {
		s |= PostJPEG
	}
	return s
}

// applyPost applies the stages todo of the valid p to img with the given
// number of goroutines.
func applyPost(img *image.RGBA, p scene.Post, todo PostStages, workers int) error {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	pp := &postPass{img: img, w: w, h: h, p: &p, plan: planPost(p, w, h, false), workers: workers}
	if todo&PostLinear != 0 {
		pp.linear()
	}
	if todo&PostDisplay != 0 {
		pp.display()
	}
	if todo&PostJPEG != 0 {
		pp.jpeg()
	}
	return nil
}

// PostPlan is a scene.Post reduced to the constants ApplyPost computes
// with, for a backend that runs the post-effects on its own device
// (render/gl does, as shaders) and must match ApplyPost: the same kernels,
// gains, noise keys, JPEG tables and lookup tables (PostTables). The
// arithmetic ApplyPost does with them is documented field by field; a
// backend that does the same in float32 (stages 1 and 2) and in exact
// integers (stage 3) differs from it only where its rounding differs.
type PostPlan struct {
	// Stages holds the stages in which the Post has effects (StagesOf).
	// A backend may run a prefix of them and leave the rest to ApplyPost
	// (Frame.PostApplied).
	Stages PostStages
	// Width and Height are the image size the plan was made for.
	Width, Height int

	// Stage 1, on linear values decoded from the 8-bit sRGB image with
	// PostTables' decode table (3 channels per pixel):
	//
	// Blur holds the weights of the Gaussian blur at offsets −r..r
	// (len 2r+1), nil for none. Rows are blurred first, then columns, each
	// output the sum over the taps in order of weight × input, reading
	// the nearest pixel inside the image for taps that fall outside.
	Blur []float32
	// Motion holds the motion-blur taps, nil for none: the output at pixel
	// (x, y) is the sum over the taps in order of the input sampled
	// bilinearly at (x+DX, y+DY), with clamped texel indices, the four
	// texels weighted (1−ax)(1−ay)W, ax(1−ay)W, (1−ax)ay·W and ax·ay·W,
	// summed in that order (ax, ay the fractional parts).
	Motion []MotionTap
	// Gain is the white balance and exposure gain per channel. With
	// Vignette > 0 it is multiplied by 1 − Vignette·(dx² + dy²) at each
	// pixel, dx = x + 0.5 − Width/2 and dy = y + 0.5 − Height/2.
	Gain     [3]float32
	Vignette float32
	// ShotNoise, when positive, adds √(ShotNoise·v)·z to each channel
	// value v > 0 after the gain, z the pixel's draw from the shot-noise
	// stream (ShotKeys). The value is then encoded to a code with
	// PostTables' encode table at index LinearIndex(v).
	ShotNoise float64

	// Stage 2, on the codes c (as float32) of the 8-bit sRGB image:
	// c = 127.5 + Contrast·(c − 127.5) when Contrast != 1; then, when
	// Saturation != 1, l = 0.299c_r + 0.587c_g + 0.114c_b and c = l +
	// Saturation·(c − l); then c += Sigma·z with z the pixel's draw from
	// the sensor stream (SensorKeys) when Sigma > 0; then clamped to
	// [0, 255] and rounded half up.
	Contrast, Saturation, Sigma float32

	// Stage 3, JPEG re-compression, when Stages has PostJPEG, on the
	// codes: each 16×16 macroblock (edge pixels replicated) is converted
	// to Y'CbCr as color.RGBToYCbCr does, chroma averaged over 2×2 pixels
	// ((sum+2)>>2), every value level-shifted by −128; each 8×8 block then
	// goes through the integer DCT round trip of JPEGBasis (JPEGBasisBits
	// fractional bits): rows t[y][u] = (Σx K[u][x]·b[y][x] + 2^(s−1)) >> s
	// with s = JPEGBasisBits − JPEGFracBits, taking K[u][x] for x < 4 times
	// b[x] ± b[7−x] (+ for even u); columns F[v][u] = Σy K[v][y]·t[y][u]
	// the same way but exactly (in 64 bits), quantized to round(F / (Q <<
	// (JPEGBasisBits+JPEGFracBits)))·Q with halves away from zero, Q the
	// block's table entry [8v+u]; inverse columns t[y][u] = (e ± o +
	// 2^(s−1)) >> s, e and o the even and odd v terms of Σv K[v][y']·F[v][u]
	// at y' = min(y, 7−y) (+ for y < 4); inverse rows the same over u
	// with shift JPEGBasisBits + JPEGFracBits, exactly. The samples,
	// shifted back and clamped to 0..255, return to RGB as
	// color.YCbCrToRGB does, chroma replicated over its 2×2 pixels.
	JPEGLuma, JPEGChroma [64]int32
	JPEGBasis            [8][8]int32

	// ShotKeys and SensorKeys hold each image row's noise key (rows from
	// the top), nil where the Post has no such noise. Pixel x of row y
	// draws from the 64-bit hash mix64(key + (x+1)·0x9e3779b97f4a7c15),
	// mix64 being SplitMix64's finaliser: its bits 0–15, 16–31 and 32–47
	// index PostTables' normal table for R, G and B.
	ShotKeys, SensorKeys []uint64
}

// MotionTap is one sample of a motion-blur streak: an offset in pixels
// and its weight.
type MotionTap struct {
	DX, DY, W float32
}

// PlanPost returns the plan of p for a width×height image (see PostPlan).
// It fails when p is not valid.
func PlanPost(p scene.Post, width, height int) (*PostPlan, error) {
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("render: plan post: %w", err)
	}
	if width <= 0 || height <= 0 {
		return nil, fmt.Errorf("render: plan post: image size %dx%d", width, height)
	}
	return planPost(p, width, height, true), nil
}

// planPost is PlanPost for a valid p; keys says whether to fill the noise
// keys (ApplyPost draws them row by row instead).
func planPost(p scene.Post, w, h int, keys bool) *PostPlan {
	pl := &PostPlan{Stages: StagesOf(p), Width: w, Height: h}
	if p.JPEGQuality > 0 {
		pl.JPEGLuma, pl.JPEGChroma = jpegQuantTables(p.JPEGQuality)
		pl.JPEGBasis = *jpegK()
	}
	if p.Blur > 0 {
		pl.Blur = gaussianKernel(p.Blur)
	}
	if p.MotionLength > 0 {
		pl.Motion = motionTaps(p.MotionLength, p.MotionAngle)
	}
	for c := range pl.Gain {
		pl.Gain[c] = float32((1 + p.WhiteBalance[c]) * math.Exp2(p.Exposure))
	}
	cx, cy := float64(w)/2, float64(h)/2
	pl.Vignette = float32(p.Vignette / (cx*cx + cy*cy))
	pl.ShotNoise = p.ShotNoise
	pl.Contrast = float32(1 + p.Contrast)
	pl.Saturation = float32(1 + p.Saturation)
	pl.Sigma = float32(p.Noise * 255)
	if keys {
		rowKeys := func(stream int) []uint64 {
			k := make([]uint64, h)
			for y := range k {
				k[y] = noiseKey(p.Seed, y, stream)
			}
			return k
		}
		if pl.Stages&PostLinear != 0 && p.ShotNoise > 0 {
			pl.ShotKeys = rowKeys(streamShot)
		}
		if pl.Stages&PostDisplay != 0 && pl.Sigma > 0 {
			pl.SensorKeys = rowKeys(streamSensor)
		}
	}
	return pl
}

// The fixed point of the JPEG simulation (PostPlan): fractional bits of
// the DCT basis, and of the values between its passes.
const (
	JPEGBasisBits = jpegKBits
	JPEGFracBits  = jpegFrac
)

// PostTables returns the tables of the post-effects, read-only: decode
// maps an 8-bit sRGB code to its linear value; encode maps a linear index
// (LinearIndex) to the nearest code; normal maps a 16-bit draw u to the
// standard normal value Φ⁻¹((u + ½)/2^16).
func PostTables() (decode *[256]float32, encode []uint8, normal *[1 << normalBits]float32) {
	return srgbDecode(), srgbEncode(), normalTable()
}

// LinearIndex is the index of a linear value in PostTables' encode table:
// 0 for v <= 0 (and NaN), len−1 for v >= 1, otherwise int(v·(len−1) +
// 0.5) computed in float32.
func LinearIndex(v float32) int { return linearIndex(v) }

// postWorkers returns how many goroutines to use for h rows.
func postWorkers(h int) int {
	return max(1, min(runtime.GOMAXPROCS(0), maxPostWorkers, (h+postBand-1)/postBand))
}

// floatPool recycles the float32 buffers of the linear stage (3·w·h
// values, 3.7 MB at 640×480), which ApplyPost would otherwise allocate
// afresh on every call. Every value of a buffer is written before it is
// read (the decode pass fills buf, each blur or motion pass fills tmp
// whole), so a recycled buffer's old contents never reach the output.
type floatPool struct{ p sync.Pool }

// linearBufs is the pool of linear-stage buffers.
var linearBufs floatPool

// rowBufs is the pool of the row-sized scratch of stages 1 and 2 (noise
// draws, the vignette's columns), apart from linearBufs so that neither
// pool hands out buffers of the other's size.
var rowBufs floatPool

// get returns a buffer of n values with unspecified contents.
func (fp *floatPool) get(n int) []float32 {
	if b, ok := fp.p.Get().(*[]float32); ok && cap(*b) >= n {
		return (*b)[:n]
	}
	return make([]float32, n)
}

// put returns b to the pool for a later get.
func (fp *floatPool) put(b []float32) {
	fp.p.Put(&b)
}

// postPass holds one ApplyPost call's state.
type postPass struct {
	img     *image.RGBA
	w, h    int
	p       *scene.Post
	plan    *PostPlan
	workers int
}

// row returns the 4·w bytes of image row y.
func (pp *postPass) row(y int) []uint8 {
	o := pp.img.PixOffset(pp.img.Rect.Min.X, pp.img.Rect.Min.Y+y)
	return pp.img.Pix[o : o+4*pp.w]
}

// rows calls fn on bands of rows [y0, y1) from pp.workers goroutines.
// Bands are a fixed size, and fn must compute each row from its inputs
// alone, so the result does not depend on the number of workers.
func (pp *postPass) rows(fn func(y0, y1 int)) {
	bands := (pp.h + postBand - 1) / postBand
	if pp.workers <= 1 {
		fn(0, pp.h)
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, bands)
	for b := range bands {
		next <- b
	}
	close(next)
	for range pp.workers {
		wg.Go(func() {
			for b := range next {
				fn(b*postBand, min(pp.h, (b+1)*postBand))
			}
		})
	}
	wg.Wait()
}

// linear runs stage 1 of scene.Post in linear RGB: blur, motion blur,
// vignette, gains, shot noise; then encodes back to sRGB bytes.
func (pp *postPass) linear() {
	p, w, h := pp.p, pp.w, pp.h
	dec := srgbDecode()
	buf := linearBufs.get(3 * w * h)
	defer linearBufs.put(buf)
	pp.rows(func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			px, out := pp.row(y), buf[3*w*y:3*w*(y+1)]
			for x := range w {
				out[3*x], out[3*x+1], out[3*x+2] = dec[px[4*x]], dec[px[4*x+1]], dec[px[4*x+2]]
			}
		}
	})
	var tmp []float32
	if p.Blur > 0 || p.MotionLength > 0 {
		tmp = linearBufs.get(len(buf))
		defer linearBufs.put(tmp)
	}
	if pl := pp.plan; pl.Blur != nil {
		k := pl.Blur
		pp.rows(func(y0, y1 int) { blurRows(tmp, buf, w, y0, y1, k) })
		pp.rows(func(y0, y1 int) { blurCols(buf, tmp, w, h, y0, y1, k) })
	}
	if taps := pp.plan.Motion; taps != nil {
		mc := newMotionCols(w, taps)
		pp.rows(func(y0, y1 int) { motionRows(tmp, buf, w, h, y0, y1, taps, mc) })
		buf, tmp = tmp, buf
	}
	g := gainArgs{gain: pp.plan.Gain, vig: pp.plan.Vignette, shot: pp.plan.ShotNoise, enc: (*[encodeSize]uint8)(srgbEncode())}
	for i := range g.lanes {
		g.lanes[i] = g.gain[i%3]
	}
	cx, cy := float64(w)/2, float64(h)/2
	dx2 := rowBufs.get(w) // each column's dx², for the vignette
	defer rowBufs.put(dx2)
	for x := range dx2 {
		dx := float32(float64(x) + 0.5 - cx)
		dx2[x] = dx * dx
	}
	pp.rows(func(y0, y1 int) {
		var r normals
		var z []float32
		if g.shot > 0 {
			z = rowBufs.get(3 * w)
			defer rowBufs.put(z)
		}
		for y := y0; y < y1; y++ {
			dy := float32(float64(y) + 0.5 - cy)
			if g.shot > 0 {
				r.reset(p.Seed, y, streamShot)
				r.interleaved(z)
			}
			gainRow(pp.row(y), buf[3*w*y:3*w*(y+1)], dx2, z, &g, dy*dy)
		}
	})
}

// gainArgs holds what stage 1's last pass applies to every pixel.
type gainArgs struct {
	// lanes holds the gains in the order of four pixels' channels, r g b
	// r, g b r g, b r g b (for gainRow4).
	lanes [12]float32
	gain  [3]float32
	vig   float32 // PostPlan.Vignette
	shot  float64 // PostPlan.ShotNoise
	enc   *[encodeSize]uint8
}

// gainPixels applies the gains, the vignette and shot noise to pixels
// [x0, x1) of the linear row in (3 values a pixel) and encodes them to
// sRGB in the row px (4 bytes a pixel; alpha is left alone). dx2 holds
// each column's squared distance dx² from the image centre and dy2 the
// row's, z the row's shot-noise draws (3 a pixel; unused without shot
// noise). It is the definition gainRow follows.
func gainPixels(px []uint8, in, dx2, z []float32, g *gainArgs, dy2 float32, x0, x1 int) {
	vig, shot, enc := g.vig, g.shot, g.enc
	for x := x0; x < x1; x++ {
		// Scalars rather than arrays, which the compiler keeps in memory
		// (as in display).
		gr, gg, gb := g.gain[0], g.gain[1], g.gain[2]
		if vig > 0 {
			v := 1 - vig*(dx2[x]+dy2)
			gr, gg, gb = gr*v, gg*v, gb*v
		}
		q, o := in[3*x:3*x+3:3*x+3], px[4*x:4*x+3:4*x+3]
		vr, vg, vb := q[0]*gr, q[1]*gg, q[2]*gb
		if shot > 0 {
			zs := z[3*x : 3*x+3 : 3*x+3]
			vr, vg, vb = shotNoise(vr, shot, zs[0]), shotNoise(vg, shot, zs[1]), shotNoise(vb, shot, zs[2])
		}
		o[0], o[1], o[2] = enc[linearIndex(vr)], enc[linearIndex(vg)], enc[linearIndex(vb)]
	}
}

// shotNoise returns v plus the shot noise of variance shot·v for the
// standard normal draw z, for v > 0; v otherwise.
func shotNoise(v float32, shot float64, z float32) float32 {
	if v > 0 {
		v += float32(math.Sqrt(shot*float64(v))) * z
	}
	return v
}

// display runs stage 2 of scene.Post on sRGB values: contrast,
// saturation, Gaussian noise.
func (pp *postPass) display() {
	p, w := pp.p, pp.w
	d := displayArgs{k: pp.plan.Contrast, s: pp.plan.Saturation, sigma: pp.plan.Sigma}
	if d.k != 1 {
		d.flags |= displayContrast
	}
	if d.s != 1 {
		d.flags |= displaySaturation
	}
	if d.sigma > 0 {
		d.flags |= displayNoise
	}
	pp.rows(func(y0, y1 int) {
		var r normals
		var z []float32
		if d.flags&displayNoise != 0 {
			z = rowBufs.get(3 * w)
			defer rowBufs.put(z)
		}
		for y := y0; y < y1; y++ {
			if d.flags&displayNoise != 0 {
				r.reset(p.Seed, y, streamSensor)
				r.planar(z[:w], z[w:2*w], z[2*w:])
			}
			displayRow(pp.row(y), z, &d)
		}
	})
}

// displayArgs holds what stage 2 applies to every pixel: the contrast k,
// saturation s and noise sigma of PostPlan, and which of them have an
// effect.
type displayArgs struct {
	k, s, sigma float32
	flags       int
}

// The flags of displayArgs.
const (
	displayContrast   = 1 << iota // k != 1
	displaySaturation             // s != 1
	displayNoise                  // sigma > 0
)

// displayPixels applies contrast, saturation and noise to pixels [x0,
// x1) of the sRGB row px (4 bytes a pixel; alpha is left alone), z
// holding the row's noise draws by channel (w red, then w green, then w
// blue; unused without noise). It is the definition displayRow follows.
func displayPixels(px []uint8, z []float32, d *displayArgs, x0, x1 int) {
	k, s, sigma := d.k, d.s, d.sigma
	w := len(px) / 4
	for x := x0; x < x1; x++ {
		// Three scalars rather than a [3]float32: the compiler keeps
		// small arrays in memory, and the loads and stores of each step
		// cost more than its arithmetic.
		q := px[4*x : 4*x+3 : 4*x+3]
		cr, cg, cb := float32(q[0]), float32(q[1]), float32(q[2])
		if d.flags&displayContrast != 0 {
			cr, cg, cb = 127.5+k*(cr-127.5), 127.5+k*(cg-127.5), 127.5+k*(cb-127.5)
		}
		if d.flags&displaySaturation != 0 {
			l := 0.299*cr + 0.587*cg + 0.114*cb
			cr, cg, cb = l+s*(cr-l), l+s*(cg-l), l+s*(cb-l)
		}
		if d.flags&displayNoise != 0 {
			cr, cg, cb = cr+sigma*z[x], cg+sigma*z[w+x], cb+sigma*z[2*w+x]
		}
		q[0], q[1], q[2] = clampRound(cr), clampRound(cg), clampRound(cb)
	}
}

// clampRound clamps v to [0, 255] and rounds half up. (Written out: the
// min and max builtins' NaN handling costs more than the rest of display's
// loop; v is never NaN there.)
func clampRound(v float32) uint8 {
	if v < 0 {
		v = 0
	} else if v > 255 {
		v = 255
	}
	return uint8(v + 0.5)
}

// linearIndex maps a linear value to its index in srgbEncode's table.
func linearIndex(v float32) int {
	if !(v > 0) {
		return 0
	}
	if v >= 1 {
		return encodeSize - 1
	}
	return int(v*(encodeSize-1) + 0.5)
}

// encodeSize is the size of the linear → sRGB table: fine enough that an
// 8-bit code decoded and encoded again comes back unchanged.
const encodeSize = 1 << 16

// srgbDecode returns the table of 8-bit sRGB code → linear value.
var srgbDecode = sync.OnceValue(func() *[256]float32 {
	var t [256]float32
	for i := range t {
		t[i] = float32(srgbToLinear(float64(i) / 255))
	}
	return &t
})

// srgbEncode returns the table of linear value i/(encodeSize−1) → the
// nearest 8-bit sRGB code. It is read-only once built.
var srgbEncode = sync.OnceValue(func() []uint8 {
	t := make([]uint8, encodeSize)
	code := 0
	next := srgbToLinear(0.5 / 255) // linear value where code 1 starts
	for i := range t {
		v := float64(i) / (encodeSize - 1)
		for code < 255 && v >= next {
			code++
			next = srgbToLinear((float64(code) + 0.5) / 255)
		}
		t[i] = uint8(code)
	}
	return t
})

// srgbToLinear is the sRGB decoding function on [0, 1].
func srgbToLinear(c float64) float64 {
	if c <= 0.04045 {
		return c / 12.92
	}
	return math.Pow((c+0.055)/1.055, 2.4)
}
