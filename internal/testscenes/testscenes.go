// Package testscenes builds deterministic scenes for tests and benchmarks
// shared by several packages (renderers, labels), so that they measure on
// the same frames.
//
// Every builder is a pure function of its arguments: the same call gives
// the same scene, on any machine and Go release (randomness comes from a
// fixed splitmix64 stream, not from math/rand).
package testscenes

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// Shelf returns a retail shelf at the given image size: a shelf unit with
// four boards, side and back panels on a floor, and 100 products (40
// boxes with a label texture, 32 cylinders of 32 segments, 28 flattened
// spheres of 32×16), lit by ambient light, a sun and a point light. It has
// about 31.5k triangles (see NumTriangles).
func Shelf(width, height int) *scene.Scene {
	r := newRand(0x5e1f)
	s := &scene.Scene{
		Camera:     lookAt(scene.NewCameraFOV(width, height, 55), mgl64.Vec3{0.3, 1.0, 2.3}, mgl64.Vec3{0, 0.85, -0.2}),
		Background: scene.RGB(0.55, 0.6, 0.65),
		Lights: []scene.Light{
			{Kind: scene.Ambient, Color: scene.RGB(1, 1, 1), Intensity: 0.25},
			{Kind: scene.Directional, Color: scene.Kelvin(5500), Intensity: 2, Direction: mgl64.Vec3{-0.4, -1, -0.6}},
			{Kind: scene.Point, Color: scene.Kelvin(4000), Intensity: 1.5, Position: mgl64.Vec3{0.5, 2.2, 1.2}},
		},
	}
	wood := &scene.Material{Name: "wood", BaseColor: scene.SRGB8(150, 110, 70), Roughness: 0.9}
	panel := &scene.Material{Name: "panel", BaseColor: scene.SRGB8(200, 200, 205), Roughness: 1}
	floor := &scene.Material{Name: "floor", BaseColor: scene.RGB(1, 1, 1), Roughness: 0.8,
		BaseColorTexture: Checker(8, scene.SRGB8(90, 90, 95), scene.SRGB8(160, 160, 165)),
		UVTransform:      scaleUV(8)}
	add := func(name string, m *scene.Mesh, mat *scene.Material, t mgl64.Mat4, cat string) {
		s.Objects = append(s.Objects, scene.Object{Name: name, Mesh: m, Material: mat, Transform: t, Category: cat})
	}
	add("floor", scene.Plane(8, 8), floor, mgl64.Ident4(), "floor")
	const (
		halfW = 1.0
		depth = 0.45
		unitH = 1.8
		thick = 0.03
	)
	unitBox := scene.Box(1, 1, 1)
	add("side-left", unitBox, panel, trs(mgl64.Vec3{-halfW - thick/2, unitH / 2, -depth / 2}, 0, mgl64.Vec3{thick, unitH, depth}), "shelf")
	add("side-right", unitBox, panel, trs(mgl64.Vec3{halfW + thick/2, unitH / 2, -depth / 2}, 0, mgl64.Vec3{thick, unitH, depth}), "shelf")
	add("back", unitBox, panel, trs(mgl64.Vec3{0, unitH / 2, -depth - thick/2}, 0, mgl64.Vec3{2*halfW + 2*thick, unitH, thick}), "shelf")
	boards := []float64{0.15, 0.6, 1.05, 1.5}
	for i, y := range boards {
		add(fmt.Sprintf("board-%d", i), unitBox, wood, trs(mgl64.Vec3{0, y - thick/2, -depth / 2}, 0, mgl64.Vec3{2 * halfW, thick, depth}), "shelf")
	}

	label := Label()
	cyl, err := scene.Cylinder(0.5, 1, 32)
	if err != nil {
		panic(err) // constant arguments: cannot fail
	}
	sphere, err := scene.Sphere(0.5, 32, 16)
	if err != nil {
		panic(err)
	}
	for bi, y := range boards {
		// 10 boxes, 8 cylinders, 7 spheres per board, in shuffled order,
		// alternating between a front and a back row.
		kinds := make([]int, 25)
		for i := range kinds {
			switch {
			case i < 10:
				kinds[i] = 0
			case i < 18:
				kinds[i] = 1
			default:
				kinds[i] = 2
			}
		}
		for i := len(kinds) - 1; i > 0; i-- {
			j := r.intn(i + 1)
			kinds[i], kinds[j] = kinds[j], kinds[i]
		}
		x := -halfW + 0.06
		for i, k := range kinds {
			z := -0.12
			if i%2 == 1 {
				z = -0.3
			}
			col := scene.RGB(float32(r.uniform(0.05, 0.9)), float32(r.uniform(0.05, 0.9)), float32(r.uniform(0.05, 0.9)))
			mat := &scene.Material{BaseColor: col, Roughness: float32(r.uniform(0.35, 1))}
			yaw := r.uniform(-0.4, 0.4)
			name := fmt.Sprintf("p%d-%d", bi, i)
			switch k {
			case 0:
				w, h, d := r.uniform(0.05, 0.09), r.uniform(0.1, 0.3), r.uniform(0.08, 0.16)
				mat.BaseColorTexture = label
				add(name, unitBox, mat, trs(mgl64.Vec3{x, y + h/2, z}, yaw, mgl64.Vec3{w, h, d}), "box")
			case 1:
				rad, h := r.uniform(0.03, 0.045), r.uniform(0.1, 0.25)
				mat.Metallic = float32(r.intn(2))
				add(name, cyl, mat, trs(mgl64.Vec3{x, y + h/2, z}, yaw, mgl64.Vec3{2 * rad, h, 2 * rad}), "can")
			default:
				rx, ry := r.uniform(0.035, 0.045), r.uniform(0.025, 0.05)
				add(name, sphere, mat, trs(mgl64.Vec3{x, y + ry, z}, yaw, mgl64.Vec3{2 * rx, 2 * ry, 2 * rx}), "fruit")
			}
			x += 1.88 / 25
		}
	}
	return s
}

// Small2k returns a small lit scene of about 1.9k triangles at the given
// image size: a textured floor, a rotated box, two cylinders, a sphere, an
// ellipsoid, a row of small boxes and a double-sided quad with vertex
// colours.
func Small2k(width, height int) *scene.Scene {
	s := &scene.Scene{
		Camera:     lookAt(scene.NewCameraFOV(width, height, 50), mgl64.Vec3{0.4, 1.4, 3.2}, mgl64.Vec3{0, 0.35, 0}),
		Background: scene.RGB(0.2, 0.22, 0.25),
		Lights: []scene.Light{
			{Kind: scene.Ambient, Color: scene.RGB(1, 1, 1), Intensity: 0.2},
			{Kind: scene.Directional, Color: scene.RGB(1, 1, 1), Intensity: 2.2, Direction: mgl64.Vec3{-0.5, -1, -0.3}},
		},
	}
	add := func(name string, m *scene.Mesh, mat *scene.Material, t mgl64.Mat4) {
		s.Objects = append(s.Objects, scene.Object{Name: name, Mesh: m, Material: mat, Transform: t, Category: name})
	}
	floor := &scene.Material{BaseColor: scene.RGB(1, 1, 1), Roughness: 1,
		BaseColorTexture: Checker(8, scene.SRGB8(60, 60, 60), scene.SRGB8(200, 200, 200)), UVTransform: scaleUV(4)}
	add("floor", scene.Plane(4, 4), floor, mgl64.Ident4())
	add("box", scene.Box(0.5, 0.5, 0.5), &scene.Material{BaseColor: scene.SRGB8(200, 40, 30), Roughness: 0.6},
		trs(mgl64.Vec3{-0.8, 0.25, 0}, 0.5, mgl64.Vec3{1, 1, 1}))
	cyl, _ := scene.Cylinder(0.2, 0.6, 32)
	add("can", cyl, &scene.Material{BaseColor: scene.SRGB8(40, 180, 60), Roughness: 0.3, Metallic: 1}, trs(mgl64.Vec3{0, 0.3, 0.3}, 0, mgl64.Vec3{1, 1, 1}))
	add("can2", cyl, &scene.Material{BaseColor: scene.SRGB8(230, 200, 50), Roughness: 0.5}, trs(mgl64.Vec3{0.2, 0.15, 0.9}, 0, mgl64.Vec3{0.6, 0.5, 0.6}))
	sph, _ := scene.Sphere(0.3, 32, 16)
	add("ball", sph, &scene.Material{BaseColor: scene.SRGB8(50, 80, 220), Roughness: 0.4}, trs(mgl64.Vec3{0.8, 0.3, -0.2}, 0, mgl64.Vec3{1, 1, 1}))
	ell, _ := scene.Ellipsoid(0.25, 0.12, 0.18, 24, 12)
	add("egg", ell, &scene.Material{BaseColor: scene.SRGB8(230, 230, 220), Roughness: 0.7}, trs(mgl64.Vec3{-0.3, 0.12, 0.9}, 0.3, mgl64.Vec3{1, 1, 1}))
	small := scene.Box(0.12, 0.12, 0.12)
	for i := range 12 {
		c := scene.Kelvin(2000 + 1500*float64(i))
		add(fmt.Sprintf("cube%d", i), small, &scene.Material{BaseColor: c, Roughness: 1},
			trs(mgl64.Vec3{-1.1 + 0.2*float64(i), 0.06, -1}, 0.2*float64(i), mgl64.Vec3{1, 1, 1}))
	}
	q := scene.Quad(0.8, 0.5)
	q.Colors = []mgl32.Vec4{{1, 0, 0, 1}, {0, 1, 0, 1}, {0, 0, 1, 1}, {1, 1, 1, 1}}
	add("sign", q, &scene.Material{BaseColor: scene.RGB(1, 1, 1), Roughness: 1, DoubleSided: true},
		trs(mgl64.Vec3{0.1, 0.8, -1.2}, -0.4, mgl64.Vec3{1, 1, 1}))
	return s
}

// NumTriangles returns the number of triangles in s.
func NumTriangles(s *scene.Scene) int {
	n := 0
	for i := range s.Objects {
		n += s.Objects[i].Mesh.NumTriangles()
	}
	return n
}

// Checker returns an n×n checkerboard texture (sRGB) of colours a and b,
// with repeat wrapping and nearest sampling.
func Checker(n int, a, b scene.Color) *scene.Texture {
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	ca, cb := toNRGBA(a), toNRGBA(b)
	for y := range n {
		for x := range n {
			c := ca
			if (x+y)%2 == 1 {
				c = cb
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return &scene.Texture{Name: "checker", Image: img, Nearest: true}
}

// Label returns a 32×16 product-label texture: a white band with a
// coloured stripe and a dark bar code, bilinear, clamped.
func Label() *scene.Texture {
	img := image.NewNRGBA(image.Rect(0, 0, 32, 16))
	for y := range 16 {
		for x := range 32 {
			c := color.NRGBA{240, 240, 235, 255}
			switch {
			case y < 4:
				c = color.NRGBA{200, 30, 40, 255}
			case y >= 10 && y < 14 && x >= 18 && x < 30 && (x*7)%3 != 0:
				c = color.NRGBA{20, 20, 20, 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return &scene.Texture{Name: "label", Image: img, WrapS: scene.ClampToEdge, WrapT: scene.ClampToEdge}
}

func toNRGBA(c scene.Color) color.NRGBA {
	e := func(v float32) uint8 { return uint8(math.Round(float64(scene.LinearToSRGB(v)) * 255)) }
	return color.NRGBA{e(c.R), e(c.G), e(c.B), 255}
}

// lookAt points c from eye at target with +y up.
func lookAt(c scene.Camera, eye, target mgl64.Vec3) scene.Camera {
	c, err := c.WithLookAt(eye, target, mgl64.Vec3{0, 1, 0})
	if err != nil {
		panic(err) // constant arguments: cannot fail
	}
	return c
}

// trs returns translate(t) · rotateY(yaw) · scale(s).
func trs(t mgl64.Vec3, yaw float64, s mgl64.Vec3) mgl64.Mat4 {
	return mgl64.Translate3D(t[0], t[1], t[2]).Mul4(mgl64.HomogRotate3DY(yaw)).Mul4(mgl64.Scale3D(s[0], s[1], s[2]))
}

// scaleUV returns a UV transform that repeats a texture k times.
func scaleUV(k float32) mgl32.Mat3 {
	return mgl32.Mat3{k, 0, 0, 0, k, 0, 0, 0, 1}
}

// rnd is a splitmix64 stream: fixed forever, unlike math/rand's helpers.
type rnd struct{ s uint64 }

func newRand(seed uint64) *rnd { return &rnd{seed} }

func (r *rnd) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// uniform returns a float in [lo, hi).
func (r *rnd) uniform(lo, hi float64) float64 {
	return lo + (hi-lo)*float64(r.next()>>11)/(1<<53)
}

// intn returns an int in [0, n).
func (r *rnd) intn(n int) int { return int(r.next() % uint64(n)) }
