package generatortest

import (
	"fmt"
	"math"
	"reflect"
	"sort"
)

// Diff compares two scenes deeply: every field, exported or not, through
// pointers, slices, arrays and maps (keys in sorted order), with floats
// compared bit for bit (so NaN equals NaN and 0 differs from -0). It
// returns true when they are equal, and otherwise the path of the first
// difference, e.g. "scene.Objects[2].Mesh.Positions[17][1]: 0.25 vs 0.5".
// Functions and channels compare by nil-ness only.
func Diff(a, b any) (string, bool) {
	d := differ{seen: map[[2]uintptr]bool{}}
	return d.diff("scene", reflect.ValueOf(a), reflect.ValueOf(b))
}

type differ struct {
	seen map[[2]uintptr]bool // pointer pairs being or already compared
}

func (d *differ) diff(path string, a, b reflect.Value) (string, bool) {
	if a.IsValid() != b.IsValid() {
		return fmt.Sprintf("%s: one is missing", path), false
	}
	if !a.IsValid() {
		return "", true
	}
	if a.Type() != b.Type() {
		return fmt.Sprintf("%s: type %s vs %s", path, a.Type(), b.Type()), false
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Sprintf("%s: nil vs non-nil", path), false
			}
			return "", true
		}
		if a.Kind() == reflect.Pointer {
			key := [2]uintptr{a.Pointer(), b.Pointer()}
			if d.seen[key] {
				return "", true
			}
			d.seen[key] = true
		}
		return d.diff(path, a.Elem(), b.Elem())
	case reflect.Struct:
		for i := range a.NumField() {
			if p, ok := d.diff(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i)); !ok {
				return p, false
			}
		}
		return "", true
	case reflect.Slice, reflect.Array:
		if a.Kind() == reflect.Slice && a.IsNil() != b.IsNil() && (a.Len() > 0 || b.Len() > 0) {
			return fmt.Sprintf("%s: nil vs non-nil", path), false
		}
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: length %d vs %d", path, a.Len(), b.Len()), false
		}
		for i := range a.Len() {
			if p, ok := d.diff(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)); !ok {
				return p, false
			}
		}
		return "", true
	case reflect.Map:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: %d entries vs %d", path, a.Len(), b.Len()), false
		}
		keys := a.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		for _, k := range keys {
			bv := b.MapIndex(k)
			if !bv.IsValid() {
				return fmt.Sprintf("%s[%v]: missing in the second", path, k), false
			}
			if p, ok := d.diff(fmt.Sprintf("%s[%v]", path, k), a.MapIndex(k), bv); !ok {
				return p, false
			}
		}
		return "", true
	case reflect.Float32, reflect.Float64:
		if math.Float64bits(a.Float()) != math.Float64bits(b.Float()) {
			return fmt.Sprintf("%s: %v vs %v", path, a.Float(), b.Float()), false
		}
		return "", true
	case reflect.Complex64, reflect.Complex128:
		x, y := a.Complex(), b.Complex()
		if math.Float64bits(real(x)) != math.Float64bits(real(y)) || math.Float64bits(imag(x)) != math.Float64bits(imag(y)) {
			return fmt.Sprintf("%s: %v vs %v", path, x, y), false
		}
		return "", true
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			return fmt.Sprintf("%s: %v vs %v", path, a.Bool(), b.Bool()), false
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			return fmt.Sprintf("%s: %d vs %d", path, a.Int(), b.Int()), false
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if a.Uint() != b.Uint() {
			return fmt.Sprintf("%s: %d vs %d", path, a.Uint(), b.Uint()), false
		}
	case reflect.String:
		if a.String() != b.String() {
			return fmt.Sprintf("%s: %q vs %q", path, a.String(), b.String()), false
		}
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil vs non-nil", path), false
		}
	}
	return "", true
}
