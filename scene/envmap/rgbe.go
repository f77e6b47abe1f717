package envmap

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mdouchement/hdr"
	"github.com/mdouchement/hdr/codec/rgbe"
)

// Bounds on an RGBE header, which is text of unbounded length in
// principle.
const (
	maxRGBEHeaderBytes = 64 << 10
	maxRGBEHeaderLine  = 4 << 10
)

// rgbeHeader is what Decode needs of an RGBE header.
type rgbeHeader struct {
	w, h int
	xyz  bool
}

// decodeRGBE reads a Radiance RGBE or XYZE file. It parses and checks the
// header itself, then checks that the pixel data holds every scanline
// whole (the decoder it hands the data to takes a truncated last scanline
// for a complete one), all before anything is allocated for the pixels;
// the decoding of the values is github.com/mdouchement/hdr's.
func decodeRGBE(r *bufio.Reader) (int, int, []float32, error) {
	var head bytes.Buffer
	hd, err := parseRGBEHeader(io.TeeReader(r, &head))
	if err != nil {
		return 0, 0, nil, fmt.Errorf("Radiance header: %w", err)
	}
	if err := checkSize("Radiance", hd.w, hd.h); err != nil {
		return 0, 0, nil, err
	}
	// The largest valid encoding of a scanline: flat, 4 bytes a texel, or
	// run-length coded, 4 bytes of scanline header and per channel at
	// worst one count byte per texel.
	bound := int64(hd.h) * int64(4+8*hd.w)
	data, err := io.ReadAll(io.LimitReader(r, bound))
	if err != nil {
		return 0, 0, nil, fmt.Errorf("Radiance pixels: %w", err)
	}
	if err := checkRGBEScanlines(data, hd.w, hd.h); err != nil {
		return 0, 0, nil, fmt.Errorf("Radiance pixels: %w", err)
	}
	var img hdr.Image
	err = guard("Radiance", func() error {
		m, err := rgbe.Decode(io.MultiReader(&head, bytes.NewReader(data)))
		if err != nil {
			return err
		}
		var ok bool
		if img, ok = m.(hdr.Image); !ok {
			return fmt.Errorf("decoder returned a %T", m)
		}
		return nil
	})
	if err != nil {
		return 0, 0, nil, fmt.Errorf("Radiance: %w", err)
	}
	b := img.Bounds()
	if b.Dx() != hd.w || b.Dy() != hd.h {
		return 0, 0, nil, fmt.Errorf("Radiance: decoded %dx%d differs from the header's %dx%d", b.Dx(), b.Dy(), hd.w, hd.h)
	}
	if m, ok := img.(*hdr.RGB); ok && !hd.xyz && m.Stride == 3*hd.w && len(m.Pix) == 3*hd.w*hd.h {
		return hd.w, hd.h, m.Pix, nil
	}
	pix := make([]float32, 3*hd.w*hd.h)
	for y := range hd.h {
		for x := range hd.w {
			cr, cg, cb, _ := img.HDRAt(b.Min.X+x, b.Min.Y+y).HDRRGBA()
			i := 3 * (y*hd.w + x)
			pix[i], pix[i+1], pix[i+2] = float32(max(cr, 0)), float32(max(cg, 0)), float32(max(cb, 0))
		}
	}
	return hd.w, hd.h, pix, nil
}

// parseRGBEHeader reads the header lines up to and including the
// resolution line. It takes only the standard orientation, "-Y h +X w"
// (rows top to bottom, texels left to right), which is what the decoder
// reads.
func parseRGBEHeader(r io.Reader) (rgbeHeader, error) {
	var hd rgbeHeader
	lr := &io.LimitedReader{R: r, N: maxRGBEHeaderBytes}
	// Byte by byte, so that nothing past the header is consumed from r.
	line := func() (string, error) {
		var b []byte
		var one [1]byte
		for {
			if _, err := io.ReadFull(lr, one[:]); err != nil {
				if lr.N <= 0 {
					return "", fmt.Errorf("longer than %d bytes", maxRGBEHeaderBytes)
				}
				return "", errors.New("truncated")
			}
			if one[0] == '\n' {
				return strings.TrimSpace(string(b)), nil
			}
			if len(b) >= maxRGBEHeaderLine {
				return "", fmt.Errorf("a line longer than %d bytes", maxRGBEHeaderLine)
			}
			b = append(b, one[0])
		}
	}
	first := true
	for {
		l, err := line()
		if err != nil {
			return hd, err
		}
		if first && !isRGBE([]byte(l)) {
			return hd, fmt.Errorf("first line %q is not a Radiance signature", l)
		}
		first = false
		if l == "" {
			break
		}
		switch {
		case strings.HasPrefix(l, "FORMAT="):
			switch f := strings.TrimPrefix(l, "FORMAT="); f {
			case "32-bit_rle_rgbe":
			case "32-bit_rle_xyze":
				hd.xyz = true
			default:
				return hd, fmt.Errorf("FORMAT %q unsupported (want 32-bit_rle_rgbe or 32-bit_rle_xyze)", f)
			}
		case strings.HasPrefix(l, "EXPOSURE="):
			if _, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimPrefix(l, "EXPOSURE=")), 64); err != nil {
				return hd, fmt.Errorf("EXPOSURE %q is not a number", strings.TrimPrefix(l, "EXPOSURE="))
			}
		}
	}
	l, err := line()
	if err != nil {
		return hd, fmt.Errorf("resolution line: %w", err)
	}
	f := strings.Fields(l)
	if len(f) != 4 || f[0] != "-Y" || f[2] != "+X" {
		return hd, fmt.Errorf("resolution line %q unsupported (want \"-Y height +X width\")", l)
	}
	if hd.h, err = strconv.Atoi(f[1]); err != nil {
		return hd, fmt.Errorf("resolution line %q: height is not an integer", l)
	}
	if hd.w, err = strconv.Atoi(f[3]); err != nil {
		return hd, fmt.Errorf("resolution line %q: width is not an integer", l)
	}
	return hd, nil
}

// checkRGBEScanlines walks the pixel data as the decoder will, and reports
// the first scanline that is cut short or whose runs overrun it.
func checkRGBEScanlines(data []byte, w, h int) error {
	p := 0
	for y := range h {
		if len(data)-p < 4 {
			return fmt.Errorf("truncated at scanline %d of %d", y, h)
		}
		if data[p] != 2 || data[p+1] != 2 || int(data[p+2])<<8|int(data[p+3]) != w {
			// A flat scanline: 4 bytes a texel.
			if len(data)-p < 4*w {
				return fmt.Errorf("truncated at scanline %d of %d", y, h)
			}
			p += 4 * w
			continue
		}
		p += 4
		for ch := range 4 {
			for n := 0; n < w; {
				if len(data)-p < 2 {
					return fmt.Errorf("truncated at scanline %d of %d", y, h)
				}
				c := int(data[p])
				switch {
				case c > 128: // a run of c−128 copies of the next byte
					c -= 128
					p += 2
				case c == 0:
					return fmt.Errorf("scanline %d channel %d: a run of length 0", y, ch)
				default: // c literal bytes
					if len(data)-p-1 < c {
						return fmt.Errorf("truncated at scanline %d of %d", y, h)
					}
					p += 1 + c
				}
				if n+c > w {
					return fmt.Errorf("scanline %d channel %d: runs of %d texels overrun its width %d", y, ch, n+c, w)
				}
				n += c
			}
		}
	}
	return nil
}
