package labels

import (
	"fmt"
	"image"
	"image/png"
	"io"
	"math"

	"github.com/go-gl/mathgl/mgl32"
)

// Normal maps. A normal PNG is 16-bit RGB: channel c of a pixel holds
// round((n_c·½ + ½)·65535) for the unit camera-frame normal n (OpenCV
// axes: x right, y down, z forward, so a surface facing the camera has
// n_z < 0), and (0, 0, 0) for the background (a zero normal; no unit
// vector encodes to it, since that would need n = (−1, −1, −1)). Decoding
// (v/65535·2 − 1) gives each component back to within 1/65535, far below
// float32 rounding of a rendered normal's direction at label scale.

// NormalValue returns the 16-bit value of one normal component in [−1, 1]
// (clamped; NaN reads as 0, the component of the background).
func NormalValue(c float32) uint16 {
	if c != c {
		return 0
	}
	v := math.Round((float64(c)*0.5 + 0.5) * math.MaxUint16)
	return uint16(max(0, min(math.MaxUint16, v)))
}

// NormalComponent is NormalValue's inverse: v/65535·2 − 1.
func NormalComponent(v uint16) float32 {
	return float32(float64(v)/math.MaxUint16*2 - 1)
}

// EncodeNormalPNG writes a row-major width×height map of camera-frame
// normals (as render.Frame.Normals; zero for background) as a 16-bit RGB
// PNG in the encoding above.
func (e *Encoder) EncodeNormalPNG(w io.Writer, normals []mgl32.Vec3, width, height int) error {
	if err := checkMap("normal png", len(normals), width, height); err != nil {
		return err
	}
	err := e.writePNG16(w, width, height, pngRGB, func(y int, row []byte) {
		src := normals[y*width : (y+1)*width]
		row = row[:6*len(src)]
		for x, n := range src {
			p := row[6*x : 6*x+6]
			if n == (mgl32.Vec3{}) {
				clear(p)
				continue
			}
			for c := range 3 {
				v := NormalValue(n[c])
				p[2*c], p[2*c+1] = byte(v>>8), byte(v)
			}
		}
	})
	if err != nil {
		return fmt.Errorf("labels: normal png: %w", err)
	}
	return nil
}

// DecodeNormalPNG reads a normal map written by EncodeNormalPNG and
// returns the normals row-major (zero for background) with the image
// size.
func DecodeNormalPNG(r io.Reader) (normals []mgl32.Vec3, width, height int, err error) {
	_, _, ct, full, err := pngHeader(r, pngRGB)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("labels: normal png: %w", err)
	}
	m, err := png.Decode(full)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("labels: normal png: %w: %w", ErrFormat, err)
	}
	var pix []byte
	stride := 0
	switch m := m.(type) {
	case *image.RGBA64:
		pix, stride = m.Pix, m.Stride
	case *image.NRGBA64:
		pix, stride = m.Pix, m.Stride
	default:
		return nil, 0, 0, fmt.Errorf("labels: normal png: %w: colour type %d decoded as %T", ErrFormat, ct, m)
	}
	b := m.Bounds()
	width, height = b.Dx(), b.Dy()
	normals = make([]mgl32.Vec3, width*height)
	for y := range height {
		row := pix[y*stride : y*stride+8*width]
		for x := range width {
			p := row[8*x : 8*x+8]
			v := [3]uint16{uint16(p[0])<<8 | uint16(p[1]), uint16(p[2])<<8 | uint16(p[3]), uint16(p[4])<<8 | uint16(p[5])}
			if v == [3]uint16{} {
				continue
			}
			normals[y*width+x] = mgl32.Vec3{NormalComponent(v[0]), NormalComponent(v[1]), NormalComponent(v[2])}
		}
	}
	return normals, width, height, nil
}
