package render

import "image"

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
func (f *Frame) CoverVisible() int {
	added := 0
	var missing map[int][]image.Point
	for y := 0; y < f.Height; y++ {
		row := f.IDs[y*f.Width : (y+1)*f.Width]
		for x, id := range row {
			if id == 0 || int(id) > len(f.Silhouettes) {
				continue
			}
			if !f.Silhouettes[id-1].At(x, y) {
				if missing == nil {
					missing = map[int][]image.Point{}
				}
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
