//go:build gl

package gl

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"unsafe"

	"github.com/go-gl/glfw/v3.3/glfw"
)

// GLFW is a process-wide library: glfwInit and glfwTerminate act on global
// state, and glfwTerminate destroys every window. These two variables (state
// that GLFW forces on us) count the Renderers holding a GLFW window so that
// the library is terminated only when the last one closes, and serialise the
// GLFW calls that touch global state.
var (
	glfwMu    sync.Mutex
	glfwUsers int
)

// glfwContext is an OpenGL core context owned by a hidden 1×1 GLFW window;
// rendering goes to framebuffer objects only.
type glfwContext struct {
	win    *glfw.Window
	desc   string
	robust string // how reset notification was requested; "" when it was not
}

// haveDisplay reports whether a window system is reachable by environment:
// glfw.Init without one only logs an error, and later calls would panic.
func haveDisplay() (string, bool) {
	if d := os.Getenv("DISPLAY"); d != "" {
		return "X11 display " + d, true
	}
	if d := os.Getenv("WAYLAND_DISPLAY"); d != "" {
		return "Wayland display " + d, true
	}
	return "", false
}

// newGLFW creates a hidden window with an OpenGL 4.1+ core context and makes
// it current on the calling thread. The go-gl binding panics on GLFW errors
// it does not expect (for example when glfwInit failed on a broken display);
// those panics are recovered here and returned as errors.
func newGLFW(visible bool, width, height int) (c *glfwContext, err error) {
	where, ok := haveDisplay()
	if !ok {
		return nil, errors.New("no window system: neither DISPLAY nor WAYLAND_DISPLAY is set (run under xvfb-run, or use EGL)")
	}
	glfwMu.Lock()
	defer glfwMu.Unlock()
	initialised := false
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(*glfw.Error); ok && e.Code.String() == "NotInitialized" {
				err = fmt.Errorf("GLFW on %s: initialisation failed (is the display reachable?): %v", where, r)
			} else {
				err = fmt.Errorf("GLFW on %s: %v", where, r)
			}
			c = nil
		}
		if err != nil && initialised && glfwUsers == 0 {
			glfw.Terminate()
		}
	}()
	if err := glfw.Init(); err != nil {
		return nil, fmt.Errorf("GLFW on %s: init: %w", where, err)
	}
	initialised = true
	glfw.DefaultWindowHints()
	if !visible {
		glfw.WindowHint(glfw.Visible, glfw.False)
	}
	glfw.WindowHint(glfw.ClientAPI, glfw.OpenGLAPI)
	glfw.WindowHint(glfw.ContextVersionMajor, glMajor)
	glfw.WindowHint(glfw.ContextVersionMinor, glMinor)
	glfw.WindowHint(glfw.OpenGLProfile, glfw.OpenGLCoreProfile)
	glfw.WindowHint(glfw.OpenGLForwardCompatible, glfw.True)
	// Ask for reset notification first; GLFW ignores the hint where GLX or
	// EGL lacks the robustness extension, and a driver that refuses it gets
	// a second try without.
	glfw.WindowHint(glfw.ContextRobustness, glfw.LoseContextOnReset)
	robust := "GLFW_LOSE_CONTEXT_ON_RESET"
	win, err := glfw.CreateWindow(max(width, 1), max(height, 1), "synthkit", nil, nil)
	if err != nil || win == nil {
		glfw.WindowHint(glfw.ContextRobustness, glfw.NoRobustness)
		robust = ""
		win, err = glfw.CreateWindow(max(width, 1), max(height, 1), "synthkit", nil, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("GLFW on %s: create window: %w", where, err)
	}
	if win == nil {
		return nil, fmt.Errorf("GLFW on %s: create window failed (is GLFW initialised? see the log above)", where)
	}
	win.MakeContextCurrent()
	glfwUsers++
	return &glfwContext{win: win, desc: "GLFW hidden window on " + where, robust: robust}, nil
}

func (c *glfwContext) describe() string { return c.desc }

func (c *glfwContext) robustRequest() string { return c.robust }

func (c *glfwContext) procAddr(name string) unsafe.Pointer { return glfw.GetProcAddress(name) }

func (c *glfwContext) destroy() {
	glfwMu.Lock()
	defer glfwMu.Unlock()
	defer func() { _ = recover() }() // teardown errors are not actionable
	glfwUsers--
	last := glfwUsers == 0
	glfw.DetachCurrentContext()
	c.win.Destroy()
	if last {
		glfw.Terminate()
	}
}
