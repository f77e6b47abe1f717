package report

import (
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// page is what the HTML template shows.
type page struct {
	Name     string // the dataset folder's base name
	Stats    *Stats
	Spec     string // canonical spec JSON, indented
	Summary  [][2]string
	Retail   [][2]string // the retail section's rows; nil without retail truth
	Figures  []Figure
	Sheet    string // file name of the sample contact sheet, "" without
	NSamples int    // samples on the sheet
}

// coverageLine is the coverage row of the summary.
func coverageLine(c Coverage) string {
	if c.Categories == 0 {
		return "no categories"
	}
	s := "min " + itoa(c.Min) + ", median " + itoa(c.Median) + ", max " + itoa(c.Max) + "; never seen: " + itoa(c.Never) + " of " + itoa(c.Categories)
	if len(c.NeverFirst) > 0 {
		s += " (" + strings.Join(c.NeverFirst, ", ")
		if c.Never > len(c.NeverFirst) {
			s += ", …"
		}
		s += ")"
	}
	return s
}

// summary returns the rows of the page's summary table.
func summary(st *Stats) [][2]string {
	rows := [][2]string{
		{"generator", st.Generator + " " + st.GeneratorVersion},
		{"spec hash", st.SpecHash},
		{"image size", itoa(st.Width) + " × " + itoa(st.Height)},
		{"samples", itoa(st.Samples)},
		{"categories", itoa(len(st.Categories))},
		{"visible instances per category", coverageLine(st.Coverage)},
		{"annotated objects", itoa(st.Objects)},
		{"visible objects", itoa(st.Visible)},
		{"fully occluded objects", itoa(st.Objects - st.Visible)},
		{"truncated objects", itoa(st.Truncated)},
	}
	if n := len(st.PerImage); n > 0 {
		s := slices.Sorted(slices.Values(st.PerImage))
		rows = append(rows, [2]string{"visible objects per image",
			"mean " + ftoa(float64(st.Visible)/float64(n), 1) + ", median " + itoa(s[n/2]) + ", min " + itoa(s[0]) + ", max " + itoa(s[n-1])})
	}
	if len(st.DepthMin) > 0 {
		rows = append(rows, [2]string{"depth of non-background pixels", ftoa(slices.Min(st.DepthMin), 2) + " – " + ftoa(slices.Max(st.DepthMax), 2) + " m"})
	}
	if r := st.Retail; r != nil && st.Visible > 0 {
		z := r.Sizes
		pct := func(n int) string { return itoa(n) + " (" + ftoa(100*float64(n)/float64(st.Visible), 1) + "%)" }
		rows = append(rows, [2]string{"COCO box sizes (mask area < 32², < 96², larger)", "small " + pct(z.Small) + ", medium " + pct(z.Medium) + ", large " + pct(z.Large)})
	}
	return rows
}

// rangeLine formats a range: "min 0.83, median 0.96, max 1.00 over 200 images".
func rangeLine(r Range, what string) string {
	return "min " + ftoa(r.Min, 3) + ", median " + ftoa(r.Median, 3) + ", max " + ftoa(r.Max, 3) + " over " + itoa(r.N) + " " + what
}

// retailSummary returns the rows of the retail section, nil when the
// dataset has no retail truth.
func retailSummary(st *Stats) [][2]string {
	r := st.Retail
	if r == nil || !r.Present() {
		return nil
	}
	a := r.Annotations
	rows := [][2]string{
		{"products (objects with an sku) visible", itoa(r.Products)},
		{"SKUs seen", itoa(r.SKUs)},
		{"null-set products", itoa(r.NullSet) + " (" + ftoa(100*r.NullShare, 1) + "% of products)"},
		{"misplaced · fallen · turned products", itoa(r.Misplaced) + " · " + itoa(r.Fallen) + " · " + itoa(r.Turned)},
		{"shelf rows · price tags · facing groups · planogram slots", itoa(a["shelf_row"]) + " · " + itoa(a["price_tag"]) + " · " + itoa(a["facing"]) + " · " + itoa(a["planogram_slot"])},
		{"empty facings (out of stock · partly sold)", itoa(a["empty_facing"]) + " (" + itoa(r.EmptyFull) + " · " + itoa(r.EmptyPartly) + ")"},
	}
	if r.KPISamples > 0 {
		rows = append(rows,
			[2]string{"availability per image", rangeLine(RangeOf(r.Availability), "images")},
			[2]string{"planogram compliance per image", rangeLine(RangeOf(r.Compliance), "images")})
	}
	if len(r.SKUFrequency) > 0 {
		f := r.SKUFrequency
		rows = append(rows, [2]string{"visible products per SKU seen", "max " + itoa(f[0]) + ", median " + itoa(f[len(f)/2]) + ", min " + itoa(f[len(f)-1])})
	}
	return rows
}

func itoa(n int) string { return ftoa(float64(n), 0) }

func ftoa(v float64, prec int) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

func writePage(w io.Writer, p page) error { return pageTemplate.Execute(w, p) }

// pageTemplate is the report page: self-contained (inline CSS, no
// scripts), every link relative to the report folder.
var pageTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Name}} · synthkit dataset report</title>
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 1280px; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
.sub { color: #666; margin-top: 0; }
table { border-collapse: collapse; }
td { padding: 0.2em 1.2em 0.2em 0; vertical-align: top; }
td:first-child { color: #666; }
code, pre { font: 13px/1.4 ui-monospace, "SF Mono", Menlo, monospace; }
pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 1.2em; }
figure { margin: 0; }
figure img { width: 100%; max-width: 576px; height: auto; border: 1px solid #eee; }
figcaption { color: #555; font-size: 0.9em; }
.sheet img { max-width: 100%; height: auto; }
</style>
</head>
<body>
<h1>{{.Name}}</h1>
<p class="sub">synthkit dataset report · generator <code>{{.Stats.Generator}}</code> · {{.Stats.Samples}} samples · <a href="stats.json">stats.json</a></p>

<h2>Summary</h2>
<table>
{{range .Summary}}<tr><td>{{index . 0}}</td><td>{{index . 1}}</td></tr>
{{end}}</table>
<p>Categories: {{range $i, $c := .Stats.Categories}}{{if $i}}, {{end}}<code>{{$c}}</code>{{end}}</p>

<h2>Distributions</h2>
<div class="grid">
{{range .Figures}}{{if not .Retail}}<figure>
<img src="{{.File}}" alt="{{.Title}}" width="576" height="336">
<figcaption><b>{{.Title}}.</b> {{.Caption}}</figcaption>
</figure>
{{end}}{{end}}</div>
{{if .Retail}}
<h2>Retail</h2>
<p>Retail truth from the objects' attributes and the annotations, planogram and kpis columns (see <code>retail</code> in stats.json).</p>
<table>
{{range .Retail}}<tr><td>{{index . 0}}</td><td>{{index . 1}}</td></tr>
{{end}}</table>
<div class="grid">
{{range .Figures}}{{if .Retail}}<figure>
<img src="{{.File}}" alt="{{.Title}}" width="576" height="336">
<figcaption><b>{{.Title}}.</b> {{.Caption}}</figcaption>
</figure>
{{end}}{{end}}</div>
{{end}}
{{if .Sheet}}
<h2>Samples</h2>
<figure class="sheet">
<img src="{{.Sheet}}" alt="The first {{.NSamples}} samples with their labels">
<figcaption>The first {{.NSamples}} samples. Left: the colour image with each visible annotated object's mask tinted and outlined, its box and its category; right: depth (inverse depth colormap, near surfaces yellow, background black) with the image's depth range above it.</figcaption>
</figure>
{{end}}
<h2>Spec</h2>
<pre>{{.Spec}}</pre>
</body>
</html>
`))
