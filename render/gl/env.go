//go:build gl

package gl

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-gl/gl/v4.1-core/gl"

	"github.com/synthkit/synthkit/render/shading"
	"github.com/synthkit/synthkit/scene"
)

// Image-based lighting (package render/shading, "Environment light"). The
// renderer prepares each scene.Environment once with a shading.EnvCache
// and uploads the prepared map's specular cube levels once as one float
// texture, the environment atlas; per frame it sets the camera-frame
// irradiance form, the camera→map rotation and the intensity as uniforms
// (shading.NewEnvLight), and the shader evaluates shading.ShadeEnv's
// environment terms.

// envUnit is the texture unit of the environment atlas, after texUnits
// and shadowUnit.
const envUnit = 6

// envCacheSize is how many prepared environments, and uploaded atlases,
// a Renderer keeps (as render/soft does).
const envCacheSize = 4

// Environment atlas layout: level k of an EnvMap (faces of side
// EnvFaceSize>>k, each stored with a one-texel border, so (n+2)×(n+2)
// texels) is a block of rows holding its six bordered faces side by side
// in shading.CubeLevel's face order, face f at columns f·(n+2) ..
// f·(n+2)+n+1; the blocks are stacked, level 0 at row 0. Atlas row r,
// column c is texel (c, r) of the texture (rows uploaded in order, so
// texture coordinate v grows with the row). Texels right of a smaller
// level's faces are zero and never sampled: bilinear lookups stay inside
// a bordered face (see envLookup in the fragment shader).
var (
	// envAtlasWidth is the atlas width: six bordered faces of level 0.
	envAtlasWidth = 6 * (shading.EnvFaceSize + 2)
	// envLevelRow is the first atlas row of each level's block;
	// envAtlasHeight is the total number of rows.
	envLevelRow, envAtlasHeight = envLevelRows()
)

// envLevelRows returns the first row of each level's block and the
// atlas height.
func envLevelRows() ([shading.EnvLevels]int, int) {
	var rows [shading.EnvLevels]int
	y := 0
	for k := range rows {
		rows[k] = y
		y += (shading.EnvFaceSize >> k) + 2
	}
	return rows, y
}

// envDefines returns the #defines of the environment's constants and the
// atlas layout for shaderDefines (each value one token, no spaces).
func envDefines() []struct{ name, value string } {
	rows := make([]string, len(envLevelRow))
	for k, y := range envLevelRow {
		rows[k] = strconv.Itoa(y)
	}
	return []struct{ name, value string }{
		{"ENV_LEVELS", strconv.Itoa(shading.EnvLevels)},
		{"ENV_FACE_SIZE", strconv.Itoa(shading.EnvFaceSize)},
		{"ENV_ATLAS_WIDTH", glslFloat(float64(envAtlasWidth))},
		{"ENV_ATLAS_HEIGHT", glslFloat(float64(envAtlasHeight))},
		{"ENV_LEVEL_ROWS", "int[ENV_LEVELS](" + strings.Join(rows, ",") + ")"},
	}
}

// envAtlasPixels lays out m's cube levels as the atlas: RGB float32
// triples, row-major, envAtlasWidth × envAtlasHeight. It reports an
// error when a level does not have the size the layout expects.
func envAtlasPixels(m *shading.EnvMap) ([]float32, error) {
	px := make([]float32, 3*envAtlasWidth*envAtlasHeight)
	for k := range m.Levels {
		lv := &m.Levels[k]
		n := shading.EnvFaceSize >> k
		st := n + 2
		if lv.Size != n || lv.Stride() != st {
			return nil, fmt.Errorf("gl: environment level %d has faces of %d texels, want %d", k, lv.Size, n)
		}
		for f, face := range lv.Faces {
			if len(face) != 3*st*st {
				return nil, fmt.Errorf("gl: environment level %d face %d holds %d values, want %d", k, f, len(face), 3*st*st)
			}
			for j := range st {
				o := 3 * ((envLevelRow[k]+j)*envAtlasWidth + f*st)
				copy(px[o:o+3*st], face[3*j*st:3*(j+1)*st])
			}
		}
	}
	return px, nil
}

// envTexture is one uploaded environment atlas.
type envTexture struct {
	id       uint32
	sky      uint32 // the map drawn behind the scene (EnvMap.Sky), 0 until a scene asks for it
	lastUsed uint64
}

// envState is the renderer's image-based lighting state, owned by the GL
// thread (as the mesh and texture cache is): the uploaded atlases of the
// prepared maps, keyed by the *shading.EnvMap Renderer.envMaps returns
// (the same pointer for the same contents), and this frame's placement.
type envState struct {
	textures map[*shading.EnvMap]*envTexture
	// This frame's environment: present, its atlas and its light.
	on    bool
	tex   uint32
	light shading.EnvLight
	// sky is this frame's background texture, 0 when the environment is
	// not drawn behind the scene.
	sky uint32
}

// envMap returns the prepared map of s's environment (Renderer.envMaps),
// nil when s has none. It runs on the caller's goroutine.
func (r *Renderer) envMap(s *scene.Scene) *shading.EnvMap {
	if s.Environment == nil {
		return nil
	}
	return r.envMaps.Get(s.Environment)
}

// prepare sets the frame's environment from s and m, the prepared map of
// s.Environment (nil when s has none), uploading the map when it is not
// cached. frame is the renderer's frame counter, for least-recently-used
// eviction.
func (e *envState) prepare(s *scene.Scene, m *shading.EnvMap, frame uint64) error {
	e.on, e.tex, e.sky = false, 0, 0
	if m == nil {
		return nil
	}
	env := s.Environment
	if e.textures == nil {
		e.textures = map[*shading.EnvMap]*envTexture{}
	}
	t, ok := e.textures[m]
	if !ok {
		var err error
		if t, err = uploadEnvAtlas(m); err != nil {
			return fmt.Errorf("environment %q: %w", env.Name, err)
		}
		e.textures[m] = t
	}
	if env.Background && t.sky == 0 {
		var err error
		if t.sky, err = uploadSky(m, env); err != nil {
			return fmt.Errorf("environment %q: %w", env.Name, err)
		}
	}
	t.lastUsed = frame
	e.evict()
	e.on, e.tex = true, t.id
	if env.Background {
		e.sky = t.sky
	}
	e.light = shading.NewEnvLight(m, s.Camera.Pose, env.Rotation, env.Intensity)
	return nil
}

// evict frees the least recently used atlases beyond envCacheSize (an
// atlas whose map the EnvCache has dropped is found no more and ages
// out); a draw still in flight keeps a deleted texture alive until it
// completes, as GL specifies.
func (e *envState) evict() {
	for len(e.textures) > envCacheSize {
		var old *shading.EnvMap
		for m, t := range e.textures {
			if old == nil || t.lastUsed < e.textures[old].lastUsed {
				old = m
			}
		}
		e.textures[old].delete()
		delete(e.textures, old)
	}
}

// release frees every atlas.
func (e *envState) release() {
	for m, t := range e.textures {
		t.delete()
		delete(e.textures, m)
	}
	e.on, e.tex = false, 0
}

// uploadEnvAtlas uploads m's cube levels as a GL_RGB32F atlas, filtered
// bilinearly (GL_LINEAR, one level, clamped to the edge).
func uploadEnvAtlas(m *shading.EnvMap) (*envTexture, error) {
	px, err := envAtlasPixels(m)
	if err != nil {
		return nil, err
	}
	id, err := uploadRGB32F(envAtlasWidth, envAtlasHeight, px, gl.CLAMP_TO_EDGE, "environment atlas")
	if err != nil {
		return nil, err
	}
	return &envTexture{id: id}, nil
}

// setEnvUniforms sets the shading program's environment uniforms for
// this frame and binds the atlas on envUnit.
func (r *Renderer) setEnvUniforms(p *program) {
	e := &r.env
	if !e.on {
		gl.Uniform1i(p.envOn, 0)
		return
	}
	gl.Uniform1i(p.envOn, 1)
	var irr [30]float32
	for i, v := range e.light.Irr {
		irr[3*i], irr[3*i+1], irr[3*i+2] = v.X, v.Y, v.Z
	}
	gl.Uniform3fv(p.envIrr, int32(len(e.light.Irr)), &irr[0])
	// ToMap is row-major; GLSL matrices are column-major, so it is
	// uploaded transposed and the shader computes uEnvToMap * r.
	gl.UniformMatrix3fv(p.envToMap, 1, true, &e.light.ToMap[0])
	gl.Uniform1f(p.envScale, e.light.Scale)
	gl.ActiveTexture(gl.TEXTURE0 + envUnit)
	gl.BindTexture(gl.TEXTURE_2D, e.tex)
	gl.ActiveTexture(gl.TEXTURE0)
}

// delete frees the atlas and the sky texture.
func (t *envTexture) delete() {
	gl.DeleteTextures(1, &t.id)
	if t.sky != 0 {
		gl.DeleteTextures(1, &t.sky)
	}
}

// uploadSky uploads m's sky (EnvMap.Sky of env) as a GL_RGB32F texture,
// bilinear, wrapped in s (azimuth) and clamped in t (the poles), as
// shading.EnvLight.Background samples it.
func uploadSky(m *shading.EnvMap, env *scene.Environment) (uint32, error) {
	w, h, pix := m.Sky(env)
	return uploadRGB32F(w, h, pix, gl.REPEAT, "sky")
}

// uploadRGB32F uploads w×h RGB float32 texels as a GL_RGB32F texture
// with one level, bilinear filtering, wrapS across and clamping to the
// edge down; what names it in errors.
func uploadRGB32F(w, h int, pix []float32, wrapS int32, what string) (uint32, error) {
	var id uint32
	gl.GenTextures(1, &id)
	gl.BindTexture(gl.TEXTURE_2D, id)
	gl.PixelStorei(gl.UNPACK_ALIGNMENT, 4)
	gl.PixelStorei(gl.UNPACK_ROW_LENGTH, 0)
	gl.TexImage2D(gl.TEXTURE_2D, 0, gl.RGB32F, int32(w), int32(h), 0, gl.RGB, gl.FLOAT, gl.Ptr(pix))
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAX_LEVEL, 0)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, wrapS)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE)
	gl.BindTexture(gl.TEXTURE_2D, 0)
	if err := glError(fmt.Sprintf("uploading the %dx%d %s", w, h, what)); err != nil {
		gl.DeleteTextures(1, &id)
		return 0, err
	}
	return id, nil
}

// drawSky fills the bound colour buffer with the environment behind the
// scene (shading.EnvLight.Background) when this frame draws it: one
// triangle over the viewport, no depth test or write, no culling; the caller has
// GL_FRAMEBUFFER_SRGB on and only the colour attachment as draw buffer.
func (r *Renderer) drawSky(c *scene.Camera) {
	e := &r.env
	if e.sky == 0 {
		return
	}
	p := r.progs.sky
	gl.UseProgram(p.id)
	gl.Uniform2f(p.size, float32(c.Width), float32(c.Height))
	mirror := int32(0)
	if r.orient.mirrorY {
		mirror = 1
	}
	gl.Uniform1i(p.mirror, mirror)
	gl.Uniform4f(p.k, float32(c.Fx), float32(c.Fy), float32(c.Cx), float32(c.Cy))
	gl.UniformMatrix3fv(p.toMap, 1, true, &e.light.ToMap[0])
	gl.Uniform1f(p.scale, e.light.Scale)
	gl.ActiveTexture(gl.TEXTURE0)
	gl.BindTexture(gl.TEXTURE_2D, e.sky)
	gl.Disable(gl.DEPTH_TEST)
	gl.Disable(gl.CULL_FACE) // the triangle's winding depends on the orientation; batches set culling themselves
	gl.DepthMask(false)
	gl.BindVertexArray(p.vao)
	gl.DrawArrays(gl.TRIANGLES, 0, 3)
	gl.BindVertexArray(0)
	gl.DepthMask(true)
	gl.BindTexture(gl.TEXTURE_2D, 0)
}
