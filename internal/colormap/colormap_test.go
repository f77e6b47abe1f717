package colormap

import (
	"image/color"
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

func TestViridis(t *testing.T) {
	for _, tt := range []struct {
		t    float64
		want color.RGBA
	}{
		{0, color.RGBA{0x44, 0x01, 0x54, 255}},
		{-1, color.RGBA{0x44, 0x01, 0x54, 255}},
		{math.NaN(), color.RGBA{0x44, 0x01, 0x54, 255}},
		{0.125, color.RGBA{64, 42, 112, 255}}, // half way between the first two stops
		{0.5, color.RGBA{0x21, 0x91, 0x8c, 255}},
		{1, color.RGBA{0xfd, 0xe7, 0x25, 255}},
		{7, color.RGBA{0xfd, 0xe7, 0x25, 255}},
	} {
		if got := Viridis(tt.t); got != tt.want {
			t.Errorf("Viridis(%g) = %v, want %v", tt.t, got, tt.want)
		}
	}
}

func TestInstance(t *testing.T) {
	for _, tt := range []struct {
		id   uint32
		want color.RGBA
	}{
		{0, color.RGBA{0, 0, 0, 255}},
		// Hue 0.618034 turns = 222.5°, s 0.75, v 1.
		{1, color.RGBA{64, 120, 255, 255}},
		// Hue 0.236068 turns = 85.0°: between yellow and green.
		{2, color.RGBA{175, 255, 64, 255}},
	} {
		if got := Instance(tt.id); got != tt.want {
			t.Errorf("Instance(%d) = %v, want %v", tt.id, got, tt.want)
		}
	}
	// Neighbouring ids never share a colour.
	for id := uint32(1); id < 1000; id++ {
		if Instance(id) == Instance(id+1) {
			t.Fatalf("ids %d and %d share colour %v", id, id+1, Instance(id))
		}
	}
}

func TestNormal(t *testing.T) {
	for _, tt := range []struct {
		n    mgl32.Vec3
		want color.RGBA
	}{
		{mgl32.Vec3{}, color.RGBA{0, 0, 0, 255}},
		{mgl32.Vec3{0, 0, -1}, color.RGBA{128, 128, 0, 255}}, // facing the camera
		{mgl32.Vec3{1, 0, 0}, color.RGBA{255, 128, 128, 255}},
		{mgl32.Vec3{0, -1, 0}, color.RGBA{128, 0, 128, 255}},
	} {
		if got := Normal(tt.n); got != tt.want {
			t.Errorf("Normal(%v) = %v, want %v", tt.n, got, tt.want)
		}
	}
}

func TestDepth(t *testing.T) {
	bg := color.RGBA{9, 9, 9, 255}
	img, near, far := Depth([]float32{0, 1, 2, 4}, 2, 2, bg)
	if near != 1 || far != 4 {
		t.Errorf("range %g..%g, want 1..4", near, far)
	}
	// 1/z spans 1 (yellow) to 0.25 (purple); 1/2 is a third of the way up.
	for i, want := range []color.RGBA{bg, Viridis(1), Viridis(1.0 / 3), Viridis(0)} {
		if got := img.RGBAAt(i%2, i/2); got != want {
			t.Errorf("pixel %d = %v, want %v", i, got, want)
		}
	}
	// The nearest and farthest 1% saturate: one very near outlier among
	// 200 pixels does not squeeze the rest into purple.
	depth := make([]float32, 200)
	for i := range depth {
		depth[i] = 1 + float32(i)/100
	}
	depth[0] = 0.01
	img, near, _ = Depth(depth, 200, 1, bg)
	if near != float64(float32(0.01)) {
		t.Errorf("near = %g, want the outlier's 0.01", near)
	}
	if got := img.RGBAAt(1, 0); got != Viridis(1) {
		t.Errorf("second nearest pixel %v, want yellow %v", got, Viridis(1))
	}
	if img, near, far = Depth(make([]float32, 4), 2, 2, bg); near != 0 || far != 0 || img.RGBAAt(1, 1) != bg {
		t.Errorf("empty map: range %g..%g, pixel %v", near, far, img.RGBAAt(1, 1))
	}
}

func TestImages(t *testing.T) {
	ids := Instances([]uint32{0, 1, 2}, 3, 1)
	for x, id := range []uint32{0, 1, 2} {
		if got := ids.RGBAAt(x, 0); got != Instance(id) {
			t.Errorf("Instances pixel %d = %v, want %v", x, got, Instance(id))
		}
	}
	ns := Normals([]mgl32.Vec3{{}, {0, 0, -1}}, 1, 2)
	if got := ns.RGBAAt(0, 1); got != (color.RGBA{128, 128, 0, 255}) {
		t.Errorf("Normals pixel (0, 1) = %v", got)
	}
}
