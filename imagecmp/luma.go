package imagecmp

import (
	"errors"
	"fmt"
	"image"
)

// ErrSize is wrapped by the errors of measures given images of different
// sizes (resize the reference with Fit first).
var ErrSize = errors.New("imagecmp: image sizes differ")

// ErrTooSmall is wrapped by the errors of measures given an empty image,
// or, for SSIM, one smaller than its window.
var ErrTooSmall = errors.New("imagecmp: image too small")

// The BT.709 luma weights, in ten-thousandths: they sum to 10000, so a
// grey pixel's luma is its grey level exactly.
const (
	weightR = 2126
	weightG = 7152
	weightB = 722
)

// Luma is the luma plane of an image: Y′ = 0.2126 R′ + 0.7152 G′ + 0.0722
// B′ of the gamma-encoded channels, 0..255, one value per pixel in row
// order (Y[y*Width+x] for the pixel x, y from the image's top-left corner).
type Luma struct {
	Width, Height int
	Y             []float64
}

// NewLuma returns the luma plane of img (see the package doc for the
// formula); an empty image gives an empty plane.
func NewLuma(img image.Image) *Luma {
	b := img.Bounds()
	l := &Luma{Width: b.Dx(), Height: b.Dy(), Y: make([]float64, b.Dx()*b.Dy())}
	i := 0
	switch m := img.(type) {
	case *image.RGBA:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := 0; x < b.Dx(); x++ {
				p := row[4*x : 4*x+3 : 4*x+3]
				l.Y[i] = float64(weightR*int(p[0])+weightG*int(p[1])+weightB*int(p[2])) / 10000
				i++
			}
		}
	default:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bb, _ := img.At(x, y).RGBA()
				// Dividing (not multiplying by an inexact reciprocal) gives the
				// correctly rounded quotient, equal to the 8-bit path's.
				l.Y[i] = float64(weightR*int(r)+weightG*int(g)+weightB*int(bb)) / (10000 * 257)
				i++
			}
		}
	}
	return l
}

// sameSize checks that a and b are non-empty planes of one size.
func sameSize(a, b *Luma) error {
	if a.Width != b.Width || a.Height != b.Height {
		return fmt.Errorf("%w: %d×%d and %d×%d", ErrSize, a.Width, a.Height, b.Width, b.Height)
	}
	if a.Width == 0 || a.Height == 0 {
		return fmt.Errorf("%w: %d×%d is empty", ErrTooSmall, a.Width, a.Height)
	}
	return nil
}
