//go:build gl

package gl

import (
	"github.com/go-gl/gl/v4.1-core/gl"

	"github.com/synthkit/synthkit/scene"
)

// uploadFrameData streams the instance records and the lights.
func (r *Renderer) uploadFrameData(d *drawList, lb lightBlock) {
	gl.BindBuffer(gl.ARRAY_BUFFER, r.instanceBuf)
	size := len(d.instances) * 4
	if size > r.instanceCap {
		r.instanceCap = max(size, 2*r.instanceCap)
	}
	// Respecifying the store orphans last frame's, so the driver need not
	// wait for draws still reading it.
	gl.BufferData(gl.ARRAY_BUFFER, r.instanceCap, nil, gl.STREAM_DRAW)
	if size > 0 {
		gl.BufferSubData(gl.ARRAY_BUFFER, 0, size, gl.Ptr(d.instances))
	}
	gl.BindBuffer(gl.ARRAY_BUFFER, 0)
	gl.BindBuffer(gl.UNIFORM_BUFFER, r.lightBuf)
	gl.BufferSubData(gl.UNIFORM_BUFFER, 0, len(lb.words)*4, gl.Ptr(lb.words))
	gl.BindBuffer(gl.UNIFORM_BUFFER, 0)
}

// setCommonState sets what every pass shares: reversed depth in [0, 1], the
// clip origin of the orientation, the viewport.
func (r *Renderer) setCommonState(w, h int) {
	origin := uint32(gl.LOWER_LEFT)
	if r.orient.upperLeft {
		origin = gl.UPPER_LEFT
	}
	gl.ClipControl(origin, gl.ZERO_TO_ONE)
	gl.Viewport(0, 0, int32(w), int32(h))
	gl.Disable(gl.SCISSOR_TEST)
	gl.Disable(gl.BLEND)
	gl.Disable(gl.DITHER)
}

// clearTargets clears the bound framebuffer's draw buffers: colour (draw
// buffer 0) to the sRGB-encoded background when color is set, the label
// buffers to zero when labels is set, and depth to the far value 0.
func clearTargets(bg scene.Color, color, labels bool) {
	gl.Disable(gl.FRAMEBUFFER_SRGB) // store the encoded clear colour as is
	if color {
		c := [4]float32{scene.LinearToSRGB(bg.R), scene.LinearToSRGB(bg.G), scene.LinearToSRGB(bg.B), 1}
		gl.ClearBufferfv(gl.COLOR, attColor, &c[0])
	}
	if labels {
		var zero [4]uint32
		gl.ClearBufferuiv(gl.COLOR, attID, &zero[0])
		var fzero [4]float32
		gl.ClearBufferfv(gl.COLOR, attDepth, &fzero[0])
		gl.ClearBufferfv(gl.COLOR, attNormal, &fzero[0])
	}
	gl.DepthMask(true)
	depth := float32(0)
	gl.ClearBufferfv(gl.DEPTH, 0, &depth)
}

// Which batches drawScene draws.
const (
	drawAll    = iota
	drawOpaque // all but the blended (OPAQUE and MASK)
	drawBlend  // only the blended, as opaque surfaces (their labels)
)

// drawScene draws the batches that which selects with program p, one
// instanced call each, depth-tested with GL_GREATER (reversed depth);
// drawBlend tests with GL_GEQUAL, since it follows drawBlended, which
// wrote the depth of the blended surfaces it composited.
func (r *Renderer) drawScene(p *program, d *drawList, s *scene.Scene, which int) {
	r.useProgram(p, s)
	gl.Enable(gl.DEPTH_TEST)
	gl.DepthFunc(gl.GREATER)
	if which == drawBlend {
		gl.DepthFunc(gl.GEQUAL)
	}
	gl.DepthMask(true)
	for _, b := range d.batches {
		if blend := b.alphaMode == scene.AlphaBlend; (which == drawOpaque && blend) || (which == drawBlend && !blend) {
			continue
		}
		r.setBatchState(p, b)
		gl.BindVertexArray(b.mesh.vao)
		gl.DrawElementsInstancedBaseVertexBaseInstance(gl.TRIANGLES, b.mesh.count, gl.UNSIGNED_INT, nil,
			int32(len(b.objects)), 0, uint32(b.first))
	}
	gl.BindVertexArray(0)
	gl.BindTexture(gl.TEXTURE_2D, 0)
}

// drawBlended composites the colour of the blended objects over the bound
// colour buffer (package render/shading, "Alpha"): one draw per object in
// d.blendOrder (shading.BlendOrder, back to front), so that GL's
// primitive order keeps each object's triangles in mesh order, with the
// shading program's premultiplied output blended by (GL_ONE,
// GL_ONE_MINUS_SRC_ALPHA) in linear light (GL_FRAMEBUFFER_SRGB), the
// destination alpha kept. The depth test stays on and depth is written,
// so a blended fragment composites only in front of what is drawn
// there; the shader discards fragments of alpha 0.
func (r *Renderer) drawBlended(d *drawList, s *scene.Scene) {
	p := r.progs.shade
	r.useProgram(p, s)
	gl.Enable(gl.DEPTH_TEST)
	gl.DepthFunc(gl.GREATER)
	gl.DepthMask(true)
	gl.Enable(gl.BLEND)
	gl.BlendEquation(gl.FUNC_ADD)
	gl.BlendFuncSeparate(gl.ONE, gl.ONE_MINUS_SRC_ALPHA, gl.ZERO, gl.ONE)
	for _, i := range d.blendOrder {
		if d.instance[i] < 0 {
			continue
		}
		b := d.batches[d.batchOf[i]]
		r.setBatchState(p, b)
		gl.BindVertexArray(b.mesh.vao)
		gl.DrawElementsInstancedBaseVertexBaseInstance(gl.TRIANGLES, b.mesh.count, gl.UNSIGNED_INT, nil,
			1, 0, uint32(d.instance[i]))
	}
	gl.Disable(gl.BLEND)
	gl.DepthMask(true)
	gl.BindVertexArray(0)
	gl.BindTexture(gl.TEXTURE_2D, 0)
}

// useProgram makes p current with the projection and, for the shading
// program, the lights and shadows.
func (r *Renderer) useProgram(p *program, s *scene.Scene) {
	gl.UseProgram(p.id)
	proj := r.orient.projection(&s.Camera)
	gl.UniformMatrix4fv(p.proj, 1, false, &proj[0])
	if p.numLights >= 0 {
		lb := r.lights
		gl.Uniform3f(p.ambient, lb.ambient[0], lb.ambient[1], lb.ambient[2])
		gl.Uniform1i(p.numLights, int32(lb.count))
		gl.BindBufferBase(gl.UNIFORM_BUFFER, lightsBinding, r.lightBuf)
		r.setShadowUniforms(p)
		r.setEnvUniforms(p)
	}
}

// setBatchState sets culling, winding and the textures of a batch that
// program p samples; material parameters travel with each instance. The
// label and silhouette programs sample the base colour only for the MASK
// test, so other batches bind no texture there: a pass then references
// only the textures it reads, which keeps llvmpipe's scenes small (a
// scene referencing over 64 MiB of textures is flushed mid-pass).
func (r *Renderer) setBatchState(p *program, b *batch) {
	if b.doubleSided {
		gl.Disable(gl.CULL_FACE)
	} else {
		gl.Enable(gl.CULL_FACE)
		gl.CullFace(gl.BACK)
	}
	front := r.orient.frontFace()
	if b.mirrored {
		front ^= gl.CW ^ gl.CCW
	}
	gl.FrontFace(front)
	if p.alphaMode >= 0 {
		gl.Uniform1i(p.alphaMode, int32(b.alphaMode))
		gl.Uniform1f(p.cutoff, b.cutoff)
	}
	if p.textured < 0 {
		return
	}
	if b.tex[0] != nil && (p.texMask >= 0 || b.alphaMode == scene.AlphaMask) {
		gl.ActiveTexture(gl.TEXTURE0)
		gl.BindTexture(gl.TEXTURE_2D, b.tex[0].id)
		gl.Uniform1i(p.textured, 1)
	} else {
		gl.Uniform1i(p.textured, 0)
	}
	if p.texMask < 0 {
		return
	}
	mask := int32(0)
	for slot := 1; slot < numTexSlots; slot++ {
		if b.tex[slot] != nil {
			gl.ActiveTexture(gl.TEXTURE0 + uint32(texUnits[slot]))
			gl.BindTexture(gl.TEXTURE_2D, b.tex[slot].id)
			mask |= 1 << slot
		}
	}
	gl.ActiveTexture(gl.TEXTURE0)
	gl.Uniform1i(p.texMask, mask)
	gl.Uniform1f(p.normalScale, b.normalScale)
	gl.Uniform1f(p.occlusion, b.occlusion)
	tangents := int32(0)
	if b.mesh.tangents {
		tangents = 1
	}
	gl.Uniform1i(p.vertexTangents, tangents)
}

// drawFrame renders colour and labels into the targets: one pass writing
// every output without multisampling; with it, a single-sample label pass
// and a multisampled colour pass resolved into the colour attachment.
//
// With blended objects, the colour passes draw the opaque and masked
// batches and then composite the blended objects (drawBlended); without
// multisampling, the blended batches are then drawn once more into the
// label buffers only, as opaque surfaces, so that ids and depth follow
// the same rule as render/soft (the nearest surface, blended or not).
func (r *Renderer) drawFrame(t *targets, d *drawList, s *scene.Scene) {
	r.setCommonState(t.w, t.h)
	gl.BindFramebuffer(gl.FRAMEBUFFER, t.fbo)
	blend := len(d.blendOrder) > 0
	if t.samples == 0 {
		drawBuffers(true, true, true, true)
		clearTargets(s.Background, true, true)
		gl.Enable(gl.FRAMEBUFFER_SRGB)
		if r.env.sky != 0 {
			drawBuffers(true)
			r.drawSky(&s.Camera)
			drawBuffers(true, true, true, true)
		}
		if !blend {
			r.drawScene(r.progs.shade, d, s, drawAll)
			gl.Disable(gl.FRAMEBUFFER_SRGB)
			return
		}
		r.drawScene(r.progs.shade, d, s, drawOpaque)
		drawBuffers(true)
		r.drawBlended(d, s)
		gl.Disable(gl.FRAMEBUFFER_SRGB)
		drawBuffers(false, true, true, true)
		r.drawScene(r.progs.labels, d, s, drawBlend)
		return
	}
	drawBuffers(false, true, true, true)
	clearTargets(s.Background, false, true)
	r.drawScene(r.progs.labels, d, s, drawAll)

	gl.BindFramebuffer(gl.FRAMEBUFFER, t.msFBO)
	drawBuffers(true)
	clearTargets(s.Background, true, false)
	gl.Enable(gl.FRAMEBUFFER_SRGB)
	r.drawSky(&s.Camera)
	gl.Enable(gl.MULTISAMPLE)
	if blend {
		r.drawScene(r.progs.shade, d, s, drawOpaque)
		r.drawBlended(d, s)
	} else {
		r.drawScene(r.progs.shade, d, s, drawAll)
	}
	gl.Disable(gl.MULTISAMPLE)

	// Resolve: with FRAMEBUFFER_SRGB on, samples are averaged in linear light.
	gl.BindFramebuffer(gl.READ_FRAMEBUFFER, t.msFBO)
	gl.ReadBuffer(gl.COLOR_ATTACHMENT0)
	gl.BindFramebuffer(gl.DRAW_FRAMEBUFFER, t.fbo)
	drawBuffers(true)
	gl.BlitFramebuffer(0, 0, int32(t.w), int32(t.h), 0, 0, int32(t.w), int32(t.h), gl.COLOR_BUFFER_BIT, gl.NEAREST)
	gl.Disable(gl.FRAMEBUFFER_SRGB)
	gl.BindFramebuffer(gl.FRAMEBUFFER, t.fbo)
}
