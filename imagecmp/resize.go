package imagecmp

import (
	"fmt"
	"image"
	"image/draw"

	xdraw "golang.org/x/image/draw"
)

// Fit returns img resampled to exactly size (width, height) with the
// Catmull-Rom cubic of golang.org/x/image/draw, whose support widens by
// the scale factor when shrinking (so a large reference is averaged, not
// aliased); an image that already has that size is copied unchanged. The
// aspect ratio is not kept: when it differs from size's, the image is
// stretched (check the ratio first where that matters). The result's
// bounds start at (0, 0). A size with a zero or negative side gives an
// empty image.
func Fit(img image.Image, size image.Point) *image.RGBA {
	dst := image.NewRGBA(image.Rectangle{Max: image.Pt(max(size.X, 0), max(size.Y, 0))})
	if dst.Rect.Empty() {
		return dst
	}
	if img.Bounds().Size() == size {
		draw.Draw(dst, dst.Rect, img, img.Bounds().Min, draw.Src)
		return dst
	}
	xdraw.CatmullRom.Scale(dst, dst.Rect, img, img.Bounds(), xdraw.Src, nil)
	return dst
}

// Crop returns the part of img inside r, given in img's own coordinates,
// with bounds starting at (0, 0). It is an error for r to be empty or to
// reach outside img.
func Crop(img image.Image, r image.Rectangle) (*image.RGBA, error) {
	b := img.Bounds()
	if r.Empty() {
		return nil, fmt.Errorf("imagecmp: crop %v is empty", r)
	}
	if !r.In(b) {
		return nil, fmt.Errorf("imagecmp: crop %v reaches outside the image %v", r, b)
	}
	dst := image.NewRGBA(image.Rectangle{Max: r.Size()})
	draw.Draw(dst, dst.Rect, img, r.Min, draw.Src)
	return dst, nil
}
