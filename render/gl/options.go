//go:build gl

package gl

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/synthkit/synthkit/render/shading"
)

// Context provider names accepted by Options.Context.
const (
	ContextAuto = "auto" // EGL first, then GLFW where a display exists
	ContextEGL  = "egl"  // EGL device platform, then Mesa surfaceless
	ContextGLFW = "glfw" // a hidden GLFW window (needs DISPLAY or WAYLAND_DISPLAY)
)

// Where the post-effects run, accepted by Options.Post.
const (
	// PostAuto runs them on the GPU, but on the CPU (render.ApplyPost,
	// left to the caller) when the context is a software rasteriser (Mesa
	// llvmpipe or softpipe): there the shaders run on the CPU too, slower
	// than the Go code.
	PostAuto = "auto"
	PostGPU  = "gpu" // always as shaders
	PostCPU  = "cpu" // never: the caller runs render.ApplyPost, as for render/soft
)

// DefaultCacheBytes is the GPU memory budget for cached meshes and textures
// when Options.CacheBytes is zero.
const DefaultCacheBytes = 1 << 30

// Options configure New. The zero value is valid: automatic context choice,
// no multisampling, a 1 GiB cache.
type Options struct {
	// Context picks the context provider: "" or "auto", "egl" or "glfw".
	Context string
	// EGLDevice selects an EGL device by its 1-based position in the list
	// eglQueryDevicesEXT returns (for multi-GPU nodes); 0 picks the first
	// that works, hardware devices before Mesa's software device.
	EGLDevice int
	// MSAA is the number of multisampling samples per pixel for the colour
	// image (GL MSAA, at most Info.MaxMSAA); 0 or 1 turns multisampling
	// off. Instance ids, depth, normals and silhouettes always come from a
	// single sample at each pixel centre.
	MSAA int
	// CacheBytes bounds the GPU memory kept for meshes and textures between
	// renders (least recently used entries go first once a render ends above
	// it); 0 means DefaultCacheBytes. Everything one scene needs is kept for
	// that render even when it exceeds the budget.
	CacheBytes int64
	// ShadowMapSize is the side, in texels, of the shadow map of each
	// directional light with CastShadows (see package render/shading,
	// "Shadows"); 0 means shading.DefaultShadowMapSize. Use the same value
	// as render/soft's Options.ShadowMapSize for matching images.
	ShadowMapSize int
	// SkipNormals leaves every frame's Normals zero and skips their
	// readback (RGB32F, half of the bytes a frame reads back), for callers
	// that never read them. Everything else in the frame is unchanged.
	SkipNormals bool
	// Post says where the scene's post-effects (scene.Post) run: "" or
	// PostAuto, PostGPU or PostCPU. On the GPU the renderer runs them as
	// shaders (package documentation, "Post-effects") and records the
	// stages it ran in Frame.PostApplied; on the CPU it leaves them to the
	// caller's render.ApplyPost. Info.PostOnGPU says which was chosen.
	Post string
	// Environments is the cache of prepared environment maps the renderer
	// uses (shared with other renderers, soft or GL, when set); nil gives
	// it its own of envCacheSize maps. Each renderer uploads its own
	// textures of them.
	Environments *shading.EnvCache
}

func (o Options) withDefaults() (Options, error) {
	var err error
	if o.Context, err = oneOf("context provider", o.Context, ContextAuto, ContextEGL, ContextGLFW); err != nil {
		return o, err
	}
	if o.Post, err = oneOf("post-effects mode", o.Post, PostAuto, PostGPU, PostCPU); err != nil {
		return o, err
	}
	if o.EGLDevice < 0 {
		return o, fmt.Errorf("gl: EGLDevice %d: want 0 (automatic) or a 1-based device number", o.EGLDevice)
	}
	if o.EGLDevice > 0 && o.Context == ContextGLFW {
		return o, fmt.Errorf("gl: EGLDevice %d set with the GLFW context provider", o.EGLDevice)
	}
	if o.MSAA < 0 || o.MSAA > 64 {
		return o, fmt.Errorf("gl: MSAA %d: want 0..64", o.MSAA)
	}
	if o.MSAA == 1 {
		o.MSAA = 0
	}
	if o.CacheBytes < 0 {
		return o, fmt.Errorf("gl: CacheBytes %d is negative", o.CacheBytes)
	}
	if o.ShadowMapSize < 0 || o.ShadowMapSize > shading.MaxShadowMapSize {
		return o, fmt.Errorf("gl: ShadowMapSize %d: want 0..%d", o.ShadowMapSize, shading.MaxShadowMapSize)
	}
	if o.CacheBytes == 0 {
		o.CacheBytes = DefaultCacheBytes
	}
	return o, nil
}

// oneOf returns v trimmed and lower-cased, def (the first of names) for
// "", or an error naming what v is when it is none of names.
func oneOf(what, v string, names ...string) (string, error) {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "" {
		return names[0], nil
	}
	if slices.Contains(names, v) {
		return v, nil
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = strconv.Quote(n)
	}
	return v, fmt.Errorf("gl: unknown %s %q (want %s or %s)", what, v, strings.Join(quoted[:len(quoted)-1], ", "), quoted[len(quoted)-1])
}

// Info describes the context a Renderer runs on.
type Info struct {
	// Provider says how the context was made, e.g. "EGL surfaceless (Mesa)"
	// or "GLFW hidden window on X11 display :99".
	Provider string
	// Vendor, Renderer and Version are the GL_VENDOR, GL_RENDERER and
	// GL_VERSION strings.
	Vendor, Renderer, Version string
	// MaxMSAA is GL_MAX_SAMPLES; Options.MSAA may not exceed it.
	MaxMSAA int
	// MaxSize is the largest image or texture side the context accepts.
	MaxSize int
	// Orientation names the clip-space set-up chosen at start-up (see the
	// package documentation, "Projection").
	Orientation string
	// FillRuleExact reports whether start-up calibration found the top-left
	// fill rule reproduced exactly at pixel centres lying on edges. When
	// false, ids still follow a consistent rule (no shared edge is drawn
	// twice or missed) but ties may go to the other side than in render/soft.
	FillRuleExact bool
	// RobustRequest says how the provider asked for a context with reset
	// notification (GL_LOSE_CONTEXT_ON_RESET), e.g.
	// "EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY" or
	// "GLFW_LOSE_CONTEXT_ON_RESET"; "" when it could not ask or the driver
	// refused. GLFW drops the hint silently where GLX or EGL lacks the
	// robustness extension, so ResetNotification says what was obtained.
	RobustRequest string
	// ResetNotification reports that the context has reset notification:
	// GL_RESET_NOTIFICATION_STRATEGY is GL_LOSE_CONTEXT_ON_RESET, so a GPU
	// reset is reported rather than undefined.
	ResetNotification bool
	// PostOnGPU reports that the post-effects run as shaders (Options.Post;
	// with PostAuto, false on a software rasteriser).
	PostOnGPU bool
	// ResetQuery names the function that reports context loss
	// (glGetGraphicsResetStatus, or its KHR or ARB variant), checked after
	// every render; "" when the context has none, and only GL_CONTEXT_LOST
	// errors reveal a loss.
	ResetQuery string
}
