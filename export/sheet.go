package export

import (
	"bytes"
	"cmp"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"slices"
	"strings"

	xdraw "golang.org/x/image/draw"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/internal/colormap"
	"github.com/synthkit/synthkit/labels"
)

// SheetOptions configure ContactSheet. The zero value gives 4 columns of
// 256-pixel tiles.
type SheetOptions struct {
	// Columns is the number of samples per row of the grid; 0 means 4.
	Columns int
	// TileWidth is the width in pixels of each of a sample's two tiles
	// (colour with overlays, depth); 0 means 256. Tiles keep the aspect of
	// the first sample's image.
	TileWidth int
	// MaskAlpha is the opacity of the instance tint, in (0, 1]; 0 means
	// 0.45.
	MaskAlpha float64
}

// Layout of a sheet, in pixels.
const (
	sheetPad   = 6  // around the sheet and between cells
	tileGap    = 2  // between a sample's colour and depth tiles
	captionH   = 16 // caption strip above a cell's tiles
	maxColumns = 64
	maxTileW   = 2048
	// maxSheetPixels bounds a sheet's memory (4 bytes a pixel).
	maxSheetPixels = 64 << 20
	minTileW       = 32
)

// Sheet colours.
var (
	sheetBG   = color.RGBA{0x1e, 0x1e, 0x1e, 255}
	tileBG    = color.RGBA{0x00, 0x00, 0x00, 255}
	captionFG = color.RGBA{0xe0, 0xe0, 0xe0, 255}
	errorBG   = color.RGBA{0x5a, 0x10, 0x10, 255}
)

// ContactSheet draws samples on a grid, Columns per row, in the order
// given. Each cell has a caption (sample index, object count, depth range)
// above two tiles: the colour image with every visible annotated object
// tinted (instance mask from the instances PNG, or from the objects' RLEs
// when the dataset has no instances column), outlined, boxed and labelled
// with its category (labels that would cover another are left out, larger
// objects labelled first); and beside it the depth map: inverse depth in
// the viridis colormap, each image stretched over its own range (near
// surfaces yellow, far ones purple, background black; see colormap.Depth). Tiles are scaled to TileWidth: nearest neighbour when
// enlarging (pixels stay crisp), Catmull-Rom when shrinking; boxes and text
// are drawn after scaling so they stay sharp.
//
// A sample whose images cannot be decoded gets a dark red tile saying why
// instead of failing the whole sheet; use SampleTiles for the error.
// ContactSheet of no samples is a small empty sheet. A sheet is kept
// within 64 Mi pixels: beyond that the tiles shrink (down to 32 pixels
// wide) and then the last samples are left out.
func ContactSheet(samples []*dataset.Sample, opts SheetOptions) image.Image {
	aspect := 0.75
	for _, s := range samples {
		if w, h, err := imageSize(s.Image); err == nil && w > 0 {
			aspect = float64(h) / float64(w)
			break
		}
	}
	l := newSheetLayout(len(samples), aspect, opts)
	sheet := image.NewRGBA(image.Rect(0, 0, l.width(), l.height()))
	fill(sheet, sheet.Bounds(), sheetBG)
	for i, s := range samples[:l.n] {
		x := sheetPad + (i%l.cols)*(l.cellW()+sheetPad)
		y := sheetPad + (i/l.cols)*(l.cellH()+sheetPad)
		drawCell(sheet, image.Pt(x, y), l.tw, l.th, s, opts)
	}
	return sheet
}

// sheetLayout is the grid of a contact sheet.
type sheetLayout struct {
	n, cols, rows int // samples drawn, grid size
	tw, th        int // tile size
}

func (l sheetLayout) cellW() int  { return 2*l.tw + tileGap }
func (l sheetLayout) cellH() int  { return captionH + l.th }
func (l sheetLayout) width() int  { return sheetPad + l.cols*(l.cellW()+sheetPad) }
func (l sheetLayout) height() int { return sheetPad + l.rows*(l.cellH()+sheetPad) }

// newSheetLayout lays out n samples whose images have the given aspect
// (height / width): the options' columns and tile width, with the tiles
// shrunk and then the last samples left out to stay within maxSheetPixels.
func newSheetLayout(n int, aspect float64, opts SheetOptions) sheetLayout {
	l := sheetLayout{n: n, cols: opts.Columns, tw: opts.TileWidth}
	if l.cols <= 0 {
		l.cols = 4
	}
	l.cols = min(l.cols, maxColumns, max(n, 1))
	if l.tw <= 0 {
		l.tw = 256
	}
	l.tw = min(l.tw, maxTileW)
	l.rows = (n + l.cols - 1) / l.cols
	setTile := func(tw int) {
		l.tw = tw
		l.th = max(1, int(math.Round(float64(tw)*aspect)))
	}
	setTile(l.tw)
	for l.tw > minTileW && l.width()*l.height() > maxSheetPixels {
		setTile(max(l.tw*3/4, minTileW))
	}
	if fit := max((maxSheetPixels/l.width()-sheetPad)/(l.cellH()+sheetPad), 1); l.rows > fit {
		l.rows = fit
		l.n = min(n, fit*l.cols)
	}
	return l
}

// drawCell draws one sample's caption and tiles with the top-left corner at
// p.
func drawCell(dst *image.RGBA, p image.Point, tw, th int, s *dataset.Sample, opts SheetOptions) {
	colorR := image.Rect(0, 0, tw, th).Add(p.Add(image.Pt(0, captionH)))
	depthR := colorR.Add(image.Pt(tw+tileGap, 0))
	tiles, err := SampleTiles(s, tw, th, opts)
	visible := 0
	for _, o := range s.Objects {
		if o.Area > 0 {
			visible++
		}
	}
	caption := fmt.Sprintf("#%d  %d objects", s.Index, visible)
	if err != nil {
		caption = fmt.Sprintf("#%d", s.Index)
	}
	drawText(dst, p.X+1, p.Y+1, captionFG, caption)
	if err != nil {
		fill(dst, colorR.Union(depthR), errorBG)
		drawWrapped(dst, colorR.Union(depthR).Inset(4), captionFG, err.Error())
		return
	}
	draw.Draw(dst, colorR, tiles.Color, image.Point{}, draw.Src)
	draw.Draw(dst, depthR, tiles.Depth, image.Point{}, draw.Src)
	if tiles.DepthRange != "" {
		drawText(dst, depthR.Max.X-textWidth(tiles.DepthRange)-1, p.Y+1, captionFG, tiles.DepthRange)
	}
}

// drawWrapped draws s in r, wrapped at r's width, as many lines as fit.
func drawWrapped(dst *image.RGBA, r image.Rectangle, c color.Color, s string) {
	per := max(r.Dx()/glyphW, 1)
	y := r.Min.Y
	for len(s) > 0 && y+lineH <= r.Max.Y {
		n := min(per, len(s))
		if n < len(s) {
			if k := strings.LastIndexByte(s[:n], ' '); k > 0 {
				n = k + 1
			}
		}
		drawText(dst, r.Min.X, y, c, s[:n])
		s = s[n:]
		y += lineH
	}
}

// Tiles are the two pictures of one sample on a contact sheet.
type Tiles struct {
	Color      *image.RGBA // colour image with masks, boxes and labels
	Depth      *image.RGBA // depth colormap; a grey tile saying "no depth" without the depth column
	DepthRange string      // "0.62-2.10 m", "" without depth
}

// SampleTiles renders the two tiles of one sample at tw×th pixels (see
// ContactSheet). It returns an error when the colour image, the instances
// PNG, an object's RLE or the depth PNG cannot be decoded.
func SampleTiles(s *dataset.Sample, tw, th int, opts SheetOptions) (Tiles, error) {
	if tw <= 0 || th <= 0 {
		return Tiles{}, fmt.Errorf("tile size %d×%d is empty", tw, th)
	}
	alpha := opts.MaskAlpha
	if !(alpha > 0 && alpha <= 1) {
		alpha = 0.45
	}
	src, _, err := image.Decode(bytes.NewReader(s.Image))
	if err != nil {
		return Tiles{}, fmt.Errorf("colour image: %w", err)
	}
	full := image.NewRGBA(image.Rect(0, 0, src.Bounds().Dx(), src.Bounds().Dy()))
	draw.Draw(full, full.Bounds(), src, src.Bounds().Min, draw.Src)
	w, h := full.Bounds().Dx(), full.Bounds().Dy()
	ids, err := instanceIDs(s, w, h)
	if err != nil {
		return Tiles{}, err
	}
	tint(full, ids, s.Objects, alpha)

	t := Tiles{Color: image.NewRGBA(image.Rect(0, 0, tw, th)), Depth: image.NewRGBA(image.Rect(0, 0, tw, th))}
	fit := fitRect(w, h, tw, th)
	fill(t.Color, t.Color.Bounds(), tileBG)
	scaleInto(t.Color, fit, full)
	sx, sy := float64(fit.Dx())/float64(w), float64(fit.Dy())/float64(h)
	thick := 1
	if sx >= 2.5 {
		thick = 2
	}
	// Boxes first, then labels on top of them: larger objects first, each
	// above its box, else inside its top, else below it, and left out
	// where every place would cover a label already drawn.
	type boxed struct {
		r    image.Rectangle
		c    color.RGBA
		o    *dataset.Object
		area int64
	}
	var bs []boxed
	for i := range s.Objects {
		o := &s.Objects[i]
		if o.Area == 0 {
			continue
		}
		b := o.BBox
		r := image.Rect(
			fit.Min.X+int(math.Floor(b[0]*sx)), fit.Min.Y+int(math.Floor(b[1]*sy)),
			fit.Min.X+int(math.Ceil((b[0]+b[2])*sx)), fit.Min.Y+int(math.Ceil((b[1]+b[3])*sy)))
		bs = append(bs, boxed{r, colormap.Instance(o.ID), o, o.Area})
		strokeRect(t.Color, r, thick, bs[len(bs)-1].c)
	}
	slices.SortStableFunc(bs, func(a, b boxed) int { return cmp.Compare(b.area, a.area) })
	// Labels may cover at most a fifth of the tile, so that dense scenes
	// (a shelf of 200 products) stay visible under their captions.
	var placed []image.Rectangle
	budget := fit.Dx() * fit.Dy() / 5
	for _, b := range bs {
		for _, y := range []int{b.r.Min.Y - labelH, b.r.Min.Y + thick, b.r.Max.Y} {
			lr := labelRect(fit, b.r.Min.X, y, b.o.Category)
			if a := lr.Dx() * lr.Dy(); a <= budget && !slices.ContainsFunc(placed, lr.Overlaps) {
				drawLabel(t.Color, lr, b.c, b.o.Category)
				placed = append(placed, lr)
				budget -= a
				break
			}
		}
	}

	fill(t.Depth, t.Depth.Bounds(), tileBG)
	if s.Depth == nil {
		drawText(t.Depth, 4, 4, captionFG, "no depth")
		return t, nil
	}
	depth, dw, dh, err := labels.DecodeDepthPNG(bytes.NewReader(s.Depth))
	if err != nil {
		return Tiles{}, fmt.Errorf("depth: %w", err)
	}
	dimg, lo, hi := colormap.Depth(depth, dw, dh, tileBG)
	scaleInto(t.Depth, fitRect(dw, dh, tw, th), dimg)
	if hi > 0 {
		t.DepthRange = fmt.Sprintf("%.2f-%.2f m", lo, hi)
	} else {
		t.DepthRange = "empty"
	}
	return t, nil
}

// instanceIDs returns the instance map of a w×h sample: decoded from the
// instances PNG, or painted from the objects' RLEs without it; nil when
// the sample has neither.
func instanceIDs(s *dataset.Sample, w, h int) ([]uint32, error) {
	if s.Instances != nil {
		ids, iw, ih, err := labels.DecodeInstancePNG(bytes.NewReader(s.Instances))
		if err != nil {
			return nil, fmt.Errorf("instances: %w", err)
		}
		if iw != w || ih != h {
			return nil, fmt.Errorf("instances: %d×%d map for a %d×%d image", iw, ih, w, h)
		}
		return ids, nil
	}
	if len(s.Objects) == 0 {
		return nil, nil
	}
	ids := make([]uint32, w*h)
	for _, o := range s.Objects {
		rle, err := labels.ParseRLE(h, w, o.RLE)
		if err != nil {
			return nil, fmt.Errorf("object %d mask: %w", o.ID, err)
		}
		for i, v := range rle.Decode() {
			if v != 0 {
				ids[i] = o.ID
			}
		}
	}
	return ids, nil
}

// tint blends the colour of every annotated object over its pixels with
// opacity alpha and paints its outline (pixels with a 4-neighbour of
// another id) solid. Context objects (ids without an Object) stay as they
// are.
func tint(img *image.RGBA, ids []uint32, objs []dataset.Object, alpha float64) {
	if ids == nil {
		return
	}
	cols := make(map[uint32]color.RGBA, len(objs))
	for _, o := range objs {
		cols[o.ID] = colormap.Instance(o.ID)
	}
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	a := uint32(alpha*256 + 0.5)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			id := ids[y*w+x]
			c, ok := cols[id]
			if !ok {
				continue
			}
			px := img.Pix[y*img.Stride+4*x : y*img.Stride+4*x+3]
			edge := x == 0 || y == 0 || x == w-1 || y == h-1 ||
				ids[y*w+x-1] != id || ids[y*w+x+1] != id || ids[(y-1)*w+x] != id || ids[(y+1)*w+x] != id
			if edge {
				px[0], px[1], px[2] = c.R, c.G, c.B
				continue
			}
			px[0] = uint8((uint32(px[0])*(256-a) + uint32(c.R)*a) >> 8)
			px[1] = uint8((uint32(px[1])*(256-a) + uint32(c.G)*a) >> 8)
			px[2] = uint8((uint32(px[2])*(256-a) + uint32(c.B)*a) >> 8)
		}
	}
}

// fitRect returns the largest rectangle of aspect w:h centred in tw×th.
func fitRect(w, h, tw, th int) image.Rectangle {
	if w <= 0 || h <= 0 {
		return image.Rect(0, 0, tw, th)
	}
	s := min(float64(tw)/float64(w), float64(th)/float64(h))
	fw, fh := max(int(math.Round(float64(w)*s)), 1), max(int(math.Round(float64(h)*s)), 1)
	x, y := (tw-fw)/2, (th-fh)/2
	return image.Rect(x, y, x+fw, y+fh)
}

// scaleInto scales src into r of dst: nearest neighbour when enlarging,
// Catmull-Rom when shrinking.
func scaleInto(dst *image.RGBA, r image.Rectangle, src image.Image) {
	var k xdraw.Scaler = xdraw.CatmullRom
	if r.Dx() >= src.Bounds().Dx() {
		k = xdraw.NearestNeighbor
	}
	k.Scale(dst, r, src, src.Bounds(), xdraw.Src, nil)
}
