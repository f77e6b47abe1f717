package retail

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/synthkit/synthkit/labels"
)

// PlanSlot is one slot of a board's planogram in one frame: what the plan
// puts there and what stands there.
type PlanSlot struct {
	Facing       int     `json:"facing"` // index on the board, left to right
	Planned      string  `json:"planned_sku"`
	PlannedBrand string  `json:"planned_brand"`
	Actual       string  `json:"actual_sku"` // "" when empty
	ActualBrand  string  `json:"actual_brand"`
	State        string  `json:"state"` // one of the State* constants
	WidthM       float64 `json:"width_m"`
	Products     int     `json:"products"`
	// Visible is the slot's visible pixel count; slots of a board that
	// fall outside the image are not listed.
	Visible int `json:"visible_px"`
}

// Run is a run of facings of one SKU in an intended planogram.
type Run struct {
	SKU     string `json:"sku"`
	Facings int    `json:"facings"`
}

// BoardPlan is the planogram of one board seen in a frame: the intended
// runs of facings and the realised slots, both left to right over the
// slots in the image.
type BoardPlan struct {
	Bay      int        `json:"bay"`
	Board    int        `json:"board"`
	Intended []Run      `json:"intended"`
	Realised []PlanSlot `json:"realised"`
}

// Planogram returns the planogram of every board with a visible slot,
// ordered by bay and board, from the Slot labels of a frame. It returns
// an error when a Slot label lacks an attribute or has a malformed number.
func Planogram(anns []labels.AnnotationLabel) ([]BoardPlan, error) {
	type key struct{ bay, board int }
	boards := map[key]*BoardPlan{}
	visible := map[key]bool{}
	for i := range anns {
		a := &anns[i]
		if a.Category != Slot {
			continue
		}
		var k key
		var s PlanSlot
		var err error
		ints := []struct {
			attr string
			dst  *int
		}{{AttrBay, &k.bay}, {AttrBoard, &k.board}, {AttrFacing, &s.Facing}, {AttrProducts, &s.Products}}
		for _, f := range ints {
			if *f.dst, err = strconv.Atoi(a.Attrs[f.attr]); err != nil {
				return nil, fmt.Errorf("retail: planogram: annotation %d: attribute %q: %w", a.Index, f.attr, err)
			}
		}
		if s.WidthM, err = strconv.ParseFloat(a.Attrs[AttrWidth], 64); err != nil {
			return nil, fmt.Errorf("retail: planogram: annotation %d: attribute %q: %w", a.Index, AttrWidth, err)
		}
		s.Planned, s.PlannedBrand = a.Attrs[AttrPlanned], a.Attrs[AttrPlannedB]
		s.Actual, s.ActualBrand, s.State = a.Attrs[AttrActual], a.Attrs[AttrActualB], a.Attrs[AttrState]
		if s.Planned == "" || s.State == "" {
			return nil, fmt.Errorf("retail: planogram: annotation %d: no %q or %q", a.Index, AttrPlanned, AttrState)
		}
		s.Visible = a.Area
		b := boards[k]
		if b == nil {
			b = &BoardPlan{Bay: k.bay, Board: k.board}
			boards[k] = b
		}
		b.Realised = append(b.Realised, s)
		visible[k] = visible[k] || a.Area > 0
	}
	out := make([]BoardPlan, 0, len(boards))
	for k, b := range boards {
		if !visible[k] {
			continue
		}
		slices.SortFunc(b.Realised, func(x, y PlanSlot) int { return cmp.Compare(x.Facing, y.Facing) })
		for _, s := range b.Realised {
			if n := len(b.Intended); n > 0 && b.Intended[n-1].SKU == s.Planned {
				b.Intended[n-1].Facings++
			} else {
				b.Intended = append(b.Intended, Run{SKU: s.Planned, Facings: 1})
			}
		}
		out = append(out, *b)
	}
	slices.SortFunc(out, func(x, y BoardPlan) int {
		return cmp.Or(cmp.Compare(x.Bay, y.Bay), cmp.Compare(x.Board, y.Board))
	})
	return out, nil
}

// BrandShare is one brand's share of the shelf in a frame.
type BrandShare struct {
	Brand string `json:"brand"`
	// WidthM is the width of the visible slots this brand's products
	// stand in, metres; WidthShare its fraction of all filled visible
	// slots' width.
	WidthM     float64 `json:"width_m"`
	WidthShare float64 `json:"width_share"`
	// Pixels is the visible pixel area of the brand's products;
	// PixelShare its fraction of all products' visible pixels.
	Pixels     int     `json:"pixels"`
	PixelShare float64 `json:"pixel_share"`
}

// KPI holds the shelf figures of one frame, restricted to what the camera
// sees (slots with at least one visible pixel).
type KPI struct {
	Slots        int     `json:"slots"`        // visible planned facings
	Filled       int     `json:"filled"`       // of those, holding at least one product
	Compliant    int     `json:"compliant"`    // of those, holding the planned SKU
	Availability float64 `json:"availability"` // Filled / Slots; 1 when no slot is visible
	Compliance   float64 `json:"compliance"`   // Compliant / Slots; 1 when no slot is visible
	// EmptyFull and EmptyPartly count the visible EmptyFacing regions of
	// each kind.
	EmptyFull   int          `json:"empty_full"`
	EmptyPartly int          `json:"empty_partly"`
	Brands      []BrandShare `json:"brands"` // sorted by brand
}

// KPIs computes the shelf figures of a frame from its object instances
// (products carry their brand in Meta["brand"]) and annotation labels.
func KPIs(inst []labels.Instance, anns []labels.AnnotationLabel) (KPI, error) {
	plan, err := Planogram(anns)
	if err != nil {
		return KPI{}, err
	}
	var k KPI
	width := map[string]float64{}
	pixels := map[string]int{}
	totalW, totalPx := 0.0, 0
	for _, b := range plan {
		for _, s := range b.Realised {
			if s.Visible == 0 {
				continue
			}
			k.Slots++
			if s.Actual != "" && s.Products > 0 {
				k.Filled++
				width[s.ActualBrand] += s.WidthM
				totalW += s.WidthM
			}
			if s.Actual == s.Planned && s.State != StateMisplaced {
				k.Compliant++
			}
		}
	}
	for i := range inst {
		if b, ok := inst[i].Meta[AttrBrand]; ok && inst[i].Area > 0 {
			pixels[b] += inst[i].Area
			totalPx += inst[i].Area
		}
	}
	for i := range anns {
		if anns[i].Category == EmptyFacing && anns[i].Area > 0 {
			switch anns[i].Attrs[AttrKind] {
			case EmptyFull:
				k.EmptyFull++
			case EmptyPartly:
				k.EmptyPartly++
			}
		}
	}
	k.Availability, k.Compliance = 1, 1
	if k.Slots > 0 {
		k.Availability = float64(k.Filled) / float64(k.Slots)
		k.Compliance = float64(k.Compliant) / float64(k.Slots)
	}
	names := map[string]bool{}
	for b := range width {
		names[b] = true
	}
	for b := range pixels {
		names[b] = true
	}
	for b := range names {
		s := BrandShare{Brand: b, WidthM: width[b], Pixels: pixels[b]}
		if totalW > 0 {
			s.WidthShare = s.WidthM / totalW
		}
		if totalPx > 0 {
			s.PixelShare = float64(s.Pixels) / float64(totalPx)
		}
		k.Brands = append(k.Brands, s)
	}
	slices.SortFunc(k.Brands, func(x, y BrandShare) int { return cmp.Compare(x.Brand, y.Brand) })
	return k, nil
}
