//go:build gl

package gl

import (
	"bytes"
	"fmt"
	"image"
	"math/rand/v2"
	"testing"

	"github.com/synthkit/synthkit/render"
)

// cutSilhouetteBytes is the byte-at-a-time cut that cutSilhouette
// replaced, kept as its reference.
func cutSilhouetteBytes(buf []byte, stride int, sr silRect, rowsTopFirst bool) render.Silhouette {
	w, h := sr.img.Dx(), sr.img.Dy()
	atlasRow := func(j int) []byte {
		k := j
		if !rowsTopFirst {
			k = h - 1 - j
		}
		o := (sr.at.Y+k)*stride + sr.at.X
		return buf[o : o+w]
	}
	minX, minY, maxX, maxY, n := w, h, -1, -1, 0
	for j := range h {
		for i, v := range atlasRow(j) {
			if v != 0 {
				n++
				minX, maxX = min(minX, i), max(maxX, i)
				minY, maxY = min(minY, j), max(maxY, j)
			}
		}
	}
	if n == 0 {
		return render.Silhouette{}
	}
	bw, bh := maxX-minX+1, maxY-minY+1
	mask := make([]uint8, bw*bh)
	for j := range bh {
		for i, v := range atlasRow(minY + j)[minX : minX+bw] {
			if v != 0 {
				mask[j*bw+i] = 1
			}
		}
	}
	o := sr.img.Min
	return render.Silhouette{Bounds: image.Rect(o.X+minX, o.Y+minY, o.X+maxX+1, o.Y+maxY+1), Mask: mask, Pixels: n}
}

// TestNonZero checks nonZero on every byte value in every lane.
func TestNonZero(t *testing.T) {
	for lane := range 8 {
		for v := range 256 {
			x := uint64(v) << (8 * lane)
			want := uint64(0)
			if v != 0 {
				want = 0x80 << (8 * lane)
			}
			if got := nonZero(x); got != want {
				t.Fatalf("nonZero(%#x) = %#x, want %#x", x, got, want)
			}
		}
	}
	if got := nonZero(0xff00_0180_7f01_00ff); got != 0x8000_8080_8080_0080 {
		t.Errorf("nonZero of mixed bytes = %#x", got)
	}
}

// cutSilhouette extracts one object's mask from the atlas readback into a
// mask of its own, as finish does for each object: silhouetteBounds, then
// cutMask. The tests and the benchmark compare it with the byte loop.
func cutSilhouette(buf []byte, stride int, sr silRect, rowsTopFirst bool) render.Silhouette {
	box, ok := silhouetteBounds(buf, stride, sr, rowsTopFirst)
	if !ok {
		return render.Silhouette{}
	}
	mask := make([]uint8, box.Dx()*box.Dy())
	return cutMask(buf, stride, sr, rowsTopFirst, box, mask)
}

// TestCutSilhouetteMatchesBytes cuts random masks (blobs, single pixels,
// empty rectangles, every width from 1 to 40 and both row orders, covered
// pixels of any non-zero value) from a random atlas and compares with the
// byte loop.
func TestCutSilhouetteMatchesBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const stride, rows = 97, 120
	for trial := range 3000 {
		buf := make([]byte, stride*rows)
		w, h := 1+trial%40, 1+rng.IntN(30)
		at := image.Pt(rng.IntN(stride-w+1), rng.IntN(rows-h+1))
		switch trial % 4 {
		case 0: // noise of any density
			d := rng.Float64()
			for i := range buf {
				if rng.Float64() < d {
					buf[i] = byte(1 + rng.IntN(255))
				}
			}
		case 1: // one pixel
			buf[(at.Y+rng.IntN(h))*stride+at.X+rng.IntN(w)] = 255
		case 2: // nothing
		default: // a filled disc, 255 inside
			cx, cy, r := rng.Float64()*float64(w), rng.Float64()*float64(h), rng.Float64()*float64(max(w, h))
			for y := range h {
				for x := range w {
					if dx, dy := float64(x)-cx, float64(y)-cy; dx*dx+dy*dy <= r*r {
						buf[(at.Y+y)*stride+at.X+x] = 255
					}
				}
			}
		}
		sr := silRect{obj: 0, img: image.Rect(5, 7, 5+w, 7+h), at: at}
		for _, top := range []bool{true, false} {
			got, want := cutSilhouette(buf, stride, sr, top), cutSilhouetteBytes(buf, stride, sr, top)
			if got.Bounds != want.Bounds || got.Pixels != want.Pixels || !bytes.Equal(got.Mask, want.Mask) {
				t.Fatalf("trial %d (%dx%d at %v, rows top first %v): got %v/%d px, want %v/%d px", trial, w, h, at, top,
					got.Bounds, got.Pixels, want.Bounds, want.Pixels)
			}
		}
	}
}

// BenchmarkCutSilhouette cuts the masks of a shelf-like atlas: 150
// objects of 40×90 pixels (a shelf seen whole), then of 160×240 (seen
// close), each three quarters covered.
func BenchmarkCutSilhouette(b *testing.B) {
	for _, sz := range []struct{ ow, oh, per int }{{40, 90, 50}, {160, 240, 12}} {
		const stride = 2048
		ow, oh, per := sz.ow, sz.oh, sz.per
		rows := (150 + per - 1) / per * oh
		buf := make([]byte, stride*rows)
		var rects []silRect
		for k := range 150 {
			at := image.Pt(k%per*ow, k/per*oh)
			rects = append(rects, silRect{obj: k, img: image.Rect(0, 0, ow, oh), at: at})
			for y := range oh * 3 / 4 {
				for x := 2; x < ow-2; x++ {
					buf[(at.Y+y)*stride+at.X+x] = 255
				}
			}
		}
		for _, impl := range []struct {
			name string
			cut  func([]byte, int, silRect, bool) render.Silhouette
		}{{"bytes", cutSilhouetteBytes}, {"words", cutSilhouette}} {
			b.Run(fmt.Sprintf("size=%dx%d/impl=%s", ow, oh, impl.name), func(b *testing.B) {
				b.SetBytes(int64(len(rects) * ow * oh))
				for b.Loop() {
					for _, sr := range rects {
						impl.cut(buf, stride, sr, false)
					}
				}
			})
		}
	}
}
