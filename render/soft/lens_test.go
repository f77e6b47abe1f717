package soft_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/labels"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"
	"github.com/synthkit/synthkit/scene"
)

// TestLensResample: a distorted camera's id map, depth, normals and
// silhouettes equal the covering pinhole render resampled by the model at
// pixel centres (the ray of each pixel centre, Camera.Ray, projected into
// the pinhole image; nearest pinhole pixel), computed here independently
// of render.WithLens; and keypoints projected with the model land on their
// object.
func TestLensResample(t *testing.T) {
	for _, tt := range []struct {
		name string
		d    scene.Distortion
		over int
	}{
		{"barrel", scene.Distortion{Model: scene.BrownConrady, K1: -0.18, K2: 0.04, P1: 0.002, P2: -0.001}, 2},
		{"pincushion", scene.Distortion{Model: scene.BrownConrady, K1: 0.1, K3: 0.01}, 1},
		{"fisheye", scene.Distortion{Model: scene.KannalaBrandt, K1: 0.03, K2: -0.01}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := testscenes.Small2k(160, 120)
			s.Camera.Distortion = tt.d
			inner := soft.New(soft.Options{Workers: 2})
			r, err := render.WithLens(inner, tt.over)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			f, err := r.Render(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			src, err := s.Camera.CoveringPinhole(float64(tt.over))
			if err != nil {
				t.Fatal(err)
			}
			ps := *s
			ps.Camera = src
			pf, err := inner.Render(context.Background(), &ps)
			if err != nil {
				t.Fatal(err)
			}
			w, h := s.Camera.Width, s.Camera.Height
			bad, objects := 0, 0
			for y := range h {
				for x := range w {
					ray, ok := s.Camera.Ray(float64(x)+0.5, float64(y)+0.5)
					if !ok {
						t.Fatalf("no ray at pixel (%d, %d)", x, y)
					}
					su, sv := src.ProjectCamera(ray)
					px, py := int(math.Floor(su)), int(math.Floor(sv))
					j, i := py*src.Width+px, y*w+x
					if f.IDs[i] != pf.IDs[j] || f.Depth[i] != pf.Depth[j] || f.Normals[i] != pf.Normals[j] {
						bad++
						if bad < 5 {
							t.Errorf("pixel (%d, %d): id %d depth %g, pinhole pixel (%d, %d) has id %d depth %g", x, y, f.IDs[i], f.Depth[i], px, py, pf.IDs[j], pf.Depth[j])
						}
					}
					for k := range f.Silhouettes {
						if f.Silhouettes[k].At(x, y) != pf.Silhouettes[k].At(px, py) {
							bad++
							if bad < 5 {
								t.Errorf("pixel (%d, %d): silhouette %d disagrees with pinhole pixel (%d, %d)", x, y, k, px, py)
							}
						}
					}
					if f.IDs[i] != 0 {
						objects++
					}
				}
			}
			if bad > 0 {
				t.Fatalf("%d mismatches", bad)
			}
			if objects < w*h/10 {
				t.Fatalf("only %d object pixels: the scene is not in view", objects)
			}
			// Each object's centre, projected with the model, lands on a
			// pixel of its silhouette when its silhouette is not empty
			// and its centre is in the image.
			checked := 0
			for k := range s.Objects {
				o := &s.Objects[k]
				lo, hi := o.Mesh.Bounds()
				c := o.Transform.Mul4x1(lo.Add(hi).Mul(0.5).Vec4(1)).Vec3()
				u, v, z := s.Camera.Project(c)
				x, y := int(math.Floor(u)), int(math.Floor(v))
				if z <= 0 || x < 1 || y < 1 || x >= w-1 || y >= h-1 || f.Silhouettes[k].Pixels < 50 {
					continue
				}
				checked++
				// Within a pixel: nearest-pinhole resampling moves labels by
				// at most half a pinhole pixel.
				hit := false
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						hit = hit || f.Silhouettes[k].At(x+dx, y+dy)
					}
				}
				if !hit {
					t.Errorf("object %d: centre projects to (%.2f, %.2f), outside its silhouette %v", k, u, v, f.Silhouettes[k].Bounds)
				}
			}
			if checked == 0 {
				t.Fatal("no object centre checked")
			}
			// Labels extracted from the distorted frame are consistent.
			if _, err := labels.Extract(s, f); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestLensRefusedDirectly: a backend asked for a distorted camera without
// render.WithLens says so.
func TestLensRefusedDirectly(t *testing.T) {
	s := testscenes.Small2k(32, 24)
	s.Camera.Distortion = scene.Distortion{Model: scene.BrownConrady, K1: -0.1}
	r := soft.New(soft.Options{})
	if _, err := r.Render(context.Background(), s); err == nil || !errors.Is(err, render.ErrLensNotSupported) {
		t.Fatalf("Render = %v, want ErrLensNotSupported", err)
	}
}
