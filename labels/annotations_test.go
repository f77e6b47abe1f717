package labels

import (
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// emptyFrame is a w×h frame of background for a scene without objects,
// or with a constant depth d everywhere.
func emptyFrame(w, h int, d float32) *render.Frame {
	f := render.NewFrame(w, h, 0)
	for i := range f.Depth {
		f.Depth[i] = d
	}
	return f
}

func TestExtractAnnotationsRegion(t *testing.T) {
	// Camera at the origin looking down +z, f = 10 px, 20×20 image: a box
	// x, y ∈ [−0.5, 0.5] at z ∈ [5, 6] projects to u, v ∈ [9, 11]: the 2×2
	// pixels 9..10 (its back face to [9.17, 10.83], inside).
	cam := scene.Camera{Fx: 10, Fy: 10, Cx: 10, Cy: 10, Width: 20, Height: 20, Near: 0.1, Far: 100, Pose: mgl64.Ident4()}
	region := &scene.Region{Transform: mgl64.Translate3D(0, 0, 5.5), Lo: mgl64.Vec3{-0.5, -0.5, -0.5}, Hi: mgl64.Vec3{0.5, 0.5, 0.5}}
	for _, tt := range []struct {
		name        string
		depth       float32
		area, modal int
	}{
		{"background", 0, 4, 4},
		{"wall behind", 7, 4, 4},
		{"wall inside the box", 5.5, 4, 4},
		{"wall in front", 4, 0, 4},
	} {
		s := &scene.Scene{Camera: cam, Annotations: []scene.Annotation{{Category: "gap", Region: region}}}
		got, err := ExtractAnnotations(s, emptyFrame(20, 20, tt.depth))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Area != tt.area || got[0].AmodalArea != tt.modal || got[0].AmodalBox != (Box{X: 9, Y: 9, W: 2, H: 2}) || got[0].RLE.Area() != tt.area {
			t.Errorf("%s: %+v", tt.name, got)
		}
	}
}

func TestExtractAnnotationsLine(t *testing.T) {
	cam := scene.Camera{Fx: 10, Fy: 10, Cx: 10, Cy: 10, Width: 20, Height: 20, Near: 0.1, Far: 100, Pose: mgl64.Ident4()}
	for _, tt := range []struct {
		name string
		line []mgl64.Vec3
		want [][]Point
	}{
		{"inside", []mgl64.Vec3{{-0.5, 0, 5}, {0.5, 0, 5}}, [][]Point{{{9, 10}, {11, 10}}}},
		{"clipped right", []mgl64.Vec3{{0, 0, 1}, {4, 0, 1}}, [][]Point{{{10, 10}, {20, 10}}}},
		{"outside", []mgl64.Vec3{{5, 5, 1}, {6, 5, 1}}, nil},
		{"behind", []mgl64.Vec3{{0, 0, -1}, {1, 0, -2}}, nil},
		{"out and back", []mgl64.Vec3{{0, 0, 1}, {4, 0, 1}, {-0.5, 0.5, 1}}, [][]Point{{{10, 10}, {20, 10}}, {{20, 10 + 10.0/3}, {5, 15}}}},
	} {
		s := &scene.Scene{Camera: cam, Annotations: []scene.Annotation{{Category: "row", Line: tt.line}}}
		got, err := ExtractAnnotations(s, emptyFrame(20, 20, 0))
		if err != nil {
			t.Fatal(err)
		}
		if tt.want == nil {
			if len(got) != 0 {
				t.Errorf("%s: %+v, want nothing", tt.name, got)
			}
			continue
		}
		if len(got) != 1 || len(got[0].Line) != len(tt.want) {
			t.Fatalf("%s: %+v, want %v", tt.name, got, tt.want)
		}
		for i, piece := range tt.want {
			for j, p := range piece {
				q := got[0].Line[i][j]
				if d := (q.X-p.X)*(q.X-p.X) + (q.Y-p.Y)*(q.Y-p.Y); d > 1e-18 {
					t.Errorf("%s: piece %d point %d = %v, want %v", tt.name, i, j, q, p)
				}
			}
		}
	}
}

func TestExtractAnnotationsMismatch(t *testing.T) {
	cam := scene.Camera{Fx: 10, Fy: 10, Cx: 10, Cy: 10, Width: 20, Height: 20, Near: 0.1, Far: 100, Pose: mgl64.Ident4()}
	s := &scene.Scene{Camera: cam, Annotations: []scene.Annotation{{Category: "g", Objects: []int{3}}}}
	if _, err := ExtractAnnotations(s, emptyFrame(20, 20, 0)); err == nil {
		t.Error("object out of range accepted")
	}
	if _, err := ExtractAnnotations(s, emptyFrame(10, 20, 0)); err == nil {
		t.Error("wrong frame size accepted")
	}
}
