package render

import "testing"

// TestFramePool: Get hands back the most recent frame kept, reshaped and
// with its silhouettes cleared, or a new one; Put ignores nil, a frame it
// holds, frames beyond Max and everything after Close.
func TestFramePool(t *testing.T) {
	p := FramePool{Max: 2}
	if f, reused := p.Get(4, 3, 2); reused || f.Width != 4 || len(f.IDs) != 12 || len(f.Silhouettes) != 2 {
		t.Fatalf("empty pool: frame %dx%d, %d ids, reused %v", f.Width, f.Height, len(f.IDs), reused)
	}
	a, b, c := NewFrame(8, 8, 3), NewFrame(2, 2, 1), NewFrame(1, 1, 0)
	a.Silhouettes[1].Mask = []uint8{1}
	a.PostApplied = PostJPEG
	p.Put(nil)
	p.Put(a)
	p.Put(a) // held already
	p.Put(b)
	p.Put(c) // beyond Max
	if p.Len() != 2 || a.Silhouettes[1].Mask != nil {
		t.Fatalf("after puts: %d kept, silhouette mask %v", p.Len(), a.Silhouettes[1].Mask)
	}
	if f, reused := p.Get(3, 1, 1); f != b || !reused || f.Width != 3 || len(f.IDs) != 3 || f.Color.Bounds().Dx() != 3 {
		t.Errorf("Get: %p (reused %v), want the last kept %p reshaped to 3x1", f, reused, b)
	}
	if f, _ := p.Get(5, 5, 4); f != a || len(f.Silhouettes) != 4 || f.Silhouettes[1].Mask != nil || f.PostApplied != 0 {
		t.Errorf("Get: %p, want %p with 4 clear silhouettes and no post stages", f, a)
	}
	p.Close()
	p.Put(c)
	if p.Len() != 0 {
		t.Error("a closed pool keeps frames")
	}
}
