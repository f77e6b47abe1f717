package report

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// retailFigures lists the plots of the retail section; Figures draws
// them when the dataset has retail truth (Stats.Retail).
var retailFigures = []figureSpec{
	{"kpis.png", "Shelf KPIs per image", "Availability (filled / planned visible facings) and planogram compliance (facings holding the planned SKU / planned) of each image, from the kpis column.", kpiPlot, true},
	{"share_of_shelf.png", "Share of shelf", "Each brand's share of the width of the filled visible facings, over the whole dataset (the 15 widest brands).", sharePlot, true},
	{"sku_long_tail.png", "SKU frequency (long tail)", "Visible products of each SKU seen, most frequent first, on log–log axes: a flat line is a balanced catalogue, a steep one a long tail.", longTailPlot, true},
	{"group_facings.png", "Facings per SKU run", "Facing count of every visible facing group (a run of one SKU side by side on a board).", facingsPlot, true},
}

// figureSpec is one plot of a report.
type figureSpec struct {
	file, title, caption string
	draw                 func(*Stats) (*plot.Plot, error)
	retail               bool
}

func kpiPlot(st *Stats) (*plot.Plot, error) {
	p := newPlot("Shelf KPIs per image", "fraction", "images")
	r := st.Retail
	if r == nil || r.KPISamples == 0 {
		return noData(p), nil
	}
	ha := hist(r.Availability, 0, 1, 20, blue)
	hc := hist(r.Compliance, 0, 1, 20, orange)
	// Compliance never exceeds availability; drawn side by side as
	// half-width bars so neither hides the other.
	for k := range ha.Bins {
		w := ha.Width / 2
		hc.Bins[k].Min, hc.Bins[k].Max = ha.Bins[k].Min+w, ha.Bins[k].Max
		ha.Bins[k].Max = ha.Bins[k].Min + w
	}
	p.Add(ha, hc)
	headroom(p, max(maxWeight(ha), maxWeight(hc)), 0.3)
	p.Legend.Add("availability", ha)
	p.Legend.Add("compliance", hc)
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.TextStyle.Color = grey
	return p, nil
}

func sharePlot(st *Stats) (*plot.Plot, error) {
	p := newPlot("Share of shelf", "", "width share")
	p.Y.Tick.Marker = plot.DefaultTicks{}
	r := st.Retail
	if r == nil || len(r.BrandWidth) == 0 {
		return noData(p), nil
	}
	brands, share := r.TopBrands(15)
	return p, bars(p, share, brands, green)
}

func longTailPlot(st *Stats) (*plot.Plot, error) {
	p := newPlot("SKU frequency (long tail)", "rank", "visible products")
	r := st.Retail
	if r == nil || len(r.SKUFrequency) == 0 {
		return noData(p), nil
	}
	pts := make(plotter.XYs, len(r.SKUFrequency))
	for i, n := range r.SKUFrequency {
		pts[i] = plotter.XY{X: float64(i + 1), Y: float64(n)}
	}
	l, err := plotter.NewLine(pts)
	if err != nil {
		return nil, err
	}
	l.Color = blue
	p.Add(l)
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
	p.X.Min, p.X.Max = 1, math.Max(2, float64(len(pts)))
	p.Y.Min, p.Y.Max = math.Max(0.8, float64(r.SKUFrequency[len(pts)-1])*0.8), float64(r.SKUFrequency[0])*1.25
	return p, nil
}

func facingsPlot(st *Stats) (*plot.Plot, error) {
	p := newPlot("Facings per SKU run", "facings", "facing groups")
	r := st.Retail
	if r == nil || len(r.GroupFacings) == 0 {
		return noData(p), nil
	}
	names := make([]string, len(r.GroupFacings))
	for k := range names {
		names[k] = strconv.Itoa(k)
	}
	return p, bars(p, ints(r.GroupFacings), names, blue)
}

func occlusionPlot(st *Stats) (*plot.Plot, error) {
	p := newPlot("Occlusion per class", "", "mean visible fraction")
	p.Y.Tick.Marker = plot.DefaultTicks{}
	r := st.Retail
	if r == nil || len(r.Occlusion) == 0 {
		return noData(p), nil
	}
	v := make([]float64, len(r.Occlusion))
	names := make([]string, len(r.Occlusion))
	for i, o := range r.Occlusion {
		v[i], names[i] = o.MeanVisible, fmt.Sprintf("%s (%d)", o.Class, o.Objects)
	}
	if err := bars(p, v, names, orange); err != nil {
		return nil, err
	}
	p.Y.Max = 1.05
	return p, nil
}
