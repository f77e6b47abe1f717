//go:build gl

package gl

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/render/shading"
	"github.com/synthkit/synthkit/scene"
)

// batch is a run of objects drawn by one instanced call: the same mesh, the
// same textures (or none) with the same normal scale and occlusion
// strength, the same culling, the same alpha mode
// and cutoff, and the same handedness of transform (a mirroring transform turns counter-clockwise
// triangles clockwise on screen, as glTF specifies). Other material
// parameters vary per instance.
type batch struct {
	mesh *gpuMesh
	// tex holds the material's textures in scene.Material.Textures order,
	// nil where a slot is empty; normalScale and occlusion are
	// Material.NormalStrength() and Occlusion().
	tex                    [numTexSlots]*gpuTexture
	normalScale, occlusion float32
	doubleSided            bool
	mirrored               bool
	alphaMode              scene.AlphaMode
	cutoff                 float32 // Material.Cutoff(), for AlphaMask
	first                  int     // index of the first instance in the instance buffer
	objects                []int   // scene object indices, in scene order
}

// drawList is a scene prepared for drawing: batches in order of their first
// object, the per-instance words to upload, and where each object's
// instance lives.
type drawList struct {
	batches   []*batch
	instances []uint32 // instanceWords per instance
	instance  []int    // object index → instance index; -1 when not drawn
	batchOf   []int    // object index → batch index; -1 when not drawn
	modelView []mgl64.Mat4
	// blendOrder lists the blended objects back to front
	// (shading.BlendOrder); empty when nothing is blended.
	blendOrder []int
}

// numTexSlots is the number of texture slots of a material
// (scene.Material.Textures).
const numTexSlots = 5

// texSRGB says which slots hold colour (sRGB) rather than data.
var texSRGB = [numTexSlots]bool{true, false, false, false, true}

type batchKey struct {
	mesh                   *scene.Mesh
	tex                    [numTexSlots]*scene.Texture
	normalScale, occlusion float32
	doubleSided            bool
	mirrored               bool
	alphaMode              scene.AlphaMode
	cutoff                 float32
}

// buildDrawList groups the scene's objects into batches, uploading meshes
// and textures the cache lacks. Objects whose mesh has no triangles are
// skipped (their silhouettes stay empty).
func buildDrawList(s *scene.Scene, c *cache, frame uint64) (*drawList, error) {
	n := len(s.Objects)
	d := &drawList{instance: make([]int, n), batchOf: make([]int, n), modelView: make([]mgl64.Mat4, n)}
	index := map[batchKey]int{}
	for i := range s.Objects {
		o := &s.Objects[i]
		d.instance[i], d.batchOf[i] = -1, -1
		if o.Mesh.NumTriangles() == 0 {
			continue
		}
		mv := s.Camera.Pose.Mul4(o.Transform)
		d.modelView[i] = mv
		m := o.MaterialOrDefault()
		k := batchKey{o.Mesh, m.Textures(), m.NormalStrength(), m.Occlusion(), m.DoubleSided, mv.Mat3().Det() < 0, m.AlphaMode, 0}
		if m.AlphaMode == scene.AlphaMask {
			k.cutoff = m.Cutoff()
		}
		bi, ok := index[k]
		if !ok {
			gm, err := c.mesh(o.Mesh, frame)
			if err != nil {
				return nil, err
			}
			b := &batch{mesh: gm, normalScale: k.normalScale, occlusion: k.occlusion,
				doubleSided: k.doubleSided, mirrored: k.mirrored, alphaMode: k.alphaMode, cutoff: k.cutoff}
			for slot, t := range k.tex {
				if t != nil {
					if b.tex[slot], err = c.texture(t, texSRGB[slot], frame); err != nil {
						return nil, err
					}
				}
			}
			bi = len(d.batches)
			index[k] = bi
			d.batches = append(d.batches, b)
		}
		d.batchOf[i] = bi
		d.batches[bi].objects = append(d.batches[bi].objects, i)
	}
	d.blendOrder = shading.BlendOrder(nil, s)
	d.instances = make([]uint32, 0, n*instanceWords)
	next := 0
	for _, b := range d.batches {
		b.first = next
		for _, i := range b.objects {
			d.instance[i] = next
			next++
			d.instances = appendInstance(d.instances, d.modelView[i], uint32(i+1), s.Objects[i].MaterialOrDefault())
		}
	}
	return d, nil
}

// appendInstance appends one instance record (layout in cache.go): the
// model-view matrix, computed in float64 and rounded once to float32 (the
// vertex shader derives shading.NormalMatrix from it), the instance id and the
// material reduced by shading.NewMaterial (metallic clamped, the specular
// exponent, and the roughness for a metallic-roughness texture, or −1
// for an unlit material). The shader normalises normals.
func appendInstance(dst []uint32, mv mgl64.Mat4, id uint32, m *scene.Material) []uint32 {
	for _, v := range mv {
		dst = append(dst, math.Float32bits(float32(v)))
	}
	dst = append(dst, id)
	uv := m.UVTransform // column-major; zero means identity
	if uv == (mgl32.Mat3{}) {
		uv = mgl32.Ident3()
	}
	sm := shading.NewMaterial(m)
	roughness := sm.Roughness // or −1: unlit
	if sm.Unlit {
		roughness = -1
	}
	for _, v := range [16]float32{
		m.BaseColor.R, m.BaseColor.G, m.BaseColor.B, m.BaseColor.A,
		uv[0], uv[3], uv[6], sm.Metallic,
		uv[1], uv[4], uv[7], sm.Exp,
		sm.Emissive.X, sm.Emissive.Y, sm.Emissive.Z, roughness,
	} {
		dst = append(dst, math.Float32bits(v))
	}
	return dst
}

// lightBlock is the std140 content of the Lights uniform block, plus the
// summed ambient irradiance, all in the camera frame.
type lightBlock struct {
	words   []float32 // vector[maxLights] then radiance[maxLights], vec4 each
	count   int
	ambient [3]float32
}

// buildLights fills the light block from shading.CameraLights (the first
// maxLights directional and point lights); a light with a shadow map (its
// scene index in shadowed, at position k) gets k+1 in radiance.w.
func buildLights(s *scene.Scene, shadowed []int) lightBlock {
	lb := lightBlock{words: make([]float32, 8*maxLights)}
	lights, amb := shading.CameraLights(nil, s)
	lb.ambient = [3]float32{amb.X, amb.Y, amb.Z}
	for _, l := range lights[:min(len(lights), maxLights)] {
		vec := lb.words[4*lb.count : 4*lb.count+4]
		if l.Point {
			vec[0], vec[1], vec[2], vec[3] = float32(l.Pos[0]), float32(l.Pos[1]), float32(l.Pos[2]), 1
		} else {
			vec[0], vec[1], vec[2], vec[3] = l.Dir.X, l.Dir.Y, l.Dir.Z, 0
		}
		rad := lb.words[4*maxLights+4*lb.count : 4*maxLights+4*lb.count+4]
		rad[0], rad[1], rad[2] = l.Rad.X, l.Rad.Y, l.Rad.Z
		for k, sl := range shadowed {
			if sl == l.Src {
				rad[3] = float32(k + 1)
			}
		}
		lb.count++
	}
	return lb
}
