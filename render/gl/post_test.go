//go:build gl

package gl

import (
	"strings"
	"testing"

	_ "github.com/synthkit/synthkit/examples/shelves" // registers "shelves"
	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// TestPostShaders renders a shelves sample with the post-effects as
// shaders (Options.Post = PostGPU) and with PostCPU followed by render.ApplyPost, the
// reference, and compares the colour bytes: the same rendered image goes
// into both, so every difference comes from the post passes. Each case
// isolates a part of the plan; the phone case is the shelves default mix.
//
// Limits, per case: the share of channels that differ at all, and the
// largest difference. The shaders follow ApplyPost's float32 operations
// in order (precise), so they can differ only where a GPU rounds
// differently (sqrt, texelFetch of sRGB): noise, contrast and JPEG (exact
// integer arithmetic) must agree exactly, the linear stage within one
// code on 0.1% of channels (the phone mix 2 codes, 0.2%: JPEG spreads a
// difference over its block). Mesa llvmpipe agrees on every byte of every
// case. The image is not whole macroblocks, so JPEG's edges are covered.
//
// It runs in the calibrated orientation and in one that reads rows back
// in the other order, since the passes address image rows (noise keys,
// vignette, blur order) through it, and with 4× MSAA.
func TestPostShaders(t *testing.T) {
	sharedRenderer(t) // skips when there is no context
	gpu := newTestRenderer(t, Options{Post: PostGPU})
	cpu := newTestRenderer(t, Options{Post: PostCPU})
	calibrated := gpu.orient
	other := orientations[0]
	for _, o := range orientations {
		if o.rowsTopFirst() != calibrated.rowsTopFirst() {
			other = o
			break
		}
	}
	for _, o := range []orientation{calibrated, other} {
		t.Run(o.String(), func(t *testing.T) {
			// Renders run on the GL thread, after this write (thread.do).
			gpu.orient, cpu.orient = o, o
			testPostShaders(t, gpu, cpu)
		})
	}
	// With multisampling the passes read the resolved colour.
	t.Run("msaa 4", func(t *testing.T) {
		gpu := newTestRenderer(t, Options{MSAA: 4, Post: PostGPU})
		cpu := newTestRenderer(t, Options{MSAA: 4, Post: PostCPU})
		testPostShaders(t, gpu, cpu)
	})
}

func testPostShaders(t *testing.T, gpu, cpu *Renderer) {
	g, _, err := generator.New("shelves", nil)
	if err != nil {
		t.Fatal(err)
	}
	base, err := g.Sample(generator.NewContext(3, 1, 318, 237, nil)) // not whole macroblocks: JPEG edges
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		post    scene.Post
		share   float64 // largest share of channels that may differ
		maxDiff int     // largest difference, in codes
	}{
		{"noise", scene.Post{Seed: 9, Noise: 0.02}, 0, 0},
		{"contrast saturation noise", scene.Post{Seed: 5, Contrast: 0.3, Saturation: -0.4, Noise: 0.01}, 0, 0},
		{"gains vignette", scene.Post{WhiteBalance: [3]float64{0.1, 0, -0.1}, Exposure: 0.5, Vignette: 0.4}, 0.001, 1},
		{"shot noise", scene.Post{Seed: 3, ShotNoise: 0.002}, 0.001, 1},
		{"blur", scene.Post{Blur: 1.7}, 0.001, 1},
		{"blur max", scene.Post{Blur: scene.MaxBlurSigma}, 0.001, 1},
		{"motion", scene.Post{MotionLength: 7.5, MotionAngle: 2.2}, 0.001, 1},
		{"motion max", scene.Post{MotionLength: scene.MaxMotionLength, MotionAngle: -0.7}, 0.001, 1},
		{"jpeg", scene.Post{JPEGQuality: 85}, 0, 0},
		{"jpeg low quality", scene.Post{JPEGQuality: 7}, 0, 0},
		{"phone", scene.Post{
			Seed: 11, Blur: 0.8, MotionLength: 2, MotionAngle: 0.3, Vignette: 0.25,
			WhiteBalance: [3]float64{0.05, 0, -0.04}, Exposure: 0.2, ShotNoise: 0.0005,
			Contrast: 0.1, Saturation: 0.1, Noise: 0.01, JPEGQuality: 85,
		}, 0.002, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := *base
			s.Post = tc.post
			want := render.StagesOf(tc.post)
			a := mustRender(t, gpu, &s)
			if a.PostApplied != want {
				t.Fatalf("PostApplied = %b, want %b", a.PostApplied, want)
			}
			b := mustRender(t, cpu, &s)
			if b.PostApplied != 0 {
				t.Fatalf("with PostCPU, PostApplied = %b", b.PostApplied)
			}
			for _, f := range []*render.Frame{a, b} {
				if err := render.ApplyPost(f, s.Post); err != nil {
					t.Fatal(err)
				}
			}
			n, diff, worst := 0, 0, 0
			for i, v := range a.Color.Pix {
				d := int(v) - int(b.Color.Pix[i])
				d = max(d, -d)
				if d > 0 {
					diff++
					if d > worst {
						worst = d
					}
				}
				n++
			}
			share := float64(diff) / float64(n)
			t.Logf("%d of %d channels differ (%.4f%%), max %d", diff, n, 100*share, worst)
			if share > tc.share || worst > tc.maxDiff {
				t.Errorf("%d of %d channels differ, max %d; want at most %.2f%%, max %d", diff, n, worst, 100*tc.share, tc.maxDiff)
			}
		})
	}
}

// TestPostMode: Options.Post is checked, and "auto" picks the CPU on a
// software rasteriser only.
func TestPostMode(t *testing.T) {
	if _, err := (Options{Post: "shader"}).withDefaults(); err == nil || !strings.Contains(err.Error(), "shader") {
		t.Errorf("Post \"shader\": %v", err)
	}
	for _, tc := range []struct {
		renderer string
		soft     bool
	}{
		{"llvmpipe (LLVM 15.0.6, 256 bits)", true},
		{"softpipe", true},
		{"Mesa X11 swrast", true},
		{"NVIDIA H200/PCIe/SSE2", false},
		{"AMD Radeon Graphics (radeonsi, gfx1036, LLVM 15.0.6, DRM 3.49, 6.1.0)", false},
		{"Mesa Intel(R) UHD Graphics 620 (KBL GT2)", false},
	} {
		if got := softwareRasterizer(tc.renderer); got != tc.soft {
			t.Errorf("softwareRasterizer(%q) = %v", tc.renderer, got)
		}
	}
	r := sharedRenderer(t)
	if info := r.Info(); info.PostOnGPU == softwareRasterizer(info.Renderer) {
		t.Errorf("auto on %q: PostOnGPU = %v", info.Renderer, info.PostOnGPU)
	}
}
