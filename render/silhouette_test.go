package render

import (
	"image"
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
