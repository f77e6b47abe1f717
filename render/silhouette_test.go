package render

import (
	"image"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestCoverVisible(t *testing.T) {
	f := NewFrame(6, 4, 2)
	// Object 1 is visible at (1,1) and (4,2); its silhouette only has (1,1).
	f.IDs[1*6+1] = 1
	f.IDs[2*6+4] = 1
	f.Silhouettes[0] = Silhouette{Bounds: image.Rect(1, 1, 2, 2), Mask: []uint8{1}, Pixels: 1}
	// Object 2 is visible at (0,3) with an empty silhouette.
	f.IDs[3*6+0] = 2
	if n := f.CoverVisible(); n != 2 {
		t.Fatalf("added %d pixels, want 2", n)
	}
	s := f.Silhouettes[0]
	if s.Bounds != image.Rect(1, 1, 5, 3) || s.Pixels != 2 || !s.At(1, 1) || !s.At(4, 2) || s.At(2, 1) {
		t.Errorf("object 1 silhouette = %+v", s)
	}
	if s := f.Silhouettes[1]; s.Bounds != image.Rect(0, 3, 1, 4) || s.Pixels != 1 || !s.At(0, 3) {
		t.Errorf("object 2 silhouette = %+v", s)
	}
	if n := f.CoverVisible(); n != 0 {
		t.Errorf("second call added %d pixels, want 0", n)
	}
}

// coverVisibleRef is CoverVisible pixel by pixel, as first written: the
// oracle for the run-based version.
func coverVisibleRef(f *Frame) int {
	added := 0
	missing := map[int][]image.Point{}
	for y := 0; y < f.Height; y++ {
		for x := 0; x < f.Width; x++ {
			id := f.IDs[y*f.Width+x]
			if id != 0 && int(id) <= len(f.Silhouettes) && !f.Silhouettes[id-1].At(x, y) {
				missing[int(id-1)] = append(missing[int(id-1)], image.Pt(x, y))
			}
		}
	}
	for i, pts := range missing {
		s := &f.Silhouettes[i]
		b := s.Bounds
		for _, p := range pts {
			b = b.Union(image.Rectangle{p, p.Add(image.Pt(1, 1))})
		}
		mask := make([]uint8, b.Dx()*b.Dy())
		for y := s.Bounds.Min.Y; y < s.Bounds.Max.Y; y++ {
			for x := s.Bounds.Min.X; x < s.Bounds.Max.X; x++ {
				mask[(y-b.Min.Y)*b.Dx()+x-b.Min.X] = s.Mask[(y-s.Bounds.Min.Y)*s.Bounds.Dx()+x-s.Bounds.Min.X]
			}
		}
		for _, p := range pts {
			mask[(p.Y-b.Min.Y)*b.Dx()+p.X-b.Min.X] = 1
		}
		s.Bounds, s.Mask, s.Pixels = b, mask, s.Pixels+len(pts)
		added += len(pts)
	}
	return added
}

// TestCoverVisibleMatchesPixelByPixel compares CoverVisible with the
// pixel-by-pixel oracle on random frames: runs of ids (some beyond the
// silhouettes, some 0), silhouettes with random bounds (empty, partly
// outside the image, off the runs) and masks with holes and non-1 bytes.
func TestCoverVisibleMatchesPixelByPixel(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		w, h, n := 1+r.IntN(40), 1+r.IntN(30), 1+r.IntN(6)
		f := NewFrame(w, h, n)
		for i := 0; i < len(f.IDs); {
			run, id := 1+r.IntN(12), uint32(r.IntN(n+2)) // n+1: beyond the silhouettes
			for ; run > 0 && i < len(f.IDs); run, i = run-1, i+1 {
				f.IDs[i] = id
			}
		}
		for i := range f.Silhouettes {
			if r.IntN(5) == 0 {
				continue // empty
			}
			x0, y0 := r.IntN(w+4)-2, r.IntN(h+4)-2
			b := image.Rect(x0, y0, x0+1+r.IntN(w), y0+1+r.IntN(h))
			m := make([]uint8, b.Dx()*b.Dy())
			px := 0
			for k := range m {
				if r.IntN(4) != 0 {
					m[k] = uint8(1 + r.IntN(255))
					px++
				}
			}
			f.Silhouettes[i] = Silhouette{Bounds: b, Mask: m, Pixels: px}
		}
		want := &Frame{Width: w, Height: h, IDs: f.IDs, Silhouettes: slices.Clone(f.Silhouettes)}
		for i := range want.Silhouettes {
			want.Silhouettes[i].Mask = slices.Clone(want.Silhouettes[i].Mask)
		}
		wn, gn := coverVisibleRef(want), f.CoverVisible()
		if gn != wn {
			t.Fatalf("trial %d: added %d pixels, want %d", trial, gn, wn)
		}
		for i := range f.Silhouettes {
			g, e := f.Silhouettes[i], want.Silhouettes[i]
			if g.Bounds != e.Bounds || g.Pixels != e.Pixels || !slices.Equal(g.Mask, e.Mask) {
				t.Fatalf("trial %d: silhouette %d = %v %d px, want %v %d px (or the masks differ)", trial, i, g.Bounds, g.Pixels, e.Bounds, e.Pixels)
			}
		}
	}
}
