package soft

import (
	"fmt"
	"image"
	"testing"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// Unlit pure colours encode exactly: linear 1 is sRGB 255, 0 is 0.
var (
	red  = [3]uint8{255, 0, 0}
	blue = [3]uint8{0, 0, 255}
)

// checkMask checks a frame of testscenes.AlphaMask against the analytic
// answer: pixel (x, y) belongs to the masked quad (id 1, depth 4, red)
// exactly when it lies in MaskRect and the texel its centre samples
// passes (opaque reports that of texel (i, j)), and to the blue back quad
// (id 2, depth 8) otherwise; the masked quad's silhouette is the same set
// of pixels. Texels are w×h over the rectangle, so every supersample of
// a pixel samples the same texel and the colour is exactly red or blue.
func checkMask(t *testing.T, f *render.Frame, w, h int, opaque func(i, j int) bool) (front int) {
	t.Helper()
	r := testscenes.MaskRect
	bad := 0
	for y := range f.Height {
		for x := range f.Width {
			in := image.Pt(x, y).In(r) && opaque((x-r.Min.X)*w/r.Dx(), (y-r.Min.Y)*h/r.Dy())
			wantID, wantZ, wantC := uint32(2), float32(8), blue
			if in {
				wantID, wantZ, wantC = 1, 4, red
				front++
			}
			i := y*f.Width + x
			if got := pixelAt(f, x, y); f.IDs[i] != wantID || f.Depth[i] != wantZ || got != wantC {
				if bad++; bad <= 5 {
					t.Errorf("pixel (%d, %d): id %d depth %g colour %v, want %d %g %v", x, y, f.IDs[i], f.Depth[i], got, wantID, wantZ, wantC)
				}
			}
		}
	}
	if bad > 5 {
		t.Errorf("%d pixels wrong in all", bad)
	}
	if sil := f.Silhouettes[0]; sil.Pixels != front {
		t.Errorf("silhouette of %d pixels, want %d", sil.Pixels, front)
	} else if front > 0 {
		for y := sil.Bounds.Min.Y; y < sil.Bounds.Max.Y; y++ {
			for x := sil.Bounds.Min.X; x < sil.Bounds.Max.X; x++ {
				m := sil.Mask[(y-sil.Bounds.Min.Y)*sil.Bounds.Dx()+x-sil.Bounds.Min.X]
				if (m != 0) != (f.IDs[y*f.Width+x] == 1) {
					t.Errorf("silhouette at (%d, %d) is %d, id %d", x, y, m, f.IDs[y*f.Width+x])
				}
			}
		}
	}
	return front
}

// TestAlphaMaskAnalytic draws a quad with a nearest-sampled checkerboard
// alpha texture (8×3 texels of 2×4 pixels each) over a blue wall: the
// quad's ids, depth, silhouette and every colour supersample cover exactly
// the pixels whose centre samples an opaque texel; the wall shows through
// the others.
func TestAlphaMaskAnalytic(t *testing.T) {
	checker := func(i, j int) bool { return (i+j)%2 == 0 }
	stripes := func(i, j int) bool { return i%3 != 1 }
	for _, pat := range []struct {
		name   string
		opaque func(i, j int) bool
	}{{"checker", checker}, {"stripes", stripes}} {
		tex := testscenes.AlphaTexture(8, 3, func(i, j int) uint8 {
			if pat.opaque(i, j) {
				return 255
			}
			return 0
		})
		for _, ssaa := range []int{1, 2, 4} {
			t.Run(fmt.Sprintf("%s/ssaa%d", pat.name, ssaa), func(t *testing.T) {
				r := New(Options{SSAA: ssaa})
				defer r.Close()
				f := mustRender(t, r, testscenes.AlphaMask(tex, 0, 1, -1))
				if n := checkMask(t, f, 8, 3, pat.opaque); n == 0 || n == testscenes.MaskRect.Dx()*testscenes.MaskRect.Dy() {
					t.Errorf("%d masked pixels: the test shows nothing", n)
				}
			})
		}
	}
}

// TestAlphaMaskCutoff draws a 4×1 texture of alphas 32, 96, 160 and 224
// (0.125 to 0.878) with a range of cutoffs, base colour alphas and vertex
// colour alphas: a texel is drawn when baseA·vertexA·alpha >= cutoff.
func TestAlphaMaskCutoff(t *testing.T) {
	alphas := [4]uint8{32, 96, 160, 224}
	tex := testscenes.AlphaTexture(4, 1, func(i, _ int) uint8 { return alphas[i] })
	tests := []struct {
		cutoff, baseA, vertexA float32 // vertexA < 0: no vertex colours
		want                   int     // texels drawn: the last want of the four
	}{
		{0, 1, -1, 2}, // default 0.5
		{0.1, 1, -1, 4},
		{0.25, 1, -1, 3},
		{0.5, 1, -1, 2},
		{0.75, 1, -1, 1},
		{0.9, 1, -1, 0},
		{1, 1, -1, 0},
		{0.3, 0.5, -1, 2},  // 0.0625, 0.188, 0.314, 0.439
		{0.3, 1, 0.5, 2},   // the same through COLOR_0
		{0.2, 0.5, 0.5, 1}, // 0.031, 0.094, 0.157, 0.220
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("cutoff%g/base%g/vertex%g", tc.cutoff, tc.baseA, tc.vertexA), func(t *testing.T) {
			f := renderScene(t, testscenes.AlphaMask(tex, tc.cutoff, tc.baseA, tc.vertexA))
			n := checkMask(t, f, 4, 1, func(i, _ int) bool { return i >= 4-tc.want })
			if want := tc.want * 4 * 12; n != want {
				t.Errorf("%d masked pixels, want %d", n, want)
			}
		})
	}
}

// TestAlphaBlendAnalytic composites half-transparent quads over an opaque
// blue wall: the colour is the analytic over operator in linear light
// within one 8-bit level; ids and depth are those of the nearest quad,
// blended or not. The quads are listed nearest first, so the colour is
// right only if BlendOrder sorts them back to front.
func TestAlphaBlendAnalytic(t *testing.T) {
	redQ := testscenes.BlendQuad{Rect: image.Rect(4, 2, 16, 12), Z: 4, Color: scene.RGB(1, 0, 0), Alpha: 0.5}
	greenQ := testscenes.BlendQuad{Rect: image.Rect(8, 6, 20, 14), Z: 8, Color: scene.RGB(0, 1, 0), Alpha: 0.25}
	over := func(c scene.Color, a float32, dst [3]float64) [3]float64 {
		return [3]float64{float64(a)*float64(c.R) + float64(1-a)*dst[0], float64(a)*float64(c.G) + float64(1-a)*dst[1], float64(a)*float64(c.B) + float64(1-a)*dst[2]}
	}
	for _, ssaa := range []int{1, 3} {
		t.Run(fmt.Sprintf("ssaa%d", ssaa), func(t *testing.T) {
			s := testscenes.AlphaBlend(redQ, greenQ)
			r := New(Options{SSAA: ssaa})
			defer r.Close()
			f := mustRender(t, r, s)
			worst := 0
			for y := range f.Height {
				for x := range f.Width {
					p := image.Pt(x, y)
					lin := [3]float64{0, 0, 1}
					wantID, wantZ := uint32(1), float32(16)
					if p.In(greenQ.Rect) {
						lin = over(greenQ.Color, greenQ.Alpha, lin)
						wantID, wantZ = 3, 8
					}
					if p.In(redQ.Rect) {
						lin = over(redQ.Color, redQ.Alpha, lin)
						wantID, wantZ = 2, 4
					}
					i := y*f.Width + x
					if f.IDs[i] != wantID || f.Depth[i] != wantZ {
						t.Errorf("pixel (%d, %d): id %d depth %g, want %d %g", x, y, f.IDs[i], f.Depth[i], wantID, wantZ)
					}
					got := pixelAt(f, x, y)
					for k := range 3 {
						d := absDiff(got[k], exactEncode(lin[k]))
						worst = max(worst, d)
						if d > 1 {
							t.Errorf("pixel (%d, %d): colour %v, want the sRGB of %v", x, y, got, lin)
							break
						}
					}
				}
			}
			t.Logf("largest colour difference: %d levels", worst)
			for i, want := range []int{24 * 16, redQ.Rect.Dx() * redQ.Rect.Dy(), greenQ.Rect.Dx() * greenQ.Rect.Dy()} {
				if got := f.Silhouettes[i].Pixels; got != want {
					t.Errorf("object %d: silhouette of %d pixels, want %d", i, got, want)
				}
			}
		})
	}
}

// TestAlphaBlendBehind checks that a blended quad behind an opaque one
// changes nothing: neither colour nor labels.
func TestAlphaBlendBehind(t *testing.T) {
	s := testscenes.AlphaBlend(testscenes.BlendQuad{Rect: image.Rect(2, 2, 10, 10), Z: 32, Color: scene.RGB(1, 0, 0), Alpha: 0.5})
	f := renderScene(t, s)
	for i, id := range f.IDs {
		if id != 1 || pixelAt(f, i%f.Width, i/f.Width) != blue {
			t.Fatalf("pixel %d: id %d colour %v, want the blue wall", i, id, pixelAt(f, i%f.Width, i/f.Width))
		}
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}
