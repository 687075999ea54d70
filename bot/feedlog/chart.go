package feedlog

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strconv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Chart size and layout, in pixels.
const (
	chartW     = 720
	chartH     = 460
	marginL    = 44
	marginR    = 150 // room for the legend
	panelGap   = 40
	titleH     = 30
	axisLabelH = 18
)

var (
	colBG      = color.RGBA{255, 255, 255, 255}
	colText    = color.RGBA{40, 40, 40, 255}
	colGrid    = color.RGBA{225, 225, 225, 255}
	colAxis    = color.RGBA{120, 120, 120, 255}
	colBreast  = color.RGBA{205, 92, 122, 255}
	colBottle  = color.RGBA{79, 129, 189, 255}
	colWet     = color.RGBA{236, 186, 58, 255}
	colDirty   = color.RGBA{140, 98, 57, 255}
	colWetDirt = color.RGBA{214, 130, 56, 255}
)

// series is one stacked layer of a bar chart.
type series struct {
	label string
	color color.RGBA
	value func(DayCount) int
}

// WeekChart draws the week as a PNG: feeds per day stacked by kind
// (breast, bottle) above nappies per day stacked by kind (wet, dirty, wet
// and dirty), one bar per day, day labels in the household's time zone
// (the Date of each DayCount). title heads the picture.
func WeekChart(days []DayCount, title string) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, chartW, chartH))
	draw.Draw(img, img.Bounds(), image.NewUniform(colBG), image.Point{}, draw.Src)
	face := basicfont.Face7x13
	drawText(img, face, marginL, 20, title, colText)

	panelH := (chartH - titleH - 2*axisLabelH - panelGap - 30) / 2 // room under the lower panel for its day labels
	top := image.Rect(marginL, titleH+16, chartW-marginR, titleH+16+panelH)
	bottom := image.Rect(marginL, top.Max.Y+axisLabelH+panelGap, chartW-marginR, top.Max.Y+axisLabelH+panelGap+panelH)

	drawBars(img, face, top, "Feeds per day", days, []series{
		{"Breast", colBreast, func(d DayCount) int { return d.Breast }},
		{"Bottle", colBottle, func(d DayCount) int { return d.Bottle }},
	})
	drawBars(img, face, bottom, "Nappies per day", days, []series{
		{"Wet", colWet, func(d DayCount) int { return d.Wet }},
		{"Dirty", colDirty, func(d DayCount) int { return d.Dirty }},
		{"Wet + dirty", colWetDirt, func(d DayCount) int { return d.WetDirty }},
	})

	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("feedlog: week chart: %w", err)
	}
	return buf.Bytes(), nil
}

func drawBars(img *image.RGBA, face font.Face, r image.Rectangle, title string, days []DayCount, ss []series) {
	drawText(img, face, r.Min.X, r.Min.Y-6, title, colText)
	max := 0
	for _, d := range days {
		t := 0
		for _, s := range ss {
			t += s.value(d)
		}
		if t > max {
			max = t
		}
	}
	step := niceStep(max)
	top := (max/step + 1) * step
	if max == 0 {
		top = 4
		step = 1
	}
	y := func(v int) int { return r.Max.Y - v*r.Dy()/top }

	// Grid and y labels.
	for v := 0; v <= top; v += step {
		fill(img, image.Rect(r.Min.X, y(v), r.Max.X, y(v)+1), colGrid)
		lbl := strconv.Itoa(v)
		drawText(img, face, r.Min.X-6-7*len(lbl), y(v)+4, lbl, colAxis)
	}
	fill(img, image.Rect(r.Min.X, r.Max.Y, r.Max.X, r.Max.Y+1), colAxis)

	n := len(days)
	if n == 0 {
		return
	}
	slot := r.Dx() / n
	barW := slot * 3 / 5
	for i, d := range days {
		x0 := r.Min.X + i*slot + (slot-barW)/2
		base := 0
		for _, s := range ss {
			v := s.value(d)
			if v == 0 {
				continue
			}
			fill(img, image.Rect(x0, y(base+v), x0+barW, y(base)), s.color)
			base += v
		}
		if base > 0 {
			lbl := strconv.Itoa(base)
			drawText(img, face, x0+(barW-7*len(lbl))/2, y(base)-3, lbl, colText)
		}
		day := d.Date.Format("Mon 2")
		drawText(img, face, r.Min.X+i*slot+(slot-7*len(day))/2, r.Max.Y+14, day, colText)
	}

	// Legend to the right of the panel.
	lx := r.Max.X + 16
	for i, s := range ss {
		ly := r.Min.Y + 8 + i*20
		fill(img, image.Rect(lx, ly, lx+12, ly+12), s.color)
		drawText(img, face, lx+18, ly+11, s.label, colText)
	}
}

// niceStep picks a grid step giving about 4 to 6 lines up to max.
func niceStep(max int) int {
	for _, s := range []int{1, 2, 5, 10, 20, 25, 50, 100} {
		if max/s <= 6 {
			return s
		}
	}
	return max/5 + 1
}

func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	draw.Draw(img, r.Intersect(img.Bounds()), image.NewUniform(c), image.Point{}, draw.Src)
}

func drawText(img *image.RGBA, face font.Face, x, y int, s string, c color.RGBA) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: face, Dot: fixed.P(x, y)}
	d.DrawString(s)
}
