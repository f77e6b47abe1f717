package soft

import (
	"context"
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// TestEnvironmentBackground draws an environment behind a scene: a map
// red in its left half (u < 1/2) and blue in its right, seen by a 90°
// camera looking along −Z, with a quad in front. Every background pixel
// whose ray lies more than one map texel from the seam is exactly the
// half's radiance times the intensity (pure red left of centre, blue
// right; swapped by a rotation of π); every label, and the colour of
// pixels inside the quad, are those of the same scene without
// Background; a sky pixel is never the scene's Background colour.
func TestEnvironmentBackground(t *testing.T) {
	const W, H = 64, 48
	red, blue := [3]float32{0.8, 0.1, 0.1}, [3]float32{0.1, 0.2, 0.9}
	env := &scene.Environment{Name: "halves", Width: 64, Height: 32, Radiance: make([]float32, 3*64*32), Intensity: 0.5, Background: true}
	for j := range 32 {
		for i := range 64 {
			c := blue
			if i < 32 {
				c = red
			}
			copy(env.Radiance[3*(j*64+i):], c[:])
		}
	}
	cam := scene.Camera{Fx: 32, Fy: 32, Cx: W / 2, Cy: H / 2, Width: W, Height: H, Near: 0.1, Far: 100}
	cam, err := cam.WithLookAt(mgl64.Vec3{0, 0, 0}, mgl64.Vec3{0, 0, -1}, mgl64.Vec3{0, 1, 0})
	if err != nil {
		t.Fatal(err)
	}
	for _, rot := range []float64{0, math.Pi} {
		e := *env
		e.Rotation = rot
		s := &scene.Scene{Camera: cam, Background: scene.RGB(0, 1, 0), Environment: &e,
			Lights:  []scene.Light{{Kind: scene.Ambient, Color: scene.RGB(1, 1, 1), Intensity: 0.3}},
			Objects: []scene.Object{{Name: "quad", Category: "q", Mesh: scene.Quad(0.6, 0.6), Material: &scene.Material{BaseColor: scene.RGB(0.5, 0.5, 0.5), Roughness: 1}, Transform: mgl64.Translate3D(0.3, 0.2, -2)}}}
		bare := *s
		be := e
		be.Background = false
		bare.Environment = &be
		for _, ssaa := range []int{1, 2} {
			r := New(Options{SSAA: ssaa})
			f, err := r.Render(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			g, err := r.Render(context.Background(), &bare)
			if err != nil {
				t.Fatal(err)
			}
			left, right := red, blue
			if rot != 0 {
				left, right = blue, red
			}
			enc := func(c [3]float32) [3]uint8 {
				return [3]uint8{encodeSRGB(c[0] * 0.5), encodeSRGB(c[1] * 0.5), encodeSRGB(c[2] * 0.5)}
			}
			checked, covered := 0, 0
			for y := range H {
				for x := range W {
					i := y*W + x
					px := f.Color.Pix[4*i : 4*i+3]
					if f.IDs[i] != g.IDs[i] || f.Depth[i] != g.Depth[i] || f.Normals[i] != g.Normals[i] {
						t.Fatalf("rotation %g, SSAA %d: pixel (%d, %d): labels change with Background", rot, ssaa, x, y)
					}
					if f.IDs[i] != 0 {
						covered++
						inner := x > 0 && y > 0 && x < W-1 && y < H-1 &&
							f.IDs[i-1] != 0 && f.IDs[i+1] != 0 && f.IDs[i-W] != 0 && f.IDs[i+W] != 0
						for k := range 3 {
							if !inner {
								break // an edge pixel's sub-samples may see the sky
							}
							if px[k] != g.Color.Pix[4*i+k] {
								t.Fatalf("rotation %g, SSAA %d: covered pixel (%d, %d) changes colour with Background", rot, ssaa, x, y)
							}
						}
						continue
					}
					if px[0] == 0 && px[1] == 255 && px[2] == 0 {
						t.Fatalf("rotation %g, SSAA %d: pixel (%d, %d) shows Scene.Background", rot, ssaa, x, y)
					}
					// The ray's azimuth from −Z, in texels of the map.
					az := math.Atan2(float64(x)+0.5-W/2, 32) / (2 * math.Pi) * 64
					if math.Abs(az) < 1.5 {
						continue // within the seam's bilinear blend (and SSAA sub-samples around it)
					}
					want := enc(right)
					if az < 0 {
						want = enc(left)
					}
					if [3]uint8(px) != want {
						t.Fatalf("rotation %g, SSAA %d: pixel (%d, %d) (azimuth %.2f texels) = %v, want %v", rot, ssaa, x, y, az, px, want)
					}
					checked++
				}
			}
			if checked < W*H/2 || covered == 0 {
				t.Fatalf("rotation %g, SSAA %d: %d sky pixels checked, %d covered", rot, ssaa, checked, covered)
			}
		}
	}
}
