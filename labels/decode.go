package labels

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"

	"github.com/synthkit/synthkit/scene"
)

// ErrFormat is wrapped by the decoders' errors about input that is not a
// label map of the expected form.
var ErrFormat = errors.New("not a label map")

// pngHeader reads a PNG's signature and IHDR chunk from r, checks that the
// image is a non-interlaced 16-bit image of one of the allowed colour
// types and within scene.DefaultLimits' image size, and returns its size,
// colour type and a reader that replays the whole stream for image/png.
// Checking first means a hostile header cannot make the decoder allocate
// an image of any size.
func pngHeader(r io.Reader, colorTypes ...byte) (w, h int, colorType byte, full io.Reader, err error) {
	var hdr [8 + 8 + 13]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return 0, 0, 0, nil, fmt.Errorf("%w: reading the PNG header: %w", ErrFormat, err)
	}
	if string(hdr[:8]) != pngSignature || binary.BigEndian.Uint32(hdr[8:12]) != 13 || string(hdr[12:16]) != "IHDR" {
		return 0, 0, 0, nil, fmt.Errorf("%w: not a PNG", ErrFormat)
	}
	ihdr := hdr[16:]
	w64, h64 := binary.BigEndian.Uint32(ihdr[0:4]), binary.BigEndian.Uint32(ihdr[4:8])
	depth, colorType, interlace := ihdr[8], ihdr[9], ihdr[12]
	lim := scene.DefaultLimits()
	if w64 == 0 || h64 == 0 || w64 > uint32(lim.MaxImageSide) || h64 > uint32(lim.MaxImageSide) || uint64(w64)*uint64(h64) > uint64(lim.MaxPixels) {
		return 0, 0, 0, nil, fmt.Errorf("%w: PNG size %dx%d is empty or beyond the limit (%d per side, %d pixels)", ErrFormat, w64, h64, lim.MaxImageSide, lim.MaxPixels)
	}
	if depth != 16 || interlace != 0 || bytes.IndexByte(colorTypes, colorType) < 0 {
		return 0, 0, 0, nil, fmt.Errorf("%w: PNG of bit depth %d, colour type %d, interlace %d; want 16-bit, colour type in %v, not interlaced", ErrFormat, depth, colorType, interlace, colorTypes)
	}
	return int(w64), int(h64), colorType, io.MultiReader(bytes.NewReader(hdr[:]), r), nil
}

// decodeGray16 decodes a 16-bit grayscale PNG.
func decodeGray16(r io.Reader) (*image.Gray16, error) {
	_, _, _, full, err := pngHeader(r, pngGray)
	if err != nil {
		return nil, err
	}
	m, err := png.Decode(full)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFormat, err)
	}
	g, ok := m.(*image.Gray16)
	if !ok {
		return nil, fmt.Errorf("%w: decoded a %T, want 16-bit grayscale", ErrFormat, m)
	}
	return g, nil
}

// gray16Values returns the samples of g row-major.
func gray16Values[T uint16 | uint32](g *image.Gray16, out []T) {
	b := g.Bounds()
	w := b.Dx()
	for y := 0; y < b.Dy(); y++ {
		row := g.Pix[y*g.Stride : y*g.Stride+2*w]
		dst := out[y*w : (y+1)*w]
		for x := range dst {
			dst[x] = T(row[2*x])<<8 | T(row[2*x+1])
		}
	}
}

// DecodeGray16PNG reads a 16-bit grayscale PNG (such as a class map written
// by EncodeGray16PNG) and returns its values row-major with its size.
func DecodeGray16PNG(r io.Reader) (pix []uint16, width, height int, err error) {
	g, err := decodeGray16(r)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("labels: gray16 png: %w", err)
	}
	width, height = g.Bounds().Dx(), g.Bounds().Dy()
	pix = make([]uint16, width*height)
	gray16Values(g, pix)
	return pix, width, height, nil
}

// DecodeDepthPNG reads a depth PNG written by EncodeDepthPNG and returns
// the depth in metres (millimetres / 1000, rounded to float32; 0 for the
// background) row-major with its size.
func DecodeDepthPNG(r io.Reader) (depth []float32, width, height int, err error) {
	g, err := decodeGray16(r)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("labels: depth png: %w", err)
	}
	width, height = g.Bounds().Dx(), g.Bounds().Dy()
	mm := make([]uint16, width*height)
	gray16Values(g, mm)
	depth = make([]float32, len(mm))
	for i, v := range mm {
		depth[i] = float32(float64(v) / 1000)
	}
	return depth, width, height, nil
}

// DecodeDepthFloat32 reads depth written by EncodeDepthFloat32: raw
// little-endian float32 values. It returns an error when len(b) is not a
// multiple of 4.
func DecodeDepthFloat32(b []byte) ([]float32, error) {
	if len(b)%4 != 0 {
		return nil, fmt.Errorf("labels: depth float32: %w: %d bytes is not a multiple of 4", ErrFormat, len(b))
	}
	out := make([]float32, len(b)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out, nil
}

// DecodeInstancePNG reads an instance map written by EncodeInstancePNG, in
// either form (16-bit grayscale, or 16-bit RGB with id = R<<16 | G and
// B = 0), and returns the ids row-major with the image size.
func DecodeInstancePNG(r io.Reader) (ids []uint32, width, height int, err error) {
	_, _, ct, full, err := pngHeader(r, pngGray, pngRGB)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("labels: instance png: %w", err)
	}
	m, err := png.Decode(full)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("labels: instance png: %w: %w", ErrFormat, err)
	}
	b := m.Bounds()
	width, height = b.Dx(), b.Dy()
	ids = make([]uint32, width*height)
	var pix []byte
	stride := 0
	switch m := m.(type) {
	case *image.Gray16:
		gray16Values(m, ids)
		return ids, width, height, nil
	case *image.RGBA64:
		pix, stride = m.Pix, m.Stride
	case *image.NRGBA64:
		pix, stride = m.Pix, m.Stride
	default:
		return nil, 0, 0, fmt.Errorf("labels: instance png: %w: colour type %d decoded as %T", ErrFormat, ct, m)
	}
	for y := 0; y < height; y++ {
		row := pix[y*stride : y*stride+8*width]
		for x := 0; x < width; x++ {
			p := row[8*x : 8*x+8]
			if p[4] != 0 || p[5] != 0 || p[6] != 0xff || p[7] != 0xff {
				return nil, 0, 0, fmt.Errorf("labels: instance png: %w: pixel (%d, %d) has B = %d, alpha %d; want B = 0, opaque",
					ErrFormat, x, y, int(p[4])<<8|int(p[5]), int(p[6])<<8|int(p[7]))
			}
			ids[y*width+x] = uint32(p[0])<<24 | uint32(p[1])<<16 | uint32(p[2])<<8 | uint32(p[3])
		}
	}
	return ids, width, height, nil
}
