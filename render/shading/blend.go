package shading

import (
	"sort"

	"github.com/synthkit/synthkit/scene"
)

// BlendOrder appends to dst[:0] the indices of the objects of s whose
// material is scene.AlphaBlend, in the order renderers composite them:
// back to front by the camera-frame z of the centre of each object's
// bounding box (the mesh's local bounds, Mesh.Bounds, with the centre
// moved by Camera.Pose × Object.Transform), the farthest first; objects at
// the same depth (or whose depth is not finite) keep their scene order.
// Both renderers use it, so they blend in the same order. Triangles within
// one object are blended in their mesh order, which is exact for convex
// objects seen from outside only when their back faces are culled.
func BlendOrder(dst []int, s *scene.Scene) []int {
	dst = dst[:0]
	var depth []float64
	for i := range s.Objects {
		o := &s.Objects[i]
		if o.Mesh == nil || o.MaterialOrDefault().AlphaMode != scene.AlphaBlend {
			continue
		}
		lo, hi := o.Mesh.Bounds()
		c := lo.Add(hi).Mul(0.5)
		m := s.Camera.Pose.Mul4(o.Transform)
		z, ok := transformPoint(&m, c)
		d := z[2]
		if !ok {
			d = 0
		}
		dst = append(dst, i)
		depth = append(depth, d)
	}
	sort.Stable(blendSort{dst, depth})
	return dst
}

// blendSort sorts object indices by descending depth.
type blendSort struct {
	idx   []int
	depth []float64
}

func (b blendSort) Len() int           { return len(b.idx) }
func (b blendSort) Less(i, j int) bool { return b.depth[i] > b.depth[j] }
func (b blendSort) Swap(i, j int) {
	b.idx[i], b.idx[j] = b.idx[j], b.idx[i]
	b.depth[i], b.depth[j] = b.depth[j], b.depth[i]
}
