package soft

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/synthkit/synthkit/render/shading"
)

// TestFillLanesLayout checks the offsets of surf and shading.Lanes4 that
// lanes_amd64.s's fillLanes is written for.
func TestFillLanesLayout(t *testing.T) {
	var s surf
	var q shading.Lanes4
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"surf.p", unsafe.Offsetof(s.p), 0},
		{"surf.ln", unsafe.Offsetof(s.ln), 12},
		{"surf.view", unsafe.Offsetof(s.view), 24},
		{"surf.alb", unsafe.Offsetof(s.alb), 36},
		{"surf.amb", unsafe.Offsetof(s.amb), 48},
		{"surf.emis", unsafe.Offsetof(s.emis), 60},
		{"surf.metallic", unsafe.Offsetof(s.metallic), 72},
		{"surf.rough", unsafe.Offsetof(s.rough), 76},
		{"surf.exp", unsafe.Offsetof(s.exp), 80},
		{"surf.norm", unsafe.Offsetof(s.norm), 84},
		{"surf.occ", unsafe.Offsetof(s.occ), 88},
		{"surf.ed", unsafe.Offsetof(s.ed), 92},
		{"surf.es", unsafe.Offsetof(s.es), 104},
		{"sizeof(surf)", unsafe.Sizeof(s), 116},
		{"Lanes4.P", unsafe.Offsetof(q.P), 0},
		{"Lanes4.N", unsafe.Offsetof(q.N), 48},
		{"Lanes4.V", unsafe.Offsetof(q.V), 96},
		{"Lanes4.Exp", unsafe.Offsetof(q.Exp), 144},
		{"Lanes4.Ed", unsafe.Offsetof(q.Ed), 160},
		{"Lanes4.Es", unsafe.Offsetof(q.Es), 208},
		{"Lanes4.Alb", unsafe.Offsetof(q.Alb), 256},
		{"Lanes4.Amb", unsafe.Offsetof(q.Amb), 304},
		{"Lanes4.Emis", unsafe.Offsetof(q.Emis), 352},
		{"Lanes4.Col", unsafe.Offsetof(q.Col), 448}, // writeLanes4's
		{"Lanes4.Metallic", unsafe.Offsetof(q.Metallic), 496},
		{"Lanes4.Rough", unsafe.Offsetof(q.Rough), 512},
		{"Lanes4.Occ", unsafe.Offsetof(q.Occ), 528},
		{"Lanes4.Norm", unsafe.Offsetof(q.Norm), 544},
		{"sizeof(Lanes4)", unsafe.Sizeof(q), 560},
	} {
		if c.got != c.want {
			t.Errorf("%s at %d, fillLanes takes it at %d", c.name, c.got, c.want)
		}
	}
}

// TestFillLanesMatchesGo fills 1 to 16 groups from surfs whose every
// float is distinct (its index, so a misplaced one names where it came
// from) and checks every lane against fillLanesGo, and that R and Col,
// which fillLanes does not fill, are left alone.
func TestFillLanesMatchesGo(t *testing.T) {
	var s [runMax]surf
	f := unsafe.Slice((*float32)(unsafe.Pointer(&s[0])), len(s)*int(unsafe.Sizeof(s[0]))/4)
	for i := range f {
		f[i] = float32(i + 1)
	}
	for groups := 1; groups <= runMax/4; groups++ {
		got := make([]shading.Lanes4, groups+1)
		want := make([]shading.Lanes4, groups+1)
		for i := range got {
			for c := range 3 {
				for k := range 4 {
					got[i].R[c][k], got[i].Col[c][k] = -1, -2
					want[i].R[c][k], want[i].Col[c][k] = -1, -2
				}
			}
		}
		fillLanes(&got[0], &s[0], groups)
		fillLanesGo(want[:groups], s[:4*groups])
		for i := range got {
			g := unsafe.Slice((*float32)(unsafe.Pointer(&got[i])), unsafe.Sizeof(got[i])/4)
			w := unsafe.Slice((*float32)(unsafe.Pointer(&want[i])), unsafe.Sizeof(want[i])/4)
			for k := range g {
				if math.Float32bits(g[k]) != math.Float32bits(w[k]) {
					t.Fatalf("%d groups: group %d float %d of Lanes4 is %g, want %g", groups, i, k, g[k], w[k])
				}
			}
		}
	}
}

// TestWriteLanesMatchesGo checks writeLanes (assembly on amd64) against
// writeLanesGo, its definition, byte for byte: 1 to runMax lanes at
// scattered columns, with colours at every threshold of the encoding and
// one float below it, 0 and −0, negatives, 1 and above, infinities and
// NaN; and that the bytes of other columns are left alone.
func TestWriteLanesMatchesGo(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	var special []float32
	for _, b := range encodeThrBits[:255] {
		special = append(special, math.Float32frombits(b), math.Float32frombits(b-1))
	}
	special = append(special, 0, float32(math.Copysign(0, -1)), -1, 1, 0.99999994, 2, 1e30,
		float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 1e-45)
	const w = 200
	for trial := range 400 {
		m := 1 + trial%runMax
		var q [runMax / 4]shading.Lanes4
		for g := range q {
			for c := range 3 {
				for j := range 4 {
					v := float32(r.Float64() * 1.1)
					if r.IntN(2) == 0 {
						v = special[r.IntN(len(special))]
					}
					q[g].Col[c][j] = v
				}
			}
		}
		cols := r.Perm(w)[:m]
		var xs [runMax]int32
		for i, x := range cols {
			xs[i] = int32(x)
		}
		got := make([]uint8, 4*w)
		for i := range got {
			got[i] = uint8(r.Uint32())
		}
		want := bytes.Clone(got)
		writeLanes(got, xs[:], q[:], m)
		writeLanesGo(want, xs[:], q[:], m)
		if !bytes.Equal(got, want) {
			for i := range got {
				if got[i] != want[i] {
					x := i / 4
					t.Fatalf("trial %d (%d lanes): column %d byte %d = %d, writeLanesGo gives %d", trial, m, x, i%4, got[i], want[i])
				}
			}
		}
	}
}
