package shading

import (
	"slices"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

func TestBlendOrder(t *testing.T) {
	blend := &scene.Material{Name: "glass", AlphaMode: scene.AlphaBlend}
	mask := &scene.Material{Name: "leaf", AlphaMode: scene.AlphaMask}
	box := scene.Box(1, 1, 1) // centred on its origin
	// offset is a box whose bounding-box centre lies 2 m along +z of its
	// origin, so that the box centre, not the origin, decides.
	offset := scene.Box(1, 1, 1)
	for i := range offset.Positions {
		offset.Positions[i][2] += 2
	}
	type obj struct {
		z    float64 // world z of the object's origin; the camera looks along +z from the origin
		mat  *scene.Material
		mesh *scene.Mesh // nil: box
	}
	tests := []struct {
		name string
		objs []obj
		want []int
	}{
		{"none", []obj{{3, nil, nil}, {4, mask, nil}}, []int{}},
		{"far first", []obj{{3, blend, nil}, {5, blend, nil}, {4, blend, nil}}, []int{1, 2, 0}},
		{"opaque and mask skipped", []obj{{9, nil, nil}, {3, blend, nil}, {8, mask, nil}, {6, blend, nil}}, []int{3, 1}},
		{"ties keep scene order", []obj{{4, blend, nil}, {4, blend, nil}, {7, blend, nil}, {4, blend, nil}}, []int{2, 0, 1, 3}},
		{"behind the camera", []obj{{-2, blend, nil}, {3, blend, nil}}, []int{1, 0}},
		{"box centre decides", []obj{{4.5, blend, nil}, {3, blend, offset}}, []int{1, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := &scene.Scene{Camera: scene.NewCameraFOV(64, 48, 60)}
			for _, o := range tc.objs {
				m := o.mesh
				if m == nil {
					m = box
				}
				s.Objects = append(s.Objects, scene.Object{Mesh: m, Material: o.mat, Transform: mgl64.Translate3D(0, 0, o.z)})
			}
			got := BlendOrder(nil, s)
			if !slices.Equal(got, tc.want) {
				t.Errorf("BlendOrder = %v, want %v", got, tc.want)
			}
		})
	}
}
