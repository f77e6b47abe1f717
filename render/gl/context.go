//go:build gl

package gl

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"unsafe"

	"github.com/go-gl/gl/v4.1-core/gl"
)

// The context we ask for. Everything the renderer uses beyond 4.1 core
// (glClipControl, base-instance draws) is checked for separately.
const (
	glMajor = 4
	glMinor = 1
)

// glContext is a current OpenGL context owned by a provider.
type glContext interface {
	describe() string
	// robustRequest names how reset notification (LOSE_CONTEXT_ON_RESET)
	// was requested at creation, or is "" when the provider could not ask.
	robustRequest() string
	procAddr(name string) unsafe.Pointer
	destroy()
}

// ErrNoContext is wrapped by the error New returns when no provider could
// create an OpenGL context.
var ErrNoContext = errors.New("gl: no OpenGL context")

// ErrUnsupported is wrapped by the error New returns when a context exists
// but lacks something the renderer needs (a version, an extension, a size).
var ErrUnsupported = errors.New("gl: unsupported OpenGL context")

// ErrContextLost is wrapped by the error of the render (or Submit, or
// Collect) during which the context was lost: a GPU reset, a driver
// restart, a device removal, reported by glGetGraphicsResetStatus or by a
// GL_CONTEXT_LOST error. A Renderer whose context is lost refuses every
// later call with an error wrapping ErrContextLost; Close still works. A
// worker should close it and create a new Renderer.
var ErrContextLost = errors.New("gl: OpenGL context lost")

// openContext creates a context per o.Context and makes it current on the
// calling thread. "auto" tries EGL first (headless, needs no window system,
// and the right path on GPU servers), then GLFW when a display is set.
func openContext(o Options) (glContext, error) {
	var errs []string
	tryEGL := func() glContext {
		c, err := newEGL(o.EGLDevice - 1)
		if err != nil {
			errs = append(errs, "EGL: "+err.Error())
			return nil
		}
		return c
	}
	tryGLFW := func() glContext {
		c, err := newGLFW(false, 1, 1)
		if err != nil {
			errs = append(errs, "GLFW: "+err.Error())
			return nil
		}
		return c
	}
	var c glContext
	switch o.Context {
	case ContextEGL:
		c = tryEGL()
	case ContextGLFW:
		c = tryGLFW()
	default:
		if c = tryEGL(); c == nil {
			c = tryGLFW()
		}
	}
	if c == nil {
		return nil, fmt.Errorf("%w (provider %q): %s", ErrNoContext, o.Context, strings.Join(errs, "; "))
	}
	return c, nil
}

// go-gl/gl keeps its function pointers in package variables, so loading
// them is process-wide state that the binding forces on us. They are
// loaded once, from the first context. Both libEGL and libGLX of the
// vendor-neutral dispatch library (glvnd, used by Mesa and current NVIDIA
// drivers) hand out the same dispatching entry points, which route each call
// to whichever context is current on the calling thread, so one table serves
// every context and provider in the process.
var (
	loadMu sync.Mutex
	loaded bool
)

func loadGL(c glContext) error {
	loadMu.Lock()
	defer loadMu.Unlock()
	if loaded {
		return nil
	}
	if err := gl.InitWithProcAddrFunc(c.procAddr); err != nil {
		return fmt.Errorf("gl: loading OpenGL functions via %s: missing %w", c.describe(), err)
	}
	loaded = true
	return nil
}

// capabilities is what the renderer needs from the context beyond 4.1 core.
type capabilities struct {
	vendor, renderer, version string
	major, minor              int
	exts                      map[string]bool
	maxSamples, maxSize       int
	maxViewport               [2]int
	maxUBO                    int
}

func queryCapabilities() (capabilities, error) {
	var c capabilities
	c.vendor = gl.GoStr(gl.GetString(gl.VENDOR))
	c.renderer = gl.GoStr(gl.GetString(gl.RENDERER))
	c.version = gl.GoStr(gl.GetString(gl.VERSION))
	var v int32
	gl.GetIntegerv(gl.MAJOR_VERSION, &v)
	c.major = int(v)
	gl.GetIntegerv(gl.MINOR_VERSION, &v)
	c.minor = int(v)
	c.exts = map[string]bool{}
	var n int32
	gl.GetIntegerv(gl.NUM_EXTENSIONS, &n)
	for i := range uint32(max(n, 0)) {
		c.exts[gl.GoStr(gl.GetStringi(gl.EXTENSIONS, i))] = true
	}
	at := func(major, minor int) bool { return c.major > major || c.major == major && c.minor >= minor }
	if !at(4, 1) {
		return c, fmt.Errorf("%w: OpenGL %d.%d (%s), need 4.1 core", ErrUnsupported, c.major, c.minor, c.version)
	}
	if !at(4, 5) && !c.exts["GL_ARB_clip_control"] {
		return c, fmt.Errorf("%w: %s (OpenGL %s) lacks glClipControl (OpenGL 4.5 or GL_ARB_clip_control), needed for reversed depth", ErrUnsupported, c.renderer, c.version)
	}
	if !at(4, 2) && !c.exts["GL_ARB_base_instance"] {
		return c, fmt.Errorf("%w: %s (OpenGL %s) lacks base-instance draws (OpenGL 4.2 or GL_ARB_base_instance)", ErrUnsupported, c.renderer, c.version)
	}
	gl.GetIntegerv(gl.MAX_SAMPLES, &v)
	c.maxSamples = int(v)
	size := int32(1 << 30)
	for _, p := range []uint32{gl.MAX_TEXTURE_SIZE, gl.MAX_RENDERBUFFER_SIZE} {
		gl.GetIntegerv(p, &v)
		size = min(size, v)
	}
	var vp [2]int32
	gl.GetIntegerv(gl.MAX_VIEWPORT_DIMS, &vp[0])
	c.maxViewport = [2]int{int(vp[0]), int(vp[1])}
	c.maxSize = int(min(size, vp[0], vp[1]))
	gl.GetIntegerv(gl.MAX_UNIFORM_BLOCK_SIZE, &v)
	c.maxUBO = int(v)
	return c, glError("querying capabilities")
}

// glError returns an error naming every pending GL error, or nil.
func glError(where string) error {
	var names []string
	lost := false
	for range 16 { // bounded: a lost context may report errors forever
		e := gl.GetError()
		if e == gl.NO_ERROR {
			break
		}
		lost = lost || e == gl.CONTEXT_LOST
		names = append(names, glErrorName(e))
	}
	if len(names) == 0 {
		return nil
	}
	if lost {
		return fmt.Errorf("%w: %s: %s", ErrContextLost, where, strings.Join(names, ", "))
	}
	return fmt.Errorf("gl: %s: %s", where, strings.Join(names, ", "))
}

func glErrorName(e uint32) string {
	switch e {
	case gl.INVALID_ENUM:
		return "GL_INVALID_ENUM"
	case gl.INVALID_VALUE:
		return "GL_INVALID_VALUE"
	case gl.INVALID_OPERATION:
		return "GL_INVALID_OPERATION"
	case gl.INVALID_FRAMEBUFFER_OPERATION:
		return "GL_INVALID_FRAMEBUFFER_OPERATION"
	case gl.OUT_OF_MEMORY:
		return "GL_OUT_OF_MEMORY"
	case gl.STACK_OVERFLOW:
		return "GL_STACK_OVERFLOW"
	case gl.STACK_UNDERFLOW:
		return "GL_STACK_UNDERFLOW"
	case gl.CONTEXT_LOST:
		return "GL_CONTEXT_LOST"
	}
	return fmt.Sprintf("GL error 0x%04x", e)
}
