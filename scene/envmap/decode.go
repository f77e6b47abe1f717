package envmap

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/synthkit/synthkit/scene"
)

// Limits on decoded maps.
const (
	// DefaultMaxHeight is the height a decoded map is reduced to when the
	// caller's maxHeight is zero or negative: a 2048×1024 map, 25 MB of
	// float32, ample for diffuse and glossy lighting.
	DefaultMaxHeight = 1024
	// MaxSourceHeight is the tallest map a file may hold (its width is
	// twice that): 8192×4096, whose decoded float32 texels take 400 MB.
	// Taller files are refused before anything is allocated for them.
	MaxSourceHeight = scene.MaxEnvironmentHeight
	// MaxInputBytes bounds the bytes Decode reads: a 16-bit RGBA PNG of
	// the largest size, uncompressed, fits with room to spare. Longer
	// input is refused.
	MaxInputBytes = 512 << 20
)

// Magic numbers of the formats Decode reads.
var (
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
	jpegMagic = []byte{0xff, 0xd8, 0xff}
	rgbeMagic = [][]byte{[]byte("#?RADIANCE"), []byte("#?RGBE"), []byte("#?AUTOPANO")}
)

// Load reads the environment map in the file at path, as Decode does,
// naming it by the file's base name.
func Load(path string, maxHeight int) (*scene.Environment, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("envmap %q: %w", name, err)
	}
	defer f.Close()
	return Decode(f, name, maxHeight)
}

// Decode reads an equirectangular environment map from r: a Radiance
// RGBE (.hdr) file, a PNG or a JPEG, told apart by their first bytes.
// name names the map in errors and becomes the Environment's Name.
//
// The map must be twice as wide as it is tall and at most
// MaxSourceHeight tall; at most MaxInputBytes are read. A map taller
// than maxHeight (DefaultMaxHeight when maxHeight ≤ 0; at most
// scene.MaxEnvironmentHeight) is reduced to that height by a box filter
// (see Downsample). RGBE values are linear radiance as stored,
// mantissa·2^(exponent−136), divided by the file's EXPOSURE (the
// decoder honours the last EXPOSURE line, where Radiance would multiply
// them all, and ignores one outside [1e-12, 1e12]) (XYZE files are converted to linear sRGB, negative
// components of colours outside its gamut clamped to 0); PNG and JPEG
// values are sRGB codes converted to linear light by the exact sRGB
// transfer function (IEC 61966-2-1), alpha ignored. A value that is not
// finite is an error. The result has Intensity 1 and Rotation 0 and
// passes scene.Environment.Validate.
func Decode(r io.Reader, name string, maxHeight int) (*scene.Environment, error) {
	env, err := decode(r, name, maxHeight)
	if err != nil {
		return nil, fmt.Errorf("envmap %q: %w", name, err)
	}
	return env, nil
}

// limitedReader reads at most n bytes and then fails with errTooLong,
// remembering that it did.
type limitedReader struct {
	r   io.Reader
	n   int64
	hit bool
}

var errTooLong = fmt.Errorf("input longer than %d bytes", MaxInputBytes)

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		// Tell a reader that has exactly reached the limit from one that
		// goes on.
		var one [1]byte
		if k, _ := l.r.Read(one[:]); k > 0 {
			l.hit = true
			return 0, errTooLong
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	k, err := l.r.Read(p)
	l.n -= int64(k)
	return k, err
}

func decode(r io.Reader, name string, maxHeight int) (env *scene.Environment, err error) {
	if maxHeight <= 0 {
		maxHeight = DefaultMaxHeight
	}
	maxHeight = min(max(maxHeight, scene.MinEnvironmentHeight), scene.MaxEnvironmentHeight)
	lr := &limitedReader{r: r, n: MaxInputBytes}
	br := bufio.NewReaderSize(lr, 64<<10)
	head, _ := br.Peek(16)
	defer func() {
		if lr.hit {
			env, err = nil, errTooLong
		}
	}()
	var w, h int
	var pix []float32
	switch {
	case bytes.HasPrefix(head, pngMagic):
		w, h, pix, err = decodeImage(br, "PNG", png.DecodeConfig, png.Decode)
	case bytes.HasPrefix(head, jpegMagic):
		w, h, pix, err = decodeImage(br, "JPEG", jpeg.DecodeConfig, jpeg.Decode)
	case isRGBE(head):
		w, h, pix, err = decodeRGBE(br)
	default:
		if len(head) == 0 {
			return nil, errors.New("empty input (want Radiance .hdr, PNG or JPEG)")
		}
		return nil, errors.New("unknown format (want Radiance .hdr, PNG or JPEG)")
	}
	if err != nil {
		return nil, err
	}
	if h > maxHeight {
		pix = downsample(pix, w, h, maxHeight)
		w, h = 2*maxHeight, maxHeight
	}
	for i, v := range pix {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return nil, fmt.Errorf("texel (%d, %d) channel %d: radiance %v is not finite", i/3%w, i/3/w, i%3, v)
		}
	}
	env = &scene.Environment{Name: name, Width: w, Height: h, Radiance: pix, Intensity: 1}
	if err := env.Validate(); err != nil {
		return nil, err
	}
	return env, nil
}

func isRGBE(head []byte) bool {
	for _, m := range rgbeMagic {
		if bytes.HasPrefix(head, m) {
			return true
		}
	}
	return false
}

// checkSize reports a size that is not a map Decode takes.
func checkSize(format string, w, h int) error {
	switch {
	case w <= 0 || h <= 0:
		return fmt.Errorf("%s size %dx%d is empty", format, w, h)
	case h > MaxSourceHeight || w > 2*MaxSourceHeight:
		return fmt.Errorf("%s size %dx%d exceeds the limit of %dx%d", format, w, h, 2*MaxSourceHeight, MaxSourceHeight)
	case w != 2*h:
		return fmt.Errorf("%s size %dx%d is not an equirectangular map (width must be twice the height)", format, w, h)
	case h < scene.MinEnvironmentHeight:
		return fmt.Errorf("%s size %dx%d is below the minimum height %d", format, w, h, scene.MinEnvironmentHeight)
	}
	return nil
}

// guard runs f, turning a panic in it (a third-party decoder meeting input
// it did not expect) into an error.
func guard(what string, f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s decoder failed: %v", what, p)
		}
	}()
	return f()
}

// decodeImage reads a PNG or JPEG: the configuration first, checked, then
// the pixels, converted from sRGB to linear.
func decodeImage(r io.Reader, format string, config func(io.Reader) (image.Config, error), dec func(io.Reader) (image.Image, error)) (int, int, []float32, error) {
	var head bytes.Buffer
	var cfg image.Config
	err := guard(format, func() (err error) {
		cfg, err = config(io.TeeReader(r, &head))
		return err
	})
	if err != nil {
		return 0, 0, nil, fmt.Errorf("%s header: %w", format, err)
	}
	if err := checkSize(format, cfg.Width, cfg.Height); err != nil {
		return 0, 0, nil, err
	}
	var img image.Image
	err = guard(format, func() (err error) {
		img, err = dec(io.MultiReader(&head, r))
		return err
	})
	if err != nil {
		return 0, 0, nil, fmt.Errorf("%s: %w", format, err)
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w != cfg.Width || h != cfg.Height {
		return 0, 0, nil, fmt.Errorf("%s: decoded %dx%d differs from the header's %dx%d", format, w, h, cfg.Width, cfg.Height)
	}
	return w, h, srgbToLinear(img), nil
}

// srgbToLinear converts an sRGB-encoded image to linear RGB triples.
// Every code is taken at 16 bits (8-bit codes c as c·257, which divided by
// 65535 is exactly c/255), so one table serves all depths.
func srgbToLinear(img image.Image) []float32 {
	lut := make([]float32, 1<<16)
	for c := range lut {
		v := float64(c) / 65535
		if v <= 0.04045 {
			lut[c] = float32(v / 12.92)
		} else {
			lut[c] = float32(math.Pow((v+0.055)/1.055, 2.4))
		}
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	pix := make([]float32, 3*w*h)
	put := func(i int, r, g, bl uint16) {
		pix[i], pix[i+1], pix[i+2] = lut[r], lut[g], lut[bl]
	}
	for y := range h {
		for x := range w {
			i := 3 * (y*w + x)
			px, py := b.Min.X+x, b.Min.Y+y
			switch m := img.(type) {
			case *image.NRGBA:
				o := m.PixOffset(px, py)
				put(i, uint16(m.Pix[o])*257, uint16(m.Pix[o+1])*257, uint16(m.Pix[o+2])*257)
			case *image.NRGBA64:
				o := m.PixOffset(px, py)
				p := m.Pix[o : o+6]
				put(i, uint16(p[0])<<8|uint16(p[1]), uint16(p[2])<<8|uint16(p[3]), uint16(p[4])<<8|uint16(p[5]))
			default:
				c := color.NRGBA64Model.Convert(img.At(px, py)).(color.NRGBA64)
				put(i, c.R, c.G, c.B)
			}
		}
	}
	return pix
}
