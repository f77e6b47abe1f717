//go:build gl

package gl

import (
	"fmt"
	"math"
	"testing"

	"github.com/synthkit/synthkit/internal/testscenes"
)

// pbrColourLimit bounds the mean absolute colour difference, in 8-bit
// levels over every channel of a quad, between the GL and soft renders of
// testscenes.PBR. The textures are nearest-sampled and every pixel centre
// lies inside one texel, so both renderers read the same texel; what is
// left is float32 evaluation order and the GPU's sRGB encoding (about a
// level at most, see TestConformance), far below what a wrong slot, a
// wrong channel or a flipped tangent frame gives (tens of levels).
const pbrColourLimit = 1.0

// TestPBRTextures renders testscenes.PBR (metallic-roughness, normal,
// occlusion and emissive textures) with both backends, without and with
// MSAA: ids, depth and normals must agree on every pixel (textures change
// colour only), and the colour of each quad within pbrColourLimit levels
// on average.
func TestPBRTextures(t *testing.T) {
	s := testscenes.PBR(true)
	f := renderSoft(t, s)
	for _, msaa := range []int{0, 4} {
		t.Run(fmt.Sprintf("msaa%d", msaa), func(t *testing.T) {
			r := sharedRenderer(t)
			if msaa > 0 {
				r = newTestRenderer(t, Options{MSAA: msaa})
			}
			g := mustRender(t, r, s)
			idDiff, depthDiff, normalDiff := 0, 0, 0
			for i := range f.IDs {
				if g.IDs[i] != f.IDs[i] {
					idDiff++
				}
				if math.Abs(float64(g.Depth[i]-f.Depth[i])) > 2e-5*float64(f.Depth[i]) {
					depthDiff++
				}
				for k := range 3 {
					if math.Abs(float64(g.Normals[i][k]-f.Normals[i][k])) > 1e-5 {
						normalDiff++
						break
					}
				}
			}
			t.Logf("ids agree on %d of %d pixels", len(f.IDs)-idDiff, len(f.IDs))
			if idDiff != 0 || depthDiff != 0 || normalDiff != 0 {
				t.Errorf("ids differ on %d pixels, depth on %d, normals on %d; want 0", idDiff, depthDiff, normalDiff)
			}
			w := s.Camera.Width
			for q, o := range s.Objects {
				sum, n, worst := 0, 0, 0
				for y := range s.Camera.Height {
					for x := q * testscenes.PBRQuad; x < (q+1)*testscenes.PBRQuad; x++ {
						for k := range 3 {
							i := 4*(y*w+x) + k
							d := absDiff(g.Color.Pix[i], f.Color.Pix[i])
							sum += d
							worst = max(worst, d)
							n++
						}
					}
				}
				mad := float64(sum) / float64(n)
				t.Logf("%s: colour MAD %.3f levels, max %d", o.Name, mad, worst)
				if mad > pbrColourLimit {
					t.Errorf("%s: colour MAD %.3f levels > %g", o.Name, mad, pbrColourLimit)
				}
			}
		})
	}
}
