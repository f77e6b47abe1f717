package testscenes

import (
	"image"
	"image/color"
	"math"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// PBR layout: four quads side by side, each PBRQuad pixels square and
// covered by a PBRTexels×PBRTexels nearest-sampled texture, so that every
// pixel centre and supersample of a quad falls strictly inside one texel:
// texel (i, j) of quad q covers the pixels x in
// [q·PBRQuad + 4i, q·PBRQuad + 4i + 4), y in [4j, 4j + 4).
const (
	PBRQuad   = 16
	PBRTexels = 4
)

// PBRTilt returns the tilt, in radians, that texel (i, j) of PBR's normal
// map encodes: rows 0 and 1 tilt the normal by PBRTilt towards the
// tangent (the image's right), rows 2 and 3 towards the image's up.
func PBRTilt(i, j int) float64 {
	return []float64{-30, 0, 30, 60}[i] * math.Pi / 180 * []float64{1, -0.5, 1, -0.5}[j]
}

// PBRNormal returns texel (i, j) of PBR's normal map: the unit normal of
// tilt PBRTilt(i, j), encoded as glTF does ((x+1)/2 in 8 bits).
func PBRNormal(i, j int) color.NRGBA {
	th := PBRTilt(i, j)
	s, c := math.Sincos(th)
	x, y := s, 0.0
	if j >= 2 {
		x, y = 0, s
	}
	enc := func(v float64) uint8 { return uint8(math.Round((v + 1) / 2 * 255)) }
	return color.NRGBA{enc(x), enc(y), enc(c), 255}
}

// PBR returns a 64×16 PixelCamera scene of four camera-facing quads at
// depth 4, objects 0 to 3 (ids 1 to 4), lit by ambient light, a
// directional light and a point light, each quad exercising one texture
// of glTF's metallic-roughness model (package render/shading,
// "Textures"):
//
//   - 0, "normal": a white rough dielectric with the normal map PBRNormal;
//   - 1, "metal-rough": an orange material with Metallic and Roughness 1
//     and a texture whose blue (metallic) grows with i and green
//     (roughness) falls with j;
//   - 2, "occlusion": a grey dielectric whose occlusion (red) falls with
//     i+j, at strength 0.75;
//   - 3, "emissive": a dark material with Emissive (1, 0.5, 0.25) and a
//     texture of varied colours.
//
// With textures false the materials are the same without their textures
// (for checking that textures change colour only).
func PBR(textures bool) *scene.Scene {
	tex := func(name string, f func(i, j int) color.NRGBA) *scene.Texture {
		if !textures {
			return nil
		}
		img := image.NewNRGBA(image.Rect(0, 0, PBRTexels, PBRTexels))
		for j := range PBRTexels {
			for i := range PBRTexels {
				img.SetNRGBA(i, j, f(i, j))
			}
		}
		return &scene.Texture{Name: name, Image: img, WrapS: scene.ClampToEdge, WrapT: scene.ClampToEdge, Nearest: true}
	}
	mats := []*scene.Material{
		{Name: "normal", BaseColor: scene.RGB(1, 1, 1), Roughness: 1, NormalTexture: tex("normal", PBRNormal)},
		{Name: "metal-rough", BaseColor: scene.RGB(0.9, 0.5, 0.2), Metallic: 1, Roughness: 1,
			MetallicRoughnessTexture: tex("metal-rough", func(i, j int) color.NRGBA {
				return color.NRGBA{0, uint8(255 - 64*j), uint8(85 * i), 255}
			})},
		{Name: "occlusion", BaseColor: scene.RGB(0.6, 0.6, 0.6), Roughness: 0.7, OcclusionStrength: 0.75,
			OcclusionTexture: tex("occlusion", func(i, j int) color.NRGBA {
				return color.NRGBA{uint8(255 - 36*(i+j)), 0, 0, 255}
			})},
		{Name: "emissive", BaseColor: scene.RGB(0.1, 0.1, 0.1), Roughness: 0.5, Emissive: scene.RGB(1, 0.5, 0.25),
			EmissiveTexture: tex("emissive", func(i, j int) color.NRGBA {
				return color.NRGBA{uint8(60 * i), uint8(255 - 60*j), uint8(40 * (i + j)), 255}
			})},
	}
	s := &scene.Scene{
		Camera:     PixelCamera(4*PBRQuad, PBRQuad),
		Background: scene.RGB(0, 0, 0),
		Lights: []scene.Light{
			{Kind: scene.Ambient, Color: scene.RGB(1, 1, 1), Intensity: 0.15},
			// Towards the light: 30° right of the camera axis, a little up.
			{Kind: scene.Directional, Color: scene.RGB(1, 1, 1), Intensity: 0.6, Direction: mgl64.Vec3{-0.5, 0.2, 0.866}},
			{Kind: scene.Point, Color: scene.RGB(1, 0.9, 0.8), Intensity: 2, Position: mgl64.Vec3{10, 2, 1}},
		},
	}
	for q, m := range mats {
		x0 := float64(q * PBRQuad)
		s.Objects = append(s.Objects, scene.Object{Name: m.Name, Category: "tile",
			Mesh: PixelQuad(x0, 0, x0+PBRQuad, PBRQuad, 4, -1), Material: m, Transform: mgl64.Ident4()})
	}
	return s
}
