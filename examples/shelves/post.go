package shelves

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/scene"
)

// PostParams are the phone camera's image processing, drawn per sample
// into scene.Post (render.ApplyPost applies it to the colour image only;
// labels are unaffected). The defaults are mild: a phone photo, not a
// filter.
type PostParams struct {
	Noise        generator.Range    `json:"noise" doc:"standard deviation of Gaussian sensor noise on sRGB values, fraction of full scale (1/255 is one 8-bit code)"`
	ShotNoise    generator.Range    `json:"shot_noise" doc:"photon noise: a linear value v gets noise of variance shot_noise·v"`
	BlurProb     float64            `json:"blur_prob" doc:"probability that the photo is slightly out of focus"`
	Blur         generator.Range    `json:"blur" doc:"Gaussian blur sigma when out of focus, pixels"`
	MotionProb   float64            `json:"motion_prob" doc:"probability of camera shake"`
	Motion       generator.Range    `json:"motion" doc:"length of the motion-blur streak when shaken, pixels (direction uniform)"`
	Vignette     generator.Range    `json:"vignette" doc:"darkening of the corners: linear ×(1 − vignette) there"`
	Exposure     generator.Range    `json:"exposure" doc:"exposure error, stops"`
	WhiteBalance generator.Range    `json:"white_balance" doc:"relative gain error of the red and of the blue channel (each drawn), linear"`
	Contrast     generator.Range    `json:"contrast" doc:"contrast change of the phone's tone curve (0 leaves it)"`
	Saturation   generator.Range    `json:"saturation" doc:"saturation change (0 leaves it, −1 is grey)"`
	JPEGProb     float64            `json:"jpeg_prob" doc:"probability that the photo went through JPEG compression before the dataset's own encoding"`
	JPEGQuality  generator.IntRange `json:"jpeg_quality" doc:"JPEG quality when compressed (1..100)"`
}

// DefaultPostParams returns mild phone-photo processing: a little noise,
// occasional slight defocus or shake, small colour and exposure errors, a
// light vignette, and JPEG at quality 70–95 half of the time.
func DefaultPostParams() PostParams {
	return PostParams{
		Noise:        generator.Range{Min: 0.003, Max: 0.012},
		ShotNoise:    generator.Range{Min: 0, Max: 0.0006},
		BlurProb:     0.3,
		Blur:         generator.Range{Min: 0.4, Max: 1.1},
		MotionProb:   0.08,
		Motion:       generator.Range{Min: 1, Max: 3.5},
		Vignette:     generator.Range{Min: 0, Max: 0.3},
		Exposure:     generator.Range{Min: -0.35, Max: 0.25},
		WhiteBalance: generator.Range{Min: -0.06, Max: 0.06},
		Contrast:     generator.Range{Min: -0.05, Max: 0.15},
		Saturation:   generator.Range{Min: -0.1, Max: 0.15},
		JPEGProb:     0.5,
		JPEGQuality:  generator.IntRange{Min: 70, Max: 95},
	}
}

// Validate reports the first post param out of its range, naming it.
func (p PostParams) Validate() error {
	for _, c := range []struct {
		name string
		v    float64
	}{{"blur_prob", p.BlurProb}, {"motion_prob", p.MotionProb}, {"jpeg_prob", p.JPEGProb}} {
		if !(c.v >= 0 && c.v <= 1) {
			return fmt.Errorf("post.%s %g: want a probability in 0..1", c.name, c.v)
		}
	}
	if err := p.JPEGQuality.Validate(); err != nil {
		return fmt.Errorf("post.jpeg_quality: %w", err)
	}
	if p.JPEGQuality.Min < 1 || p.JPEGQuality.Max > 100 {
		return fmt.Errorf("post.jpeg_quality [%d, %d] leaves [1, 100]", p.JPEGQuality.Min, p.JPEGQuality.Max)
	}
	for _, c := range []rangeCheck{
		{"post.noise", p.Noise, 0, scene.MaxNoise, ""},
		{"post.shot_noise", p.ShotNoise, 0, scene.MaxShotNoise, ""},
		{"post.blur", p.Blur, 0, scene.MaxBlurSigma, " px"},
		{"post.motion", p.Motion, 0, scene.MaxMotionLength, " px"},
		{"post.vignette", p.Vignette, 0, 1, ""},
		{"post.exposure", p.Exposure, -scene.MaxExposure, scene.MaxExposure, " stops"},
		{"post.white_balance", p.WhiteBalance, -0.9, 3, ""},
		{"post.contrast", p.Contrast, -0.9, 3, ""},
		{"post.saturation", p.Saturation, -1, 3, ""},
	} {
		if err := c.r.Validate(); err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		if c.r.Min < c.lo || c.r.Max > c.hi {
			return fmt.Errorf("%s [%g, %g] leaves [%g, %g]%s", c.name, c.r.Min, c.r.Max, c.lo, c.hi, c.unit)
		}
	}
	return nil
}

// draw draws one sample's post-processing from r: the noise seed first,
// then each effect in the order of the fields.
func (p *PostParams) draw(r *rand.Rand) scene.Post {
	out := scene.Post{Seed: r.Uint64()}
	out.Noise = p.Noise.Draw(r)
	out.ShotNoise = p.ShotNoise.Draw(r)
	if r.Float64() < p.BlurProb {
		out.Blur = p.Blur.Draw(r)
	}
	if r.Float64() < p.MotionProb {
		out.MotionLength = p.Motion.Draw(r)
		out.MotionAngle = r.Float64() * math.Pi
	}
	out.Vignette = p.Vignette.Draw(r)
	out.Exposure = p.Exposure.Draw(r)
	out.WhiteBalance = [3]float64{p.WhiteBalance.Draw(r), 0, p.WhiteBalance.Draw(r)}
	out.Contrast = p.Contrast.Draw(r)
	out.Saturation = p.Saturation.Draw(r)
	if r.Float64() < p.JPEGProb {
		out.JPEGQuality = p.JPEGQuality.Draw(r)
	}
	return out
}
