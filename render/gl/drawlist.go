//go:build gl

package gl

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// batch is a run of objects drawn by one instanced call: the same mesh, the
// same base-colour texture (or none), the same culling and the same
// handedness of transform (a mirroring transform turns counter-clockwise
// triangles clockwise on screen, as glTF specifies). Other material
// parameters vary per instance.
type batch struct {
	mesh        *gpuMesh
	tex         *gpuTexture // nil when untextured
	doubleSided bool
	mirrored    bool
	first       int   // index of the first instance in the instance buffer
	objects     []int // scene object indices, in scene order
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
}

type batchKey struct {
	mesh        *scene.Mesh
	tex         *scene.Texture
	doubleSided bool
	mirrored    bool
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
		k := batchKey{o.Mesh, m.BaseColorTexture, m.DoubleSided, mv.Mat3().Det() < 0}
		bi, ok := index[k]
		if !ok {
			gm, err := c.mesh(o.Mesh, frame)
			if err != nil {
				return nil, err
			}
			b := &batch{mesh: gm, doubleSided: k.doubleSided, mirrored: k.mirrored}
			if k.tex != nil {
				if b.tex, err = c.texture(k.tex, frame); err != nil {
					return nil, err
				}
			}
			bi = len(d.batches)
			index[k] = bi
			d.batches = append(d.batches, b)
		}
		d.batchOf[i] = bi
		d.batches[bi].objects = append(d.batches[bi].objects, i)
	}
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
// model-view matrix and the normal matrix, both computed in float64 and
// rounded once to float32, the instance id and the material. The normal matrix is the cofactor matrix of the linear
// part L (det L · L⁻ᵀ, sign fixed so that outward normals stay outward
// under mirroring), as in render/soft: it is proportional to L⁻ᵀ and still
// gives the right normals when L is singular (an object flattened to a
// plane). The shader normalises.
func appendInstance(dst []uint32, mv mgl64.Mat4, id uint32, m *scene.Material) []uint32 {
	for _, v := range mv {
		dst = append(dst, math.Float32bits(float32(v)))
	}
	l := mv.Mat3()
	nm := cofactor(l)
	if l.Det() < 0 {
		nm = nm.Mul(-1)
	}
	for _, v := range nm {
		dst = append(dst, math.Float32bits(float32(v)))
	}
	dst = append(dst, id)
	uv := m.UVTransform // column-major; zero means identity
	if uv == (mgl32.Mat3{}) {
		uv = mgl32.Ident3()
	}
	unlit := float32(0)
	if m.Unlit {
		unlit = 1
	}
	for _, v := range [16]float32{
		m.BaseColor.R, m.BaseColor.G, m.BaseColor.B, m.BaseColor.A,
		uv[0], uv[3], uv[6], clamp01(m.Metallic),
		uv[1], uv[4], uv[7], clamp01(m.Roughness),
		m.Emissive.R, m.Emissive.G, m.Emissive.B, unlit,
	} {
		dst = append(dst, math.Float32bits(v))
	}
	return dst
}

// clamp01 clamps v to [0, 1], mapping NaN to 0 (as render/soft does).
func clamp01(v float32) float32 {
	if !(v > 0) {
		return 0
	}
	return min(v, 1)
}

// lightBlock is the std140 content of the Lights uniform block, plus the
// summed ambient irradiance, all in the camera frame.
type lightBlock struct {
	words   []float32 // vector[maxLights] then radiance[maxLights], vec4 each
	count   int
	ambient [3]float32
}

// buildLights fills the light block; a light with a shadow map (its scene
// index in shadowed, at position k) gets k+1 in radiance.w.
func buildLights(s *scene.Scene, shadowed []int) lightBlock {
	lb := lightBlock{words: make([]float32, 8*maxLights)}
	rot := s.Camera.Pose.Mat3()
	for li, l := range s.Lights {
		e := [3]float64{float64(l.Color.R) * l.Intensity, float64(l.Color.G) * l.Intensity, float64(l.Color.B) * l.Intensity}
		var vec [4]float64
		switch l.Kind {
		case scene.Ambient:
			for k := range 3 {
				lb.ambient[k] += float32(e[k])
			}
			continue
		case scene.Directional:
			d := rot.Mul3x1(l.Direction)
			if d.Len() == 0 {
				continue
			}
			d = d.Normalize().Mul(-1) // towards the light
			vec = [4]float64{d[0], d[1], d[2], 0}
		case scene.Point:
			p := s.Camera.ToCamera(l.Position)
			vec = [4]float64{p[0], p[1], p[2], 1}
		default:
			continue
		}
		if lb.count == maxLights {
			continue
		}
		for k := range 4 {
			lb.words[4*lb.count+k] = float32(vec[k])
		}
		for k := range 3 {
			lb.words[4*maxLights+4*lb.count+k] = float32(e[k])
		}
		for k, sl := range shadowed {
			if sl == li {
				lb.words[4*maxLights+4*lb.count+3] = float32(k + 1)
			}
		}
		lb.count++
	}
	return lb
}

// cofactor returns the cofactor matrix of l.
func cofactor(l mgl64.Mat3) mgl64.Mat3 {
	var out mgl64.Mat3
	for r := range 3 {
		for c := range 3 {
			r1, r2 := (r+1)%3, (r+2)%3
			c1, c2 := (c+1)%3, (c+2)%3
			out.Set(r, c, l.At(r1, c1)*l.At(r2, c2)-l.At(r1, c2)*l.At(r2, c1))
		}
	}
	return out
}
