package render

import (
	"bytes"
	"image"
)

// CoverVisible makes every silhouette contain its object's visible pixels:
// a pixel whose id is i+1 is added to Silhouettes[i] when missing, growing
// its bounds as needed. It returns the number of pixels added.
//
// A renderer that draws ids and silhouettes in separate passes (render/gl)
// can disagree with itself by a pixel where a triangle edge passes exactly
// through a pixel centre or where coplanar surfaces z-fight; visible ⊆
// silhouette is an invariant labels rely on, and a pixel an object was seen
// at is, by definition, one it covers. render/soft derives both from one
// rasterization and never needs it. Ids above len(Silhouettes) are left
// for the caller's validation to report.
//
// It goes along each row by runs of one id: where a run lies inside its
// silhouette's bounds, the mask's bytes under it are searched for zeros
// (bytes.IndexByte), so a frame whose silhouettes already hold their
// visible pixels, the usual case, costs little more than a pass over the
// ids (BenchmarkCoverVisible).
func (f *Frame) CoverVisible() int {
	added := 0
	var missing map[int][]image.Point
	miss := func(i, x, y int) {
		if missing == nil {
			missing = map[int][]image.Point{}
		}
		missing[i] = append(missing[i], image.Pt(x, y))
	}
	for y := 0; y < f.Height; y++ {
		row := f.IDs[y*f.Width : (y+1)*f.Width]
		for x := 0; x < len(row); {
			id := row[x]
			end := x + 1
			for end < len(row) && row[end] == id {
				end++
			}
			if id != 0 && int(id) <= len(f.Silhouettes) {
				i := int(id - 1)
				s := &f.Silhouettes[i]
				b := s.Bounds
				// [in0, in1): the part of the run inside the bounds.
				in0, in1 := max(x, b.Min.X), min(end, b.Max.X)
				if y < b.Min.Y || y >= b.Max.Y || in0 >= in1 {
					in0, in1 = end, end
				}
				for px := x; px < in0; px++ {
					miss(i, px, y)
				}
				o := (y-b.Min.Y)*b.Dx() - b.Min.X
				for px := in0; px < in1; {
					k := bytes.IndexByte(s.Mask[o+px:o+in1], 0)
					if k < 0 {
						break
					}
					miss(i, px+k, y)
					px += k + 1
				}
				for px := max(in1, x); px < end; px++ {
					miss(i, px, y)
				}
			}
			x = end
		}
	}
	for i, pts := range missing {
		s := &f.Silhouettes[i]
		b := s.Bounds
		for _, p := range pts {
			b = b.Union(image.Rectangle{p, p.Add(image.Pt(1, 1))})
		}
		if b != s.Bounds {
			mask := make([]uint8, b.Dx()*b.Dy())
			for y := s.Bounds.Min.Y; y < s.Bounds.Max.Y; y++ {
				src := s.Mask[(y-s.Bounds.Min.Y)*s.Bounds.Dx() : (y-s.Bounds.Min.Y+1)*s.Bounds.Dx()]
				copy(mask[(y-b.Min.Y)*b.Dx()+s.Bounds.Min.X-b.Min.X:], src)
			}
			s.Bounds, s.Mask = b, mask
		}
		for _, p := range pts {
			s.Mask[(p.Y-b.Min.Y)*b.Dx()+p.X-b.Min.X] = 1
			s.Pixels++
			added++
		}
	}
	return added
}
