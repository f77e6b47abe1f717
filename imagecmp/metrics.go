package imagecmp

import (
	"fmt"
	"image"
	"math"
)

// The parameters of SSIM (Wang et al. 2004, and scikit-image with
// gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
// data_range=255).
const (
	// Peak is the largest luma value, L in SSIM and the peak of PSNR.
	Peak = 255.0
	// Sigma is the standard deviation of SSIM's Gaussian window, pixels.
	Sigma = 1.5
	// Window is the side of SSIM's window: 2·⌊3.5·Sigma + 0.5⌋ + 1, the
	// Gaussian truncated at 3.5σ as scipy.ndimage does for skimage.
	Window = 11
	// K1 and K2 set SSIM's stabilising constants C1 = (K1·L)² and
	// C2 = (K2·L)².
	K1, K2 = 0.01, 0.03
)

// Scores are the two measures of one comparison.
type Scores struct {
	PSNR float64 // dB on luma, peak 255; +Inf for identical images
	SSIM float64 // mean SSIM on luma, 1 for identical images
}

// Compare returns PSNR and SSIM of a against b (symmetric), or an error
// wrapping ErrSize or ErrTooSmall.
func Compare(a, b image.Image) (Scores, error) {
	la, lb := NewLuma(a), NewLuma(b)
	p, err := la.PSNR(lb)
	if err != nil {
		return Scores{}, err
	}
	s, err := la.SSIM(lb)
	if err != nil {
		return Scores{}, err
	}
	return Scores{PSNR: p, SSIM: s}, nil
}

// PSNR returns the peak signal-to-noise ratio of a against b on luma, in
// dB (see the package doc).
func PSNR(a, b image.Image) (float64, error) { return NewLuma(a).PSNR(NewLuma(b)) }

// SSIM returns the mean structural similarity of a and b on luma (see the
// package doc).
func SSIM(a, b image.Image) (float64, error) { return NewLuma(a).SSIM(NewLuma(b)) }

// PSNR returns 10·log10(255²/MSE) of the planes l and m, +Inf when they
// are equal.
func (l *Luma) PSNR(m *Luma) (float64, error) {
	if err := sameSize(l, m); err != nil {
		return 0, fmt.Errorf("PSNR: %w", err)
	}
	var sum float64
	for i, y := range l.Y {
		d := y - m.Y[i]
		sum += d * d
	}
	if sum == 0 {
		return math.Inf(1), nil
	}
	mse := sum / float64(len(l.Y))
	return 10 * math.Log10(Peak*Peak/mse), nil
}

// gaussian returns the normalised weights of SSIM's window, as
// scipy.ndimage.gaussian_filter1d computes them: exp(−x²/2σ²) for x in
// −r..r, divided by their sum.
func gaussian() [Window]float64 {
	var w [Window]float64
	var sum float64
	for i := range w {
		x := float64(i - Window/2)
		w[i] = math.Exp(-0.5 * x * x / (Sigma * Sigma))
		sum += w[i]
	}
	for i := range w {
		w[i] /= sum
	}
	return w
}

// SSIM returns the mean SSIM of the planes l and m over every Window×Window
// window inside them (see the package doc).
func (l *Luma) SSIM(m *Luma) (float64, error) {
	if err := sameSize(l, m); err != nil {
		return 0, fmt.Errorf("SSIM: %w", err)
	}
	w, h := l.Width, l.Height
	if w < Window || h < Window {
		return 0, fmt.Errorf("SSIM: %w: %d×%d is smaller than the %d×%d window", ErrTooSmall, w, h, Window, Window)
	}
	g := gaussian()
	const r = Window / 2
	ow, oh := w-2*r, h-2*r // the window centres
	// Horizontal pass: for every row, the weighted sums of x, y, x², y², xy
	// centred on each output column.
	var hs [5][]float64
	for k := range hs {
		hs[k] = make([]float64, ow*h)
	}
	for y := range h {
		a, b := l.Y[y*w:(y+1)*w], m.Y[y*w:(y+1)*w]
		for x := range ow {
			var sa, sb, saa, sbb, sab float64
			for k, wt := range g {
				va, vb := a[x+k], b[x+k]
				sa += wt * va
				sb += wt * vb
				saa += wt * va * va
				sbb += wt * vb * vb
				sab += wt * va * vb
			}
			o := y*ow + x
			hs[0][o], hs[1][o], hs[2][o], hs[3][o], hs[4][o] = sa, sb, saa, sbb, sab
		}
	}
	c1 := (K1 * Peak) * (K1 * Peak)
	c2 := (K2 * Peak) * (K2 * Peak)
	var total float64
	for y := range oh {
		for x := range ow {
			var s [5]float64
			for k, wt := range g {
				o := (y+k)*ow + x
				for c := range s {
					s[c] += wt * hs[c][o]
				}
			}
			ux, uy := s[0], s[1]
			vx, vy, vxy := s[2]-ux*ux, s[3]-uy*uy, s[4]-ux*uy
			total += (2*ux*uy + c1) * (2*vxy + c2) / ((ux*ux + uy*uy + c1) * (vx + vy + c2))
		}
	}
	return total / float64(ow*oh), nil
}
