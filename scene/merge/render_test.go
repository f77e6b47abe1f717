package merge_test

import (
	"context"
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/render/soft"
	"github.com/synthkit/synthkit/scene"
	"github.com/synthkit/synthkit/scene/envmap"
	"github.com/synthkit/synthkit/scene/merge"
)

// finishesModel is a model whose parts each use a different part of the
// metallic-roughness model: a box with base colour, metallic-roughness
// (stripes of foil and matte), normal and occlusion textures; a clear
// blended sphere; an alpha-masked quad with a hole pattern; an emissive
// box; a rough gold cylinder without textures.
func finishesModel(t *testing.T) *scene.Model {
	t.Helper()
	img := func(w, h int, f func(x, y int) color.NRGBA) *image.NRGBA {
		m := image.NewNRGBA(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				m.SetNRGBA(x, y, f(x, y))
			}
		}
		return m
	}
	tex := func(name string, m *image.NRGBA) *scene.Texture {
		return &scene.Texture{Name: name, Image: m, WrapS: scene.ClampToEdge, WrapT: scene.ClampToEdge}
	}
	label := img(32, 32, func(x, y int) color.NRGBA { return color.NRGBA{uint8(60 + 5*x), uint8(200 - 4*y), 90, 255} })
	foil := img(32, 32, func(x, y int) color.NRGBA { // metal stripes, glossy; the rest matte paper
		if (x/8)%2 == 0 {
			return color.NRGBA{0, 40, 255, 255}
		}
		return color.NRGBA{0, 230, 0, 255}
	})
	bumps := img(32, 32, func(x, y int) color.NRGBA {
		a := 0.4 * math.Sin(float64(x)*0.7) * math.Cos(float64(y)*0.5)
		return color.NRGBA{uint8(math.Round((math.Sin(a) + 1) / 2 * 255)), 128, uint8(math.Round((math.Cos(a) + 1) / 2 * 255)), 255}
	})
	occ := img(32, 32, func(x, y int) color.NRGBA { return color.NRGBA{uint8(120 + 4*y), 0, 0, 255} })
	holes := img(4, 4, func(x, y int) color.NRGBA {
		a := uint8(255)
		if (x+y)%2 == 0 {
			a = 0
		}
		return color.NRGBA{230, 120, 40, a}
	})
	sphere, err := scene.Sphere(0.35, 32, 16)
	if err != nil {
		t.Fatal(err)
	}
	cyl, err := scene.Cylinder(0.3, 0.8, 32)
	if err != nil {
		t.Fatal(err)
	}
	return &scene.Model{Name: "finishes", Parts: []scene.Part{
		{Name: "box", Mesh: scene.Box(0.8, 0.8, 0.8), Transform: mgl64.Translate3D(-1.1, 0.4, 0).Mul4(mgl64.HomogRotate3DY(0.6)),
			Material: &scene.Material{BaseColor: scene.RGB(1, 1, 1), BaseColorTexture: tex("label", label), Metallic: 1, Roughness: 1,
				MetallicRoughnessTexture: tex("foil", foil), NormalTexture: tex("bumps", bumps), NormalScale: 0.7,
				OcclusionTexture: tex("occ", occ), OcclusionStrength: 0.6}},
		{Name: "gold", Mesh: cyl, Transform: mgl64.Translate3D(0, 0, 0),
			Material: &scene.Material{BaseColor: scene.RGB(1, 0.78, 0.34), Metallic: 1, Roughness: 0.45}},
		{Name: "lamp", Mesh: scene.Box(0.3, 0.3, 0.3), Transform: mgl64.Translate3D(1.1, 0.15, 0.3),
			Material: &scene.Material{BaseColor: scene.RGB(0.2, 0.2, 0.2), Roughness: 0.9, Emissive: scene.RGB(0.9, 0.5, 0.1)}},
		{Name: "grille", Mesh: scene.Quad(0.8, 0.8), Transform: mgl64.Translate3D(1.1, 0.8, 0),
			Material: &scene.Material{BaseColor: scene.RGB(1, 1, 1), BaseColorTexture: &scene.Texture{Name: "holes", Image: holes, Nearest: true},
				AlphaMode: scene.AlphaMask, Roughness: 0.6, DoubleSided: true}},
		{Name: "clear", Mesh: sphere, Transform: mgl64.Translate3D(0, 1.2, 0.2),
			Material: &scene.Material{BaseColor: scene.Color{R: 0.9, G: 0.95, B: 1, A: 0.3}, AlphaMode: scene.AlphaBlend, Roughness: 0.05}},
	}}
}

// mergeMAD and mergeMax bound the colour difference, in 8-bit levels,
// between a model rendered as its parts and merged: what is left is the
// atlases' 8-bit storage of roughness, metalness and normals (measured:
// MAD 0.03, max 1), where a lost or misplaced map shifts whole parts by
// tens of levels.
const (
	mergeMAD = 0.1
	mergeMax = 3
)

// TestModelRendersLikeParts renders finishesModel as its separate parts
// and as one merged object in front of a wall: the merged object covers
// the same pixels and its colour matches the parts' within the 8-bit
// quantisation of the baked atlases (mergeMAD, mergeMax).
//
// A model that mixes masked and blended parts is blended as a whole (its
// masked-out texels become alpha 0: invisible, but owned by the object in
// labels), so the model is tested without its blended sphere (merged as
// MASK) and without its masked grille (merged as BLEND).
//
// A third case gives the normal-mapped box vertex tangents (Mesh.Tangents)
// across its faces' UV frame, which the merged mesh must carry, turned
// by the box's transform; the other parts get placeholder tangents.
func TestModelRendersLikeParts(t *testing.T) {
	for _, tc := range []struct {
		name     string
		drop     string
		mode     scene.AlphaMode
		tangents bool
	}{{"MASK", "clear", scene.AlphaMask, false}, {"BLEND", "grille", scene.AlphaBlend, false},
		{"MASK tangents", "clear", scene.AlphaMask, true}} {
		t.Run(tc.name, func(t *testing.T) {
			all := finishesModel(t)
			m := &scene.Model{Name: all.Name}
			for _, p := range all.Parts {
				if p.Name == tc.drop {
					continue
				}
				if tc.tangents && p.Name == "box" {
					box := *p.Mesh
					box.Tangents = make([]mgl32.Vec4, len(box.Positions))
					for i, n := range box.Normals {
						// A direction across the face, turned from its UV frame.
						d := n.Cross(mgl32.Vec3{0.3, 1, 0.5}).Normalize()
						box.Tangents[i] = mgl32.Vec4{d[0], d[1], d[2], float32(1 - 2*(i/4%2))} // faces of 4 vertices
					}
					p.Mesh = &box
					// Scale 1: the atlas then holds the normal map's own
					// texels, so that what is compared is the frame, not
					// the requantisation of a scaled map that a glossy
					// highlight in the turned frame amplifies (max 4 levels
					// at scale 0.7; the cases above cover the scale).
					mat := *p.Material
					mat.NormalScale = 1
					p.Material = &mat
				}
				m.Parts = append(m.Parts, p)
			}
			rendersLikeParts(t, m, tc.mode)
			if tc.tangents {
				mesh, _, err := merge.Model(m, merge.Options{Name: "finishes"})
				if err != nil {
					t.Fatal(err)
				}
				if len(mesh.Tangents) != len(mesh.Positions) {
					t.Errorf("merged mesh has %d tangents for %d vertices", len(mesh.Tangents), len(mesh.Positions))
				}
			}
		})
	}
}

func rendersLikeParts(t *testing.T, m *scene.Model, mode scene.AlphaMode) {
	mesh, mat, err := merge.Model(m, merge.Options{Name: "finishes"})
	if err != nil {
		t.Fatal(err)
	}
	if mat.AlphaMode != mode || mat.MetallicRoughnessTexture == nil || mat.NormalTexture == nil ||
		mat.OcclusionTexture == nil || mat.EmissiveTexture == nil || mat.DoubleSided != (mode == scene.AlphaMask) {
		t.Fatalf("merged material %+v lacks a map, the alpha mode %v or the right double-siding", mat, mode)
	}
	cam := scene.Camera{Fx: 260, Fy: 260, Cx: 120, Cy: 90, Width: 240, Height: 180, Near: 0.1, Far: 50}
	if cam, err = cam.WithLookAt(mgl64.Vec3{0.3, 1.3, 3.6}, mgl64.Vec3{0, 0.5, 0}, mgl64.Vec3{0, 1, 0}); err != nil {
		t.Fatal(err)
	}
	env := envmap.Studio(64)
	env.Intensity = 0.6
	base := scene.Scene{
		Camera: cam, Background: scene.RGB(0.1, 0.1, 0.1), Environment: env,
		Lights: []scene.Light{{Kind: scene.Directional, Color: scene.RGB(1, 1, 1), Intensity: 0.8, Direction: mgl64.Vec3{0.4, 1, 0.6}}},
		Objects: []scene.Object{{Name: "wall", Mesh: scene.Box(6, 3, 0.1), Material: &scene.Material{BaseColor: scene.RGB(0.3, 0.5, 0.7), Roughness: 0.8},
			Transform: mgl64.Translate3D(0, 1, -1)}},
	}
	parts, merged := base, base
	parts.Objects = append(append([]scene.Object(nil), base.Objects...), m.Instantiate(mgl64.Ident4(), "thing")...)
	merged.Objects = append(append([]scene.Object(nil), base.Objects...), scene.Object{Name: "finishes", Category: "thing", Mesh: mesh, Material: mat, Transform: mgl64.Ident4()})
	r := soft.New(soft.Options{})
	fp, err := r.Render(context.Background(), &parts)
	if err != nil {
		t.Fatal(err)
	}
	fm, err := r.Render(context.Background(), &merged)
	if err != nil {
		t.Fatal(err)
	}
	cover, sum, worst := 0, 0, 0
	partPx := 0
	for i := range fp.IDs {
		inP, inM := fp.IDs[i] > 1, fm.IDs[i] > 1
		if inP != inM {
			cover++
		}
		if inP {
			partPx++
		}
		d := 0
		for k := range 3 {
			v := int(fp.Color.Pix[4*i+k]) - int(fm.Color.Pix[4*i+k])
			d = max(d, abs(v))
			sum += abs(v)
		}
		worst = max(worst, d)
	}
	n := len(fp.IDs)
	mad := float64(sum) / float64(3*n)
	t.Logf("model covers %d pixels; coverage differs on %d; colour MAD %.3f levels, max %d", partPx, cover, mad, worst)
	if partPx < n/10 {
		t.Fatalf("the model covers only %d of %d pixels", partPx, n)
	}
	if cover != 0 {
		t.Errorf("merged coverage differs from the parts' on %d pixels, want 0", cover)
	}
	if mad > mergeMAD || worst > mergeMax {
		t.Errorf("merged colour differs from the parts': MAD %.3f levels (want <= %g), max %d (want <= %d)", mad, mergeMAD, worst, mergeMax)
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
