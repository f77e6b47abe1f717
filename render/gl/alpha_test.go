//go:build gl

package gl

import (
	"fmt"
	"image"
	"testing"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"
	"github.com/synthkit/synthkit/scene"
)

// renderSoft renders s with the reference renderer.
func renderSoft(t *testing.T, s *scene.Scene) *render.Frame {
	t.Helper()
	r := soft.New(soft.Options{})
	defer r.Close()
	return mustRender(t, r, s)
}

// alphaMaskScenes are testscenes.AlphaMask scenes whose texels are
// nearest-sampled and whole pixels wide, so that coverage is exact.
func alphaMaskScenes() map[string]*scene.Scene {
	checker := testscenes.AlphaTexture(8, 3, func(i, j int) uint8 { return uint8(255 * ((i + j + 1) % 2)) })
	stripes := testscenes.AlphaTexture(8, 3, func(i, _ int) uint8 {
		if i%3 == 1 {
			return 0
		}
		return 255
	})
	alphas := [4]uint8{32, 96, 160, 224}
	ramp := testscenes.AlphaTexture(4, 1, func(i, _ int) uint8 { return alphas[i] })
	return map[string]*scene.Scene{
		"checker":            testscenes.AlphaMask(checker, 0, 1, -1),
		"stripes":            testscenes.AlphaMask(stripes, 0, 1, -1),
		"cutoff 0.25":        testscenes.AlphaMask(ramp, 0.25, 1, -1),
		"cutoff 0.75":        testscenes.AlphaMask(ramp, 0.75, 1, -1),
		"base alpha 0.5":     testscenes.AlphaMask(ramp, 0.3, 0.5, -1),
		"vertex alpha 0.5":   testscenes.AlphaMask(ramp, 0.3, 1, 0.5),
		"cutoff 0.9 (empty)": testscenes.AlphaMask(ramp, 0.9, 1, -1),
	}
}

// TestAlphaMask renders the MASK scenes with both backends (with and
// without MSAA here): ids, depth and silhouettes must agree on every pixel,
// and so must colour within one level (the masked quad is unlit red on an
// unlit blue wall, so an error would be 255 levels).
func TestAlphaMask(t *testing.T) {
	for _, msaa := range []int{0, 4} {
		r := sharedRenderer(t)
		if msaa > 0 {
			r = newTestRenderer(t, Options{MSAA: msaa})
		}
		for name, s := range alphaMaskScenes() {
			t.Run(fmt.Sprintf("%s/msaa%d", name, msaa), func(t *testing.T) {
				g, f := mustRender(t, r, s), renderSoft(t, s)
				idDiff, depthDiff, front := 0, 0, 0
				for i := range f.IDs {
					if g.IDs[i] != f.IDs[i] {
						idDiff++
					}
					if g.Depth[i] != f.Depth[i] {
						depthDiff++
					}
					if f.IDs[i] == 1 {
						front++
					}
				}
				silDiff := 0
				for i := range f.Silhouettes {
					silDiff += setDiff(silhouetteSet(g.Silhouettes[i]), silhouetteSet(f.Silhouettes[i]))
				}
				colMax := 0
				for i := range f.Color.Pix {
					colMax = max(colMax, absDiff(g.Color.Pix[i], f.Color.Pix[i]))
				}
				t.Logf("ids agree on %d of %d pixels (%d of the masked quad); depth differs on %d; silhouettes differ on %d; colour max difference %d levels",
					len(f.IDs)-idDiff, len(f.IDs), front, depthDiff, silDiff, colMax)
				if idDiff != 0 || depthDiff != 0 || silDiff != 0 || colMax > 1 {
					t.Errorf("GL and soft disagree: %d ids, %d depths, %d silhouette pixels, colour by %d levels", idDiff, depthDiff, silDiff, colMax)
				}
			})
		}
	}
}

// TestAlphaBlend composites two half-transparent quads (listed nearest
// first) over an opaque wall with both backends: ids and depth (the
// nearest surface, blended or not) and silhouettes must agree on every
// pixel, colour within one level, with the mean absolute difference
// reported.
func TestAlphaBlend(t *testing.T) {
	s := testscenes.AlphaBlend(
		testscenes.BlendQuad{Rect: image.Rect(4, 2, 16, 12), Z: 4, Color: scene.RGB(1, 0, 0), Alpha: 0.5},
		testscenes.BlendQuad{Rect: image.Rect(8, 6, 20, 14), Z: 8, Color: scene.RGB(0, 1, 0), Alpha: 0.25},
		testscenes.BlendQuad{Rect: image.Rect(1, 9, 7, 15), Z: 32, Color: scene.RGB(1, 1, 0), Alpha: 0.5}, // behind the wall
	)
	for _, msaa := range []int{0, 4} {
		t.Run(fmt.Sprintf("msaa%d", msaa), func(t *testing.T) {
			r := sharedRenderer(t)
			if msaa > 0 {
				r = newTestRenderer(t, Options{MSAA: msaa})
			}
			g, f := mustRender(t, r, s), renderSoft(t, s)
			idDiff, depthDiff := 0, 0
			for i := range f.IDs {
				if g.IDs[i] != f.IDs[i] {
					idDiff++
				}
				if g.Depth[i] != f.Depth[i] {
					depthDiff++
				}
			}
			silDiff := 0
			for i := range f.Silhouettes {
				silDiff += setDiff(silhouetteSet(g.Silhouettes[i]), silhouetteSet(f.Silhouettes[i]))
			}
			sum, n, colMax := 0, 0, 0
			for i := range f.Color.Pix {
				if i%4 == 3 {
					continue
				}
				d := absDiff(g.Color.Pix[i], f.Color.Pix[i])
				sum += d
				n++
				colMax = max(colMax, d)
			}
			t.Logf("ids agree on %d of %d pixels; depth differs on %d; silhouettes differ on %d; colour MAD %.4f levels, max %d",
				len(f.IDs)-idDiff, len(f.IDs), depthDiff, silDiff, float64(sum)/float64(n), colMax)
			if idDiff != 0 || depthDiff != 0 || silDiff != 0 || colMax > 1 {
				t.Errorf("GL and soft disagree: %d ids, %d depths, %d silhouette pixels, colour by %d levels", idDiff, depthDiff, silDiff, colMax)
			}
		})
	}
}
