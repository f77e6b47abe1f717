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

// lightsBinding is the uniform-buffer binding point of the Lights block.
const lightsBinding = 0

// program is a linked shader program with the uniform locations the
// renderer sets.
type program struct {
	id uint32
	// uniform locations; -1 where the program lacks the uniform
	proj, textured, texture, ambient, numLights                     int32
	alphaMode, cutoff                                               int32
	texMask, normalScale, occlusion, vertexTangents                 int32
	numShadows, shadowMaps, shadowX, shadowY, shadowZ, shadowParams int32
	envOn, envIrr, envToMap, envScale                               int32
}

// programs holds the programs a renderer uses.
type programs struct {
	shade  *program // colour and labels
	labels *program // labels only (next to a multisampled colour pass)
	sil    *program // silhouette coverage
	sky    *skyProgram
}

// skyProgram draws the environment behind the scene (drawSky).
type skyProgram struct {
	id                            uint32
	size, mirror, k, toMap, scale int32
	vao                           uint32 // empty: the vertices come from gl_VertexID
}

func newSkyProgram() (*skyProgram, error) {
	header := "#version 410 core\n"
	p, err := linkProgram("sky", header+skyVertexShader, header+skyFragmentShader)
	if err != nil {
		return nil, err
	}
	loc := func(u string) int32 { return gl.GetUniformLocation(p.id, gl.Str(u+"\x00")) }
	sp := &skyProgram{id: p.id, size: loc("uSize"), mirror: loc("uMirrorY"), k: loc("uK"), toMap: loc("uSkyToMap"), scale: loc("uSkyScale")}
	gl.UseProgram(sp.id)
	gl.Uniform1i(loc("uSky"), 0)
	gl.UseProgram(0)
	gl.GenVertexArrays(1, &sp.vao)
	return sp, nil
}

func (p *skyProgram) delete() {
	if p != nil && p.id != 0 {
		gl.DeleteProgram(p.id)
		gl.DeleteVertexArrays(1, &p.vao)
		p.id = 0
	}
}

func newPrograms() (*programs, error) {
	header := "#version 410 core\n" + shaderDefines()
	frag := strings.Replace(fragmentShader, "ALPHA_TEST", alphaTest, 1)
	shade, err := linkProgram("shade", vertexShader, header+"#define SHADE\n"+frag)
	if err != nil {
		return nil, err
	}
	labels, err := linkProgram("labels", vertexShader, header+frag)
	if err != nil {
		shade.delete()
		return nil, err
	}
	sil, err := linkProgram("silhouette", vertexShader, header+strings.Replace(silhouetteFragmentShader, "ALPHA_TEST", alphaTest, 1))
	if err != nil {
		shade.delete()
		labels.delete()
		return nil, err
	}
	sky, err := newSkyProgram()
	if err != nil {
		shade.delete()
		labels.delete()
		sil.delete()
		return nil, err
	}
	if idx := gl.GetUniformBlockIndex(shade.id, gl.Str("Lights\x00")); idx != gl.INVALID_INDEX {
		gl.UniformBlockBinding(shade.id, idx, lightsBinding)
	}
	for _, p := range []*program{labels, sil} {
		gl.UseProgram(p.id)
		gl.Uniform1i(p.texture, 0)
	}
	gl.UseProgram(shade.id)
	gl.Uniform1i(shade.texture, 0)
	gl.Uniform1i(shade.shadowMaps, shadowUnit)
	gl.Uniform1i(gl.GetUniformLocation(shade.id, gl.Str("uEnvMap\x00")), envUnit)
	for slot, name := range []string{"", "uMetalRoughTex", "uNormalTex", "uOcclusionTex", "uEmissiveTex"} {
		if name != "" {
			gl.Uniform1i(gl.GetUniformLocation(shade.id, gl.Str(name+"\x00")), texUnits[slot])
		}
	}
	gl.UseProgram(0)
	return &programs{shade: shade, labels: labels, sil: sil, sky: sky}, glError("linking shaders")
}

// shaderDefines returns the #define lines that give the fragment shader the
// shading model's constants from package render/shading, and the sizes of
// its uniform arrays, so that each constant is written once, in Go.
func shaderDefines() string {
	var b strings.Builder
	for _, d := range append([]struct {
		name, value string
	}{
		{"MAX_LIGHTS", strconv.Itoa(maxLights)},
		{"MAX_SHADOWS", strconv.Itoa(maxShadows)},
		{"DIELECTRIC_F0", glslFloat(shading.DielectricF0)},
		{"MIN_ALPHA", glslFloat(shading.MinAlpha)},
		{"TEX_METAL_ROUGH", strconv.Itoa(1 << 1)},
		{"TEX_NORMAL", strconv.Itoa(1 << 2)},
		{"TEX_OCCLUSION", strconv.Itoa(1 << 3)},
		{"TEX_EMISSIVE", strconv.Itoa(1 << 4)},
		{"LOBE_NORM_OFFSET", glslFloat(shading.LobeNormOffset)},
		{"LOBE_NORM_SCALE", glslFloat(shading.LobeNormScale)},
		{"PCF_RADIUS", strconv.Itoa(shading.PCFRadius)},
		{"PCF_TAPS", glslFloat(shading.PCFTaps)},
		{"ALPHA_OPAQUE", strconv.Itoa(int(scene.AlphaOpaque))},
		{"ALPHA_MASK", strconv.Itoa(int(scene.AlphaMask))},
		{"ALPHA_BLEND", strconv.Itoa(int(scene.AlphaBlend))},
	}, envDefines()...) {
		fmt.Fprintf(&b, "#define %s %s\n", d.name, d.value)
	}
	return b.String()
}

// glslFloat writes v as a GLSL float literal that parses to float32(v).
func glslFloat(v float64) string {
	s := strconv.FormatFloat(float64(float32(v)), 'g', -1, 32)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

func (p *programs) delete() {
	for _, q := range []*program{p.shade, p.labels, p.sil} {
		q.delete()
	}
	p.sky.delete()
}

func (p *program) delete() {
	if p != nil && p.id != 0 {
		gl.DeleteProgram(p.id)
		p.id = 0
	}
}

func linkProgram(name, vs, fs string) (*program, error) {
	v, err := compileShader(name+" vertex", gl.VERTEX_SHADER, vs)
	if err != nil {
		return nil, err
	}
	defer gl.DeleteShader(v)
	f, err := compileShader(name+" fragment", gl.FRAGMENT_SHADER, fs)
	if err != nil {
		return nil, err
	}
	defer gl.DeleteShader(f)
	id := gl.CreateProgram()
	gl.AttachShader(id, v)
	gl.AttachShader(id, f)
	gl.LinkProgram(id)
	var ok int32
	gl.GetProgramiv(id, gl.LINK_STATUS, &ok)
	if ok == gl.FALSE {
		log := programLog(id)
		gl.DeleteProgram(id)
		return nil, fmt.Errorf("gl: linking the %s program: %s", name, log)
	}
	loc := func(u string) int32 { return gl.GetUniformLocation(id, gl.Str(u+"\x00")) }
	return &program{
		id: id, proj: loc("uProj"), textured: loc("uTextured"), texture: loc("uTexture"),
		ambient: loc("uAmbient"), numLights: loc("uNumLights"),
		alphaMode: loc("uAlphaMode"), cutoff: loc("uCutoff"),
		texMask: loc("uTexMask"), normalScale: loc("uNormalScale"), occlusion: loc("uOcclusionStrength"),
		vertexTangents: loc("uVertexTangents"),
		numShadows:     loc("uNumShadows"), shadowMaps: loc("uShadowMaps"),
		shadowX: loc("uShadowX"), shadowY: loc("uShadowY"), shadowZ: loc("uShadowZ"), shadowParams: loc("uShadowParams"),
		envOn: loc("uEnvOn"), envIrr: loc("uEnvIrr"), envToMap: loc("uEnvToMap"), envScale: loc("uEnvScale"),
	}, nil
}

func compileShader(name string, kind uint32, src string) (uint32, error) {
	id := gl.CreateShader(kind)
	csrc, free := gl.Strs(src + "\x00")
	gl.ShaderSource(id, 1, csrc, nil)
	free()
	gl.CompileShader(id)
	var ok int32
	gl.GetShaderiv(id, gl.COMPILE_STATUS, &ok)
	if ok == gl.FALSE {
		var n int32
		gl.GetShaderiv(id, gl.INFO_LOG_LENGTH, &n)
		log := make([]byte, max(n, 1))
		gl.GetShaderInfoLog(id, n, nil, &log[0])
		gl.DeleteShader(id)
		return 0, fmt.Errorf("gl: compiling the %s shader: %s", name, strings.TrimRight(string(log), "\x00\n"))
	}
	return id, nil
}

func programLog(id uint32) string {
	var n int32
	gl.GetProgramiv(id, gl.INFO_LOG_LENGTH, &n)
	log := make([]byte, max(n, 1))
	gl.GetProgramInfoLog(id, n, nil, &log[0])
	return strings.TrimRight(string(log), "\x00\n")
}
