package imagecmp_test

import (
	"fmt"
	"image"
	"image/color"

	"github.com/synthkit/synthkit/imagecmp"
)

// grey returns a w×h image of grey level v.
func grey(w, h int, v uint8) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = v
	}
	return img
}

// A flat image against the same image 5 codes brighter: PSNR is
// 20·log10(255/5), and SSIM is the closed form of two constants.
func ExampleCompare() {
	s, err := imagecmp.Compare(grey(32, 24, 100), grey(32, 24, 105))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("PSNR %.2f dB, SSIM %.5f\n", s.PSNR, s.SSIM)
	same, _ := imagecmp.Compare(grey(32, 24, 100), grey(32, 24, 100))
	fmt.Println("identical:", same.PSNR, same.SSIM)
	// Output:
	// PSNR 34.15 dB, SSIM 0.99881
	// identical: +Inf 1
}

// A reference of another size is resampled to the render's size first;
// without that the measures refuse the pair.
func ExampleFit() {
	render := grey(64, 48, 128)
	reference := grey(1000, 750, 128)
	if _, err := imagecmp.SSIM(render, reference); err != nil {
		fmt.Println(err)
	}
	fitted := imagecmp.Fit(reference, render.Bounds().Size())
	s, _ := imagecmp.SSIM(render, fitted)
	fmt.Println(fitted.Bounds().Size(), s)
	// Output:
	// SSIM: imagecmp: image sizes differ: 64×48 and 1000×750
	// (64,48) 1
}

// Diff shows where two images differ, amplified by a gain; SideBySide
// puts render, reference and difference in one picture.
func ExampleDiff() {
	a := grey(16, 16, 50)
	b := grey(16, 16, 50)
	b.SetGray(3, 4, color.Gray{Y: 60})
	d, _ := imagecmp.Diff(a, b, 4)
	fmt.Println(d.GrayAt(3, 4).Y, d.GrayAt(0, 0).Y)
	sheet := imagecmp.SideBySide(4, a, b, d)
	fmt.Println(sheet.Bounds().Size())
	// Output:
	// 40 0
	// (56,16)
}
