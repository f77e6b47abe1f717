package gltf

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"strings"
)

// imageResult caches the outcome of decoding one image.
type imageResult struct {
	img *image.NRGBA
	err error
}

// Image formats this loader decodes.
const (
	formatPNG  = "image/png"
	formatJPEG = "image/jpeg"
)

// sniffImage returns the format of encoded image data from its magic
// number, or "" when it is neither PNG nor JPEG.
func sniffImage(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return formatPNG
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return formatJPEG
	}
	return ""
}

func decodeConfig(format string, r io.Reader) (image.Config, error) {
	if format == formatPNG {
		return png.DecodeConfig(r)
	}
	return jpeg.DecodeConfig(r)
}

// checkFormat compares the sniffed format with a declared media type (the
// image's mimeType or its data: URI type) and returns the format.
func checkFormat(sniffed, declared string) (string, error) {
	declared = strings.ToLower(declared)
	known := declared == formatPNG || declared == formatJPEG
	switch {
	case sniffed == "" && (known || declared == ""):
		return "", assetErr(ErrUnsupported, "", "format not recognised (only PNG and JPEG are supported)")
	case sniffed == "":
		return "", assetErr(ErrUnsupported, "", "media type %q is not supported (only PNG and JPEG)", declared)
	case known && declared != sniffed:
		return "", assetErr(ErrInvalid, "", "data is %s but declared as %s", sniffed, declared)
	}
	return sniffed, nil
}

// imageDataURI parses an image's data: URI and checks its media type.
func imageDataURI(u uriRef) error {
	switch {
	case u.mime == formatPNG || u.mime == formatJPEG:
		return nil
	case strings.HasPrefix(u.mime, "image/"):
		return assetErr(ErrUnsupported, "", "data URI media type %q (only image/png and image/jpeg)", u.mime)
	}
	return assetErr(ErrInvalid, "", "data URI media type %q is not an image type", u.mime)
}

// imageBytes returns the encoded bytes of image ii and its declared media
// type, refusing more than MaxImageBytes.
func (l *loader) imageBytes(ii int) ([]byte, string, error) {
	img := l.doc.Images[ii]
	if img.BufferView != nil {
		b, err := l.bufferViewBytes(*img.BufferView)
		if err != nil {
			return nil, "", err
		}
		if int64(len(b)) > l.lim.MaxImageBytes {
			return nil, "", limitErr("", "encoded size", int64(len(b)), l.lim.MaxImageBytes)
		}
		return b, img.MimeType, nil
	}
	u, err := parseURI(img.URI)
	if err != nil {
		return nil, "", err
	}
	if u.isData {
		if err := imageDataURI(u); err != nil {
			return nil, "", err
		}
		b, err := u.decode(l.lim.MaxImageBytes, "encoded size")
		return b, u.mime, err
	}
	b, err := readLimited(l.fsys, l.filePath(u), l.lim.MaxImageBytes, "encoded size")
	return b, img.MimeType, err
}

// decodeImage decodes image ii into an sRGB *image.NRGBA, once. Its size is
// read from the header and checked against MaxImageSide and the model's
// remaining MaxImagePixels before any pixel memory is allocated.
func (l *loader) decodeImage(ii int) (*image.NRGBA, error) {
	if r, ok := l.images[ii]; ok {
		return r.img, r.err
	}
	img, err := l.decodeImageOnce(ii)
	if err != nil {
		err = inElem(fmt.Sprintf("image %d", ii), err)
	}
	l.images[ii] = &imageResult{img, err}
	return img, err
}

func (l *loader) decodeImageOnce(ii int) (*image.NRGBA, error) {
	data, declared, err := l.imageBytes(ii)
	if err != nil {
		return nil, err
	}
	format, err := checkFormat(sniffImage(data), declared)
	if err != nil {
		return nil, err
	}
	cfg, err := decodeConfig(format, bytes.NewReader(data))
	if err != nil {
		return nil, assetErr(ErrInvalid, "", "%s header: %v", format, err)
	}
	w, h := cfg.Width, cfg.Height
	if w < 1 || h < 1 {
		return nil, assetErr(ErrInvalid, "", "size %dx%d", w, h)
	}
	if side := l.lim.MaxImageSide; w > side || h > side {
		return nil, assetErr(ErrLimit, "", "size %dx%d exceeds limit %d per side", w, h, side)
	}
	px := int64(w) * int64(h)
	if px > l.lim.MaxImagePixels-l.pixels {
		return nil, limitErr("", "decoded pixels of the model", l.pixels+px, l.lim.MaxImagePixels)
	}
	var img image.Image
	if format == formatPNG {
		img, err = png.Decode(bytes.NewReader(data))
	} else {
		img, err = jpeg.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil, assetErr(ErrInvalid, "", "%s: %v", format, err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		return nil, assetErr(ErrInvalid, "", "decoded size %v differs from header %dx%d", b.Size(), w, h)
	}
	l.pixels += px
	return toNRGBA(img), nil
}

// checkImages checks every image of the document cheaply, used or not:
// its source resolves (the file exists, the data URI decodes, the buffer
// view has data), its format matches its declared media type and its
// header parses. Unrecognised formats in images nothing draws are only
// warned about. Used images are decoded later, when their material is.
func (l *loader) checkImages() error {
	for ii, img := range l.doc.Images {
		if err := l.checkImage(ii, img.BufferView, img.URI, img.MimeType); err != nil {
			return inElem(fmt.Sprintf("image %d", ii), err)
		}
	}
	return nil
}

func (l *loader) checkImage(ii int, bv *int, uri, mime string) error {
	var r *bufio.Reader
	switch {
	case bv != nil:
		b, err := l.bufferViewBytes(*bv)
		if err != nil {
			return nil // no data (a uri-less buffer): an error only if drawn
		}
		r = bufio.NewReader(bytes.NewReader(b))
	default:
		u, err := parseURI(uri)
		if err != nil {
			return err
		}
		if u.isData {
			if err := imageDataURI(u); err != nil {
				return err
			}
			b, err := u.decode(l.lim.MaxImageBytes, "encoded size")
			if err != nil {
				return err
			}
			r, mime = bufio.NewReader(bytes.NewReader(b)), u.mime
			break
		}
		f, _, err := openRegular(l.fsys, l.filePath(u))
		if err != nil {
			return err
		}
		defer f.Close()
		r = bufio.NewReader(io.LimitReader(f, l.lim.MaxImageBytes))
	}
	head, _ := r.Peek(8)
	sniffed := sniffImage(head)
	if sniffed == "" {
		if _, err := checkFormat(sniffed, mime); err != nil {
			l.warn(fmt.Sprintf("image %d: %v; it cannot be drawn", ii, errDetail(err)))
		}
		return nil
	}
	format, err := checkFormat(sniffed, mime)
	if err != nil {
		return err
	}
	cfg, err := decodeConfig(format, r)
	if err != nil {
		return assetErr(ErrInvalid, "", "%s header: %v", format, err)
	}
	// Images over the side or pixel limits are refused when decoded,
	// before any allocation: they cost nothing here.
	if side := l.lim.MaxImageSide; cfg.Width <= side && cfg.Height <= side && int64(cfg.Width)*int64(cfg.Height) <= l.lim.MaxImagePixels {
		l.decodeBytes = min(l.decodeBytes+decodedBytes(cfg), 12*l.lim.MaxImagePixels)
	}
	return nil
}

// decodedBytes returns the memory that decoding an image of cfg takes at
// its peak: the decoder's own image (1 to 8 bytes a pixel by colour
// model: a 16-bit PNG decodes to 8) plus the 4-byte *image.NRGBA it is
// converted to. Textures are accounted at this size, not at their
// encoded size: an all-zero 8192² 16-bit PNG is a few hundred kilobytes
// on disk and 768 MiB decoded.
func decodedBytes(cfg image.Config) int64 {
	px := int64(max(cfg.Width, 0)) * int64(max(cfg.Height, 0))
	var src int64
	switch cfg.ColorModel {
	case color.GrayModel, color.AlphaModel:
		src = 1
	case color.Gray16Model, color.Alpha16Model:
		src = 2
	case color.YCbCrModel:
		src = 3
	case color.NRGBAModel:
		return 4 * px // decoded straight to *image.NRGBA
	case color.RGBAModel, color.CMYKModel:
		src = 4
	case color.RGBA64Model, color.NRGBA64Model:
		src = 8
	default:
		if _, ok := cfg.ColorModel.(color.Palette); ok {
			src = 1
		} else {
			src = 8
		}
	}
	return (src + 4) * px
}

// nrgba16 writes to px the 8-bit non-premultiplied colour of the
// premultiplied 16-bit r, g, b, a, exactly as color.NRGBAModel converts it.
func nrgba16(px []uint8, r, g, b, a uint32) {
	switch a {
	case 0xffff:
	case 0:
		r, g, b = 0, 0, 0
	default:
		r, g, b = r*0xffff/a, g*0xffff/a, b*0xffff/a
	}
	px[0], px[1], px[2], px[3] = uint8(r>>8), uint8(g>>8), uint8(b>>8), uint8(a>>8)
}

// toNRGBA converts a decoded image to *image.NRGBA with its origin at
// (0, 0), without changing the (sRGB) encoding. The pixel formats Go's PNG
// and JPEG decoders return are converted row by row; others through At,
// with the same result (color.NRGBAModel), one interface call per pixel.
func toNRGBA(img image.Image) *image.NRGBA {
	b := img.Bounds()
	if src, ok := img.(*image.NRGBA); ok && b.Min == (image.Point{}) {
		return src
	}
	w, h := b.Dx(), b.Dy()
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	var pal []color.NRGBA // a Paletted image's palette, converted once
	for y := 0; y < h; y++ {
		row := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
		switch src := img.(type) {
		case *image.RGBA:
			s := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := 0; x < 4*w; x += 4 {
				r, g, bl, a := s[x], s[x+1], s[x+2], s[x+3]
				if a != 0 && a != 255 {
					r = uint8(min(255, (uint32(r)*255+uint32(a)/2)/uint32(a)))
					g = uint8(min(255, (uint32(g)*255+uint32(a)/2)/uint32(a)))
					bl = uint8(min(255, (uint32(bl)*255+uint32(a)/2)/uint32(a)))
				}
				row[x], row[x+1], row[x+2], row[x+3] = r, g, bl, a
			}
		case *image.YCbCr:
			for x := 0; x < w; x++ {
				yi := src.YOffset(b.Min.X+x, b.Min.Y+y)
				ci := src.COffset(b.Min.X+x, b.Min.Y+y)
				r, g, bl := color.YCbCrToRGB(src.Y[yi], src.Cb[ci], src.Cr[ci])
				row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = r, g, bl, 255
			}
		case *image.Gray:
			s := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := 0; x < w; x++ {
				row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = s[x], s[x], s[x], 255
			}
		case *image.NRGBA64: // 16-bit RGBA PNGs
			s := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := 0; x < w; x++ {
				p := s[8*x : 8*x+8]
				a := uint32(p[6])<<8 | uint32(p[7])
				// color.NRGBA64.RGBA's premultiplication, then nrgba16's.
				r := (uint32(p[0])<<8 | uint32(p[1])) * a / 0xffff
				g := (uint32(p[2])<<8 | uint32(p[3])) * a / 0xffff
				bl := (uint32(p[4])<<8 | uint32(p[5])) * a / 0xffff
				nrgba16(row[4*x:4*x+4], r, g, bl, a)
			}
		case *image.RGBA64:
			s := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := 0; x < w; x++ {
				p := s[8*x : 8*x+8]
				nrgba16(row[4*x:4*x+4], uint32(p[0])<<8|uint32(p[1]), uint32(p[2])<<8|uint32(p[3]),
					uint32(p[4])<<8|uint32(p[5]), uint32(p[6])<<8|uint32(p[7]))
			}
		case *image.Gray16: // 16-bit grey PNGs
			s := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := 0; x < w; x++ {
				v := s[2*x] // (Y<<8|lo) >> 8
				row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = v, v, v, 255
			}
		case *image.Paletted:
			if pal == nil {
				pal = make([]color.NRGBA, len(src.Palette))
				for i, c := range src.Palette {
					pal[i] = color.NRGBAModel.Convert(c).(color.NRGBA)
				}
			}
			s := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := 0; x < w; x++ {
				var c color.NRGBA // an index beyond the palette (At would panic) is transparent black
				if int(s[x]) < len(pal) {
					c = pal[s[x]]
				}
				row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = c.R, c.G, c.B, c.A
			}
		default:
			for x := 0; x < w; x++ {
				c := color.NRGBAModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.NRGBA)
				row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = c.R, c.G, c.B, c.A
			}
		}
	}
	return dst
}
