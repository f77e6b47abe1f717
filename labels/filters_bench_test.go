package labels

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkRowFilters times the per-row work of the PNG writer on one row
// of a 640-pixel image: the Sub filter of a colour row (1,920 bytes), the
// Up filter of a 16-bit map row (1,280 bytes) and the RGBA→RGB copy.
func BenchmarkRowFilters(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	rgba := make([]byte, 4*640)
	for i := range rgba {
		rgba[i] = byte(r.Uint32())
		if i%4 == 3 {
			rgba[i] = 0xff
		}
	}
	rgb := make([]byte, 3*640)
	rgbaToRGB(rgb, rgba)
	mapRow, mapPrev := rgb[:1280], rgb[640:1920]
	out := make([]byte, len(rgb)+1)
	b.Run("sub", func(b *testing.B) {
		for b.Loop() {
			subFilter(out, rgb, 3)
		}
	})
	b.Run("up", func(b *testing.B) {
		for b.Loop() {
			upFilter(out, mapRow, mapPrev)
		}
	})
	b.Run("rgb", func(b *testing.B) {
		for b.Loop() {
			rgbaToRGB(rgb, rgba)
		}
	})
}
