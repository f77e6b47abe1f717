package dataset

import (
	"fmt"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/synthkit/synthkit/retail"
)

// The retail columns: planogram (list<struct>, one entry per board with a
// visible slot: its intended runs of facings and its realised slots) and
// kpis (struct: availability, compliance, share of shelf per brand). Their
// values are package retail's types, computed by retail.Planogram and
// retail.KPIs from the frame's annotation labels; this file only lays them
// out.

// str is a string field.
func str[T any](name string, acc func(v *T) *string) field[T] {
	return field[T]{name, arrow.BinaryTypes.String,
		func(b array.Builder, v *T) { b.(*array.StringBuilder).Append(*acc(v)) },
		func(a arrow.Array, j int, v *T, _ string) error { *acc(v) = a.(*array.String).Value(j); return nil }}
}

// int32Of is an int field stored as int32; a value out of range is
// written as the nearest int32 (never happens for counts and indices of
// one frame).
func int32Of[T any](name string, acc func(v *T) *int) field[T] {
	return field[T]{name, arrow.PrimitiveTypes.Int32,
		func(b array.Builder, v *T) {
			b.(*array.Int32Builder).Append(int32(max(math.MinInt32, min(math.MaxInt32, *acc(v)))))
		},
		func(a arrow.Array, j int, v *T, _ string) error { *acc(v) = int(a.(*array.Int32).Value(j)); return nil }}
}

// int64Of is an int field stored as int64.
func int64Of[T any](name string, acc func(v *T) *int) field[T] {
	return field[T]{name, arrow.PrimitiveTypes.Int64,
		func(b array.Builder, v *T) { b.(*array.Int64Builder).Append(int64(*acc(v))) },
		func(a arrow.Array, j int, v *T, _ string) error { *acc(v) = int(a.(*array.Int64).Value(j)); return nil }}
}

// structList is a list<struct> field of T holding the elements of type E
// that acc returns, laid out by fields.
func structList[T, E any](name string, fields []field[E], acc func(v *T) *[]E) field[T] {
	return field[T]{name, arrow.ListOf(structOf(fields)),
		func(b array.Builder, v *T) { putStructList(b, fields, *acc(v)) },
		func(a arrow.Array, j int, v *T, what string) error {
			var err error
			*acc(v), err = getStructList(a, fields, j, what+" "+name)
			return err
		}}
}

// putStructList appends es to the list<struct> builder b.
func putStructList[E any](b array.Builder, fields []field[E], es []E) {
	lb := b.(*array.ListBuilder)
	lb.Append(true)
	sb := lb.ValueBuilder().(*array.StructBuilder)
	for k := range es {
		putStruct(sb, fields, &es[k])
	}
}

// getStructList decodes element j of the list<struct> array a; a null
// element is nil.
func getStructList[E any](a arrow.Array, fields []field[E], j int, what string) ([]E, error) {
	l, ok := a.(*array.List)
	if !ok {
		return nil, fmt.Errorf("%s: not a list but %s", what, a.DataType())
	}
	if !l.IsValid(j) {
		return nil, nil
	}
	lo, hi := l.ValueOffsets(j)
	st, ok := l.ListValues().(*array.Struct)
	if !ok {
		return nil, fmt.Errorf("%s: not a list of structs but %s", what, a.DataType())
	}
	out := make([]E, hi-lo)
	for k := range out {
		if err := getStruct(st, fields, int(lo)+k, &out[k], fmt.Sprintf("%s %d", what, k)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// runFields are the fields of one intended run of facings.
var runFields = []field[retail.Run]{
	str("sku", func(r *retail.Run) *string { return &r.SKU }),
	int32Of("facings", func(r *retail.Run) *int { return &r.Facings }),
}

// slotFields are the fields of one realised slot.
var slotFields = []field[retail.PlanSlot]{
	int32Of("facing", func(s *retail.PlanSlot) *int { return &s.Facing }),
	str("planned_sku", func(s *retail.PlanSlot) *string { return &s.Planned }),
	str("planned_brand", func(s *retail.PlanSlot) *string { return &s.PlannedBrand }),
	str("actual_sku", func(s *retail.PlanSlot) *string { return &s.Actual }),
	str("actual_brand", func(s *retail.PlanSlot) *string { return &s.ActualBrand }),
	str("state", func(s *retail.PlanSlot) *string { return &s.State }),
	f64("width_m", func(s *retail.PlanSlot) *float64 { return &s.WidthM }),
	int32Of("products", func(s *retail.PlanSlot) *int { return &s.Products }),
	int64Of("visible_px", func(s *retail.PlanSlot) *int { return &s.Visible }),
}

// boardFields are the fields of one entry of the planogram column.
var boardFields = []field[retail.BoardPlan]{
	int32Of("bay", func(b *retail.BoardPlan) *int { return &b.Bay }),
	int32Of("board", func(b *retail.BoardPlan) *int { return &b.Board }),
	structList("intended", runFields, func(b *retail.BoardPlan) *[]retail.Run { return &b.Intended }),
	structList("realised", slotFields, func(b *retail.BoardPlan) *[]retail.PlanSlot { return &b.Realised }),
}

// brandFields are the fields of one brand's share of shelf.
var brandFields = []field[retail.BrandShare]{
	str("brand", func(b *retail.BrandShare) *string { return &b.Brand }),
	f64("width_m", func(b *retail.BrandShare) *float64 { return &b.WidthM }),
	f64("width_share", func(b *retail.BrandShare) *float64 { return &b.WidthShare }),
	int64Of("pixels", func(b *retail.BrandShare) *int { return &b.Pixels }),
	f64("pixel_share", func(b *retail.BrandShare) *float64 { return &b.PixelShare }),
}

// kpiFields are the fields of the kpis column.
var kpiFields = []field[retail.KPI]{
	int32Of("slots", func(k *retail.KPI) *int { return &k.Slots }),
	int32Of("filled", func(k *retail.KPI) *int { return &k.Filled }),
	int32Of("compliant", func(k *retail.KPI) *int { return &k.Compliant }),
	f64("availability", func(k *retail.KPI) *float64 { return &k.Availability }),
	f64("compliance", func(k *retail.KPI) *float64 { return &k.Compliance }),
	int32Of("empty_full", func(k *retail.KPI) *int { return &k.EmptyFull }),
	int32Of("empty_partly", func(k *retail.KPI) *int { return &k.EmptyPartly }),
	structList("brands", brandFields, func(k *retail.KPI) *[]retail.BrandShare { return &k.Brands }),
}

// planogramColumn is the planogram column: list<struct> of boardFields.
func planogramColumn() column {
	return listColumn(ColPlanogram, boardFields, func(s *Sample) *[]retail.BoardPlan { return &s.Planogram }, "planogram board")
}

// kpisColumn is the kpis column: a struct of kpiFields, null when the
// frame shows no planned facing (Sample.KPIs nil).
func kpisColumn() column {
	return column{name: ColKPIs, typ: structOf(kpiFields),
		put: func(b array.Builder, s *Sample, _ string) {
			sb := b.(*array.StructBuilder)
			if s.KPIs == nil {
				sb.AppendNull()
				return
			}
			putStruct(sb, kpiFields, s.KPIs)
		},
		get: func(a arrow.Array, i int, s *Sample) error {
			st, ok := a.(*array.Struct)
			if !ok {
				return fmt.Errorf("kpis: not a struct but %s", a.DataType())
			}
			if !st.IsValid(i) {
				s.KPIs = nil
				return nil
			}
			s.KPIs = new(retail.KPI)
			return getStruct(st, kpiFields, i, s.KPIs, "kpis")
		}}
}

// KPIsOf returns the kpis column's value of a frame: k, or nil when no
// planned facing is visible (k.Slots == 0), where availability and
// compliance are not defined.
func KPIsOf(k retail.KPI) *retail.KPI {
	if k.Slots == 0 {
		return nil
	}
	return &k
}
