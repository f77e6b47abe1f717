package testscenes

import (
	"image"
	"image/color"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// PixelFocal is the focal length of PixelCamera: a point (X, Y, Z) in its
// frame projects to image coordinates (PixelFocal·X/Z, PixelFocal·Y/Z).
const PixelFocal = 4

// PixelCamera returns a w×h camera with fx = fy = PixelFocal, the
// principal point at the image's top-left corner, identity pose and clip
// planes 0.1..100 m, so that geometry can be placed in pixel units
// (PixelQuad).
func PixelCamera(w, h int) scene.Camera {
	return scene.Camera{Fx: PixelFocal, Fy: PixelFocal, Width: w, Height: h, Near: 0.1, Far: 100, Pose: mgl64.Ident4()}
}

// PixelQuad returns a camera-facing rectangle at depth z that PixelCamera
// sees as [x0, x1)×[y0, y1) in image coordinates, as two front-facing
// triangles, with UV (0, 0) at its top-left corner and (1, 1) at its
// bottom-right one, normals towards the camera and, when alpha is not
// negative, white vertex colours of that alpha. Coordinates that are
// multiples of 1/64 pixel with z a power of two are exact in float32.
func PixelQuad(x0, y0, x1, y1, z float64, alpha float32) *scene.Mesh {
	k := z / PixelFocal
	p := func(x, y float64) mgl32.Vec3 { return mgl32.Vec3{float32(x * k), float32(y * k), float32(z)} }
	m := &scene.Mesh{
		Name:      "pixel quad",
		Positions: []mgl32.Vec3{p(x0, y0), p(x0, y1), p(x1, y1), p(x1, y0)},
		Normals:   []mgl32.Vec3{{0, 0, -1}, {0, 0, -1}, {0, 0, -1}, {0, 0, -1}},
		UVs:       []mgl32.Vec2{{0, 0}, {0, 1}, {1, 1}, {1, 0}},
		// Top-left, bottom-left, bottom-right and top-left, bottom-right,
		// top-right: counter-clockwise seen from the camera (y down).
		Indices: []uint32{0, 1, 2, 0, 2, 3},
	}
	if alpha >= 0 {
		c := mgl32.Vec4{1, 1, 1, alpha}
		m.Colors = []mgl32.Vec4{c, c, c, c}
	}
	return m
}

// AlphaTexture returns a w×h white texture whose texel (i, j) has alpha
// alpha(i, j), sampled from the nearest texel with clamped edges.
func AlphaTexture(w, h int, alpha func(i, j int) uint8) *scene.Texture {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for j := range h {
		for i := range w {
			img.SetNRGBA(i, j, color.NRGBA{255, 255, 255, alpha(i, j)})
		}
	}
	return &scene.Texture{Name: "alpha", Image: img, WrapS: scene.ClampToEdge, WrapT: scene.ClampToEdge, Nearest: true}
}

// MaskRect is where AlphaMask's masked quad lies in the image:
// [MaskRect.Min, MaskRect.Max) in pixels.
var MaskRect = image.Rect(2, 1, 18, 13)

// AlphaMask returns a 20×14 PixelCamera scene of two unlit quads: object
// 0 (id 1), a red quad over MaskRect at depth 4 whose material is
// scene.AlphaMask with the given cutoff, base colour alpha baseA, vertex
// colour alpha vertexA (none when negative) and texture tex spread over
// the rectangle; object 1 (id 2), an opaque blue quad at depth 8 covering
// the whole image. With tex w×h texels that divide MaskRect's 16×12
// pixels, every pixel centre and supersample of the quad falls strictly
// inside one texel: texel (i, j) covers the pixels x in
// [2+16i/w, 2+16(i+1)/w), y in [1+12j/h, 1+12(j+1)/h).
func AlphaMask(tex *scene.Texture, cutoff, baseA, vertexA float32) *scene.Scene {
	r := MaskRect
	front := &scene.Material{Name: "masked", BaseColor: scene.Color{R: 1, A: baseA}, Unlit: true, BaseColorTexture: tex,
		AlphaMode: scene.AlphaMask, AlphaCutoff: cutoff}
	back := &scene.Material{Name: "back", BaseColor: scene.RGB(0, 0, 1), Unlit: true}
	return &scene.Scene{
		Camera:     PixelCamera(20, 14),
		Background: scene.RGB(0, 1, 0),
		Objects: []scene.Object{
			{Name: "masked", Category: "leaf", Mesh: PixelQuad(float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y), 4, vertexA), Material: front, Transform: mgl64.Ident4()},
			{Name: "back", Category: "wall", Mesh: PixelQuad(0, 0, 20, 14, 8, -1), Material: back, Transform: mgl64.Ident4()},
		},
	}
}

// BlendQuad is one unlit quad of AlphaBlend: its image rectangle, depth,
// linear colour and alpha (BaseColor.A).
type BlendQuad struct {
	Rect  image.Rectangle
	Z     float64
	Color scene.Color
	Alpha float32
}

// AlphaBlend returns a 24×16 PixelCamera scene of an opaque unlit blue
// quad at depth 16 over the whole image (object 0, id 1) and, as objects
// 1, 2, ..., one unlit quad per q whose material is scene.AlphaBlend, in
// the order given.
func AlphaBlend(quads ...BlendQuad) *scene.Scene {
	s := &scene.Scene{
		Camera:     PixelCamera(24, 16),
		Background: scene.RGB(0, 1, 0),
		Objects: []scene.Object{{Name: "back", Category: "wall", Mesh: PixelQuad(0, 0, 24, 16, 16, -1),
			Material: &scene.Material{Name: "back", BaseColor: scene.RGB(0, 0, 1), Unlit: true}, Transform: mgl64.Ident4()}},
	}
	for _, q := range quads {
		c := q.Color
		c.A = q.Alpha
		r := q.Rect
		s.Objects = append(s.Objects, scene.Object{
			Name: "glass", Category: "bottle",
			Mesh:      PixelQuad(float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y), q.Z, -1),
			Material:  &scene.Material{Name: "glass", BaseColor: c, Unlit: true, AlphaMode: scene.AlphaBlend},
			Transform: mgl64.Ident4(),
		})
	}
	return s
}
