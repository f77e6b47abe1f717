//go:build gl

package gl

/*
#cgo LDFLAGS: -lEGL
#include <stdlib.h>
#include <string.h>
#include <EGL/egl.h>
#include <EGL/eglext.h>

#ifndef EGL_PLATFORM_DEVICE_EXT
#define EGL_PLATFORM_DEVICE_EXT 0x313F
#endif
#ifndef EGL_PLATFORM_SURFACELESS_MESA
#define EGL_PLATFORM_SURFACELESS_MESA 0x31DD
#endif
#ifndef EGL_DRM_DEVICE_FILE_EXT
#define EGL_DRM_DEVICE_FILE_EXT 0x3233
#endif
#define SK_EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY 0x31BD
#define SK_EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY_EXT 0x3138
#define SK_EGL_LOSE_CONTEXT_ON_RESET 0x31BF
#ifndef EGL_NO_CONFIG_KHR
#define EGL_NO_CONFIG_KHR ((EGLConfig)0)
#endif

typedef EGLDisplay (*skGetPlatformDisplay)(EGLenum, void*, const EGLint*);
typedef EGLBoolean (*skQueryDevices)(EGLint, EGLDeviceEXT*, EGLint*);
typedef const char* (*skQueryDeviceString)(EGLDeviceEXT, EGLint);

static const char* sk_client_extensions(void) {
	const char* s = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
	return s ? s : "";
}

// sk_query_devices fills devs with up to max EGL devices and returns how
// many there are, or -1 when eglQueryDevicesEXT is missing or fails.
static int sk_query_devices(EGLDeviceEXT* devs, int max) {
	skQueryDevices q = (skQueryDevices)eglGetProcAddress("eglQueryDevicesEXT");
	EGLint n = 0;
	if (!q || !q(max, devs, &n)) return -1;
	return (int)n;
}

static const char* sk_device_string(EGLDeviceEXT dev, EGLint name) {
	skQueryDeviceString q = (skQueryDeviceString)eglGetProcAddress("eglQueryDeviceStringEXT");
	const char* s = q ? q(dev, name) : NULL;
	eglGetError(); // a device without the queried string is not an error here
	return s ? s : "";
}

static EGLDisplay sk_platform_display(EGLenum platform, void* native) {
	skGetPlatformDisplay g = (skGetPlatformDisplay)eglGetProcAddress("eglGetPlatformDisplayEXT");
	if (!g) return EGL_NO_DISPLAY;
	return g(platform, native, NULL);
}

static EGLDisplay sk_device_display(EGLDeviceEXT* devs, int i) {
	return sk_platform_display(EGL_PLATFORM_DEVICE_EXT, (void*)devs[i]);
}

static EGLDisplay sk_surfaceless_display(void) {
	return sk_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY);
}

// sk_create initializes dpy, creates an OpenGL core context of at least the
// given version and makes it current without a surface, with reset
// notification when the display accepts it (*robust: 1 via the EGL 1.5
// attribute, 2 via EGL_EXT_create_context_robustness, 0 without). On
// failure it returns the failing step (1..5) and stores eglGetError() in
// *err.
static int sk_create(EGLDisplay dpy, int major, int minor, EGLContext* out, EGLint* err, int* robust) {
	EGLint maj = 0, min = 0;
	*out = EGL_NO_CONTEXT;
	if (!eglInitialize(dpy, &maj, &min)) { *err = eglGetError(); return 1; }
	if (!eglBindAPI(EGL_OPENGL_API)) { *err = eglGetError(); return 2; }
	EGLConfig cfg = EGL_NO_CONFIG_KHR;
	EGLint n = 0;
	const EGLint pbuf[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
	const EGLint any[] = {EGL_SURFACE_TYPE, 0, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
	if (!eglChooseConfig(dpy, pbuf, &cfg, 1, &n) || n < 1) {
		eglGetError();
		if (!eglChooseConfig(dpy, any, &cfg, 1, &n) || n < 1) {
			const char* ext = eglQueryString(dpy, EGL_EXTENSIONS);
			if (!ext || !strstr(ext, "EGL_KHR_no_config_context")) { *err = eglGetError(); return 3; }
			cfg = EGL_NO_CONFIG_KHR;
		}
	}
	// Ask for reset notification (LOSE_CONTEXT_ON_RESET) first: with the
	// EGL 1.5 attribute, then with EGL_EXT_create_context_robustness's,
	// then without; drivers reject what they cannot honour.
	const char* dext = eglQueryString(dpy, EGL_EXTENSIONS);
	EGLContext ctx = EGL_NO_CONTEXT;
	*robust = 0;
	for (int mode = 1; mode <= 3 && ctx == EGL_NO_CONTEXT; mode++) {
		EGLint attrs[16];
		int k = 0;
		attrs[k++] = EGL_CONTEXT_MAJOR_VERSION; attrs[k++] = major;
		attrs[k++] = EGL_CONTEXT_MINOR_VERSION; attrs[k++] = minor;
		attrs[k++] = EGL_CONTEXT_OPENGL_PROFILE_MASK; attrs[k++] = EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT;
		if (mode == 1) {
			if (maj < 1 || (maj == 1 && min < 5)) continue;
			attrs[k++] = SK_EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY; attrs[k++] = SK_EGL_LOSE_CONTEXT_ON_RESET;
		} else if (mode == 2) {
			if (!dext || !strstr(dext, "EGL_EXT_create_context_robustness")) continue;
			attrs[k++] = SK_EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY_EXT; attrs[k++] = SK_EGL_LOSE_CONTEXT_ON_RESET;
		}
		attrs[k++] = EGL_NONE;
		ctx = eglCreateContext(dpy, cfg, EGL_NO_CONTEXT, attrs);
		if (ctx == EGL_NO_CONTEXT) { *err = eglGetError(); } else if (mode < 3) { *robust = mode; }
	}
	if (ctx == EGL_NO_CONTEXT) return 4;
	if (!eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx)) {
		*err = eglGetError();
		eglDestroyContext(dpy, ctx);
		return 5;
	}
	*out = ctx;
	return 0;
}

static void sk_destroy(EGLDisplay dpy, EGLContext ctx) {
	eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
	eglDestroyContext(dpy, ctx);
	eglReleaseThread();
}

static void* sk_proc(const char* name) { return (void*)eglGetProcAddress(name); }
*/
import "C"

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"unsafe"
)

// eglContext is an OpenGL core context made current on the calling thread
// without any surface: rendering goes to framebuffer objects only.
type eglContext struct {
	dpy    C.EGLDisplay
	ctx    C.EGLContext
	desc   string
	robust string // how reset notification was requested; "" when it was not
}

// EGL displays are process-wide: eglGetPlatformDisplayEXT returns the same
// handle for the same device, and eglTerminate on it would destroy every
// context on it, including other Renderers'. This reference count (state that
// EGL forces on us) terminates a display only when its last user closes.
var (
	eglMu   sync.Mutex
	eglRefs = map[C.EGLDisplay]int{}
)

const maxEGLDevices = 32

// newEGL creates a headless context. With device < 0 it tries, in order:
// hardware devices of the EGL device platform (the usual path on NVIDIA
// servers and on Mesa with a render node), Mesa's surfaceless platform,
// then software devices of the device platform (Mesa lists llvmpipe as
// one). With device >= 0 it uses that device of the device platform only.
func newEGL(device int) (*eglContext, error) {
	ext := C.GoString(C.sk_client_extensions())
	if !strings.Contains(ext, "EGL_EXT_platform_base") {
		return nil, errors.New("EGL client lacks EGL_EXT_platform_base (no usable libEGL vendor; install libegl1 and a driver such as libegl-mesa0 or the NVIDIA driver)")
	}
	var tried []string
	var devs [maxEGLDevices]C.EGLDeviceEXT
	n := 0
	switch {
	case !strings.Contains(ext, "EGL_EXT_platform_device"):
		tried = append(tried, "device platform: EGL_EXT_platform_device not offered")
	default:
		if n = int(C.sk_query_devices(&devs[0], maxEGLDevices)); n < 0 {
			tried = append(tried, "device platform: eglQueryDevicesEXT failed")
			n = 0
		} else if n == 0 {
			tried = append(tried, "device platform: no devices")
		}
	}
	if device >= 0 {
		if device >= n {
			return nil, fmt.Errorf("EGL device %d requested, %d present (%s)", device+1, n, strings.Join(tried, "; "))
		}
		return eglOnDevice(&devs, device, n)
	}
	var soft []int
	for i := range n {
		if strings.Contains(C.GoString(C.sk_device_string(devs[i], C.EGL_EXTENSIONS)), "EGL_MESA_device_software") {
			soft = append(soft, i)
			continue
		}
		c, err := eglOnDevice(&devs, i, n)
		if err == nil {
			return c, nil
		}
		tried = append(tried, err.Error())
	}
	if strings.Contains(ext, "EGL_MESA_platform_surfaceless") {
		dpy := C.sk_surfaceless_display()
		if dpy == C.EGLDisplay(C.EGL_NO_DISPLAY) {
			tried = append(tried, "surfaceless platform: eglGetPlatformDisplayEXT failed")
		} else if c, err := eglCreateOn(dpy, "EGL surfaceless (Mesa)"); err == nil {
			return c, nil
		} else {
			tried = append(tried, "surfaceless platform: "+err.Error())
		}
	} else {
		tried = append(tried, "surfaceless platform: EGL_MESA_platform_surfaceless not offered")
	}
	for _, i := range soft {
		c, err := eglOnDevice(&devs, i, n)
		if err == nil {
			return c, nil
		}
		tried = append(tried, err.Error())
	}
	return nil, errors.New(strings.Join(tried, "; "))
}

// eglOnDevice creates a context on device i of the n devices in devs.
func eglOnDevice(devs *[maxEGLDevices]C.EGLDeviceEXT, i, n int) (*eglContext, error) {
	name := C.GoString(C.sk_device_string(devs[i], C.EGL_DRM_DEVICE_FILE_EXT))
	if name == "" {
		name = "no DRM node"
		if strings.Contains(C.GoString(C.sk_device_string(devs[i], C.EGL_EXTENSIONS)), "EGL_MESA_device_software") {
			name = "software"
		}
	}
	desc := fmt.Sprintf("EGL device %d of %d (%s)", i+1, n, name)
	dpy := C.sk_device_display(&devs[0], C.int(i))
	if dpy == C.EGLDisplay(C.EGL_NO_DISPLAY) {
		return nil, errors.New(desc + ": eglGetPlatformDisplayEXT failed")
	}
	return eglCreateOn(dpy, desc)
}

var eglSteps = [...]string{1: "eglInitialize", 2: "eglBindAPI(EGL_OPENGL_API)", 3: "eglChooseConfig", 4: "eglCreateContext(OpenGL 4.1 core)", 5: "eglMakeCurrent(surfaceless)"}

func eglCreateOn(dpy C.EGLDisplay, desc string) (*eglContext, error) {
	eglMu.Lock()
	defer eglMu.Unlock()
	var ctx C.EGLContext
	var code C.EGLint
	var robust C.int
	if step := C.sk_create(dpy, glMajor, glMinor, &ctx, &code, &robust); step != 0 {
		if eglRefs[dpy] == 0 && step > 1 {
			C.eglTerminate(dpy)
		}
		return nil, fmt.Errorf("%s: %s failed: %s", desc, eglSteps[step], eglErrorName(code))
	}
	eglRefs[dpy]++
	how := [...]string{1: "EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY", 2: "EGL_EXT_create_context_robustness"}
	return &eglContext{dpy: dpy, ctx: ctx, desc: desc, robust: how[robust]}, nil
}

func (c *eglContext) describe() string { return c.desc }

func (c *eglContext) robustRequest() string { return c.robust }

func (c *eglContext) procAddr(name string) unsafe.Pointer {
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	return C.sk_proc(cs)
}

func (c *eglContext) destroy() {
	eglMu.Lock()
	defer eglMu.Unlock()
	C.sk_destroy(c.dpy, c.ctx)
	eglRefs[c.dpy]--
	if eglRefs[c.dpy] <= 0 {
		delete(eglRefs, c.dpy)
		C.eglTerminate(c.dpy)
	}
}

func eglErrorName(code C.EGLint) string {
	names := map[C.EGLint]string{
		C.EGL_NOT_INITIALIZED:     "EGL_NOT_INITIALIZED",
		C.EGL_BAD_ACCESS:          "EGL_BAD_ACCESS",
		C.EGL_BAD_ALLOC:           "EGL_BAD_ALLOC",
		C.EGL_BAD_ATTRIBUTE:       "EGL_BAD_ATTRIBUTE",
		C.EGL_BAD_CONFIG:          "EGL_BAD_CONFIG",
		C.EGL_BAD_CONTEXT:         "EGL_BAD_CONTEXT",
		C.EGL_BAD_CURRENT_SURFACE: "EGL_BAD_CURRENT_SURFACE",
		C.EGL_BAD_DISPLAY:         "EGL_BAD_DISPLAY",
		C.EGL_BAD_MATCH:           "EGL_BAD_MATCH",
		C.EGL_BAD_PARAMETER:       "EGL_BAD_PARAMETER",
		C.EGL_BAD_SURFACE:         "EGL_BAD_SURFACE",
	}
	if s, ok := names[code]; ok {
		return s
	}
	return fmt.Sprintf("EGL error 0x%04x", int(code))
}
