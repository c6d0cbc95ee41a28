package report

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
)

// bar is one bar of a chart.
type bar struct {
	Label string  // category (level, dimension, grade)
	Value float64 // the bar's length in data units
	Text  string  // the value as printed beside the bar
	Color string
}

// series is a legend entry.
type series struct{ Name, Color string }

const (
	colorA = "#b22222" // 党建红
	colorB = "#d98c1f"
	colorC = "#4a6fa5"
)

// hbars draws horizontal bars, one row per bar (grouped bars repeat the
// label only on the first of a group), scaled to max.
func hbars(id, title string, bars []bar, maxV float64, legend []series, group int) template.HTML {
	if group < 1 {
		group = 1
	}
	const labelW, chartW, rowH, gap, top = 150.0, 420.0, 18.0, 8.0, 28.0
	groups := (len(bars) + group - 1) / group
	height := top + float64(groups)*(float64(group)*rowH+gap) + 24
	var b strings.Builder
	fmt.Fprintf(&b, `<svg id="%s" class="chart" role="img" aria-label="%s" viewBox="0 0 %g %g" xmlns="http://www.w3.org/2000/svg">`,
		id, esc(title), labelW+chartW+70, height)
	fmt.Fprintf(&b, `<text x="0" y="16" class="chart-title">%s</text>`, esc(title))
	lx := labelW
	for _, s := range legend {
		fmt.Fprintf(&b, `<rect x="%g" y="6" width="10" height="10" fill="%s"/><text x="%g" y="15" class="legend">%s</text>`,
			lx+200, s.Color, lx+214, esc(s.Name))
		lx += 110
	}
	if maxV <= 0 {
		maxV = 1
	}
	y := top
	for i, br := range bars {
		if i%group == 0 {
			if i > 0 {
				y += gap
			}
			fmt.Fprintf(&b, `<text x="%g" y="%g" class="axis-label" text-anchor="end">%s</text>`,
				labelW-8, y+rowH*float64(group)/2+4, esc(br.Label))
		}
		w := math.Max(0, br.Value/maxV*chartW)
		fmt.Fprintf(&b, `<rect class="bar" data-label="%s" data-value="%s" x="%g" y="%g" width="%.2f" height="%g" fill="%s"><title>%s %s</title></rect>`,
			esc(br.Label), esc(br.Text), labelW, y+2, w, rowH-4, br.Color, esc(br.Label), esc(br.Text))
		fmt.Fprintf(&b, `<text x="%.2f" y="%g" class="value">%s</text>`, labelW+w+4, y+rowH-5, esc(br.Text))
		y += rowH
	}
	fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" class="axis"/>`, labelW, top, labelW, y)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// point is one point of a scatter.
type point struct {
	Label string
	X, Y  float64
}

// scatter draws points on axes from lo to hi on both sides, with the
// diagonal where the two scores are equal.
func scatter(id, title, xName, yName string, pts []point) template.HTML {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		lo = math.Min(lo, math.Min(p.X, p.Y))
		hi = math.Max(hi, math.Max(p.X, p.Y))
	}
	if len(pts) == 0 {
		lo, hi = 0, 100
	}
	lo = math.Floor(lo/10) * 10
	hi = math.Ceil(hi/10) * 10
	if hi <= lo {
		hi = lo + 10
	}
	const left, top, size = 50.0, 30.0, 360.0
	px := func(v float64) float64 { return left + (v-lo)/(hi-lo)*size }
	py := func(v float64) float64 { return top + size - (v-lo)/(hi-lo)*size }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg id="%s" class="chart scatter" role="img" aria-label="%s" viewBox="0 0 %g %g" xmlns="http://www.w3.org/2000/svg">`,
		id, esc(title), left+size+30, top+size+46)
	fmt.Fprintf(&b, `<text x="0" y="16" class="chart-title">%s</text>`, esc(title))
	for v := lo; v <= hi+1e-9; v += 10 {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%g" x2="%.1f" y2="%g" class="grid"/><text x="%.1f" y="%g" class="tick" text-anchor="middle">%g</text>`,
			px(v), top, px(v), top+size, px(v), top+size+14, v)
		fmt.Fprintf(&b, `<line x1="%g" y1="%.1f" x2="%g" y2="%.1f" class="grid"/>`, left, py(v), left+size, py(v))
		if v > lo { // the corner's value is on the x axis already
			fmt.Fprintf(&b, `<text x="%g" y="%.1f" class="tick" text-anchor="end">%g</text>`, left-4, py(v)+4, v)
		}
	}
	fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" class="diagonal"/>`, px(lo), py(lo), px(hi), py(hi))
	fmt.Fprintf(&b, `<text x="%g" y="%g" class="axis-label" text-anchor="middle">%s</text>`, left+size/2, top+size+34, esc(xName))
	fmt.Fprintf(&b, `<text x="12" y="%g" class="axis-label" text-anchor="middle" transform="rotate(-90 12 %g)">%s</text>`,
		top+size/2, top+size/2, esc(yName))
	for _, p := range pts {
		fmt.Fprintf(&b, `<circle class="point" data-label="%s" data-value="%g,%g" cx="%.2f" cy="%.2f" r="5" fill="%s" fill-opacity="0.8"><title>%s：%s %g，%s %g</title></circle>`,
			esc(p.Label), p.X, p.Y, px(p.X), py(p.Y), colorA, esc(p.Label), esc(xName), p.X, esc(yName), p.Y)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func esc(s string) string { return html.EscapeString(s) }
