package cli

import (
	"errors"
	"fmt"
	"image"
	_ "image/gif" // references may be GIFs (Khronos screenshots)
	_ "image/jpeg"
	"image/png"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/synthkit/synthkit/imagecmp"
)

// maxComparePixels bounds the size of an image compare decodes (read from
// its header first): 2^28 pixels, 1 GiB as RGBA.
const maxComparePixels = 1 << 28

// newCompareCmd is `synth compare RENDER REFERENCE`.
func newCompareCmd() *cobra.Command {
	var (
		fit    bool
		crop   string
		output string
		gain   float64
	)
	cmd := &cobra.Command{
		Use:   "compare RENDER REFERENCE",
		Short: "PSNR and SSIM of a render against a reference image, on luma",
		Long: `Compare prints PSNR (dB, peak 255) and SSIM of RENDER against REFERENCE
(PNG, JPEG or GIF), both computed on BT.709 luma of the 8-bit encoded
values, Y′ = 0.2126 R′ + 0.7152 G′ + 0.0722 B′ (transparent pixels over
black). SSIM is Wang et al. 2004 with an 11×11 Gaussian window of σ = 1.5,
K1 = 0.01, K2 = 0.03, averaged over the windows inside the image: the
number scikit-image's structural_similarity(gaussian_weights=True,
sigma=1.5, use_sample_covariance=False, data_range=255) gives for the same
luma planes. PSNR is +Inf and SSIM 1 for identical images; higher is
closer.

The images must have one size, unless --fit resamples the reference to the
render's size (Catmull-Rom, golang.org/x/image/draw; stretched when the
aspect ratios differ, with a note on stderr). --crop X,Y,W,H measures only
that box, in the render's pixels, of both images (after --fit). -o writes a
PNG of render | reference | luma difference × --gain, as compared.`,
		Example: `  synth compare render.png reference.png
  synth compare render.png screenshot.jpg --fit -o side-by-side.png
  synth compare render.png pathtraced.png --crop 40,20,160,200`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if gain <= 0 || math.IsNaN(gain) || math.IsInf(gain, 0) {
				return fmt.Errorf("compare: --gain %v: want a positive number", gain)
			}
			box, err := parseCrop(crop)
			if err != nil {
				return fmt.Errorf("compare: %w", err)
			}
			render, err := readImage("render", args[0])
			if err != nil {
				return fmt.Errorf("compare: %w", err)
			}
			ref, err := readImage("reference", args[1])
			if err != nil {
				return fmt.Errorf("compare: %w", err)
			}
			rs, fs := render.Bounds().Size(), ref.Bounds().Size()
			note := ""
			if rs != fs {
				if !fit {
					return fmt.Errorf("compare: render %s is %d×%d, reference %s is %d×%d: pass --fit to resample the reference to the render's size", args[0], rs.X, rs.Y, args[1], fs.X, fs.Y)
				}
				if a, b := float64(rs.X)/float64(rs.Y), float64(fs.X)/float64(fs.Y); math.Abs(a/b-1) > 0.01 {
					fmt.Fprintf(cmd.ErrOrStderr(), "compare: note: aspect ratios differ (render %.3f, reference %.3f): the reference is stretched\n", a, b)
				}
				ref = imagecmp.Fit(ref, rs)
				note = fmt.Sprintf(" (reference %d×%d fitted)", fs.X, fs.Y)
			}
			if box != nil {
				if render, err = imagecmp.Crop(render, box.Add(render.Bounds().Min)); err != nil {
					return fmt.Errorf("compare: --crop %s on the %d×%d render: %w", crop, rs.X, rs.Y, err)
				}
				if ref, err = imagecmp.Crop(ref, box.Add(ref.Bounds().Min)); err != nil {
					return fmt.Errorf("compare: --crop %s on the reference: %w", crop, err)
				}
				note += fmt.Sprintf(", crop %s (%d×%d)", crop, box.Dx(), box.Dy())
			}
			s, err := imagecmp.Compare(render, ref)
			if err != nil {
				return fmt.Errorf("compare: %w", err)
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "%d×%d%s, luma (BT.709)\n", rs.X, rs.Y, note)
			fmt.Fprintf(out, "PSNR %.3f dB\nSSIM %.5f\n", s.PSNR, s.SSIM)
			if output != "" {
				d, err := imagecmp.Diff(render, ref, gain)
				if err != nil {
					return fmt.Errorf("compare: %w", err)
				}
				if err := writeComparePNG(output, imagecmp.SideBySide(4, render, ref, d)); err != nil {
					return fmt.Errorf("compare: %w", err)
				}
				fmt.Fprintf(out, "wrote %s (render | reference | difference ×%g)\n", output, gain)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&fit, "fit", false, "resample the reference to the render's size when they differ")
	fl.StringVar(&crop, "crop", "", "measure only the box `X,Y,W,H` (render pixels, after --fit)")
	fl.StringVarP(&output, "output", "o", "", "write render | reference | difference side by side to this PNG")
	fl.Float64Var(&gain, "gain", 4, "multiply the luma difference by this in the -o image")
	return cmd
}

// parseCrop parses "X,Y,W,H" in pixels; "" is no crop.
func parseCrop(s string) (*image.Rectangle, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return nil, fmt.Errorf("--crop %q: want X,Y,W,H in pixels", s)
	}
	var v [4]int
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return nil, fmt.Errorf("--crop %q: want X,Y,W,H in pixels: %w", s, err)
		}
		v[i] = n
	}
	if v[2] <= 0 || v[3] <= 0 {
		return nil, fmt.Errorf("--crop %q: width and height must be positive", s)
	}
	r := image.Rect(v[0], v[1], v[0]+v[2], v[1]+v[3])
	return &r, nil
}

// readImage decodes the PNG, JPEG or GIF file name (what says which of the
// two it is, for errors), refusing one larger than maxComparePixels from
// its header.
func readImage(what, name string) (image.Image, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer f.Close()
	cfg, format, err := image.DecodeConfig(f)
	if err != nil {
		if errors.Is(err, image.ErrFormat) {
			return nil, fmt.Errorf("%s %s: not a PNG, JPEG or GIF image", what, name)
		}
		return nil, fmt.Errorf("%s %s: decoding: %w", what, name, err)
	}
	if int64(cfg.Width)*int64(cfg.Height) > maxComparePixels {
		return nil, fmt.Errorf("%s %s: %d×%d exceeds %d pixels", what, name, cfg.Width, cfg.Height, maxComparePixels)
	}
	if _, err := f.Seek(0, 0); err != nil {
		return nil, fmt.Errorf("%s %s: %w", what, name, err)
	}
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s %s: decoding %s: %w", what, name, format, err)
	}
	if img.Bounds().Empty() {
		return nil, fmt.Errorf("%s %s: empty image", what, name)
	}
	return img, nil
}

// writeComparePNG encodes img as PNG to name.
func writeComparePNG(name string, img image.Image) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("encoding %s: %w", name, err)
	}
	return f.Close()
}
