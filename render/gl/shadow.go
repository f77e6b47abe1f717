//go:build gl

package gl

import (
	"fmt"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/mathgl/mgl32"

	"github.com/synthkit/synthkit/render/shading"
	"github.com/synthkit/synthkit/scene"
)

// shadowUnit is the texture unit of the shadow-map array.
const shadowUnit = 1

// texUnits are the texture units of a material's texture slots
// (scene.Material.Textures order), around shadowUnit.
var texUnits = [numTexSlots]int32{0, 2, 3, 4, 5}

// maxShadows is the size of the shadow uniform arrays.
const maxShadows = shading.MaxShadowMaps

// shadowMaps is a DEPTH_COMPONENT32F texture array, one layer per
// shadowed light, and the framebuffer the depth pass draws into.
type shadowMaps struct {
	size, layers int
	tex, fbo     uint32
}

func newShadowMaps(size, layers int) (*shadowMaps, error) {
	m := &shadowMaps{size: size, layers: layers}
	gl.GenTextures(1, &m.tex)
	gl.BindTexture(gl.TEXTURE_2D_ARRAY, m.tex)
	gl.TexImage3D(gl.TEXTURE_2D_ARRAY, 0, gl.DEPTH_COMPONENT32F, int32(size), int32(size), int32(layers), 0,
		gl.DEPTH_COMPONENT, gl.FLOAT, nil)
	// Read with texelFetch only: no filtering, no comparison, one level.
	gl.TexParameteri(gl.TEXTURE_2D_ARRAY, gl.TEXTURE_MIN_FILTER, gl.NEAREST)
	gl.TexParameteri(gl.TEXTURE_2D_ARRAY, gl.TEXTURE_MAG_FILTER, gl.NEAREST)
	gl.TexParameteri(gl.TEXTURE_2D_ARRAY, gl.TEXTURE_MAX_LEVEL, 0)
	gl.TexParameteri(gl.TEXTURE_2D_ARRAY, gl.TEXTURE_COMPARE_MODE, gl.NONE)
	gl.BindTexture(gl.TEXTURE_2D_ARRAY, 0)
	gl.GenFramebuffers(1, &m.fbo)
	gl.BindFramebuffer(gl.FRAMEBUFFER, m.fbo)
	gl.FramebufferTextureLayer(gl.FRAMEBUFFER, gl.DEPTH_ATTACHMENT, m.tex, 0, 0)
	gl.DrawBuffer(gl.NONE)
	gl.ReadBuffer(gl.NONE)
	err := checkFramebuffer(fmt.Sprintf("%dx%d shadow map", size, size))
	gl.BindFramebuffer(gl.FRAMEBUFFER, 0)
	if err == nil {
		err = glError(fmt.Sprintf("allocating %d shadow maps of %dx%d", layers, size, size))
	}
	if err != nil {
		m.delete()
		return nil, err
	}
	return m, nil
}

func (m *shadowMaps) delete() {
	if m == nil {
		return
	}
	if m.fbo != 0 {
		gl.DeleteFramebuffers(1, &m.fbo)
	}
	if m.tex != 0 {
		gl.DeleteTextures(1, &m.tex)
	}
	m.fbo, m.tex = 0, 0
}

// shadowFrame is what one render needs of its shadowed lights: the
// projection of each depth pass and the lookup uniforms.
type shadowFrame struct {
	count  int
	light  []int        // scene light index per map
	proj   []mgl32.Mat4 // camera frame → clip space of the depth pass
	rows   [3][]float32 // vec4 rows x, y, z of camera frame → map, per map
	params []float32    // vec4 per map: size, normal offset, depth bias, 0
}

// planShadows applies the shadow-map definition of package render/shading
// (its light cameras, normal offset and bias, so that both backends use the
// same numbers).
func planShadows(s *scene.Scene, size int) shadowFrame {
	var sf shadowFrame
	for _, l := range shading.ShadowedLights(s, size) {
		rows, ok := l.Camera.FromCamera(s.Camera.Pose)
		if !ok {
			continue
		}
		// Map coordinates (x, y in texels, z in [0, 1]) to clip space:
		// x_ndc = 2x/N − 1, y_ndc = 2y/N − 1 with the lower-left origin,
		// so window row j is texel row j; z_clip = z with [0, 1] depth.
		n := float64(size)
		var p mgl32.Mat4 // column-major
		for r := range 3 {
			for c := range 4 {
				v := rows[4*r+c]
				if r < 2 {
					v = 2 * v / n
					if c == 3 {
						v--
					}
				}
				p[4*c+r] = float32(v)
			}
		}
		p[15] = 1
		sf.proj = append(sf.proj, p)
		for r := range 3 {
			for c := range 4 {
				sf.rows[r] = append(sf.rows[r], float32(rows[4*r+c]))
			}
		}
		sf.params = append(sf.params, float32(size), float32(l.Camera.NormalOffset()), float32(l.Camera.DepthBias()), 0)
		sf.light = append(sf.light, l.Light)
		sf.count++
	}
	return sf
}

// drawShadowMaps renders every shadow map of sf: a depth-only pass per
// map with both faces drawn, nearest depth kept (GL_LESS, cleared to 1),
// depth clamped rather than clipped. It leaves the state for setCommonState
// to reset.
func (r *Renderer) drawShadowMaps(sf *shadowFrame, d *drawList) error {
	if sf.count == 0 {
		return nil
	}
	size := r.shadowSize
	if r.shadows == nil || r.shadows.layers < sf.count {
		r.shadows.delete()
		r.shadows = nil
		m, err := newShadowMaps(size, max(sf.count, 1))
		if err != nil {
			return err
		}
		r.shadows = m
	}
	p := r.progs.sil // its vertex shader is uProj × model-view; no colour output is bound
	gl.UseProgram(p.id)
	gl.BindFramebuffer(gl.FRAMEBUFFER, r.shadows.fbo)
	gl.ClipControl(gl.LOWER_LEFT, gl.ZERO_TO_ONE)
	gl.Viewport(0, 0, int32(size), int32(size))
	gl.Disable(gl.SCISSOR_TEST)
	gl.Disable(gl.CULL_FACE)
	gl.Enable(gl.DEPTH_CLAMP)
	gl.Enable(gl.DEPTH_TEST)
	gl.DepthFunc(gl.LESS)
	gl.DepthMask(true)
	for k := range sf.count {
		gl.FramebufferTextureLayer(gl.FRAMEBUFFER, gl.DEPTH_ATTACHMENT, r.shadows.tex, 0, int32(k))
		one := float32(1)
		gl.ClearBufferfv(gl.DEPTH, 0, &one)
		gl.UniformMatrix4fv(p.proj, 1, false, &sf.proj[k][0])
		for _, b := range d.batches {
			gl.BindVertexArray(b.mesh.vao)
			gl.DrawElementsInstancedBaseVertexBaseInstance(gl.TRIANGLES, b.mesh.count, gl.UNSIGNED_INT, nil,
				int32(len(b.objects)), 0, uint32(b.first))
		}
	}
	gl.BindVertexArray(0)
	gl.Disable(gl.DEPTH_CLAMP)
	gl.BindFramebuffer(gl.FRAMEBUFFER, 0)
	return glError("drawing shadow maps")
}

// setShadowUniforms binds the shadow maps for the shading program.
func (r *Renderer) setShadowUniforms(p *program) {
	sf := &r.shadowFrame
	gl.Uniform1i(p.numShadows, int32(sf.count))
	if sf.count == 0 {
		return
	}
	gl.Uniform4fv(p.shadowX, int32(sf.count), &sf.rows[0][0])
	gl.Uniform4fv(p.shadowY, int32(sf.count), &sf.rows[1][0])
	gl.Uniform4fv(p.shadowZ, int32(sf.count), &sf.rows[2][0])
	gl.Uniform4fv(p.shadowParams, int32(sf.count), &sf.params[0])
	gl.ActiveTexture(gl.TEXTURE0 + shadowUnit)
	gl.BindTexture(gl.TEXTURE_2D_ARRAY, r.shadows.tex)
	gl.ActiveTexture(gl.TEXTURE0)
}
