package scene

import (
	"fmt"
	"math"
)

// Limits of the post-processing parameters (see Post).
const (
	MaxBlurSigma    = 32  // largest Gaussian blur sigma, pixels
	MaxMotionLength = 128 // largest motion-blur streak, pixels
	MaxExposure     = 8   // largest |Exposure|, stops
	MaxNoise        = 0.5 // largest Noise, fraction of full scale
	MaxShotNoise    = 1   // largest ShotNoise
)

// Post describes how the camera's image pipeline degrades the rendered
// colour image of one sample: optics (blur, vignette), sensor (noise),
// image signal processing (white balance, exposure, contrast, saturation)
// and compression (JPEG). It is pure data; render.ApplyPost applies it to a
// Frame's Color (render/gl runs the same steps as shaders, see
// render.PostPlan) and never touches the label buffers (ids, depth,
// normals, silhouettes), so annotations are the same with and without it.
//
// The zero value means no post-processing: every field's zero is "leave
// the image as it is", and the colour bytes stay exactly those rendered.
//
// Effects apply in a fixed order, the order of a real camera:
//
//  1. In linear RGB (the sRGB image decoded): Gaussian blur (Blur), then
//     motion blur (MotionLength, MotionAngle), then vignette, then white
//     balance and exposure gains, then shot noise.
//  2. Encoded back to 8-bit sRGB; then, on sRGB values in [0, 1]:
//     contrast, saturation, then Gaussian noise (Noise), rounded to the
//     nearest code.
//  3. JPEG re-compression at JPEGQuality: what a baseline JPEG encoder
//     and decoder do to the pixels (4:2:0 chroma, the Annex K tables
//     scaled by quality as libjpeg does, the 8×8 DCT, quantization and
//     inverse DCT; the lossless entropy coding is skipped), written back
//     into Color, so a dataset stored as PNG shows the artefacts too.
//     (The job spec's image_format jpeg is a separate, final encoding of
//     the stored image; both may apply.)
//
// Noise draws come from Seed alone (a counter-based hash of Seed, row and
// pixel, mapped to Gaussian values through a 2^16-entry inverse-CDF
// table: see package render), so the same Post on the same frame gives
// the same bytes on any machine and with any number of threads. Generators draw Seed from their Context's Rand.
type Post struct {
	// Seed seeds the noise of this sample.
	Seed uint64
	// Blur is the standard deviation, in pixels, of a Gaussian blur
	// (defocus, soft optics), 0..MaxBlurSigma; 0 means none.
	Blur float64
	// MotionLength is the length, in pixels, of a straight motion-blur
	// streak (camera shake) centred on each pixel, 0..MaxMotionLength; 0
	// means none.
	MotionLength float64
	// MotionAngle is the direction of the streak in radians, measured from
	// the image x axis towards y (down).
	MotionAngle float64
	// Vignette darkens towards the corners: linear values are multiplied
	// by 1 − Vignette·r², where r is the distance from the image centre
	// divided by the half-diagonal (1 at the corners), 0..1.
	Vignette float64
	// WhiteBalance holds relative gains on linear R, G, B: each channel is
	// multiplied by 1 + WhiteBalance[i], each in (−1, 3].
	WhiteBalance [3]float64
	// Exposure is a gain in stops on linear RGB (×2^Exposure), in
	// [−MaxExposure, MaxExposure].
	Exposure float64
	// ShotNoise is photon (Poisson-like) noise: a linear value v gets
	// Gaussian noise of variance ShotNoise·v, 0..MaxShotNoise.
	ShotNoise float64
	// Contrast scales sRGB values about mid-grey: c' = 0.5 + (1+Contrast)·
	// (c − 0.5); in (−1, 3].
	Contrast float64
	// Saturation scales the distance of each sRGB colour from its grey
	// (Rec. 601 luma) by 1 + Saturation: −1 gives grey, in [−1, 3].
	Saturation float64
	// Noise is the standard deviation of Gaussian sensor noise added to
	// each sRGB channel, as a fraction of full scale (1/255 is one 8-bit
	// code), 0..MaxNoise; independent per pixel and channel.
	Noise float64
	// JPEGQuality re-compresses the image as a JPEG of this quality,
	// 1..100; 0 means none.
	JPEGQuality int
}

// IsZero reports whether p leaves the image unchanged (its Seed aside).
func (p *Post) IsZero() bool {
	q := *p
	q.Seed = 0
	return q == Post{}
}

// Linear reports whether p has an effect in linear RGB (stage 1).
func (p *Post) Linear() bool {
	return p.Blur > 0 || p.MotionLength > 0 || p.Vignette > 0 || p.WhiteBalance != [3]float64{} ||
		p.Exposure != 0 || p.ShotNoise > 0
}

// Validate reports the first parameter that is not finite or out of its
// range, naming it.
func (p *Post) Validate() error {
	checks := []struct {
		name   string
		v      float64
		lo, hi float64
		openLo bool
	}{
		{"blur", p.Blur, 0, MaxBlurSigma, false},
		{"motion length", p.MotionLength, 0, MaxMotionLength, false},
		{"motion angle", p.MotionAngle, -1e6, 1e6, false},
		{"vignette", p.Vignette, 0, 1, false},
		{"white balance R", p.WhiteBalance[0], -1, 3, true},
		{"white balance G", p.WhiteBalance[1], -1, 3, true},
		{"white balance B", p.WhiteBalance[2], -1, 3, true},
		{"exposure", p.Exposure, -MaxExposure, MaxExposure, false},
		{"shot noise", p.ShotNoise, 0, MaxShotNoise, false},
		{"contrast", p.Contrast, -1, 3, true},
		{"saturation", p.Saturation, -1, 3, false},
		{"noise", p.Noise, 0, MaxNoise, false},
	}
	for _, c := range checks {
		if math.IsNaN(c.v) || math.IsInf(c.v, 0) {
			return fmt.Errorf("post: %s %g is not finite", c.name, c.v)
		}
		if c.v < c.lo || c.v > c.hi || (c.openLo && c.v == c.lo) {
			lb := "["
			if c.openLo {
				lb = "("
			}
			return fmt.Errorf("post: %s %g leaves %s%g, %g]", c.name, c.v, lb, c.lo, c.hi)
		}
	}
	if p.JPEGQuality < 0 || p.JPEGQuality > 100 {
		return fmt.Errorf("post: jpeg quality %d: want 1..100, or 0 for none", p.JPEGQuality)
	}
	return nil
}
