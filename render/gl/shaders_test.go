//go:build gl

package gl

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/render/shading"
)

// TestShaderDefines checks that the shading model's constants reach the
// fragment shader from package render/shading as #defines, parsing back to
// the same values, and that the GLSL spells none of them as a literal.
func TestShaderDefines(t *testing.T) {
	defs := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(shaderDefines()), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 || f[0] != "#define" {
			t.Fatalf("bad line %q", line)
		}
		defs[f[1]] = f[2]
	}
	for _, c := range []struct {
		name string
		want float64
	}{
		{"DIELECTRIC_F0", shading.DielectricF0},
		{"LOBE_NORM_OFFSET", shading.LobeNormOffset},
		{"LOBE_NORM_SCALE", shading.LobeNormScale},
		{"PCF_RADIUS", shading.PCFRadius},
		{"PCF_TAPS", shading.PCFTaps},
		{"MAX_SHADOWS", shading.MaxShadowMaps},
		{"MAX_LIGHTS", maxLights},
		{"ENV_LEVELS", shading.EnvLevels},
		{"ENV_FACE_SIZE", shading.EnvFaceSize},
		{"ENV_ATLAS_WIDTH", float64(envAtlasWidth)},
		{"ENV_ATLAS_HEIGHT", float64(envAtlasHeight)},
	} {
		v, ok := defs[c.name]
		if !ok {
			t.Errorf("%s is not defined", c.name)
			continue
		}
		got, err := strconv.ParseFloat(v, 32)
		if err != nil || float32(got) != float32(c.want) {
			t.Errorf("%s = %q, want %v", c.name, v, c.want)
		}
		if !strings.Contains(fragmentShader, c.name) {
			t.Errorf("the fragment shader does not use %s", c.name)
		}
	}
	if want := "int[ENV_LEVELS](" + strings.Trim(strings.Join(strings.Fields(fmt.Sprint(envLevelRow)), ","), "[]") + ")"; defs["ENV_LEVEL_ROWS"] != want {
		t.Errorf("ENV_LEVEL_ROWS = %q, want %q", defs["ENV_LEVEL_ROWS"], want)
	}
	// No model constant written out in the GLSL itself. envBRDF is left
	// out: it spells Karis's fit as shading.EnvBRDF does (its −0.04 is a
	// coefficient of the fit, not DielectricF0).
	src := fragmentShader
	if i, j := strings.Index(src, "vec2 envBRDF("), strings.Index(src, "vec3 shade("); i < 0 || j < i {
		t.Fatal("the fragment shader lacks envBRDF or shade")
	} else {
		src = src[:i] + src[j:]
	}
	for _, lit := range []string{`0\.04\b`, `0\.03\b`, `\b9\.0\b`, `\b8\.0\b`, `\biy [-+] 1\b`, `\b2\.0 \* x`, `\b128\b`, `\b130\b`} {
		if regexp.MustCompile(lit).MatchString(src) {
			t.Errorf("the fragment shader spells a shading constant as %s", lit)
		}
	}
	if got := glslFloat(8); got != "8.0" {
		t.Errorf("glslFloat(8) = %q", got)
	}
	if got := glslFloat(1e-7); got != "1e-07" {
		t.Errorf("glslFloat(1e-7) = %q", got)
	}
}
