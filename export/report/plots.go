package report

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Plot sizes: 6×3.5 in at vgimg's 96 dpi is 576×336 pixels.
const (
	plotW = 6 * vg.Inch
	plotH = 3.5 * vg.Inch
)

// Plot colours (seaborn's "deep" palette).
var (
	blue   = color.RGBA{0x4c, 0x72, 0xb0, 255}
	orange = color.RGBA{0xdd, 0x84, 0x52, 255}
	green  = color.RGBA{0x55, 0xa8, 0x68, 255}
	grey   = color.RGBA{0x55, 0x55, 0x55, 255}
)

// Figure is one plot of a report: its file name in the report folder, a
// title and a caption for the page, and the PNG bytes.
type Figure struct {
	File    string
	Title   string
	Caption string
	PNG     []byte
	// Retail marks the figures of the page's retail section.
	Retail bool
}

// Figures draws every plot of st.
func Figures(st *Stats) ([]Figure, error) {
	var figs []Figure
	specs := []figureSpec{
		{"categories.png", "Objects per category", "Visible annotated objects of each category of the dataset's category list.", categoryPlot, false},
		{"objects_per_image.png", "Objects per image", "Number of visible annotated objects in each image.", perImagePlot, false},
		{"box_size.png", "Box size", "Square root of the box area (w·h) of every visible object, in pixels.", boxSizePlot, false},
		{"aspect.png", "Box aspect", "Box width / height of every visible object, on a log scale: 1 is square.", aspectPlot, false},
		{"visible_fraction.png", "Visible fraction", "Visible pixels / silhouette pixels of every annotated object; 0 is fully occluded.", visiblePlot, false},
		{"depth_range.png", "Depth range", "Nearest and farthest foreground depth of each image, from the depth PNGs.", depthPlot, false},
		{"occlusion.png", "Occlusion per class", "Mean visible fraction of the annotated objects of each class (the kind attribute where objects have one, as shelves' packaging kinds, else the category), the 30 most frequent; the count in brackets.", occlusionPlot, false},
	}
	if st.Retail != nil && st.Retail.Present() {
		specs = append(specs, retailFigures...)
	}
	for _, f := range specs {
		p, err := f.draw(st)
		if err != nil {
			return nil, fmt.Errorf("report: %s: %w", f.file, err)
		}
		b, err := encodePNG(p)
		if err != nil {
			return nil, fmt.Errorf("report: %s: %w", f.file, err)
		}
		figs = append(figs, Figure{File: f.file, Title: f.title, Caption: f.caption, PNG: b, Retail: f.retail})
	}
	return figs, nil
}

// encodePNG draws p as a PNG.
func encodePNG(p *plot.Plot) ([]byte, error) {
	wt, err := p.WriterTo(plotW, plotH, "png")
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := wt.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.Add(plotter.NewGrid())
	p.Y.Tick.Marker = countTicks{}
	return p
}

// countTicks labels only the whole numbers among gonum's default ticks, so
// counts read "500", not "500.00".
type countTicks struct{}

// Ticks implements plot.Ticker.
func (countTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i, t := range ts {
		switch {
		case t.Label == "":
		case t.Value != math.Trunc(t.Value):
			ts[i].Label = ""
		default:
			ts[i].Label = strconv.FormatFloat(t.Value, 'f', -1, 64)
		}
	}
	return ts
}

// headroom sets the top of p's y axis a fraction above top, leaving room
// for the bars' tops and a legend.
func headroom(p *plot.Plot, top, frac float64) {
	p.Y.Min = 0
	p.Y.Max = max(top*(1+frac), 1)
}

// noData marks an empty plot.
func noData(p *plot.Plot) *plot.Plot {
	p.Title.Text += " (no data)"
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	return p
}

// bars returns a bar chart of values with the given names on the x axis,
// rotated when there are many.
func bars(p *plot.Plot, values []float64, names []string, c color.Color) error {
	w := vg.Length(math.Max(3, math.Min(30, 400/float64(max(len(values), 1)))))
	b, err := plotter.NewBarChart(plotter.Values(values), w)
	if err != nil {
		return err
	}
	b.Color = c
	b.LineStyle.Width = 0
	p.Add(b)
	p.NominalX(names...)
	longest := 0
	for _, n := range names {
		longest = max(longest, len(n))
	}
	if len(names) > 12 && longest > 3 {
		p.X.Tick.Label.Rotation = math.Pi / 4
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YCenter
	}
	headroom(p, slices.Max(values), 0.08)
	return nil
}

func categoryPlot(st *Stats) (*plot.Plot, error) {
	p := newPlot("Objects per category", "", "objects")
	if len(st.Categories) == 0 {
		return noData(p), nil
	}
	v := make([]float64, len(st.PerCategory))
	for i, n := range st.PerCategory {
		v[i] = float64(n)
	}
	return p, bars(p, v, st.Categories, blue)
}

func perImagePlot(st *Stats) (*plot.Plot, error) {
	p := newPlot("Objects per image", "visible objects", "images")
	if len(st.PerImage) == 0 {
		return noData(p), nil
	}
	top := slices.Max(st.PerImage)
	if top > 60 {
		return p, addHist(p, ints(st.PerImage), -0.5, float64(top)+0.5, 40, blue)
	}
	counts := make([]float64, top+1)
	names := make([]string, top+1)
	for k := range counts {
		names[k] = strconv.Itoa(k)
	}
	for _, n := range st.PerImage {
		counts[n]++
	}
	if top > 20 { // label every fifth bar
		for k := range names {
			if k%5 != 0 {
				names[k] = ""
			}
		}
	}
	return p, bars(p, counts, names, blue)
}

func ints(v []int) []float64 {
	out := make([]float64, len(v))
	for i, n := range v {
		out[i] = float64(n)
	}
	return out
}

// hist returns a histogram of values over n equal bins of [lo, hi];
// values outside go to the end bins.
func hist(values []float64, lo, hi float64, n int, c color.Color) *plotter.Histogram {
	if !(hi > lo) {
		lo, hi = lo-0.5, lo+0.5
	}
	h := &plotter.Histogram{Width: (hi - lo) / float64(n), FillColor: c, LineStyle: plotter.DefaultLineStyle}
	h.LineStyle.Width = vg.Points(0.5)
	h.LineStyle.Color = color.White
	for k := 0; k < n; k++ {
		h.Bins = append(h.Bins, plotter.HistogramBin{Min: lo + float64(k)*h.Width, Max: lo + float64(k+1)*h.Width})
	}
	for _, v := range values {
		k := min(max(int((v-lo)/h.Width), 0), n-1)
		h.Bins[k].Weight++
	}
	return h
}

// addHist adds a histogram (see hist) to p.
func addHist(p *plot.Plot, values []float64, lo, hi float64, n int, c color.Color) error {
	h := hist(values, lo, hi, n, c)
	p.Add(h)
	headroom(p, maxWeight(h), 0.08)
	return nil
}

func maxWeight(h *plotter.Histogram) float64 {
	m := 0.0
	for _, b := range h.Bins {
		m = max(m, b.Weight)
	}
	return m
}

func boxSizePlot(st *Stats) (*plot.Plot, error) {
	p := newPlot("Box size", "sqrt(box area), pixels", "objects")
	if len(st.BoxSize) == 0 {
		return noData(p), nil
	}
	return p, addHist(p, st.BoxSize, 0, math.Ceil(slices.Max(st.BoxSize)), 30, green)
}

func aspectPlot(st *Stats) (*plot.Plot, error) {
	p := newPlot("Box aspect", "width / height", "objects")
	if len(st.Aspect) == 0 {
		return noData(p), nil
	}
	logs := make([]float64, len(st.Aspect))
	for i, a := range st.Aspect {
		logs[i] = math.Log2(a)
	}
	r := math.Max(2, math.Ceil(math.Max(-slices.Min(logs), slices.Max(logs))))
	var ticks []plot.Tick
	for e := -r; e <= r; e++ {
		label := strconv.FormatFloat(math.Exp2(e), 'g', 3, 64)
		if e < 0 {
			label = "1/" + strconv.FormatFloat(math.Exp2(-e), 'g', 3, 64)
		}
		ticks = append(ticks, plot.Tick{Value: e, Label: label})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	return p, addHist(p, logs, -r, r, 32, green)
}

func visiblePlot(st *Stats) (*plot.Plot, error) {
	p := newPlot("Visible fraction", "visible / silhouette pixels", "objects")
	if len(st.VisibleFraction) == 0 {
		return noData(p), nil
	}
	return p, addHist(p, st.VisibleFraction, 0, 1, 20, blue)
}

func depthPlot(st *Stats) (*plot.Plot, error) {
	p := newPlot("Depth range per image", "depth, metres", "images")
	if len(st.DepthMin) == 0 {
		return noData(p), nil
	}
	lo := math.Floor(slices.Min(st.DepthMin)*10) / 10
	hi := math.Ceil(slices.Max(st.DepthMax)*10) / 10
	hmin := hist(st.DepthMin, lo, hi, 30, blue)
	hmax := hist(st.DepthMax, lo, hi, 30, orange)
	p.Add(hmin, hmax)
	headroom(p, max(maxWeight(hmin), maxWeight(hmax)), 0.3) // the legend sits above the bars
	p.Legend.Add("nearest", hmin)
	p.Legend.Add("farthest", hmax)
	p.Legend.Top = true
	p.Legend.TextStyle.Color = grey
	return p, nil
}
